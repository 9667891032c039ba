package feedback

import (
	"math"
	"slices"
)

// release hides the shown counts that let a reader pin target down. It
// looks for another table that agrees with what would then be shown and
// differs at target, letting the hidden counts around target move and any
// shown count in their lines move at a price; a linear program finds the
// cheapest (see price), and every shown count it moves is hidden. Large
// groups of linked hidden counts make the program too slow; there the
// smallest shown count next to target is hidden instead. It reports
// whether it hid anything.
func (g *Grid) release(target Cell) bool {
	var comp []map[Cell]float64
	for _, eqs := range g.hiddenSystems() {
		if _, ok := find(eqs, target); ok {
			comp = eqs
		}
	}
	if len(comp) > exactLimit {
		return g.hideNextTo([]Cell{target})
	}
	// First the hidden counts linked to target and the shown counts of the
	// lines through target; if no table moving only those exists, the
	// shown counts of the lines through those too, and so on. A group
	// grown too large for the linear program gets the cheapest shown count
	// next to target hidden instead, and the next round looks again.
	movable := map[Cell]bool{}
	for _, eq := range comp {
		for c := range eq {
			movable[c] = true
		}
	}
	for _, l := range g.lines {
		if slices.Contains(l.cells, target) {
			for _, c := range l.cells {
				movable[c] = true
			}
		}
	}
	for len(movable) <= releaseLimit {
		if g.releaseWithin(target, movable) {
			return true
		}
		grown := false
		for _, l := range g.lines {
			if !slices.ContainsFunc(l.cells, func(c Cell) bool { return movable[c] }) {
				continue
			}
			for _, c := range l.cells {
				if !movable[c] && g.mark[c] == shown {
					movable[c], grown = true, true
				}
			}
		}
		if !grown {
			return false
		}
	}
	return g.hideNextTo([]Cell{target})
}

// releaseLimit is the most counts release lets move in one linear program.
const releaseLimit = 600

// releaseWithin is release letting only the movable counts change.
func (g *Grid) releaseWithin(target Cell, movable map[Cell]bool) bool {
	// Every line through a movable count must still hold; the rest of the
	// table stays as it is.
	var cols []Cell
	for c := range g.n {
		if movable[Cell(c)] && Cell(c) != target {
			cols = append(cols, Cell(c))
		}
	}
	index := map[Cell]int{}
	for j, c := range cols {
		index[c] = j
	}
	var rows []line
	for _, l := range g.lines {
		if slices.ContainsFunc(l.cells, func(c Cell) bool { return movable[c] }) {
			rows = append(rows, l)
		}
	}
	// Unknowns: for each movable count an up and (unless it is a hidden 0,
	// which may only grow) a down part, d = up − down.
	type part struct {
		col  int
		sign float64
	}
	var parts []part
	var price []float64
	for j, c := range cols {
		p := 0.0
		if g.mark[c] == shown {
			p = float64(g.price(c))
		}
		parts = append(parts, part{j, 1})
		price = append(price, p)
		if !(g.mark[c] != shown && g.n[c] == 0) {
			parts = append(parts, part{j, -1})
			price = append(price, p)
		}
	}
	best, bestCost := []float64(nil), math.Inf(1)
	signs := []float64{1, -1}
	if g.n[target] == 0 {
		signs = signs[:1]
	}
	for _, sign := range signs {
		a := make([][]float64, len(rows))
		b := make([]float64, len(rows))
		for r, l := range rows {
			a[r] = make([]float64, len(parts))
			for i, c := range l.cells {
				if c == target {
					b[r] = -sign * l.coef[i]
					continue
				}
				if j, ok := index[c]; ok {
					for k, p := range parts {
						if p.col == j {
							a[r][k] = p.sign * l.coef[i]
						}
					}
				}
			}
		}
		z, ok := minimise(a, b, price)
		if !ok {
			continue
		}
		d := make([]float64, len(cols))
		total := 0.0
		for k, p := range parts {
			d[p.col] += p.sign * z[k]
			total += price[k] * z[k]
		}
		if total < bestCost {
			best, bestCost = d, total
		}
	}
	hid := false
	for j, c := range cols {
		if best != nil && g.mark[c] == shown && math.Abs(best[j]) > 1e-9 {
			g.mark[c] = complementary
			hid = true
		}
	}
	return hid
}

// hideNextTo hides the cheapest shown term of the lines through the first
// of cells that has one; failing that, of any line with a hidden term. It
// reports whether it hid anything.
func (g *Grid) hideNextTo(cells []Cell) bool {
	for _, c := range cells {
		var around []Cell
		for _, l := range g.lines {
			if slices.Contains(l.cells, c) {
				around = append(around, l.cells...)
			}
		}
		if next, ok := g.cheapestShown(around); ok {
			g.mark[next] = complementary
			return true
		}
	}
	var around []Cell
	for _, l := range g.lines {
		if slices.ContainsFunc(l.cells, func(c Cell) bool { return g.mark[c] != shown }) {
			around = append(around, l.cells...)
		}
	}
	next, ok := g.cheapestShown(around)
	if ok {
		g.mark[next] = complementary
	}
	return ok
}
