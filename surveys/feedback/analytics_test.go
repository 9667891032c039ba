package feedback

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-project/haven/surveys"
)

// resultsTest is a test with two drafts, two groups, two tasks, one Likert
// item and one comprehension question.
func resultsTest(breakdowns ...string) Test {
	en := func(s string) surveys.Text { return surveys.Text{English: s} }
	return Test{ID: "t1", Title: "Mae Sot booklet", Status: StatusClosed,
		Drafts:     []DraftRef{{Label: "A", Title: "Booklet A"}, {Label: "B", Title: "Booklet B"}},
		Groups:     []Group{{Code: "survivor", Label: en("Survivor")}, {Code: "frontline", Label: en("Frontline practitioner")}},
		Breakdowns: breakdowns,
		Tasks: []Task{{Code: "shelter", Scenario: en("A safe place tonight"), CorrectProviders: []string{"p-shelter", "p-ngo"}},
			{Code: "legal", Scenario: en("Legal advice"), CorrectProviders: []string{"p-legal"}}},
		Likert:        []LikertItem{{Code: "clarity", Dimension: DimensionClarity, Statement: en("It is clear")}},
		Comprehension: []ComprehensionQuestion{{Code: "hotline", Question: en("Which number is free?"), Correct: "c1"}},
		Sections:      []SectionQuestion{{SectionID: "rights", Title: en("Your rights")}},
	}
}

// loadResponses reads testdata/responses.txt: one participant a line,
// draft group shelter-chosen legal-chosen shelter-seconds
// shelter-difficulty clarity comprehension preferred-draft
// rights-understood rights-useful ("-" for none: for the seconds, not
// timed). Success is worked out from the chosen entries, as the service
// does.
func loadResponses(t *testing.T, test Test) []Response {
	t.Helper()
	data, err := os.ReadFile("testdata/responses.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []Response
	for i, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if len(f) != 11 {
			t.Fatalf("line %d: %d fields", i+1, len(f))
		}
		num := func(s string) int {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}
			return n
		}
		chosen := func(s string) []string {
			if s == "-" {
				return nil
			}
			return strings.Split(s, ",")
		}
		r := Response{ID: fmt.Sprint("r", i), Draft: f[0], DraftOrder: map[string][]string{"A": {"A", "B"}, "B": {"B", "A"}}[f[0]],
			Group: f[1], Likert: map[string]int{}, Comprehension: map[string]string{}}
		for j, task := range test.Tasks {
			ta := TaskAnswer{Task: task.Code, Chosen: chosen(f[2+j])}
			ta.Success = task.success(ta.Chosen)
			if j == 0 {
				ta.Difficulty = num(f[5])
				if f[4] != "-" {
					ta.Seconds = new(num(f[4]))
				}
			}
			r.Tasks = append(r.Tasks, ta)
		}
		if v := num(f[6]); v > 0 {
			r.Likert["clarity"] = v
		}
		if f[7] != "-" {
			r.Comprehension["hotline"] = f[7]
		}
		if f[8] != "-" {
			r.PreferredDraft = f[8]
		}
		if sa := (SectionAnswer{SectionID: "rights", Understood: strings.Trim(f[9], "-"), Useful: strings.Trim(f[10], "-")}); sa.Understood+sa.Useful != "" {
			r.Sections = append(r.Sections, sa)
		}
		out = append(out, r)
	}
	return out
}

func val(t *testing.T, what string, f Figure) float64 {
	t.Helper()
	if f.Value == nil {
		t.Fatalf("%s: no value (%+v)", what, f)
	}
	return *f.Value
}

func num(c Count) string {
	if c.N == nil {
		return "hidden"
	}
	return strconv.Itoa(*c.N)
}

