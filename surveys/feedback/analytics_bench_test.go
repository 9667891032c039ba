package feedback

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/haven-project/haven/surveys"
)

// bigTest is a large test: four drafts, four groups, every attribute and
// breakdown, eight tasks, ten Likert items and five comprehension
// questions.
func bigTest() Test {
	en := func(s string) surveys.Text { return surveys.Text{English: s} }
	t := Test{ID: "big", Groups: DefaultGroups, Attributes: []string{AttributeAgeBand, AttributeGender, AttributeNationality},
		Breakdowns: []string{BreakdownDraft, BreakdownGroup, BreakdownAgeBand, BreakdownGender, BreakdownNationality, BreakdownOrder}}
	for _, l := range []string{"A", "B", "C", "D"} {
		t.Drafts = append(t.Drafts, DraftRef{Label: l})
	}
	for i := range 8 {
		t.Tasks = append(t.Tasks, Task{Code: fmt.Sprint("t", i), Scenario: en("s"), CorrectProviders: []string{"p1", "p2"}})
	}
	for i := range 10 {
		t.Likert = append(t.Likert, LikertItem{Code: fmt.Sprint("l", i), Statement: en("s")})
	}
	for i := range 5 {
		t.Comprehension = append(t.Comprehension, ComprehensionQuestion{Code: fmt.Sprint("c", i), Question: en("q"), Correct: "a"})
	}
	return t
}

func randomResponses(t Test, n int, seed uint64) []Response {
	rng := rand.New(rand.NewPCG(seed, 1))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	var out []Response
	for i := range n {
		order := t.order(i)
		r := Response{ID: fmt.Sprint(i), Draft: order[0], DraftOrder: order, Group: t.Groups[rng.IntN(len(t.Groups))].Code,
			AgeBand: pick(AttributeChoices[AttributeAgeBand]), Gender: pick(AttributeChoices[AttributeGender]),
			Nationality: pick(AttributeChoices[AttributeNationality]), Likert: map[string]int{}, Comprehension: map[string]string{}}
		for _, task := range t.Tasks {
			chosen := []string{pick([]string{"p1", "p2", "p3", "p4"})}
			ta := TaskAnswer{Task: task.Code, Chosen: chosen, Success: task.success(chosen), Difficulty: rng.IntN(6)}
			if rng.IntN(10) > 0 { // one in ten typed in afterwards, not timed
				ta.Seconds = new(rng.IntN(300))
			}
			r.Tasks = append(r.Tasks, ta)
		}
		for _, item := range t.Likert {
			r.Likert[item.Code] = rng.IntN(6)
		}
		for _, q := range t.Comprehension {
			r.Comprehension[q.Code] = pick([]string{"a", "a", "b", ""})
		}
		out = append(out, r)
	}
	return out
}

// The speed of results on a large test, small (most cells hidden) and
// larger (few hidden).
func BenchmarkAnalyse(b *testing.B) {
	t := bigTest()
	for _, n := range []int{60, 600} {
		rs := randomResponses(t, n, 1)
		for _, k := range []int{KAnalyst, KExport} {
			b.Run(fmt.Sprintf("participants=%d/k=%d", n, k), func(b *testing.B) {
				for b.Loop() {
					Analyse(t, rs, ResultsOptions{K: k})
				}
			})
		}
	}
}
