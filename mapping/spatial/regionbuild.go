package spatial

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// edgeMargin is how near a cell an edge must pass to be listed in it. It
// is far larger than borderTolerance and than rounding in the clipping, so
// every edge a point in the cell could touch or cross is listed.
const edgeMargin = 1e-9

// Cells per edge when the cell size is derived from the data, and bounds
// on the cell count. Finer grids answer more points from the cell alone
// but cost 8 bytes a cell plus the edges they repeat; on the demo files
// 16 cells per edge is as fast as 64 (over 20 million points a second on
// two cores) at a quarter of the memory (4 MB for Thai districts, 24 MB
// for ASEAN provinces).
const (
	cellsPerEdge = 16
	minCells     = 1 << 12
	maxCells     = 1 << 22
)

// NewRegionIndex builds an index over shapes. Shapes may overlap and leave
// gaps; winding does not matter; shapes that share a code are one region.
// Empty shapes are ignored.
func NewRegionIndex(shapes []Shape, opts ...RegionOption) *RegionIndex {
	cfg := regionConfig{tolerance: DefaultNearestTolerance}
	for _, opt := range opts {
		opt(&cfg)
	}
	ix := &RegionIndex{tolerance: cfg.tolerance}

	// Keep the polygons that have at least one edge, and rank regions by code.
	var bound orb.Bound
	edges := 0
	var kept []string      // code of each kept polygon
	var bounds []orb.Bound // and its bound
	for _, s := range shapes {
		for _, poly := range s.Geometry {
			n := 0
			for _, ring := range poly {
				forEachEdge(ring, func(a, b orb.Point) { n++ })
			}
			if n == 0 {
				continue
			}
			pb := polygonBound(poly)
			if edges == 0 {
				bound = pb
			}
			bound, edges = bound.Union(pb), edges+n
			bounds = append(bounds, pb)
			// A copy, so later changes to the caller's shapes cannot reach in.
			ix.polys = append(ix.polys, rankedPolygon{poly: poly.Clone()})
			kept = append(kept, s.Code)
		}
	}
	ix.codes = slices.Compact(slices.Sorted(slices.Values(kept)))
	for i, code := range kept {
		rank, _ := slices.BinarySearch(ix.codes, code)
		ix.polys[i].rank = int32(rank)
	}
	if edges == 0 {
		ix.grid = newGrid(orb.Bound{}, 1)
		ix.answer, ix.start = []int32{cellFar}, []int32{0, 0}
		return ix
	}

	// Pad by the tolerance so that every point near enough to match as
	// Nearest lands on the grid, plus a little for the edge margins.
	bound = bound.Pad(ix.tolerance + 4*edgeMargin)
	area := (bound.Max[0] - bound.Min[0]) * (bound.Max[1] - bound.Min[1])
	cell := cfg.cellSize
	if !(cell > 0) {
		cell = math.Sqrt(area / float64(min(max(cellsPerEdge*edges, minCells), maxCells)))
	}
	cell = max(cell, math.Sqrt(area/maxCells))
	ix.grid = newGrid(bound, cell)
	ix.fill(bounds)
	return ix
}

// polygonBound is poly.Bound(), the bound of its outer ring, in a loop of
// builtin min and max: orb's extends the bound point by point through
// calls, which took a tenth of a build over two million vertices.
func polygonBound(poly orb.Polygon) orb.Bound {
	if len(poly) == 0 || len(poly[0]) == 0 {
		return poly.Bound()
	}
	ring := poly[0]
	b := orb.Bound{Min: ring[0], Max: ring[0]}
	for _, p := range ring[1:] {
		b.Min[0], b.Min[1] = min(b.Min[0], p[0]), min(b.Min[1], p[1])
		b.Max[0], b.Max[1] = max(b.Max[0], p[0]), max(b.Max[1], p[1])
	}
	return b
}

// pendingEntry is a cell entry before entries are grouped by cell.
type pendingEntry struct {
	cell  int32
	entry cellEntry
}

