package spatial

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

// How says how a point was matched to a region.
type How uint8

const (
	// None: the point is in no region and not within the tolerance of one.
	None How = iota
	// Inside: the point is inside (or on the outer edge of) exactly one region.
	Inside
	// Border: the point is on a border shared by several regions, or inside
	// several overlapping ones; the lowest code among them wins.
	Border
	// Nearest: the point is in no region but within the tolerance of one,
	// as happens in the slivers between simplified neighbours.
	Nearest
)

func (h How) String() string {
	switch h {
	case Inside:
		return "inside"
	case Border:
		return "border"
	case Nearest:
		return "nearest"
	}
	return "none"
}

// Shape is one region: its code and its area.
type Shape struct {
	Code     string
	Geometry orb.MultiPolygon
}

// Match is the region a point was assigned to; Code is empty when How is None.
type Match struct {
	Code string
	How  How
}

// DefaultNearestTolerance is how far, in degrees, a point outside every
// region may lie from one and still be assigned to it (about 2 km).
const DefaultNearestTolerance = 0.02

// borderTolerance is how close, in degrees, a point must be to a region's
// boundary to count as touching it.
const borderTolerance = 1e-12

// RegionIndex assigns points to regions (see the package documentation for
// the rule). It is immutable once built and safe for concurrent use.
//
// It lays a uniform grid over the regions. Most cells lie wholly inside
// one region, or far from all, and answer without any geometry. For the
// others it stores each polygon's edges through the cell and whether the
// cell's centre is inside the polygon; a point's status is the centre's,
// flipped at each edge that crosses the short segment from the centre to
// the point, so a query reads only the edges of its own cell.
type RegionIndex struct {
	codes     []string // by rank: codes in ascending order, each once
	tolerance float64
	grid      grid

	// answer holds, per cell, the rank of the one region covering the
	// whole cell, or one of cellMixed, cellEmpty, cellFar.
	answer []int32
	// start indexes entries: cell c's entries are entries[start[c]:start[c+1]].
	start   []int32
	entries []cellEntry
	segs    []segment
	polys   []rankedPolygon
}

const (
	cellMixed int32 = -1 // look at the cell's entries
	cellEmpty int32 = -2 // in no region, but maybe near one
	cellFar   int32 = -3 // in no region and further than the tolerance from all
)

// cellEntry is one polygon's part in one grid cell: either the polygon
// covers the whole cell (no segments), or the segments are the polygon's
// edges through the cell and refInside says whether the cell's centre is
// inside the polygon.
type cellEntry struct {
	rank             int32
	poly             int32
	segStart, segEnd int32
	refInside        bool
	// refOnEdge: the centre is too close to an edge to serve as reference,
	// so the polygon is tested in full.
	refOnEdge bool
}

type segment struct{ ax, ay, bx, by float64 }

type rankedPolygon struct {
	rank int32
	poly orb.Polygon
}

// RegionOption adjusts how NewRegionIndex builds an index.
type RegionOption func(*regionConfig)

type regionConfig struct {
	tolerance float64
	cellSize  float64
}

// WithNearestTolerance sets how far in degrees a point outside every region
// may be from one and still match it as Nearest; 0 turns Nearest off.
func WithNearestTolerance(deg float64) RegionOption {
	return func(c *regionConfig) { c.tolerance = max(deg, 0) }
}

// WithCellSize fixes the grid cell size in degrees instead of deriving it
// from the data; smaller cells are faster to query and use more memory.
// Sizes that would make more than about 4 million cells are enlarged.
func WithCellSize(deg float64) RegionOption {
	return func(c *regionConfig) { c.cellSize = deg }
}

// Locate returns the region p falls in.
func (ix *RegionIndex) Locate(p orb.Point) Match {
	cell, ok := ix.grid.cellOf(p)
	if !ok {
		return Match{}
	}
	switch a := ix.answer[cell]; {
	case a >= 0:
		return Match{Code: ix.codes[a], How: Inside}
	case a == cellFar:
		return Match{}
	case a == cellMixed:
		if rank, how := ix.containing(p, cell); how != None {
			return Match{Code: ix.codes[rank], How: how}
		}
	}
	if rank, ok := ix.nearest(p); ok {
		return Match{Code: ix.codes[rank], How: Nearest}
	}
	return Match{}
}

// LocateAll locates every point, spreading the work over workers
// goroutines (GOMAXPROCS when workers < 1). Result i belongs to points[i].
func (ix *RegionIndex) LocateAll(points []orb.Point, workers int) []Match {
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]Match, len(points))
	// Small chunks handed out on demand keep workers busy even when some
	// parts of the input are slower (near borders) than others.
	const chunk = 4096
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(points)/chunk+1) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= len(points) {
					return
				}
				hi := min(lo+chunk, len(points))
				for i := lo; i < hi; i++ {
					out[i] = ix.Locate(points[i])
				}
			}
		})
	}
	wg.Wait()
	return out
}

