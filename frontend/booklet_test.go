package frontend

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
)

// sampleVersion is a small frozen version: a hotline, a shelter whose place
// is withheld, and an emergency section.
func sampleVersion() drafts.Version {
	lat, lon := 16.71, 98.57
	return drafts.Version{DraftID: "d1", Number: 2, Name: "Mae Sot <Tak> (A)", Audience: drafts.AudienceTesting,
		Settings: drafts.Settings{Language: "en", Grouping: drafts.Grouping{Order: drafts.OrderRegionService, RegionLevel: 1}},
		FrozenAt: time.Date(2026, 9, 15, 10, 0, 0, 0, time.UTC),
		Entries: []mapping.Provider{
			{ID: "p1", Name: "National Hotline", Status: "active",
				Services: []mapping.Service{{Type: "hotline", Languages: []string{"th", "my"}, Cost: mapping.Cost{Kind: "free"}}},
				Channels: []mapping.Channel{{Kind: "hotline", Value: "1300", Hours: "24/7", Tier: mapping.TierPublic}}},
			{ID: "p2", Name: "Quiet Shelter", Status: "active",
				Locations: []mapping.Location{{ID: "l2", Tier: mapping.TierRegionOnly, Redacted: true,
					Regions: []mapping.RegionRef{{Set: "th", Level: 1, Code: "TH63", Name: "Tak"}}}},
				Services: []mapping.Service{{Type: "accommodation.emergency", Languages: []string{"my"}, Cost: mapping.Cost{Kind: "free"}}},
				Channels: []mapping.Channel{{Kind: "phone", Value: "+66 55 000 111", Tier: mapping.TierPublic}}},
			{ID: "p3", Name: "Open Clinic", Status: "active",
				Locations: []mapping.Location{{ID: "l3", Tier: mapping.TierPublic, Latitude: &lat, Longitude: &lon,
					Address: &mapping.Address{Line1: "1 Main Road", City: "Mae Sot"},
					Regions: []mapping.RegionRef{{Set: "th", Level: 1, Code: "TH63", Name: "Tak"}}}},
				Services: []mapping.Service{{Type: "medical", Languages: []string{"th"}, Cost: mapping.Cost{Kind: "fee"}}},
				Channels: []mapping.Channel{{Kind: "website", Value: "javascript:alert(1)", Tier: mapping.TierPublic}}},
		},
		Sections: []drafts.Section{{ID: "s1", Kind: drafts.KindEmergency, Texts: map[string]drafts.SectionText{"en": {Title: "Emergency", Body: "Call <now>."}},
			Numbers: []drafts.Number{{Value: "191", Labels: map[string]string{"en": "Police"}}}}},
		ServiceNames: map[string]map[string]string{"hotline": {"en": "Hotline and helpline"}, "accommodation": {"en": "Shelter"},
			"accommodation.emergency": {"en": "Emergency shelter"}, "medical": {"en": "Medical care"}},
	}
}

func TestDraftOutputsRender(t *testing.T) {
	for _, lang := range drafts.Languages {
		book := drafts.BuildBook(sampleVersion(), lang)
		for _, output := range DraftOutputs {
			t.Run(lang+"/"+output, func(t *testing.T) {
				var buf bytes.Buffer
				if err := RenderDraft(&buf, output, DraftPage{Book: book, Base: "/d/d1/2", Offline: true, Languages: DraftLanguages()}); err != nil {
					t.Fatal(err)
				}
				s := buf.String()
				if !strings.HasPrefix(s, "<!doctype html>") || !strings.Contains(s, `<html lang="`+lang+`"`) {
					t.Errorf("not a whole page in %s:\n%.300s", lang, s)
				}
				if strings.Contains(s, "<script>") || strings.Contains(s, "style=") || strings.Contains(s, "onclick") {
					t.Error("inline script or style: the Content-Security-Policy forbids them")
				}
				if strings.Contains(s, "Mae Sot <Tak>") || strings.Contains(s, "Call <now>") || strings.Contains(s, `href="javascript:`) {
					t.Error("draft text reached the page unescaped")
				}
				for _, want := range []string{"Mae Sot &lt;Tak&gt; (A)", "1300", "191"} {
					if !strings.Contains(s, want) {
						t.Errorf("%s misses %q", output, want)
					}
				}
				if output != "card" {
					for _, want := range []string{"Quiet Shelter", "Open Clinic", "1 Main Road", book.L.PlaceWithheld, book.L.TestingBanner} {
						if !strings.Contains(s, want) {
							t.Errorf("%s misses %q", output, want)
						}
					}
				}
			})
		}
	}
	if err := RenderDraft(&bytes.Buffer{}, "poster", DraftPage{}); err == nil {
		t.Error("an unknown output rendered")
	}
}

func TestWebDirectoryRegistersItsServiceWorkerOnlyWhenAsked(t *testing.T) {
	book := drafts.BuildBook(sampleVersion(), "en")
	for _, offline := range []bool{true, false} {
		var buf bytes.Buffer
		if err := RenderDraft(&buf, "web", DraftPage{Book: book, Base: "/d/d1/2", Offline: offline}); err != nil {
			t.Fatal(err)
		}
		has := strings.Contains(buf.String(), `data-sw="/d/d1/2/sw.js" data-scope="/d/d1/2/"`)
		if has != offline {
			t.Errorf("offline %v: service worker attributes present %v", offline, has)
		}
	}
}

func TestDraftPagesRender(t *testing.T) {
	for _, name := range []string{"drafts", "draft-edit", "draft-sections"} {
		t.Run(name, func(t *testing.T) {
			html, err := Page(name)
			if err != nil {
				t.Fatal(err)
			}
			s := string(html)
			if strings.Contains(s, "<script>") || strings.Contains(s, "style=") || strings.Contains(s, "onclick") {
				t.Error("inline script or style: the Content-Security-Policy forbids them")
			}
			if !strings.Contains(s, `href="/drafts" data-nav="drafts" aria-current="page"`) {
				t.Error("the Drafts entry of the navigation is not marked current")
			}
		})
	}
	if _, err := Page("booklet"); err == nil {
		t.Error("an output template was rendered as a page")
	}
}
