package reports

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
)

// TestLoadReusesMappingsIndex: the loader hands the engine the index
// mapping keeps for the level, the same one on every run, rather than
// leaving the engine to build one each time.
func TestLoadReusesMappingsIndex(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s := workedExampleService(t, db)
		first, err := s.load(ctx, RunParams{Level: 1})
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.load(ctx, RunParams{Level: 1})
		if err != nil {
			t.Fatal(err)
		}
		kept, err := s.regions.LevelIndex(ctx, "we", first.set.Version, 1)
		if err != nil {
			t.Fatal(err)
		}
		if first.input.RegionIndex == nil || first.input.RegionIndex != kept || second.input.RegionIndex != kept {
			t.Errorf("the loader's index is not mapping's: %p %p, mapping keeps %p", first.input.RegionIndex, second.input.RegionIndex, kept)
		}
		// And it places points as the engine's own would: the same report.
		own := first.input
		own.RegionIndex = nil
		a, err := Compute(first.input, first.params)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Compute(own, first.params)
		if err != nil {
			t.Fatal(err)
		}
		if x, y := mustJSON(t, a), mustJSON(t, b); string(x) != string(y) {
			t.Errorf("mapping's index gives another report than the engine's own\n%s", firstDifference(x, y))
		}
	})
}

// TestLoadKeepsPopulationPointsUntilReimported: a second run gets the
// points the first read (the same slice, not read again), and a new
// import of the source, even of the same number of points, is read anew;
// so is another source.
func TestLoadKeepsPopulationPointsUntilReimported(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Email: "cli:test"})
		log := audit.New(db.DB)
		regions, tax := mapping.NewRegions(db.DB, log), mapping.NewTaxonomy(db.DB, log)
		s := NewService(db.DB, log, regions, tax, nil, nil)
		load := func(source, csv string) {
			t.Helper()
			if _, err := s.ImportPopulation(ctx, strings.NewReader(csv), PopulationImport{Source: source, LonCol: "lon", LatCol: "lat", PopCol: "pop"}); err != nil {
				t.Fatal(err)
			}
		}
		read := func(source string) []PopulationPoint {
			t.Helper()
			pts, err := s.populationPoints(ctx, source)
			if err != nil {
				t.Fatal(err)
			}
			return pts
		}
		load("towns", "lon,lat,pop\n100,15,10\n101,15,20\n")
		first, second := read("towns"), read("towns")
		if len(first) != 2 || &first[0] != &second[0] {
			t.Errorf("the second read is not the first's points: %v, %v", first, second)
		}
		load("towns", "lon,lat,pop\n100,15,10\n101,15,99\n") // as many points, one figure changed
		if got := read("towns"); len(got) != 2 || got[1].Population != 99 {
			t.Errorf("after a new import: %v, want its figures", got)
		}
		load("villages", "lon,lat,pop\n102,16,5\n")
		if got := read("villages"); len(got) != 1 || got[0].Population != 5 {
			t.Errorf("another source: %v", got)
		}
		if got := read("towns"); len(got) != 2 || got[1].Population != 99 {
			t.Errorf("back to the first source: %v", got)
		}
	})
}

// workedExampleService is a Service on db with the worked example's three
// regions (set "we", level 1) and an empty directory.
func workedExampleService(t *testing.T, db *database.DB) *Service {
	t.Helper()
	ctx := context.Background()
	log := audit.New(db.DB)
	regions, tax := mapping.NewRegions(db.DB, log), mapping.NewTaxonomy(db.DB, log)
	dir, err := mapping.NewDirectory(ctx, db.DB, log, tax, regions)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/worked_example/regions.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := regions.Import(ctx, f, mapping.RegionImport{Set: "we", Level: 1, CodeProp: "code", NameProp: "name", CountryProp: "country"}, nil); err != nil {
		t.Fatal(err)
	}
	return NewService(db.DB, log, regions, tax, func(context.Context) (*mapping.Directory, error) { return dir, nil }, nil)
}
