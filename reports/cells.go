package reports

// cell holds the running figures of one region (or roll-up) × service.
type cell struct {
	located int32
	// serving are the numbers of the sites serving the region, in ID order.
	serving []int32
	// nearestKm is the distance from the region's weighted point to the
	// nearest site, through nearestSite; -1 when there is no site.
	nearestKm   float64
	nearestSite int32
	// Weighted sums over the region's demand points (pointWeight): the
	// weight, the weight within WithinKm of a site, and weight × A_i.
	popW, coveredW, accessW float64
}

func (e *Engine) cellOf(r, svc int) *cell { return &e.cells[r*len(e.services)+svc] }

// buildServices spreads every site over the per-service figures, one
// service per goroutine, sites in ID order.
func (e *Engine) buildServices() {
	ns := len(e.services)
	e.cells = make([]cell, len(e.regions)*ns)
	for i := range e.cells {
		e.cells[i].nearestSite = -1
	}
	e.access = make([][]float64, ns)
	e.cover = make([][]int32, ns)
	e.nearTrees = make([]*siteTree, ns)
	if e.set.weighs() && e.updates {
		e.reachTrees = make([]*siteTree, ns)
	}
	// The sites of each service, in ID order.
	bySvc := make([][]int32, ns)
	for n, s := range e.sites {
		for _, o := range s.offers {
			bySvc[o.svc] = append(bySvc[o.svc], int32(n))
		}
	}
	parallel(ns, func(svc int) {
		if e.set.weighs() {
			e.access[svc] = make([]float64, len(e.points))
		}
		e.cover[svc] = make([]int32, len(e.points))
		var public, measured []int32
		for _, n := range bySvc[svc] {
			s := e.sites[n]
			o := s.offer(svc)
			e.addToCells(n, s, o, svc, true)
			if !s.measured {
				continue
			}
			measured = append(measured, n)
			if s.public {
				public = append(public, n)
				e.addCover(s, svc, 1)
			}
			if e.set.weighs() {
				spreadAccess(e.access[svc], s.pairs, o.ratio, &e.set)
			}
		}
		e.nearTrees[svc] = newSiteTree(public, e.xyzOfSite)
		if e.reachTrees != nil {
			e.reachTrees[svc] = newSiteTree(measured, e.xyzOfSite)
		}
		for r := range e.regions {
			e.findNearest(r, svc)
			e.sumCell(r, svc)
		}
	})
}

// addToCells counts a site as located in its region and as serving the
// regions its offer serves. Serving lists stay in ID order: inOrder says
// the sites come in ID order, as when the engine is built, so appending
// does; an update inserts.
func (e *Engine) addToCells(n int32, s *site, o *siteOffer, svc int, inOrder bool) {
	if s.region >= 0 {
		e.cellOf(int(s.region), svc).located++
	}
	for _, r := range o.serves {
		c := e.cellOf(int(r), svc)
		at := len(c.serving)
		if !inOrder {
			at = e.servingPos(c.serving, s.id)
		}
		c.serving = insertAt(c.serving, at, n)
	}
}

func (e *Engine) servingPos(list []int32, id string) int {
	lo, hi := 0, len(list)
	for lo < hi {
		mid := (lo + hi) / 2
		if e.sites[list[mid]].id < id {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

func insertAt(list []int32, at int, n int32) []int32 {
	list = append(list, 0)
	copy(list[at+1:], list[at:])
	list[at] = n
	return list
}

// addCover adds delta to the coverage count of every demand point within
// WithinKm of a public site.
func (e *Engine) addCover(s *site, svc int, delta int32) {
	cover := e.cover[svc]
	for _, pr := range s.pairs {
		if pr.c2 <= e.set.within2 {
			cover[pr.point] += delta
		}
	}
}

// findNearest sets a region's nearest public site of a type.
func (e *Engine) findNearest(r, svc int) {
	c := e.cellOf(r, svc)
	c.nearestKm, c.nearestSite = -1, -1
	reg := &e.regions[r]
	if !reg.hasRep {
		return
	}
	if km, n, ok := e.nearTrees[svc].nearestKm(reg.rep, reg.repXYZ, e.pointOfSite); ok {
		c.nearestKm, c.nearestSite = km, n
	}
}

// sumCell recomputes a region's weighted sums from its demand points.
func (e *Engine) sumCell(r, svc int) {
	c := e.cellOf(r, svc)
	c.popW, c.coveredW, c.accessW = 0, 0, 0
	cover := e.cover[svc]
	for _, i := range e.regionPts[e.regionStart[r]:e.regionStart[r+1]] {
		w := e.weight[i]
		c.popW += w
		if cover[i] > 0 {
			c.coveredW += w
		}
		if e.set.weighs() {
			c.accessW += w * e.access[svc][i]
		}
	}
}
