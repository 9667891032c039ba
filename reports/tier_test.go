package reports

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// TestHiddenSiteTakesNoPartInDistances: in A2 the only shelter is hidden
// and the only medical service anywhere is that shelter's. Both count in
// the numbers and the gap class; neither in a distance.
func TestHiddenSiteTakesNoPartInDistances(t *testing.T) {
	hidden := orb.Point{2.3, 0.7}
	in := strip()
	in.Providers = []Provider{
		{ID: "open", Point: at(0.5, 0.5), Services: []Offer{{Type: "accommodation", Capacity: new(20.0)}}},
		{ID: "secret", Point: &hidden, Tier: "hidden", Services: []Offer{
			{Type: "accommodation", Capacity: new(4.0)}, {Type: "medical"}}},
	}
	rules := &GapRules{Norms: DefaultRules().Norms, Default: &Norm{MaxNearestKm: new(50.0)}}
	for _, p := range methodParams() {
		p.Rules = rules
		rep, err := Compute(in, p)
		if err != nil {
			t.Fatal(err)
		}
		where := string(p.Method)
		// Counted: located, serving, capacity, and a class from them (4
		// places for 10,000 people meet one per 10,000).
		shelter := rowOf(t, rep.Regions, "A2", "accommodation")
		if shelter.ProvidersLocated != 1 || shelter.ProvidersServing != 1 || *shelter.Capacity != 4 || shelter.GapClass != GapCovered {
			t.Errorf("%s: A2 shelters %+v", where, shelter)
		}
		// Not measured: the nearest shelter is the public one, 2° west.
		if want := spatial.DistanceKm(orb.Point{2.5, 0.5}, orb.Point{0.5, 0.5}); shelter.NearestKm == nil || *shelter.NearestKm != want {
			t.Errorf("%s: A2 nearest shelter %v, want %v", where, shelter.NearestKm, want)
		}
		medical := rowOf(t, rep.Regions, "A2", "medical")
		if medical.ProvidersServing != 1 || medical.GapClass != GapCovered || medical.NearestKm != nil || *medical.PopulationWithinShare != 0 {
			t.Errorf("%s: A2 medical %+v", where, medical)
		}
		for _, rows := range [][]Row{rep.Regions, rep.Parents, rep.Countries} {
			for _, r := range rows {
				if r.Service == "medical" && r.NearestKm != nil {
					t.Errorf("%s: %s medical nearest %v with no public medical service", where, r.RegionCode, *r.NearestKm)
				}
			}
		}
		// Its supply still counts in the access index, measured from A2's
		// point, which reaches A2's own people with every method.
		if p.Method != MethodCount && !(*medical.AccessIndex > 0) {
			t.Errorf("%s: A2 medical access %v", where, *medical.AccessIndex)
		}
		noDistanceTo(t, where, rep, hidden, in)
	}
}

// noDistanceTo fails if any distance measure of the report equals the
// distance from a region's weighted point to p.
func noDistanceTo(t *testing.T, where string, rep Report, p orb.Point, in Input) {
	t.Helper()
	e, err := NewEngine(in, Params{})
	if err != nil {
		t.Fatal(err)
	}
	for _, reg := range e.regions {
		if !reg.hasRep {
			continue
		}
		secret := spatial.DistanceKm(reg.rep, p)
		for _, rows := range [][]Row{rep.Regions, rep.Parents, rep.Countries} {
			for _, r := range rows {
				if r.NearestKm != nil && math.Abs(*r.NearestKm-secret) < 1e-6 {
					t.Errorf("%s: %s × %s nearest_km %v is the distance from %s to the hidden site", where, r.RegionCode, r.Service, *r.NearestKm, reg.code)
				}
			}
		}
	}
}

// TestNonPublicSitesMoveFreelyWithinTheirRegion: a hidden or region_only
// site can stand anywhere in its region without changing one byte of the
// report, under every method. So no figure (distance, share, access
// index, radius served) says more about where it is than its region,
// which providers_located tells anyway.
func TestNonPublicSitesMoveFreelyWithinTheirRegion(t *testing.T) {
	// randomInput's regions are 0.5° squares from (100, 10).
	const x0, y0, cell, margin = 100.0, 10.0, 0.5, 0.01
	for seed := range uint64(20) {
		in := randomInput(seed)
		rng := rand.New(rand.NewPCG(seed, 13))
		moved := in
		moved.Providers = slices.Clone(in.Providers)
		n := 0
		for i, p := range moved.Providers {
			if p.Tier == "public" || p.Point == nil {
				continue
			}
			fx, fy := (p.Point[0]-x0)/cell, (p.Point[1]-y0)/cell
			col, row := math.Floor(fx), math.Floor(fy)
			if col < 0 || col >= 6 || row < 0 || row >= 4 || fx-col < margin || col+1-fx < margin || fy-row < margin || row+1-fy < margin {
				continue // outside every region, or on a border
			}
			to := orb.Point{x0 + (col+margin+rng.Float64()*(1-2*margin))*cell, y0 + (row+margin+rng.Float64()*(1-2*margin))*cell}
			moved.Providers[i].Point = &to
			n++
		}
		if n == 0 {
			continue
		}
		for _, p := range methodParams() {
			p.ListServing = true
			want, err := Compute(in, p)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Compute(moved, p)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := mustJSON(t, got), mustJSON(t, want); !bytes.Equal(a, b) {
				t.Fatalf("seed %d %s: moving %d non-public sites within their regions changed the report\n%s",
					seed, p.Method, n, firstDifference(a, b))
			}
		}
	}
}

// TestPublicSiteMoveIsSeen is the control for the test above: the same
// moves of public sites do change the report, so the comparison can fail.
func TestPublicSiteMoveIsSeen(t *testing.T) {
	in := strip()
	in.Providers = []Provider{{ID: "a", Point: at(2.3, 0.7), Services: []Offer{{Type: "medical"}}}}
	moved := in
	moved.Providers = []Provider{{ID: "a", Point: at(2.6, 0.4), Services: []Offer{{Type: "medical"}}}}
	for _, tier := range []string{"public", "hidden"} {
		in.Providers[0].Tier, moved.Providers[0].Tier = tier, tier
		a, err := Compute(in, Params{Method: MethodGaussian})
		if err != nil {
			t.Fatal(err)
		}
		b, err := Compute(moved, Params{Method: MethodGaussian})
		if err != nil {
			t.Fatal(err)
		}
		if same := bytes.Equal(mustJSON(t, a), mustJSON(t, b)); same != (tier == "hidden") {
			t.Errorf("%s site moved within A2: report unchanged %v", tier, same)
		}
	}
}
