package server

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
)

// analyticsSurvey is a small survey with a select, a number, a place tier,
// a geopoint and a repeat.
func analyticsSurvey() surveys.Definition {
	en := func(s string) surveys.Text { return surveys.Text{"": s} }
	return surveys.Definition{
		FormID: "counts", Name: "counts", Title: "Counts", Kind: surveys.KindGeneral,
		Questions: []surveys.Question{
			{Type: surveys.TypeSelectOne, Name: "colour", Label: en("Colour"), ListName: "colours"},
			{Type: surveys.TypeInteger, Name: "age", Label: en("Age")},
			{Type: surveys.TypeSelectOne, Name: "location_tier", Label: en("Tier"), ListName: "tiers"},
			{Type: surveys.TypeGeopoint, Name: "location_point", Label: en("Where")},
			{Type: surveys.TypeRepeat, Name: "kids", Label: en("Children"), Children: []surveys.Question{
				{Type: surveys.TypeInteger, Name: "kid_age", Label: en("Age")},
			}},
		},
		ChoiceLists: map[string][]surveys.Choice{
			"colours": {{Name: "red", Label: en("Red")}, {Name: "blue", Label: en("Blue")}},
			"tiers":   {{Name: "public", Label: en("Public")}, {Name: "hidden", Label: en("Hidden")}},
		},
	}
}

func TestAnalyticsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) { testAnalyticsAPI(t, db) })
}

