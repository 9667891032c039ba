package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// randomInput is a small random world: a grid of rectangular regions in
// two parents and two countries, population points (some at sea), and
// providers of four types with every kind of service area, tier and
// capacity, some without a point.
func randomInput(seed uint64) Input {
	rng := rand.New(rand.NewPCG(seed, 99))
	const nx, ny, cell = 6, 4, 0.5
	var in Input
	for j := range ny {
		for i := range nx {
			x, y := 100+float64(i)*cell, 10+float64(j)*cell
			parent, country := "PA", "AA"
			if i >= nx/2 {
				parent, country = "PB", "BB"
			}
			r := Region{Code: fmt.Sprintf("R%d%d", j, i), Name: fmt.Sprintf("Region %d %d", j, i), Level: 2,
				ParentCode: parent, Country: country,
				Geometry: orb.MultiPolygon{{{{x, y}, {x + cell, y}, {x + cell, y + cell}, {x, y + cell}, {x, y}}}}}
			if rng.IntN(4) == 0 {
				r.Population = new(float64(rng.IntN(100000)))
			}
			in.Regions = append(in.Regions, r)
		}
	}
	in.Parents = []Region{{Code: "PA", Name: "Parent A", Level: 1, Country: "AA"}, {Code: "PB", Name: "Parent B", Level: 1, Country: "BB"}}
	for range 40 + rng.IntN(80) {
		in.Population = append(in.Population, PopulationPoint{
			Lon: 99.8 + rng.Float64()*3.4, Lat: 9.8 + rng.Float64()*2.4, Population: float64(rng.IntN(5000)),
		})
	}
	for k := range 10 + rng.IntN(40) {
		in.Providers = append(in.Providers, randomProvider(rng, fmt.Sprintf("p%03d", k), in.Regions))
	}
	in.Need = map[string]float64{"R00": 50, "R11": 10, "PA": 400}
	in.UnmetDemand = map[string]map[string]float64{"R01": {"accommodation": 3}, "R22": {"medical": 1}}
	return in
}

var randomTypes = []string{"accommodation", "medical", "legal_aid", "hotline"}

func randomProvider(rng *rand.Rand, id string, regions []Region) Provider {
	p := Provider{ID: id, Tier: []string{"public", "region_only", "hidden"}[rng.IntN(3)], Country: "AA"}
	if rng.IntN(8) == 0 {
		p.RegionCodes = []string{regions[rng.IntN(len(regions))].Code}
	} else {
		p.Point = &orb.Point{99.9 + rng.Float64()*3.2, 9.9 + rng.Float64()*2.2}
	}
	for _, t := range rng.Perm(len(randomTypes))[:1+rng.IntN(2)] {
		o := Offer{Type: randomTypes[t]}
		if rng.IntN(3) > 0 {
			o.Capacity = new(float64(1 + rng.IntN(40)))
		}
		switch rng.IntN(6) {
		case 0:
			o.RadiusKm = new(float64(10 + rng.IntN(60)))
		case 1:
			o.AreaCodes = []string{[]string{"PA", "PB", "AA", "BB", regions[rng.IntN(len(regions))].Code}[rng.IntN(5)]}
		}
		if rng.IntN(4) == 0 {
			o.Genders = []string{"female"}
		}
		p.Services = append(p.Services, o)
		if rng.IntN(5) == 0 { // a second offer of the same type
			p.Services = append(p.Services, Offer{Type: o.Type, Capacity: new(3.0)})
		}
	}
	return p
}

func methodParams() []Params {
	return []Params{
		{Method: MethodCount, CatchmentKm: 40},
		{Method: Method2SFCA, CatchmentKm: 40, WithinKm: 25},
		{Method: MethodE2SFCA, CatchmentKm: 30},
		{Method: MethodGaussian, CatchmentKm: 50, SigmaKm: 20},
	}
}

// TestSupplyBalance: Σ_i P_i A_i equals the supply of the sites that have
// some demand in reach, for every method and service type.
func TestSupplyBalance(t *testing.T) {
	for seed := range uint64(30) {
		in := randomInput(seed)
		for _, p := range methodParams()[1:] {
			e, err := NewEngine(in, p)
			if err != nil {
				t.Fatal(err)
			}
			for svc, name := range e.services {
				total := weightedSum(e.pop, e.access[svc])
				reachable := 0.0
				for _, s := range e.sites {
					if o := s.offer(svc); o != nil && s.measured && s.demand > 0 {
						reachable += o.supply
					}
				}
				if math.Abs(total-reachable) > 1e-9*max(1, reachable) {
					t.Errorf("seed %d %s %s: Σ P·A = %v, reachable supply %v", seed, p.Method, name, total, reachable)
				}
			}
		}
	}
}

