package spatial

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func squareShape(code string, x, y, side float64) Shape {
	return Shape{Code: code, Geometry: orb.MultiPolygon{{square(x, y, side)}}}
}

func TestLocateHandMade(t *testing.T) {
	// Two unit squares sharing the edge x = 1; the lower code is on the right.
	pair := []Shape{squareShape("B", 0, 0, 1), squareShape("A", 1, 0, 1)}
	// Two squares 0.01 apart, as simplified neighbours leave them.
	gap := []Shape{squareShape("L", 0, 0, 1), squareShape("R", 1.01, 0, 1)}
	// A square with a hole, and another region filling part of the hole.
	holed := []Shape{
		{Code: "OUTER", Geometry: orb.MultiPolygon{{square(0, 0, 10), reversed(square(2, 2, 4))}}},
		squareShape("ENCLAVE", 3, 3, 1),
	}
	overlap := []Shape{squareShape("Y", 0, 0, 1), squareShape("X", 0.5, 0, 1)}
	fourCorners := []Shape{
		squareShape("D", 0, 0, 1), squareShape("C", 1, 0, 1),
		squareShape("B", 0, 1, 1), squareShape("E", 1, 1, 1),
	}
	sameCode := []Shape{squareShape("S", 0, 0, 1), squareShape("S", 1, 0, 1)}
	open := []Shape{{Code: "OPEN", Geometry: orb.MultiPolygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}}}}

	tests := []struct {
		name   string
		shapes []Shape
		opts   []RegionOption
		p      orb.Point
		want   Match
	}{
		{"inside left", pair, nil, orb.Point{0.5, 0.5}, Match{"B", Inside}},
		{"inside right", pair, nil, orb.Point{1.5, 0.5}, Match{"A", Inside}},
		{"on shared edge", pair, nil, orb.Point{1, 0.5}, Match{"A", Border}},
		{"a hair off the shared edge", pair, nil, orb.Point{1 - 1e-13, 0.5}, Match{"A", Border}},
		{"clearly off the shared edge", pair, nil, orb.Point{1 - 1e-9, 0.5}, Match{"B", Inside}},
		{"on a shared corner", pair, nil, orb.Point{1, 1}, Match{"A", Border}},
		{"on an outer edge", pair, nil, orb.Point{0, 0.5}, Match{"B", Inside}},
		{"on an outer corner", pair, nil, orb.Point{0, 0}, Match{"B", Inside}},
		{"sliver nearer left", gap, nil, orb.Point{1.003, 0.5}, Match{"L", Nearest}},
		{"sliver nearer right", gap, nil, orb.Point{1.008, 0.5}, Match{"R", Nearest}},
		{"sliver midway goes to lowest code", gap, nil, orb.Point{1.005, 0.5}, Match{"L", Nearest}},
		{"outside but within tolerance", gap, nil, orb.Point{-0.015, 0.5}, Match{"L", Nearest}},
		{"outside beyond tolerance", gap, nil, orb.Point{-0.03, 0.5}, Match{}},
		{"wider tolerance", gap, []RegionOption{WithNearestTolerance(0.05)}, orb.Point{-0.03, 0.5}, Match{"L", Nearest}},
		{"tolerance off", gap, []RegionOption{WithNearestTolerance(0)}, orb.Point{1.003, 0.5}, Match{}},
		{"far away", pair, nil, orb.Point{100, 13}, Match{}},
		{"NaN", pair, nil, orb.Point{math.NaN(), 0.5}, Match{}},
		{"in the hole", holed, nil, orb.Point{5, 5}, Match{}},
		{"in the enclave", holed, nil, orb.Point{3.5, 3.5}, Match{"ENCLAVE", Inside}},
		{"on the hole's edge", holed, nil, orb.Point{2, 5}, Match{"OUTER", Inside}},
		{"near the hole's edge", holed, nil, orb.Point{2.01, 5}, Match{"OUTER", Nearest}},
		{"outside the hole", holed, nil, orb.Point{1, 5}, Match{"OUTER", Inside}},
		{"in an overlap", overlap, nil, orb.Point{0.75, 0.5}, Match{"X", Border}},
		{"only in one of overlapping", overlap, nil, orb.Point{0.25, 0.5}, Match{"Y", Inside}},
		{"corner of four", fourCorners, nil, orb.Point{1, 1}, Match{"B", Border}},
		{"edge of two of four", fourCorners, nil, orb.Point{1.5, 1}, Match{"C", Border}},
		{"shared edge, same code", sameCode, nil, orb.Point{1, 0.5}, Match{"S", Inside}},
		{"unclosed ring", open, nil, orb.Point{0.5, 0.5}, Match{"OPEN", Inside}},
		{"no shapes", nil, nil, orb.Point{0.5, 0.5}, Match{}},
	}
	for _, tt := range tests {
		// The answer must not depend on how the grid falls.
		for _, cell := range []float64{0, 0.013, 0.07, 0.5, 3} {
			opts := append(slices.Clone(tt.opts), WithCellSize(cell))
			if got := NewRegionIndex(tt.shapes, opts...).Locate(tt.p); got != tt.want {
				t.Errorf("%s (cell %g): Locate(%v) = %v, want %v", tt.name, cell, tt.p, got, tt.want)
			}
		}
	}
}

