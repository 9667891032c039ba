// Package draftstest builds what tests of directory drafts, and of what is
// built on them, start from: the mapping services on a test database with
// Thailand's provinces, test providers and content sections read from JSON
// files, and the draft service on top.
package draftstest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
)

// thaiProvinces is the boundary file of Thailand's provinces, in the
// repository.
const thaiProvinces = "demo/data/th_adm1.geojson"

// World is the directory and the draft service on one database.
type World struct {
	Audit     *audit.Log
	Taxonomy  *mapping.Taxonomy
	Regions   *mapping.Regions
	Directory *mapping.Directory
	Drafts    *drafts.Service
	Providers map[string]mapping.Provider // by name, as stored (unredacted)
	Sections  []drafts.Section            // in the order of the sections file
}

// New imports Thailand's provinces as level 1 of set "th", then creates,
// as admin, the providers of providersFile and the sections of
// sectionsFile (JSON arrays of mapping.Provider and drafts.SectionInput).
func New(t testing.TB, db *database.DB, admin accounts.User, providersFile, sectionsFile string) *World {
	t.Helper()
	ctx := context.Background()
	log := audit.New(db.DB)
	tax := mapping.NewTaxonomy(db.DB, log)
	regions := mapping.NewRegions(db.DB, log)
	f, err := os.Open(repoFile(t, thaiProvinces))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := regions.Import(ctx, f, mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"}, nil); err != nil {
		t.Fatal(err)
	}
	dir, err := mapping.NewDirectory(ctx, db.DB, log, tax, regions)
	if err != nil {
		t.Fatal(err)
	}
	w := &World{Audit: log, Taxonomy: tax, Regions: regions, Directory: dir,
		Drafts: drafts.NewService(drafts.NewStore(db.DB, log), dir, tax), Providers: map[string]mapping.Provider{}}
	var ps []mapping.Provider
	ReadJSON(t, providersFile, &ps)
	for _, p := range ps {
		created, err := dir.Create(ctx, admin, p)
		if err != nil {
			t.Fatalf("create %s: %v", p.Name, err)
		}
		w.Providers[created.Name] = created
	}
	var ins []drafts.SectionInput
	ReadJSON(t, sectionsFile, &ins)
	for _, in := range ins {
		sec, err := w.Drafts.CreateSection(ctx, admin, in)
		if err != nil {
			t.Fatalf("create section %s: %v", in.Kind, err)
		}
		w.Sections = append(w.Sections, sec)
	}
	return w
}

// SectionIDs are the IDs of sections, in order.
func SectionIDs(sections []drafts.Section) []string {
	ids := make([]string, len(sections))
	for i, s := range sections {
		ids[i] = s.ID
	}
	return ids
}

// repoFile turns a path in the repository into one from the test's working
// directory (its package's folder), found by walking up to go.mod.
func repoFile(t testing.TB, path string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, path)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above the working directory: cannot find %s", path)
		}
		dir = parent
	}
}

// ReadJSON decodes the JSON file at path into v.
func ReadJSON(t testing.TB, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
