package e2e

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
)

const (
	fbResearcherEmail = "researcher@feedback.e2e.haven.example"
	fbRawEmail        = "raw@feedback.e2e.haven.example"
)

// The acceptance round of issue 5: an editor builds a test with two tasks
// on two frozen drafts; twelve participants complete it by link (six per
// group) and a facilitator enters three more. Then the results page shows,
// to a researcher with the raw_data grant, success rates and intervals
// equal to a hand computation from the known answers; and to a researcher
// without it, small cells as suppressed, with no hidden cell that can be
// worked out from the totals shown. The printable summary suppresses at
// k = 11.
func TestFeedbackResults(t *testing.T) {
	a := startFeedbackApp(t)
	a.createUser(t, accounts.NewUser{Email: fbResearcherEmail, Name: "Researcher", Role: accounts.RoleResearcher,
		Countries: []string{"TH"}, Password: fbPassword})
	a.createUser(t, accounts.NewUser{Email: fbRawEmail, Name: "Raw Data Researcher", Role: accounts.RoleResearcher,
		Countries: []string{"TH"}, Grants: []accounts.Grant{accounts.GrantRawData}, Password: fbPassword})

	editor := newBrowser(t, a.URL)
	editor.viewport(desktop)
	testID, link := editor.buildTest(a)
	for g, group := range []string{"survivor", "frontline"} {
		b := newBrowser(t, a.URL)
		b.viewport(phone)
		for k := range 6 {
			b.completeByLink(a, link, fbParticipant(a, g*6+k, group))
		}
	}
	fac := newBrowser(t, a.URL)
	fac.viewport(phone)
	fac.open("/login")
	fac.login(fbFacilitatorEmail, fbPassword)
	fac.waitPath("/")
	fac.open("/feedback/facilitate?id=" + testID)
	for k := range 3 {
		if k > 0 {
			fac.click(`[data-testid="restart"]`)
		}
		fac.waitVisible(`[data-testid="lang-en"]`)
		fac.completeFlow(a, fbParticipant(a, 12+k, "provider"))
	}

	want := handComputation(t, a, testID)

	raw := newBrowser(t, a.URL)
	raw.viewport(desktop)
	raw.open("/login")
	raw.login(fbRawEmail, fbPassword)
	raw.waitPath("/")
	raw.open("/feedback/results?id=" + testID)
	raw.waitVisible(`[data-testid="fr-task-table-task1"]`)
	page := readResults(raw)
	for key, w := range want.cells {
		got, ok := page.cells[key]
		if !ok {
			t.Errorf("%s: no such cell on the page", key)
			continue
		}
		if got.participants != w.n || got.successes != w.x || got.failures != w.n-w.x {
			t.Errorf("%s: page shows %d participants, %d solved, %d not; want %d, %d, %d", key, got.participants, got.successes, got.failures, w.n, w.x, w.n-w.x)
		}
		if !resultClose(got.rate, w.rate) || !resultClose(got.low, w.low) || !resultClose(got.high, w.high) || got.rateText != w.text {
			t.Errorf("%s: page shows %q (%v [%v, %v]), want %q (%v [%v, %v])", key, got.rateText, got.rate, got.low, got.high, w.text, w.rate, w.low, w.high)
		}
	}
	if !resultClose(page.diff.value, want.diff.value) || !resultClose(page.diff.low, want.diff.low) || !resultClose(page.diff.high, want.diff.high) {
		t.Errorf("A − B on the shelter task: page %+v, want %+v", page.diff, want.diff)
	}
	if !raw.isVisible(`[data-testid="fr-free"]`) {
		t.Error("the raw data grant shows no free text")
	}
	raw.screenshot("feedback-results-raw-data")
	raw.checkConsole()

	res := newBrowser(t, a.URL)
	res.viewport(desktop)
	res.open("/login")
	res.login(fbResearcherEmail, fbPassword)
	res.waitPath("/")
	res.open("/feedback/results?id=" + testID)
	res.waitVisible(`[data-testid="fr-task-table-task1"]`)
	shown := readResults(res)
	if res.isVisible(`[data-testid="fr-free"]`) {
		t.Error("a researcher without the raw data grant sees free text")
	}
	hidden := 0
	for key, truth := range page.cells {
		got := shown.cells[key]
		for _, m := range []struct {
			what          string
			shown, actual int
		}{{"participants", got.participants, truth.participants}, {"solved", got.successes, truth.successes}, {"not solved", got.failures, truth.failures}} {
			switch {
			case m.shown == suppressed:
				hidden++
			case m.shown != m.actual:
				t.Errorf("%s %s: shows %d, truly %d", key, m.what, m.shown, m.actual)
			case m.shown > 0 && m.shown < 5:
				t.Errorf("%s %s: shows %d, a small cell", key, m.what, m.shown)
			}
			if m.actual > 0 && m.actual < 5 && m.shown != suppressed {
				t.Errorf("%s %s: the small count %d is not shown as suppressed", key, m.what, m.actual)
			}
		}
		if got.rateText != "" && (got.successes == suppressed || got.participants == suppressed) {
			t.Errorf("%s: the rate %q is shown although its counts are suppressed", key, got.rateText)
		}
	}
	if hidden == 0 {
		t.Fatal("nothing is suppressed for the researcher: the checks above prove nothing")
	}
	if text := res.text(`[data-testid="fr-participants-table"]`); !strings.Contains(text, "suppressed") || strings.Contains(text, "\t3\t") {
		t.Errorf("the participants table reads %q", text)
	}
	checkNothingRecoverable(t, shown)
	res.screenshot("feedback-results-suppressed")
	res.viewport(phone)
	res.screenshot("feedback-results-suppressed-phone")
	res.viewport(desktop)

	res.open("/feedback/summary?id=" + testID)
	res.waitVisible(`[data-testid="fs-task-task1"]`)
	if got := res.text(`[data-testid="fs-suppression"]`); !strings.Contains(got, "fewer than 11") {
		t.Errorf("the summary says %q, want suppression under 11", got)
	}
	summary := res.text(`[data-testid="fs-participants-table"]`)
	if strings.Contains(summary, "\t8") || strings.Contains(summary, "\t7") {
		t.Errorf("the printable summary shows a count under 11: %q", summary)
	}
	res.screenshot("feedback-results-summary")
	csv := evalAsync[string](res, "the CSV export", `fetch('/api/v1/feedback-tests/`+testID+`/results.csv').then(r => r.text())`)
	if !strings.Contains(csv, "participants,,,A,,,Everyone,participants,,,,,yes,fewer_than_k_or_protecting") {
		t.Errorf("the CSV export does not suppress draft A's 8 participants:\n%s", csv)
	}
	res.checkConsole()
}

