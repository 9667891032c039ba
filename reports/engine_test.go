package reports

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// strip is a row of five 1° × 1° regions along the equator, A0 … A4, in
// two parents (P1: A0–A2, P2: A3–A4) of country AA; A4 has no population
// point and a population of 20,000 from the boundary set.
func strip() Input {
	var in Input
	for i := range 5 {
		x := float64(i)
		parent := "P1"
		if i >= 3 {
			parent = "P2"
		}
		in.Regions = append(in.Regions, Region{Code: "A" + string(rune('0'+i)), Name: "Area", Level: 2, ParentCode: parent, Country: "AA",
			Geometry: orb.MultiPolygon{{{{x, 0}, {x + 1, 0}, {x + 1, 1}, {x, 1}, {x, 0}}}}})
		if i < 4 {
			in.Population = append(in.Population, PopulationPoint{Lon: x + 0.5, Lat: 0.5, Population: 10000})
		}
	}
	in.Regions[4].Population = new(20000.0)
	in.Parents = []Region{{Code: "P1", Name: "One", Level: 1, Country: "AA"}, {Code: "P2", Name: "Two", Level: 1, Country: "AA"}}
	return in
}

func at(lon, lat float64) *orb.Point { return &orb.Point{lon, lat} }

func rowOf(t *testing.T, rows []Row, code, service string) Row {
	t.Helper()
	for _, r := range rows {
		if r.RegionCode == code && r.Service == service {
			return r
		}
	}
	t.Fatalf("no row %s/%s", code, service)
	return Row{}
}

