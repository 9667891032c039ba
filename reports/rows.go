package reports

import (
	"math"
	"slices"
)

// opt is a measure that may be "not computed".
type opt struct {
	v  float64
	ok bool
}

func some(v float64) opt { return opt{v, true} }

// figures are a row's measures before they become a Row, with what the
// gap rules need besides.
type figures struct {
	serving     int
	capacity    opt
	allStated   bool // every serving site stated its capacity
	population  opt
	nearestKm   opt
	share       opt
	access      opt
	unmet, need opt
}

// capacityOf sums the stated capacities of the serving sites. The sum
// must not depend on the order of the list (roll-ups list sites in no
// particular order): whole numbers add exactly in any order, and other
// capacities are added smallest first.
func (e *Engine) capacityOf(serving []int32, svc int) (capacity opt, allStated bool) {
	sum, any, all, whole := 0.0, false, true, true
	for _, n := range serving {
		o := e.sites[n].offer(svc)
		sum += o.capacity
		any = any || o.anyStated
		all = all && o.allStated
		whole = whole && o.capacity == math.Trunc(o.capacity) && o.capacity < 1<<32
	}
	if !whole {
		caps := make([]float64, len(serving))
		for i, n := range serving {
			caps[i] = e.sites[n].offer(svc).capacity
		}
		slices.Sort(caps)
		sum = 0
		for _, c := range caps {
			sum += c
		}
	}
	if len(serving) == 0 {
		return some(0), true
	}
	if !any {
		return opt{}, false
	}
	return some(sum), all
}

// cellFigures turns a cell's sums into measures.
func (e *Engine) cellFigures(c *cell, svc int) figures {
	f := figures{serving: len(c.serving)}
	f.capacity, f.allStated = e.capacityOf(c.serving, svc)
	if c.nearestSite >= 0 {
		f.nearestKm = some(c.nearestKm)
	}
	if c.popW > 0 {
		f.share = some(c.coveredW / c.popW)
		if e.set.weighs() {
			f.access = some(c.accessW / c.popW)
		}
	}
	return f
}

// regionPopulation is P_r: the boundary set's figure, else the sum of the
// population points in the region, else unknown.
func (e *Engine) regionPopulation(r int) opt {
	reg := &e.regions[r]
	switch {
	case reg.population != nil:
		return some(*reg.population)
	case reg.realPoints > 0:
		return some(reg.pointPop)
	}
	return opt{}
}

func (e *Engine) regionRow(r, svc int) Row {
	reg := &e.regions[r]
	c := e.cellOf(r, svc)
	f := e.cellFigures(c, svc)
	f.population = e.regionPopulation(r)
	f.unmet = lookup2(e.in.UnmetDemand, reg.code, e.services[svc])
	if n, ok := e.in.Need[reg.code]; ok {
		f.need = some(n)
	}
	return e.row(f, Row{RegionCode: reg.code, RegionName: reg.name, Level: reg.level, ParentCode: reg.parent,
		Service: e.services[svc], ProvidersLocated: int(c.located)})
}

func (e *Engine) rollupRow(k, svc int) Row {
	ru := &e.rollups[k]
	c := e.rollCellOf(k, svc)
	f := e.cellFigures(c, svc)
	var pop, unmet, need float64
	var anyPop, anyUnmet, anyNeed bool
	for _, r := range ru.children {
		if p := e.regionPopulation(int(r)); p.ok {
			pop, anyPop = pop+p.v, true
		}
		if u := lookup2(e.in.UnmetDemand, e.regions[r].code, e.services[svc]); u.ok {
			unmet, anyUnmet = unmet+u.v, true
		}
		if n, ok := e.in.Need[e.regions[r].code]; ok {
			need, anyNeed = need+n, true
		}
	}
	f.population = opt{pop, anyPop}
	// Figures given for the roll-up itself win over the children's sum.
	if f.unmet = lookup2(e.in.UnmetDemand, ru.code, e.services[svc]); !f.unmet.ok {
		f.unmet = opt{unmet, anyUnmet}
	}
	if n, ok := e.in.Need[ru.code]; ok {
		f.need = some(n)
	} else {
		f.need = opt{need, anyNeed}
	}
	return e.row(f, Row{RegionCode: ru.code, RegionName: ru.name, Level: ru.level, ParentCode: ru.parent,
		Service: e.services[svc], ProvidersLocated: int(c.located)})
}

func lookup2(m map[string]map[string]float64, a, b string) opt {
	x, ok := m[a][b]
	return opt{x, ok}
}