func TestPolygonHolds(t *testing.T) {
	poly := orb.Polygon{square(0, 0, 4), reversed(square(1, 1, 2))}
	tests := []struct {
		name string
		p    orb.Point
		want bool
	}{
		{"inside", orb.Point{0.5, 0.5}, true},
		{"in the hole", orb.Point{2, 2}, false},
		{"on the hole's edge", orb.Point{1, 2}, true},
		{"on a vertex", orb.Point{4, 4}, true},
		{"outside level with a vertex", orb.Point{5, 4}, false},
		{"outside", orb.Point{-1, 2}, false},
	}
	for _, tt := range tests {
		if got := polygonHolds(poly, tt.p); got != tt.want {
			t.Errorf("%s: polygonHolds(%v) = %v, want %v", tt.name, tt.p, got, tt.want)
		}
	}
}

// bruteForce locates a point the slow way, by planar.MultiPolygonContains
// over every shape, for comparison with the index. skip is true for points
// within 1e-9 of a boundary, where the two may rightly differ.
func bruteForce(shapes []Shape, bounds []orb.Bound, p orb.Point, tolerance float64) (want Match, skip bool) {
	var containing []string
	nearest, nearestD2 := "", tolerance*tolerance
	for i, s := range shapes {
		if !bounds[i].Pad(tolerance).Contains(p) {
			continue
		}
		for _, poly := range s.Geometry {
			for _, ring := range poly {
				forEachEdge(ring, func(a, b orb.Point) {
					d2 := segmentDistSq(p, a, b)
					if d2 <= 1e-18 {
						skip = true
					}
					if d2 < nearestD2 || (d2 == nearestD2 && s.Code < nearest) {
						nearest, nearestD2 = s.Code, d2
					}
				})
			}
		}
		if planar.MultiPolygonContains(s.Geometry, p) && !slices.Contains(containing, s.Code) {
			containing = append(containing, s.Code)
		}
	}
	switch {
	case len(containing) == 1:
		return Match{containing[0], Inside}, skip
	case len(containing) > 1:
		return Match{slices.Min(containing), Border}, skip
	case nearest != "":
		return Match{nearest, Nearest}, skip
	}
	return Match{}, skip
}

func checkAgainstBruteForce(t *testing.T, shapes []Shape, points int, seed uint64) {
	t.Helper()
	ix := NewRegionIndex(shapes)
	bounds := make([]orb.Bound, len(shapes))
	for i, s := range shapes {
		bounds[i] = s.Geometry.Bound()
	}
	b := boundOf(shapes)
	rng := rand.New(rand.NewPCG(seed, 0))
	pts := make([]orb.Point, points)
	for i := range pts {
		pts[i] = orb.Point{
			b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]),
			b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1]),
		}
	}
	got := ix.LocateAll(pts, 3)
	count := map[How]int{}
	skipped, failed := 0, 0
	for i, p := range pts {
		want, skip := bruteForce(shapes, bounds, p, DefaultNearestTolerance)
		if skip {
			skipped++
			continue
		}
		count[got[i].How]++
		if got[i] != want && failed < 10 {
			failed++
			t.Errorf("Locate(%v) = %v, want %v", p, got[i], want)
		}
	}
	t.Logf("%d points: %d inside, %d border, %d nearest, %d none, %d within 1e-9 of a border skipped",
		points, count[Inside], count[Border], count[Nearest], count[None], skipped)
}

func TestLocateThaiDistrictsMatchesBruteForce(t *testing.T) {
	checkAgainstBruteForce(t, loadShapes(t, "th_adm2.geojson", "ADM2_PCODE"), 20000, 1)
}

func TestLocateThaiProvincesMatchesBruteForce(t *testing.T) {
	checkAgainstBruteForce(t, loadShapes(t, "th_adm1.geojson", "ADM1_PCODE"), 20000, 2)
}

