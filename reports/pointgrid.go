package reports

import (
	"math"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// pointGrid finds the demand points near a site. The demand points never
// change once the engine is built, so they sit in a global grid of cells
// about as tall as the search radius, stored cell by cell in one array: a
// search reads three rows of a few cells each and checks the squared
// chord in 3-D (three multiplications).
type pointGrid struct {
	cellDeg    float64
	cols, rows int
	row0       int     // the grid holds rows row0 … row0+rows-1 of the globe
	start      []int32 // cell c's points are order[start[c]:start[c+1]]
	order      []int32 // point numbers, by cell
	// By position in order, so that a search reads memory in sequence.
	xyz []vec3
}

// newPointGrid indexes points, numbered from first, for searches of up
// to radiusKm.
func newPointGrid(points []demandPoint, first int, radiusKm float64) *pointGrid {
	// Cells about one radius tall, but no more than 720 rows of them, so
	// the grid's index stays within 4 MB.
	// A whole number of columns round the globe, so that the columns wrap
	// exactly at the antimeridian.
	cols := int(math.Ceil(360 / max(radiusKm/kmPerDegree, 0.25)))
	cellDeg := 360 / float64(cols)
	g := &pointGrid{cellDeg: cellDeg, cols: cols, rows: int(math.Ceil(180 / cellDeg))}
	// Keep only the rows that hold points.
	lo, hi := g.rows, -1
	for _, p := range points {
		r := g.row(p.p[1])
		lo, hi = min(lo, r), max(hi, r)
	}
	g.row0, g.rows = max(lo, 0), max(hi-lo+1, 0)
	cellOf := make([]int32, len(points))
	g.start = make([]int32, g.cols*g.rows+1)
	for i, p := range points {
		c := g.cell(g.col(p.p[0]), g.row(p.p[1]))
		cellOf[i] = int32(c)
		g.start[c+1]++
	}
	for c := range g.cols * g.rows {
		g.start[c+1] += g.start[c]
	}
	g.order = make([]int32, len(points))
	g.xyz = make([]vec3, len(points))
	fill := make([]int32, g.cols*g.rows)
	copy(fill, g.start)
	for i, c := range cellOf {
		at := fill[c]
		g.order[at], g.xyz[at] = int32(first+i), points[i].xyz
		fill[c]++
	}
	return g
}

const kmPerDegree = spatial.EarthRadiusKm * math.Pi / 180

func (g *pointGrid) col(lon float64) int {
	return clampInt(int(math.Floor((lon+180)/g.cellDeg)), 0, g.cols-1)
}

// row is the global row of a latitude.
func (g *pointGrid) row(lat float64) int {
	return clampInt(int(math.Floor((lat+90)/g.cellDeg)), 0, int(math.Ceil(180/g.cellDeg))-1)
}

// cell numbers a cell by its column and global row, which must be held.
func (g *pointGrid) cell(col, row int) int { return (row-g.row0)*g.cols + col }

func clampInt(x, lo, hi int) int { return min(max(x, lo), hi) }

// within calls fn with the number and the squared chord dist2(q, ·) of
// every point whose chord to q is at most that of radiusKm, padded: a
// superset of the points within radiusKm of p (callers compare the
// squared chord with chord2(radiusKm)).
func (g *pointGrid) within(p orb.Point, q vec3, radiusKm float64, fn func(i int32, c2 float64)) {
	padded := chordFor(radiusKm)
	padded2 := padded * padded
	dLat := radiusKm/kmPerDegree + 1e-9
	r0, r1 := max(g.row(p[1]-dLat), g.row0), min(g.row(p[1]+dLat), g.row0+g.rows-1)
	// The widest longitude difference within the radius, at the most
	// poleward latitude it reaches.
	dLon := 180.0
	if poleward := math.Max(math.Abs(p[1]-dLat), math.Abs(p[1]+dLat)); poleward < 90 {
		if s := math.Sin(radiusKm/spatial.EarthRadiusKm) / math.Cos(poleward*math.Pi/180); s < 1 {
			dLon = math.Asin(s)*180/math.Pi + 1e-9
		}
	}
	visit := func(c0, c1, row int) {
		for c := c0; c <= c1; c++ {
			cell := g.cell(c, row)
			for at := g.start[cell]; at < g.start[cell+1]; at++ {
				if c2 := dist2(q, g.xyz[at]); c2 <= padded2 {
					fn(g.order[at], c2)
				}
			}
		}
	}
	for row := r0; row <= r1; row++ {
		if dLon >= 180 {
			visit(0, g.cols-1, row)
			continue
		}
		west := int(math.Floor((p[0] - dLon + 180) / g.cellDeg))
		east := int(math.Floor((p[0] + dLon + 180) / g.cellDeg))
		switch {
		case east-west+1 >= g.cols:
			visit(0, g.cols-1, row)
		case west < 0:
			visit(0, east, row)
			visit(west+g.cols, g.cols-1, row)
		case east >= g.cols:
			visit(west, g.cols-1, row)
			visit(0, east-g.cols, row)
		default:
			visit(west, east, row)
		}
	}
}