func TestServingRules(t *testing.T) {
	in := strip()
	in.Providers = []Provider{
		// Located in A0 only.
		{ID: "located", Point: at(0.5, 0.5), Services: []Offer{{Type: "medical"}}},
		// In A1, and serving parent P2 by its area codes.
		{ID: "by-parent", Point: at(1.5, 0.5), Services: []Offer{{Type: "medical", AreaCodes: []string{"P2"}}}},
		// A hotline with no point, recorded in A2, serving the country.
		{ID: "national", RegionCodes: []string{"A2"}, Services: []Offer{{Type: "hotline", AreaCodes: []string{"AA"}}}},
		// In A0 with a 120 km radius: reaches A1's weighted point (111 km)
		// but not A2's (222 km).
		{ID: "radius", Point: at(0.5, 0.5), Services: []Offer{{Type: "legal_aid", RadiusKm: new(120.0)}}},
	}
	rep, err := Compute(in, Params{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		code, service    string
		located, serving int
		class            string
	}{
		{"A0", "medical", 1, 1, GapCovered},
		{"A1", "medical", 1, 1, GapCovered},
		{"A2", "medical", 0, 0, GapNoService},
		{"A3", "medical", 0, 1, GapCovered},
		{"A4", "medical", 0, 1, GapCovered},
		{"A2", "hotline", 1, 1, GapCovered},
		{"A4", "hotline", 0, 1, GapCovered},
		{"A0", "legal_aid", 1, 1, GapCovered},
		{"A1", "legal_aid", 0, 1, GapCovered},
		{"A2", "legal_aid", 0, 0, GapNoService},
	}
	for _, c := range cases {
		row := rowOf(t, rep.Regions, c.code, c.service)
		if row.ProvidersLocated != c.located || row.ProvidersServing != c.serving || row.GapClass != c.class {
			t.Errorf("%s/%s: located %d serving %d %s; want %d %d %s", c.code, c.service,
				row.ProvidersLocated, row.ProvidersServing, row.GapClass, c.located, c.serving, c.class)
		}
	}
	// The national hotline serves all five regions but counts once in the
	// country; the medical providers serve four regions between them.
	if row := rowOf(t, rep.Countries, "AA", "hotline"); row.ProvidersServing != 1 || row.ProvidersLocated != 1 {
		t.Errorf("country hotline: serving %d located %d, want 1 and 1", row.ProvidersServing, row.ProvidersLocated)
	}
	if row := rowOf(t, rep.Countries, "AA", "medical"); row.ProvidersServing != 2 {
		t.Errorf("country medical: serving %d, want 2", row.ProvidersServing)
	}
	if row := rowOf(t, rep.Parents, "P2", "medical"); row.ProvidersServing != 1 || row.ProvidersLocated != 0 {
		t.Errorf("P2 medical: serving %d located %d, want 1 and 0", row.ProvidersServing, row.ProvidersLocated)
	}
}

func TestMeasures(t *testing.T) {
	in := strip()
	in.Providers = []Provider{
		{ID: "s1", Point: at(0.5, 0.5), Tier: "hidden", Services: []Offer{{Type: "accommodation", Capacity: new(30.0)}}},
		{ID: "s2", Point: at(0.6, 0.5), Services: []Offer{{Type: "accommodation", Capacity: new(5.0)}}},
	}
	in.UnmetDemand = map[string]map[string]float64{"A1": {"accommodation": 4}}
	rep, err := Compute(in, Params{Method: Method2SFCA, CatchmentKm: 150, WithinKm: 120})
	if err != nil {
		t.Fatal(err)
	}
	a0 := rowOf(t, rep.Regions, "A0", "accommodation")
	if a0.ProvidersLocated != 2 || *a0.Capacity != 35 || *a0.Population != 10000 || *a0.ProvidersPer100k != 20 {
		t.Errorf("A0: %+v", a0)
	}
	// 35 places for 10,000 people meets one place per 10,000. The hidden
	// s1 stands on A0's point but takes no part in distances: the nearest
	// is the public s2, 0.1° east.
	s2km := spatial.DistanceKm(orb.Point{0.5, 0.5}, orb.Point{0.6, 0.5})
	if a0.GapClass != GapCovered || *a0.NearestKm != s2km || *a0.PopulationWithinShare != 1 {
		t.Errorf("A0: class %s nearest %v share %v", a0.GapClass, *a0.NearestKm, *a0.PopulationWithinShare)
	}
	a1 := rowOf(t, rep.Regions, "A1", "accommodation")
	if a1.GapClass != GapNoService || *a1.Capacity != 0 || a1.UnmetDemand == nil || *a1.UnmetDemand != 4 {
		t.Errorf("A1: %+v", a1)
	}
	// A1's point is 1° of the equator (111.2 km) from the providers: within
	// the 120 km of the share, and inside the 150 km catchment.
	if want := spatial.DistanceKm(orb.Point{0.6, 0.5}, orb.Point{1.5, 0.5}); math.Abs(*a1.NearestKm-want) > 1e-9 {
		t.Errorf("A1 nearest %v, want %v", *a1.NearestKm, want)
	}
	if *a1.PopulationWithinShare != 1 {
		t.Errorf("A1 share %v, want 1", *a1.PopulationWithinShare)
	}
	// Both providers reach A0 and A1 (10,000 people each): A = 35 / 20,000.
	for _, code := range []string{"A0", "A1"} {
		if r := rowOf(t, rep.Regions, code, "accommodation"); math.Abs(*r.AccessIndex-35.0/20000) > 1e-15 {
			t.Errorf("%s access %v, want %v", code, *r.AccessIndex, 35.0/20000)
		}
	}
	// A4 has no population point: it stands at a point inside it with the
	// boundary set's 20,000 people, too far from every provider.
	a4 := rowOf(t, rep.Regions, "A4", "accommodation")
	if *a4.Population != 20000 || *a4.PopulationWithinShare != 0 || *a4.AccessIndex != 0 {
		t.Errorf("A4: population %v share %v access %v", *a4.Population, *a4.PopulationWithinShare, *a4.AccessIndex)
	}
	// Roll-ups: P1 holds A0–A2 (30,000 people, 2 providers, 35 places).
	p1 := rowOf(t, rep.Parents, "P1", "accommodation")
	if *p1.Population != 30000 || p1.ProvidersServing != 2 || *p1.Capacity != 35 || *p1.NearestKm != s2km || *p1.UnmetDemand != 4 {
		t.Errorf("P1: %+v", p1)
	}
	if want := 2.0 / 3; math.Abs(*p1.PopulationWithinShare-want) > 1e-12 {
		t.Errorf("P1 share %v, want %v", *p1.PopulationWithinShare, want)
	}
	if row := rowOf(t, rep.Countries, "AA", "accommodation"); *row.Population != 60000 || row.Level != 0 {
		t.Errorf("country: %+v", row)
	}
}

func TestGapRules(t *testing.T) {
	one := 1.0
	cases := []struct {
		name     string
		capacity *float64
		need     float64
		rules    *GapRules
		want     string
	}{
		{"enough places", new(2.0), 0, nil, GapCovered},
		{"below one place per 10,000", new(0.5), 0, nil, GapBelowNorm},
		{"capacity unknown: no norm applies", nil, 0, nil, GapCovered},
		{"fewer places than people in need", new(5.0), 8, nil, GapBelowNorm},
		{"as many places as people in need", new(8.0), 8, nil, GapCovered},
		{"a stricter default", new(2.0), 0, &GapRules{Norms: map[string]Norm{"accommodation": {ProvidersPer100k: new(20.0)}}}, GapBelowNorm},
		{"no norm at all", new(0.5), 0, &GapRules{}, GapCovered},
		{"a default norm for types without one", new(0.5), 0, &GapRules{Default: &Norm{CapacityPer10k: &one}}, GapBelowNorm},
		{"another type's norm does not apply", new(0.5), 0, &GapRules{Norms: map[string]Norm{"medical": {CapacityPer10k: &one}}}, GapCovered},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := strip()
			in.Providers = []Provider{{ID: "s", Point: at(0.5, 0.5), Services: []Offer{{Type: "accommodation", Capacity: c.capacity}}}}
			if c.need > 0 {
				in.Need = map[string]float64{"A0": c.need}
			}
			rep, err := Compute(in, Params{Rules: c.rules})
			if err != nil {
				t.Fatal(err)
			}
			if got := rowOf(t, rep.Regions, "A0", "accommodation").GapClass; got != c.want {
				t.Errorf("class %s, want %s", got, c.want)
			}
		})
	}
}

