package review

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
)

// feedbackSurvey is a small feedback survey: a group and free text.
func feedbackSurvey() surveys.Definition {
	en := func(s string) surveys.Text { return surveys.Text{"": s} }
	return surveys.Definition{FormID: "feedback-t1", Name: "feedback", Title: "Walk test", Kind: surveys.KindFeedback,
		Questions: []surveys.Question{
			{Type: surveys.TypeSelectOne, Name: "group", Label: en("Group"), ListName: "groups", Required: true},
			{Type: surveys.TypeText, Name: "free_text", Label: en("Anything else?")},
		},
		ChoiceLists: map[string][]surveys.Choice{"groups": {{Name: "survivor", Label: en("Survivor")}, {Name: "frontline", Label: en("Frontline")}}},
	}
}

// submitFeedback stores n responses to the feedback survey and returns
// their IDs.
func (w *world) submitFeedback(n int) []string {
	w.t.Helper()
	ctx := context.Background()
	v, err := w.surveys.PublishFeedback(ctx, feedbackSurvey(), "feedback test t1")
	if err != nil {
		w.t.Fatal(err)
	}
	var ids []string
	for range n {
		sub, _, err := w.surveys.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: uuid.NewString(), Channel: surveys.ChannelWeb,
			Answers: surveys.Answers{"group": "survivor", "free_text": "The shelter in Mae Sot turned me away"}})
		if err != nil {
			w.t.Fatal(err)
		}
		ids = append(ids, sub.ID)
	}
	return ids
}

// Survivor feedback is not browsed one response at a time without the
// raw_data grant: review lists none and reads none (not found), for
// admins and editors of every country too. With the grant each read is
// audited; accepting, rejecting or comparing a response is a conflict.
func TestFeedbackResponsesNeedRawData(t *testing.T) {
	editorAll := accounts.User{ID: "u-editor-all", Email: "editor-all@example.org", Role: accounts.RoleEditor}
	rawAdmin := accounts.User{ID: "u-raw", Email: "raw@example.org", Role: accounts.RoleAdmin,
		Grants: []accounts.Grant{accounts.GrantConfidential, accounts.GrantRawData}}
	rawEditorTH := editorTH
	rawEditorTH.Grants = []accounts.Grant{accounts.GrantRawData}
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		mapping := w.submit(collector, office())
		feedback := w.submitFeedback(3) // newer than the mapping submission

		// rawEditorTH has the grant, but reads only submissions about
		// Thailand, and a response names no country.
		for _, u := range []accounts.User{adminUser, editorAll, editorTH, rawEditorTH} {
			// A page of one still finds the mapping submission behind the
			// three feedback responses: the database leaves them out.
			page, next, err := w.review.List(ctx, u, Filter{SubmissionFilter: surveys.SubmissionFilter{Limit: 1}})
			if err != nil || len(page) != 1 || page[0].ID != mapping.ID || next != "" {
				t.Errorf("%s lists %v (next %q), %v; want the mapping submission alone", u.ID, ids(page), next, err)
			}
			byForm, _, err := w.review.List(ctx, u, Filter{SubmissionFilter: surveys.SubmissionFilter{SurveyID: surveyID(t, w, "feedback-t1")}})
			if err != nil || len(byForm) != 0 {
				t.Errorf("%s lists the feedback survey's submissions: %v, %v", u.ID, ids(byForm), err)
			}
			if _, err := w.review.Get(ctx, u, feedback[0]); haven.KindOf(err) != haven.KindNotFound {
				t.Errorf("%s reads a feedback response: %v", u.ID, err)
			}
			if _, err := w.review.Diff(ctx, u, feedback[0], ""); haven.KindOf(err) != haven.KindNotFound {
				t.Errorf("%s compares a feedback response: %v", u.ID, err)
			}
			if _, err := w.review.Accept(ctx, u, feedback[0], ""); haven.KindOf(err) != haven.KindNotFound {
				t.Errorf("%s accepts a feedback response: %v", u.ID, err)
			}
			if _, err := w.review.Reject(ctx, u, feedback[0], "no"); haven.KindOf(err) != haven.KindNotFound {
				t.Errorf("%s rejects a feedback response: %v", u.ID, err)
			}
		}
		if evs := w.events("submission.read_feedback"); len(evs) != 0 {
			t.Fatalf("reads without the grant were audited as feedback reads: %+v", evs)
		}

		all, _, err := w.review.List(ctx, rawAdmin, Filter{})
		if err != nil || len(all) != 4 {
			t.Fatalf("with raw_data: %v, %v; want the 3 responses and the mapping submission", ids(all), err)
		}
		evs := w.events("submission.read_feedback")
		if len(evs) != 1 || evs[0].ActorID != rawAdmin.ID || !sameIDs(evs[0].Detail["submission_ids"], feedback) {
			t.Errorf("the listing's audit: %+v", evs)
		}
		it, err := w.review.Get(ctx, rawAdmin, feedback[1])
		if err != nil || it.Answers["free_text"] == nil {
			t.Fatalf("with raw_data: %+v, %v", it, err)
		}
		evs = w.events("submission.read_feedback")
		if len(evs) != 2 || !slices.ContainsFunc(evs, func(e audit.Event) bool { return e.ObjectID == feedback[1] && e.ActorEmail == rawAdmin.Email }) {
			t.Errorf("the read's audit: %+v", evs)
		}
		_, err = w.review.Diff(ctx, rawAdmin, feedback[1], "")
		wantKind(t, err, haven.KindConflict)
		_, err = w.review.Accept(ctx, rawAdmin, feedback[1], "")
		wantKind(t, err, haven.KindConflict)
		_, err = w.review.Reject(ctx, rawAdmin, feedback[1], "not a provider")
		wantKind(t, err, haven.KindConflict)
		sub, err := w.surveys.Submission(ctx, feedback[1])
		if err != nil || sub.Status != surveys.StatusSubmitted || w.providers() != 0 {
			t.Errorf("after refused decisions: status %q, %d providers, %v", sub.Status, w.providers(), err)
		}
	})
}

func surveyID(t *testing.T, w *world, formID string) string {
	t.Helper()
	sv, err := w.surveys.Survey(context.Background(), formID)
	if err != nil {
		t.Fatal(err)
	}
	return sv.ID
}

// sameIDs reports whether an audit detail's list of IDs holds exactly want.
func sameIDs(detail any, want []string) bool {
	list, ok := detail.([]any)
	if !ok || len(list) != len(want) {
		return false
	}
	for _, v := range list {
		if s, ok := v.(string); !ok || !slices.Contains(want, s) {
			return false
		}
	}
	return true
}
