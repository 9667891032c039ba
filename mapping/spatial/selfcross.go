package spatial

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// maxCrossingsReported caps how many self-intersections of one ring are
// collected: a badly broken ring can have quadratically many, and one is
// enough to reject it.
const maxCrossingsReported = 100

// ringCrossing is one place where edges i < j of a ring meet.
type ringCrossing struct {
	i, j int
	at   orb.Point
}

// findSelfIntersections returns where edges of a closed ring (first point
// equal to last, no consecutive repeats, at least 4 points) meet other than
// at the vertex two neighbouring edges share, lowest edge pair first. It
// returns at most maxCrossingsReported crossings.
//
// Edges are bucketed into a uniform grid with about one cell per edge, so
// only edges sharing a cell are compared: near-linear for real boundaries
// instead of comparing every pair.
func findSelfIntersections(r orb.Ring) []ringCrossing {
	n := len(r) - 1
	var found []ringCrossing
	seen := make(map[[2]int]bool)
	add := func(i, j int, at orb.Point) {
		if len(found) < maxCrossingsReported && !seen[[2]int{i, j}] {
			seen[[2]int{i, j}] = true
			found = append(found, ringCrossing{i, j, at})
		}
	}

	// Neighbouring edges share a vertex; they meet anywhere else only when
	// the second folds back along the first (a spike).
	for i := 0; i < n; i++ {
		a, b, c := r[i], r[i+1], r[(i+2)%n]
		if orient(a, b, c) == 0 && (a[0]-b[0])*(c[0]-b[0])+(a[1]-b[1])*(c[1]-b[1]) > 0 {
			j := (i + 1) % n
			add(min(i, j), max(i, j), b)
		}
	}

	g := newEdgeGrid(r)
cells:
	for cell := 0; cell+1 < len(g.start); cell++ {
		edges := g.edges[g.start[cell]:g.start[cell+1]]
		for x, i := range edges {
			for _, j := range edges[x+1:] {
				i, j := min(i, j), max(i, j)
				if j == i+1 || (i == 0 && j == n-1) {
					continue
				}
				if at, ok := segmentsMeet(r[i], r[i+1], r[j], r[j+1]); ok {
					add(i, j, at)
				}
			}
			if len(found) == maxCrossingsReported {
				break cells
			}
		}
	}
	slices.SortFunc(found, func(a, b ringCrossing) int {
		if a.i != b.i {
			return a.i - b.i
		}
		return a.j - b.j
	})
	return found
}

// edgeGrid lists, for each cell of a grid over a ring's bound, the edges
// passing through it (compressed rows: cell c holds edges[start[c]:start[c+1]]).
type edgeGrid struct {
	start []int32
	edges []int
}

func newEdgeGrid(r orb.Ring) edgeGrid {
	n := len(r) - 1
	bound := r.Bound()
	w, h := bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1]
	nx, ny := gridShape(w, h, n)
	sx, sy := w/float64(nx), h/float64(ny)
	col := func(x float64) int { return clampIndex((x-bound.Min[0])/sx, nx) }
	row := func(y float64) int { return clampIndex((y-bound.Min[1])/sy, ny) }

	// visit calls fn for each cell the edge from a to b passes through,
	// clipping the edge to each row band to find that row's columns. The
	// bands and ranges are widened slightly so that rounding never drops a
	// cell the edge touches.
	mx, my := sx*1e-6, sy*1e-6
	visit := func(a, b orb.Point, fn func(cell int)) {
		r0, r1 := row(math.Min(a[1], b[1])-my), row(math.Max(a[1], b[1])+my)
		for y := r0; y <= r1; y++ {
			lo, hi := math.Min(a[0], b[0]), math.Max(a[0], b[0])
			if a[1] != b[1] {
				bandLo := bound.Min[1] + float64(y)*sy - my
				t0 := (bandLo - a[1]) / (b[1] - a[1])
				t1 := (bandLo + sy + 2*my - a[1]) / (b[1] - a[1])
				t0, t1 = clamp01(math.Min(t0, t1)), clamp01(math.Max(t0, t1))
				x0, x1 := a[0]+t0*(b[0]-a[0]), a[0]+t1*(b[0]-a[0])
				lo, hi = math.Min(x0, x1), math.Max(x0, x1)
			}
			for x := col(lo - mx); x <= col(hi+mx); x++ {
				fn(y*nx + x)
			}
		}
	}

	g := edgeGrid{start: make([]int32, nx*ny+1)}
	for i := 0; i < n; i++ {
		visit(r[i], r[i+1], func(cell int) { g.start[cell+1]++ })
	}
	for c := 1; c < len(g.start); c++ {
		g.start[c] += g.start[c-1]
	}
	g.edges = make([]int, g.start[len(g.start)-1])
	fill := slices.Clone(g.start)
	for i := 0; i < n; i++ {
		visit(r[i], r[i+1], func(cell int) {
			g.edges[fill[cell]] = i
			fill[cell]++
		})
	}
	return g
}

// gridShape chooses columns and rows for a w×h box so that there are about
// n roughly square cells; a zero-width or zero-height box gets one row or
// column.
func gridShape(w, h float64, n int) (nx, ny int) {
	n = max(n, 1)
	switch {
	case w <= 0 && h <= 0:
		return 1, 1
	case w <= 0:
		return 1, n
	case h <= 0:
		return n, 1
	}
	size := math.Sqrt(w * h / float64(n))
	nx = min(max(int(math.Ceil(w/size)), 1), n)
	ny = min(max(int(math.Ceil(h/size)), 1), n)
	return nx, ny
}

// clampIndex turns a fractional grid coordinate into a cell index in [0, n).
func clampIndex(f float64, n int) int {
	if !(f > 0) {
		return 0
	}
	if f >= float64(n) {
		return n - 1
	}
	return int(f)
}

func clamp01(t float64) float64 { return max(0, min(1, t)) }
