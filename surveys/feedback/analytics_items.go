package feedback

import "slices"

// Categories of the splits.
const (
	catSuccess = 0
	catFailure = 1

	catTimed   = 0
	catUntimed = 1

	catCorrect   = 0
	catIncorrect = 1
	catNoAnswer  = 2
)

// ratingCategory puts a rating from 1 to points in categories 0 … points−1,
// and anything else (not said) in the last one.
func ratingCategory(r, points int) int {
	if r >= 1 && r <= points {
		return r - 1
	}
	return points
}

type taskCells struct {
	task       Task
	outcome    [][][]Cell // success, failure
	timed      [][][]Cell // timed, untimed
	difficulty [][][]Cell // 1 … 5, not rated
	seconds    [][][]float64
}

type taskParts struct {
	a     *analysis
	tasks []taskCells
}

func answerTo(r Response, code string) (TaskAnswer, bool) {
	i := slices.IndexFunc(r.Tasks, func(ta TaskAnswer) bool { return ta.Task == code })
	if i < 0 {
		return TaskAnswer{}, false
	}
	return r.Tasks[i], true
}

func (a *analysis) addTasks() taskParts {
	p := taskParts{a: a}
	for _, task := range a.t.Tasks {
		// A task left unanswered counts as not solved (see answers).
		tc := taskCells{task: task}
		tc.outcome = a.split(func(r Response) int {
			if ta, ok := answerTo(r, task.Code); ok && ta.Success {
				return catSuccess
			}
			return catFailure
		}, 2)
		// An answer without a time (typed in afterwards, or a task never
		// reached) is left out of the median; how many were timed is shown
		// with it.
		tc.timed = a.split(func(r Response) int {
			if ta, ok := answerTo(r, task.Code); ok && ta.Seconds != nil {
				return catTimed
			}
			return catUntimed
		}, 2)
		tc.difficulty = a.split(func(r Response) int {
			ta, _ := answerTo(r, task.Code)
			return ratingCategory(ta.Difficulty, LikertPoints)
		}, LikertPoints+1)
		tc.seconds = a.values(func(r Response) (float64, bool) {
			ta, ok := answerTo(r, task.Code)
			if !ok || ta.Seconds == nil {
				return 0, false
			}
			return float64(*ta.Seconds), true
		})
		p.tasks = append(p.tasks, tc)
	}
	return p
}

func (p taskParts) results() []TaskResult {
	a := p.a
	out := []TaskResult{}
	for _, tc := range p.tasks {
		tr := TaskResult{Code: tc.task.Code, Scenario: tc.task.Scenario.Get(a.lang), Cells: make([][]TaskCell, len(a.segs))}
		for s := range a.segs {
			for c := range a.cols {
				succ, fail, n := tc.outcome[s][c][catSuccess], tc.outcome[s][c][catFailure], a.participants[s][c]
				timed := tc.timed[s][c][catTimed]
				tr.Cells[s] = append(tr.Cells[s], TaskCell{
					Successes:     a.count(succ),
					Failures:      a.count(fail),
					Success:       a.figure([]Cell{n}, []Cell{succ, fail}, rate(a.g.N(succ), a.g.N(n))),
					MedianSeconds: a.figure([]Cell{timed}, nil, median(tc.seconds[s][c])),
					Timed:         a.count(timed),
					Difficulty:    a.counts(tc.difficulty[s][c][:LikertPoints]),
					NotRated:      a.count(tc.difficulty[s][c][LikertPoints]),
				})
			}
		}
		for b := 1; b < len(a.cols) && a.cols[0].Label != ""; b++ {
			d := Difference{A: a.cols[0].Label, B: a.cols[b].Label}
			for s := range a.segs {
				d.Cells = append(d.Cells, p.difference(tc, s, 0, b))
			}
			tr.Differences = append(tr.Differences, d)
		}
		out = append(out, tr)
	}
	return out
}

// difference compares the success of columns ca and cb in segment s.
func (p taskParts) difference(tc taskCells, s, ca, cb int) DiffFigure {
	a := p.a
	na, nb := a.participants[s][ca], a.participants[s][cb]
	f := DiffFigure{NA: a.count(na).N, NB: a.count(nb).N}
	deps := []Cell{na, nb}
	for _, c := range []int{ca, cb} {
		deps = append(deps, tc.outcome[s][c]...)
	}
	if !a.g.Shown(deps...) {
		f.Suppressed, f.Reason = true, ReasonHiddenCell
		return f
	}
	xa, xb := a.g.N(tc.outcome[s][ca][catSuccess]), a.g.N(tc.outcome[s][cb][catSuccess])
	if v, iv, ok := ProportionDifference(xa, a.g.N(na), xb, a.g.N(nb)); ok {
		f.Value, f.CI = &v, &iv
	}
	return f
}

