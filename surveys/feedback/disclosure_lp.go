package feedback

import "math"

// feasible finds z ≥ 0 with a·z = b, or reports that there is none.
func feasible(a [][]float64, b []float64) ([]float64, bool) {
	return minimise(a, b, nil)
}

// minimise finds z ≥ 0 with a·z = b minimising cost·z (cost nil: any z),
// by the two-phase simplex method on a dense tableau with Bland's rule, so
// that it cannot cycle. It reports false when there is no such z; cost
// must not be negative, so the minimum is bounded.
func minimise(a [][]float64, b []float64, cost []float64) ([]float64, bool) {
	m := len(a)
	if m == 0 {
		return nil, true
	}
	n := len(a[0])
	t := newTableau(a, b)
	if !t.run(n + m) {
		return nil, false
	}
	if -t.cost[t.rhs()] > 1e-7 {
		return nil, false
	}
	t.dropArtificials(n)
	if cost != nil {
		t.setCost(cost)
		t.run(n)
	}
	z := make([]float64, n)
	for i, v := range t.basis {
		if v >= 0 && v < n {
			z[v] = t.rows[i][t.rhs()]
		}
	}
	return z, true
}

// tableau is a simplex tableau: rows of [unknowns | artificials | rhs], the
// basic variable of each row (−1 for a row dropped as redundant), and the
// reduced costs with −objective last.
type tableau struct {
	rows  [][]float64
	basis []int
	cost  []float64
}

func (t *tableau) rhs() int { return len(t.cost) - 1 }

// newTableau starts phase 1: one artificial per row, minimising their sum.
func newTableau(a [][]float64, b []float64) *tableau {
	m, n := len(a), len(a[0])
	width := n + m + 1
	t := &tableau{basis: make([]int, m), cost: make([]float64, width)}
	for i := range a {
		sign := 1.0
		if b[i] < 0 {
			sign = -1
		}
		row := make([]float64, width)
		for j, v := range a[i] {
			row[j] = sign * v
		}
		row[n+i] = 1
		row[width-1] = sign * b[i]
		t.rows = append(t.rows, row)
		t.basis[i] = n + i
		for j := range n {
			t.cost[j] -= row[j]
		}
		t.cost[width-1] -= row[width-1]
	}
	return t
}

// run pivots until no column below enter has a negative reduced cost; it
// reports false if it gave up.
func (t *tableau) run(enter int) bool {
	for range 200 * len(t.cost) {
		col := -1
		for j := range enter {
			if t.cost[j] < -epsilon {
				col = j
				break
			}
		}
		if col < 0 {
			return true
		}
		row := -1
		best := math.Inf(1)
		for i, r := range t.rows {
			if t.basis[i] < 0 || r[col] <= epsilon {
				continue
			}
			ratio := r[t.rhs()] / r[col]
			if ratio < best-epsilon || (ratio <= best+epsilon && row >= 0 && t.basis[i] < t.basis[row]) {
				best, row = ratio, i
			}
		}
		if row < 0 {
			return true // unbounded: not with a cost bounded below
		}
		t.pivot(row, col)
	}
	return false
}

func (t *tableau) pivot(r, c int) {
	pr := t.rows[r]
	pv := pr[c]
	for j := range pr {
		pr[j] /= pv
	}
	for i, row := range t.rows {
		if i != r && row[c] != 0 {
			f := row[c]
			for j := range row {
				row[j] -= f * pr[j]
			}
		}
	}
	if f := t.cost[c]; f != 0 {
		for j := range t.cost {
			t.cost[j] -= f * pr[j]
		}
	}
	t.basis[r] = c
}

// dropArtificials pivots the artificials left in the basis (at zero) out
// of it, or drops their rows when the constraint was redundant, so that
// phase 2 can never raise them.
func (t *tableau) dropArtificials(n int) {
	for i, v := range t.basis {
		if v < n {
			continue
		}
		t.basis[i] = -1
		for j := range n {
			if math.Abs(t.rows[i][j]) > epsilon {
				t.pivot(i, j)
				break
			}
		}
	}
}

// setCost starts phase 2 with reduced costs for cost.
func (t *tableau) setCost(cost []float64) {
	clear(t.cost)
	copy(t.cost, cost)
	for i, v := range t.basis {
		if v < 0 || t.cost[v] == 0 {
			continue
		}
		f := t.cost[v]
		for j := range t.cost {
			t.cost[j] -= f * t.rows[i][j]
		}
	}
}