func TestLocateASEANMatchesBruteForce(t *testing.T) {
	checkAgainstBruteForce(t, loadShapes(t, "asean_admin1_ne.geojson", "adm1_code"), 20000, 3)
}

// TestLocateOnThaiBorders puts points on every vertex and edge midpoint of
// the district boundaries, where the border rule decides.
func TestLocateOnThaiBorders(t *testing.T) {
	shapes := loadShapes(t, "th_adm2.geojson", "ADM2_PCODE")
	ix := NewRegionIndex(shapes)
	bounds := make([]orb.Bound, len(shapes))
	var pts []orb.Point
	for i, s := range shapes {
		bounds[i] = s.Geometry.Bound().Pad(1e-9)
		for _, poly := range s.Geometry {
			for _, ring := range poly {
				forEachEdge(ring, func(a, b orb.Point) {
					pts = append(pts, a, orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2})
				})
			}
		}
	}
	count := map[How]int{}
	for _, p := range pts {
		var holders []string
		for i, s := range shapes {
			if bounds[i].Contains(p) && multiPolygonHolds(s.Geometry, p) && !slices.Contains(holders, s.Code) {
				holders = append(holders, s.Code)
			}
		}
		want := Match{slices.Min(holders), Inside}
		if len(holders) > 1 {
			want.How = Border
		}
		got := ix.Locate(p)
		count[got.How]++
		if got != want {
			t.Errorf("Locate(%v) = %v, want %v", p, got, want)
		}
	}
	t.Logf("%d points on boundaries: %d border, %d inside (outer edges)", len(pts), count[Border], count[Inside])
}

// multiPolygonHolds is polygonHolds over every polygon.
func multiPolygonHolds(mp orb.MultiPolygon, p orb.Point) bool {
	return slices.ContainsFunc(mp, func(poly orb.Polygon) bool { return polygonHolds(poly, p) })
}

// TestLocateKnownPlaces spot-checks a few places whose province is known.
func TestLocateKnownPlaces(t *testing.T) {
	asean := NewRegionIndex(loadShapes(t, "asean_admin1_ne.geojson", "adm1_code"))
	provinces := NewRegionIndex(loadShapes(t, "th_adm1.geojson", "ADM1_PCODE"))
	tests := []struct {
		name string
		ix   *RegionIndex
		p    orb.Point
		want string
	}{
		{"Bangkok, Thai provinces", provinces, orb.Point{100.5018, 13.7563}, "TH10"},
		{"Chiang Mai, Thai provinces", provinces, orb.Point{98.9853, 18.7883}, "TH50"},
		{"Bangkok, ASEAN", asean, orb.Point{100.5018, 13.7563}, "THA-416"},
		{"Manila, ASEAN", asean, orb.Point{120.9842, 14.5995}, "PHL-5543"},
		{"Open sea", asean, orb.Point{112, 10}, ""},
	}
	for _, tt := range tests {
		if got := tt.ix.Locate(tt.p); got.Code != tt.want {
			t.Errorf("%s: Locate(%v) = %v, want %s", tt.name, tt.p, got, tt.want)
		}
	}
}

// thaiBenchPoints are n seeded random points over Thailand's bound.
func thaiBenchPoints(n int) []orb.Point {
	rng := rand.New(rand.NewPCG(42, 0))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{97.3 + rng.Float64()*(105.7-97.3), 5.6 + rng.Float64()*(20.5-5.6)}
	}
	return pts
}

func BenchmarkLocateThaiDistricts(b *testing.B) {
	start := time.Now()
	ix := NewRegionIndex(loadShapes(b, "th_adm2.geojson", "ADM2_PCODE"))
	b.Logf("index built in %v: %d×%d cells of %.4f°, %d entries, %d edge copies",
		time.Since(start), ix.grid.nx, ix.grid.ny, ix.grid.cell, len(ix.entries), len(ix.segs))
	pts := thaiBenchPoints(1_000_000)
	workers := runtime.NumCPU()
	b.ResetTimer()
	for b.Loop() {
		ix.LocateAll(pts, workers)
	}
	b.ReportMetric(float64(len(pts))*float64(b.N)/b.Elapsed().Seconds(), "points/s")
}

