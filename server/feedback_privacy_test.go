package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys/feedback"
)

// Responses to a feedback test are submissions, but the review API neither
// lists nor reads them for anyone without the raw_data grant (404, as for
// any submission one may not read); with the grant every read is audited,
// and accepting, rejecting or comparing one is a conflict.
func TestReviewAPIKeepsFeedbackToRawData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		e := feedbackEnvOn(t, newTestEnv(t, db, Config{}))
		collector := e.testEnv.token(accounts.RoleCollector)
		for range 3 {
			w := e.do(request{method: "POST", path: "/api/v1/feedback-tests/" + e.testID + "/responses", body: e.response(true), token: collector})
			if w.Code != http.StatusCreated {
				t.Fatalf("facilitate: %d %s", w.Code, w.Body)
			}
		}
		var ids []string
		e.srv.deps.DB.Table("submissions").Order("id").Pluck("id", &ids)
		if len(ids) != 3 {
			t.Fatalf("%d submissions stored, want 3", len(ids))
		}
		id := ids[0]
		cookie, csrf := e.login(accounts.RoleEditor)
		type call struct{ method, path, body string }
		reads := []call{{"GET", "/api/v1/submissions/" + id, ""}, {"GET", "/api/v1/submissions/" + id + "/diff", ""},
			{"POST", "/api/v1/submissions/" + id + "/accept", "{}"}, {"POST", "/api/v1/submissions/" + id + "/reject", `{"note":"not a provider"}`}}
		for _, role := range []accounts.Role{accounts.RoleEditor, accounts.RoleAdmin} {
			token := e.testEnv.token(role)
			var page struct{ Items []map[string]any }
			w := e.do(request{method: "GET", path: "/api/v1/submissions", token: token})
			if decode(t, w, &page); w.Code != http.StatusOK || len(page.Items) != 0 {
				t.Errorf("%s lists feedback responses: %d %s", role, w.Code, w.Body)
			}
			for _, c := range reads {
				r := request{method: c.method, path: c.path, body: c.body, token: token}
				if role == accounts.RoleEditor {
					// The submissions pages call the API with a session.
					r = request{method: c.method, path: c.path, body: c.body, cookie: cookie, csrf: csrf}
				}
				wantProblem(t, e.do(r), http.StatusNotFound)
			}
		}
		events, _, _ := e.audit.List(context.Background(), auditFilter("submission.read_feedback"))
		if len(events) != 0 {
			t.Fatalf("refused reads audited as feedback reads: %+v", events)
		}

		admin := e.users[accounts.RoleAdmin]
		grants := []accounts.Grant{accounts.GrantRawData}
		if _, err := e.accounts.UpdateUser(context.Background(), admin.ID, accounts.UserPatch{Grants: &grants}); err != nil {
			t.Fatal(err)
		}
		raw := e.testEnv.token(accounts.RoleAdmin)
		var page struct{ Items []map[string]any }
		decode(t, e.do(request{method: "GET", path: "/api/v1/submissions", token: raw}), &page)
		if len(page.Items) != 3 {
			t.Errorf("with raw_data the listing holds %d responses, want 3", len(page.Items))
		}
		w := e.do(request{method: "GET", path: "/api/v1/submissions/" + id, token: raw})
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"free_text"`) || strings.Contains(w.Body.String(), "234 5678") {
			t.Errorf("with raw_data one response reads %d %s; want its masked free text", w.Code, w.Body)
		}
		for _, c := range reads[1:] {
			p := wantProblem(t, e.do(request{method: c.method, path: c.path, body: c.body, token: raw}), http.StatusConflict)
			if !strings.Contains(p.Detail, "feedback test") {
				t.Errorf("%s %s: %q does not say why", c.method, c.path, p.Detail)
			}
		}
		events, _, _ = e.audit.List(context.Background(), auditFilter("submission.read_feedback"))
		if len(events) != 2 {
			t.Fatalf("feedback reads audited: %+v, want the listing and the read", events)
		}
		for _, ev := range events {
			if ev.ActorID != admin.ID {
				t.Errorf("a feedback read audited without its reader: %+v", ev)
			}
		}
		var status string
		e.srv.deps.DB.Table("submissions").Where("id = ?", id).Pluck("status", &status)
		if status != "submitted" {
			t.Errorf("a refused decision changed the response to %q", status)
		}
	})
}

// POST /api/v1/surveys publishes no feedback survey: not over a test's
// survey (409, which keeps its one version), not a new one and not a
// form ID kept for tests (400, naming the field).
func TestPublishAPIRefusesFeedbackSurveys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		e := feedbackEnvOn(t, newTestEnv(t, db, Config{}))
		token := e.testEnv.token(accounts.RoleEditor)
		def := func(formID, kind string) string {
			return `{"form_id":"` + formID + `","name":"data","title":"Ours now","kind":"` + kind +
				`","questions":[{"type":"text","name":"comment","label":{"":"Comment"}}]}`
		}
		formID := feedback.FormID(e.testID)
		for _, tc := range []struct {
			name, body string
			status     int
			field      string
		}{
			{"a version of the test's survey", def(formID, "feedback"), http.StatusConflict, ""},
			{"a general version of the test's survey", def(formID, "general"), http.StatusConflict, ""},
			{"a new feedback survey", def("exit_poll", "feedback"), http.StatusBadRequest, "kind"},
			{"a form ID kept for tests", def("feedback-next", "general"), http.StatusBadRequest, "form_id"},
		} {
			p := wantProblem(t, e.do(request{method: "POST", path: "/api/v1/surveys", body: tc.body, token: token}), tc.status)
			if tc.field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != tc.field) {
				t.Errorf("%s: %+v, want an error on %s", tc.name, p, tc.field)
			}
		}
		sv, err := e.srv.deps.Surveys.Survey(context.Background(), formID)
		if err != nil || sv.Latest.Number != 1 || sv.Title == "Ours now" {
			t.Errorf("the test's survey after refused publishing: %+v %v", sv, err)
		}
	})
}

