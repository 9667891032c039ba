package spatial

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// maxSampleRefinements bounds how often ParentByOverlap quadruples its
// grid when too few points land inside a thin or sparse child.
const maxSampleRefinements = 4

// ParentByOverlap estimates which region of parents covers most of child,
// for deriving a hierarchy (district → province) from geometry alone when
// codes do not say it, or for checking that they say it right.
//
// It lays a regular grid of about samples points over the child's bound,
// keeps the points inside the child, locates each among parents (a match
// Inside, on a Border or Nearest all count), and returns the code that
// received the most points (the lowest code on a
// tie) with its share of the kept points. Points that match no parent
// count against every share, so a child half out at sea has share 0.5 at
// most. When fewer than a quarter of the grid lands inside the child, the
// grid is made four times denser, up to maxSampleRefinements times. It
// returns "", 0 for an empty or arealess child or when samples < 1. The
// result is deterministic.
func ParentByOverlap(child orb.MultiPolygon, parents *RegionIndex, samples int) (code string, share float64) {
	if samples < 1 || len(child) == 0 {
		return "", 0
	}
	b := child.Bound()
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	if !(w > 0 && h > 0) {
		return "", 0
	}

	var inside []orb.Point
	for density := samples; ; density *= 4 {
		inside = samplesInside(child, b, density)
		if len(inside)*4 >= samples || density >= samples<<(2*maxSampleRefinements) {
			break
		}
	}
	if len(inside) == 0 {
		return "", 0
	}

	counts := map[string]int{}
	for _, p := range inside {
		if m := parents.Locate(p); m.How != None {
			counts[m.Code]++
		}
	}
	best := 0
	for c, n := range counts {
		if n > best || (n == best && c < code) {
			code, best = c, n
		}
	}
	return code, float64(best) / float64(len(inside))
}

// samplesInside lays about n points on a grid of near-square cells over
// bound, one at each cell centre, and returns those inside mp.
func samplesInside(mp orb.MultiPolygon, bound orb.Bound, n int) []orb.Point {
	w, h := bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1]
	nx := max(int(math.Round(math.Sqrt(float64(n)*w/h))), 1)
	ny := max(int(math.Round(float64(n)/float64(nx))), 1)
	var inside []orb.Point
	for j := range ny {
		for i := range nx {
			p := orb.Point{
				bound.Min[0] + (float64(i)+0.5)*w/float64(nx),
				bound.Min[1] + (float64(j)+0.5)*h/float64(ny),
			}
			if planar.MultiPolygonContains(mp, p) {
				inside = append(inside, p)
			}
		}
	}
	return inside
}
