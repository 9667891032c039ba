package feedback

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/mapping/drafts/draftstest"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/xform"
)

var (
	testAdmin      = accounts.User{ID: "u-admin", Email: "admin@example.org", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential, accounts.GrantRawData}}
	testEditorTH   = accounts.User{ID: "u-editor", Email: "editor@example.org", Role: accounts.RoleEditor, Countries: []string{"TH"}}
	testEditorKH   = accounts.User{ID: "u-editor-kh", Email: "kh@example.org", Role: accounts.RoleEditor, Countries: []string{"KH"}}
	testCollector  = accounts.User{ID: "u-collector", Email: "collector@example.org", Role: accounts.RoleCollector, Countries: []string{"TH"}}
	testResearcher = accounts.User{ID: "u-researcher", Email: "researcher@example.org", Role: accounts.RoleResearcher}
	testViewer     = accounts.User{ID: "u-viewer", Email: "viewer@example.org", Role: accounts.RoleViewer}
)

// testWorld is a directory with the providers of testdata/providers.json,
// two frozen drafts of it (A: the Mae Sot entries; B: every entry) with
// the sections of testdata/sections.json, the Thai provinces, and the
// feedback service on top: what a test needs to be built and answered.
type testWorld struct {
	t         *testing.T
	db        *database.DB
	svc       *Service
	surveys   *surveys.Service
	dir       *mapping.Directory
	drafts    *drafts.Service
	providers map[string]string // provider ID by name
	sections  []drafts.Section
	draftA    drafts.Version
	draftB    drafts.Version
}

func newTestWorld(t *testing.T, db *database.DB) *testWorld {
	t.Helper()
	f := draftstest.New(t, db, testAdmin, "testdata/providers.json", "testdata/sections.json")
	sv := surveys.NewService(db.DB, f.Audit, xform.Render)
	w := &testWorld{t: t, db: db, surveys: sv, dir: f.Directory, drafts: f.Drafts, providers: map[string]string{}, sections: f.Sections,
		svc: NewService(db.DB, f.Audit, sv, f.Drafts, f.Regions, f.Taxonomy, f.Directory)}
	for name, p := range f.Providers {
		w.providers[name] = p.ID
	}
	sectionIDs := draftstest.SectionIDs(f.Sections)
	w.draftA = w.freeze("Tak directory (A)", drafts.Rules{Regions: []string{"TH63"}}, sectionIDs)
	w.draftB = w.freeze("Thailand directory (B)", drafts.Rules{}, sectionIDs)
	return w
}

func (w *testWorld) freeze(name string, rules drafts.Rules, sections []string) drafts.Version {
	w.t.Helper()
	ctx := context.Background()
	d, err := w.drafts.CreateDraft(ctx, testAdmin, drafts.DraftInput{Name: name, Countries: []string{"TH"}, Audience: drafts.AudienceTesting,
		Settings: drafts.Settings{Language: "en", Rules: rules, Sections: sections}})
	if err != nil {
		w.t.Fatalf("create draft %s: %v", name, err)
	}
	v, err := w.drafts.Freeze(ctx, testAdmin, d.ID, "for the feedback test")
	if err != nil {
		w.t.Fatalf("freeze %s: %v", name, err)
	}
	return v
}

func (w *testWorld) id(name string) string {
	w.t.Helper()
	id, ok := w.providers[name]
	if !ok {
		w.t.Fatalf("no test provider named %q", name)
	}
	return id
}

// input is a valid test comparing draft A and draft B: two tasks, two
// Likert items, a comprehension question, a question about the rights
// section, every attribute asked.
func (w *testWorld) input() TestInput {
	return TestInput{
		Title: "Mae Sot directory test", Country: "TH",
		Drafts:     []DraftRef{{DraftID: w.draftA.DraftID, Version: w.draftA.Number}, {DraftID: w.draftB.DraftID, Version: w.draftB.Number}},
		Breakdowns: []string{BreakdownDraft, BreakdownGroup, BreakdownAgeBand},
		Attributes: []string{AttributeAgeBand, AttributeGender, AttributeNationality},
		AreaSet:    "th", AreaLevel: 1,
		Consent: tr("I understand what this test is for and agree to take part.", "ฉันเข้าใจและยินยอม", "နားလည်ပြီး သဘောတူပါသည်"),
		Tasks: []Task{
			{Code: "shelter", Scenario: tr("A 16-year-old girl from Myanmar in Mae Sot needs a safe place tonight.", "", ""),
				CorrectProviders: []string{w.id("Mae Sot Girls' Shelter")}},
			{Code: "legal", Scenario: tr("A migrant worker in Mae Sot was not paid and wants advice.", "", ""),
				CorrectProviders: []string{w.id("Tak Migrant Legal Clinic")}},
		},
		Likert: []LikertItem{
			{Code: "clear", Dimension: DimensionClarity, Statement: tr("The directory is easy to understand.", "", "")},
			{Code: "trust", Dimension: DimensionTrust, Statement: tr("I would trust these services.", "", "")},
		},
		Comprehension: []ComprehensionQuestion{{Code: "cost", Question: tr("What do the shelters cost?", "", ""),
			Choices: []Choice{{Code: "free", Label: tr("Nothing", "", "")}, {Code: "fee", Label: tr("A fee", "", "")}}, Correct: "free"}},
		Sections: []SectionQuestion{{SectionID: w.sections[0].ID}},
	}
}

// openTest creates and opens the test of input.
func (w *testWorld) openTest() Test {
	w.t.Helper()
	ctx := context.Background()
	t, err := w.svc.Create(ctx, testEditorTH, w.input())
	if err != nil {
		w.t.Fatalf("create test: %v", err)
	}
	t, err = w.svc.Open(ctx, testEditorTH, t.ID)
	if err != nil {
		w.t.Fatalf("open test: %v", err)
	}
	return t
}

// answer is a complete response in group, solving the shelter task when
// solved is true.
func (w *testWorld) answer(group string, order []string, solved bool) ResponseInput {
	chosen := w.id("Chiang Mai Family Shelter")
	if solved {
		chosen = w.id("Mae Sot Girls' Shelter")
	}
	return ResponseInput{InstanceID: uuid.NewString(), Language: English, Consent: true, Group: group, AgeBand: "18_24",
		DraftOrder: order,
		Tasks: []TaskInput{{Task: "shelter", Chosen: []string{chosen}, Seconds: new(40), Difficulty: 2},
			{Task: "legal", Chosen: []string{w.id("Tak Migrant Legal Clinic")}, Seconds: new(25), Difficulty: 1}},
		Likert:        map[string]int{"clear": 4, "trust": 5},
		Comprehension: map[string]string{"cost": "free"},
		Sections:      []SectionAnswer{{SectionID: w.sections[0].ID, Understood: SectionYes, Useful: SectionPartly}},
	}
}
