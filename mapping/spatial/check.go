package spatial

import (
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// Problem is one reason a geometry is unfit for use as a region, in words
// an importer can show to the person who supplied the file.
type Problem struct {
	Message string
}

func (p Problem) String() string { return p.Message }

// CheckPolygonal checks that g is a usable region boundary and returns a
// cleaned copy together with everything wrong with it.
//
// It accepts an orb.Polygon or orb.MultiPolygon; nil, empty and other
// geometry types are problems and give a nil copy. Each ring must be
// closed, have at least 4 points, hold only finite coordinates within
// longitude −180..180 and latitude −90..90, and must not touch or cross
// itself. Consecutive repeated points are dropped silently, and the copy's
// rings are wound as RFC 7946 asks: outer rings counter-clockwise, holes
// clockwise. The copy is returned even when there are problems, so a caller
// may choose to use it anyway; g itself is never modified. How rings
// relate to each other (holes inside their outer ring, polygons apart) is
// not checked.
func CheckPolygonal(g orb.Geometry) (orb.MultiPolygon, []Problem) {
	var mp orb.MultiPolygon
	switch g := g.(type) {
	case nil:
		return nil, []Problem{{"empty geometry"}}
	case orb.Polygon:
		mp = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		mp = g
	default:
		return nil, []Problem{{fmt.Sprintf("geometry is a %s; want a Polygon or MultiPolygon", g.GeoJSONType())}}
	}
	if isEmpty(mp) {
		return nil, []Problem{{"empty geometry"}}
	}

	var problems []Problem
	out := make(orb.MultiPolygon, len(mp))
	for pi, poly := range mp {
		if len(poly) == 0 {
			problems = append(problems, Problem{fmt.Sprintf("polygon %d has no rings", pi)})
		}
		out[pi] = make(orb.Polygon, len(poly))
		for ri, ring := range poly {
			clean, ringProblems := checkRing(ring, fmt.Sprintf("ring %d of polygon %d", ri, pi))
			problems = append(problems, ringProblems...)
			orientRing(clean, ri == 0)
			out[pi][ri] = clean
		}
	}
	return out, problems
}

func isEmpty(mp orb.MultiPolygon) bool {
	for _, poly := range mp {
		for _, ring := range poly {
			if len(ring) > 0 {
				return false
			}
		}
	}
	return true
}

// checkRing returns a copy of ring without consecutive repeats and the
// problems found in it; name says which ring it is ("ring 0 of polygon 2").
func checkRing(ring orb.Ring, name string) (orb.Ring, []Problem) {
	if p, ok := coordinateProblem(ring, name); ok {
		return dropRepeats(ring), []Problem{p}
	}
	var problems []Problem
	if len(ring) > 0 && ring[0] != ring[len(ring)-1] {
		problems = append(problems, Problem{name + " is not closed"})
	}
	clean := dropRepeats(ring)
	if len(clean) < 4 {
		problems = append(problems, Problem{fmt.Sprintf("%s has %d points; a ring needs at least 4", name, len(clean))})
	}
	if len(problems) > 0 {
		return clean, problems
	}
	if crossings := findSelfIntersections(clean); len(crossings) > 0 {
		problems = append(problems, Problem{name + " intersects itself " + describeCrossings(crossings)})
	}
	return clean, problems
}

// describeCrossings says where a ring meets itself: the first place, and
// how many other distinct places (several edge pairs often meet at one).
func describeCrossings(crossings []ringCrossing) string {
	first := formatPoint(crossings[0].at)
	places := map[string]bool{first: true}
	for _, c := range crossings {
		places[formatPoint(c.at)] = true
	}
	msg := "near " + first
	switch others := len(places) - 1; {
	case others == 0:
	case len(crossings) == maxCrossingsReported:
		msg += fmt.Sprintf(" and in at least %d other places", others)
	case others == 1:
		msg += " and in 1 other place"
	default:
		msg += fmt.Sprintf(" and in %d other places", others)
	}
	return msg
}

// coordinateProblem reports the first NaN, infinite or out-of-range
// coordinate of a ring, with how many more bad ones follow, since a broken
// projection usually spoils every coordinate and one message is enough.
func coordinateProblem(ring orb.Ring, name string) (Problem, bool) {
	first, bad := -1, 0
	for i, p := range ring {
		if coordinateFault(p) != "" {
			if first < 0 {
				first = i
			}
			bad++
		}
	}
	if first < 0 {
		return Problem{}, false
	}
	msg := fmt.Sprintf("coordinate %d of %s %s", first, name, coordinateFault(ring[first]))
	if bad > 1 {
		msg += fmt.Sprintf(" (and %d more bad coordinates)", bad-1)
	}
	return Problem{msg}, true
}

// coordinateFault says what is wrong with p, or "" if nothing is.
func coordinateFault(p orb.Point) string {
	for axis, v := range p {
		name := [2]string{"lon", "lat"}[axis]
		limit := [2]float64{180, 90}[axis]
		switch {
		case math.IsNaN(v):
			return "is NaN (" + name + ")"
		case math.IsInf(v, 0):
			return "is infinite (" + name + ")"
		case v < -limit || v > limit:
			return "is out of range (" + name + " " + strconv.FormatFloat(v, 'g', -1, 64) + ")"
		}
	}
	return ""
}

// dropRepeats copies a ring without consecutive repeated points.
func dropRepeats(ring orb.Ring) orb.Ring {
	out := make(orb.Ring, 0, len(ring))
	for i, p := range ring {
		if i == 0 || p != ring[i-1] {
			out = append(out, p)
		}
	}
	return out
}

// signedArea is twice the area enclosed by a closed ring, positive when
// the ring runs counter-clockwise.
func signedArea(ring orb.Ring) float64 {
	var sum float64
	for i := 0; i+1 < len(ring); i++ {
		// Relative to the first point, to keep precision far from (0, 0).
		a, b := ring[i], ring[i+1]
		sum += (a[0]-ring[0][0])*(b[1]-ring[0][1]) - (b[0]-ring[0][0])*(a[1]-ring[0][1])
	}
	return sum
}

// orientRing winds a ring counter-clockwise if it is an outer ring and
// clockwise if it is a hole. Rings without a usable area (open, NaN,
// collapsed) are left as they are: they have been reported already.
func orientRing(ring orb.Ring, outer bool) {
	area := signedArea(ring)
	if len(ring) < 4 || ring[0] != ring[len(ring)-1] || area == 0 || math.IsNaN(area) || math.IsInf(area, 0) {
		return
	}
	if (area > 0) != outer {
		reverseRing(ring)
	}
}

func reverseRing(ring orb.Ring) {
	for i, j := 0, len(ring)-1; i < j; i, j = i+1, j-1 {
		ring[i], ring[j] = ring[j], ring[i]
	}
}

// formatPoint writes a point as "(lon, lat)" to five decimals (about a
// metre), enough to find the spot on a map.
func formatPoint(p orb.Point) string {
	f := func(v float64) string { return strconv.FormatFloat(math.Round(v*1e5)/1e5, 'f', -1, 64) }
	return "(" + f(p[0]) + ", " + f(p[1]) + ")"
}