// randomShapes makes n overlapping star-shaped regions, some with a hole,
// with vertices on a coarse lattice so that edges are shared and points
// land exactly on them.
func randomShapes(rng *rand.Rand, n int) []Shape {
	snap := func(v float64) float64 { return math.Round(v*8) / 8 }
	var shapes []Shape
	for i := range n {
		cx, cy := snap(rng.Float64()*4), snap(rng.Float64()*4)
		var outer orb.Ring
		k := 3 + rng.IntN(8)
		for j := range k {
			a := 2 * math.Pi * (float64(j) + rng.Float64()*0.8) / float64(k)
			r := 0.3 + rng.Float64()*1.5
			outer = append(outer, orb.Point{snap(cx + r*math.Cos(a)), snap(cy + r*math.Sin(a))})
		}
		outer = append(outer, outer[0])
		poly := orb.Polygon{outer}
		if rng.IntN(3) == 0 {
			poly = append(poly, reversed(square(cx-0.125, cy-0.125, 0.25)))
		}
		shapes = append(shapes, Shape{Code: fmt.Sprintf("R%02d", i), Geometry: orb.MultiPolygon{poly}})
	}
	return shapes
}

// ruleByBruteForce applies the package's documented rule by testing every
// shape in full.
func ruleByBruteForce(shapes []Shape, p orb.Point, tolerance float64) Match {
	var holders []string
	for _, s := range shapes {
		if multiPolygonHolds(s.Geometry, p) {
			holders = append(holders, s.Code)
		}
	}
	switch len(slices.Compact(slices.Sorted(slices.Values(holders)))) {
	case 0:
	case 1:
		return Match{holders[0], Inside}
	default:
		return Match{slices.Min(holders), Border}
	}
	best, bestD2 := "", tolerance*tolerance
	for _, s := range shapes {
		for _, poly := range s.Geometry {
			for _, ring := range poly {
				forEachEdge(ring, func(a, b orb.Point) {
					if d2 := segmentDistSq(p, a, b); d2 < bestD2 || (d2 == bestD2 && (best == "" || s.Code < best)) {
						best, bestD2 = s.Code, d2
					}
				})
			}
		}
	}
	if best == "" || tolerance == 0 {
		return Match{}
	}
	return Match{best, Nearest}
}

func TestLocateRandomShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 5))
	count := map[How]int{}
	for trial := range 30 {
		shapes := randomShapes(rng, 2+rng.IntN(6))
		cell := []float64{0, 0.01, 0.0625, 0.13, 0.5, 2}[trial%6]
		tol := []float64{0, 0.02, 0.2}[trial%3]
		ix := NewRegionIndex(shapes, WithCellSize(cell), WithNearestTolerance(tol))
		for q := range 3000 {
			p := orb.Point{-1 + rng.Float64()*6, -1 + rng.Float64()*6}
			if q%3 == 0 {
				// On the lattice: vertices, edges and cell corners.
				p = orb.Point{math.Round(p[0]*16) / 16, math.Round(p[1]*16) / 16}
			}
			got, want := ix.Locate(p), ruleByBruteForce(shapes, p, tol)
			if got != want {
				t.Fatalf("trial %d (cell %g, tolerance %g): Locate(%v) = %v, want %v\nshapes %v",
					trial, cell, tol, p, got, want, shapes)
			}
			count[got.How]++
		}
	}
	t.Logf("%d inside, %d border, %d nearest, %d none", count[Inside], count[Border], count[Nearest], count[None])
}

// TestLocateFallbackAgrees forces the full-polygon test that cells use when
// their centre lies on an edge, and checks it gives the same answers as
// the usual test from the centre.
func TestLocateFallbackAgrees(t *testing.T) {
	ix := NewRegionIndex(loadShapes(t, "th_adm2.geojson", "ADM2_PCODE"))
	slow := *ix
	slow.entries = slices.Clone(ix.entries)
	for i := range slow.entries {
		slow.entries[i].refOnEdge = true
	}
	for _, p := range thaiBenchPoints(20000) {
		if got, want := slow.Locate(p), ix.Locate(p); got != want {
			t.Errorf("Locate(%v): fallback %v, usual %v", p, got, want)
		}
	}
}

func BenchmarkLocateASEAN(b *testing.B) {
	ix := NewRegionIndex(loadShapes(b, "asean_admin1_ne.geojson", "adm1_code"))
	rng := rand.New(rand.NewPCG(43, 0))
	pts := make([]orb.Point, 1_000_000)
	for i := range pts {
		pts[i] = orb.Point{92 + rng.Float64()*49, -11 + rng.Float64()*40}
	}
	b.ResetTimer()
	for b.Loop() {
		ix.LocateAll(pts, runtime.NumCPU())
	}
	b.ReportMetric(float64(len(pts))*float64(b.N)/b.Elapsed().Seconds(), "points/s")
}

func BenchmarkNewRegionIndexASEAN(b *testing.B) {
	shapes := loadShapes(b, "asean_admin1_ne.geojson", "adm1_code")
	for b.Loop() {
		NewRegionIndex(shapes)
	}
}
