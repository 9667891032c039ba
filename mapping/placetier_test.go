package mapping_test

import (
	"context"
	"testing"

	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
)

func TestStricter(t *testing.T) {
	for _, tc := range []struct {
		a, b, want mapping.Tier
	}{
		{"", "", ""},
		{"", mapping.TierPublic, mapping.TierPublic},
		{mapping.TierHidden, "", mapping.TierHidden},
		{mapping.TierPublic, mapping.TierRegionOnly, mapping.TierRegionOnly},
		{mapping.TierHidden, mapping.TierRegionOnly, mapping.TierHidden},
		{mapping.TierPublic, "secret", mapping.TierHidden},
	} {
		if got := mapping.Stricter(tc.a, tc.b); got != tc.want {
			t.Errorf("Stricter(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
		if got := mapping.Stricter(tc.b, tc.a); got != tc.want {
			t.Errorf("Stricter(%q, %q) = %q, want %q", tc.b, tc.a, got, tc.want)
		}
	}
}

func TestStrictestTiers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		place := func(name string, tier mapping.Tier) mapping.Location {
			return mapping.Location{Name: name, Tier: tier, Latitude: ptr(13.75), Longitude: ptr(100.5)}
		}
		create := func(locs ...mapping.Location) string {
			t.Helper()
			p, err := w.dir.Create(ctx, admin, mapping.Provider{Name: "P", Country: "TH", Locations: locs,
				Services: []mapping.Service{{Type: "legal_aid"}}})
			if err != nil {
				t.Fatal(err)
			}
			return p.ID
		}
		open := create(place("office", mapping.TierPublic))
		mixed := create(place("office", mapping.TierPublic), place("shelter", mapping.TierHidden))
		quiet := create(place("clinic", mapping.TierRegionOnly))
		gone := create(place("house", mapping.TierHidden))
		if err := w.dir.Delete(ctx, admin, gone, 0); err != nil {
			t.Fatal(err)
		}
		noPlace := create()
		got, err := w.dir.StrictestTiers(ctx, []string{open, mixed, quiet, gone, noPlace, open, "unknown"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]mapping.Tier{open: mapping.TierPublic, mixed: mapping.TierHidden, quiet: mapping.TierRegionOnly, gone: mapping.TierHidden}
		if len(got) != len(want) {
			t.Errorf("got %v, want %v", got, want)
		}
		for id, tier := range want {
			if got[id] != tier {
				t.Errorf("provider %s: %q, want %q", id, got[id], tier)
			}
		}
	})
}
