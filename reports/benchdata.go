package reports

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// BenchConfig sizes a synthetic report input (see BenchInput).
type BenchConfig struct {
	// Columns × Rows regions tile the box; each region edge has
	// EdgeVertices segments, so a region has 4 × EdgeVertices vertices.
	Columns, Rows, EdgeVertices int
	Providers                   int
	Services                    int // types, at most 16
	PopulationPoints            int
	Seed                        uint64
}

// DefaultBenchConfig is the performance case: 5,000 regions with
// 2,005,000 vertices in all, 100,000 providers over 16 service types and
// 200,000 population points.
func DefaultBenchConfig() BenchConfig {
	return BenchConfig{Columns: 100, Rows: 50, EdgeVertices: 100, Providers: 100_000, Services: 16,
		PopulationPoints: 200_000, Seed: 1}
}

// benchTypes are the sixteen top-level service types of reference §2.
var benchTypes = []string{"accommodation", "medical", "mental_health", "legal_aid", "interpretation", "case_management",
	"hotline", "repatriation", "reintegration", "family_tracing", "documentation", "financial", "child_protection",
	"law_enforcement", "labour_rights", "consular"}

// The box the synthetic regions tile: South-East Asia.
const (
	benchMinLon, benchMaxLon = 92.0, 141.0
	benchMinLat, benchMaxLat = -11.0, 29.0
)

// BenchInput builds a synthetic input for benchmarks and load tests, the
// same for the same config. Regions tile South-East Asia as a grid of
// cells with wavy edges (each edge shared exactly by its two neighbours),
// grouped ten columns by five rows into parents and ten columns of parents
// into countries. Population points cluster around towns; providers sit
// near towns too, with one to three service types, stated capacities for
// most shelters, every tier (hidden included), and some service areas by
// radius, by parent region or by country.
func BenchInput(cfg BenchConfig) Input {
	rng := rand.New(rand.NewPCG(cfg.Seed, 2))
	in := Input{Versions: DataVersions{BoundarySet: "synthetic", Level: 2, PopulationSource: "synthetic"}}
	in.Regions, in.Parents = benchRegions(cfg, rng)

	w, h := benchMaxLon-benchMinLon, benchMaxLat-benchMinLat
	towns := make([]orb.Point, max(cfg.PopulationPoints/100, 1))
	for i := range towns {
		towns[i] = orb.Point{benchMinLon + rng.Float64()*w, benchMinLat + rng.Float64()*h}
	}
	near := func(spreadDeg float64) orb.Point {
		if rng.IntN(10) < 3 {
			return orb.Point{benchMinLon + rng.Float64()*w, benchMinLat + rng.Float64()*h}
		}
		t := towns[rng.IntN(len(towns))]
		for {
			// Draw again rather than clamp, which would pile points on
			// the box's edges and corners.
			p := orb.Point{t[0] + rng.NormFloat64()*spreadDeg, t[1] + rng.NormFloat64()*spreadDeg}
			if p[0] > benchMinLon && p[0] < benchMaxLon && p[1] > benchMinLat && p[1] < benchMaxLat {
				return p
			}
		}
	}
	in.Population = make([]PopulationPoint, cfg.PopulationPoints)
	for i := range in.Population {
		p := near(0.2)
		in.Population[i] = PopulationPoint{Lon: p[0], Lat: p[1], Population: math.Round(1000 * math.Exp(rng.NormFloat64()*1.2))}
	}

	types := benchTypes[:min(max(cfg.Services, 1), len(benchTypes))]
	tiers := []string{"public", "public", "public", "public", "public", "public", "public", "region_only", "region_only", "hidden"}
	in.Providers = make([]Provider, cfg.Providers)
	for i := range in.Providers {
		p := near(0.3)
		pr := Provider{ID: fmt.Sprintf("site-%06d", i), Point: &p, Tier: tiers[rng.IntN(len(tiers))], Country: "XX"}
		for _, t := range rng.Perm(len(types))[:1+rng.IntN(min(3, len(types)))] {
			o := Offer{Type: types[t], Languages: []string{"en"}}
			if types[t] == "accommodation" && rng.IntN(10) < 8 {
				o.Capacity = new(float64(5 + rng.IntN(75)))
			}
			if rng.IntN(10) < 3 {
				o.Genders = []string{[]string{"female", "male"}[rng.IntN(2)]}
			}
			switch k := rng.IntN(1000); {
			case k < 50:
				o.RadiusKm = new(float64(20 + rng.IntN(80)))
			case k < 60:
				o.AreaCodes = []string{in.Parents[rng.IntN(len(in.Parents)-10)].Code}
			case k < 61:
				o.AreaCodes = []string{fmt.Sprintf("C%d", rng.IntN(10))}
			}
			pr.Services = append(pr.Services, o)
		}
		in.Providers[i] = pr
	}
	in.Need = map[string]float64{}
	in.UnmetDemand = map[string]map[string]float64{}
	for _, r := range in.Regions {
		if rng.IntN(5) == 0 {
			in.Need[r.Code] = float64(rng.IntN(200))
		}
		if rng.IntN(20) == 0 {
			in.UnmetDemand[r.Code] = map[string]float64{types[rng.IntN(len(types))]: float64(1 + rng.IntN(9))}
		}
	}
	return in
}

