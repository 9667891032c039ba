package reports_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/reports"
)

func TestNeedImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newIOEnv(t, db)
		env.importThaiProvinces()
		ctx := cli()
		opts := reports.NeedImport{Set: "th", Level: 1, CodeCol: "code", FigureCol: "identified_victims", Source: "DSDW", Year: 2024}
		rep, err := env.svc.ImportNeed(ctx, open(t, "testdata/io/need_th1.csv"), opts)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != 3 || rep.TotalNeed != 1475.5 || rep.Replaced != 0 {
			t.Errorf("report: %+v", rep)
		}

		// A bad file changes nothing and names every bad row.
		rep, err = env.svc.ImportNeed(ctx, open(t, "testdata/io/need_bad.csv"), opts)
		var he *haven.Error
		if !errors.As(err, &he) || he.Kind != haven.KindInvalid {
			t.Fatalf("bad file: %v", err)
		}
		var fields []string
		for _, f := range he.Fields {
			fields = append(fields, f.Field)
		}
		if got := strings.Join(fields, " "); got != "rows[3].code rows[4].code rows[5].identified_victims" {
			t.Errorf("fields: %s (%v)", got, err)
		}
		if !strings.Contains(he.Fields[1].Message, "first on row 2") {
			t.Errorf("duplicate message: %q", he.Fields[1].Message)
		}
		var n int64
		db.Table("need_figures").Where("set_name = ? AND level = ?", "th", 1).Count(&n)
		if n != 3 {
			t.Errorf("after the failed import %d figures remain, want the 3 before", n)
		}

		// Importing again replaces the figures of the set and level.
		rep, err = env.svc.ImportNeed(ctx, strings.NewReader("region_code,figure\nTH63,7\n"), reports.NeedImport{Set: "th", Level: 1})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != 1 || rep.Replaced != 3 {
			t.Errorf("re-import: %+v", rep)
		}
		var row struct {
			Figure float64
			Source string
			Year   *int
		}
		db.Table("need_figures").Where("region_code = ?", "TH63").Select("figure, source, year").Scan(&row)
		if row.Figure != 7 || row.Source != "" || row.Year != nil {
			t.Errorf("TH63: %+v", row)
		}
	})
}

func TestNeedImportRefusals(t *testing.T) {
	env := newIOEnv(t, dbtest.OpenSQLite(t))
	env.importThaiProvinces()
	for _, tc := range []struct {
		name  string
		opts  reports.NeedImport
		csv   string
		kind  haven.Kind
		field string
	}{
		{"unknown set", reports.NeedImport{Set: "nope", Level: 1}, "region_code,figure\nTH63,1\n", haven.KindNotFound, ""},
		{"level without regions", reports.NeedImport{Set: "th", Level: 2}, "region_code,figure\nTH63,1\n", haven.KindInvalid, "level"},
		{"no set", reports.NeedImport{Level: 1}, "region_code,figure\n", haven.KindInvalid, "set"},
		{"bad year", reports.NeedImport{Set: "th", Level: 1, Year: 24}, "region_code,figure\n", haven.KindInvalid, "year"},
		{"missing column", reports.NeedImport{Set: "th", Level: 1}, "code,figure\nTH63,1\n", haven.KindInvalid, "code"},
		{"no rows", reports.NeedImport{Set: "th", Level: 1}, "region_code,figure\n", haven.KindInvalid, "rows[2]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := env.svc.ImportNeed(cli(), strings.NewReader(tc.csv), tc.opts)
			var he *haven.Error
			if !errors.As(err, &he) || he.Kind != tc.kind {
				t.Fatalf("err = %v, want kind %v", err, tc.kind)
			}
			if tc.field != "" && (len(he.Fields) == 0 || he.Fields[0].Field != tc.field) {
				t.Errorf("fields %+v, want %s", he.Fields, tc.field)
			}
		})
	}
}
