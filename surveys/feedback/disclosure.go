package feedback

import (
	"fmt"
	"slices"
)

// Minimum cell sizes (reference §5): analysts see cells of at least 5 in
// the API and on pages; exports and public summaries need 11, the
// threshold the Counter Trafficking Data Collaborative publishes at.
const (
	KAnalyst = 5
	KExport  = 11
)

// Reason says why a figure is suppressed.
type Reason string

const (
	// ReasonSmallCell: the count is fewer than k, or is hidden so that one
	// that is cannot be worked out from the totals. Which of the two is not
	// published (see Grid.Suppress).
	ReasonSmallCell Reason = "fewer_than_k_or_protecting"
	// ReasonHiddenCell: a rate, mean, median, interval or percentage that
	// would be computed from a suppressed count.
	ReasonHiddenCell Reason = "from_hidden_cell"
)

// mark records why Suppress hid a count, for its own bookkeeping and tests.
type mark uint8

const (
	shown         mark = iota
	small              // 1 ≤ n < k: primary suppression
	complementary      // hidden to protect a small count
	fixed              // a zero everyone knows (Grid.Zero): never hidden
)

// Cell names one count of a Grid.
type Cell int32

// Grid holds the counts a set of results publishes and every sum that links
// them (a row total is the sum of its cells, a draft's total the sum of its
// groups, …), so that suppression can see all the equations a reader could
// solve. Counts that are the same figure in several tables (the number of
// survivors who saw draft A is the row total of every task and every
// Likert table of draft A) must be one Cell, or a count hidden in one table
// could be read off another.
//
// The zero value is an empty grid.
type Grid struct {
	n    []int
	mark []mark
	sums []sum
	// lines are the sums as equations, without fixed cells and repeats,
	// built by Suppress; degree counts the lines each cell is in.
	lines  []line
	degree []int
}

// sum records total = Σ parts.
type sum struct {
	total Cell
	parts []Cell
}

// line is one sum as an equation: Σ coef[i]·count(cells[i]) = 0.
type line struct {
	cells []Cell
	coef  []float64
}

// Add adds a count and returns its cell.
func (g *Grid) Add(n int) Cell {
	g.n = append(g.n, n)
	g.mark = append(g.mark, shown)
	return Cell(len(g.n) - 1)
}

// Zero adds a count of 0 that everyone knows is 0 — an answer nobody in
// the whole test gave — so that it is in no sum and never hidden:
// hiding it would protect nothing, and sums with it would only tie more
// counts together.
func (g *Grid) Zero() Cell {
	c := g.Add(0)
	g.mark[c] = fixed
	return c
}

// Total adds a count that is the sum of parts, records the equation, and
// returns its cell.
func (g *Grid) Total(parts ...Cell) Cell {
	t := 0
	for _, p := range parts {
		t += g.n[p]
	}
	c := g.Add(t)
	g.sums = append(g.sums, sum{total: c, parts: slices.Clone(parts)})
	return c
}

// Link records that total is the sum of parts, for a total that already
// exists (a shared margin). A sum that does not add up is a bug in the code
// building the grid, and panics: published figures that do not add up
// would be worse.
func (g *Grid) Link(total Cell, parts ...Cell) {
	t := 0
	for _, p := range parts {
		t += g.n[p]
	}
	if t != g.n[total] {
		panic(fmt.Sprintf("feedback: grid cell %d is %d, but its parts add up to %d", total, g.n[total], t))
	}
	g.sums = append(g.sums, sum{total: total, parts: slices.Clone(parts)})
}

// N returns the true count of c, whether or not it is suppressed.
func (g *Grid) N(c Cell) int { return g.n[c] }

// Hidden reports whether c is suppressed.
func (g *Grid) Hidden(c Cell) bool { return g.mark[c] == small || g.mark[c] == complementary }

// Shown reports whether every one of cells is shown.
func (g *Grid) Shown(cells ...Cell) bool {
	for _, c := range cells {
		if g.Hidden(c) {
			return false
		}
	}
	return true
}

