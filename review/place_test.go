package review

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
)

var (
	cleared    = accounts.User{ID: "u-cleared", Email: "cleared@example.org", Role: accounts.RoleEditor, Grants: []accounts.Grant{accounts.GrantConfidential}}
	editorAll  = accounts.User{ID: "u-editor-all", Email: "editor-all@example.org", Role: accounts.RoleEditor}
	editorTHKH = accounts.User{ID: "u-editor-thkh", Email: "editor-thkh@example.org", Role: accounts.RoleEditor, Countries: []string{"TH", "KH"}}
)

func TestPlaceRule(t *testing.T) {
	noGrant, grant := mapping.Viewer{}, mapping.Viewer{Confidential: true}
	tier := func(t string) surveys.Answers {
		return surveys.Answers{"location_tier": t, "location_point": "16.7 98.5"}
	}
	for _, tc := range []struct {
		name     string
		answers  surveys.Answers
		linked   mapping.Tier
		viewer   mapping.Viewer
		wantTier mapping.Tier
		want     Visibility
	}{
		{"public", tier("public"), "", noGrant, mapping.TierPublic, SeePoint},
		{"region only", tier("region_only"), "", noGrant, mapping.TierRegionOnly, SeeRegion},
		{"hidden", tier("hidden"), "", noGrant, mapping.TierHidden, SeeNothing},
		{"hidden, with the grant", tier("hidden"), "", grant, mapping.TierHidden, SeePoint},
		{"no tier but a place counts as hidden", surveys.Answers{"location_point": "1 2"}, "", noGrant, mapping.TierHidden, SeeNothing},
		{"a tier that is none", tier("secret"), "", noGrant, mapping.TierHidden, SeeNothing},
		{"no place is public", surveys.Answers{"org_name": "x"}, "", noGrant, mapping.TierPublic, SeePoint},
		{"public answer, provider made region only", tier("public"), mapping.TierRegionOnly, noGrant, mapping.TierRegionOnly, SeeRegion},
		{"public answer, provider made hidden", tier("public"), mapping.TierHidden, noGrant, mapping.TierHidden, SeeNothing},
		{"hidden answer, public provider stays hidden", tier("hidden"), mapping.TierPublic, noGrant, mapping.TierHidden, SeeNothing},
		{"region only answer, hidden provider", tier("region_only"), mapping.TierHidden, noGrant, mapping.TierHidden, SeeNothing},
		{"public answer, hidden provider, with the grant", tier("public"), mapping.TierHidden, grant, mapping.TierHidden, SeePoint},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gotTier, got := PlaceRule(tc.answers, tc.linked, tc.viewer)
			if gotTier != tc.wantTier || got != tc.want {
				t.Errorf("PlaceRule = %s, %d; want %s, %d", gotTier, got, tc.wantTier, tc.want)
			}
			out, _ := RedactPlace(tc.answers, tc.linked, tc.viewer)
			if _, has := out["location_point"]; has != (got == SeePoint) && tc.answers["location_point"] != nil {
				t.Errorf("RedactPlace keeps the point: %v; the rule says %d", has, got)
			}
		})
	}
}

// placed are submissions of every tier, two in Mae Sot district (Tak,
// TH63) and one in Bangkok (TH10), with the boundary set "th" at province
// and district level.
type placed struct {
	*world
	bangkok, maeSot, regionOnly, hidden surveys.Submission
}

func newPlaced(t testing.TB, db *database.DB) *placed {
	t.Helper()
	w := newWorld(t, db)
	f, err := os.Open("../demo/data/th_adm2.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rep, err := w.regions.Import(context.Background(), f, mapping.RegionImport{Set: "th", Level: 2, CodeProp: "ADM2_PCODE",
		NameProp: "ADM2_EN", ParentCodeProp: "ADM1_PCODE", Country: "TH"}, nil); err != nil {
		t.Fatalf("import districts: %v %v", err, rep.Problems)
	}
	p := &placed{world: w, bangkok: w.submit(collector, office())}
	mae := office()
	mae["org_name"], mae["location_point"] = "Mae Sot Legal Aid", "16.7101 98.5702 0 5"
	p.maeSot = w.submit(collector, mae)
	quiet := office()
	quiet["org_name"], quiet["location_tier"], quiet["location_point"] = "Quiet Clinic", "region_only", "16.7233 98.5733 0 5"
	p.regionOnly = w.submit(collector, quiet)
	p.hidden = w.submit(collector, shelter())
	return p
}

func ids(items []Item) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.ID)
	}
	slices.Sort(out)
	return out
}

func sorted(subs ...surveys.Submission) []string {
	out := []string{}
	for _, s := range subs {
		out = append(out, s.ID)
	}
	slices.Sort(out)
	return out
}

