package reports

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// TestSiteTreeNearestMatchesScan compares the site tree's nearest site
// with a scan by DistanceKm (ties to the lowest number) as sites come and
// go, with sites piled on the same spot, across the antimeridian and near
// the poles.
func TestSiteTreeNearestMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 21))
	var points []orb.Point
	var xyz []vec3
	place := func(p orb.Point) int32 {
		points, xyz = append(points, p), append(xyz, unitVector(p))
		return int32(len(points) - 1)
	}
	random := func() orb.Point {
		switch rng.IntN(4) {
		case 0: // near the antimeridian
			return orb.Point{math.Mod(180+rng.NormFloat64()+540, 360) - 180, rng.NormFloat64() * 5}
		case 1: // near the north pole
			return orb.Point{rng.Float64()*360 - 180, 89 + rng.Float64()}
		case 2: // on a spot some sites share
			return orb.Point{float64(rng.IntN(3)), float64(rng.IntN(3))}
		}
		return orb.Point{rng.Float64()*360 - 180, rng.Float64()*180 - 90}
	}
	var live []int32
	for range 3000 {
		live = append(live, place(random()))
	}
	tree := newSiteTree(slices.Clone(live), func(id int32) vec3 { return xyz[id] })
	pointOf := func(id int32) orb.Point { return points[id] }
	for round := range 40 {
		for range 1 + rng.IntN(60) { // some come, some go, some rebuilds
			if rng.IntN(2) == 0 && len(live) > 1 {
				i := rng.IntN(len(live))
				tree.remove(live[i])
				live = slices.Delete(live, i, i+1)
			} else {
				id := place(random())
				tree.add(id)
				live = append(live, id)
			}
		}
		for range 100 {
			q := random()
			km, site, ok := tree.nearestKm(q, unitVector(q), pointOf)
			wantKm, wantSite := math.Inf(1), int32(-1)
			for _, id := range live {
				if d := spatial.DistanceKm(points[id], q); d < wantKm || (d == wantKm && id < wantSite) {
					wantKm, wantSite = d, id
				}
			}
			if !ok || km != wantKm || site != wantSite {
				t.Fatalf("round %d, nearest to %v: site %d at %v km (%v); a scan finds %d at %v km", round, q, site, km, ok, wantSite, wantKm)
			}
		}
	}
	empty := newSiteTree(nil, func(id int32) vec3 { return xyz[id] })
	if _, _, ok := empty.nearestKm(orb.Point{0, 0}, unitVector(orb.Point{0, 0}), pointOf); ok {
		t.Error("an empty tree found a site")
	}
}
