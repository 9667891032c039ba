package review

import (
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/builtin"
	"github.com/haven-project/haven/surveys/xform"
)

var (
	adminUser  = accounts.User{ID: "u-admin", Email: "admin@example.org", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential}}
	editorTH   = accounts.User{ID: "u-editor-th", Email: "editor-th@example.org", Role: accounts.RoleEditor, Countries: []string{"TH"}}
	editorKH   = accounts.User{ID: "u-editor-kh", Email: "editor-kh@example.org", Role: accounts.RoleEditor, Countries: []string{"KH"}}
	collector  = accounts.User{ID: "u-collector", Email: "collector@example.org", Role: accounts.RoleCollector, Countries: []string{"TH"}}
	collector2 = accounts.User{ID: "u-collector-2", Email: "other@example.org", Role: accounts.RoleCollector}
	viewerUser = accounts.User{ID: "u-viewer", Email: "viewer@example.org", Role: accounts.RoleViewer}
)

// world is the review service on one database with Thailand's provinces.
type world struct {
	t       testing.TB
	db      *database.DB
	audit   *audit.Log
	surveys *surveys.Service
	dir     *mapping.Directory
	review  *Service
	regions *mapping.Regions
	version string // the built-in survey's version ID
}

func newWorld(t testing.TB, db *database.DB) *world {
	t.Helper()
	ctx := context.Background()
	log := audit.New(db.DB)
	regions := mapping.NewRegions(db.DB, log)
	f, err := os.Open("../demo/data/th_adm1.geojson")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rep, err := regions.Import(ctx, f, mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"}, nil); err != nil {
		t.Fatalf("import regions: %v %v", err, rep.Problems)
	}
	dir, err := mapping.NewDirectory(ctx, db.DB, log, mapping.NewTaxonomy(db.DB, log), regions)
	if err != nil {
		t.Fatal(err)
	}
	svc := surveys.NewService(db.DB, log, xform.Render)
	v, err := svc.Publish(ctx, builtin.ProviderMapping(), "built in")
	if err != nil {
		t.Fatal(err)
	}
	return &world{t: t, db: db, audit: log, surveys: svc, dir: dir, review: NewService(svc, dir, regions, log), regions: regions, version: v.ID}
}

// submit stores a submission of the built-in survey by collector c.
func (w *world) submit(c accounts.User, a surveys.Answers) surveys.Submission {
	w.t.Helper()
	sub, _, err := w.surveys.Submit(context.Background(), surveys.NewSubmission{VersionID: w.version, InstanceID: uuid.NewString(),
		Answers: a, Channel: surveys.ChannelAPI, Collector: audit.Actor{ID: c.ID, Email: c.Email}})
	if err != nil {
		w.t.Fatalf("submit: %v", err)
	}
	return sub
}

func (w *world) providers() int64 {
	var n int64
	if err := w.db.DB.Raw("SELECT COUNT(*) FROM providers").Scan(&n).Error; err != nil {
		w.t.Fatal(err)
	}
	return n
}

func (w *world) events(action string) []audit.Event {
	w.t.Helper()
	evs, _, err := w.audit.List(context.Background(), audit.Filter{Action: action})
	if err != nil {
		w.t.Fatal(err)
	}
	return evs
}

// office is a public office in Bangkok.
func office() surveys.Answers {
	return surveys.Answers{
		"org_name": "Bangkok Legal Aid", "org_type": "ngo", "country": "TH", "org_status": "active",
		"location_name": "Head office", "location_tier": "public", "location_point": "13.7563 100.5018 0 5",
		"location_address": "12 Sukhumvit Road",
		"services":         []any{map[string]any{"service_type": "legal_aid", "cost_kind": "free"}},
		"office_phone":     "02 123 4567",
		"verified_today":   "yes",
	}
}

// shelter is a hidden shelter in Mae Sot.
func shelter() surveys.Answers {
	return surveys.Answers{
		"org_name": "Safe House", "org_type": "ngo", "country": "TH", "org_status": "active",
		"location_name": "House M", "location_tier": "hidden", "location_point_hidden": "16.7167 98.5667 0 5",
		"location_address": "99 Secret Lane", "location_city": "Mae Sot",
		"services":       []any{map[string]any{"service_type": "accommodation.emergency", "cost_kind": "free"}},
		"hotline":        "1300",
		"verified_today": "no",
	}
}