func testAnalyticsAPI(t *testing.T, db *database.DB) {
	env := newTestEnv(t, db, Config{})
	ctx := context.Background()
	v, err := env.srv.deps.Surveys.Publish(ctx, analyticsSurvey(), "counts.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []surveys.Answers{
		{"colour": "red", "age": "10", "location_tier": "public", "location_point": "16.7011111 98.5011111 0 0",
			"kids": []any{map[string]any{"kid_age": "3"}, map[string]any{"kid_age": "5"}}},
		{"colour": "blue", "age": "30", "location_tier": "hidden", "location_point": "16.7344444 98.5844444 0 0"},
		{"colour": "red", "age": "20"},
	} {
		if _, _, err := env.srv.deps.Surveys.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: uuid.NewString(),
			Answers: a, Channel: surveys.ChannelAPI, Collector: audit.Actor{ID: "c", Email: "c@example.org"}}); err != nil {
			t.Fatal(err)
		}
	}
	grant := func(r accounts.Role, gs ...accounts.Grant) string {
		if _, err := env.accounts.UpdateUser(ctx, env.users[r].ID, accounts.UserPatch{Grants: &gs}); err != nil {
			t.Fatal(err)
		}
		return env.token(r)
	}
	researcher := env.token(accounts.RoleResearcher)
	editor := env.token(accounts.RoleEditor)
	admin := env.token(accounts.RoleAdmin)
	collector := env.token(accounts.RoleCollector)
	viewer := env.token(accounts.RoleViewer)
	base := "/api/v1/surveys/counts/"

	t.Run("summary", func(t *testing.T) {
		w := env.do(request{method: "GET", path: base + "analytics", token: researcher})
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		var s analytics.Summary
		decode(t, w, &s)
		if s.Total != 3 || s.SurveyID != v.SurveyID || len(s.ByCollector) != 1 || s.ByCollector[0].N != 3 {
			t.Errorf("summary = %+v", s)
		}
		for _, q := range s.Questions {
			if q.Name == "age" && (q.Numbers == nil || q.Numbers.Median != 20 || q.Numbers.Q1 != 15 || q.Numbers.Q3 != 25) {
				t.Errorf("age = %+v", q.Numbers)
			}
			if q.Name == "colour" && (len(q.Choices) != 2 || q.Choices[0].N != 2 || q.Choices[0].Percent != 66.67) {
				t.Errorf("colour = %+v", q.Choices)
			}
		}
		wantProblem(t, env.do(request{method: "GET", path: base + "analytics", token: collector}), http.StatusForbidden)
		wantProblem(t, env.do(request{method: "GET", path: base + "analytics", token: viewer}), http.StatusForbidden)
		wantProblem(t, env.do(request{method: "GET", path: base + "analytics?status=lost", token: editor}), http.StatusBadRequest)
		wantProblem(t, env.do(request{method: "GET", path: base + "analytics?since=yesterday", token: editor}), http.StatusBadRequest)
		wantProblem(t, env.do(request{method: "GET", path: "/api/v1/surveys/nope/analytics", token: editor}), http.StatusNotFound)
	})

	t.Run("crosstab", func(t *testing.T) {
		// Three submissions: too few to cross without the raw_data grant.
		w := env.do(request{method: "GET", path: base + "crosstab?rows=colour&cols=location_tier", token: admin})
		var small analytics.CrossTab
		decode(t, w, &small)
		if w.Code != http.StatusOK || small.Suppressed == "" || len(small.Counts) != 0 {
			t.Errorf("small cross-tab without raw_data: %d %+v", w.Code, small)
		}
		analyst, err := env.accounts.CreateUser(ctx, accounts.NewUser{Email: "analyst@example.org", Role: accounts.RoleResearcher,
			Grants: []accounts.Grant{accounts.GrantRawData}})
		if err != nil {
			t.Fatal(err)
		}
		_, analystToken, err := env.accounts.CreateToken(ctx, analyst.ID, "analysis")
		if err != nil {
			t.Fatal(err)
		}
		w = env.do(request{method: "GET", path: base + "crosstab?rows=colour&cols=location_tier", token: analystToken})
		if w.Code != http.StatusOK {
			t.Fatalf("%d %s", w.Code, w.Body)
		}
		var ct analytics.CrossTab
		decode(t, w, &ct)
		if ct.Total != 2 || ct.Missing != 1 || len(ct.Counts) != 2 || ct.Counts[0][0] != 1 || ct.Counts[1][1] != 1 {
			t.Errorf("crosstab = %+v", ct)
		}
		wantProblem(t, env.do(request{method: "GET", path: base + "crosstab?rows=age&cols=colour", token: admin}), http.StatusBadRequest)
	})

	t.Run("points", func(t *testing.T) {
		w := env.do(request{method: "GET", path: base + "points", token: researcher})
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/geo+json" {
			t.Fatalf("%d %s %s", w.Code, w.Header().Get("Content-Type"), w.Body)
		}
		if strings.Contains(w.Body.String(), "16.734") || !strings.Contains(w.Body.String(), `"withheld":1`) {
			t.Errorf("without the grant: %s", w.Body)
		}
		cleared := grant(accounts.RoleEditor, accounts.GrantConfidential)
		w = env.do(request{method: "GET", path: base + "points", token: cleared})
		if !strings.Contains(w.Body.String(), "16.734") || !strings.Contains(w.Body.String(), `"withheld":0`) {
			t.Errorf("with the grant: %s", w.Body)
		}
		evs, _, _ := env.audit.List(ctx, auditFilter("submission.read_confidential"))
		if len(evs) != 1 || evs[0].ActorEmail != "editor@example.org" {
			t.Errorf("audit = %+v", evs)
		}
	})

	t.Run("export", func(t *testing.T) {
		// Without raw_data: 403, admins included.
		for _, tok := range []string{researcher, admin} {
			wantProblem(t, env.do(request{method: "GET", path: base + "export?format=csv", token: tok}), http.StatusForbidden)
		}
		wantProblem(t, env.do(request{method: "GET", path: base + "export", token: collector}), http.StatusForbidden)
		raw := grant(accounts.RoleResearcher, accounts.GrantRawData)
		wantProblem(t, env.do(request{method: "GET", path: base + "export?format=pdf", token: raw}), http.StatusBadRequest)
		wantProblem(t, env.do(request{method: "GET", path: base + "export?format=xlsx&part=kids", token: raw}), http.StatusBadRequest)

		w := env.do(request{method: "GET", path: base + "export?format=csv&labels=true", token: raw})
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") ||
			w.Header().Get("Content-Disposition") != `attachment; filename="counts.csv"` {
			t.Fatalf("%d %v %s", w.Code, w.Header(), w.Body)
		}
		recs, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
		if err != nil || len(recs) != 4 {
			t.Fatalf("csv: %v %q", err, w.Body)
		}
		if got := strings.Join(recs[0], ","); got != "id,instance_id,submitted_at,status,collector,colour,age,location_tier,location_point" {
			t.Errorf("header = %s", got)
		}
		if strings.Contains(w.Body.String(), "16.734") || !strings.Contains(w.Body.String(), "Red") {
			t.Errorf("the hidden place leaked, or labels are missing: %s", w.Body)
		}

		w = env.do(request{method: "GET", path: base + "export?format=csv&part=kids", token: raw})
		if w.Code != http.StatusOK || w.Header().Get("Content-Disposition") != `attachment; filename="counts-kids.csv"` ||
			strings.Count(w.Body.String(), "\n") != 3 {
			t.Errorf("part: %d %v %q", w.Code, w.Header(), w.Body)
		}
		w = env.do(request{method: "GET", path: base + "export?format=xlsx", token: raw})
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "PK") {
			t.Errorf("xlsx: %d", w.Code)
		}
		w = env.do(request{method: "GET", path: base + "export?format=geojson", token: raw})
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/geo+json" || !strings.Contains(w.Body.String(), `"withheld":1`) {
			t.Errorf("geojson: %d %s", w.Code, w.Body)
		}

		evs, _, _ := env.audit.List(ctx, auditFilter("survey.export"))
		if len(evs) != 4 {
			t.Fatalf("%d export events, want 4", len(evs))
		}
		csvEvent := evs[3] // newest first
		if csvEvent.ActorEmail != "researcher@example.org" || csvEvent.ObjectID != v.SurveyID ||
			csvEvent.Detail["format"] != "csv" || csvEvent.Detail["rows"] != float64(3) || csvEvent.RequestID == "" {
			t.Errorf("audit = %+v", csvEvent)
		}
	})
}
