package feedback

import (
	"cmp"
	"slices"
	"strings"
)

// ResultsOptions say how results are computed for one reader.
type ResultsOptions struct {
	// K is the minimum cell size (KAnalyst, KExport); ≤ 1 suppresses
	// nothing.
	K int
	// FreeText includes the free text: only for readers with the raw_data
	// grant.
	FreeText bool
	// Language of the labels, as Test texts name it; English when empty.
	Language string
	// EntryNames names directory entries by provider ID.
	EntryNames map[string]string
}

// Analyse computes the results of test t from its responses.
//
// Every count any table shows is one cell of a single Grid, with every sum
// that links them recorded: each breakdown of a draft's participants adds
// up to them, every question splits a segment's participants into its
// answers, and each answer count of a segment adds up over the values of a
// breakdown. The grid is suppressed once, so a count hidden in one table is
// hidden in all and cannot be read off another.
func Analyse(t Test, rs []Response, o ResultsOptions) Results {
	res, _ := analyse(t, rs, o)
	return res
}

// analyse is Analyse, also returning the grid for tests.
func analyse(t Test, rs []Response, o ResultsOptions) (Results, *Grid) {
	a := newAnalysis(t, rs, o)
	tasks := a.addTasks()
	likert := a.addLikert()
	comp := a.addComprehension()
	sections := a.addSections()
	preference := a.addPreference()
	entries := a.addEntries()
	total := a.g.Total(a.participants[0]...)
	if o.K > KAnalyst {
		// Whoever reads a file or public summary (k = 11) may read the
		// results page (k = 5) too: hiding first what the page hides, and
		// more from there, keeps every count the page hides hidden here,
		// where another choice of complements could show one of them.
		a.g.Suppress(KAnalyst)
	}
	a.g.Suppress(o.K)

	k := o.K
	if k <= 1 {
		k = 0
	}
	res := Results{TestID: t.ID, Title: t.Title, Status: t.Status, K: k, Drafts: a.cols, Segments: a.segs,
		Participants: a.countTable(a.participants), Total: a.count(total),
		Tasks: tasks.results(), Likert: likert.results(), Comprehension: comp.results(),
		ComprehensionScore: comp.scores(), Sections: sections.results(), Preference: preference.results(),
		Entries: entries.results()}
	if o.FreeText {
		res.FreeText = a.freeText()
	}
	return res, &a.g
}

// analysis holds what every part of the results shares.
type analysis struct {
	t    Test
	rs   []Response
	o    ResultsOptions
	lang string
	g    Grid

	cols []Column
	segs []Segment
	// vars lists, per breakdown variable, the indexes of its segments.
	vars [][]int
	// colOf and segsOf place each response: its column, and its segments
	// (everyone first, then one per variable).
	colOf  []int
	segsOf [][]int
	// participants[segment][column].
	participants [][]Cell
}

func newAnalysis(t Test, rs []Response, o ResultsOptions) *analysis {
	a := &analysis{t: t, rs: rs, o: o, lang: cmp.Or(o.Language, English)}
	byDraft := slices.Contains(t.Breakdowns, BreakdownDraft) && len(t.Drafts) > 0
	if byDraft {
		for _, d := range t.Drafts {
			a.cols = append(a.cols, Column{Label: d.Label, Title: d.Title})
		}
	} else {
		a.cols = []Column{{Title: "All drafts"}}
	}
	a.colOf = make([]int, len(rs))
	a.segsOf = make([][]int, len(rs))
	for i, r := range rs {
		if byDraft {
			a.colOf[i] = max(0, slices.IndexFunc(t.Drafts, func(d DraftRef) bool { return d.Label == r.Draft }))
		}
		a.segsOf[i] = []int{0}
	}
	a.segs = []Segment{{Label: "Everyone"}}
	for _, v := range t.Breakdowns {
		values, labels, of := a.variable(v)
		if values == nil {
			continue
		}
		// Those who did not say get a row of their own, so that the
		// rows of a variable add up to everyone.
		first := len(a.segs)
		var idx []int
		unsaid := false
		for i, r := range rs {
			j := slices.Index(values, of(r))
			if j < 0 {
				j = len(values)
				unsaid = true
			}
			a.segsOf[i] = append(a.segsOf[i], first+j)
		}
		if unsaid || v != BreakdownGroup && v != BreakdownOrder {
			values = append(values, "")
			labels = append(labels, "Not answered")
		}
		for j := range values {
			a.segs = append(a.segs, Segment{Variable: v, Value: values[j], Label: labels[j]})
			idx = append(idx, first+j)
		}
		a.vars = append(a.vars, idx)
	}
	counts := a.tally(func(Response) int { return 0 }, 1)
	a.participants = make([][]Cell, len(a.segs))
	for s := range a.segs {
		for c := range a.cols {
			a.participants[s] = append(a.participants[s], a.g.Add(counts[s][c][0]))
		}
	}
	for _, segs := range a.vars {
		for c := range a.cols {
			a.g.Link(a.participants[0][c], column(a.participants, segs, c)...)
		}
	}
	return a
}

