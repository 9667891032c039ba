package reports

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// interiorPoint is a point inside mp, standing for a region that has no
// population points: the area centroid when it lies inside, else (a
// crescent, a ring of islands, a region with a lake in the middle) the
// middle of the widest stretch that a few horizontal lines cut through
// the largest polygon, as PostGIS's ST_PointOnSurface does. The second
// point is inside by construction, up to rounding at the edges.
func interiorPoint(mp orb.MultiPolygon) orb.Point {
	if len(mp) == 0 {
		return orb.Point{}
	}
	if c, area := planar.CentroidArea(mp); area != 0 && planar.MultiPolygonContains(mp, c) {
		return c
	}
	largest, bestArea := mp[0], -1.0
	for _, poly := range mp {
		if a := math.Abs(planar.Area(poly)); a > bestArea {
			largest, bestArea = poly, a
		}
	}
	b := largest.Bound()
	best, width := orb.Point{}, -1.0
	var xs []float64
	// Lines at odd fractions of the height, so that they seldom run along
	// a horizontal edge, where their midpoints could fall on the boundary.
	for _, frac := range []float64{0.5013, 0.2507, 0.7519, 0.3761, 0.6263, 0.1249, 0.8777} {
		y := b.Min[1] + frac*(b.Max[1]-b.Min[1])
		xs = xs[:0]
		for _, ring := range largest {
			for i := range ring {
				a, c := ring[i], ring[(i+1)%len(ring)]
				// Half-open in y, so a vertex on the line counts once.
				if (a[1] > y) != (c[1] > y) {
					xs = append(xs, a[0]+(y-a[1])*(c[0]-a[0])/(c[1]-a[1]))
				}
			}
		}
		slices.Sort(xs)
		for i := 0; i+1 < len(xs); i += 2 {
			if w := xs[i+1] - xs[i]; w > width {
				best, width = orb.Point{(xs[i] + xs[i+1]) / 2, y}, w
			}
		}
	}
	if width < 0 && len(largest) > 0 && len(largest[0]) > 0 {
		return largest[0][0]
	}
	return best
}