func TestFilter(t *testing.T) {
	in := strip()
	in.Providers = []Provider{
		{ID: "women", Point: at(0.5, 0.5), Services: []Offer{{Type: "accommodation", Genders: []string{"female"}, Languages: []string{"th"}}}},
		{ID: "children", Point: at(0.5, 0.5), Services: []Offer{{Type: "accommodation", MaxAge: new(17), Languages: []string{"my"}}}},
		{ID: "adults", Point: at(0.5, 0.5), Services: []Offer{{Type: "accommodation", MinAge: new(18), Languages: []string{"en"}, Interpreting: true}}},
	}
	cases := []struct {
		name   string
		filter Filter
		want   int
	}{
		{"no filter", Filter{}, 3},
		{"for men", Filter{Gender: "male"}, 2},
		{"for children", Filter{MaxAge: new(17)}, 2},
		{"for a 16-year-old girl", Filter{Gender: "female", MinAge: new(16), MaxAge: new(16)}, 2},
		{"in Burmese", Filter{Languages: []string{"my"}}, 1},
		{"in Burmese or through an interpreter", Filter{Languages: []string{"my"}, AcceptInterpreting: true}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Compute(in, Params{Filter: c.filter, Services: []string{"accommodation"}})
			if err != nil {
				t.Fatal(err)
			}
			if got := rowOf(t, rep.Regions, "A0", "accommodation").ProvidersLocated; got != c.want {
				t.Errorf("%d providers, want %d", got, c.want)
			}
		})
	}
}

