package spatial

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// square is a counter-clockwise unit-sized square with its lower-left
// corner at (x, y) and sides of length s.
func square(x, y, s float64) orb.Ring {
	return orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
}

func reversed(r orb.Ring) orb.Ring {
	out := r.Clone()
	reverseRing(out)
	return out
}

func messages(problems []Problem) []string {
	var out []string
	for _, p := range problems {
		out = append(out, p.Message)
	}
	return out
}

func TestCheckPolygonal(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	outer, hole := square(0, 0, 10), reversed(square(2, 2, 2))
	tests := []struct {
		name     string
		in       orb.Geometry
		want     orb.MultiPolygon // checked only when not nil
		problems []string
	}{
		{name: "nil", in: nil, problems: []string{"empty geometry"}},
		{name: "empty polygon", in: orb.Polygon{}, problems: []string{"empty geometry"}},
		{name: "empty rings", in: orb.MultiPolygon{{{}}}, problems: []string{"empty geometry"}},
		{name: "line", in: orb.LineString{{0, 0}, {1, 1}},
			problems: []string{"geometry is a LineString; want a Polygon or MultiPolygon"}},
		{name: "point", in: orb.Point{1, 1},
			problems: []string{"geometry is a Point; want a Polygon or MultiPolygon"}},
		{name: "valid polygon", in: orb.Polygon{outer, hole},
			want: orb.MultiPolygon{{outer, hole}}},
		{name: "clockwise outer and counter-clockwise hole are rewound",
			in:   orb.Polygon{reversed(outer), reversed(hole)},
			want: orb.MultiPolygon{{outer, hole}}},
		{name: "consecutive repeats are dropped silently",
			in:   orb.Polygon{{{0, 0}, {0, 0}, {10, 0}, {10, 10}, {10, 10}, {10, 10}, {0, 10}, {0, 0}}},
			want: orb.MultiPolygon{{outer}}},
		{name: "not closed", in: orb.Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}},
			problems: []string{"ring 0 of polygon 0 is not closed"}},
		{name: "too few points", in: orb.MultiPolygon{{outer}, {outer, {{3, 3}, {4, 4}, {3, 3}}}},
			problems: []string{"ring 1 of polygon 1 has 3 points; a ring needs at least 4"}},
		{name: "too few after repeats", in: orb.Polygon{{{0, 0}, {0, 0}, {1, 1}, {0, 0}}},
			problems: []string{"ring 0 of polygon 0 has 3 points; a ring needs at least 4"}},
		{name: "open and short", in: orb.Polygon{{{0, 0}, {1, 1}}},
			problems: []string{"ring 0 of polygon 0 is not closed", "ring 0 of polygon 0 has 2 points; a ring needs at least 4"}},
		{name: "polygon without rings", in: orb.MultiPolygon{{outer}, {}},
			problems: []string{"polygon 1 has no rings"}},
		{name: "longitude out of range",
			in:       orb.MultiPolygon{{outer}, {outer}, {{{170, 0}, {190.2, 0}, {170, 1}, {170, 0}}}},
			problems: []string{"coordinate 1 of ring 0 of polygon 2 is out of range (lon 190.2)"}},
		{name: "latitude out of range", in: orb.Polygon{{{0, 80}, {1, 80}, {1, 91}, {0, 91}, {0, 80}}},
			problems: []string{"coordinate 2 of ring 0 of polygon 0 is out of range (lat 91) (and 1 more bad coordinates)"}},
		{name: "NaN", in: orb.Polygon{{{0, 0}, {1, 0}, {1, nan}, {0, 0}}},
			problems: []string{"coordinate 2 of ring 0 of polygon 0 is NaN (lat)"}},
		{name: "infinite", in: orb.Polygon{{{0, 0}, {inf, 0}, {1, 1}, {0, 0}}},
			problems: []string{"coordinate 1 of ring 0 of polygon 0 is infinite (lon)"}},
		{name: "bow tie", in: orb.Polygon{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}},
			problems: []string{"ring 0 of polygon 0 intersects itself near (1, 1)"}},
		{name: "hole crossing itself", in: orb.Polygon{outer, {{2, 2}, {4, 4}, {4, 2}, {2, 4}, {2, 2}}},
			problems: []string{"ring 1 of polygon 0 intersects itself near (3, 3)"}},
		{name: "pinched at a vertex", in: orb.Polygon{{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 1}, {0, 0}}},
			problems: []string{"ring 0 of polygon 0 intersects itself near (1, 1)"}},
		{name: "deep notch is fine", in: orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {2, 0.5}, {0, 4}, {0, 0}}},
			problems: nil},
		{name: "vertex on an edge", in: orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}},
			problems: []string{"ring 0 of polygon 0 intersects itself near (2, 0)"}},
		{name: "spike", in: orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {6, 4}, {4, 4}, {0, 4}, {0, 0}}},
			problems: []string{"ring 0 of polygon 0 intersects itself near (4, 4) and in 1 other place"}},
		{name: "flat ring", in: orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}},
			problems: []string{"ring 0 of polygon 0 intersects itself near (0, 0) and in 1 other place"}},
		{name: "overlapping collinear edges", in: orb.Polygon{{{0, 0}, {4, 0}, {4, 1}, {1, 1}, {1, 0}, {3, 0}, {3, -1}, {0, -1}, {0, 0}}},
			problems: []string{"ring 0 of polygon 0 intersects itself near (1, 0) and in 1 other place"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, problems := CheckPolygonal(tt.in)
			if !slices.Equal(messages(problems), tt.problems) {
				t.Errorf("problems\n got %q\nwant %q", messages(problems), tt.problems)
			}
			if tt.want != nil && !got.Equal(tt.want) {
				t.Errorf("copy\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}

func TestCheckPolygonalLeavesInputAlone(t *testing.T) {
	in := orb.Polygon{reversed(square(0, 0, 1))}
	before := in.Clone()
	CheckPolygonal(in)
	if !in.Equal(before) {
		t.Errorf("input changed to %v", in)
	}
}

// TestSelfIntersectionsMatchBruteForce compares the grid search with
// comparing every pair of edges, on small random rings that mostly cross.
func TestSelfIntersectionsMatchBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		n := 4 + rng.IntN(30)
		ring := make(orb.Ring, 0, n+1)
		for range n {
			// Snap to a coarse lattice so touching and collinear cases occur.
			ring = append(ring, orb.Point{float64(rng.IntN(8)), float64(rng.IntN(8))})
		}
		ring = dropRepeats(append(ring, ring[0]))
		if len(ring) < 4 {
			continue
		}
		got := len(findSelfIntersections(ring)) > 0
		if want := bruteForceSelfIntersects(ring); got != want {
			t.Fatalf("trial %d: ring %v: grid says %v, brute force %v", trial, ring, got, want)
		}
	}
}

func bruteForceSelfIntersects(r orb.Ring) bool {
	n := len(r) - 1
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			adjacent := j == i+1 || (i == 0 && j == n-1)
			if !adjacent {
				if _, ok := segmentsMeet(r[i], r[i+1], r[j], r[j+1]); ok {
					return true
				}
				continue
			}
			// Neighbours meet beyond their shared vertex only if they overlap.
			shared, p, q := r[j], r[i], r[j+1]
			if j == n-1 && i == 0 {
				shared, p, q = r[0], r[1], r[n-1]
			}
			if n == 2 || (orient(p, shared, q) == 0 &&
				(p[0]-shared[0])*(q[0]-shared[0])+(p[1]-shared[1])*(q[1]-shared[1]) > 0) {
				return true
			}
		}
	}
	return false
}