func TestListByRegion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		p := newPlaced(t, db)
		ctx := context.Background()
		list := func(u accounts.User, set, code string) []Item {
			t.Helper()
			items, next, err := p.review.List(ctx, u, Filter{Region: code, RegionSet: set})
			if err != nil {
				t.Fatalf("list %s as %s: %v", code, u.Email, err)
			}
			if next != "" {
				t.Errorf("list %s: next %q with everything on one page", code, next)
			}
			return items
		}
		for _, tc := range []struct {
			name string
			u    accounts.User
			set  string
			code string
			want []string
		}{
			// The hidden shelter is in Mae Sot too, but lies in no region
			// for a reader who may not know where it is.
			{"province, no grant", editorTH, "", "TH63", sorted(p.maeSot, p.regionOnly)},
			{"province, grant", cleared, "", "TH63", sorted(p.maeSot, p.regionOnly, p.hidden)},
			{"district, no grant", editorTH, "th", "TH6306", sorted(p.maeSot, p.regionOnly)},
			{"district, grant", cleared, "th", "TH6306", sorted(p.maeSot, p.regionOnly, p.hidden)},
			{"other province", cleared, "", "TH10", sorted(p.bangkok)},
			{"collector, own", collector, "", "TH63", sorted(p.maeSot, p.regionOnly)},
			{"other collector", collector2, "", "TH63", []string{}},
			{"province without submissions", cleared, "", "TH50", []string{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := ids(list(tc.u, tc.set, tc.code)); !slices.Equal(got, tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			})
		}

		for _, tc := range []struct{ set, code, field string }{
			{"", "XX99", "region"},
			{"nowhere", "TH63", "region"},
		} {
			_, _, err := p.review.List(ctx, editorTH, Filter{Region: tc.code, RegionSet: tc.set})
			var he *haven.Error
			if haven.KindOf(err) != haven.KindInvalid || !errors.As(err, &he) || len(he.Fields) != 1 || he.Fields[0].Field != tc.field {
				t.Errorf("region %q in set %q: %v, want invalid %s", tc.code, tc.set, err, tc.field)
			}
		}
	})
}

func TestPlaceShowsWhatTheTierAllows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		p := newPlaced(t, db)
		ctx := context.Background()
		for _, tc := range []struct {
			name    string
			u       accounts.User
			sub     surveys.Submission
			shown   string
			point   bool
			regions []string // codes, province first
		}{
			{"public", editorTH, p.maeSot, ShownPoint, true, []string{"TH63", "TH6306"}},
			{"region only", editorTH, p.regionOnly, ShownRegion, false, []string{"TH63", "TH6306"}},
			{"hidden", editorTH, p.hidden, ShownWithheld, false, nil},
			{"hidden, own collector", collector, p.hidden, ShownWithheld, false, nil},
			{"region only, grant", cleared, p.regionOnly, ShownPoint, true, []string{"TH63", "TH6306"}},
			{"hidden, grant", cleared, p.hidden, ShownPoint, true, []string{"TH63", "TH6306"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				it, err := p.review.Get(ctx, tc.u, tc.sub.ID)
				if err != nil {
					t.Fatal(err)
				}
				pl := it.Place
				if pl.Shown != tc.shown || (pl.Latitude != nil) != tc.point || (pl.Longitude != nil) != tc.point {
					t.Errorf("place = %+v, want shown %s, point %v", pl, tc.shown, tc.point)
				}
				var codes []string
				for _, r := range pl.Regions {
					codes = append(codes, r.Code)
				}
				if !slices.Equal(codes, tc.regions) {
					t.Errorf("regions %v, want %v", codes, tc.regions)
				}
				if tc.point {
					return
				}
				// Nothing of the point in the whole answer.
				raw, _ := json.Marshal(it)
				for _, secret := range []string{"16.72", "16.71", "98.57", "98.56", "Secret Lane"} {
					if bytes.Contains(raw, []byte(secret)) {
						t.Errorf("the answer holds %q: %s", secret, raw)
					}
				}
			})
		}
	})
}

