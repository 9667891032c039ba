package drafts_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
)

var (
	admin    = accounts.User{ID: "u-admin", Email: "admin@example.org", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential}}
	editorTH = accounts.User{ID: "u-editor", Email: "editor@example.org", Role: accounts.RoleEditor, Countries: []string{"TH"}}
	editorKH = accounts.User{ID: "u-editor-kh", Email: "kh@example.org", Role: accounts.RoleEditor, Countries: []string{"KH"}}
	viewer   = accounts.User{ID: "u-viewer", Email: "viewer@example.org", Role: accounts.RoleViewer}
)

// world is the directory with the test providers, and the draft service on it.
type world struct {
	t         *testing.T
	db        *database.DB
	dir       *mapping.Directory
	drafts    *drafts.Service
	providers map[string]mapping.Provider // by name, as stored (unredacted)
	sections  []drafts.Section            // testdata/sections.json, in order
}

// newWorld loads Thai provinces, the providers of testdata/providers.json
// and the sections of testdata/sections.json.
func newWorld(t *testing.T, db *database.DB) *world {
	t.Helper()
	ctx := context.Background()
	log := audit.New(db.DB)
	tax := mapping.NewTaxonomy(db.DB, log)
	regions := mapping.NewRegions(db.DB, log)
	f, err := os.Open("../../demo/data/th_adm1.geojson")
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
	w := &world{t: t, db: db, dir: dir, drafts: drafts.NewService(drafts.NewStore(db.DB, log), dir, tax), providers: map[string]mapping.Provider{}}
	var ps []mapping.Provider
	readJSON(t, "testdata/providers.json", &ps)
	for _, p := range ps {
		created, err := dir.Create(ctx, admin, p)
		if err != nil {
			t.Fatalf("create %s: %v", p.Name, err)
		}
		w.providers[created.Name] = created
	}
	var ins []drafts.SectionInput
	readJSON(t, "testdata/sections.json", &ins)
	for _, in := range ins {
		sec, err := w.drafts.CreateSection(ctx, admin, in)
		if err != nil {
			t.Fatalf("create section %s: %v", in.Kind, err)
		}
		w.sections = append(w.sections, sec)
	}
	return w
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

func (w *world) id(name string) string {
	w.t.Helper()
	p, ok := w.providers[name]
	if !ok {
		w.t.Fatalf("no test provider named %q", name)
	}
	return p.ID
}

func (w *world) sectionIDs() []string {
	ids := make([]string, len(w.sections))
	for i, s := range w.sections {
		ids[i] = s.ID
	}
	return ids
}

// taknDraft is a testing draft of the Tak province (TH63) with every section.
func (w *world) takDraft(u accounts.User) drafts.Draft {
	w.t.Helper()
	d, err := w.drafts.CreateDraft(context.Background(), u, drafts.DraftInput{Name: "Tak (A)", Countries: []string{"TH"},
		Settings: drafts.Settings{Language: "en", Rules: drafts.Rules{Regions: []string{"TH63"}}, Sections: w.sectionIDs()}})
	if err != nil {
		w.t.Fatalf("create draft: %v", err)
	}
	return d
}

func names(ps []mapping.Provider) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	slices.Sort(out)
	return out
}

func kindOf(err error) haven.Kind { return haven.KindOf(err) }

func fieldsOf(err error) []string {
	var he *haven.Error
	if !errors.As(err, &he) {
		return nil
	}
	out := make([]string, len(he.Fields))
	for i, f := range he.Fields {
		out[i] = f.Field
	}
	return out
}

func ptr[T any](v T) *T { return &v }
