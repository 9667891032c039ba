package reports

import (
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// Engine computes a coverage report and keeps what it needs to update it
// when one provider changes: the spatial indexes, each site's demand
// points in reach, and per service type the access and coverage of every
// demand point and the sums of every region. An Engine is safe for
// concurrent use; updates are applied one at a time.
//
// Every sum is taken in a fixed order (demand points by number, sites by
// ID), and an update recomputes each sum it touches from its terms in that
// same order rather than adding a difference, so an updated report is
// byte for byte the report a full recompute would give.
type Engine struct {
	mu      sync.Mutex
	set     settings
	in      Input // the report's figures and data versions, nothing bulky
	updates bool  // Update and Remove may be called (see newEngine)

	services []string
	svcIndex map[string]int

	regions      []regionState // by code
	regionByCode map[string]int32
	areaRegions  map[string][]int32 // region, ancestor or country code → regions it covers
	index        *spatial.RegionIndex
	geometry     []orb.MultiPolygon // by region, only while the engine is built
	repTree      kdTree             // regions' representative points

	// Demand points: the input's, in a canonical order, then one for each
	// region that has none (see demand.go).
	points      []demandPoint
	pop         []float64  // P_i, by point
	weight      []float64  // by point: its weight in its region's figures
	realGrid    *pointGrid // the input's points
	extraGrid   *pointGrid // the points standing for regions without any
	regionStart []int32    // region r's points are regionPts[regionStart[r]:regionStart[r+1]]
	regionPts   []int32

	sites    []*site // by site number; nil once removed; numbers are never reused
	siteByID map[string]int32
	// siteCodes are the region codes of the sites without a point, until
	// they are located.
	siteCodes [][]string
	// By service: the public sites with a point offering it, for
	// nearest_km, and the sites measured from somewhere, for the
	// catchments of an update (only with an access index and updates).
	nearTrees, reachTrees []*siteTree

	access [][]float64 // by service, then demand point: A_i
	cover  [][]int32   // by service, then demand point: sites within WithinKm

	cells []cell // by region × service: region*len(services) + service

	rollups       []rollup  // parents (by code), then countries (by code)
	parentRollups int       // how many of rollups are parents
	rollCells     []cell    // by rollup × service
	regionRollups [][]int32 // by region: the rollups it counts in

	rows     []Row // by region × service, as cells
	rollRows []Row // by rollup × service, as rollCells
	// gen counts the changes applied (Update and Remove calls); rowGen and
	// rollGen hold, by row, the change that last rebuilt it, 0 for none.
	gen             uint64
	rowGen, rollGen []uint64
	scratch         scratch // reused by every update

	unlocated  int // sites with a point in no region
	realPoints int // the input's population points
}

// NewEngine checks the input and parameters and computes the report. It
// fails with haven.ErrInvalid naming every bad field. The engine keeps no
// reference to Input's regions, providers or population points.
func NewEngine(in Input, p Params) (*Engine, error) { return newEngine(in, p, true) }

// newEngine is NewEngine; without updates it leaves out what only Update
// and Remove use.
func newEngine(in Input, p Params, updates bool) (*Engine, error) {
	set, err := resolve(p)
	if err != nil {
		return nil, err
	}
	if err := checkInput(&in); err != nil {
		return nil, err
	}
	e := &Engine{set: set, updates: updates}
	e.in = in
	e.in.Providers = nil
	e.in.RegionIndex = nil
	shapes := e.buildRegions(in)

	// The region index takes longest to build and nothing before placing
	// points in regions needs it, so it is built meanwhile.
	indexed := make(chan struct{})
	go func() {
		defer close(indexed)
		if e.index = in.RegionIndex; e.index == nil {
			e.index = newRegionIndex(shapes)
		}
	}()
	e.prepareDemand(in.Population)
	e.services = set.services
	if e.services == nil {
		e.services = offeredTypes(in.Providers)
	}
	e.svcIndex = make(map[string]int, len(e.services))
	for i, svc := range e.services {
		e.svcIndex[svc] = i
	}
	e.makeSites(in.Providers)
	<-indexed

	e.placeDemand()
	e.locateSites()
	e.buildServices()
	e.buildRollups()
	e.buildRows()
	// What the engine still needs of the input is in its own structures;
	// letting go of the boundaries saves the memory they hold.
	e.in.Regions, e.in.Parents = nil, nil
	return e, nil
}

// newRegionIndex builds the index the engine places points with. A report
// places a few hundred thousand points at most, so a grid of about one
// cell for every four boundary edges does: finer grids (mapping's default
// is sixteen cells an edge) answer faster but take longer to build.
func newRegionIndex(shapes []spatial.Shape) *spatial.RegionIndex {
	edges := 0
	lo, hi := orb.Point{math.Inf(1), math.Inf(1)}, orb.Point{math.Inf(-1), math.Inf(-1)}
	for _, s := range shapes {
		for _, poly := range s.Geometry {
			for _, ring := range poly {
				edges += len(ring)
				for _, p := range ring {
					lo[0], lo[1] = min(lo[0], p[0]), min(lo[1], p[1])
					hi[0], hi[1] = max(hi[0], p[0]), max(hi[1], p[1])
				}
			}
		}
	}
	area := (hi[0] - lo[0]) * (hi[1] - lo[1])
	if edges < 1<<16 || !(area > 0) {
		return spatial.NewRegionIndex(shapes)
	}
	return spatial.NewRegionIndex(shapes, spatial.WithCellSize(math.Sqrt(area/float64(edges/4))))
}

// Compute is NewEngine followed by Report, for a one-off report.
func Compute(in Input, p Params) (Report, error) {
	e, err := newEngine(in, p, false)
	if err != nil {
		return Report{}, err
	}
	return e.takeReport(), nil
}

// Services are the service types the report covers, sorted.
func (e *Engine) Services() []string { return slices.Clone(e.services) }

func offeredTypes(providers []Provider) []string {
	seen := map[string]bool{}
	for i := range providers {
		for _, o := range providers[i].Services {
			seen[o.Type] = true
		}
	}
	return slices.Sorted(func(yield func(string) bool) {
		for t := range seen {
			if !yield(t) {
				return
			}
		}
	})
}

// workers is how many goroutines share a parallel step.
func workers() int { return max(runtime.GOMAXPROCS(0), 1) }

// parallel runs fn(i) for i in [0, n) on all workers. fn must only write
// what belongs to i, so the result does not depend on the schedule.
func parallel(n int, fn func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int, n)
	for i := range n {
		next <- i
	}
	close(next)
	for range min(workers(), n) {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// parallelRange runs fn over [lo, hi) chunks of [0, n) on all workers.
func parallelRange(n int, fn func(lo, hi int)) {
	const chunk = 1024
	chunks := (n + chunk - 1) / chunk
	parallel(chunks, func(c int) { fn(c*chunk, min((c+1)*chunk, n)) })
}

// pointOfSite is where a site is measured from, for the trees.
func (e *Engine) pointOfSite(n int32) orb.Point { return e.sites[n].at }
func (e *Engine) xyzOfSite(n int32) vec3        { return e.sites[n].xyz }