// variable returns the values of a breakdown variable (nil when the test
// cannot break down by it), their labels, and how to read it off a
// response.
func (a *analysis) variable(v string) (values, labels []string, of func(Response) string) {
	attribute := func(attr string, get func(Response) string) ([]string, []string, func(Response) string) {
		if !slices.Contains(a.t.Attributes, attr) {
			return nil, nil, nil
		}
		values := slices.Clone(AttributeChoices[attr])
		for _, c := range values {
			labels = append(labels, attributeLabels[c].Get(a.lang))
		}
		return values, labels, get
	}
	switch v {
	case BreakdownGroup:
		for _, g := range a.t.Groups {
			values = append(values, g.Code)
			labels = append(labels, g.Label.Get(a.lang))
		}
		return values, labels, func(r Response) string { return r.Group }
	case BreakdownAgeBand:
		return attribute(AttributeAgeBand, func(r Response) string { return r.AgeBand })
	case BreakdownGender:
		return attribute(AttributeGender, func(r Response) string { return r.Gender })
	case BreakdownNationality:
		return attribute(AttributeNationality, func(r Response) string { return r.Nationality })
	case BreakdownOrder:
		if len(a.t.Drafts) < 2 {
			return nil, nil, nil
		}
		for k := range LatinSquare(len(a.t.Drafts)) {
			order := a.t.order(k)
			values = append(values, strings.Join(order, " "))
			labels = append(labels, strings.Join(order, ", then "))
		}
		return values, labels, func(r Response) string { return strings.Join(r.DraftOrder, " ") }
	}
	return nil, nil, nil
}

// tally counts responses by segment, column and category: category gives
// each response's category, from 0 to n − 1.
func (a *analysis) tally(category func(Response) int, n int) [][][]int {
	out := make([][][]int, len(a.segs))
	for s := range out {
		out[s] = make([][]int, len(a.cols))
		for c := range out[s] {
			out[s][c] = make([]int, n)
		}
	}
	for i, r := range a.rs {
		cat := category(r)
		for _, s := range a.segsOf[i] {
			out[s][a.colOf[i]][cat]++
		}
	}
	return out
}

// values collects a number per response by segment and column; keep says
// whether the response has one.
func (a *analysis) values(of func(Response) (float64, bool)) [][][]float64 {
	out := make([][][]float64, len(a.segs))
	for s := range out {
		out[s] = make([][]float64, len(a.cols))
	}
	for i, r := range a.rs {
		x, ok := of(r)
		if !ok {
			continue
		}
		for _, s := range a.segsOf[i] {
			out[s][a.colOf[i]] = append(out[s][a.colOf[i]], x)
		}
	}
	return out
}