// The hand computation. Draft A: 11 participants (6 survivors, 5 frontline),
// all solved the shelter task; draft B: 9 (5 and 4), 3 solved it.
//
//	Wilson(11, 11): z² = 3.841459; centre = (11 + 1.920729)/14.841459 =
//	0.870583; half = 1.959964·√(0 + 0.960365)/14.841459 = 0.129416
//	→ [0.741167, 1].
//	Wilson(3, 9): centre = 4.920729/12.841459 = 0.383191; half =
//	1.959964·√(3·6/9 + 0.960365)/12.841459 = 1.959964·1.720571/12.841459 =
//	0.262607 → [0.120584, 0.645798].
//	A − B = 1 − 1/3 = 0.666667; low = 0.666667 − √((1 − 0.741167)² +
//	(0.645798 − 0.333333)²) = 0.666667 − 0.405744 = 0.260922; high =
//	0.666667 + √(0 + (0.333333 − 0.120584)²) = 0.879416.
//	Median shelter time, A: the 10 timed answers 20 25 30 30 35 40 50 60
//	70 80 (one facilitated answer has no time) → (35 + 40)/2 = 37.5.
//	Clarity, A: 5 4 4 5 3 4 4 4 5 5 (one skipped) → mean 4.3, s = 0.674949,
//	t₀.₉₇₅,₉ = 2.262157 → 4.3 ± 0.482829.
//	"Your rights" understood, A: yes 8, partly 1, no 1, not answered 1 →
//	yes share Wilson(8, 10): centre = (8 + 1.920729)/13.841459 = 0.716740;
//	half = 1.959964·√(8·2/10 + 0.960365)/13.841459 = 0.226578 →
//	[0.490162, 0.943318].
//	Preferred draft, all columns: A 11 (7 who worked with A, 4 with B),
//	B 6, not said 3 → share A Wilson(11, 17): centre 0.619953, half
//	0.206950 → [0.413004, 0.826903].
func TestResultsHandComputed(t *testing.T) {
	test := resultsTest(BreakdownDraft, BreakdownGroup)
	rs := loadResponses(t, test)
	res, _ := analyse(test, rs, ResultsOptions{K: 0})
	if res.K != 0 || num(res.Total) != "20" {
		t.Fatalf("k %d, total %s", res.K, num(res.Total))
	}
	if got := fmt.Sprintln(len(res.Segments), res.Segments[1].Value, res.Segments[2].Value); got != "3 survivor frontline\n" {
		t.Fatalf("segments %v", res.Segments)
	}
	shelter := res.Tasks[0]
	a, b := shelter.Cells[0][0], shelter.Cells[0][1]
	checks := []struct {
		name      string
		got, want float64
	}{
		{"A success", val(t, "A", a.Success), 1},
		{"A low", a.Success.CI.Low, 0.741167},
		{"A high", a.Success.CI.High, 1},
		{"B success", val(t, "B", b.Success), 1.0 / 3},
		{"B low", b.Success.CI.Low, 0.120584},
		{"B high", b.Success.CI.High, 0.645798},
		{"A−B", val(t, "diff", Figure{Value: shelter.Differences[0].Cells[0].Value}), 2.0 / 3},
		{"A−B low", shelter.Differences[0].Cells[0].CI.Low, 0.260922},
		{"A−B high", shelter.Differences[0].Cells[0].CI.High, 0.879416},
		{"A median seconds", val(t, "median", a.MedianSeconds), 37.5},
		{"A clarity mean", val(t, "mean", res.Likert[0].Cells[0][0].Mean), 4.3},
		{"A clarity low", res.Likert[0].Cells[0][0].Mean.CI.Low, 4.3 - 0.482829},
		{"A clarity high", res.Likert[0].Cells[0][0].Mean.CI.High, 4.3 + 0.482829},
		{"A rights understood", val(t, "understood", res.Sections[0].Understood.Cells[0][0].Yes), 0.8},
		{"A rights understood low", res.Sections[0].Understood.Cells[0][0].Yes.CI.Low, 0.490162},
		{"A rights understood high", res.Sections[0].Understood.Cells[0][0].Yes.CI.High, 0.943318},
		{"prefer A", val(t, "prefer A", res.Preference.All[0].Share[0]), 11.0 / 17},
		{"prefer A low", res.Preference.All[0].Share[0].CI.Low, 0.413004},
		{"prefer A high", res.Preference.All[0].Share[0].CI.High, 0.826903},
		{"worked with B, prefer A", val(t, "B prefer A", res.Preference.Cells[0][1].Share[0]), 0.5},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 5e-6 {
			t.Errorf("%s = %.6f, want %.6f", c.name, c.got, c.want)
		}
	}
	if *a.Success.N != 11 || *a.Timed.N != 10 || *res.Likert[0].Cells[0][0].Mean.N != 10 {
		t.Errorf("n: success %d, timed %d, clarity %d", *a.Success.N, *a.Timed.N, *res.Likert[0].Cells[0][0].Mean.N)
	}
	counts := func(cs ...Count) string {
		var out []string
		for _, c := range cs {
			out = append(out, num(c))
		}
		return strings.Join(out, " ")
	}
	if u := res.Sections[0].Understood.Cells[0][0]; counts(append(u.Counts, u.NoAnswer)...) != "8 1 1 1" || *u.Yes.N != 10 {
		t.Errorf("rights understood on A: %s, n %d; want 8 1 1 1, n 10", counts(append(u.Counts, u.NoAnswer)...), *u.Yes.N)
	}
	if u := res.Sections[0].Useful.Cells[0][0]; counts(append(u.Counts, u.NoAnswer)...) != "6 2 1 2" {
		t.Errorf("rights useful on A: %s; want 6 2 1 2", counts(append(u.Counts, u.NoAnswer)...))
	}
	for _, c := range []struct {
		name string
		cell PreferenceCell
		want string
	}{{"worked with A", res.Preference.Cells[0][0], "7 2 2"}, {"worked with B", res.Preference.Cells[0][1], "4 4 1"},
		{"all", res.Preference.All[0], "11 6 3"}, {"survivors, all", res.Preference.All[1], "6 3 2"}} {
		if got := counts(append(c.cell.Counts, c.cell.NotSaid)...); got != c.want {
			t.Errorf("preferences of %s: %s, want %s", c.name, got, c.want)
		}
	}
	if fmt.Sprint(res.Likert[0].Cells[0][0].Percent) != "[0 0 10 50 40]" {
		t.Errorf("clarity percent %v", res.Likert[0].Cells[0][0].Percent)
	}
	// Entries: p-legal was chosen for the shelter task twice and
	// p-shelter for the legal task once (see testdata).
	got := map[string]string{}
	for _, e := range res.Entries {
		got[e.ProviderID] = num(e.ChosenWrongly)
	}
	if fmt.Sprint(got) != "map[p-legal:4 p-shelter:3]" {
		t.Errorf("chosen wrongly %v", got)
	}
	if res.FreeText != nil {
		t.Errorf("free text without the option")
	}
}