// TestAddingProviderNeverWidensGap adds one random provider to random
// worlds and checks that no row gets worse.
func TestAddingProviderNeverWidensGap(t *testing.T) {
	rank := map[string]int{GapNoService: 0, GapBelowNorm: 1, GapCovered: 2}
	for seed := range uint64(40) {
		in := randomInput(seed)
		rng := rand.New(rand.NewPCG(seed, 7))
		for _, p := range methodParams() {
			p.Services = randomTypes
			before, err := Compute(in, p)
			if err != nil {
				t.Fatal(err)
			}
			more := in
			more.Providers = append(slices.Clone(in.Providers), randomProvider(rng, "zz-new", in.Regions))
			after, err := Compute(more, p)
			if err != nil {
				t.Fatal(err)
			}
			pairs := [][2][]Row{{before.Regions, after.Regions}, {before.Parents, after.Parents}, {before.Countries, after.Countries}}
			for _, pr := range pairs {
				for i, b := range pr[0] {
					a := pr[1][i]
					where := fmt.Sprintf("seed %d %s %s/%s", seed, p.Method, b.RegionCode, b.Service)
					if rank[a.GapClass] < rank[b.GapClass] {
						t.Errorf("%s: class %s → %s", where, b.GapClass, a.GapClass)
					}
					if a.ProvidersLocated < b.ProvidersLocated || a.ProvidersServing < b.ProvidersServing {
						t.Errorf("%s: counts went down", where)
					}
					if b.ProvidersServing > 0 || a.Capacity != nil {
						// Nothing serving is capacity 0; a first provider
						// stating none makes it unknown, which is no worse.
						notWorse(t, where+" capacity", b.Capacity, a.Capacity, +1)
					}
					notWorse(t, where+" per 100k", b.ProvidersPer100k, a.ProvidersPer100k, +1)
					notWorse(t, where+" nearest", b.NearestKm, a.NearestKm, -1)
					notWorse(t, where+" within share", b.PopulationWithinShare, a.PopulationWithinShare, +1)
					notWorse(t, where+" access", b.AccessIndex, a.AccessIndex, +1)
				}
			}
		}
	}
}

// notWorse checks that a measure moved in its better direction (+1: up)
// or stayed, and that it did not vanish.
func notWorse(t *testing.T, what string, before, after *float64, better float64) {
	t.Helper()
	switch {
	case before == nil:
	case after == nil:
		t.Errorf("%s: %v → not computed", what, *before)
	case (*after-*before)*better < 0:
		t.Errorf("%s: %v → %v", what, *before, *after)
	}
}

// TestIncrementalMatchesFull applies a series of changes through Update
// and Remove and compares each result, byte for byte, with a full
// recompute on the same providers: the engine's Report, a LiveReport
// refreshed after every change, and one refreshed only now and then.
func TestIncrementalMatchesFull(t *testing.T) {
	for seed := range uint64(12) {
		for _, p := range methodParams() {
			p.ListServing = true
			in := randomInput(seed)
			rng := rand.New(rand.NewPCG(seed, 11))
			e, err := NewEngine(in, p)
			if err != nil {
				t.Fatal(err)
			}
			current := slices.Clone(in.Providers)
			live, lagging := e.Live(), e.Live()
			for step := range 12 {
				switch k := rng.IntN(4); {
				case k == 0 || len(current) == 0: // a new provider
					np := randomProvider(rng, fmt.Sprintf("n%02d-%d", step, rng.IntN(1000)), in.Regions)
					current = append(current, np)
					mustDo(t, e.Update(np))
				case k == 1: // one moves and changes
					i := rng.IntN(len(current))
					np := randomProvider(rng, current[i].ID, in.Regions)
					current[i] = np
					mustDo(t, e.Update(np))
				case k == 2: // one closes
					i := rng.IntN(len(current))
					mustDo(t, e.Remove(current[i].ID))
					current = slices.Delete(current, i, i+1)
				default: // one changes nothing
					mustDo(t, e.Update(current[rng.IntN(len(current))]))
				}
				full := in
				full.Providers = current
				want, err := Compute(full, p)
				if err != nil {
					t.Fatal(err)
				}
				live.Refresh()
				reports := map[string]Report{"Report": e.Report(), "refreshed every step": live.Report}
				if step%3 == 2 {
					lagging.Refresh()
					reports["refreshed every third step"] = lagging.Report
				}
				for name, got := range reports {
					if got, want := mustJSON(t, got), mustJSON(t, want); !bytes.Equal(got, want) {
						t.Fatalf("seed %d %s step %d: %s differs from a full recompute\n%s", seed, p.Method, step, name,
							firstDifference(got, want))
					}
				}
			}
		}
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(i-200, 0)
	return fmt.Sprintf("got  …%s…\nwant …%s…", a[lo:min(i+100, len(a))], b[lo:min(i+100, len(b))])
}

// TestDeterministic: the order of the input does not change one byte.
func TestDeterministic(t *testing.T) {
	for seed := range uint64(10) {
		in := randomInput(seed)
		for _, p := range methodParams() {
			p.ListServing = true
			want, err := Compute(in, p)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(seed, 3))
			shuffled := in
			shuffled.Regions = shuffledCopy(rng, in.Regions)
			shuffled.Parents = shuffledCopy(rng, in.Parents)
			shuffled.Providers = shuffledCopy(rng, in.Providers)
			shuffled.Population = shuffledCopy(rng, in.Population)
			got, err := Compute(shuffled, p)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := mustJSON(t, got), mustJSON(t, want); !bytes.Equal(a, b) {
				t.Fatalf("seed %d %s: shuffled input gives another report\n%s", seed, p.Method, firstDifference(a, b))
			}
		}
	}
}

func shuffledCopy[T any](rng *rand.Rand, s []T) []T {
	out := slices.Clone(s)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
