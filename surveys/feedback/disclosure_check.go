package feedback

import (
	"math"
	"slices"
)

// What a reader can work out from a suppressed grid.
//
// Each sum is an equation; moving the shown counts to the right-hand side
// leaves a linear system A·x = b in the hidden counts, with x ≥ 0. The true
// table x* solves it. A hidden count e is safe when some other solution
// differs at e, which holds exactly when there is a direction d with
// A·d = 0, d[e] ≠ 0, and d[f] ≥ 0 wherever x*[f] = 0 (those counts sit on
// their bound and may only grow): x* + t·d is then another solution for a
// small t > 0.
//
// exposed settles it exactly for groups of linked hidden counts of up to
// exactLimit equations (see exposedIn).

// exactLimit is the largest group of linked hidden counts (in equations)
// that gets the exact check with the linear program. Bigger groups — a
// small test broken down many ways, where nearly everything is hidden
// anyway — get the linear algebra (no count determined by the sums) and
// the bounds of single lines (no line whose hidden counts must all be 0);
// bounds combined across several lines are not followed there.
const exactLimit = 400

// exposed lists the hidden cells a reader can pin down.
func (g *Grid) exposed() []Cell {
	var out []Cell
	for _, comp := range g.hiddenSystems() {
		out = append(out, g.exposedIn(comp)...)
	}
	out = append(out, g.atLineBounds()...)
	slices.Sort(out)
	return slices.Compact(out)
}

func find(eqs []map[Cell]float64, c Cell) (int, bool) {
	for i, eq := range eqs {
		if _, ok := eq[c]; ok {
			return i, true
		}
	}
	return 0, false
}

// hiddenSystems turns the lines into equations in the hidden counts, split
// into groups that share none.
func (g *Grid) hiddenSystems() [][]map[Cell]float64 {
	var eqs []map[Cell]float64
	for _, l := range g.lines {
		eq := map[Cell]float64{}
		for i, c := range l.cells {
			if g.mark[c] != shown {
				eq[c] = l.coef[i]
			}
		}
		if len(eq) > 0 {
			eqs = append(eqs, eq)
		}
	}
	return components(eqs)
}

// atLineBounds lists the hidden counts of lines that pin them all to 0: the
// hidden terms all on one side, and the shown ones adding up to nothing.
func (g *Grid) atLineBounds() []Cell {
	var out []Cell
	for _, l := range g.lines {
		rest, sign := 0.0, 0.0
		mixed := false
		var hidden []Cell
		for i, c := range l.cells {
			if g.mark[c] == shown {
				rest -= l.coef[i] * float64(g.n[c])
				continue
			}
			hidden = append(hidden, c)
			if s := math.Copysign(1, l.coef[i]); sign == 0 {
				sign = s
			} else if s != sign {
				mixed = true
			}
		}
		if len(hidden) > 0 && !mixed && sign*rest <= epsilon {
			out = append(out, hidden...)
		}
	}
	return out
}

// system is the equations of one group of linked hidden counts.
type system struct {
	cells []Cell      // the unknowns, columns of a: non-zero counts first
	a     [][]float64 // one row per equation
	tight []bool      // the count is 0, on its lower bound
}

func (g *Grid) newSystem(eqs []map[Cell]float64) system {
	var s system
	seen := map[Cell]bool{}
	for _, eq := range eqs {
		for c := range eq {
			if !seen[c] {
				seen[c] = true
				s.cells = append(s.cells, c)
			}
		}
	}
	slices.SortFunc(s.cells, func(a, b Cell) int {
		if ta, tb := g.n[a] == 0, g.n[b] == 0; ta != tb {
			if ta {
				return 1
			}
			return -1
		}
		return int(a - b)
	})
	col := make(map[Cell]int, len(s.cells))
	for i, c := range s.cells {
		col[c] = i
		s.tight = append(s.tight, g.n[c] == 0)
	}
	for _, eq := range eqs {
		row := make([]float64, len(s.cells))
		for c, v := range eq {
			row[col[c]] = v
		}
		s.a = append(s.a, row)
	}
	return s
}

// exposedIn checks one group of linked hidden counts.
//
// A count e can differ in another solution exactly when there is a
// direction d with A·d = 0, d[e] ≠ 0 and d ≥ 0 on the hidden zeros (they
// may only grow). Let Z be the hidden zeros that no such direction lets
// grow. Every direction keeps Z at 0, and there is one that is positive on
// every other hidden zero; adding enough of it to a direction of the
// linear system with Z held at 0 makes that direction keep the bounds. So
// e is pinned exactly when it is in Z or the linear system with Z held at
// 0 determines it.
func (g *Grid) exposedIn(eqs []map[Cell]float64) []Cell {
	s := g.newSystem(eqs)
	fixed := make([]bool, len(s.cells))
	if len(eqs) <= exactLimit {
		fixed = s.cannotGrow()
	}
	var out []Cell
	for j, f := range fixed {
		if f {
			out = append(out, s.cells[j])
		}
	}
	return append(out, s.determined(fixed)...)
}

// determined lists the counts the equations fix, with the fixed ones held
// at 0: in reduced row echelon form, a pivot whose row has nothing in any
// free column.
func (s system) determined(fixed []bool) []Cell {
	var cols []int
	for j := range s.cells {
		if !fixed[j] {
			cols = append(cols, j)
		}
	}
	m := make([][]float64, len(s.a))
	for r, row := range s.a {
		m[r] = make([]float64, len(cols))
		for i, j := range cols {
			m[r][i] = row[j]
		}
	}
	pivots := rref(m, len(cols))
	isPivot := make([]bool, len(cols))
	for _, p := range pivots {
		isPivot[p] = true
	}
	var out []Cell
	for r, p := range pivots {
		free := false
		for j := range cols {
			if !isPivot[j] && math.Abs(m[r][j]) > epsilon {
				free = true
				break
			}
		}
		if !free {
			out = append(out, s.cells[cols[p]])
		}
	}
	return out
}

