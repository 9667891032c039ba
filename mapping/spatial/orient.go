package spatial

import (
	"math"
	"math/big"

	"github.com/paulmach/orb"
)

// orientErrBound bounds the rounding error of the float orientation
// determinant relative to the size of its two products (Shewchuk's
// ccwerrboundA). Below it the sign is decided exactly.
const orientErrBound = 3.3306690738754716e-16

// orient returns +1 if a, b, c turn counter-clockwise, -1 if clockwise and
// 0 if they are collinear. It is exact: the checker has to tell "touches"
// from "misses", which plain floating point cannot do for a shared vertex
// approached from a nearly parallel segment.
func orient(a, b, c orb.Point) int {
	left := (a[0] - c[0]) * (b[1] - c[1])
	right := (a[1] - c[1]) * (b[0] - c[0])
	det := left - right
	bound := orientErrBound * (math.Abs(left) + math.Abs(right))
	switch {
	case det > bound:
		return 1
	case det < -bound:
		return -1
	case left == 0 && right == 0:
		return 0
	}
	return orientExact(a, b, c)
}

// orientExact evaluates the orientation determinant in rational arithmetic.
// It runs only when the float filter cannot decide, which is rare.
func orientExact(a, b, c orb.Point) int {
	r := func(x float64) *big.Rat { return new(big.Rat).SetFloat64(x) }
	sub := func(x, y float64) *big.Rat { return new(big.Rat).Sub(r(x), r(y)) }
	left := new(big.Rat).Mul(sub(a[0], c[0]), sub(b[1], c[1]))
	right := new(big.Rat).Mul(sub(a[1], c[1]), sub(b[0], c[0]))
	return left.Cmp(right)
}

// segmentsMeet reports whether the closed segments ab and cd share at least
// one point, and returns one such point for messages.
func segmentsMeet(a, b, c, d orb.Point) (orb.Point, bool) {
	o1, o2 := orient(a, b, c), orient(a, b, d)
	if o1 != 0 && o1 == o2 {
		return orb.Point{}, false
	}
	o3, o4 := orient(c, d, a), orient(c, d, b)
	if o3 != 0 && o3 == o4 {
		return orb.Point{}, false
	}
	if o1 == 0 && o2 == 0 {
		// Collinear: they meet if their extents overlap.
		for _, p := range [4]orb.Point{c, d, a, b} {
			if onCollinearSegment(a, b, p) && onCollinearSegment(c, d, p) {
				return p, true
			}
		}
		return orb.Point{}, false
	}
	switch {
	case o1 == 0:
		return c, true
	case o2 == 0:
		return d, true
	case o3 == 0:
		return a, true
	case o4 == 0:
		return b, true
	}
	return lineCrossing(a, b, c, d), true
}

// onCollinearSegment reports whether p, known to lie on the line through a
// and b, lies between them.
func onCollinearSegment(a, b, p orb.Point) bool {
	return math.Min(a[0], b[0]) <= p[0] && p[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= p[1] && p[1] <= math.Max(a[1], b[1])
}

// lineCrossing is where the lines through ab and cd cross; callers have
// already established that they do.
func lineCrossing(a, b, c, d orb.Point) orb.Point {
	rx, ry := b[0]-a[0], b[1]-a[1]
	sx, sy := d[0]-c[0], d[1]-c[1]
	t := ((c[0]-a[0])*sy - (c[1]-a[1])*sx) / (rx*sy - ry*sx)
	return orb.Point{a[0] + t*rx, a[1] + t*ry}
}

// segmentDistSq is the squared planar distance from p to the segment ab.
func segmentDistSq(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	px, py := p[0]-a[0], p[1]-a[1]
	if l := dx*dx + dy*dy; l > 0 {
		t := (px*dx + py*dy) / l
		if t >= 1 {
			px, py = p[0]-b[0], p[1]-b[1]
		} else if t > 0 {
			px, py = px-t*dx, py-t*dy
		}
	}
	return px*px + py*py
}
