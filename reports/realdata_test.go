package reports

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// aseanProvinces reads the 371 ASEAN provinces of the demo data (Natural
// Earth admin-1, keyed by adm1_code).
func aseanProvinces(tb testing.TB) []Region {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "demo", "data", "asean_admin1_ne.geojson"))
	if err != nil {
		tb.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		tb.Fatal(err)
	}
	var regions []Region
	for _, f := range fc.Features {
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			tb.Fatalf("%s: %T", f.Properties.MustString("adm1_code"), g)
		}
		regions = append(regions, Region{Code: f.Properties.MustString("adm1_code"), Name: f.Properties.MustString("name"),
			Level: 1, Country: f.Properties.MustString("iso_a2"), Geometry: mp})
	}
	return regions
}

// aseanProviders places n providers of four types: most near real towns
// (the GeoNames places of the demo data), some anywhere in the region's
// box, at sea included.
func aseanProviders(tb testing.TB, n int, seed uint64) []Provider {
	tb.Helper()
	places := testReadCSV(tb, filepath.Join("..", "demo", "data", "asean_cities_geonames.csv"))
	rng := rand.New(rand.NewPCG(seed, 4))
	out := make([]Provider, n)
	for i := range out {
		var p orb.Point
		if rng.IntN(5) == 0 {
			p = orb.Point{92 + rng.Float64()*49, -11 + rng.Float64()*40}
		} else {
			pl := places[rng.IntN(len(places))]
			p = orb.Point{testNum(tb, pl["lon"]) + rng.NormFloat64()*0.1, testNum(tb, pl["lat"]) + rng.NormFloat64()*0.1}
		}
		pr := Provider{ID: fmt.Sprintf("p%06d", i), Point: &p, Tier: []string{"public", "region_only", "hidden"}[rng.IntN(3)]}
		for _, t := range rng.Perm(len(randomTypes))[:1+rng.IntN(2)] {
			pr.Services = append(pr.Services, Offer{Type: randomTypes[t]})
		}
		out[i] = pr
	}
	return out
}

// TestCountsMatchBruteForce: providers located per province × service
// equal an independent count: every province tested for every point by
// orb's point-in-polygon, the lowest code winning where several contain
// it, and for points in none the province with the nearest boundary
// within 0.02° (the RegionIndex rule, found by measuring every edge).
func TestCountsMatchBruteForce(t *testing.T) {
	regions := aseanProvinces(t)
	providers := aseanProviders(t, 12000, 1)
	rep, err := Compute(Input{Regions: regions, Providers: providers}, Params{Services: randomTypes})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(regions, func(a, b Region) int { return cmp.Compare(a.Code, b.Code) })
	bounds := make([]orb.Bound, len(regions))
	for i, r := range regions {
		bounds[i] = r.Geometry.Bound()
	}
	want := map[[2]string]int{}
	inSome, nearest, nowhere := 0, 0, 0
	for _, p := range providers {
		code := ""
		for i, r := range regions { // ascending codes: the first wins
			if bounds[i].Contains(*p.Point) && planar.MultiPolygonContains(r.Geometry, *p.Point) {
				code = r.Code
				inSome++
				break
			}
		}
		if code == "" {
			code = nearestWithin(regions, bounds, *p.Point, 0.02)
			if code != "" {
				nearest++
			} else {
				nowhere++
			}
		}
		if code == "" {
			continue
		}
		for _, o := range p.Services {
			want[[2]string{code, o.Type}]++
		}
	}
	if inSome < 6000 || nearest == 0 || nowhere == 0 {
		t.Fatalf("the sample does not exercise every case: %d inside, %d nearest, %d nowhere", inSome, nearest, nowhere)
	}
	checked := 0
	for _, row := range rep.Regions {
		if got, w := row.ProvidersLocated, want[[2]string{row.RegionCode, row.Service}]; got != w {
			t.Errorf("%s %s: %d located, brute force counts %d", row.RegionCode, row.Service, got, w)
		}
		checked += row.ProvidersLocated
	}
	total := 0
	for _, n := range want {
		total += n
	}
	if checked != total {
		t.Errorf("the report locates %d provider services, brute force %d", checked, total)
	}
	t.Logf("%d providers: %d inside a province, %d in a sliver or off a coast, %d at sea; %d rows checked",
		len(providers), inSome, nearest, nowhere, len(rep.Regions))
}

// nearestWithin is the code of the region whose boundary is nearest to p
// in planar degrees, if within tol; the lowest code on a tie.
func nearestWithin(regions []Region, bounds []orb.Bound, p orb.Point, tol float64) string {
	best, bestD := "", tol*tol
	for i, r := range regions {
		if !bounds[i].Pad(tol).Contains(p) {
			continue
		}
		for _, poly := range r.Geometry {
			for _, ring := range poly {
				for k := 0; k+1 < len(ring); k++ {
					d := segDist2(p, ring[k], ring[k+1])
					if d < bestD || (d == bestD && best != "" && r.Code < best) {
						best, bestD = r.Code, d
					}
				}
			}
		}
	}
	return best
}

func segDist2(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	ex, ey := p[0]-(a[0]+t*dx), p[1]-(a[1]+t*dy)
	return ex*ex + ey*ey
}
