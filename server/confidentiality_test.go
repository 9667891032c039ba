package server

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
)

// secretProvider makes a provider whose single location has tier, with
// values that appear nowhere else, so a leak is easy to spot.
func secretProvider(tag string, tier mapping.Tier, lat, lon float64) mapping.Provider {
	return mapping.Provider{
		Name: "Walk " + tag + " Shelter", Country: "TH",
		Locations: []mapping.Location{{Name: tag + " Safehouse Gate", Tier: tier, Latitude: &lat, Longitude: &lon,
			Address: &mapping.Address{Line1: "77 " + tag + " Lane", City: tag + "ville", PostalCode: "63" + tag[:1] + "11"}}},
		Services: []mapping.Service{{Type: "accommodation.emergency", Languages: []string{"th"}}},
		Channels: []mapping.Channel{{Kind: "hotline", Value: "1300", Tier: mapping.TierPublic},
			{Kind: "phone", Value: "+66 " + tag + " 4242", Tier: tier}},
	}
}

// TestConfidentialityWalk calls every registered route — with a provider of
// each tier in the data, and provider-mapping submissions of each tier
// (one whose provider was hidden after it was accepted) — as users with
// and without the confidential right, and fails when anything of a hidden
// or region_only place reaches a user without the right: in any response,
// error message, or the log.
func TestConfidentialityWalk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
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
		cleared, err := env.accounts.CreateUser(ctx, accounts.NewUser{Email: "cleared@example.org", Role: accounts.RoleAdmin,
			Grants: []accounts.Grant{accounts.GrantConfidential}, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		public, _ := env.dir.Create(ctx, cleared, secretProvider("Open", mapping.TierPublic, 16.7011111, 98.5011111))
		regionOnly, _ := env.dir.Create(ctx, cleared, secretProvider("Quiet", mapping.TierRegionOnly, 16.7233333, 98.5733333))
		hidden, _ := env.dir.Create(ctx, cleared, secretProvider("Ghost", mapping.TierHidden, 16.7344444, 98.5844444))
		secrets := map[string][]string{ // what a user without the right must never see
			"region_only location": {"16.72333", "98.57333", "Quiet Safehouse", "77 Quiet Lane", "Quietville", "+66 Quiet 4242"},
			"hidden location":      {"16.73444", "98.58444", "Ghost Safehouse", "77 Ghost Lane", "Ghostville", "+66 Ghost 4242", "Walk Ghost Shelter"},
		}
		subs := newWalkSubmissions(t, env, cleared)
		for what, values := range subs.secrets {
			secrets[what] = values
		}
		unprivileged := map[string]string{}
		for _, r := range accounts.Roles {
			unprivileged[string(r)] = env.token(r)
		}
		// Raw answers (exports) without the confidential right.
		raw, err := env.accounts.CreateUser(ctx, accounts.NewUser{Email: "raw@example.org", Role: accounts.RoleAdmin,
			Grants: []accounts.Grant{accounts.GrantRawData}, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		if _, unprivileged["admin with raw_data"], err = env.accounts.CreateToken(ctx, raw.ID, "walk"); err != nil {
			t.Fatal(err)
		}
		_, clearedToken, err := env.accounts.CreateToken(ctx, cleared.ID, "walk")
		if err != nil {
			t.Fatal(err)
		}

		// A coverage report counts all three shelters; it is walked as a run,
		// and below in every text format.
		created := env.do(request{method: "POST", path: "/api/v1/reports/runs", token: unprivileged[string(accounts.RoleResearcher)],
			body: `{"set":"th","level":1,"services":["accommodation"],"method":"gaussian","catchment_km":60}`})
		var run struct {
			ID string `json:"id"`
		}
		decode(t, created, &run)
		if created.Code != http.StatusCreated {
			t.Fatalf("report run: %d %s", created.Code, created.Body)
		}

		ids := append([]string{public.ID, regionOnly.ID, hidden.ID, run.ID}, subs.ids()...)
		walked := 0
		for _, route := range env.srv.engine.Routes() {
			for _, path := range fillParams(route.Path, ids) {
				for _, q := range []string{"", "?near=16.72,98.57&radius_km=50", "?region=TH63", "?q=lane", "?q=ghost"} {
					if q != "" && route.Method != http.MethodGet {
						continue
					}
					req := request{method: route.Method, path: path + q}
					if route.Method == http.MethodDelete {
						// A stale version: the error is walked, the data stays.
						req.header = map[string]string{"If-Match": `"v999"`}
					}
					if route.Method != http.MethodGet && route.Method != http.MethodHead {
						req.body = walkBody(route.Path)
					}
					for role, token := range unprivileged {
						req.token = token
						w := env.do(req)
						walked++
						for tier, values := range secrets {
							for _, v := range values {
								if strings.Contains(w.Body.String(), v) {
									t.Errorf("%s %s as %s (no right): the response holds %q of the %s", route.Method, path+q, role, v, tier)
								}
							}
						}
					}
				}
			}
		}
		if walked < 100 {
			t.Errorf("walked only %d requests", walked)
		}
		for tier, values := range secrets {
			for _, v := range values {
				if strings.Contains(env.logs.String(), v) {
					t.Errorf("the log holds %q of the %s", v, tier)
				}
			}
		}

		// The report's outputs: counts, never a place of the region_only or
		// hidden shelter (their boundary is the region's, which is public).
		for _, format := range []string{"csv", "json", "geojson", "html"} {
			for role, token := range unprivileged {
				w := env.do(request{method: "GET", path: "/api/v1/reports/runs/" + run.ID + "?format=" + format, token: token})
				walked++
				for tier, values := range secrets {
					for _, v := range values {
						if strings.Contains(w.Body.String(), v) {
							t.Errorf("the report as %s for %s holds %q of the %s", format, role, v, tier)
						}
					}
				}
			}
		}

		subs.checkSubmissionPlaces(t, env, unprivileged, clearedToken)

		// With the right, the same data is there, and reading it is audited.
		w := env.do(request{method: "GET", path: "/api/v1/providers/" + hidden.ID, token: clearedToken})
		if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "77 Ghost Lane") {
			t.Errorf("cleared admin reading the hidden provider: %d %s", w.Code, w.Body)
		}
		w = env.do(request{method: "POST", path: "/api/v1/providers/search", token: clearedToken, body: `{"near":{"lat":16.72,"lon":98.57},"radius_km":10}`})
		if !strings.Contains(w.Body.String(), "Walk Ghost Shelter") {
			t.Errorf("cleared search misses the hidden provider: %s", w.Body)
		}
		events, _, _ := env.audit.List(ctx, auditFilter("provider.read_confidential"))
		if len(events) < 2 {
			t.Errorf("confidential reads audited %d times, want at least 2", len(events))
		}
		if events, _, _ := env.audit.List(ctx, auditFilter("submission.read_confidential")); len(events) < 3 {
			t.Errorf("confidential submission reads audited %d times, want at least 3", len(events))
		}
	})
}

// fillParams gives concrete paths for a route template: one per provider
// for :id, a region code for :code.
func fillParams(path string, providerIDs []string) []string {
	switch {
	case strings.Contains(path, ":id"):
		var out []string
		for _, id := range providerIDs {
			out = append(out, strings.Replace(path, ":id", id, 1))
		}
		return out
	case strings.Contains(path, ":code"):
		return []string{strings.Replace(path, ":code", "TH63", 1)}
	case strings.Contains(path, "*file"):
		return []string{strings.Replace(path, "*file", "app.css", 1)}
	}
	return []string{path}
}

// walkBody is a body that reaches each write route's logic: a search near
// the secret places, an empty patch that echoes the provider back.
func walkBody(path string) string {
	switch {
	case strings.HasSuffix(path, "/providers/search"):
		return `{"near":{"lat":16.72,"lon":98.57},"radius_km":50}`
	case strings.HasSuffix(path, "/providers/:id"):
		return `{}`
	}
	return `{"name":"Walk","email":"x@example.org"}`
}
