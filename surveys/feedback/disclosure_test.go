package feedback

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// table2D builds a rows × cols table with row totals, column totals and a
// grand total linked to both.
type table2D struct {
	cells     [][]Cell
	rowTotals []Cell
	colTotals []Cell
	grand     Cell
}

func newTable2D(g *Grid, counts [][]int) table2D {
	var t table2D
	for _, row := range counts {
		var cs []Cell
		for _, n := range row {
			cs = append(cs, g.Add(n))
		}
		t.cells = append(t.cells, cs)
		t.rowTotals = append(t.rowTotals, g.Total(cs...))
	}
	for j := range counts[0] {
		var col []Cell
		for i := range counts {
			col = append(col, t.cells[i][j])
		}
		t.colTotals = append(t.colTotals, g.Total(col...))
	}
	t.grand = g.Total(t.rowTotals...)
	g.Link(t.grand, t.colTotals...)
	return t
}

func (t table2D) hidden(g *Grid) [][]bool {
	out := make([][]bool, len(t.cells))
	for i, row := range t.cells {
		for _, c := range row {
			out[i] = append(out[i], g.Hidden(c))
		}
	}
	return out
}

func TestSuppressTables(t *testing.T) {
	tests := []struct {
		name   string
		counts [][]int
		k      int
		// hidden cells of the body; margins checked by checkProtected.
		want [][]bool
		// wantMarginsShown: every total stays visible.
		wantMarginsShown bool
	}{
		{
			name:   "nothing small",
			counts: [][]int{{12, 20}, {15, 30}},
			k:      5,
			want:   [][]bool{{false, false}, {false, false}}, wantMarginsShown: true,
		},
		{
			// 3 is small; its row and column each need a second hidden
			// cell (20 and 15), whose other lines then need one (30).
			name:   "one small cell hides a rectangle",
			counts: [][]int{{3, 20}, {15, 30}},
			k:      5,
			want:   [][]bool{{true, true}, {true, true}}, wantMarginsShown: true,
		},
		{
			// The smallest shown cell of a line is chosen: 6, not 40.
			name:   "complements are the smallest cells",
			counts: [][]int{{2, 6, 40}, {9, 7, 50}},
			k:      5,
			want:   [][]bool{{true, true, false}, {true, true, false}}, wantMarginsShown: true,
		},
		{
			name:   "without a small cell zeros stay",
			counts: [][]int{{0, 0, 30}, {0, 12, 40}},
			k:      5,
			want:   [][]bool{{false, false, false}, {false, false, false}}, wantMarginsShown: true,
		},
		{
			// A hidden zero could only grow, so it protects little: the
			// complements are counts, here a rectangle around the zero.
			name:   "zeros are not complements while counts can be",
			counts: [][]int{{3, 0, 20}, {12, 9, 30}},
			k:      5,
			want:   [][]bool{{true, false, true}, {true, false, true}}, wantMarginsShown: true,
		},
		{
			// Row 0 totals 3: the total is small itself and is hidden with
			// its cells; the column of row totals then needs a second
			// hidden total.
			name:   "small margin",
			counts: [][]int{{2, 1, 0}, {14, 20, 9}, {30, 25, 12}},
			k:      5,
			want:   [][]bool{{true, true, false}, {true, true, false}, {false, false, false}},
		},
		{
			name:   "k = 11 hides more",
			counts: [][]int{{7, 20}, {15, 30}},
			k:      11,
			want:   [][]bool{{true, true}, {true, true}}, wantMarginsShown: true,
		},
		{
			name:   "k = 1 hides nothing",
			counts: [][]int{{1, 2}, {3, 0}},
			k:      1,
			want:   [][]bool{{false, false}, {false, false}}, wantMarginsShown: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var g Grid
			tab := newTable2D(&g, tc.counts)
			g.Suppress(tc.k)
			checkProtected(t, &g, tc.k)
			got := tab.hidden(&g)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("hidden cells\n got %v\nwant %v", got, tc.want)
			}
			if tc.wantMarginsShown {
				margins := append(append([]Cell{tab.grand}, tab.rowTotals...), tab.colTotals...)
				if !g.Shown(margins...) {
					t.Errorf("a margin is hidden, want all shown")
				}
			}
		})
	}
}

