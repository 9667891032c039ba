package mapping_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
)

func TestConcurrentStaleWritesLoseCleanly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		p, err := w.dir.Create(ctx, admin, shelter("Race House", mapping.TierPublic, 16.7, 98.5))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, stale := 0, 0
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := w.dir.Patch(ctx, admin, p.ID, p.Version, map[string]json.RawMessage{"description": mustJSON(t, strings.Repeat("x", i+1))})
				mu.Lock()
				defer mu.Unlock()
				switch haven.KindOf(err) {
				case haven.KindPreconditionFailed:
					stale++
				default:
					if err == nil {
						won++
					} else {
						t.Errorf("patch: %v", err)
					}
				}
			}()
		}
		wg.Wait()
		if won != 1 || stale != 7 {
			t.Errorf("8 writers with the same If-Match: %d won, %d stale; want 1 and 7", won, stale)
		}
	})
}

// mixed has a public office and a hidden shelter: a service at each and
// one at both, a public phone at the shelter.
func mixed() mapping.Provider {
	p := shelter("Mixed", mapping.TierPublic, 16.7, 98.5)
	p.Locations[0].ID = "office"
	p.Locations = append(p.Locations, mapping.Location{ID: "shelter", Tier: mapping.TierHidden, Latitude: ptr(16.71), Longitude: ptr(98.51)})
	p.Services = []mapping.Service{
		{ID: "s-office", Type: "legal_aid", LocationIDs: []string{"office"}},
		{ID: "s-shelter", Type: "accommodation.emergency", Description: "SECRET only at the shelter", LocationIDs: []string{"shelter"}},
		{ID: "s-both", Type: "medical", LocationIDs: []string{"office", "shelter"}},
	}
	p.Channels = []mapping.Channel{{ID: "c-hot", Kind: "hotline", Value: "1300", Tier: mapping.TierPublic},
		{ID: "c-shelter", Kind: "phone", Value: "+66 9 SECRET", Tier: mapping.TierPublic, LocationID: "shelter"}}
	return p
}

func TestEditsWithoutTheRightKeepWhatTheyCannotSee(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	ctx := context.Background()
	created, err := w.dir.Create(ctx, admin, mixed())
	if err != nil {
		t.Fatal(err)
	}
	seen, err := w.dir.Provider(ctx, editor, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(mustJSON(t, seen)), "SECRET") {
		t.Fatalf("the editor sees what is withheld: %+v", seen)
	}
	// The editor saves the form as seen, renaming the provider.
	_, err = w.dir.Patch(ctx, editor, created.ID, 0, map[string]json.RawMessage{"name": mustJSON(t, "Renamed"),
		"locations": mustJSON(t, seen.Locations), "services": mustJSON(t, seen.Services), "channels": mustJSON(t, seen.Channels)})
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := w.dir.Provider(ctx, admin, created.ID)
	both := stored.Services[slices.IndexFunc(stored.Services, func(s mapping.Service) bool { return s.ID == "s-both" })]
	if len(stored.Locations) != 2 || len(stored.Services) != 3 || len(stored.Channels) != 2 || !slices.Contains(both.LocationIDs, "shelter") {
		t.Errorf("a save without the right lost withheld data: %+v", stored)
	}
	history, err := w.dir.History(ctx, editor, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range history {
		if strings.Contains(c.Field+c.Old+c.New, "SECRET") || strings.Contains(c.Field, "s-shelter") || strings.Contains(c.Old+c.New, "shelter") {
			t.Errorf("history shows a withheld item: %+v", c)
		}
	}
}

func TestSearchAuditsManyConfidentialReads(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		for i := range 25 {
			p := shelter("Hidden "+string(rune('A'+i)), mapping.TierHidden, 16.7+float64(i)*0.001, 98.5)
			if _, err := w.dir.Create(ctx, admin, p); err != nil {
				t.Fatal(err)
			}
		}
		hits, _, err := w.dir.Search(ctx, admin, mapping.Query{Limit: 50})
		if err != nil || len(hits) != 25 {
			t.Fatalf("search by an admin with the right: %d hits, %v", len(hits), err)
		}
	})
}

func TestLocationIDsBelongToOneProvider(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		a := shelter("A", mapping.TierPublic, 16.7, 98.5)
		a.Locations[0].ID = "place-1"
		if _, err := w.dir.Create(ctx, admin, a); err != nil {
			t.Fatal(err)
		}
		b := shelter("B", mapping.TierPublic, 16.8, 98.6)
		b.Locations[0].ID = "place-1"
		if _, err := w.dir.Create(ctx, admin, b); haven.KindOf(err) != haven.KindConflict {
			t.Errorf("reused location ID: %v, want conflict", err)
		}
		b.Locations[0].ID = strings.Repeat("x", 40)
		if _, err := w.dir.Create(ctx, admin, b); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("overlong location ID: %v, want invalid", err)
		}
	})
}