// A reader of both the results page (k = 5) and an export (k = 11) learns
// nothing from the pair that the page hides: every count hidden at k = 5 is
// hidden at k = 11 too, and the export is safe on its own.
func TestExportHidesWhatThePageHides(t *testing.T) {
	for _, breakdowns := range [][]string{{BreakdownDraft, BreakdownGroup}, {BreakdownDraft, BreakdownGender}} {
		test := resultsTest(breakdowns...)
		rs := loadResponses(t, test)
		_, page := analyse(test, rs, ResultsOptions{K: KAnalyst})
		_, export := analyse(test, rs, ResultsOptions{K: KExport})
		checkProtected(t, export, KExport)
		hidden := 0
		for c := range page.n {
			if page.Hidden(Cell(c)) {
				hidden++
				if !export.Hidden(Cell(c)) {
					t.Errorf("%v: count %d (%d) is hidden on the page but shown in the export", breakdowns, c, page.n[c])
				}
			}
		}
		if hidden == 0 {
			t.Errorf("%v: the page hides nothing: the check proves nothing", breakdowns)
		}
	}
}

// With k = 5, every count from 1 to 4 is hidden everywhere, the grid keeps
// every hidden count from being worked out, and every figure shown equals
// the unsuppressed one.
func TestResultsSuppressed(t *testing.T) {
	test := resultsTest(BreakdownDraft, BreakdownGroup)
	rs := loadResponses(t, test)
	open, _ := analyse(test, rs, ResultsOptions{K: 0})
	for _, k := range []int{KAnalyst, KExport} {
		t.Run(fmt.Sprint("k", k), func(t *testing.T) {
			res, g := analyse(test, rs, ResultsOptions{K: k})
			checkProtected(t, g, k)
			if res.K != k {
				t.Errorf("k = %d", res.K)
			}
			// Walk both results side by side: a count is either the same
			// or hidden (and then not 0 and, if small, below k).
			var walk func(path string, x, y any)
			hidden, shown := 0, 0
			walk = func(path string, x, y any) {
				switch xv := x.(type) {
				case map[string]any:
					yv := y.(map[string]any)
					if _, isCount := xv["n"]; isCount && len(xv) <= 3 && xv["value"] == nil && yv["value"] == nil {
						if xv["suppressed"] == true {
							hidden++
							if xv["n"] != nil || xv["reason"] != string(ReasonSmallCell) {
								t.Errorf("%s: hidden count shows %v", path, xv)
							}
						} else if xv["n"] != nil {
							shown++
							if n := xv["n"].(float64); n != yv["n"].(float64) || (n > 0 && n < float64(k)) {
								t.Errorf("%s: shows %v, truly %v", path, n, yv["n"])
							}
						}
						return
					}
					if _, isFigure := xv["value"]; isFigure {
						if xv["suppressed"] == true {
							if xv["value"] != nil || xv["ci"] != nil || xv["reason"] != string(ReasonHiddenCell) {
								t.Errorf("%s: suppressed figure shows %v", path, xv)
							}
						} else if fmt.Sprint(xv) != fmt.Sprint(yv) {
							t.Errorf("%s: shows %v, unsuppressed %v", path, xv, yv)
						}
						return
					}
					for key := range xv {
						walk(path+"."+key, xv[key], yv[key])
					}
				case []any:
					yv := y.([]any)
					for i := range xv {
						walk(fmt.Sprintf("%s[%d]", path, i), xv[i], yv[i])
					}
				}
			}
			walk("results", asJSON(t, res), asJSON(t, open))
			if hidden == 0 || shown == 0 {
				t.Errorf("%d counts hidden and %d shown: the fixture should have both", hidden, shown)
			}
			// Draft A's success on the shelter task is 11 of 11: shown.
			// Draft B's is 3 of 9: 3 is small, hidden, and with it the rate.
			a, b := res.Tasks[0].Cells[0][0], res.Tasks[0].Cells[0][1]
			if k == KAnalyst && (a.Success.Value == nil || *a.Success.Value != 1) {
				t.Errorf("A's shelter success %+v, want 1", a.Success)
			}
			if b.Success.Value != nil || !b.Success.Suppressed || b.Successes.N != nil {
				t.Errorf("B's shelter success %+v / %+v, want suppressed", b.Success, b.Successes)
			}
			if d := res.Tasks[0].Differences[0].Cells[0]; d.Value != nil || !d.Suppressed {
				t.Errorf("A − B %+v, want suppressed: B's successes are hidden", d)
			}
		})
	}
}