// Two blocks of small cells, each already two to a line, joined by one
// small cell: the ≥ 2-per-line rule holds, yet the joining cell is
// determined (row 1 of the first block and columns 0 and 1 give the sum
// of its neighbours). Suppress must hide more.
func TestSuppressBridge(t *testing.T) {
	counts := [][]int{
		{2, 3, 40, 50, 60},
		{4, 1, 2, 70, 80},
		{90, 85, 3, 4, 95},
		{75, 65, 1, 2, 55},
		{45, 35, 25, 15, 99},
	}
	var g Grid
	tab := newTable2D(&g, counts)
	// Before suppression proper: mark the primaries and check that the
	// ≥ 2 rule alone would leave cell (1,2) determined.
	var probe Grid
	ptab := newTable2D(&probe, counts)
	for i := range counts {
		for j := range counts[i] {
			if counts[i][j] < 5 {
				probe.mark[ptab.cells[i][j]] = small
			}
		}
	}
	probe.buildLines()
	if probe.pairLines() {
		t.Fatalf("the example should already have two small cells in every line")
	}
	if got := probe.exposed(); fmt.Sprint(got) != fmt.Sprint([]Cell{ptab.cells[1][2]}) {
		t.Fatalf("exposed before = %v, want only cell (1,2) = %d", got, ptab.cells[1][2])
	}
	if det := linearlyDetermined(&probe); len(det) != 1 || !det[ptab.cells[1][2]] {
		t.Fatalf("the independent check finds %v determined, want only cell (1,2)", det)
	}
	g.Suppress(KAnalyst)
	checkProtected(t, &g, KAnalyst)
	if g.mark[tab.cells[1][2]] != small {
		t.Errorf("cell (1,2) mark %v", g.mark[tab.cells[1][2]])
	}
}

// A small count complemented by a zero whose column holds only zeros: the
// sums alone leave the hidden cells free, but counts are never negative,
// so the two hidden zeros of the column (total 0) are 0, and then the
// small count is its row's shown total minus 40. The exposure check must
// see it, and Suppress, starting from the small count alone, must not end
// there.
func TestSuppressBounds(t *testing.T) {
	counts := [][]int{{2, 0, 40}, {15, 0, 30}}
	var probe Grid
	ptab := newTable2D(&probe, counts)
	probe.mark[ptab.cells[0][0]] = small
	probe.mark[ptab.cells[0][1]] = complementary
	probe.mark[ptab.cells[1][0]] = complementary
	probe.mark[ptab.cells[1][1]] = complementary
	probe.buildLines()
	if probe.pairLines() {
		t.Fatalf("every line of the example should have two hidden cells or none")
	}
	if len(linearlyDetermined(&probe)) != 0 {
		t.Fatalf("the example should be free for the sums alone")
	}
	if got := probe.exposed(); !slices.Contains(got, ptab.cells[0][0]) {
		t.Fatalf("exposed = %v, want the small cell %d among them", got, ptab.cells[0][0])
	}
	if alternative(&probe, ptab.cells[0][0]) == nil {
		t.Fatalf("the independent check finds the small cell free")
	}
	var g Grid
	newTable2D(&g, counts)
	g.Suppress(KAnalyst)
	checkProtected(t, &g, KAnalyst)
}

// TestSuppressRandomTables is the property test: for random tables, after
// suppression no small count is shown, no zero is hidden, every sum with a
// hidden term has at least two, and for every hidden count there is
// another non-negative table that agrees with every shown count and every
// sum but differs in that count.
func TestSuppressRandomTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 11))
	for i := range 400 {
		rows, cols := 1+rng.IntN(6), 1+rng.IntN(6)
		counts := make([][]int, rows)
		for r := range counts {
			for range cols {
				counts[r] = append(counts[r], randomCount(rng))
			}
		}
		k := []int{KAnalyst, KExport}[i%2]
		t.Run(fmt.Sprintf("%d_%dx%d_k%d", i, rows, cols, k), func(t *testing.T) {
			var g Grid
			newTable2D(&g, counts)
			g.Suppress(k)
			checkProtected(t, &g, k)
			if t.Failed() {
				t.Logf("counts %v", counts)
			}
		})
	}
}

