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
// analytics of the demo's feedback test: they are refused (suppressed on
// their own, they would give hidden cells of the results away), and the
// page says where the responses are read and leads to the test's results.
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
	b.waitText("#page-status", "feedback test")
	b.waitAsync("the API's answer", fmt.Sprintf(
		`fetch(%s).then(r => { window.__status = r.status; return true; })`, js("/api/v1/surveys/"+formID+"/analytics")))
	if status := eval[int](b, "the status", `window.__status`); status != 403 {
		t.Errorf("the analytics of a feedback survey answer %d to a researcher without raw_data, want 403", status)
	}
	if b.isVisible("[data-testid=sa-total]") || b.isVisible("#sa-questions") {
		t.Error("the page shows figures it was refused")
	}
	b.viewShot("72-survey-analytics-feedback-refused", "#page-status")
	b.click("[data-testid=sa-to-results]")
	b.waitPath("/feedback/results")
	b.waitVisible("[data-testid=fr-test-link]")
	if !strings.Contains(b.text("body"), "suppressed") {
		t.Error("the results page the researcher is sent to shows no suppressed cell")
	}
}
