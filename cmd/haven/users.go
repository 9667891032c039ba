package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/haven-project/haven/accounts"
	"github.com/spf13/cobra"
)

func newUserCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Create, list and change users"}
	cmd.AddCommand(newUserCreateCommand(opts), newUserListCommand(opts), newUserSetRoleCommand(opts))
	return cmd
}

func newUserCreateCommand(opts *globalOptions) *cobra.Command {
	var email, name, role, countries, grants string
	var passwordStdin bool
	cmd := &cobra.Command{
		Use:   "create --email E --role R [--countries TH,KH] [--grant confidential,raw_data] [--password-stdin]",
		Short: "Create a user and print its ID",
		Long: `Create makes a user and prints the new user's ID on standard output.
Roles: admin, editor, collector, researcher, viewer. Editors, collectors and
researchers can be limited to countries (ISO 3166-1 alpha-2 codes).
Grants: confidential (may see confidential locations), raw_data (may read raw
survey answers and feedback text). With --password-stdin the password is read
from the first line of standard input; without it the user can only use API
tokens until an admin sets a password.`,
		Example: `  echo 'a long passphrase' | haven user create --email admin@example.org --role admin --password-stdin
  haven user create --email field@example.org --role collector --countries TH,KH`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			password := ""
			if passwordStdin {
				var err error
				if password, err = readPassword(cmd.InOrStdin()); err != nil {
					return err
				}
			}
			return withApp(cmd, opts, func(a *app) error {
				u, err := a.accounts.CreateUser(cliContext(cmd.Context()), accounts.NewUser{
					Email: email, Name: name, Role: accounts.Role(role), Countries: splitFlag(countries),
					Grants: toGrants(splitFlag(grants)), Password: password})
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), u.ID)
				fmt.Fprintf(cmd.ErrOrStderr(), "created %s (%s)\n", u.Email, u.Role)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "e-mail address, used to log in (required)")
	cmd.Flags().StringVar(&name, "name", "", "display name")
	cmd.Flags().StringVar(&role, "role", "", "admin, editor, collector, researcher or viewer (required)")
	cmd.Flags().StringVar(&countries, "countries", "", "comma-separated ISO 3166-1 alpha-2 codes limiting an editor, collector or researcher")
	cmd.Flags().StringVar(&grants, "grant", "", "comma-separated grants: confidential, raw_data")
	cmd.Flags().BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input")
	cmd.MarkFlagRequired("email")
	cmd.MarkFlagRequired("role")
	return cmd
}

func newUserListCommand(opts *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List users, one per line",
		Long:  "List prints a table of users: ID, e-mail, role, countries, grants, and whether disabled.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withApp(cmd, opts, func(a *app) error {
				w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "ID\tEMAIL\tROLE\tCOUNTRIES\tGRANTS\tDISABLED")
				cursor := ""
				for {
					users, next, err := a.accounts.ListUsers(cmd.Context(), cursor, 500)
					if err != nil {
						return err
					}
					for _, u := range users {
						gs := make([]string, len(u.Grants))
						for i, g := range u.Grants {
							gs[i] = string(g)
						}
						fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Role, orDash(strings.Join(u.Countries, ",")),
							orDash(strings.Join(gs, ",")), strconv.FormatBool(u.Disabled))
					}
					if next == "" {
						break
					}
					cursor = next
				}
				return w.Flush()
			})
		},
	}
}

func newUserSetRoleCommand(opts *globalOptions) *cobra.Command {
	var email, role, countries, grants string
	cmd := &cobra.Command{
		Use:   "set-role --email E --role R [--countries TH,KH] [--grant confidential,raw_data]",
		Short: "Change a user's role, countries or grants",
		Long: `Set-role changes a user's role. --countries and --grant replace the user's
countries and grants when given (pass an empty value to clear them); when
omitted they stay, except that countries are cleared for admins and viewers.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withUser(cmd, opts, email, func(ctx context.Context, a *app, u accounts.User) error {
				r := accounts.Role(role)
				patch := accounts.UserPatch{Role: &r}
				if cmd.Flags().Changed("countries") {
					cs := splitFlag(countries)
					patch.Countries = &cs
				}
				if cmd.Flags().Changed("grant") {
					gs := toGrants(splitFlag(grants))
					patch.Grants = &gs
				}
				updated, err := a.accounts.UpdateUser(ctx, u.ID, patch)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), updated.ID)
				fmt.Fprintf(cmd.ErrOrStderr(), "%s is now %s\n", updated.Email, updated.Role)
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&email, "email", "", "the user's e-mail (required)")
	cmd.Flags().StringVar(&role, "role", "", "admin, editor, collector, researcher or viewer (required)")
	cmd.Flags().StringVar(&countries, "countries", "", "comma-separated ISO 3166-1 alpha-2 codes")
	cmd.Flags().StringVar(&grants, "grant", "", "comma-separated grants: confidential, raw_data")
	cmd.MarkFlagRequired("email")
	cmd.MarkFlagRequired("role")
	return cmd
}

func readPassword(r io.Reader) (string, error) {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprint(os.Stderr, "Password: ")
		}
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("--password-stdin: standard input held no password")
	}
	return pw, nil
}

func splitFlag(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func toGrants(ss []string) []accounts.Grant {
	out := make([]accounts.Grant, len(ss))
	for i, s := range ss {
		out[i] = accounts.Grant(s)
	}
	return out
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
