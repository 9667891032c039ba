package server

import (
	"context"
	"net/http"
	"os"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/review"
)

// TestSubmissionsByRegionAPI: the region filter and the editors' country
// scope, over HTTP.
func TestSubmissionsByRegionAPI(t *testing.T) {
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
		subs := newWalkSubmissions(t, env, cleared)
		kh, err := env.accounts.CreateUser(ctx, accounts.NewUser{Email: "kh@example.org", Role: accounts.RoleEditor, Countries: []string{"KH"}, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		_, khToken, err := env.accounts.CreateToken(ctx, kh.ID, "test")
		if err != nil {
			t.Fatal(err)
		}
		editor := env.token(accounts.RoleEditor)

		var inTak list[review.Item]
		decode(t, env.do(request{method: "GET", path: "/api/v1/submissions?region=TH63&region_set=th", token: editor}), &inTak)
		var inBangkok list[review.Item]
		decode(t, env.do(request{method: "GET", path: "/api/v1/submissions?region=TH10", token: editor}), &inBangkok)
		if len(inTak.Items) != 2 || len(inBangkok.Items) != 0 {
			t.Errorf("in Tak %d, in Bangkok %d; want 2 (public and region_only), 0", len(inTak.Items), len(inBangkok.Items))
		}
		for _, tc := range []struct{ query, field string }{
			{"region=XX99", "region"},
			{"region=TH63&region_set=nowhere", "region"},
		} {
			p := wantProblem(t, env.do(request{method: "GET", path: "/api/v1/submissions?" + tc.query, token: editor}), http.StatusBadRequest)
			if len(p.Errors) != 1 || p.Errors[0].Field != tc.field {
				t.Errorf("%s: %+v, want an error on %s", tc.query, p, tc.field)
			}
		}

		// An editor for Cambodia reads none of these Thai submissions.
		var khList list[review.Item]
		decode(t, env.do(request{method: "GET", path: "/api/v1/submissions", token: khToken}), &khList)
		if len(khList.Items) != 0 {
			t.Errorf("the editor for Cambodia lists %d Thai submissions", len(khList.Items))
		}
		wantProblem(t, env.do(request{method: "GET", path: "/api/v1/submissions/" + subs.public, token: khToken}), http.StatusNotFound)
		wantProblem(t, env.do(request{method: "GET", path: "/api/v1/submissions/" + subs.public + "/diff", token: khToken}), http.StatusNotFound)
	})
}
