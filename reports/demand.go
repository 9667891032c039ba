package reports

import (
	"cmp"
	"math"
	"slices"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// regionState is a region of the report's level as the engine keeps it.
type regionState struct {
	code, name, parent, country string
	level                       int
	population                  *float64 // from the boundary set

	// rep is the region's population-weighted point: the weighted mean of
	// its demand points (on the sphere), or, for a region without any, a
	// point inside it. hasRep is false only for a region without geometry
	// and without demand points.
	rep    orb.Point
	repXYZ vec3
	hasRep bool

	// pointPop is Σ P_i over the region's demand points. When it is 0 the
	// region's shares and access index weigh its points equally instead.
	pointPop float64
	// realPoints counts the input's population points in the region.
	realPoints int
}

// demandPoint is a place where people live, and the region it is in (-1
// for none).
type demandPoint struct {
	p      orb.Point
	xyz    vec3
	region int32
}

// buildRegions keeps the report's regions, sorted by code, and returns
// their shapes for the region index.
func (e *Engine) buildRegions(in Input) []spatial.Shape {
	regs := slices.Clone(in.Regions)
	slices.SortFunc(regs, func(a, b Region) int { return cmp.Compare(a.Code, b.Code) })
	e.regions = make([]regionState, len(regs))
	e.regionByCode = make(map[string]int32, len(regs))
	shapes := make([]spatial.Shape, len(regs))
	for i, r := range regs {
		e.regions[i] = regionState{code: r.Code, name: r.Name, parent: r.ParentCode, country: r.Country,
			level: r.Level, population: r.Population}
		e.regionByCode[r.Code] = int32(i)
		shapes[i] = spatial.Shape{Code: r.Code, Geometry: r.Geometry}
	}

	// Every code a service area may name, and the regions it stands for:
	// a region's own code, its ancestors' codes and its country's code.
	parents := make(map[string]Region, len(in.Parents))
	for _, p := range in.Parents {
		parents[p.Code] = p
	}
	e.areaRegions = map[string][]int32{}
	for i, r := range e.regions {
		for _, code := range append(ancestors(r.parent, parents), r.code, r.country) {
			if code != "" {
				e.areaRegions[code] = append(e.areaRegions[code], int32(i))
			}
		}
	}
	for code, rs := range e.areaRegions {
		e.areaRegions[code] = slices.Compact(rs)
	}

	// Keep the geometry only as long as the representative points need it.
	e.geometry = make([]orb.MultiPolygon, len(regs))
	for i, r := range regs {
		e.geometry[i] = r.Geometry
	}
	return shapes
}

// ancestors follows parent codes up through parents, stopping at a code
// it has seen (a cycle) or does not know.
func ancestors(code string, parents map[string]Region) []string {
	var out []string
	for code != "" && !slices.Contains(out, code) {
		p, ok := parents[code]
		if !ok {
			break
		}
		out = append(out, code)
		code = p.ParentCode
	}
	return out
}

// prepareDemand numbers the population points in a canonical order (so
// that sums over them do not depend on the order of the input) and
// indexes them. It needs no regions, so it runs while the region index is
// being built.
func (e *Engine) prepareDemand(input []PopulationPoint) {
	input = slices.Clone(input)
	// Plain comparisons: checkInput has turned away NaNs, which cmp.Compare
	// spends most of its time on.
	slices.SortFunc(input, func(a, b PopulationPoint) int {
		switch {
		case a.Lon != b.Lon:
			return less(a.Lon, b.Lon)
		case a.Lat != b.Lat:
			return less(a.Lat, b.Lat)
		}
		return cmp.Compare(a.Population, b.Population)
	})
	e.realPoints = len(input)
	e.points = make([]demandPoint, len(input), len(input)+len(e.regions))
	e.pop = make([]float64, len(input), len(input)+len(e.regions))
	for i, in := range input {
		p := orb.Point{in.Lon, in.Lat}
		e.points[i] = demandPoint{p: p, xyz: unitVector(p), region: -1}
		e.pop[i] = in.Population
	}
	e.realGrid = newPointGrid(e.points, 0, e.set.reach)
}

// less is -1 if a < b, else 1, for numbers known to differ.
func less(a, b float64) int {
	if a < b {
		return -1
	}
	return 1
}

// placeDemand places the population points in regions, adds one point for
// each region that has none, and works out the regions' weighted points.
//
// A region with no population point is represented by one demand point
// inside it (interiorPoint) carrying the region's population from the
// boundary set, or 0 when that is not loaded: it then still gets a
// nearest distance, a within-d share and an access index, and its people
// compete for supply like everyone else's.
func (e *Engine) placeDemand() {
	pts := make([]orb.Point, e.realPoints)
	for i := range pts {
		pts[i] = e.points[i].p
	}
	for i, m := range e.index.LocateAll(pts, workers()) {
		if m.How != spatial.None {
			r := e.regionByCode[m.Code]
			e.points[i].region = r
			e.regions[r].realPoints++
		}
	}
	for r := range e.regions {
		reg := &e.regions[r]
		if reg.realPoints > 0 || len(e.geometry[r]) == 0 {
			continue
		}
		p := interiorPoint(e.geometry[r])
		e.points = append(e.points, demandPoint{p: p, xyz: unitVector(p), region: int32(r)})
		pop := 0.0
		if reg.population != nil {
			pop = *reg.population
		}
		e.pop = append(e.pop, pop)
	}
	e.geometry = nil
	e.extraGrid = newPointGrid(e.points[e.realPoints:], e.realPoints, e.set.reach)

	// Group point numbers by region, ascending within each.
	e.regionStart = make([]int32, len(e.regions)+1)
	for _, p := range e.points {
		if p.region >= 0 {
			e.regionStart[p.region+1]++
		}
	}
	for r := range e.regions {
		e.regionStart[r+1] += e.regionStart[r]
	}
	e.regionPts = make([]int32, e.regionStart[len(e.regions)])
	fill := slices.Clone(e.regionStart[:len(e.regions)])
	for i, p := range e.points {
		if p.region >= 0 {
			e.regionPts[fill[p.region]] = int32(i)
			fill[p.region]++
		}
	}

	for r := range e.regions {
		e.placeRegion(r)
	}
	e.weighPoints()
	var repXYZ []vec3
	var repIDs []int32
	for r, reg := range e.regions {
		if reg.hasRep {
			repXYZ, repIDs = append(repXYZ, reg.repXYZ), append(repIDs, int32(r))
		}
	}
	e.repTree = newKDTree(repXYZ, repIDs)
}

// placeRegion sets a region's population sum and weighted point.
func (e *Engine) placeRegion(r int) {
	reg := &e.regions[r]
	pts := e.regionPts[e.regionStart[r]:e.regionStart[r+1]]
	if len(pts) == 0 {
		return
	}
	for _, i := range pts {
		reg.pointPop += e.pop[i]
	}
	var sum vec3
	for _, i := range pts {
		w := 1.0
		if reg.pointPop > 0 {
			w = e.pop[i]
		}
		for k := range sum {
			sum[k] += w * e.points[i].xyz[k]
		}
	}
	norm := math.Sqrt(sum[0]*sum[0] + sum[1]*sum[1] + sum[2]*sum[2])
	if len(pts) == 1 || !(norm > 1e-9) {
		// One point, or points spread so evenly over the globe that their
		// mean has no direction: take the first.
		reg.rep = e.points[pts[0]].p
	} else {
		reg.rep = orb.Point{
			math.Atan2(sum[1], sum[0]) * 180 / math.Pi,
			math.Atan2(sum[2], math.Hypot(sum[0], sum[1])) * 180 / math.Pi,
		}
	}
	reg.repXYZ, reg.hasRep = unitVector(reg.rep), true
}

// weighPoints sets the weight of every demand point in its own region's
// shares and access index: its population, or 1 in a region whose points
// all have none.
func (e *Engine) weighPoints() {
	e.weight = make([]float64, len(e.points))
	for i, p := range e.points {
		if p.region >= 0 && e.regions[p.region].pointPop == 0 {
			e.weight[i] = 1
		} else {
			e.weight[i] = e.pop[i]
		}
	}
}