// fill lists every polygon in the cells it covers or crosses, then groups
// the lists by cell and decides which cells answer on their own.
func (ix *RegionIndex) fill(bounds []orb.Bound) {
	var pending []pendingEntry
	var segs []segment
	var scratch polygonScratch
	for pi := range ix.polys {
		pending, segs = ix.addPolygon(int32(pi), bounds[pi], pending, segs, &scratch)
	}

	cells := ix.grid.nx * ix.grid.ny
	ix.start = make([]int32, cells+1)
	for _, p := range pending {
		ix.start[p.cell+1]++
	}
	for c := range cells {
		ix.start[c+1] += ix.start[c]
	}
	ix.entries = make([]cellEntry, len(pending))
	fillAt := slices.Clone(ix.start[:cells])
	for _, p := range pending {
		ix.entries[fillAt[p.cell]] = p.entry
		fillAt[p.cell]++
	}
	// Repack the edges in cell order so that a query reads one run of memory.
	ix.segs = make([]segment, 0, len(segs))
	for i, e := range ix.entries {
		start := int32(len(ix.segs))
		ix.segs = append(ix.segs, segs[e.segStart:e.segEnd]...)
		ix.entries[i].segStart, ix.entries[i].segEnd = start, int32(len(ix.segs))
	}
	ix.decideCells()
}

// polygonScratch is reused between polygons to spare allocations.
type polygonScratch struct {
	hits, byCell []cellSegment
	start        []int32 // by cell of the bounding box: where its hits begin in byCell
	crossings    [][]float64
}

// cellSegment is an edge passing through a cell, numbered row by row
// within the polygon's bounding box.
type cellSegment struct {
	cell int32
	seg  segment
}

// addPolygon appends the polygon's entries: one with its edges for each
// cell its boundary passes through, and one without for each cell it
// covers entirely. The inside/outside status of cell centres comes from a
// scanline through each row of centres.
func (ix *RegionIndex) addPolygon(pi int32, bb orb.Bound, pending []pendingEntry, segs []segment, s *polygonScratch) ([]pendingEntry, []segment) {
	g := &ix.grid
	poly := ix.polys[pi].poly
	s.hits = s.hits[:0]
	c0, r0 := g.colRow(orb.Point{bb.Min[0] - 2*edgeMargin, bb.Min[1] - 2*edgeMargin})
	c1, r1 := g.colRow(orb.Point{bb.Max[0] + 2*edgeMargin, bb.Max[1] + 2*edgeMargin})
	rows, cols := r1-r0+1, c1-c0+1
	for len(s.crossings) < rows {
		s.crossings = append(s.crossings, nil)
	}
	for r := range rows {
		s.crossings[r] = s.crossings[r][:0]
	}

	for _, ring := range poly {
		forEachEdge(ring, func(a, b orb.Point) {
			seg := segment{a[0], a[1], b[0], b[1]}
			g.visitCells(a, b, edgeMargin, func(col, row int) {
				s.hits = append(s.hits, cellSegment{int32((row-r0)*cols + col - c0), seg})
			})
			_, lo := g.colRow(orb.Point{0, min(a[1], b[1])})
			_, hi := g.colRow(orb.Point{0, max(a[1], b[1])})
			for row := lo; row <= hi; row++ {
				// Half-open in y, so a vertex on the scanline counts once.
				y := g.colRowCenter(0, row)[1]
				if (a[1] > y) != (b[1] > y) {
					x := a[0] + (y-a[1])*(b[0]-a[0])/(b[1]-a[1])
					s.crossings[row-r0] = append(s.crossings[row-r0], x)
				}
			}
		})
	}
	s.groupHits(rows * cols)
	// Room for every entry the polygon may add, at once: append would grow
	// these slices of millions by a quarter at a time, copying them over
	// and over.
	pending, segs = reserve(pending, rows*cols), reserve(segs, len(s.hits))

	rank := ix.polys[pi].rank
	for row := r0; row <= r1; row++ {
		xs := s.crossings[row-r0]
		slices.Sort(xs)
		left := 0 // crossings at or left of the current centre
		for col := c0; col <= c1; col++ {
			cell := int32(row*g.nx + col)
			ref := g.colRowCenter(col, row)
			for left < len(xs) && xs[left] <= ref[0] {
				left++
			}
			inside := (len(xs)-left)%2 == 1
			local := (row-r0)*cols + col - c0
			first, h := s.start[local], s.start[local+1]
			if first == h {
				if inside {
					pending = append(pending, pendingEntry{cell, cellEntry{rank: rank, poly: pi}})
				}
				continue
			}
			e := cellEntry{rank: rank, poly: pi, segStart: int32(len(segs)), refInside: inside}
			for _, hit := range s.byCell[first:h] {
				seg := hit.seg
				segs = append(segs, seg)
				if segmentDistSq(ref, orb.Point{seg.ax, seg.ay}, orb.Point{seg.bx, seg.by}) <= edgeMargin*edgeMargin {
					e.refOnEdge = true
				}
			}
			e.segEnd = int32(len(segs))
			pending = append(pending, pendingEntry{cell, e})
		}
	}
	return pending, segs
}

