package server

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/builtin"
)

// walkSubmissions are provider-mapping submissions of every tier for the
// confidentiality walk, all in Tak (TH63), with values found nowhere else.
type walkSubmissions struct {
	public, regionOnly, hidden string // submission IDs, by the tier the answers give
	// inherited says "public" but was accepted, and the provider's place
	// was then made hidden: the submission's point is hidden with it.
	inherited string
	provider  string // the provider inherited became, now hidden
	formID    string
	secrets   map[string][]string // what a user without the grant must never see, by case
}

func (w walkSubmissions) ids() []string {
	return []string{w.public, w.regionOnly, w.hidden, w.inherited, w.provider, w.formID}
}

// placeAnswers is a submission about tag's place, of tier, at point
// ("lat lon"), with the office phone phone.
func placeAnswers(tag, tier, point, phone string) surveys.Answers {
	a := surveys.Answers{"org_name": "Org " + tag, "org_type": "ngo", "country": "TH", "org_status": "active",
		"location_tier": tier, "location_name": tag + " Safehouse Gate", "location_address": "55 " + tag + " Lane",
		"location_city": tag + "ville", "office_phone": phone,
		"services":       []any{map[string]any{"service_type": "accommodation.emergency", "cost_kind": "free"}},
		"verified_today": "no"}
	if tier == "hidden" {
		a["location_point_hidden"] = point + " 0 5"
	} else {
		a["location_point"] = point + " 0 5"
	}
	return a
}

func newWalkSubmissions(t *testing.T, env *testEnv, cleared accounts.User) walkSubmissions {
	t.Helper()
	ctx := context.Background()
	deps := env.srv.deps
	if _, err := deps.Surveys.Ensure(ctx, builtin.ProviderMapping(), "built in"); err != nil {
		t.Fatal(err)
	}
	sv, err := deps.Surveys.Survey(ctx, builtin.ProviderMappingFormID)
	if err != nil {
		t.Fatal(err)
	}
	col := env.users[accounts.RoleCollector]
	submit := func(a surveys.Answers) string {
		t.Helper()
		sub, _, err := deps.Surveys.Submit(ctx, surveys.NewSubmission{VersionID: sv.Latest.ID, InstanceID: uuid.NewString(), Answers: a,
			Channel: surveys.ChannelAPI, Collector: audit.Actor{ID: col.ID, Email: col.Email}})
		if err != nil {
			t.Fatal(err)
		}
		return sub.ID
	}
	w := walkSubmissions{formID: builtin.ProviderMappingFormID,
		public:     submit(placeAnswers("Plain", "public", "16.6922222 98.5133333", "+66 81 505 4444")),
		regionOnly: submit(placeAnswers("Hush", "region_only", "16.7455555 98.5955555", "+66 81 505 1111")),
		hidden:     submit(placeAnswers("Murk", "hidden", "16.7566666 98.6066666", "+66 81 505 2222")),
		inherited:  submit(placeAnswers("Fade", "public", "16.7677777 98.6177777", "+66 81 505 3333")),
		secrets: map[string][]string{
			"region_only submission":               {"16.74555", "98.59555", "Hush Safehouse", "55 Hush Lane", "Hushville", "+66 81 505 1111"},
			"hidden submission":                    {"16.75666", "98.60666", "Murk Safehouse", "55 Murk Lane", "Murkville", "+66 81 505 2222"},
			"submission whose provider was hidden": {"16.76777", "98.61777", "Fade Safehouse", "55 Fade Lane", "Fadeville"},
		},
	}
	p, err := deps.Review.Accept(ctx, cleared, w.inherited, "")
	if err != nil {
		t.Fatal(err)
	}
	w.provider = p.ID
	locs := p.Locations
	locs[0].Tier = mapping.TierHidden
	raw, _ := json.Marshal(locs)
	if _, err := env.dir.Patch(ctx, cleared, p.ID, 0, map[string]json.RawMessage{"locations": raw}); err != nil {
		t.Fatal(err)
	}
	return w
}

// checkSubmissionPlaces reads every submission through the API as users
// without and with the grant and checks what their place shows, and which
// a search by region finds.
func (w walkSubmissions) checkSubmissionPlaces(t *testing.T, env *testEnv, tokens map[string]string, clearedToken string) {
	t.Helper()
	want := map[string]string{w.public: review.ShownPoint, w.regionOnly: review.ShownRegion, w.hidden: review.ShownWithheld, w.inherited: review.ShownWithheld}
	for role, token := range tokens {
		if role != string(accounts.RoleAdmin) && role != string(accounts.RoleEditor) && role != string(accounts.RoleCollector) {
			continue
		}
		for id, shown := range want {
			var it review.Item
			rec := env.do(request{method: http.MethodGet, path: "/api/v1/submissions/" + id, token: token})
			if rec.Code != http.StatusOK {
				t.Fatalf("GET submission as %s: %d %s", role, rec.Code, rec.Body)
			}
			decode(t, rec, &it)
			inTak := slices.ContainsFunc(it.Place.Regions, func(r mapping.RegionRef) bool { return r.Code == "TH63" })
			if it.Place.Shown != shown || (it.Place.Latitude != nil) != (shown == review.ShownPoint) || inTak != (shown != review.ShownWithheld) {
				t.Errorf("as %s, the place of the %s submission is %+v; want %s", role, it.Answers["location_tier"], it.Place, shown)
			}
		}
		var found list[review.Item]
		decode(t, env.do(request{method: http.MethodGet, path: "/api/v1/submissions?region=TH63", token: token}), &found)
		var got []string
		for _, it := range found.Items {
			got = append(got, it.ID)
		}
		for id, shown := range want {
			if slices.Contains(got, id) == (shown == review.ShownWithheld) {
				t.Errorf("as %s, the search in Tak finds %v; the %s submission should %s be in it", role, got, shown,
					map[bool]string{true: "not", false: ""}[shown == review.ShownWithheld])
			}
		}
	}
	for id := range want {
		rec := env.do(request{method: http.MethodGet, path: "/api/v1/submissions/" + id, token: clearedToken})
		var it review.Item
		decode(t, rec, &it)
		if it.Place.Shown != review.ShownPoint || it.Place.Latitude == nil || !strings.Contains(rec.Body.String(), "Safehouse Gate") {
			t.Errorf("with the grant, submission %s shows %+v", id, it.Place)
		}
	}
	var found list[review.Item]
	decode(t, env.do(request{method: http.MethodGet, path: "/api/v1/submissions?region=TH63", token: clearedToken}), &found)
	if len(found.Items) != 4 {
		t.Errorf("with the grant, the search in Tak finds %d submissions, want 4", len(found.Items))
	}
}
