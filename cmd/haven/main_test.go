package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/migrations"
)

// run executes the haven command in process, as a shell would.
func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	cmd := newRootCommand()
	var out, errb bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetOut(&out)
	cmd.SetErr(&errb)
	err = cmd.ExecuteContext(context.Background())
	return out.String(), errb.String(), err
}

// databases gives the --database flags of a fresh SQLite and PostgreSQL database.
func databases(t *testing.T) map[string][]string {
	return map[string][]string{
		"sqlite":   {"--data-dir", t.TempDir(), "--database", ""},
		"postgres": {"--database", ""}, // filled in the subtest, which may skip
	}
}

func TestCommandsOnBothDatabases(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				db = []string{"--database", dbtest.EmptyPostgresSchema(t)}
			}
			with := func(args ...string) []string { return append(append([]string{}, args...), db...) }

			all, _ := migrations.List("sqlite")
			out, _, err := run(t, "", with("migrate", "status")...)
			if err != nil || strings.Count(out, "pending") != len(all) {
				t.Errorf("migrate status on an empty database: %v\n%s", err, out)
			}
			if _, _, err := run(t, "", with("migrate", "up")...); err != nil {
				t.Fatal(err)
			}
			out, _, err = run(t, "", with("migrate", "status")...)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(out, "pending") || strings.Count(out, "\n") != len(all)+1 {
				t.Errorf("migrate status: every migration should be applied:\n%s", out)
			}

			out, _, err = run(t, "a long admin password\n", with("user", "create", "--email", "Admin@Example.org", "--role", "admin", "--password-stdin")...)
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`^[0-9a-f-]{36}\n$`).MatchString(out) {
				t.Errorf("user create printed %q, want the ID alone", out)
			}

			_, _, err = run(t, "", with("user", "create", "--email", "bad", "--role", "king", "--countries", "ZZ")...)
			if err == nil {
				t.Error("user create with bad input succeeded")
			} else if !strings.Contains(err.Error(), "email") || !strings.Contains(err.Error(), "role") || !strings.Contains(err.Error(), "countries") {
				t.Errorf("error names not every bad field: %v", err)
			}

			if _, _, err := run(t, "", with("user", "create", "--email", "ed@example.org", "--role", "editor", "--countries", "th,kh", "--grant", "confidential")...); err != nil {
				t.Fatal(err)
			}
			if _, _, err := run(t, "", with("user", "set-role", "--email", "ed@example.org", "--role", "researcher", "--grant", "")...); err != nil {
				t.Fatal(err)
			}
			out, _, err = run(t, "", with("user", "list")...)
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`ed@example.org\s+researcher\s+KH,TH\s+-\s+false`).MatchString(out) ||
				!strings.Contains(out, "admin@example.org") {
				t.Errorf("user list:\n%s", out)
			}

			token, _, err := run(t, "", with("token", "create", "--email", "ed@example.org", "--name", "R")...)
			if err != nil {
				t.Fatal(err)
			}
			token = strings.TrimSpace(token)
			if !strings.HasPrefix(token, "hvn_") || strings.Contains(token, "\n") {
				t.Errorf("token create printed %q, want the token alone", token)
			}
			if _, _, err := run(t, "", with("token", "revoke", "--email", "ed@example.org", "--token", token[:10])...); err != nil {
				t.Errorf("revoke by prefix: %v", err)
			}
			if _, _, err := run(t, "", with("token", "revoke", "--email", "ed@example.org", "--token", "hvn_nothing")...); err == nil {
				t.Error("revoking an unknown token succeeded")
			}
		})
	}
}

func TestDemoLoadsOnce(t *testing.T) {
	dir := t.TempDir()
	_, stderr, err := run(t, "", "demo", "--data-dir", dir, "--database", "")
	if err != nil || !strings.Contains(stderr, "demo dataset loaded") {
		t.Fatalf("demo: %v\n%s", err, stderr)
	}
	_, stderr, err = run(t, "", "demo", "--data-dir", dir, "--database", "")
	if err != nil || !strings.Contains(stderr, "loaded already") {
		t.Fatalf("second demo: %v\n%s", err, stderr)
	}
	if _, err := filepath.Glob(filepath.Join(dir, "haven.db")); err != nil {
		t.Fatal(err)
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	var paths [][]string
	for _, c := range newRootCommand().Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		paths = append(paths, []string{c.Name()})
		for _, sub := range c.Commands() {
			paths = append(paths, []string{c.Name(), sub.Name()})
		}
	}
	if len(paths) < 10 {
		t.Fatalf("found only %d commands", len(paths))
	}
	for _, path := range paths {
		out, _, err := run(t, "", append(path, "--help")...)
		if err != nil || !strings.Contains(out, "Usage:") || !strings.Contains(out, "--database") {
			t.Errorf("haven %s --help: %v\n%s", strings.Join(path, " "), err, out)
		}
	}
}

func TestBadDatabaseURLFails(t *testing.T) {
	_, _, err := run(t, "", "migrate", "status", "--database", "mysql://x")
	if err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Errorf("err = %v", err)
	}
}
