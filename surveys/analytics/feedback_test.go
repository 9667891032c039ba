package analytics_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
	"github.com/haven-project/haven/surveys/xform"
)

// feedbackSurvey is a small feedback survey: a group, a Likert item, the
// entries chosen, times, a comment and (which no test asks, but the
// survey engine allows) a point.
func feedbackSurvey() surveys.Definition {
	en := func(s string) surveys.Text { return surveys.Text{"": s} }
	return surveys.Definition{
		FormID: "feedback-t1", Name: "feedback", Title: "Walk test", Kind: surveys.KindFeedback,
		Questions: []surveys.Question{
			{Type: surveys.TypeSelectOne, Name: "group", Label: en("Group"), ListName: "groups", Required: true},
			{Type: surveys.TypeSelectOne, Name: "clarity", Label: en("Clear?"), ListName: "likert"},
			{Type: surveys.TypeSelectMultiple, Name: "chosen", Label: en("Entries chosen"), ListName: "entries"},
			{Type: surveys.TypeInteger, Name: "seconds", Label: en("Seconds")},
			{Type: surveys.TypeInteger, Name: "retry_seconds", Label: en("Seconds on a second try")},
			{Type: surveys.TypeText, Name: "comment", Label: en("Anything else?")},
			{Type: surveys.TypeGeopoint, Name: "where", Label: en("Where")},
		},
		ChoiceLists: map[string][]surveys.Choice{
			"groups":  {{Name: "survivor", Label: en("Survivor")}, {Name: "frontline", Label: en("Frontline")}, {Name: "provider", Label: en("Provider")}, {Name: "other", Label: en("Other")}},
			"likert":  {{Name: "agree", Label: en("Agree")}, {Name: "neutral", Label: en("Neutral")}, {Name: "disagree", Label: en("Disagree")}, {Name: "strongly_disagree", Label: en("Strongly disagree")}},
			"entries": {{Name: "e1", Label: en("Shelter")}, {Name: "e2", Label: en("Hotline")}},
		},
	}
}

// feedbackAnswers are twelve responses: 8 survivors, 3 frontline workers
// and 1 provider; 6 agree, 5 neutral, 1 disagrees.
func feedbackAnswers() []surveys.Answers {
	var out []surveys.Answers
	for i := range 12 {
		a := surveys.Answers{"group": "survivor", "clarity": "agree", "chosen": "e1", "seconds": "30"}
		switch {
		case i == 11:
			a["group"] = "provider"
		case i >= 8:
			a["group"] = "frontline"
		}
		switch {
		case i == 0:
			a["clarity"] = "disagree"
		case i <= 5:
			a["clarity"] = "neutral"
		}
		if i < 2 {
			a["chosen"] = "e1 e2"
			a["comment"] = "Khun Somchai at the shelter helped me"
			a["where"] = "16.71 98.57 0 5"
		}
		if i < 3 {
			a["retry_seconds"] = "45"
		}
		out = append(out, a)
	}
	return out
}

func feedbackFixture(t *testing.T, db *database.DB) (*analytics.Service, string) {
	t.Helper()
	ctx := context.Background()
	log := audit.New(db.DB)
	ss := surveys.NewService(db.DB, log, xform.Render)
	regions := mapping.NewRegions(db.DB, log)
	if _, err := regions.Import(ctx, strings.NewReader(regionsGeoJSON), mapping.RegionImport{Set: "test", Level: 1, CodeProp: "code", NameProp: "name", Country: "TH"}, nil); err != nil {
		t.Fatal(err)
	}
	v, err := ss.PublishFeedback(ctx, feedbackSurvey(), "feedback test t1")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range feedbackAnswers() {
		if _, _, err := ss.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: uuid.NewString(), Answers: a, Channel: surveys.ChannelWeb}); err != nil {
			t.Fatal(err)
		}
	}
	return analytics.NewService(db.DB, ss, regions, log), v.SurveyID
}

// The responses to a feedback test are seen without the raw_data grant
// only in the test's results: survey analytics suppressed on their own
// would give hidden cells of the results away (a total across drafts less
// the shown draft). So Summary and CrossTab are refused, no point is
// shown and export needs the grant; with the grant everything is counted
// as for any survey. Free text is never summed up.
func TestFeedbackAnalyticsNeedRawData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		svc, surveyID := feedbackFixture(t, db)
		ctx := context.Background()
		raw, err := svc.Summary(ctx, rawOnly, surveyID, analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if raw.Total != 12 || len(raw.ByDay) == 0 || question(t, raw, "clarity").Choices[2].N != 1 {
			t.Fatalf("with raw_data: %+v", raw)
		}
		for _, who := range []string{"a researcher", "an admin without the grant"} {
			u := researcher
			if who != "a researcher" {
				u = adminNoGrant
			}
			for name, f := range map[string]analytics.Filter{"all": {}, "accepted": {Status: surveys.StatusAccepted},
				"since": {Since: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}} {
				if sum, err := svc.Summary(ctx, u, surveyID, f); haven.KindOf(err) != haven.KindForbidden || sum.Total != 0 {
					t.Errorf("%s, %s: summary %+v, %v; want it refused", who, name, sum, err)
				}
			}
			if _, err := svc.CrossTab(ctx, u, surveyID, "group", "clarity", analytics.Filter{}); haven.KindOf(err) != haven.KindForbidden {
				t.Errorf("%s cross-tabulates feedback: %v", who, err)
			}
			pts, err := svc.Points(ctx, u, surveyID, analytics.Filter{})
			if err != nil || len(pts.Features) != 0 || pts.Withheld != 2 {
				t.Errorf("%s: points %+v, %v", who, pts, err)
			}
			if _, err := svc.Export(ctx, u, surveyID, analytics.ExportOptions{Format: analytics.FormatCSV}); haven.KindOf(err) != haven.KindForbidden {
				t.Errorf("%s exports feedback: %v", who, err)
			}
		}
		b, _ := json.Marshal(raw)
		if strings.Contains(string(b), "Somchai") {
			t.Error("free text is summed up")
		}
		if _, err := svc.CrossTab(ctx, rawOnly, surveyID, "group", "clarity", analytics.Filter{}); err != nil {
			t.Errorf("with raw_data: %v", err)
		}
		if pts, err := svc.Points(ctx, rawOnly, surveyID, analytics.Filter{}); err != nil || len(pts.Features) != 2 {
			t.Errorf("with raw_data: points %+v, %v", pts, err)
		}
	})
}
