package feedback

import (
	"cmp"
	"slices"
)

// sectionAnswers are the answers to a yes / partly / no question, in the
// order results list them; what was not answered comes after them.
var sectionAnswers = []string{SectionYes, SectionPartly, SectionNo}

type sectionCells struct {
	q          SectionQuestion
	understood [][][]Cell // segment → column → yes, partly, no, not answered
	useful     [][][]Cell
}

type sectionParts struct {
	a        *analysis
	sections []sectionCells
}

// addSections splits the participants by their answers to each content
// section's two questions, like any other question (see split): the
// counts are linked to the participants and over every breakdown.
func (a *analysis) addSections() sectionParts {
	p := sectionParts{a: a}
	for _, q := range a.t.Sections {
		answer := func(of func(SectionAnswer) string) func(Response) int {
			return func(r Response) int {
				i := slices.IndexFunc(r.Sections, func(sa SectionAnswer) bool { return sa.SectionID == q.SectionID })
				if i < 0 {
					return len(sectionAnswers)
				}
				if k := slices.Index(sectionAnswers, of(r.Sections[i])); k >= 0 {
					return k
				}
				return len(sectionAnswers)
			}
		}
		p.sections = append(p.sections, sectionCells{q: q,
			understood: a.split(answer(func(sa SectionAnswer) string { return sa.Understood }), len(sectionAnswers)+1),
			useful:     a.split(answer(func(sa SectionAnswer) string { return sa.Useful }), len(sectionAnswers)+1)})
	}
	return p
}

func (p sectionParts) results() []SectionResult {
	a := p.a
	levels := make([]string, len(sectionAnswers))
	for i, v := range sectionAnswers {
		levels[i] = sectionLabels[v].Get(a.lang)
	}
	answers := func(cells [][][]Cell) AnswerResult {
		out := AnswerResult{Levels: levels, Cells: make([][]AnswerCell, len(a.segs))}
		for s := range a.segs {
			for c := range a.cols {
				given := cells[s][c][:len(sectionAnswers)]
				answered := 0
				for _, cell := range given {
					answered += a.g.N(cell)
				}
				out.Cells[s] = append(out.Cells[s], AnswerCell{Counts: a.counts(given),
					NoAnswer: a.count(cells[s][c][len(sectionAnswers)]),
					Yes:      a.figure(given, nil, rate(a.g.N(given[0]), answered))})
			}
		}
		return out
	}
	out := []SectionResult{}
	for _, sc := range p.sections {
		out = append(out, SectionResult{SectionID: sc.q.SectionID, Title: cmp.Or(sc.q.Title.Get(a.lang), sc.q.SectionID),
			Understood: answers(sc.understood), Useful: answers(sc.useful)})
	}
	return out
}

type preferenceParts struct {
	a *analysis
	// cells[segment][column][choice], the choices being the drafts and
	// then "not said"; all[segment][choice] sums them over the columns.
	cells [][][]Cell
	all   [][]Cell
}

// addPreference splits the participants by the draft they would give to a
// friend, asked after they worked with one draft and saw the others; a
// test of one draft does not ask. With a column per draft it also counts
// each choice over all columns, as a sum of the columns' counts, so that
// suppression sees that it is one.
func (a *analysis) addPreference() *preferenceParts {
	if len(a.t.Drafts) < 2 {
		return nil
	}
	n := len(a.t.Drafts)
	p := &preferenceParts{a: a, cells: a.split(func(r Response) int {
		if i := slices.IndexFunc(a.t.Drafts, func(d DraftRef) bool { return d.Label == r.PreferredDraft }); i >= 0 {
			return i
		}
		return n
	}, n+1)}
	if len(a.cols) < 2 {
		return p
	}
	for s := range a.segs {
		var row []Cell
		for k := range n + 1 {
			row = append(row, a.sum(column(p.cells[s], a.colIndexes(), k)))
		}
		p.all = append(p.all, row)
	}
	return p
}

// colIndexes lists the columns' indexes.
func (a *analysis) colIndexes() []int {
	out := make([]int, len(a.cols))
	for i := range out {
		out[i] = i
	}
	return out
}

// sum adds a count that is the sum of parts: a zero everyone knows when
// every part is one (see Grid.Zero), else a total linked to them.
func (a *analysis) sum(parts []Cell) Cell {
	if !slices.ContainsFunc(parts, func(c Cell) bool { return a.g.mark[c] != fixed }) {
		return a.g.Zero()
	}
	return a.g.Total(parts...)
}

func (p *preferenceParts) results() *PreferenceResult {
	if p == nil {
		return nil
	}
	a := p.a
	res := &PreferenceResult{Cells: make([][]PreferenceCell, len(a.segs))}
	for _, d := range a.t.Drafts {
		res.Choices = append(res.Choices, Column{Label: d.Label, Title: d.Title})
	}
	n := len(a.t.Drafts)
	cell := func(cells []Cell) PreferenceCell {
		said := cells[:n]
		total := 0
		for _, c := range said {
			total += a.g.N(c)
		}
		pc := PreferenceCell{Counts: a.counts(said), NotSaid: a.count(cells[n])}
		for _, c := range said {
			pc.Share = append(pc.Share, a.figure(said, nil, rate(a.g.N(c), total)))
		}
		return pc
	}
	for s := range a.segs {
		for c := range a.cols {
			res.Cells[s] = append(res.Cells[s], cell(p.cells[s][c]))
		}
		if p.all != nil {
			res.All = append(res.All, cell(p.all[s]))
		}
	}
	return res
}
