package server

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/builtin"
)

func TestReviewAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) { testReviewAPI(t, db) })
}

func testReviewAPI(t *testing.T, db *database.DB) {
	env := newTestEnv(t, db, Config{})
	ctx := context.Background()
	if _, err := env.srv.deps.Surveys.Ensure(ctx, builtin.ProviderMapping(), "built in"); err != nil {
		t.Fatal(err)
	}
	kh, err := env.accounts.CreateUser(ctx, accounts.NewUser{Email: "kh@example.org", Role: accounts.RoleEditor, Countries: []string{"KH"}, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	_, khToken, err := env.accounts.CreateToken(ctx, kh.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	editor, collector, viewer := env.token(accounts.RoleEditor), env.token(accounts.RoleCollector), env.token(accounts.RoleViewer)

	submit := func(answers string) string {
		t.Helper()
		w := env.do(request{method: "POST", path: "/api/v1/surveys/" + builtin.ProviderMappingFormID + "/submissions", token: collector,
			body: `{"instance_id":"` + uuid.NewString() + `","answers":` + answers + `}`})
		if w.Code != http.StatusCreated {
			t.Fatalf("submit: %d %s", w.Code, w.Body)
		}
		var r submissionReceipt
		decode(t, w, &r)
		return r.ID
	}
	shelter := submit(`{"org_name":"Safe House","org_type":"ngo","country":"TH","org_status":"active",
		"location_tier":"hidden","location_point_hidden":"16.7167 98.5667 0 5","location_address":"99 Secret Lane",
		"services":[{"service_type":"accommodation.emergency","cost_kind":"free"}],"hotline":"1300","verified_today":"no"}`)
	office := submit(`{"org_name":"Bangkok Legal Aid","org_type":"ngo","country":"TH","org_status":"active",
		"location_tier":"public","location_point":"13.7563 100.5018 0 5",
		"services":[{"service_type":"legal_aid","cost_kind":"free"}],"verified_today":"no"}`)

	// Nobody without the grant sees the shelter's place, in any answer.
	for _, token := range []string{editor, collector} {
		for _, path := range []string{"/api/v1/submissions/" + shelter, "/api/v1/submissions", "/api/v1/submissions/" + shelter + "/diff"} {
			w := env.do(request{method: "GET", path: path, token: token})
			if token == collector && strings.HasSuffix(path, "/diff") {
				wantProblem(t, w, http.StatusForbidden)
				continue
			}
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
			}
			if strings.Contains(w.Body.String(), "16.7167") || strings.Contains(w.Body.String(), "Secret Lane") {
				t.Errorf("GET %s shows the hidden shelter's place: %s", path, w.Body)
			}
		}
	}
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/submissions/" + shelter, token: viewer}), http.StatusForbidden)
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/submissions/" + uuid.NewString(), token: editor}), http.StatusNotFound)

	// An editor of another country may not decide.
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/submissions/" + office + "/accept", token: khToken}), http.StatusForbidden)
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/submissions/" + office + "/reject", token: khToken, body: `{"note":"no"}`}), http.StatusForbidden)
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/submissions/" + office + "/accept", token: collector}), http.StatusForbidden)

	w := env.do(request{method: "POST", path: "/api/v1/submissions/" + office + "/accept", token: editor, body: `{}`})
	if w.Code != http.StatusOK {
		t.Fatalf("accept: %d %s", w.Code, w.Body)
	}
	var p mapping.Provider
	decode(t, w, &p)
	if p.ID == "" || p.Name != "Bangkok Legal Aid" || p.Provenance.Ref != office {
		t.Errorf("accepted provider = %+v", p)
	}
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/submissions/" + office + "/accept", token: editor}), http.StatusConflict)

	p400 := wantProblem(t, env.do(request{method: "POST", path: "/api/v1/submissions/" + shelter + "/reject", token: editor, body: `{"note":""}`}), http.StatusBadRequest)
	if len(p400.Errors) != 1 || p400.Errors[0].Field != "note" {
		t.Errorf("reject without a note: %+v", p400)
	}
	if w := env.do(request{method: "POST", path: "/api/v1/submissions/" + shelter + "/reject", token: editor, body: `{"note":"Ask the manager first."}`}); w.Code != http.StatusOK {
		t.Fatalf("reject: %d %s", w.Code, w.Body)
	}

	w = env.do(request{method: "GET", path: "/api/v1/submissions?status=rejected", token: collector})
	var mine list[surveys.Submission]
	decode(t, w, &mine)
	if len(mine.Items) != 1 || mine.Items[0].ID != shelter || mine.Items[0].ReviewNote != "Ask the manager first." {
		t.Errorf("the collector's rejected submissions: %s", w.Body)
	}
	w = env.do(request{method: "GET", path: "/api/v1/submissions/" + office, token: collector})
	var sub surveys.Submission
	decode(t, w, &sub)
	if sub.Status != surveys.StatusAccepted || sub.ProviderID != p.ID {
		t.Errorf("the collector's accepted submission: %s", w.Body)
	}
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/submissions?status=pending", token: editor}), http.StatusBadRequest)

	for _, action := range []string{"submission.accept", "submission.reject", "provider.create"} {
		evs, _, err := env.audit.List(ctx, auditFilter(action))
		if err != nil || len(evs) != 1 {
			t.Errorf("%s events: %d, %v", action, len(evs), err)
		}
	}
}
