package feedback

import (
	"cmp"
	"slices"
	"strings"
)

type entryCells struct {
	id       string
	name     string
	wrong    Cell
	problems []Cell // by ProblemKinds
}

type entryParts struct {
	a       *analysis
	entries []entryCells
}

// addEntries counts, per directory entry, how often it was chosen for a
// task it does not answer and the problems reported against it. These
// counts are not linked by any published sum (a participant may choose
// several entries and report several problems), so only the small ones
// are hidden.
func (a *analysis) addEntries() entryParts {
	wrong := map[string]int{}
	problems := map[string]map[ProblemKind]int{}
	for _, r := range a.rs {
		for _, task := range a.t.Tasks {
			ta, _ := answerTo(r, task.Code)
			for _, id := range ta.Chosen {
				if !slices.Contains(task.CorrectProviders, id) {
					wrong[id]++
				}
			}
		}
		for _, pr := range r.Problems {
			if problems[pr.ProviderID] == nil {
				problems[pr.ProviderID] = map[ProblemKind]int{}
			}
			problems[pr.ProviderID][pr.Kind]++
		}
	}
	ids := map[string]bool{}
	for id := range wrong {
		ids[id] = true
	}
	for id := range problems {
		ids[id] = true
	}
	p := entryParts{a: a}
	for id := range ids {
		ec := entryCells{id: id, name: cmp.Or(a.o.EntryNames[id], id), wrong: a.g.Add(wrong[id])}
		for _, k := range ProblemKinds {
			ec.problems = append(ec.problems, a.g.Add(problems[id][k]))
		}
		p.entries = append(p.entries, ec)
	}
	slices.SortFunc(p.entries, func(x, y entryCells) int {
		return cmp.Or(strings.Compare(strings.ToLower(x.name), strings.ToLower(y.name)), strings.Compare(x.id, y.id))
	})
	return p
}

func (p entryParts) results() []EntryResult {
	a := p.a
	out := []EntryResult{}
	for _, ec := range p.entries {
		er := EntryResult{ProviderID: ec.id, Name: ec.name, ChosenWrongly: a.count(ec.wrong)}
		for i, k := range ProblemKinds {
			er.Problems = append(er.Problems, KindCount{Kind: k, Label: problemLabels[k].Get(a.lang), Count: a.count(ec.problems[i])})
		}
		out = append(out, er)
	}
	return out
}

// freeText lists every piece of free text with the draft it is about.
func (a *analysis) freeText() []FreeTextItem {
	sections := map[string]string{}
	for _, sq := range a.t.Sections {
		sections[sq.SectionID] = sq.Title.Get(a.lang)
	}
	out := []FreeTextItem{}
	for _, r := range a.rs {
		if s := strings.TrimSpace(r.FreeText); s != "" {
			out = append(out, FreeTextItem{Draft: r.Draft, Source: SourceGeneral, Text: s})
		}
		for _, sa := range r.Sections {
			if s := strings.TrimSpace(sa.Comment); s != "" {
				out = append(out, FreeTextItem{Draft: r.Draft, Source: SourceSection, About: cmp.Or(sections[sa.SectionID], sa.SectionID), Text: s})
			}
		}
		for _, pr := range r.Problems {
			if s := strings.TrimSpace(pr.Note); s != "" {
				out = append(out, FreeTextItem{Draft: r.Draft, Source: SourceProblem, About: cmp.Or(a.o.EntryNames[pr.ProviderID], pr.ProviderID), Text: s})
			}
		}
	}
	slices.SortFunc(out, func(x, y FreeTextItem) int {
		return cmp.Or(strings.Compare(x.Source, y.Source), strings.Compare(x.About, y.About),
			strings.Compare(x.Draft, y.Draft), strings.Compare(x.Text, y.Text))
	})
	return out
}