// Random grids shaped like feedback results: per draft, per group, a
// participant count shared by several item tables, each splitting it into
// answers; the draft totals are the sums over groups.
func TestSuppressRandomLinkedTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 3))
	for i := range 150 {
		drafts, groups, items := 1+rng.IntN(3), 1+rng.IntN(4), 1+rng.IntN(3)
		k := []int{KAnalyst, KExport}[i%2]
		t.Run(fmt.Sprintf("%d_d%d_g%d_i%d_k%d", i, drafts, groups, items, k), func(t *testing.T) {
			var g Grid
			for range drafts {
				levels := make([][]int, items)
				for it := range levels {
					levels[it] = make([]int, 2+rng.IntN(4))
				}
				answers := make([][][]int, groups) // group → item → level
				var participants []Cell
				for gr := range groups {
					p := randomCount(rng)
					answers[gr] = make([][]int, items)
					for it := range items {
						answers[gr][it] = split(rng, p, len(levels[it]))
					}
					participants = append(participants, g.Add(p))
				}
				draftTotal := g.Total(participants...)
				for it := range items {
					var colCells [][]Cell
					for gr := range groups {
						var row []Cell
						for _, n := range answers[gr][it] {
							row = append(row, g.Add(n))
						}
						g.Link(participants[gr], row...)
						colCells = append(colCells, row)
					}
					var colTotals []Cell
					for l := range levels[it] {
						var col []Cell
						for gr := range groups {
							col = append(col, colCells[gr][l])
						}
						colTotals = append(colTotals, g.Total(col...))
					}
					g.Link(draftTotal, colTotals...)
				}
			}
			g.Suppress(k)
			checkProtected(t, &g, k)
		})
	}
}

// randomCount draws mostly small counts, some zeros and a few large ones.
func randomCount(rng *rand.Rand) int {
	switch rng.IntN(10) {
	case 0, 1:
		return 0
	case 2, 3, 4, 5:
		return 1 + rng.IntN(12)
	default:
		return rng.IntN(60)
	}
}

// split divides n into parts random counts.
func split(rng *rand.Rand, n, parts int) []int {
	out := make([]int, parts)
	for range n {
		out[rng.IntN(parts)]++
	}
	return out
}

// checkProtected checks the promises of Suppress on g.
func checkProtected(t *testing.T, g *Grid, k int) {
	t.Helper()
	for c := range g.n {
		n, hidden := g.n[c], g.Hidden(Cell(c))
		if k > 1 && n > 0 && n < k && !hidden {
			t.Errorf("cell %d = %d is below k = %d but shown", c, n, k)
		}
		if g.mark[c] == fixed && hidden {
			t.Errorf("cell %d is a fixed zero but hidden", c)
		}
	}
	for _, s := range g.sums {
		hidden := 0
		for _, c := range append(slices.Clone(s.parts), s.total) {
			if g.Hidden(c) {
				hidden++
			}
		}
		if hidden == 1 {
			t.Errorf("sum %v has exactly one hidden term", s)
		}
	}
	for c := range linearlyDetermined(g) {
		t.Errorf("hidden cell %d = %d is determined by the sums", c, g.n[c])
	}
	for c := range g.n {
		if g.Hidden(Cell(c)) {
			if err := alternative(g, Cell(c)); err != nil {
				t.Errorf("hidden cell %d = %d: %v", c, g.n[c], err)
			}
		}
	}
}

// hiddenEquations writes every sum as an equation over the hidden counts,
// with the shown counts on the right-hand side.
func hiddenEquations(g *Grid) (unknowns []Cell, index map[Cell]int, rows []map[int]float64, rhs []float64) {
	index = map[Cell]int{}
	for c := range g.n {
		if g.Hidden(Cell(c)) {
			index[Cell(c)] = len(unknowns)
			unknowns = append(unknowns, Cell(c))
		}
	}
	for _, s := range g.sums {
		row := map[int]float64{}
		b := 0.0
		add := func(c Cell, v float64) {
			if j, ok := index[c]; ok {
				row[j] += v
			} else {
				b -= v * float64(g.n[c])
			}
		}
		for _, p := range s.parts {
			add(p, 1)
		}
		add(s.total, -1)
		rows, rhs = append(rows, row), append(rhs, b)
	}
	return unknowns, index, rows, rhs
}