// benchRegions tiles the box with cfg.Columns × cfg.Rows regions, and
// returns them with their parents (level 1); countries are coded C0…C9.
func benchRegions(cfg BenchConfig, rng *rand.Rand) (regions, parents []Region) {
	nx, ny, k := max(cfg.Columns, 1), max(cfg.Rows, 1), max(cfg.EdgeVertices, 1)
	cw, ch := (benchMaxLon-benchMinLon)/float64(nx), (benchMaxLat-benchMinLat)/float64(ny)
	corner := func(i, j int) orb.Point {
		return orb.Point{benchMinLon + float64(i)*cw, benchMinLat + float64(j)*ch}
	}
	// A wavy edge from a to b: displaced across its direction by at most
	// amp, and not at all at its ends, so that the edges meeting at a
	// corner leave it at angles too steep to cross.
	edge := func(a, b orb.Point, amp float64) []orb.Point {
		f1, f2 := 1+rng.IntN(4), 3+rng.IntN(6)
		p1, p2 := rng.Float64()*2*math.Pi, rng.Float64()*2*math.Pi
		dx, dy := b[0]-a[0], b[1]-a[1]
		l := math.Hypot(dx, dy)
		nxv, nyv := -dy/l, dx/l
		pts := make([]orb.Point, k+1)
		for s := 0; s <= k; s++ {
			t := float64(s) / float64(k)
			d := amp * math.Sin(math.Pi*t) * (0.6*math.Sin(2*math.Pi*float64(f1)*t+p1) + 0.4*math.Sin(2*math.Pi*float64(f2)*t+p2))
			pts[s] = orb.Point{a[0] + t*dx + d*nxv, a[1] + t*dy + d*nyv}
		}
		pts[0], pts[k] = a, b
		return pts
	}
	amp := 0.15 * math.Min(cw, ch)
	horiz := make([][][]orb.Point, ny+1) // [j][i]: from corner (i, j) to (i+1, j)
	for j := range horiz {
		horiz[j] = make([][]orb.Point, nx)
		for i := range horiz[j] {
			horiz[j][i] = edge(corner(i, j), corner(i+1, j), amp)
		}
	}
	vert := make([][][]orb.Point, ny) // [j][i]: from corner (i, j) to (i, j+1)
	for j := range vert {
		vert[j] = make([][]orb.Point, nx+1)
		for i := range vert[j] {
			vert[j][i] = edge(corner(i, j), corner(i, j+1), amp)
		}
	}
	// Parents group 10 × 5 cells, countries 10 columns of parents.
	const pw, ph = 10, 5
	pcols := (nx + pw - 1) / pw
	countryOf := func(pi int) string { return fmt.Sprintf("C%d", min(pi*10/pcols, 9)) }
	regions = make([]Region, 0, nx*ny)
	for j := range ny {
		for i := range nx {
			ring := make(orb.Ring, 0, 4*k+1)
			ring = append(ring, horiz[j][i][:k]...)
			ring = append(ring, vert[j][i+1][:k]...)
			ring = append(ring, reversed(horiz[j+1][i])[:k]...)
			ring = append(ring, reversed(vert[j][i])[:k]...)
			ring = append(ring, ring[0])
			pi, pj := i/pw, j/ph
			regions = append(regions, Region{
				Code: fmt.Sprintf("R%03d-%03d", j, i), Name: fmt.Sprintf("Region %d/%d", j, i), Level: 2,
				ParentCode: fmt.Sprintf("P%02d-%02d", pj, pi), Country: countryOf(pi),
				Geometry: orb.MultiPolygon{{ring}},
			})
		}
	}
	for pj := range (ny + ph - 1) / ph {
		for pi := range pcols {
			parents = append(parents, Region{Code: fmt.Sprintf("P%02d-%02d", pj, pi), Name: fmt.Sprintf("Parent %d/%d", pj, pi),
				Level: 1, ParentCode: countryOf(pi), Country: countryOf(pi)})
		}
	}
	return regions, parents
}

func reversed(pts []orb.Point) []orb.Point {
	out := make([]orb.Point, len(pts))
	for i, p := range pts {
		out[len(pts)-1-i] = p
	}
	return out
}
