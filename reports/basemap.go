package reports

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// The gap map's base layer: land, sea and country borders drawn under the
// regions of a report, so that a map of one country's districts shows its
// neighbours and its coast. It needs no tiles and no network: the
// countries are dissolved from the boundaries already loaded, those of
// the boundary set that names the most countries (in the demo, Natural
// Earth's provinces of the ten ASEAN countries).

// baseMapToleranceDeg simplifies the country outlines for drawing: about
// 500 m, finer than a pixel on a map of a whole country, coarse enough to
// keep the layer to a few hundred kilobytes for ten countries.
const baseMapToleranceDeg = 0.005

// BaseMap returns the base layer as a GeoJSON FeatureCollection (RFC 7946):
// a MultiPolygon feature per country, with properties country (ISO
// 3166-1 alpha-2), name and label (a [lon, lat] point inside it, for its
// name), and foreign members set, set_version, level and source naming
// the boundaries it was made from. With no boundaries naming countries it
// is an empty collection. It is computed once per change of the boundary
// sets and then kept. It fails with haven.ErrForbidden for a user who may
// not read reports (MayRead), as the gap map is theirs.
func (s *Service) BaseMap(ctx context.Context, u accounts.User) ([]byte, error) {
	if err := checkReader(u); err != nil {
		return nil, err
	}
	sets, err := s.regions.Sets(ctx)
	if err != nil {
		return nil, err
	}
	// Any new version of any set may change which set is used, or its shapes.
	var key strings.Builder
	for _, set := range sets {
		fmt.Fprintf(&key, "%s@%d;", set.Name, set.Version)
	}
	return s.baseMap.get(key.String(), func() ([]byte, error) { return s.buildBaseMap(ctx, sets) })
}

// baseMapCache keeps the base layer of the boundary sets as they were.
type baseMapCache struct {
	mu   sync.Mutex
	key  string
	body []byte
}

func (c *baseMapCache) get(key string, build func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.body != nil && c.key == key {
		return c.body, nil
	}
	body, err := build()
	if err != nil {
		return nil, err
	}
	c.key, c.body = key, body
	return body, nil
}

func (s *Service) buildBaseMap(ctx context.Context, sets []mapping.RegionSet) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	var best []mapping.RegionShape
	var bestSet mapping.RegionSet
	bestLevel, bestCountries := 0, 0
	for _, set := range sets {
		level := topLevel(set)
		if level == 0 {
			continue
		}
		_, shapes, err := s.regions.LevelShapes(ctx, set.Name, set.Version, level, false)
		if err != nil {
			return nil, err
		}
		n := countCountries(shapes)
		// Sets come by name, so a tie keeps the first name.
		if n > bestCountries || (n == bestCountries && n > 0 && len(shapes) > len(best)) {
			best, bestSet, bestLevel, bestCountries = shapes, set, level, n
		}
	}
	if bestCountries > 0 {
		fc.ExtraMembers = geojson.Properties{"set": bestSet.Name, "set_version": bestSet.Version, "level": bestLevel,
			"source": bestSet.Source}
		for _, c := range dissolveCountries(best) {
			f := geojson.NewFeature(c.land)
			f.Properties = geojson.Properties{"country": c.code, "name": countryName(c.code), "label": c.label}
			fc.Append(f)
		}
	}
	return json.Marshal(fc)
}

// topLevel is the lowest level a set has regions at, 0 for none.
func topLevel(set mapping.RegionSet) int {
	top := 0
	for l, n := range set.Levels {
		level, err := strconv.Atoi(l)
		if err == nil && n > 0 && level > 0 && (top == 0 || level < top) {
			top = level
		}
	}
	return top
}

func countCountries(shapes []mapping.RegionShape) int {
	seen := map[string]bool{}
	for _, s := range shapes {
		if s.Country != "" {
			seen[s.Country] = true
		}
	}
	return len(seen)
}

func countryName(code string) string {
	if name := countryNames[code]; name != "" {
		return name
	}
	return code
}

// country is one country of the base layer.
type country struct {
	code  string
	land  orb.MultiPolygon
	label orb.Point
}