func TestInvalidInput(t *testing.T) {
	bad := strip()
	bad.Regions = append(bad.Regions, bad.Regions[0])
	bad.Providers = []Provider{
		{ID: "x", Point: at(200, 0)},
		{ID: "x", Tier: "secret", Services: []Offer{{Type: "", Capacity: new(-1.0)}}},
	}
	bad.Population = append(bad.Population, PopulationPoint{Lon: math.NaN(), Lat: 0, Population: -5})
	_, err := Compute(bad, Params{Method: "walk", CatchmentKm: -1, Filter: Filter{Gender: "x"}})
	if !errors.Is(err, haven.ErrInvalid) {
		t.Fatalf("err = %v, want invalid", err)
	}
	_, err = Compute(bad, Params{})
	var he *haven.Error
	if !errors.As(err, &he) {
		t.Fatalf("err = %v", err)
	}
	var fields []string
	for _, f := range he.Fields {
		fields = append(fields, f.Field)
	}
	for _, want := range []string{"regions[5].code", "providers[0].point", "providers[1].id", "providers[1].tier",
		"providers[1].services[0].type", "providers[1].services[0].capacity", "population[4]", "population[4].population"} {
		if !slices.Contains(fields, want) {
			t.Errorf("no problem reported for %s (got %v)", want, fields)
		}
	}
	if _, err := Compute(strip(), Params{Method: MethodE2SFCA, Steps: []Step{{20, 1}, {10, 0.5}}}); !errors.Is(err, haven.ErrInvalid) {
		t.Errorf("steps out of order: err = %v", err)
	}
}

func TestUpdateErrors(t *testing.T) {
	e, err := NewEngine(strip(), Params{})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Remove("nobody"); !errors.Is(err, haven.ErrNotFound) {
		t.Errorf("Remove unknown: %v", err)
	}
	if err := e.Update(Provider{ID: "p", Point: at(0, 100)}); !errors.Is(err, haven.ErrInvalid) {
		t.Errorf("Update at latitude 100: %v", err)
	}
}

func TestInteriorPoint(t *testing.T) {
	cases := []struct {
		name string
		mp   orb.MultiPolygon
	}{
		{"square", orb.MultiPolygon{{{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}}}},
		// A C shape: its centroid lies in the notch.
		{"crescent", orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 0}}}}},
		// A square with a hole in the middle.
		{"ring", orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}}}},
		// Two islands: the centroid is in the sea between them.
		{"islands", orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}, {{{5, 0}, {7, 0}, {7, 1}, {5, 1}, {5, 0}}}}},
		// Clockwise, as many real files are.
		{"clockwise crescent", orb.MultiPolygon{{{{0, 0}, {0, 3}, {3, 3}, {3, 2}, {1, 2}, {1, 1}, {3, 1}, {3, 0}, {0, 0}}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := interiorPoint(c.mp)
			if !planar.MultiPolygonContains(c.mp, p) {
				t.Errorf("interior point %v is outside", p)
			}
		})
	}
	if p := interiorPoint(cases[0].mp); p != (orb.Point{1, 1}) {
		t.Errorf("square: %v, want its centroid", p)
	}
}

// TestChordDistancesMatchSpatial: the squared chords the engine measures
// pairs by give spatial.DistanceKm's distance to a picometre's worth of
// rounding, and decide "within r km" as it does, from 10 m to across the
// globe, at the antimeridian and the poles.
func TestChordDistancesMatchSpatial(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for k := range 100000 {
		a := orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
		spread := []float64{0.0001, 0.01, 1, 10}[k%4]
		b := orb.Point{math.Mod(a[0]+rng.NormFloat64()*spread+540, 360) - 180, math.Max(-90, math.Min(90, a[1]+rng.NormFloat64()*spread))}
		if rng.IntN(10) == 0 {
			b = orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
		}
		want := spatial.DistanceKm(a, b)
		c2 := dist2(unitVector(a), unitVector(b))
		if got := kmOfChord2(c2); math.Abs(got-want) > 1e-9*max(1, want) {
			t.Fatalf("%v–%v: %v km from the chord, spatial says %v", a, b, got, want)
		}
		r := want * (1 + (rng.Float64()-0.5)*1e-6) // a radius just above or below
		if math.Abs(r-want) > 1e-9*max(1, want) && (c2 <= chord2(r)) != (want <= r) {
			t.Fatalf("%v–%v, %v km: within %v km by the chord %v, spatial says %v", a, b, want, r, c2 <= chord2(r), want <= r)
		}
	}
	if chord2(0) != 0 || chord2(math.Pi*spatial.EarthRadiusKm) != 4 || kmOfChord2(4) != math.Pi*spatial.EarthRadiusKm {
		t.Error("chord2 and kmOfChord2 at the ends of their range")
	}
}