// suppressed marks a count the page shows as suppressed.
const suppressed = -1

type shownCell struct {
	participants, successes, failures int
	rate, low, high                   float64
	rateText                          string
}

type shownResults struct {
	total int
	cells map[string]shownCell // "<segment> · <draft>"
	diff  struct{ value, low, high float64 }
}

// readResults reads the participants and the shelter task's tables off the
// results page.
func readResults(b *browser) shownResults {
	b.t.Helper()
	type cell struct {
		Key, RateText   string
		P, S, F         int
		Rate, Low, High float64
	}
	cells := eval[[]cell](b, "the results tables", `(() => {
		const num = (el) => !el ? -2 : el.matches('.fr-n') ? Number(el.textContent) : -1;
		const drafts = [...document.querySelectorAll('[data-testid="fr-participants-table"] thead th')].slice(1).map(th => th.textContent);
		const out = [];
		for (const tr of document.querySelectorAll('[data-testid="fr-participants-table"] tbody tr')) {
			const seg = tr.querySelector('th').textContent;
			const task = document.querySelector('[data-testid="fr-task-table-task1"] tbody tr[data-segment="' + tr.dataset.segment + '"]');
			tr.querySelectorAll('td').forEach((td, d) => {
				const tc = task.querySelectorAll('td')[d];
				const f = tc.querySelector('.fr-fig[data-value]');
				out.push({Key: seg + ' · ' + drafts[d], P: num(td.querySelector('[data-measure="participants"]')),
					S: num(tc.querySelector('[data-measure="successes"]')), F: num(tc.querySelector('[data-measure="failures"]')),
					Rate: f ? Number(f.dataset.value) : -1, Low: f && f.dataset.low ? Number(f.dataset.low) : -1,
					High: f && f.dataset.high ? Number(f.dataset.high) : -1, RateText: f ? f.textContent : ''});
			});
		}
		return out;
	})()`)
	out := shownResults{cells: map[string]shownCell{}}
	for _, c := range cells {
		out.cells[c.Key] = shownCell{participants: c.P, successes: c.S, failures: c.F, rate: c.Rate, low: c.Low, high: c.High, rateText: c.RateText}
	}
	out.total = eval[int](b, "the total", `(() => { const e = document.querySelector('[data-measure="total"]'); return e.matches('.fr-n') ? Number(e.textContent) : -1; })()`)
	d := eval[[]float64](b, "the difference", `(() => {
		const f = document.querySelector('[data-testid="fr-diff-table-task1"] tbody tr .fr-fig[data-value]');
		return f ? [Number(f.dataset.value), Number(f.dataset.low), Number(f.dataset.high)] : [-9, -9, -9];
	})()`)
	out.diff.value, out.diff.low, out.diff.high = d[0], d[1], d[2]
	return out
}

