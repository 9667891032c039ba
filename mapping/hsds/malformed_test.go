package hsds_test

import (
	"archive/zip"
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/hsds"
)

// zipOf builds a zip archive of name → content.
func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, body := range files {
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestMalformedInput refuses what cannot be read with a clear error, and
// writes nothing.
func TestMalformedInput(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	services := "id,organization_id,name,status\n"
	for _, tc := range []struct {
		name, file string
		body       []byte
		kind       haven.Kind
		says       string
	}{
		{"not JSON", "services.json", []byte(`{"id": "x", "name": `), haven.KindInvalid, "services.json is not valid JSON: it ends too early"},
		{"JSON syntax", "services.json", []byte(`{"id" "x"}`), haven.KindInvalid, "services.json is not valid JSON: error at byte"},
		{"two JSON values", "services.json", []byte(`{} {}`), haven.KindInvalid, "more than one JSON value"},
		{"no HSDS records", "services.json", []byte(`[]`), haven.KindInvalid, "holds no HSDS records"},
		{"broken CSV quote", "pkg.zip", zipOf(t, map[string]string{"services.csv": services + "1,2,\"Shelter,active\n"}), haven.KindInvalid, "services.csv is not valid CSV: line 2"},
		{"CSV field count", "pkg.zip", zipOf(t, map[string]string{"services.csv": services + "1,2,Shelter,active,extra\n"}), haven.KindInvalid, "services.csv is not valid CSV: line 2: wrong number of fields"},
		{"CSV not UTF-8", "pkg.zip", zipOf(t, map[string]string{"services.csv": services + "1,2,Caf\xe9,active\n"}), haven.KindInvalid, "services.csv is not UTF-8"},
		{"single CSV", "services.csv", []byte(services), haven.KindInvalid, "single CSV file"},
		{"HSDS 2.0", "pkg.zip", zipOf(t, map[string]string{"service_attributes.csv": "id\n"}), haven.KindInvalid, "HSDS 2.0"},
		{"not a zip", "pkg.zip", []byte("PK\x03\x04 but not really"), haven.KindInvalid, "not a readable zip"},
		{"zip bomb", "pkg.zip", zipOf(t, map[string]string{"services.csv": services + strings.Repeat("0", 3<<20)}), haven.KindTooLarge, "larger than 2 MiB uncompressed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.hsds.Import(context.Background(), admin, tc.file, bytes.NewReader(tc.body),
				hsds.ImportOptions{Lenient: true, Limits: hsds.Limits{MaxBytes: 2 << 20}})
			if haven.KindOf(err) != tc.kind || err == nil || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err = %v, want kind %d saying %q", err, tc.kind, tc.says)
			}
		})
	}
	if all, _ := w.dir.All(context.Background(), admin); len(all) != 0 {
		t.Errorf("malformed imports wrote %d providers", len(all))
	}
	if _, err := w.hsds.ImportPath(context.Background(), admin, t.TempDir(), hsds.ImportOptions{}); haven.KindOf(err) != haven.KindInvalid {
		t.Errorf("empty folder: %v", err)
	}
}

// TestImportTwice reports the ids already in use and, leniently, imports
// nothing more.
func TestImportTwice(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	ctx := context.Background()
	opts := hsds.ImportOptions{Lenient: true, Today: today}
	if _, err := w.hsds.ImportPath(ctx, admin, hsds3Examples+"/csv", opts); err != nil {
		t.Fatal(err)
	}
	rep, err := w.hsds.ImportPath(ctx, admin, hsds3Examples+"/csv", opts)
	if err != nil || rep.Imported != 0 || !(want{"organizations.csv", "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "id", "already in use"}).in(rep.Problems) {
		t.Errorf("second import: %v %+v", err, rep)
	}
}

// TestForeignServiceDetails maps the example's term and checks what a
// foreign HSDS 3 service becomes, and what of it is reported as not kept.
func TestForeignServiceDetails(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	m := []byte("foreign_term,haven_code\n3f7b145d-84af-42d7-8fae-eaca714b02b2,mental_health.counselling\n")
	rep, err := w.hsds.ImportPath(context.Background(), admin, hsds3Examples+"/service_full.json",
		hsds.ImportOptions{Lenient: true, Today: today, TaxonomyMap: m, TaxonomyMapName: "map.csv"})
	if err != nil || rep.ImportedServices != 1 {
		t.Fatalf("%v %+v", err, rep)
	}
	checkProblems(t, rep.Problems, []want{
		{"service_full.json", "48102e86-bb50-41c4-8f1e-e269368c41d1", "", "validity ended on 2005-01-01; the schedule is not imported"},
		{"service_full.json", "381c64f1-a724-4884-9c21-ac96c21cca3e", "", "is not kept"},
	})
	all, _ := w.dir.All(context.Background(), admin)
	s := all[0].Services[0]
	if s.Type != "mental_health.counselling" || !strings.HasPrefix(s.Description, "Community Counselling\n\nCounselling Services") ||
		!strings.Contains(s.Description, "Eligibility: This service is intended") || !strings.Contains(s.Description, "Alert: Following COVID-19") {
		t.Errorf("service: %+v", s)
	}
	if s.Cost.Kind != "fee" || !strings.Contains(s.Cost.Note, "Under 18s and Over 60s: 35 GBP per 1 hour session") || *s.Eligibility.MinAge != 12 ||
		len(s.Languages) != 1 || s.Languages[0] != "ur" || len(s.Access.Documents) != 1 || !s.Interpreting || s.Schedules != nil {
		t.Errorf("service: %+v", s)
	}
	v := all[0].Verification
	if v.Status != "verified" || v.VerifiedAt.Format("2006-01-02") != "2005-01-01" || v.VerifiedBy != "email@example.com" {
		t.Errorf("verification: %+v", v)
	}
	if !hasChannel(all[0], "email", "email@example.com") || !hasChannel(all[0], "website", "http://example.com/counselling") {
		t.Errorf("channels: %+v", all[0].Channels)
	}
}

func hasChannel(p mapping.Provider, kind, value string) bool {
	for _, c := range p.Channels {
		if c.Kind == kind && c.Value == value {
			return true
		}
	}
	return false
}