// buildLines turns the sums into equations, leaving out fixed zeros and
// sums that repeat another.
func (g *Grid) buildLines() {
	g.lines = nil
	seen := map[string]bool{}
	for _, s := range g.sums {
		coef := map[Cell]float64{}
		for _, p := range s.parts {
			if g.mark[p] != fixed {
				coef[p]++
			}
		}
		if g.mark[s.total] != fixed {
			coef[s.total]--
		}
		var l line
		for c, v := range coef {
			if v != 0 {
				l.cells = append(l.cells, c)
			}
		}
		if len(l.cells) == 0 {
			continue
		}
		slices.Sort(l.cells)
		for _, c := range l.cells {
			l.coef = append(l.coef, coef[c])
		}
		key := fmt.Sprint(l)
		if !seen[key] {
			seen[key] = true
			g.lines = append(g.lines, l)
		}
	}
	g.degree = make([]int, len(g.n))
	for _, l := range g.lines {
		for _, c := range l.cells {
			g.degree[c]++
		}
	}
}

// Suppress hides every count from 1 to k − 1, then hides further counts
// (zeros too) until no hidden count can be worked out from what is shown:
//
//  1. every sum with exactly one hidden term (total or part) gets a second
//     one, its shown term cheapest to hide (see price and cheapestShown),
//     until none is left;
//  2. then, while a reader could still pin hidden counts down (see
//     exposed), the cheapest set of shown counts that frees each is hidden
//     too (see release), and step 1 runs again.
//
// A reader pins a count down when it has the same value in every table
// that agrees with what is shown: every shown count, every sum, and the
// bounds a reader knows — a count is never negative. Step 1 alone is not
// enough: a hidden cell joining two blocks of hidden cells that each have
// two in every line is still fixed by the sums, and a line whose shown
// total equals its shown parts pins its hidden parts to 0.
//
// Zeros may be hidden, as complements: were they always shown, a reader
// would know every hidden count to be at least 1, and a line of two
// hidden counts adding up to 2 would give both away. Which hidden counts
// are small and which are complementary is not told apart in what is
// published either: knowing that one of a pair is at most k − 1 and the
// other at least k can pin both (1 and 5 adding up to 6 with k = 5). What
// Suppress does not promise is a wide interval: a reader may still learn
// that a hidden count lies between, say, 0 and 6. Like disclosure control
// generally, it assumes a reader does not reason from how the complements
// were chosen.
//
// k ≤ 1 suppresses nothing.
func (g *Grid) Suppress(k int) {
	if k <= 1 {
		return
	}
	g.buildLines()
	for c, n := range g.n {
		if n > 0 && n < k && g.mark[c] == shown {
			g.mark[c] = small
		}
	}
	for {
		for g.pairLines() {
		}
		pinned := g.exposed()
		if len(pinned) == 0 {
			return
		}
		hid := false
		for _, c := range pinned {
			// An earlier release in this round may have freed c already;
			// hiding more for it then costs a little, never safety.
			hid = g.release(c) || hid
		}
		if !hid && !g.hideNextTo(pinned) {
			// Every count around is hidden already. Then only hidden zeros
			// can be pinned (to 0): with the shown counts all 0, scaling
			// the true table up keeps every sum and bound and moves every
			// non-zero count. A zero points at no one.
			return
		}
	}
}

// pairLines gives every line with exactly one hidden term a second one, and
// reports whether it hid anything.
func (g *Grid) pairLines() bool {
	changed := false
	for _, l := range g.lines {
		hidden := 0
		for _, c := range l.cells {
			if g.mark[c] != shown {
				hidden++
			}
		}
		if hidden != 1 {
			continue
		}
		if c, ok := g.cheapestShown(l.cells); ok {
			g.mark[c] = complementary
			changed = true
		}
	}
	return changed
}

// price is what hiding a shown count costs: its size plus one (a hidden
// zero costs the reader something too) times the number of lines it is
// in, since hiding a count many tables share (a draft's participants)
// hides much more in turn.
func (g *Grid) price(c Cell) int { return (g.n[c] + 1) * g.degree[c] }

// cheapestShown picks the shown count among cells that is cheapest to
// hide; on ties the smaller, then the lower cell. A zero only when there
// is nothing else: a hidden zero can only grow, so it protects a small
// count only if something else in each of its lines can shrink, and more
// often it needs more hidden around it than it saves.
func (g *Grid) cheapestShown(cells []Cell) (Cell, bool) {
	best, found := Cell(0), false
	better := func(c Cell) bool {
		if (g.n[c] == 0) != (g.n[best] == 0) {
			return g.n[best] == 0
		}
		if g.price(c) != g.price(best) {
			return g.price(c) < g.price(best)
		}
		return g.n[c] < g.n[best] || g.n[c] == g.n[best] && c < best
	}
	for _, c := range cells {
		if g.mark[c] != shown {
			continue
		}
		if !found || better(c) {
			best, found = c, true
		}
	}
	return best, found
}