type expectedCell struct {
	n, x            int
	rate, low, high float64
	text            string
}

type expected struct {
	cells map[string]expectedCell
	diff  struct{ value, low, high float64 }
}

// handComputation works the shelter task's results out from the known
// answers: participant i solved it unless i%3 == 1 (they chose the health
// post, see fbParticipant). Which draft each participant had is the
// server's counterbalancing, read back from the stored responses, oldest
// first, that is in the order the participants answered.
func handComputation(t *testing.T, a *feedbackApp, testID string) expected {
	t.Helper()
	ctx := context.Background()
	fb, err := a.svc.Feedback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := fb.Responses(ctx, testID)
	if err != nil || len(rs) != 15 {
		t.Fatalf("%d responses, %v; want 15", len(rs), err)
	}
	labels := map[string]string{"survivor": "Group: Survivor", "frontline": "Group: Frontline practitioner",
		"provider": "Group: Service provider", "other": "Group: Other"}
	type nx struct{ n, x int }
	tally := map[string]*nx{}
	for _, seg := range []string{"Everyone", labels["survivor"], labels["frontline"], labels["provider"], labels["other"]} {
		for _, d := range []string{"A", "B"} {
			tally[seg+" · Draft "+d] = &nx{}
		}
	}
	for i, r := range rs {
		solved := i%3 != 1
		if r.Tasks[0].Success != solved {
			t.Fatalf("response %d: stored success %v, but participant %d solved it: %v", i, r.Tasks[0].Success, i, solved)
		}
		for _, seg := range []string{"Everyone", labels[r.Group]} {
			c := tally[seg+" · Draft "+r.Draft]
			c.n++
			if solved {
				c.x++
			}
		}
	}
	out := expected{cells: map[string]expectedCell{}}
	for key, c := range tally {
		e := expectedCell{n: c.n, x: c.x}
		if c.n > 0 {
			e.rate = float64(c.x) / float64(c.n)
			e.low, e.high = wilson(c.x, c.n)
			e.text = fmt.Sprintf("%.1f%% (%.1f–%.1f%%) n = %d", 100*e.rate, 100*e.low, 100*e.high, c.n)
		} else {
			e.rate, e.low, e.high = -1, -1, -1
		}
		out.cells[key] = e
	}
	// Newcombe's hybrid score interval for p₁ − p₂ from the two Wilson
	// intervals.
	A, B := out.cells["Everyone · Draft A"], out.cells["Everyone · Draft B"]
	out.diff.value = A.rate - B.rate
	out.diff.low = out.diff.value - math.Sqrt(math.Pow(A.rate-A.low, 2)+math.Pow(B.high-B.rate, 2))
	out.diff.high = out.diff.value + math.Sqrt(math.Pow(A.high-A.rate, 2)+math.Pow(B.rate-B.low, 2))
	t.Logf("by hand: A %d/%d, B %d/%d, A − B %.4f [%.4f, %.4f]", A.x, A.n, B.x, B.n, out.diff.value, out.diff.low, out.diff.high)
	return out
}

