package mapping_test

import (
	"errors"

	"context"
	"os"
	"testing"

	"github.com/haven-project/haven"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/mapping"
)

// demoData is where the real boundary files live.
const demoData = "../demo/data/"

// world is the mapping services on one database.
type world struct {
	t        *testing.T
	db       *database.DB
	audit    *audit.Log
	taxonomy *mapping.Taxonomy
	regions  *mapping.Regions
	dir      *mapping.Directory
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
	return &world{t: t, db: db, audit: log, taxonomy: tax, regions: regions, dir: dir}
}

func (w *world) importFile(path string, opts mapping.RegionImport) mapping.RegionImportReport {
	w.t.Helper()
	f, err := os.Open(path)
	if err != nil {
		w.t.Fatal(err)
	}
	defer f.Close()
	rep, err := w.regions.Import(context.Background(), f, opts, nil)
	if err != nil {
		w.t.Fatalf("import %s: %v (problems %v)", path, err, rep.Problems)
	}
	return rep
}

// thai imports Thailand's provinces and districts as set "th".
func (w *world) thai() {
	w.importFile(demoData+"th_adm1.geojson", mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"})
	w.importFile(demoData+"th_adm2.geojson", mapping.RegionImport{Set: "th", Level: 2, CodeProp: "ADM2_PCODE", NameProp: "ADM2_EN", ParentCodeProp: "ADM1_PCODE"})
}

var (
	admin  = accounts.User{ID: "u-admin", Email: "admin@example.org", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential}}
	editor = accounts.User{ID: "u-editor", Email: "editor@example.org", Role: accounts.RoleEditor, Countries: []string{"TH"}}
	viewer = accounts.User{ID: "u-viewer", Email: "viewer@example.org", Role: accounts.RoleViewer}
)

func ptr[T any](v T) *T { return &v }

func asError(err error, target **haven.Error) bool { return errors.As(err, target) }
