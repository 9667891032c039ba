package server

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/reports"
)

// reportEnv is a server with the Thai provinces and a public and a hidden
// shelter.
func reportEnv(t *testing.T, db *database.DB) *testEnv {
	t.Helper()
	env := newTestEnv(t, db, Config{})
	ctx := context.Background()
	f, err := os.Open("../demo/data/th_adm1.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := env.regions.Import(ctx, f, mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"}, nil); err != nil {
		t.Fatal(err)
	}
	cleared := accounts.User{Email: "cleared@example.org", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential}}
	for _, p := range []mapping.Provider{
		secretProvider("Open", mapping.TierPublic, 16.7011111, 98.5011111),
		secretProvider("Ghost", mapping.TierHidden, 18.7344444, 98.9844444),
	} {
		if _, err := env.dir.Create(ctx, cleared, p); err != nil {
			t.Fatal(err)
		}
	}
	return env
}

func TestReportRunsAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := reportEnv(t, db)
		researcher := env.token(accounts.RoleResearcher)
		body := `{"set":"th","level":1,"services":["accommodation"],"method":"2sfca","catchment_km":40}`

		for _, role := range []accounts.Role{accounts.RoleViewer, accounts.RoleCollector} {
			wantProblem(t, env.do(request{method: "POST", path: "/api/v1/reports/runs", body: body, token: env.token(role)}), http.StatusForbidden)
		}
		w := env.do(request{method: "POST", path: "/api/v1/reports/runs", body: body, token: researcher})
		if w.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		var run reports.Run
		decode(t, w, &run)
		if w.Header().Get("Location") != "/api/v1/reports/runs/"+run.ID || run.RowCount != 77 || run.Report == nil {
			t.Fatalf("created run: %s %+v", w.Header().Get("Location"), run)
		}
		located := map[string]int{}
		for _, r := range run.Report.Regions {
			located[r.RegionCode] = r.ProvidersLocated
		}
		// The hidden shelter in Chiang Mai counts like the public one in Tak.
		if located["TH63"] != 1 || located["TH50"] != 1 || located["TH10"] != 0 {
			t.Errorf("located: Tak %d, Chiang Mai %d, Bangkok %d", located["TH63"], located["TH50"], located["TH10"])
		}

		w = env.do(request{method: "GET", path: "/api/v1/reports/runs", token: researcher})
		var page struct {
			Items []reports.Run `json:"items"`
			Next  *string       `json:"next"`
		}
		decode(t, w, &page)
		if w.Code != 200 || len(page.Items) != 1 || page.Items[0].ID != run.ID || page.Items[0].Report != nil || page.Next != nil {
			t.Errorf("list: %d %s", w.Code, w.Body)
		}

		w = env.do(request{method: "GET", path: "/api/v1/reports/runs/" + run.ID, token: researcher})
		if w.Code != 200 || w.Header().Get("Content-Disposition") != "" || !strings.Contains(w.Body.String(), `"regions":[`) {
			t.Errorf("get: %d %s", w.Code, w.Header())
		}
		for _, tc := range []struct{ query, contentType, prefix string }{
			{"?format=csv", "text/csv; charset=utf-8", "region_code,region_name,level,parent_code,service,"},
			{"?format=csv&hxl=true", "text/csv; charset=utf-8", "region_code,"},
			{"?format=json", "application/json; charset=utf-8", "{"},
			{"?format=geojson", "application/geo+json", `{"type":"FeatureCollection","features":[`},
			{"?format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
		} {
			w := env.do(request{method: "GET", path: "/api/v1/reports/runs/" + run.ID + tc.query, token: researcher})
			cd := w.Header().Get("Content-Disposition")
			if w.Code != 200 || w.Header().Get("Content-Type") != tc.contentType || !strings.HasPrefix(w.Body.String(), tc.prefix) ||
				!strings.HasPrefix(cd, `attachment; filename="coverage-th-level1-2sfca-`) {
				t.Errorf("%s: %d %q %q %.60s", tc.query, w.Code, w.Header().Get("Content-Type"), cd, w.Body)
			}
			for _, secret := range []string{"18.73444", "98.98444", "Ghost"} {
				if tc.query != "?format=xlsx" && strings.Contains(w.Body.String(), secret) {
					t.Errorf("%s holds %q of the hidden provider", tc.query, secret)
				}
			}
		}
		wantProblem(t, env.do(request{method: "GET", path: "/api/v1/reports/runs/" + run.ID, token: env.token(accounts.RoleViewer)}), http.StatusForbidden)
		wantProblem(t, env.do(request{method: "GET", path: "/api/v1/reports/runs/01a21d50-bfb2-7820-98e5-c9c4a8d5ec31", token: researcher}), http.StatusNotFound)

		// A second round after a shelter opens in Bangkok, compared with the first.
		cleared := accounts.User{Email: "cleared@example.org", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential}}
		if _, err := env.dir.Create(context.Background(), cleared, secretProvider("Town", mapping.TierPublic, 13.7563, 100.5018)); err != nil {
			t.Fatal(err)
		}
		w = env.do(request{method: "POST", path: "/api/v1/reports/runs", body: body, token: researcher})
		var second reports.Run
		decode(t, w, &second)
		w = env.do(request{method: "GET", path: "/api/v1/reports/compare?a=" + run.ID + "&b=" + second.ID, token: researcher})
		var cmp reports.Comparison
		decode(t, w, &cmp)
		if w.Code != 200 || cmp.Summary.Improved < 1 || cmp.Summary.Worsened != 0 {
			t.Errorf("compare: %d %+v", w.Code, cmp.Summary)
		}
		w = env.do(request{method: "GET", path: "/api/v1/reports/compare?format=csv&a=" + run.ID + "&b=" + second.ID, token: researcher})
		rows, err := csv.NewReader(strings.NewReader(w.Body.String())).ReadAll()
		if err != nil || w.Code != 200 || rows[0][7] != "gap_change" || !strings.HasPrefix(w.Header().Get("Content-Disposition"), "attachment") {
			t.Errorf("compare csv: %d %v %v", w.Code, err, rows[:1])
		}
		p := wantProblem(t, env.do(request{method: "GET", path: "/api/v1/reports/compare?a=" + run.ID, token: researcher}), http.StatusBadRequest)
		if len(p.Errors) != 1 || p.Errors[0].Field != "b" {
			t.Errorf("compare without b: %+v", p)
		}
		wantProblem(t, env.do(request{method: "GET", path: "/api/v1/reports/compare?a=" + run.ID + "&b=nope", token: researcher}), http.StatusNotFound)
	})
}

