package reports

import (
	"cmp"
	"slices"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping/spatial"
)

// changes records what an update touched, to be recomputed once at the
// end. The engine keeps one and reuses its lists, so that an update leaves
// next to no garbage behind: on a heap of a gigabyte, garbage is what
// makes the collector run, and an update that meets a collection is slow.
type changes struct {
	access  []int64 // service << 32 | demand point: A_i to recompute
	sums    []int32 // cells: weighted sums to recompute
	nearest []int32 // cells: nearest site to look up again
	rows    []int32 // cells: row to rebuild
	rolls   []int32 // roll-up cells: row to rebuild
}

func (ch *changes) reset() {
	ch.access, ch.sums, ch.nearest = ch.access[:0], ch.sums[:0], ch.nearest[:0]
	ch.rows, ch.rolls = ch.rows[:0], ch.rolls[:0]
}

// scratch is what an update reuses from one call to the next.
type scratch struct {
	changes
	repKm []float64 // by region: distance to a site
	seen  []bool    // by site: for sumRollup, all false between uses
	terms []accessTerm
}

// accessTerm is one site's R_j f(d_ij) in a demand point's A_i.
type accessTerm struct {
	id string
	v  float64
}

// sortedSet sorts a list and drops repeats, in place.
func sortedSet[T cmp.Ordered](list []T) []T {
	slices.Sort(list)
	return slices.Compact(list)
}

// Update adds a provider site to the report, or replaces the site with the
// same ID, and brings every figure it touches up to date. It fails with
// haven.ErrInvalid for a bad provider.
func (e *Engine) Update(p Provider) error {
	if err := CheckProvider(p); err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	ch := &e.scratch.changes
	ch.reset()
	if n, ok := e.siteByID[p.ID]; ok {
		e.removeSite(n, ch)
	}
	e.addSite(&p, ch)
	e.apply(ch)
	return nil
}

// Remove takes the site with this ID out of the report. It fails with
// haven.ErrNotFound when there is none.
func (e *Engine) Remove(id string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	n, ok := e.siteByID[id]
	if !ok {
		return haven.Errorf(haven.KindNotFound, "provider site %s is not in the report", id)
	}
	ch := &e.scratch.changes
	ch.reset()
	e.removeSite(n, ch)
	e.apply(ch)
	return nil
}

func (e *Engine) addSite(p *Provider, ch *changes) {
	s := e.newSite(p)
	n := int32(len(e.sites))
	e.sites = append(e.sites, s)
	e.siteByID[s.id] = n
	if s.hasPoint {
		if m := e.index.Locate(s.point); m.How == spatial.None {
			e.unlocated++
		} else {
			s.region = e.regionByCode[m.Code]
			e.measureHidden(s)
		}
	} else {
		e.locateWithout(s, p.RegionCodes)
	}
	e.settle(s)
	repKm := e.scratch.repKm // distance to every region's weighted point
	if s.public && s.measured && len(s.offers) > 0 {
		repKm = slices.Grow(repKm[:0], len(e.regions))[:len(e.regions)]
		e.scratch.repKm = repKm
		for r, reg := range e.regions {
			if reg.hasRep {
				repKm[r] = spatial.DistanceKm(s.at, reg.rep)
			}
		}
	}
	for k := range s.offers {
		o := &s.offers[k]
		svc := int(o.svc)
		e.addToCells(n, s, o, svc, false)
		e.touchCells(s, o, ch)
		if !s.measured {
			continue
		}
		if e.set.weighs() {
			e.reachTrees[svc].add(n)
		}
		e.touchPoints(s, svc, ch)
		if !s.public {
			continue
		}
		e.nearTrees[svc].add(n)
		e.addCover(s, svc, 1)
		for r, reg := range e.regions {
			c := e.cellOf(r, svc)
			if reg.hasRep && (c.nearestSite < 0 || repKm[r] < c.nearestKm) {
				c.nearestKm, c.nearestSite = repKm[r], n
				ch.rows = append(ch.rows, int32(r*len(e.services)+svc))
			}
		}
	}
}

