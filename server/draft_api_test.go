package server

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
)

// draftWorld is a server with Tak's providers of each tier and a cleared
// admin who made them.
type draftWorld struct {
	*testEnv
	cleared accounts.User
	ids     map[mapping.Tier]string
}

func newDraftWorld(t *testing.T, db *database.DB) *draftWorld {
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
	cleared, err := env.accounts.CreateUser(ctx, accounts.NewUser{Email: "cleared@example.org", Role: accounts.RoleAdmin,
		Grants: []accounts.Grant{accounts.GrantConfidential}, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	w := &draftWorld{testEnv: env, cleared: cleared, ids: map[mapping.Tier]string{}}
	for tag, tier := range map[string]mapping.Tier{"Open": mapping.TierPublic, "Quiet": mapping.TierRegionOnly, "Ghost": mapping.TierHidden} {
		p, err := env.dir.Create(ctx, cleared, secretProvider(tag, tier, 16.70+float64(len(tag))/1000, 98.57))
		if err != nil {
			t.Fatal(err)
		}
		w.ids[tier] = p.ID
	}
	return w
}

// draftSecrets are what a reader of any draft output must never see.
var draftSecrets = []string{"Quiet Safehouse", "77 Quiet Lane", "Quietville", "+66 Quiet 4242",
	"Walk Ghost Shelter", "Ghost Safehouse", "77 Ghost Lane", "+66 Ghost 4242"}

func TestDraftAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newDraftWorld(t, db)
		editor := w.token(accounts.RoleEditor)
		viewer := w.token(accounts.RoleViewer)

		// A section, a draft of Tak with it, a preview, a freeze.
		r := w.do(request{method: "POST", path: "/api/v1/content-sections", token: editor,
			body: `{"kind":"emergency_numbers","country":"TH","texts":{"en":{"title":"Emergency","body":"Call now."}},"numbers":[{"value":"191","labels":{"en":"Police"}}]}`})
		if r.Code != http.StatusCreated || r.Header().Get("ETag") != `"v1"` {
			t.Fatalf("create section: %d %s", r.Code, r.Body)
		}
		var sec drafts.Section
		decode(t, r, &sec)
		wantProblem(t, w.do(request{method: "POST", path: "/api/v1/content-sections", token: viewer, body: `{"kind":"other","texts":{"en":{"title":"x"}}}`}), http.StatusForbidden)

		draftBody := fmt.Sprintf(`{"name":"Tak (A)","countries":["TH"],"settings":{"rules":{"regions":["TH63"]},"sections":[%q]}}`, sec.ID)
		r = w.do(request{method: "POST", path: "/api/v1/drafts", token: editor, body: draftBody})
		if r.Code != http.StatusCreated {
			t.Fatalf("create draft: %d %s", r.Code, r.Body)
		}
		var d drafts.Draft
		decode(t, r, &d)
		if d.Settings.Language != "en" || len(d.Settings.Formats) != 4 {
			t.Errorf("defaults not filled: %+v", d.Settings)
		}
		p := wantProblem(t, w.do(request{method: "POST", path: "/api/v1/drafts", token: editor, body: `{"name":"","countries":["XX"],"settings":{"rules":{"services":["nope"]}}}`}), http.StatusBadRequest)
		if len(p.Errors) < 3 {
			t.Errorf("want errors for name, countries and services: %+v", p.Errors)
		}

		r = w.do(request{method: "POST", path: "/api/v1/drafts/preview", token: viewer, body: `{"countries":["TH"],"settings":{"rules":{"regions":["TH63"]}}}`})
		var prev drafts.Preview
		decode(t, r, &prev)
		if r.Code != http.StatusOK || prev.Count != 2 {
			t.Errorf("preview: %d %+v", r.Code, prev)
		}

		wantProblem(t, w.do(request{method: "PUT", path: "/api/v1/drafts/" + d.ID, token: editor, body: draftBody, header: map[string]string{"If-Match": `"v7"`}}), http.StatusPreconditionFailed)
		wantProblem(t, w.do(request{method: "POST", path: "/api/v1/drafts/" + d.ID + "/versions", token: viewer}), http.StatusForbidden)
		r = w.do(request{method: "POST", path: "/api/v1/drafts/" + d.ID + "/versions", token: editor, body: `{"note":"round 1"}`})
		if r.Code != http.StatusCreated || !strings.HasSuffix(r.Header().Get("Location"), "/versions/1") {
			t.Fatalf("freeze: %d %s", r.Code, r.Body)
		}
		r = w.do(request{method: "POST", path: "/api/v1/drafts/" + d.ID + "/versions", token: editor})
		if r.Code != http.StatusCreated {
			t.Fatalf("freeze without a body: %d %s", r.Code, r.Body)
		}

		r = w.do(request{method: "GET", path: "/api/v1/drafts/" + d.ID + "/versions/1", token: viewer})
		var v drafts.Version
		decode(t, r, &v)
		if r.Code != http.StatusOK || v.Number != 1 || len(v.Entries) != 2 || v.Note != "round 1" || len(v.Sections) != 1 {
			t.Errorf("version 1: %d %+v", r.Code, v)
		}
		var list struct{ Items []drafts.VersionSummary }
		decode(t, w.do(request{method: "GET", path: "/api/v1/drafts/" + d.ID + "/versions", token: viewer}), &list)
		if len(list.Items) != 2 || list.Items[0].Number != 2 {
			t.Errorf("versions: %+v", list.Items)
		}
		wantProblem(t, w.do(request{method: "GET", path: "/api/v1/drafts/" + d.ID + "/versions/9", token: viewer}), http.StatusNotFound)
		wantProblem(t, w.do(request{method: "GET", path: "/api/v1/drafts/" + d.ID + "/versions/x", token: viewer}), http.StatusNotFound)
		r = w.do(request{method: "POST", path: "/api/v1/drafts/" + d.ID + "/versions/1/new-version", token: editor})
		if r.Code != http.StatusOK || !strings.Contains(r.Body.String(), `"based_on":1`) {
			t.Errorf("new version from 1: %d %s", r.Code, r.Body)
		}

		// A section edit: a new version, and the history has both.
		r = w.do(request{method: "PUT", path: "/api/v1/content-sections/" + sec.ID, token: editor, header: map[string]string{"If-Match": `"v1"`},
			body: `{"kind":"emergency_numbers","country":"TH","texts":{"en":{"title":"Emergency numbers","body":"Call now."}}}`})
		if r.Code != http.StatusOK || r.Header().Get("ETag") != `"v2"` {
			t.Errorf("update section: %d %s", r.Code, r.Body)
		}
		var hist struct{ Items []drafts.Section }
		decode(t, w.do(request{method: "GET", path: "/api/v1/content-sections/" + sec.ID + "/history", token: viewer}), &hist)
		if len(hist.Items) != 2 {
			t.Errorf("history: %+v", hist.Items)
		}
	})
}

