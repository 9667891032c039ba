package demo_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/haven-project/haven/app"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/demo"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
)

// The demo holds two drafts of the same area, frozen for testing, laid out
// differently, holding only what the tiers let anyone see.
func TestDemoDrafts(t *testing.T) {
	ctx := context.Background()
	s, err := app.New(ctx, dbtest.OpenSQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	ds, err := s.Drafts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, err := ds.Drafts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]drafts.Draft{}
	for _, d := range all {
		byName[d.Name] = d
	}
	var versions []drafts.Version
	for _, name := range []string{demo.DraftA, demo.DraftB} {
		d, ok := byName[name]
		if !ok || d.LatestVersion != 1 || d.Audience != drafts.AudienceTesting {
			t.Fatalf("draft %q: %+v", name, d)
		}
		v, err := ds.Version(ctx, d.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		versions = append(versions, v)
		if len(v.Entries) < 8 {
			t.Errorf("%s holds %d entries; a test needs enough to choose from", name, len(v.Entries))
		}
		for _, e := range v.Entries {
			for _, l := range e.Locations {
				if l.Tier == mapping.TierHidden || (l.Tier == mapping.TierRegionOnly && (l.Latitude != nil || l.Address != nil)) {
					t.Errorf("%s: entry %s shows a confidential place: %+v", name, e.Name, l)
				}
			}
			for _, c := range e.Channels {
				if c.Tier != mapping.TierPublic {
					t.Errorf("%s: entry %s shows a %s channel", name, e.Name, c.Tier)
				}
			}
		}
	}
	a, b := versions[0], versions[1]
	if a.Settings.Grouping.Order == b.Settings.Grouping.Order || len(a.Sections) == len(b.Sections) || a.Settings.Language == b.Settings.Language {
		t.Error("the two demo drafts should differ in grouping, sections and language")
	}
	ja, _ := json.Marshal(a.Entries)
	jb, _ := json.Marshal(b.Entries)
	if string(ja) != string(jb) {
		t.Error("the two demo drafts should hold the same entries, so that a test compares layouts only")
	}
	book := drafts.BuildBook(b, "")
	if book.Lang != "my" || len(book.Emergency) != 4 || !slices.ContainsFunc(book.Groups, func(g drafts.Group) bool { return strings.Contains(g.Title, "ခိုလှုံ") }) {
		t.Errorf("draft B in Burmese: lang %s, %d emergency numbers, groups %v", book.Lang, len(book.Emergency), len(book.Groups))
	}
}