type likertParts struct {
	a       *analysis
	items   []LikertItem
	counts  [][][][]Cell // item → segment → column → 1 … 5, skipped
	ratings [][][][]float64
}

func (a *analysis) addLikert() likertParts {
	p := likertParts{a: a, items: a.t.Likert}
	for _, item := range a.t.Likert {
		cells := a.split(func(r Response) int { return ratingCategory(r.Likert[item.Code], LikertPoints) }, LikertPoints+1)
		p.counts = append(p.counts, cells)
		p.ratings = append(p.ratings, a.values(func(r Response) (float64, bool) {
			v := r.Likert[item.Code]
			return float64(v), v >= 1 && v <= LikertPoints
		}))
	}
	return p
}

func (p likertParts) results() []LikertResult {
	a := p.a
	levels := make([]string, LikertPoints)
	for i := range levels {
		levels[i] = likertLabels[i].Get(a.lang)
	}
	out := []LikertResult{}
	for i, item := range p.items {
		lr := LikertResult{Code: item.Code, Dimension: item.Dimension, Statement: item.Statement.Get(a.lang),
			Levels: levels, Cells: make([][]LikertCell, len(a.segs))}
		for s := range a.segs {
			for c := range a.cols {
				points := p.counts[i][s][c][:LikertPoints]
				cell := LikertCell{Counts: a.counts(points), Skipped: a.count(p.counts[i][s][c][LikertPoints]),
					Mean: a.figure(points, nil, mean(p.ratings[i][s][c]))}
				if n := cell.Mean.N; n != nil && *n > 0 {
					for _, pt := range points {
						cell.Percent = append(cell.Percent, 100*float64(a.g.N(pt))/float64(*n))
					}
				}
				lr.Cells[s] = append(lr.Cells[s], cell)
			}
		}
		out = append(out, lr)
	}
	return out
}

type comprehensionParts struct {
	a         *analysis
	questions []ComprehensionQuestion
	cells     [][][][]Cell  // question → segment → column → correct, incorrect, no answer
	perPerson [][][]float64 // scores by segment and column
}

func (a *analysis) addComprehension() comprehensionParts {
	p := comprehensionParts{a: a, questions: a.t.Comprehension}
	for _, q := range a.t.Comprehension {
		cells := a.split(func(r Response) int {
			switch got := r.Comprehension[q.Code]; {
			case got == "":
				return catNoAnswer
			case got == q.Correct:
				return catCorrect
			}
			return catIncorrect
		}, 3)
		p.cells = append(p.cells, cells)
	}
	// A participant's score is the share of all the questions answered
	// correctly; a question left unanswered is not correct.
	p.perPerson = a.values(func(r Response) (float64, bool) {
		if len(a.t.Comprehension) == 0 {
			return 0, false
		}
		right := 0
		for _, q := range a.t.Comprehension {
			if r.Comprehension[q.Code] == q.Correct {
				right++
			}
		}
		return 100 * float64(right) / float64(len(a.t.Comprehension)), true
	})
	return p
}

func (p comprehensionParts) results() []ComprehensionResult {
	a := p.a
	out := []ComprehensionResult{}
	for i, q := range p.questions {
		cr := ComprehensionResult{Code: q.Code, Question: q.Question.Get(a.lang), Cells: make([][]ComprehensionCell, len(a.segs))}
		for s := range a.segs {
			for c := range a.cols {
				cs := p.cells[i][s][c]
				answered := a.g.N(cs[catCorrect]) + a.g.N(cs[catIncorrect])
				cr.Cells[s] = append(cr.Cells[s], ComprehensionCell{
					Correct: a.count(cs[catCorrect]), Incorrect: a.count(cs[catIncorrect]), NoAnswer: a.count(cs[catNoAnswer]),
					Share: a.figure(cs[:catNoAnswer], nil, rate(a.g.N(cs[catCorrect]), answered)),
				})
			}
		}
		out = append(out, cr)
	}
	return out
}

// scores are the mean comprehension scores (percent of questions answered
// correctly) with their t intervals; a mean of the scores is the sum of
// the correct counts over the participants, so it depends on every one of
// them.
func (p comprehensionParts) scores() [][]Figure {
	a := p.a
	if len(p.questions) == 0 {
		return [][]Figure{}
	}
	out := make([][]Figure, len(a.segs))
	for s := range a.segs {
		for c := range a.cols {
			var deps []Cell
			for i := range p.questions {
				deps = append(deps, p.cells[i][s][c][catCorrect])
			}
			out[s] = append(out[s], a.figure([]Cell{a.participants[s][c]}, deps, mean(p.perPerson[s][c])))
		}
	}
	return out
}
