package demo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/haven-project/haven/app"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/demo"
	"github.com/haven-project/haven/surveys/feedback"
)

// The demo holds a finished feedback test of the two demo drafts, with
// groups big enough to show (32, 28) and one too small (4), the drafts
// counterbalanced within each group, and what it fed back: problems in
// the providers' review queues and unmet needs for the gap report. Its
// results, as an analyst sees them, show some cells and suppress others.
func TestDemoFeedback(t *testing.T) {
	ctx := context.Background()
	s, err := app.New(ctx, dbtest.OpenSQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadDemo(ctx); err != nil {
		t.Fatal(err)
	}
	fb, err := s.Feedback(ctx)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := s.Accounts.UserByEmail(ctx, demo.Users[0].Email)
	if err != nil {
		t.Fatal(err)
	}
	tests, err := fb.Tests(ctx, admin)
	if err != nil || len(tests) != 1 {
		t.Fatalf("demo tests: %d, %v", len(tests), err)
	}
	test := tests[0]
	if test.Title != demo.FeedbackTestTitle || test.Status != feedback.StatusClosed || len(test.Drafts) != 2 || len(test.Tasks) != 2 {
		t.Errorf("demo test %+v", test)
	}
	rs, err := fb.Responses(ctx, test.ID)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]int{}
	first := map[string]map[string]int{} // group → draft shown → count
	solved := map[string]int{}
	for _, r := range rs {
		groups[r.Group]++
		if first[r.Group] == nil {
			first[r.Group] = map[string]int{}
		}
		first[r.Group][r.Draft]++
		if r.Tasks[0].Success {
			solved[r.Draft]++
		}
	}
	if groups["survivor"] != 32 || groups["frontline"] != 28 || groups["provider"] != 4 {
		t.Errorf("participants per group %v, want 32 survivors, 28 frontline, 4 providers", groups)
	}
	for g, byDraft := range first {
		if d := byDraft["A"] - byDraft["B"]; d < 0 || d > 1 {
			t.Errorf("%s saw A first %d times and B first %d times: not counterbalanced", g, byDraft["A"], byDraft["B"])
		}
	}
	if solved["A"] == 0 || solved["B"] == 0 {
		t.Errorf("tasks solved per draft %v: both drafts need successes to compare", solved)
	}
	// Everyone's success on each draft is shown to an analyst, the four
	// service providers' is not; so are the answers about the first
	// content section.
	researcher, err := s.Accounts.UserByEmail(ctx, "researcher@demo.haven.example")
	if err != nil {
		t.Fatal(err)
	}
	res, err := fb.Results(ctx, researcher, test.ID, feedback.ForAnalyst)
	if err != nil {
		t.Fatal(err)
	}
	provider := slices.IndexFunc(res.Segments, func(s feedback.Segment) bool { return s.Value == "provider" })
	for d, col := range res.Drafts {
		if f := res.Tasks[0].Cells[0][d].Success; f.Value == nil {
			t.Errorf("draft %s: everyone's success on the first task is not shown to an analyst: %+v", col.Label, f)
		}
		if f := res.Tasks[0].Cells[provider][d].Success; f.Value != nil || !f.Suppressed {
			t.Errorf("draft %s: the service providers' success is shown to an analyst: %+v", col.Label, f)
		}
		if f := res.Sections[0].Understood.Cells[0][d].Yes; f.Value == nil {
			t.Errorf("draft %s: whether everyone understood %q is not shown: %+v", col.Label, res.Sections[0].Title, f)
		}
	}
	if res.Preference == nil || res.Preference.All[0].Counts[0].N == nil {
		t.Errorf("how many preferred draft A is not shown: %+v", res.Preference)
	}
	issues, err := fb.Issues(ctx, admin, feedback.IssueFilter{Status: feedback.IssueOpen})
	if err != nil || len(issues) == 0 {
		t.Errorf("demo problems in the review queue: %d, %v", len(issues), err)
	}
	unmet, err := fb.UnmetDemand(ctx, "th", 1)
	if err != nil || len(unmet) == 0 {
		t.Errorf("demo unmet demand %v, %v", unmet, err)
	}
}