func wantKind(t *testing.T, err error, kind haven.Kind) {
	t.Helper()
	if haven.KindOf(err) != kind {
		t.Fatalf("error %v has kind %d, want %d", err, haven.KindOf(err), kind)
	}
}

func TestAccept(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		sub := w.submit(collector, office())

		_, err := w.review.Accept(ctx, editorKH, sub.ID, "")
		wantKind(t, err, haven.KindForbidden)
		_, err = w.review.Accept(ctx, collector, sub.ID, "")
		wantKind(t, err, haven.KindForbidden)

		p, err := w.review.Accept(ctx, editorTH, sub.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if p.ID == "" || p.Name != "Bangkok Legal Aid" || p.Provenance != (mapping.Provenance{Kind: "survey", Ref: sub.ID}) {
			t.Errorf("provider = %+v", p)
		}
		if len(p.Locations) != 1 || !hasRegion(p.Locations[0], "TH10") {
			t.Errorf("locations = %+v, want one in Bangkok (TH10)", p.Locations)
		}
		got, err := w.surveys.Submission(ctx, sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != surveys.StatusAccepted || got.ProviderID != p.ID || got.ReviewedBy != editorTH.Email || got.ReviewedAt == nil {
			t.Errorf("submission after accept = %+v", got)
		}

		_, err = w.review.Accept(ctx, editorTH, sub.ID, "")
		wantKind(t, err, haven.KindConflict)
		_, err = w.review.Reject(ctx, editorTH, sub.ID, "too late")
		wantKind(t, err, haven.KindConflict)
		if n := w.providers(); n != 1 {
			t.Errorf("%d providers, want 1", n)
		}
		evs := w.events("submission.accept")
		if len(evs) != 1 || evs[0].ObjectID != sub.ID || evs[0].ActorEmail != editorTH.Email || evs[0].Detail["provider_id"] != p.ID {
			t.Errorf("accept events = %+v", evs)
		}
		if len(w.events("provider.create")) != 1 {
			t.Error("no provider.create event")
		}
	})
}

func hasRegion(l mapping.Location, code string) bool {
	for _, r := range l.Regions {
		if r.Set == "th" && r.Code == code {
			return true
		}
	}
	return false
}

func TestAcceptRetryMakesNoSecondProvider(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		sub := w.submit(collector, office())
		failing := *w.review
		failing.decide = func(context.Context, string, surveys.Decision, audit.Actor) (surveys.Submission, error) {
			return surveys.Submission{}, errors.New("database went away")
		}
		if _, err := failing.Accept(ctx, editorTH, sub.ID, ""); err == nil {
			t.Fatal("the simulated failure did not fail Accept")
		}
		if n := w.providers(); n != 1 {
			t.Fatalf("%d providers after the failed attempt, want 1", n)
		}
		p, err := w.review.Accept(ctx, editorTH, sub.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if n := w.providers(); n != 1 {
			t.Errorf("%d providers after the retry, want 1", n)
		}
		got, _ := w.surveys.Submission(ctx, sub.ID)
		if got.Status != surveys.StatusAccepted || got.ProviderID != p.ID {
			t.Errorf("submission = %+v, want accepted and linked to %s", got, p.ID)
		}
	})
}

func TestAcceptUpdatesAnExistingProvider(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		first, err := w.review.Accept(ctx, editorTH, w.submit(collector, office()).ID, "")
		if err != nil {
			t.Fatal(err)
		}
		changed := office()
		changed["org_name"] = "Bangkok Legal Aid Centre"
		changed["website"] = "https://legalaid.example.org"
		sub := w.submit(collector, changed)

		diff, err := w.review.Diff(ctx, editorTH, sub.ID, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []FieldChange{
			{Field: "org_name", Current: "Bangkok Legal Aid", Proposed: "Bangkok Legal Aid Centre"},
			{Field: "website", Proposed: "https://legalaid.example.org"},
		}
		if !equalChanges(diff, want) {
			t.Errorf("diff = %+v, want %+v", diff, want)
		}
		p, err := w.review.Accept(ctx, editorTH, sub.ID, first.ID)
		if err != nil {
			t.Fatal(err)
		}
		if p.ID != first.ID || p.Name != "Bangkok Legal Aid Centre" || p.Version != 2 || p.Locations[0].ID != first.Locations[0].ID {
			t.Errorf("updated provider = %+v", p)
		}
		if n := w.providers(); n != 1 {
			t.Errorf("%d providers, want 1", n)
		}
		if diff, _ := w.review.Diff(ctx, editorTH, sub.ID, first.ID); len(diff) != 0 {
			t.Errorf("after accepting, the diff still shows %+v", diff)
		}
	})
}