// wilson is the Wilson score 95 % interval, written out again here so that
// the page is checked against arithmetic that is not the server's.
func wilson(x, n int) (low, high float64) {
	z := 1.959963984540054
	p, m := float64(x)/float64(n), float64(n)
	centre := (p + z*z/(2*m)) / (1 + z*z/m)
	half := z / (1 + z*z/m) * math.Sqrt(p*(1-p)/m+z*z/(4*m*m))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

func resultClose(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// checkNothingRecoverable writes what the page shows as equations — each
// draft's participants are the sum of its groups', each cell's
// participants the sum of those who solved the task and those who did
// not, each of those counts over a draft the sum of the groups', and the
// total the sum of the drafts' — with an unknown for every suppressed
// count, and checks that no unknown is fixed: no equation holds exactly
// one, the equations together determine none (Gaussian elimination), and
// none is pinned at 0 by an equation whose shown terms already add up.
func checkNothingRecoverable(t *testing.T, r shownResults) {
	t.Helper()
	unknowns := map[string]int{}
	type term struct {
		name  string
		value int
		coef  float64
	}
	var eqs [][]term
	cell := func(key, what string, v int, coef float64) term {
		name := key + " " + what
		if v == suppressed {
			if _, ok := unknowns[name]; !ok {
				unknowns[name] = len(unknowns)
			}
		}
		return term{name, v, coef}
	}
	groups := []string{"Group: Survivor", "Group: Frontline practitioner", "Group: Service provider", "Group: Other"}
	total := []term{{"total", r.total, -1}}
	if r.total == suppressed {
		unknowns["total"] = len(unknowns)
	}
	for _, d := range []string{"Draft A", "Draft B"} {
		all := r.cells["Everyone · "+d]
		total = append(total, cell("Everyone · "+d, "participants", all.participants, 1))
		for _, m := range []string{"participants", "solved", "failed"} {
			pick := func(c shownCell) int {
				return map[string]int{"participants": c.participants, "solved": c.successes, "failed": c.failures}[m]
			}
			eq := []term{cell("Everyone · "+d, m, pick(all), -1)}
			for _, g := range groups {
				eq = append(eq, cell(g+" · "+d, m, pick(r.cells[g+" · "+d]), 1))
			}
			eqs = append(eqs, eq)
		}
		for _, seg := range append([]string{"Everyone"}, groups...) {
			c := r.cells[seg+" · "+d]
			key := seg + " · " + d
			eqs = append(eqs, []term{cell(key, "participants", c.participants, -1), cell(key, "solved", c.successes, 1), cell(key, "failed", c.failures, 1)})
		}
	}
	eqs = append(eqs, total)

	var rows [][]float64
	var rhs []float64
	for _, eq := range eqs {
		row := make([]float64, len(unknowns))
		b := 0.0
		hidden := 0
		for _, tm := range eq {
			if j, ok := unknowns[tm.name]; ok {
				row[j] += tm.coef
				hidden++
			} else {
				b -= tm.coef * float64(tm.value)
			}
		}
		if hidden == 1 {
			t.Errorf("one suppressed count alone in a sum: %v", eq)
		}
		// All hidden terms of one sign, and nothing left for them: each is 0.
		if hidden > 0 {
			sign, mixed := 0.0, false
			for _, tm := range eq {
				if _, ok := unknowns[tm.name]; ok {
					if sign == 0 {
						sign = tm.coef
					} else if sign != tm.coef {
						mixed = true
					}
				}
			}
			if !mixed && sign*b <= 0 {
				t.Errorf("the suppressed counts of %v must all be 0", eq)
			}
		}
		rows, rhs = append(rows, row), append(rhs, b)
	}
	names := make([]string, len(unknowns))
	for n, j := range unknowns {
		names[j] = n
	}
	// Reduced row echelon form; an unknown is determined when its pivot row
	// has nothing in a free column.
	pivots := []int{}
	r0 := 0
	for c := 0; c < len(unknowns) && r0 < len(rows); c++ {
		p := -1
		for i := r0; i < len(rows); i++ {
			if math.Abs(rows[i][c]) > 1e-9 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		rows[r0], rows[p] = rows[p], rows[r0]
		pv := rows[r0][c]
		for j := range rows[r0] {
			rows[r0][j] /= pv
		}
		for i := range rows {
			if i != r0 && math.Abs(rows[i][c]) > 1e-12 {
				f := rows[i][c]
				for j := range rows[i] {
					rows[i][j] -= f * rows[r0][j]
				}
			}
		}
		pivots = append(pivots, c)
		r0++
	}
	isPivot := map[int]bool{}
	for _, c := range pivots {
		isPivot[c] = true
	}
	for i, c := range pivots {
		free := false
		for j := range len(unknowns) {
			if !isPivot[j] && math.Abs(rows[i][j]) > 1e-9 {
				free = true
			}
		}
		if !free {
			t.Errorf("the suppressed %s can be worked out from the totals shown", names[c])
		}
	}
	t.Logf("%d suppressed counts in %d sums; none recoverable", len(unknowns), len(eqs))
}
