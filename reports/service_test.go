package reports_test

import (
	"context"
	"os"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/reports"
	"github.com/haven-project/haven/surveys/feedback"
)

// ioEnv is the reports service on a migrated database, with the mapping
// services it reads from.
type ioEnv struct {
	t       testing.TB
	db      *database.DB
	svc     *reports.Service
	audit   *audit.Log
	regions *mapping.Regions
	dir     *mapping.Directory
	unmet   *fixedUnmet
}

// fixedUnmet is an UnmetDemandSource with fixed answers, standing in for
// the feedback tests.
type fixedUnmet struct {
	bySet map[string]map[string]map[string]int
}

func (f *fixedUnmet) UnmetDemand(_ context.Context, set string, _ int) (map[string]map[string]int, error) {
	return f.bySet[set], nil
}

// MinCounts are the feedback tests' own.
func (f *fixedUnmet) MinCounts() (analyst, export int) { return feedback.KAnalyst, feedback.KExport }

func newIOEnv(t testing.TB, db *database.DB) *ioEnv {
	t.Helper()
	log := audit.New(db.DB)
	tax := mapping.NewTaxonomy(db.DB, log)
	regions := mapping.NewRegions(db.DB, log)
	dir, err := mapping.NewDirectory(context.Background(), db.DB, log, tax, regions)
	if err != nil {
		t.Fatal(err)
	}
	env := &ioEnv{t: t, db: db, audit: log, regions: regions, dir: dir, unmet: &fixedUnmet{}}
	env.svc = reports.NewService(db.DB, log, regions, tax,
		func(context.Context) (*mapping.Directory, error) { return dir, nil }, env.unmet)
	return env
}

// importRegions imports a boundary file of the demo data as one level of a set.
func (e *ioEnv) importRegions(file string, opts mapping.RegionImport) {
	e.t.Helper()
	f, err := os.Open("../demo/data/" + file)
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	if _, err := e.regions.Import(context.Background(), f, opts, nil); err != nil {
		e.t.Fatalf("import %s: %v", file, err)
	}
}

func (e *ioEnv) importThaiProvinces() {
	e.importRegions("th_adm1.geojson", mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"})
}

func open(t testing.TB, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func user(role accounts.Role, grants ...accounts.Grant) accounts.User {
	return accounts.User{ID: string(role) + "-id", Email: string(role) + "@example.org", Role: role, Grants: grants}
}

func cli() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{Email: "cli:test"})
}

func ptr[T any](v T) *T { return &v }
