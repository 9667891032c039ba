package reports

import (
	"slices"
)

// rollup is a parent region or a country that report regions add up to.
type rollup struct {
	code, name, parent string
	level              int
	children           []int32 // report regions, ascending
}

// buildRollups finds every ancestor (through Input.Parents) and country of
// the report regions and computes their figures.
func (e *Engine) buildRollups() {
	parents := make(map[string]Region, len(e.in.Parents))
	for _, p := range e.in.Parents {
		parents[p.Code] = p
	}
	chains := make([][]string, len(e.regions))
	parentCodes, countryCodes := map[string]bool{}, map[string]bool{}
	for r, reg := range e.regions {
		chains[r] = ancestors(reg.parent, parents)
		for _, code := range chains[r] {
			parentCodes[code] = true
		}
		if reg.country != "" {
			countryCodes[reg.country] = true
		}
	}
	index := map[string]int32{}
	for _, code := range slices.Sorted(mapKeys(parentCodes)) {
		p := parents[code]
		index["p:"+code] = int32(len(e.rollups))
		e.rollups = append(e.rollups, rollup{code: code, name: p.Name, parent: p.ParentCode, level: p.Level})
	}
	e.parentRollups = len(e.rollups)
	for _, code := range slices.Sorted(mapKeys(countryCodes)) {
		name := e.in.CountryNames[code]
		if name == "" {
			name = code
		}
		index["c:"+code] = int32(len(e.rollups))
		e.rollups = append(e.rollups, rollup{code: code, name: name})
	}
	e.regionRollups = make([][]int32, len(e.regions))
	for r, reg := range e.regions {
		for _, code := range chains[r] {
			e.regionRollups[r] = append(e.regionRollups[r], index["p:"+code])
		}
		if reg.country != "" {
			e.regionRollups[r] = append(e.regionRollups[r], index["c:"+reg.country])
		}
		for _, k := range e.regionRollups[r] {
			e.rollups[k].children = append(e.rollups[k].children, int32(r))
		}
	}
	ns := len(e.services)
	e.rollCells = make([]cell, len(e.rollups)*ns)
	parallel(ns, func(svc int) {
		seen := make([]bool, len(e.sites))
		for k := range e.rollups {
			e.sumRollup(k, svc, seen)
		}
	})
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (e *Engine) rollCellOf(k, svc int) *cell { return &e.rollCells[k*len(e.services)+svc] }

// sumRollup adds up a roll-up's children: located counts and weighted sums
// add; the serving sites are the distinct sites serving any child (a site
// serving three provinces counts once in their country), in no particular
// order; the nearest
// distance is the children's smallest. Only children whose points carry
// population weigh in the shares and access index. seen is scratch space,
// one flag per site, all false.
func (e *Engine) sumRollup(k, svc int, seen []bool) {
	c := e.rollCellOf(k, svc)
	*c = cell{nearestKm: -1, nearestSite: -1, serving: c.serving[:0]}
	for _, r := range e.rollups[k].children {
		child := e.cellOf(int(r), svc)
		c.located += child.located
		for _, n := range child.serving {
			if !seen[n] {
				seen[n] = true
				c.serving = append(c.serving, n)
			}
		}
		if child.nearestSite >= 0 && (c.nearestSite < 0 || child.nearestKm < c.nearestKm) {
			c.nearestKm, c.nearestSite = child.nearestKm, child.nearestSite
		}
		if e.regions[r].pointPop > 0 {
			c.popW += child.popW
			c.coveredW += child.coveredW
			c.accessW += child.accessW
		}
	}
	for _, n := range c.serving {
		seen[n] = false
	}
}