func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// Breakdowns only on declared variables: without "group" there are no
// group rows; without "draft" there is one column for all drafts and no
// difference.
func TestResultsOnlyDeclaredBreakdowns(t *testing.T) {
	test := resultsTest(BreakdownDraft)
	res := Analyse(test, loadResponses(t, test), ResultsOptions{K: KAnalyst})
	if len(res.Segments) != 1 || len(res.Drafts) != 2 {
		t.Errorf("draft only: %d segments, %d drafts", len(res.Segments), len(res.Drafts))
	}
	test = resultsTest(BreakdownGroup)
	res = Analyse(test, loadResponses(t, test), ResultsOptions{K: KAnalyst})
	if len(res.Segments) != 3 || len(res.Drafts) != 1 || res.Drafts[0].Label != "" || len(res.Tasks[0].Differences) != 0 {
		t.Errorf("group only: %d segments, drafts %v, %d differences", len(res.Segments), res.Drafts, len(res.Tasks[0].Differences))
	}
	// All drafts together: 14 of 20 solved the shelter task.
	if f := res.Tasks[0].Cells[0][0].Success; f.Value == nil || math.Abs(*f.Value-14.0/20) > 1e-12 {
		t.Errorf("pooled success %+v, want 0.7", f)
	}
	test = resultsTest()
	res = Analyse(test, loadResponses(t, test), ResultsOptions{K: KAnalyst})
	if len(res.Segments) != 1 || len(res.Drafts) != 1 {
		t.Errorf("nothing declared: %d segments, %d drafts", len(res.Segments), len(res.Drafts))
	}
}

