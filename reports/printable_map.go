package reports

import (
	"math"
	"strconv"
	"strings"

	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb"
)

// Maps are drawn on the server as SVG, with no tiles: an equirectangular
// projection whose longitudes are scaled by the cosine of the middle
// latitude, so that shapes near it keep their proportions. Every map of a
// report uses the same projected outlines (SVG <use>), each sized by its
// viewBox.
const (
	mapWidth     = 1000.0 // viewBox units
	mapMaxHeight = 1150.0 // a tall country still leaves room on an A4 page
	mapPad       = 8.0
	// mapTolerance drops vertices closer than this (viewBox units) to the
	// last one kept: finer detail than a printed 0.2 mm is ink, not shape.
	// Small maps are printed about a quarter as wide, so their outlines
	// are thinned four times as much.
	mapTolerance      = 0.6
	smallMapTolerance = 3
)

type projection struct {
	west, north, cos, k float64
	width, height       float64
	x0, y0              float64
}

// fitProjection fits a bound into mapWidth × at most mapMaxHeight units.
func fitProjection(b orb.Bound) projection {
	midLat := (b.Min[1] + b.Max[1]) / 2
	p := projection{west: b.Min[0], north: b.Max[1], cos: math.Cos(midLat * math.Pi / 180)}
	spanX := math.Max((b.Max[0]-b.Min[0])*p.cos, 1e-9)
	spanY := math.Max(b.Max[1]-b.Min[1], 1e-9)
	inner := mapWidth - 2*mapPad
	p.k = inner / spanX
	if spanY*p.k > mapMaxHeight-2*mapPad {
		p.k = (mapMaxHeight - 2*mapPad) / spanY
	}
	p.width = math.Ceil(spanX*p.k + 2*mapPad)
	p.height = math.Ceil(spanY*p.k + 2*mapPad)
	p.x0, p.y0 = mapPad, mapPad
	return p
}

func (p projection) point(pt orb.Point) (float64, float64) {
	return p.x0 + (pt[0]-p.west)*p.cos*p.k, p.y0 + (p.north-pt[1])*p.k
}

// kmPerUnit is how many kilometres one viewBox unit is, along the middle
// latitude (111.32 km a degree of latitude).
func (p projection) kmPerUnit() float64 { return 111.32 / p.k }

// pathData is the SVG path of a boundary: rings projected, rounded to a
// tenth of a unit, thinned to tolerance; rings that thin to nothing
// (islands smaller than the tolerance) are left out.
func (p projection) pathData(mp orb.MultiPolygon, tolerance float64) string {
	var b strings.Builder
	for _, poly := range mp {
		for _, ring := range poly {
			p.ringPath(&b, ring, tolerance)
		}
	}
	return b.String()
}

func (p projection) ringPath(b *strings.Builder, ring orb.Ring, tolerance float64) {
	pts := make([][2]float64, 0, len(ring))
	for i, pt := range ring {
		x, y := p.point(pt)
		x, y = math.Round(x*10)/10, math.Round(y*10)/10
		if len(pts) > 0 && i < len(ring)-1 {
			last := pts[len(pts)-1]
			if math.Hypot(x-last[0], y-last[1]) < tolerance {
				continue
			}
		}
		pts = append(pts, [2]float64{x, y})
	}
	if len(pts) > 1 && pts[0] == pts[len(pts)-1] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) < 3 {
		return
	}
	for i, pt := range pts {
		if i == 0 {
			b.WriteByte('M')
		} else {
			b.WriteByte('L')
		}
		b.WriteString(strconv.FormatFloat(pt[0], 'f', -1, 64))
		b.WriteByte(' ')
		b.WriteString(strconv.FormatFloat(pt[1], 'f', -1, 64))
	}
	b.WriteByte('Z')
}

// outline is one region's projected boundary, referenced by every map:
// D for the main map, SmallD (ID "s…") for the small ones.
type outline struct {
	ID        string // "r" and its index: region codes may hold any character
	Code      string
	Name      string
	D, SmallD string
}

// projectShapes projects every region with a boundary; regions without
// one (or whose boundary thins to nothing) get no outline.
func projectShapes(shapes []mapping.RegionShape) (projection, []outline) {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, s := range shapes {
		if len(s.Geometry) > 0 {
			b = b.Union(s.Geometry.Bound())
		}
	}
	if math.IsInf(b.Min[0], 0) {
		return projection{}, nil
	}
	p := fitProjection(b)
	out := make([]outline, 0, len(shapes))
	for i, s := range shapes {
		d := p.pathData(s.Geometry, mapTolerance)
		if d == "" {
			continue
		}
		small := p.pathData(s.Geometry, smallMapTolerance)
		if small == "" {
			small = d // a small island still shows as a speck
		}
		out = append(out, outline{ID: "r" + strconv.Itoa(i), Code: s.Code, Name: s.Name, D: d, SmallD: small})
	}
	return p, out
}

// scaleBar is a round distance about a fifth of the map wide, in km, and
// its length in viewBox units.
func (p projection) scaleBar() (km float64, length float64) {
	target := p.width / 5 * p.kmPerUnit()
	mag := math.Pow(10, math.Floor(math.Log10(target)))
	km = mag
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag <= target {
			km = m * mag
		}
	}
	return km, km / p.kmPerUnit()
}