// linearlyDetermined is an independent check of the sums alone, in exact
// arithmetic: a hidden count is determined when every vector of the null
// space of the system is zero at it, read off the reduced row echelon
// form (a pivot whose row has nothing in a free column).
func linearlyDetermined(g *Grid) map[Cell]bool {
	unknowns, _, eqs, _ := hiddenEquations(g)
	var a [][]*big.Rat
	for _, eq := range eqs {
		row := zeros(len(unknowns))
		for j, v := range eq {
			row[j].SetFloat64(v)
		}
		a = append(a, row)
	}
	pivotCols := reduce(a)
	isPivot := map[int]bool{}
	for _, c := range pivotCols {
		isPivot[c] = true
	}
	out := map[Cell]bool{}
	for r, c := range pivotCols {
		free := false
		for j := range unknowns {
			if !isPivot[j] && a[r][j].Sign() != 0 {
				free = true
			}
		}
		if !free {
			out[unknowns[c]] = true
		}
	}
	return out
}

// alternative builds another table that agrees with everything a reader
// sees — every shown count, every sum, no count below 0 —
// but differs at target, and checks it. A linear program finds the
// direction to move in; the table is built and checked here. It returns
// an error when there is none.
func alternative(g *Grid, target Cell) error {
	unknowns, index, eqs, _ := hiddenEquations(g)
	e := index[target]
	signs := []float64{1, -1}
	if g.n[target] == 0 {
		signs = signs[:1]
	}
	var d []float64
	for _, sign := range signs {
		// Unknowns: up and down parts of each other hidden count (only up
		// for a zero).
		type part struct {
			j    int
			sign float64
		}
		var parts []part
		for j, c := range unknowns {
			if j == e {
				continue
			}
			parts = append(parts, part{j, 1})
			if g.n[c] > 0 {
				parts = append(parts, part{j, -1})
			}
		}
		a := make([][]float64, len(eqs))
		b := make([]float64, len(eqs))
		for r, eq := range eqs {
			a[r] = make([]float64, len(parts))
			for k, p := range parts {
				a[r][k] = p.sign * eq[p.j]
			}
			b[r] = -sign * eq[e]
		}
		z, ok := feasible(a, b)
		if !ok {
			continue
		}
		d = make([]float64, len(unknowns))
		d[e] = sign
		for k, p := range parts {
			d[p.j] += p.sign * z[k]
		}
		break
	}
	if d == nil {
		return fmt.Errorf("no direction keeps the sums and bounds")
	}
	// The largest step (at most 1) that keeps every hidden count ≥ 0.
	step := 1.0
	for j, c := range unknowns {
		if d[j] < -1e-9 {
			room := float64(g.n[c]) / -d[j]
			if room <= 1e-9 {
				return fmt.Errorf("the direction lowers cell %d, which is already 0", c)
			}
			step = min(step, room)
		}
	}
	value := func(c Cell) float64 {
		if j, ok := index[c]; ok {
			return float64(g.n[c]) + step*d[j]
		}
		return float64(g.n[c])
	}
	for c := range g.n {
		if v := value(Cell(c)); v < -1e-9 {
			return fmt.Errorf("alternative has cell %d = %v below 0", c, v)
		}
	}
	for _, s := range g.sums {
		total := 0.0
		for _, p := range s.parts {
			total += value(p)
		}
		if diff := total - value(s.total); diff > 1e-7 || diff < -1e-7 {
			return fmt.Errorf("alternative breaks a sum by %v", diff)
		}
	}
	if diff := value(target) - float64(g.n[target]); diff < 1e-6 && diff > -1e-6 {
		return fmt.Errorf("alternative does not move the cell")
	}
	return nil
}

func zeros(n int) []*big.Rat {
	out := make([]*big.Rat, n)
	for i := range out {
		out[i] = new(big.Rat)
	}
	return out
}

// reduce brings a to reduced row echelon form by Gauss–Jordan elimination
// over the rationals and returns the pivot column of each leading row.
func reduce(a [][]*big.Rat) []int {
	rows := len(a)
	if rows == 0 {
		return nil
	}
	cols := len(a[0])
	var pivotCols []int
	r := 0
	for c := 0; c < cols && r < rows; c++ {
		p := -1
		for i := r; i < rows; i++ {
			if a[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		a[r], a[p] = a[p], a[r]
		inv := new(big.Rat).Inv(a[r][c])
		for j := range a[r] {
			a[r][j].Mul(a[r][j], inv)
		}
		for i := range rows {
			if i == r || a[i][c].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(a[i][c])
			for j := range a[i] {
				if a[r][j].Sign() != 0 {
					a[i][j].Sub(a[i][j], new(big.Rat).Mul(f, a[r][j]))
				}
			}
		}
		pivotCols = append(pivotCols, c)
		r++
	}
	return pivotCols
}