// cannotGrow marks the hidden zeros that no direction lets grow (Z above).
// Eliminating the non-zero counts (free in sign) leaves equations N·t = 0
// in the hidden zeros t, and the question is which coordinates of the cone
// {t ≥ 0 : N·t = 0} can be positive. A row with every coefficient of one
// sign forces its counts to 0; a row with a single positive coefficient
// makes that count positive once another of the row is. What these rules
// leave open, linear programs settle: each finds a t in the cone with
// the open counts adding up to 1, and its positive counts can grow.
func (s system) cannotGrow() []bool {
	loose := 0
	for loose < len(s.tight) && !s.tight[loose] {
		loose++
	}
	m := cloneMatrix(s.a)
	rank := len(rref(m, loose))
	tight := len(s.cells) - loose
	var n [][]float64
	for _, row := range m[rank:] {
		r := row[loose:]
		if slices.ContainsFunc(r, func(v float64) bool { return math.Abs(v) > epsilon }) {
			n = append(n, r)
		}
	}
	const (
		open = iota
		grows
		stays
	)
	state := make([]int, tight)
	for changed := true; changed; {
		changed = false
		for _, row := range n {
			pos, neg, growing := 0, 0, false
			var posAt, negAt int
			for j, v := range row {
				if state[j] == stays || math.Abs(v) <= epsilon {
					continue
				}
				if v > 0 {
					pos, posAt = pos+1, j
				} else {
					neg, negAt = neg+1, j
				}
				growing = growing || state[j] == grows
			}
			switch {
			case pos+neg > 0 && (pos == 0 || neg == 0):
				for j, v := range row {
					if state[j] != stays && math.Abs(v) > epsilon {
						state[j], changed = stays, true
					}
				}
			case growing && pos == 1 && state[posAt] == open:
				state[posAt], changed = grows, true
			case growing && neg == 1 && state[negAt] == open:
				state[negAt], changed = grows, true
			}
		}
		if changed {
			continue
		}
		// A linear program over the counts that may still grow.
		var vars []int
		anyOpen := false
		for j, st := range state {
			if st != stays {
				vars = append(vars, j)
				anyOpen = anyOpen || st == open
			}
		}
		if !anyOpen {
			break
		}
		a := make([][]float64, 0, len(n)+1)
		b := make([]float64, 0, len(n)+1)
		for _, row := range n {
			r := make([]float64, len(vars))
			for i, j := range vars {
				r[i] = row[j]
			}
			a, b = append(a, r), append(b, 0)
		}
		sum := make([]float64, len(vars))
		for i, j := range vars {
			if state[j] == open {
				sum[i] = 1
			}
		}
		a, b = append(a, sum), append(b, 1)
		z, ok := feasible(a, b)
		if !ok {
			for j, st := range state {
				if st == open {
					state[j] = stays
				}
			}
			break
		}
		for i, j := range vars {
			if z[i] > epsilon && state[j] != grows {
				state[j], changed = grows, true
			}
		}
	}
	fixed := make([]bool, len(s.cells))
	for j, st := range state {
		fixed[loose+j] = st == stays
	}
	return fixed
}

// components splits equations into groups that share no cell.
func components(eqs []map[Cell]float64) [][]map[Cell]float64 {
	parent := map[Cell]Cell{}
	var find func(Cell) Cell
	find = func(c Cell) Cell {
		p, ok := parent[c]
		if !ok {
			parent[c] = c
			return c
		}
		if p == c {
			return c
		}
		r := find(p)
		parent[c] = r
		return r
	}
	first := func(eq map[Cell]float64) Cell {
		var cs []Cell
		for c := range eq {
			cs = append(cs, c)
		}
		return slices.Min(cs)
	}
	for _, eq := range eqs {
		root := find(first(eq))
		for c := range eq {
			if r := find(c); r != root {
				parent[r] = root
			}
		}
	}
	byRoot := map[Cell][]map[Cell]float64{}
	var roots []Cell
	for _, eq := range eqs {
		r := find(first(eq))
		if _, ok := byRoot[r]; !ok {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], eq)
	}
	out := make([][]map[Cell]float64, 0, len(roots))
	for _, r := range roots {
		out = append(out, byRoot[r])
	}
	return out
}

// epsilon tells a coefficient from rounding noise. The coefficients are
// small integers and their ratios, far from it.
const epsilon = 1e-9

// rref reduces m in place to reduced row echelon form, choosing pivots
// (largest first, for stability) only in the first cols columns, and
// returns the pivot column of each leading row.
func rref(m [][]float64, cols int) []int {
	var pivots []int
	r := 0
	for c := 0; c < cols && r < len(m); c++ {
		best := r
		for i := r + 1; i < len(m); i++ {
			if math.Abs(m[i][c]) > math.Abs(m[best][c]) {
				best = i
			}
		}
		if math.Abs(m[best][c]) <= epsilon {
			continue
		}
		m[r], m[best] = m[best], m[r]
		pv := m[r][c]
		// The rows are sparse: only the pivot row's non-zero columns
		// change the others.
		var nz []int
		for j := range m[r] {
			if m[r][j] != 0 {
				m[r][j] /= pv
				nz = append(nz, j)
			}
		}
		for i := range m {
			if i == r || m[i][c] == 0 {
				continue
			}
			f := m[i][c]
			for _, j := range nz {
				m[i][j] -= f * m[r][j]
			}
		}
		pivots = append(pivots, c)
		r++
	}
	return pivots
}

func cloneMatrix(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i, row := range m {
		out[i] = slices.Clone(row)
	}
	return out
}