// Without the raw_data grant, the responses to a test are seen only in its
// results: survey analytics of its survey are refused with a problem that
// says where to look (suppressed on their own, their totals would give
// hidden cells of the results away); no free cross-tab, no export.
func TestSurveyAnalyticsAPIProtectsFeedback(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		e := feedbackEnvOn(t, newTestEnv(t, db, Config{}))
		collector := e.testEnv.token(accounts.RoleCollector)
		for i := range 13 {
			group := "survivor"
			switch {
			case i >= 8:
				group = "provider"
			case i >= 6:
				group = "frontline"
			}
			b, _ := json.Marshal(feedback.ResponseInput{InstanceID: uuid.NewString(), Language: "en", Consent: true, Group: group,
				DraftOrder: []string{"A"}, Tasks: []feedback.TaskInput{{Task: "shelter", Chosen: []string{e.shelterID}, Seconds: new(30)}}})
			if w := e.do(request{method: "POST", path: "/api/v1/feedback-tests/" + e.testID + "/responses", body: string(b), token: collector}); w.Code != http.StatusCreated {
				t.Fatalf("facilitate: %d %s", w.Code, w.Body)
			}
		}
		base := "/api/v1/surveys/" + feedback.FormID(e.testID)
		researcher := e.testEnv.token(accounts.RoleResearcher)
		w := e.do(request{method: "GET", path: base + "/analytics", token: researcher})
		wantProblem(t, w, http.StatusForbidden)
		if !strings.Contains(w.Body.String(), "results") || strings.Contains(w.Body.String(), `"total"`) {
			t.Errorf("analytics refused with %s", w.Body)
		}
		wantProblem(t, e.do(request{method: "GET", path: base + "/crosstab?rows=group&cols=mode", token: researcher}), http.StatusForbidden)
		wantProblem(t, e.do(request{method: "GET", path: base + "/export?format=csv", token: researcher}), http.StatusForbidden)

		researcherUser := e.users[accounts.RoleResearcher]
		grants := []accounts.Grant{accounts.GrantRawData}
		if _, err := e.accounts.UpdateUser(context.Background(), researcherUser.ID, accounts.UserPatch{Grants: &grants}); err != nil {
			t.Fatal(err)
		}
		raw := e.testEnv.token(accounts.RoleResearcher)
		w = e.do(request{method: "GET", path: base + "/analytics", token: raw})
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"total":13`) {
			t.Errorf("with raw_data: %d %s", w.Code, w.Body)
		}
		if w := e.do(request{method: "GET", path: base + "/crosstab?rows=group&cols=mode", token: raw}); w.Code != http.StatusOK {
			t.Errorf("cross-tab with raw_data: %d %s", w.Code, w.Body)
		}
	})
}
