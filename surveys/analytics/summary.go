package analytics

import (
	"context"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/paulmach/orb"
)

// Count is how many submissions have one value of a dimension.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label,omitempty"`
	N     int    `json:"n"`
}

// RegionCounts counts submissions by the region their point lies in.
type RegionCounts struct {
	Set    string  `json:"set"`   // "" when no boundary set is stored
	Level  int     `json:"level"` // 0 when no boundary set is stored
	Counts []Count `json:"counts"`
	// Outside counts located submissions in no region of the set and level.
	Outside int `json:"outside"`
	// Unlocated counts submissions without a point.
	Unlocated int `json:"unlocated"`
	// Withheld counts submissions whose place is confidential for the
	// reader (a region_only or hidden place, without the confidential
	// grant): they are not placed in any region.
	Withheld int `json:"withheld"`
}

// ChoiceCount is how often a choice was picked.
type ChoiceCount struct {
	Name    string  `json:"name"`
	Label   string  `json:"label"`
	N       int     `json:"n"`
	Percent float64 `json:"percent"` // of the answers to the question, rounded to 0.01
}

// Numbers describes the answers to a number question. Quartiles and the
// median use linear interpolation between closest ranks (Hyndman and Fan's
// type 7, the default of R and NumPy): for sorted x₀…xₙ₋₁ and p in [0,1],
// h = (n−1)p and Q(p) = x⌊h⌋ + (h−⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
type Numbers struct {
	N      int     `json:"n"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
	Q1     float64 `json:"q1"`
	Q3     float64 `json:"q3"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// QuestionSummary aggregates the answers to one question. Questions inside
// repeats count every repeat instance. Free text is never aggregated: text
// questions only say how often they were answered.
type QuestionSummary struct {
	Name     string        `json:"name"`
	Type     string        `json:"type"`
	Label    string        `json:"label"`
	Repeat   string        `json:"repeat,omitempty"`
	Answered int           `json:"answered"`
	Choices  []ChoiceCount `json:"choices,omitempty"`
	Numbers  *Numbers      `json:"numbers,omitempty"`
}

// Summary is the analytics of a survey's submissions.
type Summary struct {
	SurveyID string `json:"survey_id"`
	FormID   string `json:"form_id"`
	Total    int    `json:"total"`
	// Suppressed says why per-question figures are left out, when they are.
	Suppressed string `json:"suppressed,omitempty"`
	ByDay  []Count `json:"by_day"`  // key 2026-01-31 (UTC)
	ByWeek []Count `json:"by_week"` // key 2026-W05 (ISO week)
	// ByCollector counts by collector e-mail; feedback surveys record no
	// collector and leave it empty.
	ByCollector []Count           `json:"by_collector"`
	ByRegion    RegionCounts      `json:"by_region"`
	Questions   []QuestionSummary `json:"questions"`
}

// questionAcc accumulates one question.
type questionAcc struct {
	col      column
	answered int
	choices  map[string]int
	numbers  map[float64]int // how often each number was answered
}

// Summary returns the analytics of the survey's submissions matching f,
// computed on the answers as u may see them, and for the responses to a
// feedback test with its disclosure control (protectSummary). The labels are those of the
// newest version, in its default language. It fails with
// haven.ErrForbidden (only researchers, editors and admins read
// analytics), haven.ErrInvalid for a bad filter and haven.ErrNotFound for
// an unknown survey or boundary set.
//
// Without a time filter it reads the counts the fold keeps
// (submission_stats) and adds what is not counted yet; otherwise, and
// whenever the counts cannot answer, it reads every matching submission.
// Both give the same figures.
func (s *Service) Summary(ctx context.Context, u accounts.User, surveyID string, f Filter) (Summary, error) {
	sum, _, err := s.summary(ctx, u, surveyID, f, true)
	return sum, err
}

// summary is Summary reading the counts when useCounts is set and they
// can answer, which counted reports.
func (s *Service) summary(ctx context.Context, u accounts.User, surveyID string, f Filter, useCounts bool) (sum Summary, counted bool, err error) {
	sv, err := s.start(ctx, u, surveyID, f)
	if err != nil {
		return Summary{}, false, err
	}
	if protectsFeedback(u, sv) {
		return Summary{}, false, errFeedbackSummary
	}
	sets, err := s.regions.Sets(ctx)
	if err != nil {
		return Summary{}, false, err
	}
	set, level, err := regionLevel(sets, f)
	if err != nil {
		return Summary{}, false, err
	}
	d := sv.Latest.Definition
	l := labeller{d: d, lang: d.DefaultLanguage}
	accs := questionAccs(d, l.lang)
	out := Summary{SurveyID: sv.ID, FormID: sv.FormID, ByRegion: RegionCounts{Set: set, Level: level, Counts: []Count{}}}
	if useCounts {
		c, ok, err := s.readCounts(ctx, sv, sets, f, mapping.ViewerOf(u))
		if err != nil {
			return Summary{}, false, err
		}
		if ok {
			return summaryFromCounts(u, out, c, sets, accs, l), true, nil
		}
	}
	if sum, err = s.scanSummary(ctx, u, sv.ID, f, out, accs, l); err != nil {
		return Summary{}, false, err
	}
	return sum, false, nil
}

// questionAccs returns an accumulator for every question of d Summary
// sums up: all but the free text of "other".
func questionAccs(d surveys.Definition, lang string) []*questionAcc {
	cols, _ := columns(d, lang)
	accs := make([]*questionAcc, 0, len(cols))
	for _, c := range cols {
		if c.Other {
			continue // free text
		}
		accs = append(accs, &questionAcc{col: c, choices: map[string]int{}})
	}
	return accs
}

// scanSummary fills out by reading every submission matching f.
func (s *Service) scanSummary(ctx context.Context, u accounts.User, surveyID string, f Filter, out Summary, accs []*questionAcc, l labeller) (Summary, error) {
	set, level := out.ByRegion.Set, out.ByRegion.Level
	days, weeks, collectors := map[string]int{}, map[string]int{}, map[string]int{}
	regions, regionNames := map[string]int{}, map[string]string{}
	var points []orb.Point
	err := s.scan(ctx, surveyID, f, mapping.ViewerOf(u), func(recs []record) error {
		points = points[:0]
		for _, r := range recs {
			out.Total++
			at := r.SubmittedAt.UTC()
			days[at.Format("2006-01-02")]++
			y, w := at.ISOWeek()
			weeks[fmt.Sprintf("%04d-W%02d", y, w)]++
			if r.CollectorEmail != "" {
				collectors[r.CollectorEmail]++
			}
			switch {
			case r.withheld:
				out.ByRegion.Withheld++
			case r.Latitude == nil || r.Longitude == nil:
				out.ByRegion.Unlocated++
			default:
				points = append(points, orb.Point{*r.Longitude, *r.Latitude})
			}
		}
		addAll(accs, recs)
		if set == "" || len(points) == 0 {
			out.ByRegion.Outside += len(points)
			return nil
		}
		refs, err := s.regions.Locate(ctx, points)
		if err != nil {
			return err
		}
		for _, rs := range refs {
			i := slices.IndexFunc(rs, func(r mapping.RegionRef) bool { return r.Set == set && r.Level == level })
			if i < 0 {
				out.ByRegion.Outside++
				continue
			}
			regions[rs[i].Code]++
			regionNames[rs[i].Code] = rs[i].Name
		}
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	out.ByDay = sortedCounts(days, nil, false)
	out.ByWeek = sortedCounts(weeks, nil, false)
	out.ByCollector = sortedCounts(collectors, nil, true)
	out.ByRegion.Counts = sortedCounts(regions, regionNames, true)
	return finishSummary(u, out, accs, l), nil
}

// finishSummary adds the questions summed up in accs to out, unless too
// few submissions match for u.
func finishSummary(u accounts.User, out Summary, accs []*questionAcc, l labeller) Summary {
	if tooFew(u, out.Total) {
		// A window narrowed to a handful of submissions would show their
		// answers to someone without the right to read raw answers.
		out.Questions, out.Suppressed = []QuestionSummary{}, suppressedNote
		return out
	}
	out.Questions = make([]QuestionSummary, len(accs))
	for i, acc := range accs {
		out.Questions[i] = acc.summary(l)
	}
	return out
}

// minGroup is the smallest number of submissions whose answers are summed
// up for someone without the raw_data grant (reference §5: k = 5 for analysts).
const minGroup = 5

const suppressedNote = "fewer than 5 submissions match: answers are not summed up for users without the raw_data grant"

func tooFew(u accounts.User, n int) bool { return n < minGroup && !u.Has(accounts.GrantRawData) }

// regionLevel returns the boundary set and level to count by: those of f,
// else the first set (of sets, by name) at level 1; "" when no set is stored.
func regionLevel(sets []mapping.RegionSet, f Filter) (string, int, error) {
	level := f.RegionLevel
	if level == 0 {
		level = 1
	}
	if f.RegionSet == "" {
		if len(sets) == 0 {
			return "", 0, nil
		}
		return sets[0].Name, level, nil
	}
	for _, st := range sets {
		if st.Name == f.RegionSet {
			return st.Name, level, nil
		}
	}
	return "", 0, haven.Errorf(haven.KindNotFound, "there is no boundary set named %q", f.RegionSet)
}

// sortedCounts turns counts into a list: by key, or with byN by count
// (largest first) then key.
func sortedCounts(m map[string]int, labels map[string]string, byN bool) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{Key: k, Label: labels[k], N: n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if byN && a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out
}

// addAll adds recs to every accumulator. Each accumulator is owned by one
// of GOMAXPROCS goroutines, which adds the records in order, so the result
// is the same as adding them one by one.
func addAll(accs []*questionAcc, recs []record) {
	workers := min(runtime.GOMAXPROCS(0), len(accs))
	if workers <= 1 || len(recs) < minDecodeChunk {
		for _, r := range recs {
			for _, acc := range accs {
				acc.add(r.answers)
			}
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for _, r := range recs {
				for i := w; i < len(accs); i += workers {
					accs[i].add(r.answers)
				}
			}
		})
	}
	wg.Wait()
}

func (acc *questionAcc) add(a surveys.Answers) {
	instances(a, acc.col.Repeats, "", func(inst map[string]any, _ string) {
		v := strings.TrimSpace(text(inst[acc.col.Name]))
		if v == "" {
			return
		}
		acc.answered++
		switch acc.col.Type {
		case surveys.TypeSelectOne:
			acc.choices[v]++
		case surveys.TypeSelectMultiple:
			for _, code := range uniqueFields(v) {
				acc.choices[code]++
			}
		case surveys.TypeInteger, surveys.TypeDecimal:
			if x, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
				acc.addNumber(x, 1)
			}
		}
	})
}

// addNumber counts n answers of x. Zero and minus zero are one number.
func (acc *questionAcc) addNumber(x float64, n int) {
	if acc.numbers == nil {
		acc.numbers = map[float64]int{}
	}
	if x == 0 {
		x = 0
	}
	acc.numbers[x] += n
}

func uniqueFields(v string) []string {
	codes := strings.Fields(v)
	slices.Sort(codes)
	return slices.Compact(codes)
}

func (acc *questionAcc) summary(l labeller) QuestionSummary {
	c := acc.col
	qs := QuestionSummary{Name: c.Name, Type: string(c.Type), Label: c.Label, Repeat: c.repeat(), Answered: acc.answered}
	switch c.Type {
	case surveys.TypeSelectOne, surveys.TypeSelectMultiple:
		qs.Choices = choiceCounts(l, c.Q, acc.choices, acc.answered)
	case surveys.TypeInteger, surveys.TypeDecimal:
		qs.Numbers = describe(acc.numbers)
	}
	return qs
}

// choiceCounts lists every choice of q's list in order, then "other" for
// an or_other select, then codes outside the list (from older versions).
func choiceCounts(l labeller, q *surveys.Question, counts map[string]int, answered int) []ChoiceCount {
	out := []ChoiceCount{}
	seen := map[string]bool{}
	add := func(name string) {
		if seen[name] {
			return
		}
		seen[name] = true
		out = append(out, ChoiceCount{Name: name, Label: l.choiceLabel(q, name), N: counts[name], Percent: percent(counts[name], answered)})
	}
	for _, ch := range l.d.ChoiceLists[q.ListName] {
		add(ch.Name)
	}
	if q.OrOther {
		add(surveys.OtherChoice)
	}
	rest := make([]string, 0)
	for k := range counts {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		add(k)
	}
	return out
}

func percent(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return math.Round(float64(n)*10000/float64(of)) / 100
}

// describe returns the statistics of the numbers counted in hist, nil for
// none. It works on the distinct numbers in order, each with its count,
// so the figures are the same however the counts were made.
func describe(hist map[float64]int) *Numbers {
	if len(hist) == 0 {
		return nil
	}
	xs := slices.Sorted(maps.Keys(hist))
	upto := make([]int, len(xs)) // upto[i]: how many numbers are ≤ xs[i]
	n, sum := 0, 0.0
	for i, x := range xs {
		n += hist[x]
		upto[i] = n
		sum += x * float64(hist[x])
	}
	// at returns the number of rank i (0-based) among all n.
	at := func(i int) float64 {
		j, _ := slices.BinarySearch(upto, i+1)
		return xs[j]
	}
	return &Numbers{N: n, Mean: sum / float64(n), Median: quantile(at, n, 0.5),
		Q1: quantile(at, n, 0.25), Q3: quantile(at, n, 0.75), Min: xs[0], Max: xs[len(xs)-1]}
}

// quantile is the type 7 quantile p of n sorted numbers, the one of rank i
// being at(i) (see Numbers).
func quantile(at func(int) float64, n int, p float64) float64 {
	h := float64(n-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= n {
		return at(lo)
	}
	x := at(lo)
	return x + (h-float64(lo))*(at(lo+1)-x)
}

// CrossTab counts submissions by the answers to two choice questions
// outside repeats. A select_multiple contributes every choice picked, so
// a row or column may count a submission more than once.
type CrossTab struct {
	Rows       QuestionRef   `json:"rows"`
	Cols       QuestionRef   `json:"cols"`
	RowKeys    []ChoiceCount `json:"row_keys"` // each with its row total
	ColKeys    []ChoiceCount `json:"col_keys"` // each with its column total
	Counts     [][]int       `json:"counts"`   // Counts[row][col]
	Total      int           `json:"total"`    // submissions answering both
	Suppressed string        `json:"suppressed,omitempty"`
	Missing    int           `json:"missing"` // submissions leaving either unanswered
	Submitted  int           `json:"submissions"`
}

// QuestionRef names a question.
type QuestionRef struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Type  string `json:"type"`
}

// CrossTab returns the cross-tabulation of two choice questions outside
// repeats (percentages are of Total). It fails like Summary, with
// haven.ErrInvalid when either is not a choice question outside repeats,
// and with haven.ErrForbidden for the responses to a feedback test
// without the raw_data grant (see protectsFeedback).
func (s *Service) CrossTab(ctx context.Context, u accounts.User, surveyID, rowQuestion, colQuestion string, f Filter) (CrossTab, error) {
	sv, err := s.start(ctx, u, surveyID, f)
	if err != nil {
		return CrossTab{}, err
	}
	if protectsFeedback(u, sv) {
		return CrossTab{}, errFeedbackCrossTab
	}
	d := sv.Latest.Definition
	cols, _ := columns(d, d.DefaultLanguage)
	find := func(field, name string, v *haven.Validation) column {
		i := slices.IndexFunc(cols, func(c column) bool { return c.Name == name && !c.Other })
		if i < 0 || !cols[i].Type.IsSelect() || len(cols[i].Repeats) > 0 {
			v.Add(field, "must name a select_one or select_multiple question outside repeats")
			return column{}
		}
		return cols[i]
	}
	var v haven.Validation
	rc, cc := find("rows", rowQuestion, &v), find("cols", colQuestion, &v)
	if err := v.Err(); err != nil {
		return CrossTab{}, err
	}
	cells := map[[2]string]int{}
	rowN, colN := map[string]int{}, map[string]int{}
	out := CrossTab{Rows: QuestionRef{rc.Name, rc.Label, string(rc.Type)}, Cols: QuestionRef{cc.Name, cc.Label, string(cc.Type)}}
	err = s.scan(ctx, sv.ID, f, mapping.ViewerOf(u), func(recs []record) error {
		for _, r := range recs {
			out.Submitted++
			rv, cv := uniqueFields(text(r.answers[rc.Name])), uniqueFields(text(r.answers[cc.Name]))
			if len(rv) == 0 || len(cv) == 0 {
				out.Missing++
				continue
			}
			out.Total++
			for _, a := range rv {
				rowN[a]++
				for _, b := range cv {
					cells[[2]string{a, b}]++
				}
			}
			for _, b := range cv {
				colN[b]++
			}
		}
		return nil
	})
	if err != nil {
		return CrossTab{}, err
	}
	if tooFew(u, out.Total) {
		out.Suppressed, out.RowKeys, out.ColKeys, out.Counts = suppressedNote, []ChoiceCount{}, []ChoiceCount{}, [][]int{}
		return out, nil
	}
	l := labeller{d: d, lang: d.DefaultLanguage}
	out.RowKeys = choiceCounts(l, rc.Q, rowN, out.Total)
	out.ColKeys = choiceCounts(l, cc.Q, colN, out.Total)
	out.Counts = make([][]int, len(out.RowKeys))
	for i, rk := range out.RowKeys {
		out.Counts[i] = make([]int, len(out.ColKeys))
		for j, ck := range out.ColKeys {
			out.Counts[i][j] = cells[[2]string{rk.Name, ck.Name}]
		}
	}
	return out, nil
}