func (e *Engine) removeSite(n int32, ch *changes) {
	s := e.sites[n]
	for k := range s.offers {
		o := &s.offers[k]
		svc := int(o.svc)
		if s.region >= 0 {
			e.cellOf(int(s.region), svc).located--
		}
		for _, r := range o.serves {
			c := e.cellOf(int(r), svc)
			at := e.servingPos(c.serving, s.id)
			c.serving = slices.Delete(c.serving, at, at+1)
		}
		e.touchCells(s, o, ch)
		if !s.measured {
			continue
		}
		if e.set.weighs() {
			e.reachTrees[svc].remove(n)
		}
		e.touchPoints(s, svc, ch)
		if !s.public {
			continue
		}
		e.nearTrees[svc].remove(n)
		e.addCover(s, svc, -1)
		for r := range e.regions {
			if e.cellOf(r, svc).nearestSite == n {
				ch.nearest = append(ch.nearest, int32(r*len(e.services)+svc))
			}
		}
	}
	if s.hasPoint && s.region < 0 {
		e.unlocated--
	}
	delete(e.siteByID, s.id)
	e.sites[n] = nil
	// The site may sit in a slab of many (makeSites): let go of what it holds.
	s.pairs, s.offers = nil, nil
}

// touchCells marks the rows of the regions a site is located in or serves.
func (e *Engine) touchCells(s *site, o *siteOffer, ch *changes) {
	ns := len(e.services)
	if s.region >= 0 {
		ch.rows = append(ch.rows, s.region*int32(ns)+o.svc)
	}
	for _, r := range o.serves {
		ch.rows = append(ch.rows, r*int32(ns)+o.svc)
	}
}

// touchPoints marks the demand points in a site's reach, and their regions.
func (e *Engine) touchPoints(s *site, svc int, ch *changes) {
	for _, pr := range s.pairs {
		if e.set.weighs() && pr.c2 <= e.set.catchment2 {
			ch.access = append(ch.access, int64(svc)<<32|int64(pr.point))
		}
		if r := e.points[pr.point].region; r >= 0 {
			ch.sums = append(ch.sums, r*int32(len(e.services))+int32(svc))
		}
	}
}

// apply recomputes what the changes touched, each from its terms in the
// order a full computation uses, and marks the rows it rebuilds with a new
// generation for LiveReport.Refresh.
func (e *Engine) apply(ch *changes) {
	e.gen++
	ns := int32(len(e.services))
	for _, c := range sortedSet(ch.nearest) {
		e.findNearest(int(c/ns), int(c%ns))
		ch.rows = append(ch.rows, c)
	}
	for _, k := range sortedSet(ch.access) {
		svc, i := int(k>>32), int32(k)
		e.access[svc][i] = e.gatherAccess(i, svc)
	}
	for _, c := range sortedSet(ch.sums) {
		e.sumCell(int(c/ns), int(c%ns))
		ch.rows = append(ch.rows, c)
	}
	for _, c := range sortedSet(ch.rows) {
		r, svc := c/ns, c%ns
		e.rows[c] = e.regionRow(int(r), int(svc))
		e.rowGen[c] = e.gen
		for _, k := range e.regionRollups[r] {
			ch.rolls = append(ch.rolls, k*ns+svc)
		}
	}
	if n := len(e.sites); len(e.scratch.seen) < n {
		e.scratch.seen = make([]bool, n+n/4)
	}
	for _, c := range sortedSet(ch.rolls) {
		e.sumRollup(int(c/ns), int(c%ns), e.scratch.seen)
		e.rollRows[c] = e.rollupRow(int(c/ns), int(c%ns))
		e.rollGen[c] = e.gen
	}
}

// gatherAccess is A_i for one demand point: the terms R_j f(d_ij) of the
// sites in its catchment, added in ID order as spreadAccess adds them
// when sites come in ID order.
func (e *Engine) gatherAccess(i int32, svc int) float64 {
	terms := e.scratch.terms[:0]
	pt := &e.points[i]
	e.reachTrees[svc].within(pt.xyz, chordFor(e.set.catchment), func(n int32) {
		s := e.sites[n]
		if c2 := dist2(s.xyz, pt.xyz); c2 <= e.set.catchment2 {
			if o := s.offer(svc); o.ratio != 0 {
				terms = append(terms, accessTerm{s.id, float64(o.ratio * e.set.weightOfChord2(c2))})
			}
		}
	})
	slices.SortFunc(terms, func(a, b accessTerm) int { return cmp.Compare(a.id, b.id) })
	e.scratch.terms = terms
	sum := 0.0
	for _, t := range terms {
		sum += t.v
	}
	return sum
}
