package drafts_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/mapping/drafts/draftstest"
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
	f := draftstest.New(t, db, admin, "testdata/providers.json", "testdata/sections.json")
	return &world{t: t, db: db, dir: f.Directory, drafts: f.Drafts, providers: f.Providers, sections: f.Sections}
}

func (w *world) id(name string) string {
	w.t.Helper()
	p, ok := w.providers[name]
	if !ok {
		w.t.Fatalf("no test provider named %q", name)
	}
	return p.ID
}

func (w *world) sectionIDs() []string { return draftstest.SectionIDs(w.sections) }

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