func TestReportRunsAPIRefusals(t *testing.T) {
	env := reportEnv(t, dbtest.OpenSQLite(t))
	researcher := env.token(accounts.RoleResearcher)
	for _, tc := range []struct {
		name, body string
		status     int
		fields     []string
	}{
		{"unknown service type", `{"level":1,"services":["shelterz"]}`, 400, []string{"services[0]"}},
		{"level without regions", `{"level":2}`, 400, []string{"level"}},
		{"bad method", `{"level":1,"method":"3sfca"}`, 400, []string{"method"}},
		{"negative catchment", `{"level":1,"catchment_km":-3}`, 400, []string{"catchment_km"}},
		{"several bad fields", `{"level":0,"method":"x","within_km":-1}`, 400, []string{"level", "method", "within_km"}},
		{"unknown field", `{"level":1,"radius":3}`, 400, []string{"radius"}},
		{"wrong type", `{"level":"one"}`, 400, []string{"level"}},
		{"unknown set", `{"level":1,"set":"nope"}`, 400, []string{"set"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := wantProblem(t, env.do(request{method: "POST", path: "/api/v1/reports/runs", body: tc.body, token: researcher}), tc.status)
			var got []string
			for _, f := range p.Errors {
				got = append(got, f.Field)
				if f.Message == "" {
					t.Errorf("field %s has no message", f.Field)
				}
			}
			if strings.Join(got, " ") != strings.Join(tc.fields, " ") {
				t.Errorf("fields %v, want %v (%+v)", got, tc.fields, p)
			}
		})
	}
	w := env.do(request{method: "POST", path: "/api/v1/reports/runs", body: `{"level":1}`, token: researcher})
	var run reports.Run
	decode(t, w, &run)
	for _, q := range []string{"?format=docx", "?format=json&hxl=true", "?format=csv&hxl=maybe"} {
		p := wantProblem(t, env.do(request{method: "GET", path: "/api/v1/reports/runs/" + run.ID + q, token: researcher}), http.StatusBadRequest)
		if len(p.Errors) == 0 {
			t.Errorf("%s: no field named: %+v", q, p)
		}
	}
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/reports/runs?limit=0", token: researcher}), http.StatusBadRequest)
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/reports/runs?cursor=x", token: researcher}), http.StatusBadRequest)
	var page struct{ Items []json.RawMessage }
	decode(t, env.do(request{method: "GET", path: "/api/v1/reports/runs", token: researcher}), &page)
	if len(page.Items) != 1 {
		t.Errorf("refused runs were stored: %d runs", len(page.Items))
	}
}
