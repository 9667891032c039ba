package reports

import (
	"cmp"
	"slices"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping/spatial"
)

// changes records what an update touched, to be recomputed once at the end.
type changes struct {
	access  map[[2]int32]bool // service, demand point: A_i to recompute
	sums    map[int]bool      // cell: weighted sums to recompute
	nearest map[int]bool      // cell: nearest site to look up again
	rows    map[int]bool      // cell: row to rebuild
}

func newChanges() *changes {
	return &changes{access: map[[2]int32]bool{}, sums: map[int]bool{}, nearest: map[int]bool{}, rows: map[int]bool{}}
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
	ch := newChanges()
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
	ch := newChanges()
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
	var repKm []float64 // distance to every region's weighted point
	if s.public && s.measured && len(s.offers) > 0 {
		repKm = make([]float64, len(e.regions))
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
				ch.rows[r*len(e.services)+svc] = true
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
				ch.nearest[r*len(e.services)+svc] = true
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
		ch.rows[int(s.region)*ns+int(o.svc)] = true
	}
	for _, r := range o.serves {
		ch.rows[int(r)*ns+int(o.svc)] = true
	}
}

// touchPoints marks the demand points in a site's reach, and their regions.
func (e *Engine) touchPoints(s *site, svc int, ch *changes) {
	for _, pr := range s.pairs {
		if e.set.weighs() && pr.c2 <= e.set.catchment2 {
			ch.access[[2]int32{int32(svc), pr.point}] = true
		}
		if r := e.points[pr.point].region; r >= 0 {
			ch.sums[int(r)*len(e.services)+svc] = true
		}
	}
}

// apply recomputes what the changes touched, each from its terms in the
// order a full computation uses.
func (e *Engine) apply(ch *changes) {
	ns := len(e.services)
	for c := range ch.nearest {
		e.findNearest(c/ns, c%ns)
		ch.rows[c] = true
	}
	for k := range ch.access {
		svc, i := int(k[0]), k[1]
		e.access[svc][i] = e.gatherAccess(i, svc)
	}
	for c := range ch.sums {
		e.sumCell(c/ns, c%ns)
		ch.rows[c] = true
	}
	rolls := map[int]bool{}
	for c := range ch.rows {
		r, svc := c/ns, c%ns
		e.rows[c] = e.regionRow(r, svc)
		for _, k := range e.regionRollups[r] {
			rolls[int(k)*ns+svc] = true
		}
	}
	seen := make([]bool, len(e.sites))
	for c := range rolls {
		e.sumRollup(c/ns, c%ns, seen)
	}
	for c := range rolls {
		e.rollRows[c] = e.rollupRow(c/ns, c%ns)
	}
}

// gatherAccess is A_i for one demand point: the terms R_j f(d_ij) of the
// sites in its catchment, added in ID order as spreadAccess adds them
// when sites come in ID order.
func (e *Engine) gatherAccess(i int32, svc int) float64 {
	type term struct {
		id string
		v  float64
	}
	var terms []term
	pt := &e.points[i]
	e.reachTrees[svc].within(pt.xyz, chordFor(e.set.catchment), func(n int32) {
		s := e.sites[n]
		if c2 := dist2(s.xyz, pt.xyz); c2 <= e.set.catchment2 {
			if o := s.offer(svc); o.ratio != 0 {
				terms = append(terms, term{s.id, float64(o.ratio * e.set.weightOfChord2(c2))})
			}
		}
	})
	slices.SortFunc(terms, func(a, b term) int { return cmp.Compare(a.id, b.id) })
	sum := 0.0
	for _, t := range terms {
		sum += t.v
	}
	return sum
}