// The outputs of a version: signed-in users read them under /drafts/…;
// anyone under /d/… but only when frozen for public distribution. No
// output, for any reader, holds a hidden provider or what a region_only
// place withholds.
func TestDraftOutputs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newDraftWorld(t, db)
		admin := w.token(accounts.RoleAdmin)
		ids := map[string]string{}
		for _, audience := range drafts.Audiences {
			// Include the hidden provider by ID, as someone who can see it
			// might: it must stay out all the same, so freezing refuses.
			body := fmt.Sprintf(`{"name":"Tak %s","countries":["TH"],"audience":%q,"settings":{"rules":{"regions":["TH63"]},"include":[%q]}}`,
				audience, audience, w.ids[mapping.TierHidden])
			var d drafts.Draft
			decode(t, w.do(request{method: "POST", path: "/api/v1/drafts", token: admin, body: body}), &d)
			wantProblem(t, w.do(request{method: "POST", path: "/api/v1/drafts/" + d.ID + "/versions", token: admin}), http.StatusBadRequest)
			body = fmt.Sprintf(`{"name":"Tak %s","countries":["TH"],"audience":%q,"settings":{"rules":{"regions":["TH63"]}}}`, audience, audience)
			if r := w.do(request{method: "PUT", path: "/api/v1/drafts/" + d.ID, token: admin, body: body}); r.Code != http.StatusOK {
				t.Fatalf("update: %d %s", r.Code, r.Body)
			}
			if r := w.do(request{method: "POST", path: "/api/v1/drafts/" + d.ID + "/versions", token: admin}); r.Code != http.StatusCreated {
				t.Fatalf("freeze %s: %d %s", audience, r.Code, r.Body)
			}
			ids[audience] = d.ID
		}
		cookie, _ := w.login(accounts.RoleViewer)

		for _, c := range []struct {
			name, path string
			cookie     bool
			status     int
			has        string
		}{
			{"booklet, signed in", "/drafts/" + ids["testing"] + "/v/1/booklet", true, 200, "Walk Open Shelter"},
			{"A5 booklet in Thai", "/drafts/" + ids["testing"] + "/v/1/booklet?size=a5&lang=th", true, 200, `class="size-a5"`},
			{"web directory, signed in", "/drafts/" + ids["testing"] + "/v/1/web", true, 200, `data-sw="/drafts/` + ids["testing"] + `/v/1/sw.js"`},
			{"card, signed in", "/drafts/" + ids["testing"] + "/v/1/card", true, 200, "1300"},
			{"not signed in: to the login page", "/drafts/" + ids["testing"] + "/v/1/booklet", false, 303, ""},
			{"an unknown output", "/drafts/" + ids["testing"] + "/v/1/poster", true, 404, ""},
			{"a version that does not exist", "/drafts/" + ids["testing"] + "/v/7/web", true, 404, ""},
			{"a testing version is not public", "/d/" + ids["testing"] + "/1/web", false, 404, ""},
			{"nor its service worker", "/d/" + ids["testing"] + "/1/sw.js", false, 404, ""},
			{"a public version is", "/d/" + ids["public"] + "/1/web", false, 200, "Walk Open Shelter"},
			{"its booklet too", "/d/" + ids["public"] + "/1/booklet", false, 200, "Walk Quiet Shelter"},
			{"and its service worker", "/d/" + ids["public"] + "/1/sw.js", false, 200, "haven-draft-"},
			{"its short address", "/d/" + ids["public"] + "/1", false, 303, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				req := request{method: "GET", path: c.path}
				if c.cookie {
					req.cookie = cookie
				}
				r := w.do(req)
				if r.Code != c.status {
					t.Fatalf("status %d, want %d: %.300s", r.Code, c.status, r.Body)
				}
				if !strings.Contains(r.Body.String(), c.has) {
					t.Errorf("the page misses %q", c.has)
				}
				if c.status == 303 && !strings.HasPrefix(r.Header().Get("Location"), "/") {
					t.Errorf("redirect to %q", r.Header().Get("Location"))
				}
				for _, secret := range draftSecrets {
					if strings.Contains(r.Body.String(), secret) {
						t.Errorf("the page holds %q", secret)
					}
				}
			})
		}
		if r := w.do(request{method: "GET", path: "/drafts/" + ids["testing"] + "/v/1/booklet"}); r.Header().Get("Location") !=
			"/login?next=%2Fdrafts%2F"+ids["testing"]+"%2Fv%2F1%2Fbooklet" {
			t.Errorf("login redirect: %q", r.Header().Get("Location"))
		}
		for _, secret := range draftSecrets {
			if strings.Contains(w.logs.String(), secret) {
				t.Errorf("the log holds %q", secret)
			}
		}
	})
}
