package surveys_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/xform"
)

// siteSurvey is a small mapping survey: a name, an age rule, a position,
// a select, a relevant follow-up and a repeat.
func siteSurvey() surveys.Definition {
	en := func(s string) surveys.Text { return surveys.Text{"": s} }
	return surveys.Definition{
		FormID: "sites", Name: "sites", Title: "Sites", Kind: surveys.KindProviderMapping,
		Questions: []surveys.Question{
			{Type: surveys.TypeText, Name: "org", Label: en("Organisation"), Required: true},
			{Type: surveys.TypeInteger, Name: "min_age", Label: en("Youngest age"), Constraint: ". >= 0 and . <= 120",
				ConstraintMessage: en("an age from 0 to 120")},
			{Type: surveys.TypeGeopoint, Name: "where", Label: en("Where")},
			{Type: surveys.TypeSelectOne, Name: "shelter", Label: en("Shelter?"), ListName: "yn", Required: true},
			{Type: surveys.TypeInteger, Name: "beds", Label: en("Beds"), Relevant: "${shelter} = 'yes'", Required: true},
			{Type: surveys.TypeRepeat, Name: "services", Label: en("Services"), Children: []surveys.Question{
				{Type: surveys.TypeSelectMultiple, Name: "kinds", Label: en("Kinds"), ListName: "kinds", Required: true},
				{Type: surveys.TypeText, Name: "note", Label: en("Note"), Relevant: "selected(${kinds}, 'legal')"},
			}},
		},
		ChoiceLists: map[string][]surveys.Choice{
			"yn":    {{Name: "yes", Label: en("Yes")}, {Name: "no", Label: en("No")}},
			"kinds": {{Name: "legal", Label: en("Legal")}, {Name: "medical", Label: en("Medical")}},
		},
	}
}

func newService(t *testing.T, db *database.DB) *surveys.Service {
	return surveys.NewService(db.DB, audit.New(db.DB), xform.Render)
}

func TestPublishMakesVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		ctx := context.Background()
		v1, err := s.Publish(ctx, siteSurvey(), "sites.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		d := siteSurvey()
		d.Title = "Sites, second round"
		v2, err := s.Publish(ctx, d, "sites.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		if v1.Number != 1 || v2.Number != 2 || v2.FormVersion <= v1.FormVersion || v1.XFormMD5 == "" || v1.SurveyID != v2.SurveyID {
			t.Errorf("versions: %+v then %+v", v1, v2)
		}
		// The first version is unchanged: its XForm still hashes the same.
		x1, err := s.XForm(ctx, v1.ID)
		if err != nil || !strings.Contains(string(x1), "<h:title>Sites</h:title>") {
			t.Errorf("version 1 XForm changed: %v", err)
		}
		sv, err := s.Survey(ctx, "sites")
		if err != nil || sv.Latest.Number != 2 || sv.Title != "Sites, second round" {
			t.Errorf("survey: %+v %v", sv, err)
		}
		other := siteSurvey()
		other.Kind = surveys.KindFeedback
		if _, err := s.Publish(ctx, other, ""); haven.KindOf(err) != haven.KindConflict {
			t.Errorf("changing the kind: %v", err)
		}
	})
}

func TestAnswersAreChecked(t *testing.T) {
	d := siteSurvey()
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	good := surveys.Answers{"org": "Tak House", "min_age": 12.0, "where": "16.7 98.5 0 5", "shelter": "yes", "beds": "8",
		"services": []any{map[string]any{"kinds": []any{"legal", "medical"}, "note": "Lawyer on Fridays"}, map[string]any{"kinds": "medical", "note": "dropped: not relevant"}}}
	got, err := d.CheckAnswers(good, now)
	if err != nil {
		t.Fatal(err)
	}
	services := got["services"].([]any)
	if got["min_age"] != "12" || services[0].(surveys.Answers)["kinds"] != "legal medical" || len(services[1].(surveys.Answers)) != 1 {
		t.Errorf("normalised answers: %#v", got)
	}
	tests := []struct {
		name   string
		change func(a surveys.Answers)
		field  string
	}{
		{"required missing", func(a surveys.Answers) { delete(a, "org") }, "org"},
		{"constraint", func(a surveys.Answers) { a["min_age"] = "130" }, "min_age"},
		{"not an integer", func(a surveys.Answers) { a["min_age"] = "twelve" }, "min_age"},
		{"geopoint out of range", func(a surveys.Answers) { a["where"] = "95 100" }, "where"},
		{"unknown choice", func(a surveys.Answers) { a["shelter"] = "maybe" }, "shelter"},
		{"relevant and required", func(a surveys.Answers) { delete(a, "beds") }, "beds"},
		{"unknown question", func(a surveys.Answers) { a["colour"] = "red" }, "colour"},
		{"inside a repeat", func(a surveys.Answers) { a["services"] = []any{map[string]any{"kinds": "dental"}} }, "services[0].kinds"},
		{"wrong shape", func(a surveys.Answers) { a["org"] = map[string]any{"x": 1} }, "org"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := surveys.Answers{}
			for k, v := range good {
				a[k] = v
			}
			tc.change(a)
			_, err := d.CheckAnswers(a, now)
			var he *haven.Error
			if !asHaven(err, &he) || len(he.Fields) == 0 || he.Fields[0].Field != tc.field {
				t.Errorf("err = %v, want a problem with %s", err, tc.field)
			}
		})
	}
	// A follow-up that does not apply is dropped, not refused.
	a := surveys.Answers{"org": "x", "shelter": "no", "beds": "4"}
	got, err = d.CheckAnswers(a, now)
	if err != nil || got["beds"] != nil {
		t.Errorf("irrelevant answer kept: %v %v", got, err)
	}
}

func TestSubmitOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		ctx := context.Background()
		v, err := s.Publish(ctx, siteSurvey(), "")
		if err != nil {
			t.Fatal(err)
		}
		id := uuid.NewString()
		answers := surveys.Answers{"org": "Tak House", "shelter": "no"}
		first, created, err := s.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: "uuid:" + id, Answers: answers, Channel: surveys.ChannelAPI})
		if err != nil || !created {
			t.Fatalf("first: %v %v", created, err)
		}
		again, created, err := s.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: id, Answers: answers, Channel: surveys.ChannelAPI})
		if err != nil || created || again.ID != first.ID {
			t.Errorf("same again: %v %v %v", again.ID, created, err)
		}
		changed := surveys.Answers{"org": "Another", "shelter": "no"}
		if _, _, err := s.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: id, Answers: changed}); haven.KindOf(err) != haven.KindConflict {
			t.Errorf("changed content under the same ID: %v", err)
		}
		if _, _, err := s.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: "not-a-uuid", Answers: answers}); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("bad instance ID: %v", err)
		}
		if _, _, err := s.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: uuid.NewString(), Answers: surveys.Answers{"shelter": "no"}}); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("invalid answers stored: %v", err)
		}

		// Concurrent duplicates make exactly one record.
		dup := uuid.NewString()
		var wg sync.WaitGroup
		results := make(chan error, 8)
		createdCount := make(chan bool, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, c, err := s.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: dup, Answers: answers, Channel: surveys.ChannelOpenRosa})
				results <- err
				createdCount <- c
			}()
		}
		wg.Wait()
		close(results)
		close(createdCount)
		for err := range results {
			if err != nil {
				t.Errorf("concurrent duplicate: %v", err)
			}
		}
		n := 0
		for c := range createdCount {
			if c {
				n++
			}
		}
		var rows int64
		db.Raw("SELECT COUNT(*) FROM submissions WHERE instance_id = ?", dup).Scan(&rows)
		if n != 1 || rows != 1 {
			t.Errorf("concurrent duplicates: %d reported created, %d rows; want 1 and 1", n, rows)
		}
	})
}

func asHaven(err error, target **haven.Error) bool { return errors.As(err, target) }

func TestFeedbackLeavesNoTraceOfWhoSentIt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		log := audit.New(db.DB)
		s := surveys.NewService(db.DB, log, xform.Render)
		ctx := audit.WithRequestID(audit.WithActor(context.Background(), audit.Actor{ID: "u1", Email: "facilitator@example.org"}), "req-1")
		d := siteSurvey()
		d.FormID, d.Name, d.Kind = "fb", "fb", surveys.KindFeedback
		v, err := s.PublishFeedback(ctx, d, "")
		if err != nil {
			t.Fatal(err)
		}
		sub, _, err := s.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: uuid.NewString(),
			Answers: surveys.Answers{"org": "x", "shelter": "no"}, Collector: audit.Actor{ID: "u1", Email: "facilitator@example.org"}})
		if err != nil {
			t.Fatal(err)
		}
		if sub.CollectorID != "" || sub.CollectorEmail != "" {
			t.Errorf("feedback kept its collector: %+v", sub)
		}
		events, _, _ := log.List(context.Background(), audit.Filter{Action: "submission.create"})
		if len(events) != 1 || events[0].ActorID != "" || events[0].ActorEmail != "" || events[0].RequestID != "" {
			t.Errorf("the audit log says who sent feedback: %+v", events)
		}
	})
}