// reserve makes room for n more elements, doubling the capacity when it
// grows.
func reserve[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	grown := make([]T, len(s), max(2*cap(s), len(s)+n))
	copy(grown, s)
	return grown
}

// groupHits puts the hits in byCell by cell of the bounding box (of which
// there are cells), each cell's in the order the edges came: a counting
// sort, stable (so the index is the same on every build) and linear, where
// a comparison sort of the millions of hits of a large boundary set took a
// fifth of the build. The cells of the box are walked anyway.
func (s *polygonScratch) groupHits(cells int) {
	s.start = slices.Grow(s.start[:0], cells+1)[:cells+1]
	clear(s.start)
	for _, h := range s.hits {
		s.start[h.cell+1]++
	}
	for c := range cells {
		s.start[c+1] += s.start[c]
	}
	s.byCell = slices.Grow(s.byCell[:0], len(s.hits))[:len(s.hits)]
	for _, h := range s.hits {
		s.byCell[s.start[h.cell]] = h
		s.start[h.cell]++
	}
	// Filling moved each start[c] to where cell c ends, which is where
	// cell c+1 begins.
	copy(s.start[1:], s.start[:cells])
	s.start[0] = 0
}

// decideCells fills ix.answer: cells covered entirely by one region answer
// directly, and empty cells too far from every edge answer None directly.
func (ix *RegionIndex) decideCells() {
	g := &ix.grid
	cells := g.nx * g.ny
	ix.answer = make([]int32, cells)
	hasEdges := make([]bool, cells)
	for c := range cells {
		entries := ix.entries[ix.start[c]:ix.start[c+1]]
		if len(entries) == 0 {
			ix.answer[c] = cellEmpty
			continue
		}
		ix.answer[c] = entries[0].rank
		for _, e := range entries {
			if e.segStart != e.segEnd {
				hasEdges[c] = true
			}
			if e.segStart != e.segEnd || e.rank != entries[0].rank {
				ix.answer[c] = cellMixed
			}
		}
	}
	near := dilate(hasEdges, g.nx, g.ny, int(math.Ceil(ix.tolerance*g.inv)))
	for c := range cells {
		if ix.answer[c] == cellEmpty && (ix.tolerance == 0 || !near[c]) {
			ix.answer[c] = cellFar
		}
	}
}

// dilate marks every cell within k cells (in both directions) of a marked
// cell, one axis at a time with a running count.
func dilate(marked []bool, nx, ny, k int) []bool {
	pass := func(in []bool, n, stride, lines, lineStride int) []bool {
		out := make([]bool, len(in))
		for l := range lines {
			base := l * lineStride
			count := 0
			for i := 0; i < min(k, n); i++ {
				if in[base+i*stride] {
					count++
				}
			}
			for i := range n {
				if j := i + k; j < n && in[base+j*stride] {
					count++
				}
				if j := i - k - 1; j >= 0 && in[base+j*stride] {
					count--
				}
				out[base+i*stride] = count > 0
			}
		}
		return out
	}
	rowsDone := pass(marked, nx, 1, ny, nx)
	return pass(rowsDone, ny, nx, nx, 1)
}
