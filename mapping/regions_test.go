package mapping_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
)

func TestImportRealBoundaries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ne := w.importFile(demoData+"asean_admin1_ne.geojson", mapping.RegionImport{Set: "ne", Level: 1, CodeProp: "adm1_code", NameProp: "name", CountryProp: "iso_a2"})
		if ne.Imported != 371 || ne.Version != 1 || len(ne.Problems) != 0 {
			t.Errorf("Natural Earth: %+v", ne)
		}
		w.thai()
		sets, err := w.regions.Sets(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(sets) != 2 {
			t.Fatalf("sets = %+v", sets)
		}
		th := sets[1]
		if th.Name != "th" || th.Version != 2 || th.Levels["1"] != 77 || th.Levels["2"] != 928 {
			t.Errorf("th set = %+v, want version 2 with 77 provinces and 928 districts", th)
		}
		under, _, err := w.regions.List(context.Background(), mapping.RegionFilter{Set: "th", Level: 2, Parent: "TH63", Limit: 1000})
		if err != nil || len(under) != 9 {
			t.Errorf("districts of Tak = %d, %v", len(under), err)
		}
		// The district level got its parents from ADM1_PCODE: every parent exists.
		provinces := map[string]bool{}
		all, _, _ := w.regions.List(context.Background(), mapping.RegionFilter{Set: "th", Limit: 1000})
		for _, r := range all {
			if r.Level == 1 {
				provinces[r.Code] = true
			}
		}
		for _, r := range all {
			if r.Level == 2 && !provinces[r.ParentCode] {
				t.Errorf("district %s has unknown parent %q", r.Code, r.ParentCode)
			}
		}
		shape, err := w.regions.Region(context.Background(), "", "TH6306", false)
		if err != nil || shape.Name != "Mae Sot" || len(shape.Geometry) == 0 {
			t.Errorf("Region(TH6306) = %v, %v", shape.Region, err)
		}
	})
}

func TestParentsByContainment(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	w.importFile(demoData+"th_adm1.geojson", mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"})
	rep := w.importFile(demoData+"th_adm2.geojson", mapping.RegionImport{Set: "th", Level: 2, CodeProp: "ADM2_PCODE", NameProp: "ADM2_EN"})
	if rep.Parents != "containment" || rep.Imported != 928 {
		t.Fatalf("report = %+v", rep)
	}
	// The files carry the true parent: containment must agree nearly always.
	f, _ := os.ReadFile(demoData + "th_adm2.geojson")
	regions, _, _ := w.regions.List(context.Background(), mapping.RegionFilter{Set: "th", Level: 2, Limit: 1000})
	wrong := 0
	for _, r := range regions {
		if !strings.Contains(string(f), `"ADM2_PCODE": "`+r.Code+`"`) && !strings.Contains(string(f), `"ADM2_PCODE":"`+r.Code+`"`) {
			t.Fatalf("cannot find %s in the file", r.Code)
		}
		// District codes start with their province's code (TH6306 in TH63).
		if !strings.HasPrefix(r.Code, r.ParentCode) {
			wrong++
		}
	}
	if wrong > 928/100 {
		t.Errorf("%d of 928 districts got a parent that is not their province", wrong)
	}
}

func TestImportReportsEveryProblem(t *testing.T) {
	opts := mapping.RegionImport{Set: "bad", Level: 1, CodeProp: "code", NameProp: "name", Country: "TH"}
	wantProblems := map[string]string{ // code → fragment of its message
		"OPEN":   "not closed",
		"RANGE":  "out of range",
		"NULL":   "empty",
		"BOWTIE": "intersects itself",
		"OK1":    "duplicate code",
		"POINT":  "Point",
	}
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		read := func() *os.File {
			f, err := os.Open("testdata/bad_features.geojson")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		}
		rep, err := w.regions.Import(ctx, read(), opts, nil)
		if haven.KindOf(err) != haven.KindInvalid {
			t.Fatalf("strict import: err = %v", err)
		}
		if rep.Version != 0 {
			t.Error("strict import wrote a version")
		}
		if sets, _ := w.regions.Sets(ctx); len(sets) != 0 {
			t.Errorf("strict import left sets behind: %+v", sets)
		}
		check := func(rep mapping.RegionImportReport) {
			t.Helper()
			for code, fragment := range wantProblems {
				found := false
				for _, p := range rep.Problems {
					if p.Code == code && strings.Contains(strings.ToLower(p.Message), strings.ToLower(fragment)) {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem %q reported for %s; got %+v", fragment, code, rep.Problems)
				}
			}
			var noCode bool
			for _, p := range rep.Problems {
				if p.Index == 7 && strings.Contains(p.Message, "code property") {
					noCode = true
				}
			}
			if !noCode {
				t.Error("the feature without a code is not reported by its index")
			}
		}
		check(rep)

		lenient := opts
		lenient.Lenient = true
		rep, err = w.regions.Import(ctx, read(), lenient, nil)
		if err != nil {
			t.Fatal(err)
		}
		check(rep) // the same list in both modes
		if rep.Imported != 2 || rep.Fixed != 1 {
			t.Errorf("lenient: imported %d (want OK1 and CW), fixed %d (want 1)", rep.Imported, rep.Fixed)
		}
	})
}

func TestImportRefusesWhatIsNotGeoJSON(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	opts := mapping.RegionImport{Set: "x", Level: 1, CodeProp: "code", NameProp: "name"}
	for _, tc := range []struct{ name, body, want string }{
		{"not JSON", "<html>", "not valid JSON"},
		{"truncated", `{"type":"FeatureCollection","features":[{"type":"Feat`, "not"},
		{"not a collection", `{"type":"Feature","geometry":null,"properties":{}}`, "FeatureCollection"},
		{"no features", `{"type":"FeatureCollection","features":[]}`, "no features"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := w.regions.Import(context.Background(), strings.NewReader(tc.body), opts, nil)
			if haven.KindOf(err) != haven.KindInvalid || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want invalid mentioning %q", err, tc.want)
			}
		})
	}
	_, err := w.regions.Import(context.Background(), strings.NewReader("{}"), mapping.RegionImport{Set: "bad name!", Level: 9}, nil)
	var he *haven.Error
	if !asError(err, &he) || len(he.Fields) < 3 {
		t.Errorf("bad options: %v", err)
	}
}

func TestPopulationImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		w.thai()
		ctx := context.Background()
		csv := "pcode,people\nTH63,665620\nTH10,\"5,588,222\"\nTH99,1\nTH50,many\n"
		rep, err := w.regions.ImportPopulation(ctx, strings.NewReader(csv), "th", "pcode", "people", false)
		if haven.KindOf(err) != haven.KindInvalid || len(rep.Problems) != 2 {
			t.Fatalf("strict: %v %+v", err, rep.Problems)
		}
		rep, err = w.regions.ImportPopulation(ctx, strings.NewReader(csv), "th", "pcode", "people", true)
		if err != nil || rep.Updated != 2 {
			t.Fatalf("lenient: %v %+v", err, rep)
		}
		tak, _ := w.regions.Region(ctx, "th", "TH63", true)
		if tak.Population == nil || *tak.Population != 665620 {
			t.Errorf("population of Tak = %v", tak.Population)
		}
	})
}
