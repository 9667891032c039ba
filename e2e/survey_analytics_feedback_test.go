package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/haven-project/haven/demo"
	"github.com/haven-project/haven/surveys"
)

// The demo researcher, without the raw_data grant, opens the survey
// analytics of the demo's feedback test: counts the API suppresses read
// "suppressed" (never 0 or null), the shown ones are the API's, nothing is
// counted over time and there is no free cross-tab.
func TestFeedbackSurveyAnalyticsPage(t *testing.T) {
	s, a := startServices(t, true)
	var formID string
	list, err := s.Surveys.Surveys(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, sv := range list {
		if sv.Kind == surveys.KindFeedback {
			formID = sv.FormID
		}
	}
	if formID == "" {
		t.Fatal("the demo has no feedback test with a survey")
	}
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	b.viewport(desktop)
	b.open("/login")
	b.login("researcher@demo.haven.example", demo.Password)
	b.waitPath("/")
	b.open("/surveys/analytics?survey=" + formID)
	b.waitVisible("[data-testid=sa-total]")
	b.waitAsync("the analytics from the API", fmt.Sprintf(
		`fetch(%s).then(r => r.json()).then(j => { window.__sum = j; return true; })`, js("/api/v1/surveys/"+formID+"/analytics")))
	if k := eval[int](b, "the minimum cell", `window.__sum.min_cell_size || 0`); k != 5 {
		t.Fatalf("the API's summary for a researcher has min_cell_size %d, want 5", k)
	}
	choices := eval[[]map[string]any](b, "every choice", `window.__sum.questions.flatMap(q => (q.choices || []).map(c => ({q: q.name, c: c.name, n: c.n, pct: c.percent, s: !!c.suppressed})))`)
	suppressed := 0
	for _, c := range choices {
		got := b.text(fmt.Sprintf(`[data-testid="sa-choice-%s-%s"]`, c["q"], c["c"]))
		if c["s"] == true {
			suppressed++
			if !strings.HasPrefix(got, "suppressed") {
				t.Errorf("suppressed choice %s of %s shows %q", c["c"], c["q"], got)
			}
			continue
		}
		if !strings.HasPrefix(got, fmt.Sprintf("%v · ", c["n"])) {
			t.Errorf("choice %s of %s shows %q; API gives %v", c["c"], c["q"], got, c["n"])
		}
	}
	if suppressed == 0 || suppressed == len(choices) {
		t.Errorf("%d of %d choice counts suppressed: the demo test should show some and hide some", suppressed, len(choices))
	}
	if strings.Contains(b.text("#sa-questions"), "null") {
		t.Error("the page shows null")
	}
	b.waitVisible("[data-testid=sa-time-withheld]")
	b.waitVisible("[data-testid=sa-cross-withheld]")
	if b.isVisible("#sa-cross-form") {
		t.Error("the cross-tab form is offered without the raw_data grant")
	}
	b.viewShot("72-survey-analytics-feedback-top", "#sa-title")
	b.viewShot("72a-survey-analytics-feedback-questions", "#sa-questions-heading")
	b.viewShot("72b-survey-analytics-feedback-suppressed", ".sa-suppressed")
}
