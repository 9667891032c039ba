package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
)

const (
	fbResearcherEmail = "researcher@feedback.e2e.haven.example"
	fbRawEmail        = "raw@feedback.e2e.haven.example"
)

// The acceptance test of issue 5: an editor builds two drafts and a test
// with two tasks on them; twelve participants complete it by link (six per
// group) and a facilitator enters three more (runRound). Then the results
// page, reached from the test's page, shows to a researcher with the
// raw_data grant success rates and intervals equal to a hand computation
// from the known answers, every task timed, and the answers about the
// content section and the preferred draft as given; to a researcher
// without it, small cells as suppressed, with no hidden cell that can be
// worked out from the totals shown. The printable summary and the CSV
// export suppress at k = 11. The reported problem reaches the provider's
// review queue. Afterwards no participant's address, name, phone number or
// e-mail is anywhere in the database or the server's log.
func TestFeedbackAcceptance(t *testing.T) {
	a := startFeedbackApp(t)
	a.createUser(t, accounts.NewUser{Email: fbResearcherEmail, Name: "Researcher", Role: accounts.RoleResearcher,
		Countries: []string{"TH"}, Password: fbPassword})
	a.createUser(t, accounts.NewUser{Email: fbRawEmail, Name: "Raw Data Researcher", Role: accounts.RoleResearcher,
		Countries: []string{"TH"}, Grants: []accounts.Grant{accounts.GrantRawData}, Password: fbPassword})
	testID, link := runRound(t, a)
	want := handComputation(t, a, testID)

	// From the test's page to its results.
	raw := a.signIn(t, fbRawEmail, desktop)
	raw.open("/feedback/test?id=" + testID)
	raw.click(`[data-testid="results-link"]`)
	raw.waitPath("/feedback/results")
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
		// Every answer was timed: the median is over all of them.
		switch {
		case w.n == 0 && got.medianText != "none timed":
			t.Errorf("%s: nobody, but the median reads %q", key, got.medianText)
		case w.n > 0 && (got.timed != w.n || !strings.HasSuffix(got.medianText, fmt.Sprintf(" s · timed %d", w.n))):
			t.Errorf("%s: %d timed, median %q; want all %d timed", key, got.timed, got.medianText, w.n)
		}
	}
	if !resultClose(page.diff.value, want.diff.value) || !resultClose(page.diff.low, want.diff.low) || !resultClose(page.diff.high, want.diff.high) {
		t.Errorf("A − B on the shelter task: page %+v, want %+v", page.diff, want.diff)
	}
	opinions := readOpinions(raw, a.sectionID)
	for key, w := range want.opinions {
		if got := opinions[key]; got != w {
			t.Errorf("%s: the page shows %d, want %d", key, got, w)
		}
	}
	if !raw.isVisible(`[data-testid="fr-free"]`) {
		t.Error("the raw data grant shows no free text")
	}
	raw.screenshot("feedback-results-raw-data")
	// And back to the test.
	raw.click(`[data-testid="fr-test-link"]`)
	raw.waitPath("/feedback/test")
	raw.waitText(`[data-testid="t-title"]`, "Mae Sot directory, first round")
	raw.checkConsole()

	res := a.signIn(t, fbResearcherEmail, desktop)
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
	// No count from 1 to 4 anywhere on the page: tasks, ratings, the
	// content section, the preferred draft, entries.
	type shownCount struct {
		Where string
		N     int
	}
	counts := eval[[]shownCount](res, "every count shown", `[...document.querySelectorAll('.fr-n')].map(e => ({
		Where: e.closest('[data-testid]').dataset.testid + ' ' + (e.dataset.measure || ''), N: Number(e.textContent)}))`)
	for _, c := range counts {
		if c.N > 0 && c.N < 5 {
			t.Errorf("the researcher sees a small count: %d in %s", c.N, c.Where)
		}
	}
	if len(counts) < 20 {
		t.Errorf("the researcher's page shows only %d counts: the check above proves little", len(counts))
	}
	opinions = readOpinions(res, a.sectionID)
	for key, w := range want.opinions {
		if got := opinions[key]; got != suppressed && got != w {
			t.Errorf("%s: the researcher sees %d, truly %d", key, got, w)
		}
	}
	checkNothingRecoverable(t, readCountTables(res, a.sectionID))
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
	res.waitVisible(`[data-testid="fs-preference-table"]`)
	res.screenshot("feedback-results-summary")
	csv := evalAsync[string](res, "the CSV export", `fetch('/api/v1/feedback-tests/`+testID+`/results.csv').then(r => r.text())`)
	if !strings.Contains(csv, "participants,,,A,,,Everyone,participants,,,,,yes,fewer_than_k_or_protecting") {
		t.Errorf("the CSV export does not suppress draft A's 8 participants:\n%s", csv)
	}
	if !strings.Contains(csv, "section,"+a.sectionID+","+fbSection+",A,,,Everyone,understood_yes,") {
		t.Errorf("the CSV export has no row for the content section:\n%s", csv)
	}
	res.checkConsole()

	checkRoundFedBack(t, a)
	checkNoTrace(t, a, link)
}

