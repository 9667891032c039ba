package reports

import (
	"math"
	"slices"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// Points are indexed as unit vectors in 3-D: the straight-line (chord)
// distance between two of them grows with the great-circle distance, so a
// k-d tree over them answers "within r km" and "nearest" on the sphere with
// no special case at the antimeridian or the poles.
//
// The millions of site–demand point pairs are measured by their squared
// chord c², with no trigonometry: c²/4 is the haversine of the angle
// between the points, so c² orders pairs as their great-circle distance
// does, a catchment of d0 km is c² ≤ chord2(d0), and the distance itself,
// where a weight needs it, is kmOfChord2(c²). Every code path computes c²
// with dist2 from the same vectors, so an incremental update and a full
// recompute agree to the last bit. Region distances (nearest_km, service
// radii) use spatial.DistanceKm.

type vec3 [3]float64

func unitVector(p orb.Point) vec3 {
	lon, lat := p[0]*math.Pi/180, p[1]*math.Pi/180
	c := math.Cos(lat)
	return vec3{c * math.Cos(lon), c * math.Sin(lon), math.Sin(lat)}
}

// chordFor is the chord length of a great-circle distance, padded so that
// rounding never drops a point that DistanceKm puts within km.
func chordFor(km float64) float64 {
	angle := km / spatial.EarthRadiusKm
	if angle >= math.Pi {
		return 2.1
	}
	return 2*math.Sin(angle/2)*(1+1e-9) + 1e-12
}

// dist2 is the squared chord between two unit vectors. The conversions
// keep each product rounded on its own (no fused multiply-add), so the
// value is the same wherever it is computed.
func dist2(a, b vec3) float64 {
	dx, dy, dz := a[0]-b[0], a[1]-b[1], a[2]-b[2]
	return float64(dx*dx) + float64(dy*dy) + float64(dz*dz)
}

// chord2 is the squared chord of a great-circle distance.
func chord2(km float64) float64 {
	angle := km / spatial.EarthRadiusKm
	if angle >= math.Pi {
		return 4
	}
	c := 2 * math.Sin(angle/2)
	return c * c
}

// kmOfChord2 is the great-circle distance of a squared chord.
func kmOfChord2(c2 float64) float64 {
	return 2 * spatial.EarthRadiusKm * math.Asin(min(math.Sqrt(c2)/2, 1))
}

// kdLeaf is how many items a node holds before it is split.
const kdLeaf = 16

// kdTree is a static k-d tree over items numbered by the caller. Items are
// stored in tree order: a range's middle item splits it on axis depth%3.
type kdTree struct {
	xyz []vec3
	ids []int32
}

func newKDTree(xyz []vec3, ids []int32) kdTree {
	t := kdTree{xyz: xyz, ids: ids}
	t.build(0, len(xyz), 0)
	return t
}

func (t *kdTree) build(lo, hi, axis int) {
	if hi-lo <= kdLeaf {
		return
	}
	mid := (lo + hi) / 2
	t.selectNth(lo, hi, mid, axis)
	t.build(lo, mid, (axis+1)%3)
	t.build(mid+1, hi, (axis+1)%3)
}

// selectNth reorders [lo, hi) so that position k holds the item that
// sorting on axis would put there, smaller ones before it and larger after
// (Floyd–Rivest style quickselect with a median-of-three pivot).
func (t *kdTree) selectNth(lo, hi, k, axis int) {
	hi--
	for hi > lo {
		mid := (lo + hi) / 2
		// Median of three as pivot, moved to hi.
		if t.xyz[mid][axis] < t.xyz[lo][axis] {
			t.swap(mid, lo)
		}
		if t.xyz[hi][axis] < t.xyz[lo][axis] {
			t.swap(hi, lo)
		}
		if t.xyz[mid][axis] < t.xyz[hi][axis] {
			t.swap(mid, hi)
		}
		pivot := t.xyz[hi][axis]
		store := lo
		for i := lo; i < hi; i++ {
			if t.xyz[i][axis] < pivot {
				t.swap(i, store)
				store++
			}
		}
		t.swap(store, hi)
		switch {
		case k < store:
			hi = store - 1
		case k > store:
			lo = store + 1
		default:
			return
		}
	}
}

func (t *kdTree) swap(i, j int) {
	t.xyz[i], t.xyz[j] = t.xyz[j], t.xyz[i]
	t.ids[i], t.ids[j] = t.ids[j], t.ids[i]
}

// within calls fn for every item whose chord distance to q is at most
// chord (and maybe a few more; callers check the real distance).
func (t *kdTree) within(q vec3, chord float64, fn func(id int32)) {
	t.withinRange(q, chord, chord*chord, 0, len(t.xyz), 0, fn)
}

func (t *kdTree) withinRange(q vec3, chord, chord2 float64, lo, hi, axis int, fn func(int32)) {
	if hi-lo <= kdLeaf {
		for i := lo; i < hi; i++ {
			if dist2(q, t.xyz[i]) <= chord2 {
				fn(t.ids[i])
			}
		}
		return
	}
	mid := (lo + hi) / 2
	split := t.xyz[mid][axis]
	if dist2(q, t.xyz[mid]) <= chord2 {
		fn(t.ids[mid])
	}
	next := (axis + 1) % 3
	if q[axis]-chord <= split {
		t.withinRange(q, chord, chord2, lo, mid, next, fn)
	}
	if q[axis]+chord >= split {
		t.withinRange(q, chord, chord2, mid+1, hi, next, fn)
	}
}

// ties collects the items whose squared chord to a query is within
// rounding of the smallest seen (padded as chordFor pads): the nearest
// item by chord need not be the nearest by DistanceKm, but it is one of
// these.
type ties struct {
	best2, bound2 float64
	ids           []int32
	d2s           []float64
}

func newTies() ties { return ties{best2: math.Inf(1), bound2: math.Inf(1)} }

func (ts *ties) add(id int32, d2 float64) {
	if d2 > ts.bound2 {
		return
	}
	if d2 < ts.best2 {
		ts.best2 = d2
		pad := math.Sqrt(d2)*(1+1e-9) + 1e-12
		ts.bound2 = pad * pad
		kept := 0
		for i, x := range ts.d2s {
			if x <= ts.bound2 {
				ts.ids[kept], ts.d2s[kept] = ts.ids[i], x
				kept++
			}
		}
		ts.ids, ts.d2s = ts.ids[:kept], ts.d2s[:kept]
	}
	ts.ids, ts.d2s = append(ts.ids, id), append(ts.d2s, d2)
}

// nearest adds to ts every item keep accepts that may be among the ties
// of the nearest, in one descent: subtrees farther than the ties' bound
// are left out.
func (t *kdTree) nearest(q vec3, keep func(int32) bool, ts *ties) {
	t.nearestRange(q, 0, len(t.xyz), 0, keep, ts)
}

func (t *kdTree) nearestRange(q vec3, lo, hi, axis int, keep func(int32) bool, ts *ties) {
	if hi-lo <= kdLeaf {
		for i := lo; i < hi; i++ {
			if d := dist2(q, t.xyz[i]); d <= ts.bound2 && keep(t.ids[i]) {
				ts.add(t.ids[i], d)
			}
		}
		return
	}
	mid := (lo + hi) / 2
	if d := dist2(q, t.xyz[mid]); d <= ts.bound2 && keep(t.ids[mid]) {
		ts.add(t.ids[mid], d)
	}
	next := (axis + 1) % 3
	diff := q[axis] - t.xyz[mid][axis]
	first, second := [2]int{lo, mid}, [2]int{mid + 1, hi}
	if diff > 0 {
		first, second = second, first
	}
	t.nearestRange(q, first[0], first[1], next, keep, ts)
	if diff*diff <= ts.bound2 {
		t.nearestRange(q, second[0], second[1], next, keep, ts)
	}
}

// siteTree indexes the sites offering one service type. Sites come and go
// with updates: new ones wait in a short list and removed ones are marked,
// until enough changes pile up to rebuild the tree.
type siteTree struct {
	tree    kdTree
	extra   []int32 // sites added since the last build
	removed map[int32]bool
	xyzOf   func(int32) vec3
}

func newSiteTree(ids []int32, xyzOf func(int32) vec3) *siteTree {
	st := &siteTree{removed: map[int32]bool{}, xyzOf: xyzOf}
	st.rebuild(ids)
	return st
}

func (st *siteTree) rebuild(ids []int32) {
	xyz := make([]vec3, len(ids))
	for i, id := range ids {
		xyz[i] = st.xyzOf(id)
	}
	st.tree = newKDTree(xyz, ids)
	st.extra = st.extra[:0]
	clear(st.removed)
}

// add indexes a site. Site numbers are never reused, so a site removed
// from the tree is never added back under the same number.
func (st *siteTree) add(id int32) {
	st.extra = append(st.extra, id)
	st.maybeRebuild()
}

func (st *siteTree) remove(id int32) {
	if i := slices.Index(st.extra, id); i >= 0 {
		st.extra = slices.Delete(st.extra, i, i+1)
		return
	}
	st.removed[id] = true
	st.maybeRebuild()
}

func (st *siteTree) maybeRebuild() {
	if len(st.extra) < 256 && len(st.removed) < 256+len(st.tree.ids)/8 {
		return
	}
	ids := make([]int32, 0, len(st.tree.ids)+len(st.extra))
	for _, id := range st.tree.ids {
		if !st.removed[id] {
			ids = append(ids, id)
		}
	}
	st.rebuild(append(ids, st.extra...))
}

// within calls fn for every site whose chord distance to q may be within chord.
func (st *siteTree) within(q vec3, chord float64, fn func(int32)) {
	st.tree.within(q, chord, func(id int32) {
		if !st.removed[id] {
			fn(id)
		}
	})
	for _, id := range st.extra {
		if dist2(q, st.xyzOf(id)) <= chord*chord {
			fn(id)
		}
	}
}

// nearestKm is the great-circle distance from p to the nearest site and
// that site, and false when there is none. The tree finds the sites
// within rounding of the nearest chord, and each of those is measured
// with DistanceKm, so the distance does not depend on how the tree
// happens to be built.
func (st *siteTree) nearestKm(p orb.Point, q vec3, pointOf func(int32) orb.Point) (float64, int32, bool) {
	ts := newTies()
	st.tree.nearest(q, func(id int32) bool { return !st.removed[id] }, &ts)
	for _, id := range st.extra {
		if d := dist2(q, st.xyzOf(id)); d <= ts.bound2 {
			ts.add(id, d)
		}
	}
	if len(ts.ids) == 0 {
		return 0, -1, false
	}
	km, site := math.Inf(1), int32(-1)
	for _, id := range ts.ids {
		if d := spatial.DistanceKm(pointOf(id), p); d < km || (d == km && id < site) {
			km, site = d, id
		}
	}
	return km, site, true
}