func TestResultsFreeText(t *testing.T) {
	test := resultsTest(BreakdownDraft, BreakdownGroup)
	rs := loadResponses(t, test)
	rs[3].FreeText = "The map was too small"
	rs[0].Sections = []SectionAnswer{{SectionID: "rights", Comment: "Clear"}}
	rs[5].Problems = []ProblemReport{{ProviderID: "p-ngo", Kind: ProblemWrongPhone, Note: "Nobody answers"}}
	res := Analyse(test, rs, ResultsOptions{K: 0, FreeText: true, EntryNames: map[string]string{"p-ngo": "Friends NGO"}})
	want := "[{A general  The map was too small} {A problem Friends NGO Nobody answers} {A section Your rights Clear}]"
	if got := fmt.Sprint(res.FreeText); got != want {
		t.Errorf("free text\n got %s\nwant %s", got, want)
	}
	if res := Analyse(test, rs, ResultsOptions{K: KAnalyst}); len(res.FreeText) != 0 {
		t.Errorf("free text without the option: %v", res.FreeText)
	}
}

// A test nobody has answered yet has results too: zeros, nothing hidden.
func TestResultsWithoutResponses(t *testing.T) {
	res := Analyse(resultsTest(BreakdownDraft, BreakdownGroup), nil, ResultsOptions{K: KAnalyst})
	if res.Total.N == nil || *res.Total.N != 0 || res.Tasks[0].Cells[0][0].Success.Value != nil || res.Tasks[0].Cells[0][0].Success.Suppressed {
		t.Errorf("no responses: total %+v, success %+v", res.Total, res.Tasks[0].Cells[0][0].Success)
	}
}

// A time of 0 (answered within half a second) is a time; an answer without
// one is left out of the median and of the timed count.
func TestResultsMedianOverTimedAnswers(t *testing.T) {
	test := resultsTest(BreakdownDraft)
	answer := func(seconds *int) Response {
		return Response{Draft: "A", DraftOrder: []string{"A", "B"}, Group: "survivor",
			Tasks: []TaskAnswer{{Task: "shelter", Chosen: []string{"p-shelter"}, Success: true, Seconds: seconds}}}
	}
	rs := []Response{answer(new(0)), answer(nil), answer(new(10)), answer(nil)}
	c := Analyse(test, rs, ResultsOptions{K: 0}).Tasks[0].Cells[0][0]
	if num(c.Timed) != "2" || c.MedianSeconds.Value == nil || *c.MedianSeconds.Value != 5 || *c.MedianSeconds.N != 2 {
		t.Errorf("timed %s, median %+v; want 2 timed, median 5 of 2", num(c.Timed), c.MedianSeconds)
	}
}