// split adds the answers to one question to the grid: each participant
// falls in exactly one of n categories, so a segment's categories add up
// to its participants, and each category adds up over the values of every
// variable. It returns the cells [segment][column][category].
//
// An answer nobody in the test gave is a zero everyone can see (Grid.Zero),
// and when everyone gave the same answer its counts are the participant
// counts themselves: without these two, a question like "was the answer
// timed", with every answer timed, would tie each timed count to its
// participant count by a sum of one part, and hiding either would hide
// the other in every table.
func (a *analysis) split(category func(Response) int, n int) [][][]Cell {
	counts := a.tally(category, n)
	given := make([]bool, n)
	kinds := 0
	for k := range n {
		for c := range a.cols {
			given[k] = given[k] || counts[0][c][k] > 0
		}
		if given[k] {
			kinds++
		}
	}
	cells := make([][][]Cell, len(a.segs))
	for s := range a.segs {
		cells[s] = make([][]Cell, len(a.cols))
		for c := range a.cols {
			var parts []Cell
			for k := range n {
				var cell Cell
				switch {
				case !given[k]:
					cell = a.g.Zero()
				case kinds == 1:
					cell = a.participants[s][c]
				default:
					cell = a.g.Add(counts[s][c][k])
					parts = append(parts, cell)
				}
				cells[s][c] = append(cells[s][c], cell)
			}
			if kinds > 1 {
				a.g.Link(a.participants[s][c], parts...)
			}
		}
	}
	if kinds > 1 {
		a.linkOverSegments(cells, given)
	}
	return cells
}

func (a *analysis) linkOverSegments(cells [][][]Cell, given []bool) {
	for _, segs := range a.vars {
		for c := range a.cols {
			for k := range cells[0][c] {
				if !given[k] {
					continue
				}
				parts := make([]Cell, len(segs))
				for i, s := range segs {
					parts[i] = cells[s][c][k]
				}
				a.g.Link(cells[0][c][k], parts...)
			}
		}
	}
}

func column(cells [][]Cell, segs []int, c int) []Cell {
	out := make([]Cell, len(segs))
	for i, s := range segs {
		out[i] = cells[s][c]
	}
	return out
}

// count renders a cell for the reader.
func (a *analysis) count(c Cell) Count {
	if a.g.Hidden(c) {
		return Count{Suppressed: true, Reason: ReasonSmallCell}
	}
	n := a.g.N(c)
	return Count{N: &n}
}

func (a *analysis) counts(cells []Cell) []Count {
	out := make([]Count, len(cells))
	for i, c := range cells {
		out[i] = a.count(c)
	}
	return out
}

func (a *analysis) countTable(cells [][]Cell) [][]Count {
	out := make([][]Count, len(cells))
	for s, row := range cells {
		out[s] = a.counts(row)
	}
	return out
}

// figure renders a figure computed from the counts deps, reporting as its
// n the sum of the counts n: suppressed when any of them is, else
// compute's result (Value null when compute has none).
//
// The n of a mean is the sum of the rating counts rather than a count of
// its own: a separate "answered" count would add a sum to the grid (and,
// with nobody skipping, equal a participant count), which pins more
// hidden counts down and makes more suppression necessary, while telling a
// reader nothing the shown rating counts do not.
func (a *analysis) figure(n, deps []Cell, compute func() (float64, *Interval, bool)) Figure {
	var f Figure
	if a.g.Shown(n...) {
		total := 0
		for _, c := range n {
			total += a.g.N(c)
		}
		f.N = &total
	}
	if !a.g.Shown(append(slices.Clone(deps), n...)...) {
		f.Suppressed, f.Reason = true, ReasonHiddenCell
		return f
	}
	if v, iv, ok := compute(); ok {
		f.Value, f.CI = &v, iv
	}
	return f
}

// rate is a proportion with its Wilson interval.
func rate(x, n int) func() (float64, *Interval, bool) {
	return func() (float64, *Interval, bool) {
		iv, ok := Wilson(x, n)
		if !ok {
			return 0, nil, false
		}
		return float64(x) / float64(n), &iv, true
	}
}

// mean is a mean with its t interval (none for a single value).
func mean(xs []float64) func() (float64, *Interval, bool) {
	return func() (float64, *Interval, bool) {
		switch len(xs) {
		case 0:
			return 0, nil, false
		case 1:
			return xs[0], nil, true
		}
		m, iv, _ := Mean(xs)
		return m, &iv, true
	}
}

func median(xs []float64) func() (float64, *Interval, bool) {
	return func() (float64, *Interval, bool) {
		m, ok := Median(xs)
		return m, nil, ok
	}
}