// TestAcceptedPointInheritsTheProviderTier: a public office is accepted,
// then an editor with the grant hides the place in the directory; from
// then on the submission shows its point to nobody without the grant —
// not in a read, a listing, a region search nor a diff.
func TestAcceptedPointInheritsTheProviderTier(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		p := newPlaced(t, db)
		ctx := context.Background()
		prov, err := p.review.Accept(ctx, editorTH, p.maeSot.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if it, _ := p.review.Get(ctx, editorTH, p.maeSot.ID); it.Place.Shown != ShownPoint {
			t.Fatalf("before the change the public point is %s", it.Place.Shown)
		}
		for _, tc := range []struct {
			tier  mapping.Tier
			shown string
			inTak bool
		}{
			{mapping.TierRegionOnly, ShownRegion, true},
			{mapping.TierHidden, ShownWithheld, false},
		} {
			full, _, err := p.dir.ProviderByProvenance(ctx, "survey", p.maeSot.ID)
			if err != nil {
				t.Fatal(err)
			}
			locs := slices.Clone(full.Locations)
			locs[0].Tier = tc.tier
			raw, _ := json.Marshal(locs)
			if _, err := p.dir.Patch(ctx, adminUser, prov.ID, 0, map[string]json.RawMessage{"locations": raw}); err != nil {
				t.Fatal(err)
			}
			it, err := p.review.Get(ctx, editorTH, p.maeSot.ID)
			if err != nil {
				t.Fatal(err)
			}
			if it.Place.Tier != tc.tier || it.Place.Shown != tc.shown || it.Place.Latitude != nil {
				t.Errorf("%s: place = %+v", tc.tier, it.Place)
			}
			if _, ok := it.Answers["location_point"]; ok {
				t.Errorf("%s: the answers keep the point", tc.tier)
			}
			listed, _, err := p.review.List(ctx, editorTH, Filter{})
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range listed {
				if l.ID == p.maeSot.ID && (l.Place.Latitude != nil || l.Answers["location_point"] != nil) {
					t.Errorf("%s: the listing shows the point", tc.tier)
				}
			}
			inTak, _, err := p.review.List(ctx, editorTH, Filter{Region: "TH63"})
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(ids(inTak), p.maeSot.ID); got != tc.inTak {
				t.Errorf("%s: in the Tak search %v, want %v", tc.tier, got, tc.inTak)
			}
			diff, err := p.review.Diff(ctx, editorTH, p.maeSot.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range diff {
				if strings.Contains(c.Proposed, "16.71") {
					t.Errorf("%s: the diff shows %+v", tc.tier, c)
				}
			}
			withGrant, err := p.review.Get(ctx, cleared, p.maeSot.ID)
			if err != nil {
				t.Fatal(err)
			}
			if withGrant.Place.Shown != ShownPoint || withGrant.Answers["location_point"] == nil {
				t.Errorf("%s: the grant holder sees %+v", tc.tier, withGrant.Place)
			}
		}
		reads := p.events("submission.read_confidential")
		if len(reads) < 2 {
			t.Errorf("%d confidential reads audited, want one per read by the grant holder", len(reads))
		}
	})
}

func TestEditorsReadTheirCountries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		th := w.submit(collector, office())
		khAnswers := office()
		khAnswers["country"], khAnswers["org_name"], khAnswers["location_point"] = "KH", "Phnom Penh Legal Aid", "11.5564 104.9282 0 5"
		kh := w.submit(collector, khAnswers)
		for _, tc := range []struct {
			name string
			u    accounts.User
			want []string
		}{
			{"editor for Thailand", editorTH, sorted(th)},
			{"editor for Cambodia", editorKH, sorted(kh)},
			{"editor for both", editorTHKH, sorted(th, kh)},
			{"editor of every country", editorAll, sorted(th, kh)},
			{"admin", adminUser, sorted(th, kh)},
			{"their collector", collector, sorted(th, kh)},
			{"another collector", collector2, []string{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				items, _, err := w.review.List(ctx, tc.u, Filter{})
				if err != nil {
					t.Fatal(err)
				}
				if got := ids(items); !slices.Equal(got, tc.want) {
					t.Errorf("lists %v, want %v", got, tc.want)
				}
				for _, sub := range []surveys.Submission{th, kh} {
					_, err := w.review.Get(ctx, tc.u, sub.ID)
					_, derr := w.review.Diff(ctx, tc.u, sub.ID, "")
					switch {
					case slices.Contains(tc.want, sub.ID):
						if err != nil {
							t.Errorf("cannot read %s: %v", sub.Answers["country"], err)
						}
					case haven.KindOf(err) != haven.KindNotFound:
						t.Errorf("reading a submission about %s: %v, want not found", sub.Answers["country"], err)
					case tc.u.Role == accounts.RoleEditor && haven.KindOf(derr) != haven.KindNotFound:
						t.Errorf("diff of a submission about %s: %v, want not found", sub.Answers["country"], derr)
					}
				}
			})
		}
	})
}

func TestFilteredListPages(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	ctx := context.Background()
	var want []string
	for i := range 9 {
		a := office()
		if i%3 == 0 {
			a["country"] = "KH" // read by the editor for Thailand: no
		} else {
			want = append(want, "")
		}
		sub := w.submit(collector, a)
		if i%3 != 0 {
			want[len(want)-1] = sub.ID
		}
	}
	slices.Reverse(want)
	for _, scan := range []int{maxScan, 2} {
		w.review.maxScan = scan
		var got []string
		cursor, pages := "", 0
		for {
			page, next, err := w.review.List(ctx, editorTH, Filter{Region: "TH10",
				SubmissionFilter: surveys.SubmissionFilter{Limit: 2, Cursor: cursor}})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			if len(page) > 2 {
				t.Fatalf("a page of %d, limit 2", len(page))
			}
			for _, it := range page {
				got = append(got, it.ID)
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if !slices.Equal(got, want) {
			t.Errorf("max scan %d: paged through %v, want %v (newest first)", scan, got, want)
		}
		if scan == 2 && pages < 5 {
			t.Errorf("reading 2 rows a call took %d pages for 9 rows", pages)
		}
	}
}
