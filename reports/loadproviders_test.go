package reports

import (
	"testing"

	"github.com/haven-project/haven/mapping"
)

// TestSubTypesAreFilteredBeforeTheyAdd: the loader passes each sub-type
// service as an offer of the type asked for, so the filter judges each by
// its own eligibility and only then do capacities add up.
func TestSubTypesAreFilteredBeforeTheyAdd(t *testing.T) {
	beds := func(n int) *mapping.Capacity { return &mapping.Capacity{Unit: "beds", Total: &n} }
	at := func(id string, lon, lat float64, services ...mapping.Service) mapping.Provider {
		return mapping.Provider{ID: id, Status: "active",
			Locations: []mapping.Location{{ID: "l", Tier: mapping.TierPublic, Latitude: &lat, Longitude: &lon}}, Services: services}
	}
	women := mapping.Eligibility{Genders: []string{"female"}}
	providers := []mapping.Provider{
		// In A0: a shelter open to all (5 beds) with a women-only wing (20),
		// and a women-only shelter (12).
		at("mixed", 0.5, 0.5,
			mapping.Service{Type: "accommodation.long_term", Capacity: beds(5)},
			mapping.Service{Type: "accommodation.emergency", Eligibility: women, Capacity: beds(20)}),
		at("women", 0.6, 0.5, mapping.Service{Type: "accommodation.emergency", Eligibility: women, Capacity: beds(12)}),
		// In A1: one service states 10 beds, the other none.
		at("unsized", 1.5, 0.5,
			mapping.Service{Type: "accommodation.emergency", Capacity: beds(10)},
			mapping.Service{Type: "accommodation.child"}),
	}
	in := strip()
	in.Providers = sitesOf(providers, []string{"accommodation"}, "", 2)
	for _, p := range in.Providers {
		for _, o := range p.Services {
			if o.Type != "accommodation" {
				t.Fatalf("site %s offers %s, want every offer under the type asked for", p.ID, o.Type)
			}
		}
	}
	rules := &GapRules{Norms: map[string]Norm{"accommodation": {CapacityPer10k: new(20.0)}}}
	for _, tc := range []struct {
		name             string
		filter           Filter
		located          int
		capacity         float64
		a1Capacity       float64
		a1Class, a0Class string
	}{
		// A0 has 10,000 people: 37 beds meet 20 per 10,000, 5 do not. A1's
		// 10 stated beds would not, but one service states none, so the
		// capacity norm does not apply.
		{"anyone", Filter{}, 2, 37, 10, GapCovered, GapCovered},
		{"for women", Filter{Gender: "female"}, 2, 37, 10, GapCovered, GapCovered},
		{"for men", Filter{Gender: "male"}, 1, 5, 10, GapCovered, GapBelowNorm},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := Compute(in, Params{Services: []string{"accommodation"}, Filter: tc.filter, Rules: rules})
			if err != nil {
				t.Fatal(err)
			}
			a0 := rowOf(t, rep.Regions, "A0", "accommodation")
			if a0.ProvidersLocated != tc.located || *a0.Capacity != tc.capacity || a0.GapClass != tc.a0Class {
				t.Errorf("A0: located %d, capacity %v, %s; want %d, %v, %s", a0.ProvidersLocated, *a0.Capacity, a0.GapClass,
					tc.located, tc.capacity, tc.a0Class)
			}
			a1 := rowOf(t, rep.Regions, "A1", "accommodation")
			if *a1.Capacity != tc.a1Capacity || a1.GapClass != tc.a1Class {
				t.Errorf("A1: capacity %v, %s; want %v, %s", *a1.Capacity, a1.GapClass, tc.a1Capacity, tc.a1Class)
			}
		})
	}
}

// TestOffersAtLocations: a service listing locations is offered at those
// only; without requested types every service keeps its own type.
func TestOffersAtLocations(t *testing.T) {
	services := []mapping.Service{
		{Type: "accommodation.emergency", LocationIDs: []string{"north"}},
		{Type: "legal_aid"},
		{Type: "accommodation", LocationIDs: []string{"south"}},
	}
	for _, tc := range []struct {
		loc       string
		requested []string
		want      []string
	}{
		{"north", nil, []string{"accommodation.emergency", "legal_aid"}},
		{"south", nil, []string{"legal_aid", "accommodation"}},
		{"north", []string{"accommodation"}, []string{"accommodation"}},
		{"", []string{"accommodation", "legal_aid"}, []string{"accommodation", "legal_aid", "accommodation"}},
		{"south", []string{"medical"}, nil},
	} {
		var got []string
		for _, o := range offersAt(services, tc.loc, tc.requested) {
			got = append(got, o.Type)
		}
		if len(got) != len(tc.want) {
			t.Errorf("at %q asking %v: %v, want %v", tc.loc, tc.requested, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("at %q asking %v: %v, want %v", tc.loc, tc.requested, got, tc.want)
				break
			}
		}
	}
}
