package spatial

import (
	"math"

	"github.com/paulmach/orb"
)

// grid is a uniform grid of square cells over a bound, numbered row by row
// from the south-west corner.
type grid struct {
	minX, minY float64
	cell       float64 // side in degrees
	inv        float64 // 1 / cell
	nx, ny     int
}

func newGrid(b orb.Bound, cell float64) grid {
	nx := max(int(math.Ceil((b.Max[0]-b.Min[0])/cell)), 1)
	ny := max(int(math.Ceil((b.Max[1]-b.Min[1])/cell)), 1)
	return grid{minX: b.Min[0], minY: b.Min[1], cell: cell, inv: 1 / cell, nx: nx, ny: ny}
}

// cellOf returns the cell holding p, or false if p is off the grid (or NaN).
func (g *grid) cellOf(p orb.Point) (int, bool) {
	fx, fy := (p[0]-g.minX)*g.inv, (p[1]-g.minY)*g.inv
	if !(fx >= 0 && fy >= 0 && fx < float64(g.nx) && fy < float64(g.ny)) {
		return 0, false
	}
	return int(fy)*g.nx + int(fx), true
}

// colRow returns the column and row holding p, clamped onto the grid.
func (g *grid) colRow(p orb.Point) (col, row int) {
	return clampIndex((p[0]-g.minX)*g.inv, g.nx), clampIndex((p[1]-g.minY)*g.inv, g.ny)
}

// center is the reference point of a cell. Building and querying must
// compute it identically, so both go through here.
func (g *grid) center(cell int) orb.Point {
	return g.colRowCenter(cell%g.nx, cell/g.nx)
}

func (g *grid) colRowCenter(col, row int) orb.Point {
	return orb.Point{g.minX + (float64(col)+0.5)*g.cell, g.minY + (float64(row)+0.5)*g.cell}
}

// visitCells calls fn for every cell that the segment from a to b passes
// through or comes within margin of, row by row from south to north.
func (g *grid) visitCells(a, b orb.Point, margin float64, fn func(col, row int)) {
	// The builtin min and max: math.Min and math.Max are calls, on the
	// path of every edge of every boundary, and agree with them on NaN
	// and signed zeros.
	_, r0 := g.colRow(orb.Point{0, min(a[1], b[1]) - margin})
	_, r1 := g.colRow(orb.Point{0, max(a[1], b[1]) + margin})
	for row := r0; row <= r1; row++ {
		lo, hi := min(a[0], b[0]), max(a[0], b[0])
		if a[1] != b[1] {
			// Clip the segment to the row's band, widened by the margin.
			bandLo := g.minY + float64(row)*g.cell - margin
			t0 := (bandLo - a[1]) / (b[1] - a[1])
			t1 := (bandLo + g.cell + 2*margin - a[1]) / (b[1] - a[1])
			t0, t1 = clamp01(min(t0, t1)), clamp01(max(t0, t1))
			x0, x1 := a[0]+t0*(b[0]-a[0]), a[0]+t1*(b[0]-a[0])
			lo, hi = min(x0, x1), max(x0, x1)
		}
		c0, _ := g.colRow(orb.Point{lo - margin, 0})
		c1, _ := g.colRow(orb.Point{hi + margin, 0})
		for col := c0; col <= c1; col++ {
			fn(col, row)
		}
	}
}