func equalChanges(a, b []FieldChange) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReject(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		sub := w.submit(collector, office())
		w.submit(collector2, office())

		_, err := w.review.Reject(ctx, editorTH, sub.ID, "  ")
		wantKind(t, err, haven.KindInvalid)
		_, err = w.review.Reject(ctx, editorKH, sub.ID, "wrong country")
		wantKind(t, err, haven.KindForbidden)
		if _, err := w.review.Reject(ctx, editorTH, sub.ID, "The phone number is the director's own; ask for the office line."); err != nil {
			t.Fatal(err)
		}
		mine, _, err := w.review.List(ctx, collector, Filter{SubmissionFilter: surveys.SubmissionFilter{}})
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].Status != surveys.StatusRejected || !strings.Contains(mine[0].ReviewNote, "office line") {
			t.Errorf("the collector sees %+v", mine)
		}
		all, _, _ := w.review.List(ctx, editorTH, Filter{SubmissionFilter: surveys.SubmissionFilter{}})
		rejected, _, _ := w.review.List(ctx, editorTH, Filter{SubmissionFilter: surveys.SubmissionFilter{Status: surveys.StatusRejected}})
		if len(all) != 2 || len(rejected) != 1 {
			t.Errorf("editor lists %d, %d rejected; want 2, 1", len(all), len(rejected))
		}
		if _, err := w.review.Get(ctx, collector2, sub.ID); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("another collector reads it: %v", err)
		}
		_, _, err = w.review.List(ctx, viewerUser, Filter{SubmissionFilter: surveys.SubmissionFilter{}})
		wantKind(t, err, haven.KindForbidden)
		if evs := w.events("submission.reject"); len(evs) != 1 || evs[0].ObjectID != sub.ID {
			t.Errorf("reject events = %+v", evs)
		}
	})
}