// TestPointGridFindsEverything compares the grid's searches with a scan,
// across the antimeridian and near the poles.
func TestPointGridFindsEverything(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	var pts []demandPoint
	for range 5000 {
		p := orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
		if rng.IntN(2) == 0 { // crowd the antimeridian and the north pole
			p = orb.Point{179 + rng.Float64()*2, rng.Float64()*10 + 80}
			if p[0] > 180 {
				p[0] -= 360
			}
		}
		pts = append(pts, demandPoint{p: p, xyz: unitVector(p)})
	}
	for _, radius := range []float64{5, 30, 300, 3000} {
		g := newPointGrid(pts, 0, radius)
		for range 200 {
			c := pts[rng.IntN(len(pts))].p
			c[0] = math.Max(-180, math.Min(180, c[0]+rng.NormFloat64()*0.1))
			var got []int32
			q := unitVector(c)
			g.within(c, q, radius, func(i int32, c2 float64) {
				if c2 != dist2(q, pts[i].xyz) {
					t.Fatalf("point %d: squared chord %v, want %v", i, c2, dist2(q, pts[i].xyz))
				}
				if c2 <= chord2(radius) {
					got = append(got, i)
				}
			})
			var want []int32
			for i, p := range pts {
				if spatial.DistanceKm(c, p.p) <= radius {
					want = append(want, int32(i))
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("radius %v around %v: found %d points, a scan finds %d", radius, c, len(got), len(want))
			}
		}
	}
}

// TestEdgeCases: empty input, regions without geometry, points on the
// antimeridian and poles, a provider whose every service is filtered out.
func TestEdgeCases(t *testing.T) {
	if rep, err := Compute(Input{}, Params{Method: MethodGaussian}); err != nil || len(rep.Regions) != 0 {
		t.Fatalf("empty input: %v, %d rows", err, len(rep.Regions))
	}
	in := Input{
		Regions: []Region{
			{Code: "EAST", Geometry: orb.MultiPolygon{{{{179, -1}, {180, -1}, {180, 1}, {179, 1}, {179, -1}}}}},
			{Code: "WEST", Geometry: orb.MultiPolygon{{{{-180, -1}, {-179, -1}, {-179, 1}, {-180, 1}, {-180, -1}}}}},
			{Code: "VOID", Population: new(5.0)},
		},
		Population: []PopulationPoint{{Lon: 179.9, Lat: 0, Population: 10}, {Lon: -179.9, Lat: 0, Population: 30}, {Lon: 0, Lat: 90, Population: 1}},
		Providers: []Provider{
			{ID: "west", Point: at(-179.95, 0), Services: []Offer{{Type: "medical", Capacity: new(8.0)}}},
			{ID: "men-only", Point: at(179.5, 0), Services: []Offer{{Type: "medical", Genders: []string{"male"}}}},
			{ID: "pole", Point: at(45, 90), Services: []Offer{{Type: "medical"}}},
		},
	}
	e, err := NewEngine(in, Params{Method: Method2SFCA, CatchmentKm: 30, Filter: Filter{Gender: "female"}})
	if err != nil {
		t.Fatal(err)
	}
	rep := e.Report()
	// The provider at −179.95° is 16.7 km from the point at 179.9°, across
	// the antimeridian: both points (40 people) share its 8 places.
	east := rowOf(t, rep.Regions, "EAST", "medical")
	if east.ProvidersLocated != 0 || east.NearestKm == nil || math.Abs(*east.NearestKm-spatial.DistanceKm(orb.Point{179.9, 0}, orb.Point{-179.95, 0})) > 1e-9 {
		t.Errorf("EAST: %+v", east)
	}
	if math.Abs(*east.AccessIndex-8.0/40) > 1e-15 {
		t.Errorf("EAST access %v, want 0.2", *east.AccessIndex)
	}
	if void := rowOf(t, rep.Regions, "VOID", "medical"); void.NearestKm != nil || void.AccessIndex != nil || *void.Population != 5 {
		t.Errorf("VOID: %+v", void)
	}
	if err := e.Remove("men-only"); err != nil {
		t.Errorf("a provider whose services are all filtered out is still known: %v", err)
	}
}
