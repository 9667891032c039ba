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

func goodPopulation(source string) reports.PopulationImport {
	return reports.PopulationImport{Source: source, File: "population_good.csv", LonCol: "x", LatCol: "y", PopCol: "people", NameCol: "place"}
}

func TestPopulationImportReplacesItsSource(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newIOEnv(t, db)
		ctx := cli()
		rep, err := env.svc.ImportPopulation(ctx, open(t, "testdata/io/population_good.csv"), goodPopulation("towns"))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != 3 || rep.Imported != 3 || rep.ZeroPopulation != 1 || rep.TotalPopulation != 32500 || rep.Replaced != 0 {
			t.Errorf("first import: %+v", rep)
		}
		// Importing the same source again replaces it: nothing doubles.
		rep, err = env.svc.ImportPopulation(ctx, open(t, "testdata/io/population_good.csv"), goodPopulation("towns"))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != 3 || rep.Replaced != 3 {
			t.Errorf("second import: %+v", rep)
		}
		if _, err := env.svc.ImportPopulation(ctx, open(t, "testdata/io/population_good.csv"), goodPopulation("other")); err != nil {
			t.Fatal(err)
		}
		sources, err := env.svc.PopulationSources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(sources) != 2 || sources[0].Name != "other" || sources[1].Name != "towns" ||
			sources[1].Points != 3 || sources[1].TotalPopulation != 32500 || sources[1].ImportedBy != "cli:test" {
			t.Errorf("sources: %+v", sources)
		}
		var n int64
		db.Table("population_points").Where("source = ?", "towns").Count(&n)
		if n != 3 {
			t.Errorf("towns holds %d points, want 3", n)
		}
		var name string
		db.Table("population_points").Where("source = ? AND population = ?", "towns", 12500).Select("name").Scan(&name)
		if name != "Mae Sot" {
			t.Errorf("the point with 12,500 people is named %q", name)
		}
	})
}

func TestPopulationImportIsAllOrNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newIOEnv(t, db)
		ctx := cli()
		if _, err := env.svc.ImportPopulation(ctx, open(t, "testdata/io/population_good.csv"), goodPopulation("towns")); err != nil {
			t.Fatal(err)
		}
		opts := goodPopulation("towns")
		opts.File = "population_bad.csv"
		rep, err := env.svc.ImportPopulation(ctx, open(t, "testdata/io/population_bad.csv"), opts)
		if !errors.Is(err, haven.ErrInvalid) {
			t.Fatalf("bad file: err = %v", err)
		}
		want := []reports.RowProblem{
			{Row: 3, Column: "y"}, {Row: 4, Column: "x"}, {Row: 5, Column: "people"}, {Row: 6, Column: "x"},
		}
		if len(rep.Problems) != len(want) {
			t.Fatalf("problems: %+v", rep.Problems)
		}
		for i, w := range want {
			if p := rep.Problems[i]; p.Row != w.Row || p.Column != w.Column || p.Message == "" {
				t.Errorf("problem %d = %+v, want row %d column %s", i, p, w.Row, w.Column)
			}
		}
		var he *haven.Error
		if !errors.As(err, &he) || len(he.Fields) != 4 || he.Fields[0].Field != "rows[3].y" || !strings.Contains(he.Message, "nothing was changed") {
			t.Errorf("error: %#v", err)
		}
		// The earlier import of the source is still whole.
		sources, _ := env.svc.PopulationSources(ctx)
		var n int64
		db.Table("population_points").Where("source = ?", "towns").Count(&n)
		if len(sources) != 1 || sources[0].File != "population_good.csv" || sources[0].Points != 3 || n != 3 {
			t.Errorf("after a failed import: sources %+v, %d points", sources, n)
		}
	})
}

func TestPopulationImportChecksColumnsAndOptions(t *testing.T) {
	env := newIOEnv(t, dbtest.OpenSQLite(t))
	for _, tc := range []struct {
		name   string
		opts   reports.PopulationImport
		csv    string
		fields []string
	}{
		{"missing columns", reports.PopulationImport{Source: "s", LonCol: "lon", LatCol: "lat", PopCol: "pop", NameCol: "nm"},
			"lon,latitude,population\n1,2,3\n", []string{"lat", "population", "name"}},
		{"no source", reports.PopulationImport{Source: "", LonCol: "lon", LatCol: "lat", PopCol: "pop"}, "lon,lat,pop\n1,2,3\n", []string{"source"}},
		{"bad source", reports.PopulationImport{Source: "../etc", LonCol: "lon", LatCol: "lat", PopCol: "pop"}, "lon,lat,pop\n1,2,3\n", []string{"source"}},
		{"no rows", reports.PopulationImport{Source: "s", LonCol: "lon", LatCol: "lat", PopCol: "pop"}, "lon,lat,pop\n", []string{"rows[2]"}},
		{"short row", reports.PopulationImport{Source: "s", LonCol: "lon", LatCol: "lat", PopCol: "pop"}, "lon,lat,pop\n1,2\n", []string{"rows[2]"}},
		{"broken quote", reports.PopulationImport{Source: "s", LonCol: "lon", LatCol: "lat", PopCol: "pop"}, "lon,lat,pop\n1,2,\"3\n", []string{"rows[2]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := env.svc.ImportPopulation(cli(), strings.NewReader(tc.csv), tc.opts)
			var he *haven.Error
			if !errors.As(err, &he) || he.Kind != haven.KindInvalid {
				t.Fatalf("err = %v", err)
			}
			var got []string
			for _, f := range he.Fields {
				got = append(got, f.Field)
			}
			if strings.Join(got, " ") != strings.Join(tc.fields, " ") {
				t.Errorf("fields %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
	sources, _ := env.svc.PopulationSources(cli())
	if len(sources) != 0 {
		t.Errorf("failed imports left sources: %+v", sources)
	}
}

// TestPopulationImportOfGeoNames imports the real GeoNames places the demo
// uses: 8,441 rows, 3,149 of them with population 0.
func TestPopulationImportOfGeoNames(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newIOEnv(t, db)
		rep, err := env.svc.ImportPopulation(cli(), open(t, "../demo/data/asean_cities_geonames.csv"),
			reports.PopulationImport{Source: "geonames", LonCol: "lon", LatCol: "lat", PopCol: "population", NameCol: "name"})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Imported != 8441 || rep.ZeroPopulation != 3149 {
			t.Errorf("report: %+v", rep)
		}
	})
}
