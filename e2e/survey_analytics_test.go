package e2e

import (
	"fmt"
	"testing"

	"github.com/haven-project/haven/demo"
	"github.com/haven-project/haven/surveys/builtin"
)

// The demo admin, who has the raw_data grant, opens the analytics of the
// built-in mapping survey from the survey list: the numbers shown are the
// API's, a cross-tab counts, and a CSV export downloads.
func TestSurveyAnalyticsPage(t *testing.T) {
	_, a := startServices(t, true)
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	b.viewport(desktop)
	b.open("/login")
	b.login(demoAdmin, demo.Password)
	b.waitPath("/")
	b.open("/surveys")
	sel := fmt.Sprintf(`[data-form-id=%s] [data-testid=survey-analytics]`, js(builtin.ProviderMappingFormID))
	b.click(sel)
	b.waitPath("/surveys/analytics")
	b.waitVisible("[data-testid=sa-total]")

	// What the API says, for comparison.
	b.waitAsync("the analytics from the API", fmt.Sprintf(
		`fetch(%s).then(r => r.json()).then(j => { window.__sum = j; return true; })`,
		js("/api/v1/surveys/"+builtin.ProviderMappingFormID+"/analytics")))
	total := eval[int](b, "API total", `window.__sum.total`)
	if total == 0 {
		t.Fatal("the demo has no submissions of the mapping survey to count")
	}
	if got := b.text("[data-testid=sa-total]"); got != fmt.Sprint(total) {
		t.Errorf("total shown %q; API says %d", got, total)
	}

	// The first choice of the first choice question with answers.
	choice := eval[map[string]any](b, "a choice count", `(() => {
		const q = window.__sum.questions.find(q => q.choices && q.choices.length && q.answered > 0);
		const c = q.choices.find(c => c.n > 0) || q.choices[0];
		return {q: q.name, c: c.name, n: c.n, pct: c.percent};
	})()`)
	want := fmt.Sprintf("%v · ", choice["n"])
	got := b.text(fmt.Sprintf(`[data-testid="sa-choice-%s-%s"]`, choice["q"], choice["c"]))
	pct := eval[string](b, "format the percent", fmt.Sprintf(`new Intl.NumberFormat(undefined, {maximumFractionDigits: 1}).format(%v) + "%%"`, choice["pct"]))
	if got != want+pct {
		t.Errorf("choice %s of %s shows %q; API gives %q", choice["c"], choice["q"], got, want+pct)
	}

	// A number question's median, when the survey has one with answers.
	num := eval[map[string]any](b, "a number question", `(() => {
		const q = window.__sum.questions.find(q => q.numbers && q.numbers.n > 0);
		return q ? {q: q.name, n: q.numbers.n, median: new Intl.NumberFormat(undefined, {maximumFractionDigits: 2}).format(q.numbers.median)} : {};
	})()`)
	if num["q"] != nil {
		if got := b.text(fmt.Sprintf(`[data-testid="sa-q-%s"] [data-stat=median]`, num["q"])); got != num["median"] {
			t.Errorf("median of %s shows %q; API gives %v", num["q"], got, num["median"])
		}
		if got := b.text(fmt.Sprintf(`[data-testid="sa-q-%s"] [data-stat=n]`, num["q"])); got != fmt.Sprint(num["n"]) {
			t.Errorf("n of %s shows %q; API gives %v", num["q"], got, num["n"])
		}
	}

	// Collectors: every one of the API's is in the table, with its count.
	collectors := eval[int](b, "collectors", `window.__sum.by_collector.length`)
	if rows := b.count("[data-testid=sa-collector-table] tbody tr"); rows != collectors {
		t.Errorf("%d collector rows; API gives %d", rows, collectors)
	}
	if b.count(".sa-chart-bar") == 0 {
		t.Error("the chart over time has no bars")
	}
	b.screenshot("70-survey-analytics-desktop")
	b.viewShot("70a-survey-analytics-desktop-top", "#sa-title")
	b.viewShot("70b-survey-analytics-desktop-questions", "#sa-questions-heading")

	// A cross-tab of the first two choice questions.
	b.click("[data-testid=sa-cross-go]")
	b.waitVisible("[data-testid=sa-cross-table]")
	b.viewShot("70c-survey-analytics-desktop-crosstab", "[data-testid=sa-cross-table]")

	// A CSV export downloads: the admin has the raw_data grant.
	b.click("[data-testid=sa-export-csv]")
	b.waitText("[data-testid=sa-export-status]", "Downloaded")
	if b.isVisible("[data-testid=sa-export-grant]") {
		t.Error("the admin has the raw_data grant; the page says otherwise")
	}

	b.viewport(phone)
	b.open("/surveys/analytics?survey=" + builtin.ProviderMappingFormID)
	b.waitVisible("[data-testid=sa-total]")
	b.viewShot("71-survey-analytics-phone-top", "#sa-title")
	b.viewShot("71a-survey-analytics-phone-questions", "#sa-questions-heading")
	b.viewShot("71b-survey-analytics-phone-exports", "#sa-export-heading")
}
