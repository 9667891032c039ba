package hsds_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/hsds"
)

// The official examples and samples, as the task's notes describe them.
const (
	hsds3Examples = "testdata/hsds3/examples"
	hsds1Sample   = "testdata/hsds1_sample"
)

// today fixes the date the stale and expired checks use.
var today = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

var (
	admin  = accounts.User{ID: "u-admin", Email: "admin@example.org", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential}}
	viewer = accounts.User{ID: "u-viewer", Email: "viewer@example.org", Role: accounts.RoleViewer}
)

// world is the directory and its HSDS service on one database.
type world struct {
	t    *testing.T
	db   *database.DB
	dir  *mapping.Directory
	regs *mapping.Regions
	hsds *hsds.Service
}

func newWorld(t *testing.T, db *database.DB) *world {
	t.Helper()
	log := audit.New(db.DB)
	tax := mapping.NewTaxonomy(db.DB, log)
	regions := mapping.NewRegions(db.DB, log)
	dir, err := mapping.NewDirectory(context.Background(), db.DB, log, tax, regions)
	if err != nil {
		t.Fatal(err)
	}
	return &world{t: t, db: db, dir: dir, regs: regions, hsds: hsds.New(dir, tax)}
}

// fresh opens another empty database of the same kind as db.
func fresh(t *testing.T, db *database.DB) *database.DB {
	t.Helper()
	if db.Dialect == "postgres" {
		return dbtest.OpenPostgres(t)
	}
	return dbtest.OpenSQLite(t)
}

// thai imports Thailand's provinces as boundary set "th".
func (w *world) thai() {
	w.t.Helper()
	f, err := os.Open("../../demo/data/th_adm1.geojson")
	if err != nil {
		w.t.Fatal(err)
	}
	defer f.Close()
	if _, err := w.regs.Import(context.Background(), f, mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"}, nil); err != nil {
		w.t.Fatal(err)
	}
}

// export writes the zip of u's view.
func (w *world) export(u accounts.User) []byte {
	w.t.Helper()
	v, err := w.hsds.View(context.Background(), u)
	if err != nil {
		w.t.Fatal(err)
	}
	var b bytes.Buffer
	if err := v.WriteZip(&b); err != nil {
		w.t.Fatal(err)
	}
	return b.Bytes()
}

func ptr[T any](v T) *T { return &v }

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