// suppressed marks a count the page shows as suppressed.
const suppressed = -1

type shownCell struct {
	participants, successes, failures, timed int
	rate, low, high                          float64
	rateText, medianText                     string
}

type shownResults struct {
	cells map[string]shownCell // "<segment> · <draft>"
	diff  struct{ value, low, high float64 }
}

// readResults reads the participants and the shelter task's tables off the
// results page.
func readResults(b *browser) shownResults {
	b.t.Helper()
	type cell struct {
		Key, RateText, MedianText string
		P, S, F, Timed            int
		Rate, Low, High           float64
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
				const median = tc.querySelector('[data-measure="median-seconds"]');
				out.push({Key: seg + ' · ' + drafts[d], P: num(td.querySelector('[data-measure="participants"]')),
					S: num(tc.querySelector('[data-measure="successes"]')), F: num(tc.querySelector('[data-measure="failures"]')),
					Timed: num(tc.querySelector('[data-measure="timed"]')), MedianText: median ? median.textContent : '',
					Rate: f ? Number(f.dataset.value) : -1, Low: f && f.dataset.low ? Number(f.dataset.low) : -1,
					High: f && f.dataset.high ? Number(f.dataset.high) : -1, RateText: f ? f.textContent : ''});
			});
		}
		return out;
	})()`)
	out := shownResults{cells: map[string]shownCell{}}
	for _, c := range cells {
		out.cells[c.Key] = shownCell{participants: c.P, successes: c.S, failures: c.F, timed: c.Timed, rate: c.Rate, low: c.Low, high: c.High,
			rateText: c.RateText, medianText: c.MedianText}
	}
	d := eval[[]float64](b, "the difference", `(() => {
		const f = document.querySelector('[data-testid="fr-diff-table-task1"] tbody tr .fr-fig[data-value]');
		return f ? [Number(f.dataset.value), Number(f.dataset.low), Number(f.dataset.high)] : [-9, -9, -9];
	})()`)
	out.diff.value, out.diff.low, out.diff.high = d[0], d[1], d[2]
	return out
}

// readOpinions reads, for everyone, the answers about the content section
// by the draft participants worked with ("understood yes · Draft A") and
// the drafts they would give to a friend, all participants together
// ("prefer A"); suppressed counts read suppressed.
func readOpinions(b *browser, sectionID string) map[string]int {
	b.t.Helper()
	type count struct {
		Key string
		N   int
	}
	counts := eval[[]count](b, "the content section and the preferred draft", `(() => {
		const num = (el) => !el ? -2 : el.matches('.fr-n') ? Number(el.textContent) : -1;
		const out = [];
		const drafts = [...document.querySelectorAll('[data-testid="fr-participants-table"] thead th')].slice(1).map(th => th.textContent);
		const row = document.querySelector('[data-testid="fr-section-table-`+sectionID+`"] tbody tr[data-segment="0"]');
		row.querySelectorAll('td').forEach((td, d) => {
			for (const q of ['understood', 'useful']) {
				for (const a of ['yes', 'partly', 'no', 'none']) {
					out.push({Key: q + ' ' + a + ' · ' + drafts[d], N: num(td.querySelector('[data-measure="' + q + '-' + a + '"]'))});
				}
			}
		});
		const all = [...document.querySelectorAll('[data-testid="fr-preference-table"] tbody tr[data-segment="0"] td')].pop();
		for (const c of ['A', 'B', 'none']) {
			out.push({Key: 'prefer ' + c, N: num(all.querySelector('[data-measure="prefer-' + c + '"]'))});
		}
		return out;
	})()`)
	out := map[string]int{}
	for _, c := range counts {
		out[c.Key] = c.N
	}
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
	// opinions are the counts readOpinions reads.
	opinions map[string]int
}

// handComputation works the shelter task's results out from the known
// answers: participant i solved it unless i%3 == 1 (they chose the health
// post, see fbParticipant). Which draft each participant had is the
// server's counterbalancing, read back from the stored responses, oldest
// first, that is in the order the participants answered.
func handComputation(t *testing.T, a *feedbackApp, testID string) expected {
	t.Helper()
	rs := fbResponses(t, a, testID)
	if len(rs) != 15 {
		t.Fatalf("%d responses; want 15", len(rs))
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
	out := expected{cells: map[string]expectedCell{}, opinions: map[string]int{}}
	for _, d := range []string{"A", "B"} {
		for _, q := range []string{"understood", "useful"} {
			for _, a := range []string{"yes", "partly", "no", "none"} {
				out.opinions[q+" "+a+" · Draft "+d] = 0
			}
		}
	}
	for i, r := range rs {
		solved := i%3 != 1
		if r.Tasks[0].Success != solved {
			t.Fatalf("response %d: stored success %v, but participant %d solved it: %v", i, r.Tasks[0].Success, i, solved)
		}
		out.opinions["understood "+fbUnderstood(i)+" · Draft "+r.Draft]++
		out.opinions["useful yes · Draft "+r.Draft]++ // everyone found it useful
		out.opinions["prefer "+fbPreferred(i)]++
		for _, seg := range []string{"Everyone", labels[r.Group]} {
			c := tally[seg+" · Draft "+r.Draft]
			c.n++
			if solved {
				c.x++
			}
		}
	}
	out.opinions["prefer none"] = 0 // everyone said
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

// countTables are the linked counts a results page shows, as numbers
// (suppressed for a suppressed count): the total, the participants
// [segment][draft], and each question's split of them,
// [segment][column][answer]. A split's columns are the drafts, and for the
// preferred draft one more: all participants.
type countTables struct {
	total        int
	participants [][]int
	splits       map[string][][][]int
}

// readCountTables reads every table of linked counts off the results page:
// both tasks' outcomes, the shelter task's difficulty, the rating, the
// content section's two questions and the preferred draft.
func readCountTables(b *browser, sectionID string) countTables {
	b.t.Helper()
	read := func(testid string, measures ...string) [][][]int {
		return eval[[][][]int](b, "the table "+testid, fmt.Sprintf(`(() => {
			const num = (el) => !el ? -2 : el.matches('.fr-n') ? Number(el.textContent) : %d;
			const measures = %s;
			return [...document.querySelectorAll('[data-testid="' + %s + '"] tbody tr')].map(tr =>
				[...tr.querySelectorAll('td')].map(td => measures.map(m => num(td.querySelector('[data-measure="' + m + '"]')))));
		})()`, suppressed, toJSON(b.t, measures), js(testid)))
	}
	answers := func(q string) []string { return []string{q + "-yes", q + "-partly", q + "-no", q + "-none"} }
	ct := countTables{splits: map[string][][][]int{
		"task1":      read("fr-task-table-task1", "successes", "failures"),
		"task2":      read("fr-task-table-task2", "successes", "failures"),
		"difficulty": read("fr-difficulty-task1", "difficulty-1", "difficulty-2", "difficulty-3", "difficulty-4", "difficulty-5", "difficulty-none"),
		"rating":     read("fr-likert-table-clarity1", "rating-1", "rating-2", "rating-3", "rating-4", "rating-5", "rating-none"),
		"understood": read("fr-section-table-"+sectionID, answers("understood")...),
		"useful":     read("fr-section-table-"+sectionID, answers("useful")...),
		"preferred":  read("fr-preference-table", "prefer-A", "prefer-B", "prefer-none"),
	}}
	for _, row := range read("fr-participants-table", "participants") {
		var r []int
		for _, c := range row {
			r = append(r, c[0])
		}
		ct.participants = append(ct.participants, r)
	}
	ct.total = eval[int](b, "the total", fmt.Sprintf(`(() => { const e = document.querySelector('[data-measure="total"]'); return e.matches('.fr-n') ? Number(e.textContent) : %d; })()`, suppressed))
	for name, split := range ct.splits {
		if len(split) != len(ct.participants) {
			b.t.Fatalf("the %s table has %d rows, the participants table %d", name, len(split), len(ct.participants))
		}
		for _, row := range split {
			for _, cell := range row {
				if slices.Contains(cell, -2) {
					b.t.Fatalf("the %s table lacks a count: %v", name, split)
				}
			}
		}
	}
	return ct
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// checkNothingRecoverable writes what the page shows as equations, with an
// unknown for every suppressed count — the total is the sum of the drafts'
// participants; each draft's participants, and each count of every split,
// the sum of the groups'; each cell's participants the sum of its split's
// counts (who solved the task and who did not, each rating, each answer);
// the preferences of all participants the sum of the drafts' columns — and
// checks that no unknown is fixed: no equation holds exactly one, the
// equations together determine none (Gaussian elimination), and none is
// pinned at 0 by an equation whose shown terms already add up.
func checkNothingRecoverable(t *testing.T, ct countTables) {
	t.Helper()
	unknowns := map[string]int{}
	type term struct {
		name  string
		value int
		coef  float64
	}
	var eqs [][]term
	cell := func(name string, v int, coef float64) term {
		if v == suppressed {
			if _, ok := unknowns[name]; !ok {
				unknowns[name] = len(unknowns)
			}
		}
		return term{name, v, coef}
	}
	drafts := len(ct.participants[0])
	total := []term{cell("total", ct.total, -1)}
	for d := range drafts {
		total = append(total, cell(fmt.Sprintf("participants 0·%d", d), ct.participants[0][d], 1))
		eq := []term{cell(fmt.Sprintf("participants 0·%d", d), ct.participants[0][d], -1)}
		for g := 1; g < len(ct.participants); g++ {
			eq = append(eq, cell(fmt.Sprintf("participants %d·%d", g, d), ct.participants[g][d], 1))
		}
		eqs = append(eqs, eq)
	}
	eqs = append(eqs, total)
	for name, split := range ct.splits {
		at := func(s, c, k int) term { return cell(fmt.Sprintf("%s %d·%d·%d", name, s, c, k), split[s][c][k], 1) }
		answers := len(split[0][0])
		for s := range split {
			for d := range drafts {
				eq := []term{cell(fmt.Sprintf("participants %d·%d", s, d), ct.participants[s][d], -1)}
				for k := range answers {
					eq = append(eq, at(s, d, k))
				}
				eqs = append(eqs, eq)
			}
			for c := drafts; c < len(split[s]); c++ { // all participants: the sum of the drafts' columns
				for k := range answers {
					all := at(s, c, k)
					all.coef = -1
					eq := []term{all}
					for d := range drafts {
						eq = append(eq, at(s, d, k))
					}
					eqs = append(eqs, eq)
				}
			}
		}
		for c := range split[0] {
			for k := range answers {
				everyone := at(0, c, k)
				everyone.coef = -1
				eq := []term{everyone}
				for g := 1; g < len(split); g++ {
					eq = append(eq, at(g, c, k))
				}
				eqs = append(eqs, eq)
			}
		}
	}

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
