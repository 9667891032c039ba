package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/surveys/feedback"
)

// feedbackEnv is a server with an open feedback test on a frozen draft of
// one shelter in Tak, and a participant link to it.
type feedbackEnv struct {
	*testEnv
	testID    string
	shelterID string
	token     string
}

func newFeedbackEnv(t *testing.T) *feedbackEnv {
	t.Helper()
	return feedbackEnvOn(t, newSQLiteEnv(t))
}

// feedbackEnvOn is newFeedbackEnv on env's database.
func feedbackEnvOn(t *testing.T, env *testEnv) *feedbackEnv {
	t.Helper()
	ctx := context.Background()
	f, err := os.Open("../demo/data/th_adm1.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := env.regions.Import(ctx, f, mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"}, nil); err != nil {
		t.Fatal(err)
	}
	admin := env.users[accounts.RoleAdmin]
	lat, lon := 16.7167, 98.5667
	shelter, err := env.dir.Create(ctx, admin, mapping.Provider{Name: "Mae Sot Shelter", Country: "TH",
		Locations: []mapping.Location{{Tier: mapping.TierPublic, Latitude: &lat, Longitude: &lon}},
		Services:  []mapping.Service{{Type: "accommodation"}}})
	if err != nil {
		t.Fatal(err)
	}
	ds := drafts.NewService(drafts.NewStore(env.srv.deps.DB.DB, env.audit), env.dir, env.srv.deps.Taxonomy)
	d, err := ds.CreateDraft(ctx, admin, drafts.DraftInput{Name: "Tak", Countries: []string{"TH"}, Audience: drafts.AudienceTesting,
		Settings: drafts.Settings{Language: "en"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := ds.Freeze(ctx, admin, d.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	fb := env.srv.deps.Feedback
	test, err := fb.Create(ctx, admin, feedback.TestInput{Title: "Walk test", Country: "TH",
		Drafts: []feedback.DraftRef{{DraftID: v.DraftID, Version: v.Number}}, AreaSet: "th", AreaLevel: 1,
		Consent: map[string]string{"en": "I agree."},
		Tasks:   []feedback.Task{{Code: "shelter", Scenario: map[string]string{"en": "Find a shelter."}, CorrectProviders: []string{shelter.ID}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fb.Open(ctx, admin, test.ID); err != nil {
		t.Fatal(err)
	}
	link, err := fb.IssueLink(ctx, admin, test.ID, "walk")
	if err != nil {
		t.Fatal(err)
	}
	return &feedbackEnv{testEnv: env, testID: test.ID, shelterID: shelter.ID, token: link.Token}
}

func (e *feedbackEnv) response(consent bool) string {
	b, _ := json.Marshal(feedback.ResponseInput{InstanceID: uuid.NewString(), Language: "th", Consent: consent, Group: "survivor",
		DraftOrder: []string{"A"}, Tasks: []feedback.TaskInput{{Task: "shelter", Chosen: []string{e.shelterID}, Seconds: new(30)}},
		FreeText: "Call me on 081 234 5678"})
	return string(b)
}

// A participant on a link reads the test without its answers, and sends a
// response once; without consent nothing is stored. The log holds neither
// the link's token nor the participant's address, query or user agent.
func TestParticipantLink(t *testing.T) {
	e := newFeedbackEnv(t)
	agent := map[string]string{"User-Agent": "Mozilla/5.0 (Linux; Android 8.1; itel A16) Participant-Phone", "X-Forwarded-For": "203.0.113.77"}

	w := e.do(request{method: "GET", path: "/t/" + e.token + "/test?from=sms-campaign", header: agent})
	if w.Code != http.StatusOK {
		t.Fatalf("the participant's view: %d %s", w.Code, w.Body)
	}
	if strings.Contains(w.Body.String(), "correct") {
		t.Errorf("the participant's view gives away the answers: %s", w.Body)
	}
	w = e.do(request{method: "POST", path: "/t/" + e.token + "/assignment", body: `{"group":"survivor"}`, header: agent})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"draft_order":["A"]`) {
		t.Errorf("assignment: %d %s", w.Code, w.Body)
	}

	p := wantProblem(t, e.do(request{method: "POST", path: "/t/" + e.token + "/responses", body: e.response(false), header: agent}), http.StatusBadRequest)
	if len(p.Errors) != 1 || p.Errors[0].Field != "consent" {
		t.Errorf("without consent: %+v", p)
	}
	var n int64
	e.srv.deps.DB.Table("submissions").Count(&n)
	if n != 0 {
		t.Fatalf("without consent %d submissions were stored", n)
	}
	body := e.response(true)
	if w := e.do(request{method: "POST", path: "/t/" + e.token + "/responses", body: body, header: agent}); w.Code != http.StatusCreated {
		t.Fatalf("a response: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{method: "POST", path: "/t/" + e.token + "/responses", body: body, header: agent}); w.Code != http.StatusOK {
		t.Errorf("the same response again: %d %s, want 200", w.Code, w.Body)
	}
	e.srv.deps.DB.Table("submissions").Count(&n)
	if n != 1 {
		t.Errorf("%d submissions stored, want 1", n)
	}
	wantProblem(t, e.do(request{method: "GET", path: "/t/not-a-token/test"}), http.StatusNotFound)

	// The draft's own web directory, under the link only.
	if w := e.do(request{method: "GET", path: "/t/" + e.token + "/drafts/A/web"}); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Mae Sot Shelter") {
		t.Errorf("draft A's web directory: %d, holds the shelter: %v", w.Code, strings.Contains(w.Body.String(), "Mae Sot Shelter"))
	}
	for _, path := range []string{"/t/" + e.token + "/drafts/B/web", "/t/not-a-token/drafts/A/web", "/t/" + e.token + "/drafts/A/nothing"} {
		if w := e.do(request{method: "GET", path: path}); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "Mae Sot Shelter") {
			t.Errorf("%s: %d", path, w.Code)
		}
	}

	logs := e.logs.String()
	if !strings.Contains(logs, `"route":"/t/:token/responses"`) {
		t.Fatalf("the log holds no participant request: %s", logs)
	}
	for _, secret := range []string{e.token, "192.0.2.1", "203.0.113.77", "Participant-Phone", "sms-campaign", "081 234 5678"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

// Participant requests beyond the limits are refused with 429 and a short
// Retry-After, and other routes are not limited by them.
func TestParticipantRateLimit(t *testing.T) {
	e := newFeedbackEnv(t)
	refused := 0
	for i := range 150 {
		w := e.do(request{method: "GET", path: fmt.Sprintf("/t/%s/test", e.token)})
		if w.Code == http.StatusTooManyRequests {
			if refused == 0 && i < 50 {
				t.Errorf("refused after only %d requests", i)
			}
			if got := w.Header().Get("Retry-After"); got != "60" {
				t.Errorf("Retry-After %q, want 60", got)
			}
			refused++
		}
	}
	if refused == 0 {
		t.Fatal("150 requests at once from one client were all answered")
	}
	if w := e.do(request{method: "GET", path: "/healthz"}); w.Code != http.StatusOK {
		t.Errorf("health check after the participant limit: %d", w.Code)
	}
}

// Facilitators enter responses for participants; viewers may not, and
// researchers read the test but cannot open or facilitate it.
func TestFeedbackAccessRules(t *testing.T) {
	e := newFeedbackEnv(t)
	path := "/api/v1/feedback-tests/" + e.testID
	tests := []struct {
		role         accounts.Role
		method, path string
		body         string
		want         int
	}{
		{accounts.RoleViewer, "GET", "/api/v1/feedback-tests", "", http.StatusForbidden},
		{accounts.RoleResearcher, "GET", path, "", http.StatusOK},
		{accounts.RoleResearcher, "POST", path + "/close", "", http.StatusForbidden},
		{accounts.RoleCollector, "GET", path + "/participant", "", http.StatusOK},
		{accounts.RoleCollector, "POST", path + "/assignments", `{"group":"frontline"}`, http.StatusOK},
		{accounts.RoleCollector, "POST", path + "/responses", e.response(true), http.StatusCreated},
		{accounts.RoleCollector, "GET", path + "/links", "", http.StatusForbidden},
		{accounts.RoleResearcher, "POST", path + "/responses", e.response(true), http.StatusForbidden},
		{accounts.RoleEditor, "GET", "/api/v1/provider-issues?status=open", "", http.StatusOK},
		{accounts.RoleCollector, "GET", "/api/v1/provider-issues", "", http.StatusForbidden},
		{accounts.RoleAdmin, "POST", path + "/close", "", http.StatusOK},
		{accounts.RoleCollector, "POST", path + "/responses", e.response(true), http.StatusConflict},
	}
	for _, tt := range tests {
		w := e.do(request{method: tt.method, path: tt.path, body: tt.body, token: e.testEnv.token(tt.role)})
		if w.Code != tt.want {
			t.Errorf("%s %s as %s: %d, want %d (%s)", tt.method, tt.path, tt.role, w.Code, tt.want, w.Body)
		}
	}
	// A closed test's link stops working.
	wantProblem(t, e.do(request{method: "GET", path: "/t/" + e.token + "/test"}), http.StatusNotFound)
}

// A test's survey takes no submission through the survey API: consent,
// masking and task success are the feedback service's to check.
func TestFeedbackSurveyRefusesDirectSubmissions(t *testing.T) {
	e := newFeedbackEnv(t)
	body := fmt.Sprintf(`{"instance_id":%q,"answers":{"consent":"yes","language":"en","mode":"self","group":"survivor","draft":"A","draft_order":"A","task_shelter_success":"yes"}}`, uuid.NewString())
	w := e.do(request{method: "POST", path: "/api/v1/surveys/" + feedback.FormID(e.testID) + "/submissions", body: body, token: e.testEnv.token(accounts.RoleCollector)})
	wantProblem(t, w, http.StatusConflict)
	var n int64
	e.srv.deps.DB.Table("submissions").Count(&n)
	if n != 0 {
		t.Errorf("%d submissions stored through the survey API", n)
	}
}