// dissolveCountries merges the regions of each country into its outline,
// by country code. Neighbouring regions of one boundary set share their
// border vertex for vertex, each ring running the other way along it
// (rings are wound counter-clockwise on import), so an edge that two
// regions of a country share is inside the country and cancels out; the
// edges left over are its coast and its borders with other countries, and
// join into closed rings. Where neighbours do not line up exactly, both
// edges stay: a sliver, invisible once filled.
func dissolveCountries(shapes []mapping.RegionShape) []country {
	byCountry := map[string][]orb.MultiPolygon{}
	for _, s := range shapes {
		if s.Country != "" {
			byCountry[s.Country] = append(byCountry[s.Country], s.Geometry)
		}
	}
	codes := slices.Sorted(func(yield func(string) bool) {
		for c := range byCountry {
			if !yield(c) {
				return
			}
		}
	})
	out := make([]country, 0, len(codes))
	for _, code := range codes {
		land := spatial.Simplify(ringsToPolygons(outlineRings(byCountry[code])), baseMapToleranceDeg)
		if len(land) == 0 {
			continue
		}
		out = append(out, country{code: code, land: roundedCoordinates(land), label: roundedPoint(interiorPoint(land))})
	}
	return out
}

// roundedCoordinates rounds to 0.0001° (about 10 m), well below the
// simplification: the layer's size is mostly digits.
func roundedCoordinates(mp orb.MultiPolygon) orb.MultiPolygon {
	for _, poly := range mp {
		for _, ring := range poly {
			for i := range ring {
				ring[i] = roundedPoint(ring[i])
			}
		}
	}
	return mp
}

func roundedPoint(p orb.Point) orb.Point {
	return orb.Point{math.Round(p[0]*1e4) / 1e4, math.Round(p[1]*1e4) / 1e4}
}

type edge struct{ a, b orb.Point }

// outlineRings returns the closed rings left when the edges shared by two
// of the regions cancel out.
func outlineRings(regions []orb.MultiPolygon) []orb.Ring {
	count := map[edge]int{} // by undirected edge: lower point first
	var edges []edge        // directed, in input order
	undirected := func(e edge) edge {
		if e.b[0] < e.a[0] || (e.b[0] == e.a[0] && e.b[1] < e.a[1]) {
			return edge{e.b, e.a}
		}
		return e
	}
	for _, mp := range regions {
		for _, poly := range mp {
			for _, ring := range poly {
				for i := 1; i < len(ring); i++ {
					if e := (edge{ring[i-1], ring[i]}); e.a != e.b {
						edges = append(edges, e)
						count[undirected(e)]++
					}
				}
			}
		}
	}
	from := map[orb.Point][]int{} // outer edges by start point, in input order
	var kept []int
	for i, e := range edges {
		if count[undirected(e)] == 1 {
			from[e.a] = append(from[e.a], i)
			kept = append(kept, i)
		}
	}
	used := make(map[int]bool, len(kept))
	var rings []orb.Ring
	for _, first := range kept {
		if used[first] {
			continue
		}
		ring := orb.Ring{edges[first].a}
		at := first
		for !used[at] {
			used[at] = true
			ring = append(ring, edges[at].b)
			next := -1
			for _, j := range from[edges[at].b] {
				if !used[j] {
					next = j
					break
				}
			}
			if next < 0 {
				break
			}
			at = next
		}
		// A ring that did not close is a border that did not line up:
		// left out rather than drawn across the country.
		if len(ring) >= 4 && ring[0] == ring[len(ring)-1] {
			rings = append(rings, ring)
		}
	}
	return rings
}

// ringsToPolygons makes polygons of outline rings: counter-clockwise
// rings are outer rings, clockwise ones holes of the smallest outer ring
// that holds them (RFC 7946's right-hand rule, as the regions are wound).
func ringsToPolygons(rings []orb.Ring) orb.MultiPolygon {
	type outer struct {
		ring orb.Ring
		area float64
	}
	var outers []outer
	var holes []orb.Ring
	for _, r := range rings {
		if a := planar.Area(r); a > 0 {
			outers = append(outers, outer{r, a})
		} else if a < 0 {
			holes = append(holes, r)
		}
	}
	slices.SortStableFunc(outers, func(a, b outer) int { return cmp.Compare(a.area, b.area) })
	mp := make(orb.MultiPolygon, len(outers))
	for i, o := range outers {
		mp[i] = orb.Polygon{o.ring}
	}
	for _, h := range holes {
		for i, o := range outers {
			if math.Abs(planar.Area(h)) < o.area && planar.RingContains(o.ring, h[0]) {
				mp[i] = append(mp[i], h)
				break
			}
		}
	}
	// Largest first: the country's main land leads.
	slices.Reverse(mp)
	return mp
}