func TestListPages(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	ctx := context.Background()
	var ids []string
	for range 5 {
		ids = append(ids, w.submit(collector, office()).ID)
	}
	var got []string
	cursor := ""
	for {
		page, next, err := w.review.List(ctx, editorTH, Filter{SubmissionFilter: surveys.SubmissionFilter{Limit: 2, Cursor: cursor}})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range page {
			got = append(got, s.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if len(got) != 5 {
		t.Fatalf("paged through %d, want 5", len(got))
	}
	for i := range got {
		if got[i] != ids[len(ids)-1-i] {
			t.Fatalf("order %v, want newest first %v", got, ids)
		}
	}
	_, _, err := w.review.List(ctx, editorTH, Filter{SubmissionFilter: surveys.SubmissionFilter{Status: "pending"}})
	wantKind(t, err, haven.KindInvalid)
}

func TestHiddenShelterStaysHidden(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		sub := w.submit(collector, shelter())

		for _, u := range []accounts.User{editorTH, collector} {
			got, err := w.review.Get(ctx, u, sub.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range PlaceFields {
				if _, ok := got.Answers[f]; ok {
					t.Errorf("%s reads %s of a hidden shelter", u.Email, f)
				}
			}
			if got.Answers["location_tier"] != "hidden" || got.Answers["org_name"] != "Safe House" {
				t.Errorf("%s lost more than the place: %v", u.Email, got.Answers)
			}
			list, _, _ := w.review.List(ctx, u, Filter{SubmissionFilter: surveys.SubmissionFilter{}})
			if len(list) != 1 || list[0].Answers["location_point_hidden"] != nil || list[0].Answers["location_address"] != nil {
				t.Errorf("%s lists the place: %v", u.Email, list)
			}
			diff, err := w.review.Diff(ctx, u, sub.ID, "")
			if u.Role == accounts.RoleCollector {
				wantKind(t, err, haven.KindForbidden)
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range diff {
				if strings.Contains(c.Proposed, "16.7167") || strings.Contains(c.Proposed, "Secret Lane") {
					t.Errorf("the diff shows %+v", c)
				}
			}
		}
		if n := len(w.events("submission.read_confidential")); n != 0 {
			t.Errorf("%d confidential reads audited without the grant", n)
		}

		got, err := w.review.Get(ctx, adminUser, sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Answers["location_point_hidden"] != "16.7167 98.5667 0 5" {
			t.Errorf("the admin with the grant does not see the point: %v", got.Answers)
		}
		evs := w.events("submission.read_confidential")
		if len(evs) != 1 || evs[0].ObjectID != sub.ID || evs[0].ActorEmail != "" && evs[0].ActorEmail != adminUser.Email {
			t.Errorf("confidential read events = %+v", evs)
		}

		// An editor without the grant accepts it: the shelter is created
		// hidden, in Tak, and the answer never shows the place.
		p, err := w.review.Accept(ctx, editorTH, sub.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Locations) != 0 {
			t.Errorf("the editor without the grant sees %+v", p.Locations)
		}
		full, _, err := w.dir.ProviderByProvenance(ctx, "survey", sub.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(full.Locations) != 1 || full.Locations[0].Tier != mapping.TierHidden || !hasRegion(full.Locations[0], "TH63") {
			t.Errorf("stored shelter = %+v", full.Locations)
		}
	})
}

func TestAcceptReportsProblemsWithoutTheAnswers(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	a := shelter()
	a["location_point_hidden"] = "0 0 0 0" // the form takes it; the directory does not
	sub := w.submit(collector, a)
	_, err := w.review.Accept(context.Background(), editorTH, sub.ID, "")
	var he *haven.Error
	if !errors.As(err, &he) || he.Kind != haven.KindInvalid || len(he.Fields) == 0 || he.Fields[0].Field != "location_point_hidden" {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "0 0 0 0") || strings.Contains(err.Error(), "Secret Lane") {
		t.Errorf("the error shows the place: %v", err)
	}
	if n := w.providers(); n != 0 {
		t.Errorf("%d providers, want 0", n)
	}
}

func TestRedactAnswers(t *testing.T) {
	for _, tc := range []struct {
		name        string
		answers     surveys.Answers
		withheld    []string
		kept        []string
		confidental bool
	}{
		{name: "public", answers: office(), kept: []string{"location_point", "location_address", "office_phone"}},
		{name: "hidden", answers: shelter(), withheld: PlaceFields, kept: []string{"hotline", "org_name"}, confidental: true},
		{name: "region only, phone follows the place",
			answers:  surveys.Answers{"location_tier": "region_only", "location_point": "1 2", "office_phone": "123"},
			withheld: []string{"location_point", "office_phone"}, confidental: true},
		{name: "region only, public phone",
			answers:  surveys.Answers{"location_tier": "region_only", "location_point": "1 2", "office_phone": "123", "office_phone_tier": "public"},
			withheld: []string{"location_point"}, kept: []string{"office_phone"}, confidental: true},
		{name: "no tier counts as hidden",
			answers: surveys.Answers{"location_point": "1 2"}, withheld: []string{"location_point"}, confidental: true},
		{name: "no place", answers: surveys.Answers{"org_name": "x"}, kept: []string{"org_name"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Confidential(tc.answers); got != tc.confidental {
				t.Errorf("Confidential = %v", got)
			}
			out, revealed := RedactAnswers(tc.answers, mapping.Viewer{})
			if revealed {
				t.Error("revealed without the grant")
			}
			for _, f := range tc.withheld {
				if _, ok := out[f]; ok {
					t.Errorf("%s kept", f)
				}
			}
			for _, f := range tc.kept {
				if _, ok := out[f]; !ok {
					t.Errorf("%s withheld", f)
				}
			}
			full, revealed := RedactAnswers(tc.answers, mapping.Viewer{Confidential: true})
			if revealed != tc.confidental || len(full) != len(tc.answers) {
				t.Errorf("with the grant: revealed %v, %d of %d answers", revealed, len(full), len(tc.answers))
			}
		})
	}
}

func TestConcurrentAcceptsMakeOneProvider(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		sub := w.submit(collector, office())
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := w.review.Accept(ctx, editorTH, sub.ID, "")
				if err != nil && haven.KindOf(err) != haven.KindConflict {
					t.Errorf("accept: %v", err)
				}
			}()
		}
		wg.Wait()
		if n := w.providers(); n != 1 {
			t.Errorf("%d providers after 6 concurrent accepts, want 1", n)
		}
	})
}
