package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haven-project/haven/database/dbtest"
)

// TestHSDSRoundTrip exports the demo directory, imports it into an empty
// database holding the same boundaries, exports again and compares the
// files byte for byte; the public view is the default and matches what a
// user without the confidential grant gets.
func TestHSDSRoundTrip(t *testing.T) {
	for name, src := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dst := []string{"--data-dir", t.TempDir(), "--database", ""}
			if name == "postgres" {
				src = []string{"--database", dbtest.EmptyPostgresSchema(t)}
				dst = []string{"--database", dbtest.EmptyPostgresSchema(t)}
			}
			on := func(db []string, args ...string) []string { return append(append([]string{}, args...), db...) }
			must := func(args ...string) string {
				t.Helper()
				out, stderr, err := run(t, "", args...)
				if err != nil {
					t.Fatalf("haven %s: %v\n%s", strings.Join(args, " "), err, stderr)
				}
				return out
			}
			files := t.TempDir()
			file := func(name string) string { return filepath.Join(files, name) }
			must(on(src, "demo")...)
			must(on(src, "hsds", "export", "--confidential", file("full1.zip"))...)
			must(on(src, "hsds", "export", file("public1.zip"))...)
			must(on(src, "hsds", "export", "--as", "viewer@demo.haven.example", file("viewer1.zip"))...)
			must(on(src, "hsds", "export", "--as", "admin@demo.haven.example", file("admin1.zip"))...)
			same(t, file("viewer1.zip"), file("public1.zip"))
			same(t, file("admin1.zip"), file("full1.zip"))
			if bytes.Equal(read(t, file("public1.zip")), read(t, file("full1.zip"))) {
				t.Error("the public export holds the confidential data")
			}

			for _, b := range []struct{ file, set, level, code, name, parent, country string }{
				{"asean_admin1_ne.geojson", "ne_admin1", "1", "adm1_code", "name", "", ""},
				{"th_adm1.geojson", "th", "1", "ADM1_PCODE", "ADM1_EN", "", "TH"},
				{"th_adm2.geojson", "th", "2", "ADM2_PCODE", "ADM2_EN", "ADM1_PCODE", "TH"},
			} {
				args := []string{"regions", "import", "../../demo/data/" + b.file, "--set", b.set, "--level", b.level, "--code", b.code, "--name", b.name}
				if b.parent != "" {
					args = append(args, "--parent-code", b.parent)
				}
				if b.country != "" {
					args = append(args, "--country", b.country)
				} else {
					args = append(args, "--country-prop", "iso_a2")
				}
				must(on(dst, args...)...)
			}
			out := must(on(dst, "hsds", "import", file("full1.zip"))...)
			if !strings.Contains(out, `"imported": 320`) || !strings.Contains(out, `"problems": []`) {
				t.Errorf("import report:\n%s", out)
			}
			must(on(dst, "hsds", "export", "--confidential", file("full2.zip"))...)
			must(on(dst, "hsds", "export", file("public2.zip"))...)
			same(t, file("full2.zip"), file("full1.zip"))
			same(t, file("public2.zip"), file("public1.zip"))
		})
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func same(t *testing.T, a, b string) {
	t.Helper()
	if !bytes.Equal(read(t, a), read(t, b)) {
		t.Errorf("%s and %s differ", filepath.Base(a), filepath.Base(b))
	}
}

// TestHSDSImportModes imports the official CSV example: strict refuses it
// and lists its problems, lenient imports it and lists the same.
func TestHSDSImportModes(t *testing.T) {
	db := []string{"--data-dir", t.TempDir(), "--database", ""}
	example := "../../mapping/hsds/testdata/hsds3/examples/csv"
	_, strictErr, err := run(t, "", append([]string{"hsds", "import", example}, db...)...)
	if err == nil || !strings.Contains(strictErr, "locations.csv location 3a19ff88-4620-4d17-9830-ac1d859eb5d5 .latitude: 100 is outside -90..90") {
		t.Fatalf("strict import: %v\n%s", err, strictErr)
	}
	out, lenientErr, err := run(t, "", append([]string{"hsds", "import", example, "--lenient"}, db...)...)
	if err != nil || !strings.Contains(out, `"imported": 1`) {
		t.Fatalf("lenient import: %v\n%s", err, lenientErr)
	}
	problems := func(s string) string {
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, ".csv") {
				lines = append(lines, l)
			}
		}
		return strings.Join(lines, "\n")
	}
	if problems(strictErr) != problems(lenientErr) {
		t.Errorf("strict and lenient list different problems:\n%s\n---\n%s", strictErr, lenientErr)
	}
	for _, args := range [][]string{
		{"hsds", "import", example, "--strict", "--lenient"},
		{"hsds", "export", "x.zip", "--as", "a@example.org", "--confidential"},
		{"hsds", "export", filepath.Join(t.TempDir(), "x.zip"), "--as", "nobody@example.org"},
		{"hsds", "import", filepath.Join(t.TempDir(), "missing.zip")},
	} {
		if _, _, err := run(t, "", append(args, db...)...); err == nil {
			t.Errorf("haven %s succeeded", strings.Join(args, " "))
		}
	}
}