// row fills in a row's measures and gap class. The row's numbers share
// one allocation: there are tens of thousands of rows.
func (e *Engine) row(f figures, row Row) Row {
	vals := new([7]float64)
	at := 0
	keep := func(x opt) *float64 {
		if !x.ok {
			return nil
		}
		vals[at] = x.v
		at++
		return &vals[at-1]
	}
	row.ProvidersServing = f.serving
	row.Capacity = keep(f.capacity)
	row.Population = keep(f.population)
	row.ProvidersPer100k = keep(per100k(f))
	row.NearestKm = keep(f.nearestKm)
	row.PopulationWithinShare = keep(f.share)
	row.AccessIndex = keep(f.access)
	row.UnmetDemand = keep(f.unmet)
	row.GapClass = e.classify(row.Service, f)
	return row
}

// per100k is providers_per_100k: serving providers per 100,000 people.
func per100k(f figures) opt {
	if !f.population.ok || f.population.v <= 0 {
		return opt{}
	}
	return some(float64(f.serving) / f.population.v * 1e5)
}

// buildRows computes every row.
func (e *Engine) buildRows() {
	ns := len(e.services)
	e.rows = make([]Row, len(e.regions)*ns)
	e.rollRows = make([]Row, len(e.rollups)*ns)
	if e.updates {
		e.rowGen = make([]uint64, len(e.rows))
		e.rollGen = make([]uint64, len(e.rollRows))
	}
	parallelRange(len(e.rows), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			e.rows[i] = e.regionRow(i/ns, i%ns)
		}
	})
	parallelRange(len(e.rollRows), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			e.rollRows[i] = e.rollupRow(i/ns, i%ns)
		}
	})
}

// Report returns the report as it stands after the updates so far: a copy
// of every row, which the engine's later changes leave alone. To follow
// the changes, Live is cheaper.
func (e *Engine) Report() Report {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.report()
}

func (e *Engine) report() Report {
	split := e.parentRollups * len(e.services)
	rep := Report{
		Method:    e.note(),
		Regions:   slices.Clone(e.rows),
		Parents:   slices.Clone(e.rollRows[:split]),
		Countries: slices.Clone(e.rollRows[split:]),
	}
	e.addServing(&rep)
	return rep
}

// takeReport is the report of an engine that is used no more: its rows,
// not copies.
func (e *Engine) takeReport() Report {
	split := e.parentRollups * len(e.services)
	rep := Report{Method: e.note(), Regions: e.rows,
		Parents: e.rollRows[:split:split], Countries: e.rollRows[split:]}
	e.addServing(&rep)
	e.rows, e.rollRows = nil, nil
	return rep
}

func (e *Engine) addServing(rep *Report) {
	if e.set.listServing {
		rep.Serving = make(map[string]map[string][]string, len(e.regions))
		for c := range e.cells {
			e.copyServing(rep.Serving, c)
		}
	}
}

// copyServing sets the IDs of the sites serving cell c in serving, or
// deletes them when there are none.
func (e *Engine) copyServing(serving map[string]map[string][]string, c int) {
	ns := len(e.services)
	code, svc := e.regions[c/ns].code, e.services[c%ns]
	list := e.cells[c].serving
	if len(list) == 0 {
		if bySvc := serving[code]; bySvc != nil {
			delete(bySvc, svc)
			if len(bySvc) == 0 {
				delete(serving, code)
			}
		}
		return
	}
	ids := make([]string, len(list))
	for i, n := range list {
		ids[i] = e.sites[n].id
	}
	if serving[code] == nil {
		serving[code] = map[string][]string{}
	}
	serving[code][svc] = ids
}

// LiveReport is a report that follows its engine's changes: after Update
// or Remove, Refresh copies in only the rows the changes rebuilt — a few
// hundred — where Report copies every one (80,000 at the scale of the
// benchmarks, some 14 MB each time).
//
// Refresh replaces rows in the report's slices, and entries in Serving,
// in place: a caller that hands the report to another goroutine must copy
// it first. The Row values themselves are never modified, so a Row copied
// out keeps its figures.
type LiveReport struct {
	Report
	e   *Engine
	gen uint64 // the engine's change the report is up to date with
}

// Live returns the report as it stands, to be kept up to date by Refresh.
func (e *Engine) Live() *LiveReport {
	e.mu.Lock()
	defer e.mu.Unlock()
	return &LiveReport{Report: e.report(), e: e, gen: e.gen}
}

// Refresh brings the report up to date with its engine.
func (l *LiveReport) Refresh() {
	e := l.e
	e.mu.Lock()
	defer e.mu.Unlock()
	if l.gen == e.gen {
		return
	}
	for c, g := range e.rowGen {
		if g > l.gen {
			l.Regions[c] = e.rows[c]
			if l.Serving != nil {
				e.copyServing(l.Serving, c)
			}
		}
	}
	split := len(l.Parents)
	for c, g := range e.rollGen {
		switch {
		case g <= l.gen:
		case c < split:
			l.Parents[c] = e.rollRows[c]
		default:
			l.Countries[c-split] = e.rollRows[c]
		}
	}
	l.Method.Counts = e.counts()
	l.gen = e.gen
}
