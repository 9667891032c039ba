package mapping_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
)

func TestBulkImportReportsRowAndColumn(t *testing.T) {
	// row → columns that must be reported there
	want := map[int][]string{
		5: {"org_type", "latitude", "genders", "min_age", "languages", "interpretation", "hours"},
		6: {"service_type"},
		7: {"provider_key"},
	}
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		raw, err := os.ReadFile("testdata/providers.csv")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := w.dir.ImportBulk(ctx, admin, bytes.NewReader(raw), "providers.csv", false)
		if haven.KindOf(err) != haven.KindInvalid {
			t.Fatalf("strict: err = %v", err)
		}
		if hits, _, _ := w.dir.Search(ctx, admin, mapping.Query{}); len(hits) != 0 {
			t.Fatalf("strict import wrote %d providers", len(hits))
		}
		check := func(rep mapping.BulkReport) {
			t.Helper()
			for row, cols := range want {
				for _, col := range cols {
					found := false
					for _, p := range rep.Problems {
						found = found || (p.Row == row && p.Column == col)
					}
					if !found {
						t.Errorf("no problem reported at row %d, column %s; got %+v", row, col, rep.Problems)
					}
				}
			}
			for _, p := range rep.Problems {
				if p.Row < 5 {
					t.Errorf("a good row was reported: %+v", p)
				}
			}
		}
		check(rep)

		rep, err = w.dir.ImportBulk(ctx, admin, bytes.NewReader(raw), "providers.csv", true)
		if err != nil {
			t.Fatal(err)
		}
		check(rep)
		if rep.Imported != 2 || rep.Rows != 6 {
			t.Errorf("lenient: %+v", rep)
		}
		hits, _, _ := w.dir.Search(ctx, admin, mapping.Query{Text: "tak shelter"})
		if len(hits) != 1 {
			t.Fatalf("Tak Shelter not found")
		}
		tak := hits[0]
		if len(tak.Locations) != 1 || len(tak.Services) != 2 || tak.Locations[0].Tier != mapping.TierHidden ||
			tak.Services[0].Capacity == nil || *tak.Services[0].Capacity.Available != 3 || !tak.Services[0].Schedules[0].AllDay ||
			tak.Provenance.Kind != "import" || len(tak.Channels) != 2 {
			t.Errorf("Tak Shelter built wrong: %+v", tak.Provider)
		}
	})
}

func TestBulkTemplateImportsItsOwnExample(t *testing.T) {
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			w := newWorld(t, dbtest.OpenSQLite(t))
			var buf bytes.Buffer
			if err := mapping.BulkTemplate(&buf, format); err != nil {
				t.Fatal(err)
			}
			rep, err := w.dir.ImportBulk(context.Background(), admin, &buf, "template."+format, false)
			if err != nil || rep.Imported != 1 {
				t.Fatalf("template example: %v %+v", err, rep)
			}
		})
	}
}

func TestBulkImportRefusesWhatIsNotATable(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	for _, tc := range []struct{ name, file, body, want string }{
		{"empty", "x.csv", "", "empty"},
		{"unknown column", "x.csv", "provider_key,colour\na,red\n", "not a column"},
		{"header only", "x.csv", "provider_key,name\n", "no rows"},
		{"broken quotes", "x.csv", "provider_key,name\n\"a,b\n", "not valid CSV"},
		{"not a workbook", "x.xlsx", "plain text", "XLSX"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.dir.ImportBulk(context.Background(), admin, strings.NewReader(tc.body), tc.file, false)
			if haven.KindOf(err) != haven.KindInvalid || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want invalid mentioning %q", err, tc.want)
			}
		})
	}
}