// circle is a counter-clockwise ring of n points around (x, y).
func circle(x, y, radius float64, n int) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		ring = append(ring, orb.Point{x + radius*math.Cos(a), y + radius*math.Sin(a)})
	}
	return append(ring, ring[0])
}

func TestCheckPolygonalLargeRing(t *testing.T) {
	ring := circle(100, 13, 1, 10000)
	if _, problems := CheckPolygonal(orb.Polygon{ring}); len(problems) > 0 {
		t.Fatalf("circle: %v", problems)
	}
	// Swap two neighbouring vertices far from the start: a tiny bow tie.
	ring[5000], ring[5001] = ring[5001], ring[5000]
	_, problems := CheckPolygonal(orb.Polygon{ring})
	if len(problems) != 1 || problems[0].Message != "ring 0 of polygon 0 intersects itself near (99, 12.99969)" {
		t.Fatalf("got %v", problems)
	}
}

func BenchmarkCheckPolygonal10k(b *testing.B) {
	poly := orb.Polygon{circle(100, 13, 1, 10000)}
	for b.Loop() {
		CheckPolygonal(poly)
	}
}

// TestCheckPolygonalRealData runs every feature of the demo files through
// the checker. knownProblems lists the genuine faults of the data (none at
// present); anything else failing is a regression in the checker.
func TestCheckPolygonalRealData(t *testing.T) {
	knownProblems := map[string][]string{}
	for _, f := range []struct{ file, key string }{
		{"asean_admin1_ne.geojson", "adm1_code"},
		{"th_adm1.geojson", "ADM1_PCODE"},
		{"th_adm2.geojson", "ADM2_PCODE"},
	} {
		rings := 0
		for _, feat := range loadFeatures(t, f.file) {
			code := feat.Properties.MustString(f.key)
			mp, problems := CheckPolygonal(feat.Geometry)
			if got, want := messages(problems), knownProblems[code]; !slices.Equal(got, want) {
				t.Errorf("%s %s: problems %q, want %q", f.file, code, got, want)
			}
			for _, poly := range mp {
				for ri, ring := range poly {
					rings++
					if isCCW := signedArea(ring) > 0; isCCW != (ri == 0) {
						t.Errorf("%s %s: ring %d wound the wrong way", f.file, code, ri)
					}
					// The grid search must agree with comparing every pair.
					if !testing.Short() && bruteForceSelfIntersects(ring) {
						t.Errorf("%s %s: brute force finds a self-intersection in ring %d", f.file, code, ri)
					}
				}
			}
		}
		t.Logf("%s: %d rings checked", f.file, rings)
	}
}