// containing applies the border rule to the entries of p's cell: it
// returns the lowest rank among the regions that contain or touch p, and
// whether that was one region (Inside) or several (Border).
func (ix *RegionIndex) containing(p orb.Point, cell int) (int32, How) {
	best, how := int32(math.MaxInt32), None
	ref := ix.grid.center(cell)
	for _, e := range ix.entries[ix.start[cell]:ix.start[cell+1]] {
		if e.rank == best || !ix.entryHolds(e, p, ref) {
			continue
		}
		switch how {
		case None:
			how = Inside
		case Inside:
			how = Border
		}
		best = min(best, e.rank)
	}
	return best, how
}

// entryHolds reports whether the entry's polygon contains or touches p.
func (ix *RegionIndex) entryHolds(e cellEntry, p, ref orb.Point) bool {
	if e.segStart == e.segEnd {
		return true
	}
	if e.refOnEdge {
		return polygonHolds(ix.polys[e.poly].poly, p)
	}
	// p's status is the reference's, flipped at every edge crossing the
	// segment from the reference to p. Both lie in the cell, so only the
	// cell's edges can cross it.
	inside := e.refInside
	px, py := p[0], p[1]
	dx, dy := px-ref[0], py-ref[1]
	for _, s := range ix.segs[e.segStart:e.segEnd] {
		if math.Min(s.ax, s.bx)-borderTolerance <= px && px <= math.Max(s.ax, s.bx)+borderTolerance &&
			math.Min(s.ay, s.by)-borderTolerance <= py && py <= math.Max(s.ay, s.by)+borderTolerance &&
			segmentDistSq(p, orb.Point{s.ax, s.ay}, orb.Point{s.bx, s.by}) <= borderTolerance*borderTolerance {
			return true
		}
		// Vertices on the line through ref and p count as left of it, the
		// same way for both edges that share them.
		sideA := dx*(s.ay-ref[1])-dy*(s.ax-ref[0]) >= 0
		sideB := dx*(s.by-ref[1])-dy*(s.bx-ref[0]) >= 0
		if sideA == sideB {
			continue
		}
		ex, ey := s.bx-s.ax, s.by-s.ay
		refSide := ex*(ref[1]-s.ay)-ey*(ref[0]-s.ax) > 0
		pSide := ex*(py-s.ay)-ey*(px-s.ax) > 0
		if refSide != pSide {
			inside = !inside
		}
	}
	return inside
}

// nearest finds the region whose boundary is closest to p, if any lies
// within the tolerance; equal distances go to the lowest rank.
func (ix *RegionIndex) nearest(p orb.Point) (int32, bool) {
	tol := ix.tolerance
	if tol == 0 {
		return 0, false
	}
	bestD2, best := tol*tol, int32(-1)
	c0, r0 := ix.grid.colRow(orb.Point{p[0] - tol, p[1] - tol})
	c1, r1 := ix.grid.colRow(orb.Point{p[0] + tol, p[1] + tol})
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			cell := r*ix.grid.nx + c
			for _, e := range ix.entries[ix.start[cell]:ix.start[cell+1]] {
				for _, s := range ix.segs[e.segStart:e.segEnd] {
					d2 := segmentDistSq(p, orb.Point{s.ax, s.ay}, orb.Point{s.bx, s.by})
					if d2 < bestD2 || (d2 == bestD2 && (best < 0 || e.rank < best)) {
						bestD2, best = d2, e.rank
					}
				}
			}
		}
	}
	return best, best >= 0
}

// polygonHolds reports whether p is inside poly or within borderTolerance
// of its boundary, by the crossing-number rule over all its rings.
func polygonHolds(poly orb.Polygon, p orb.Point) bool {
	inside := false
	for _, ring := range poly {
		touched := false
		forEachEdge(ring, func(a, b orb.Point) {
			if segmentDistSq(p, a, b) <= borderTolerance*borderTolerance {
				touched = true
			}
			if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < a[0]+(p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1]) {
				inside = !inside
			}
		})
		if touched {
			return true
		}
	}
	return inside
}

// forEachEdge calls fn for every edge of a ring with distinct ends,
// including the closing edge when the ring is not explicitly closed.
func forEachEdge(ring orb.Ring, fn func(a, b orb.Point)) {
	n := len(ring)
	if n < 2 {
		return
	}
	if ring[0] == ring[n-1] {
		n--
	}
	for i := range n {
		a, b := ring[i], ring[(i+1)%len(ring)]
		if a != b {
			fn(a, b)
		}
	}
}
