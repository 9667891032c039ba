package reports_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/reports"
)

// cleared is an admin with the confidential grant, who writes the fixtures.
var cleared = user(accounts.RoleAdmin, accounts.GrantConfidential)

// site makes a provider with one location of tier at lat, lon offering services.
func site(name string, tier mapping.Tier, lat, lon float64, services ...mapping.Service) mapping.Provider {
	return mapping.Provider{Name: name, Country: "TH",
		Locations: []mapping.Location{{Name: name + " house", Tier: tier, Latitude: &lat, Longitude: &lon}},
		Services:  services}
}

func service(typ string, capacity int) mapping.Service {
	s := mapping.Service{Type: typ, Languages: []string{"th"}}
	if capacity > 0 {
		s.Capacity = &mapping.Capacity{Unit: "beds", Total: &capacity}
	}
	return s
}

func (e *ioEnv) create(p mapping.Provider) mapping.Provider {
	e.t.Helper()
	out, err := e.dir.Create(cli(), cleared, p)
	if err != nil {
		e.t.Fatalf("create %s: %v", p.Name, err)
	}
	return out
}

// thaiFixture loads the Thai provinces, three population points, a need
// figure and unmet demand, and four providers: a public shelter in Tak
// (TH63), a hidden children's shelter in Chiang Mai (TH50), an inactive
// shelter and a region_only legal aid office in Bangkok (TH10).
func (e *ioEnv) thaiFixture() {
	e.t.Helper()
	e.importThaiProvinces()
	ctx := cli()
	towns := "name,lon,lat,pop\nMae Sot,98.5769,16.7131,12500\nChiang Mai,98.9853,18.7904,130000\nBangkok,100.5018,13.7563,5000000\n"
	if _, err := e.svc.ImportPopulation(ctx, strings.NewReader(towns), reports.PopulationImport{Source: "towns", LonCol: "lon", LatCol: "lat", PopCol: "pop", NameCol: "name"}); err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.svc.ImportNeed(ctx, strings.NewReader("region_code,figure\nTH63,120\n"), reports.NeedImport{Set: "th", Level: 1, Source: "DSDW"}); err != nil {
		e.t.Fatal(err)
	}
	e.unmet.bySet = map[string]map[string]map[string]int{"th": {"TH10": {"accommodation": 3}}}
	e.create(site("Tak Shelter", mapping.TierPublic, 16.7131, 98.5769, service("accommodation.emergency", 10), service("legal_aid", 0)))
	child := service("accommodation.child", 5)
	child.Eligibility.MaxAge = ptr(17)
	e.create(site("Ghost Children Home", mapping.TierHidden, 18.7123456, 98.9765432, child))
	inactive := site("Closed Shelter", mapping.TierPublic, 13.75, 100.5, service("accommodation", 40))
	inactive.Status = "inactive"
	e.create(inactive)
	e.create(site("Quiet Legal Aid", mapping.TierRegionOnly, 13.7654321, 100.5123456, service("legal_aid.immigration", 0)))
}

func rowOf(t *testing.T, rows []reports.Row, code, svc string) reports.Row {
	t.Helper()
	for _, r := range rows {
		if r.RegionCode == code && r.Service == svc {
			return r
		}
	}
	t.Fatalf("no row %s × %s", code, svc)
	return reports.Row{}
}

func TestRunLoadsStoresAndReadsBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newIOEnv(t, db)
		env.thaiFixture()
		ctx := context.Background()
		researcher := user(accounts.RoleResearcher)
		run, err := env.svc.Run(ctx, researcher, reports.RunParams{Set: "th", Level: 1,
			Params: reports.Params{Services: []string{"accommodation", "legal_aid"}, Method: reports.MethodE2SFCA, CatchmentKm: 30}})
		if err != nil {
			t.Fatal(err)
		}
		rep := run.Report
		if run.RowCount != 77*2 || len(rep.Regions) != 77*2 || run.CreatedBy != "researcher@example.org" {
			t.Fatalf("run: %d rows by %s", run.RowCount, run.CreatedBy)
		}
		d := run.DataVersions
		if d.BoundarySet != "th" || d.BoundaryVersion != 1 || d.Level != 1 || d.ProviderSnapshot.IsZero() ||
			!strings.HasPrefix(d.PopulationSource, "towns (imported ") || d.NeedSource != "DSDW" || d.FeedbackSource == "" {
			t.Errorf("data versions: %+v", d)
		}

		// Sub-types count under the type asked for; every tier counts; inactive providers do not.
		for _, tc := range []struct {
			code, svc       string
			located         int
			capacity        float64
			gap             string
			unmet, withNeed bool
		}{
			{"TH63", "accommodation", 1, 10, "", false, true},                  // public, accommodation.emergency
			{"TH50", "accommodation", 1, 5, "", false, false},                  // hidden, accommodation.child
			{"TH10", "accommodation", 0, 0, reports.GapNoService, true, false}, // inactive only
			{"TH10", "legal_aid", 1, 0, "", false, false},                      // region_only, legal_aid.immigration
			{"TH63", "legal_aid", 1, 0, "", false, false},
		} {
			r := rowOf(t, rep.Regions, tc.code, tc.svc)
			if r.ProvidersLocated != tc.located {
				t.Errorf("%s × %s: located %d, want %d", tc.code, tc.svc, r.ProvidersLocated, tc.located)
			}
			if tc.capacity > 0 && (r.Capacity == nil || *r.Capacity != tc.capacity) {
				t.Errorf("%s × %s: capacity %v, want %v", tc.code, tc.svc, r.Capacity, tc.capacity)
			}
			if tc.gap != "" && r.GapClass != tc.gap {
				t.Errorf("%s × %s: gap %s, want %s", tc.code, tc.svc, r.GapClass, tc.gap)
			}
			// 3 needs are fewer than analysts may see (k = 5): withheld.
			if r.UnmetDemand != nil || tc.unmet != r.UnmetDemandSuppressed {
				t.Errorf("%s × %s: unmet demand %v, withheld %v", tc.code, tc.svc, r.UnmetDemand, r.UnmetDemandSuppressed)
			}
			if r.AccessIndex == nil && r.Population != nil && *r.Population > 0 {
				t.Errorf("%s × %s: no access index with method e2sfca", tc.code, tc.svc)
			}
		}

		// Stored: the same run reads back, and the list shows it without results.
		got, err := env.svc.Get(ctx, researcher, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(run)
		b, _ := json.Marshal(got)
		if string(a) != string(b) {
			t.Errorf("the stored run differs from the one returned:\n%s\n%s", a[:300], b[:300])
		}
		list, next, err := env.svc.List(ctx, researcher, "", 0)
		if err != nil || len(list) != 1 || next != "" || list[0].ID != run.ID || list[0].Report != nil || list[0].Parameters.Set != "th" {
			t.Errorf("list: %v %+v", err, list)
		}

		// Nothing of the hidden or region_only places is in the results.
		for _, secret := range []string{"18.712345", "98.976543", "13.765432", "100.512345", "Ghost", "Quiet"} {
			if strings.Contains(string(a), secret) {
				t.Errorf("the run holds %q", secret)
			}
		}
		for _, action := range []string{"report.run", "report.read"} {
			events, _, _ := env.audit.List(ctx, audit.Filter{Action: action})
			if len(events) != 1 || events[0].ObjectID != run.ID || events[0].ActorEmail != "researcher@example.org" {
				t.Errorf("%s audited as %+v", action, events)
			}
		}
	})
}

func TestRunRefusesBadParameters(t *testing.T) {
	env := newIOEnv(t, dbtest.OpenSQLite(t))
	env.thaiFixture()
	env.importRegions("th_adm1.geojson", mapping.RegionImport{Set: "th_copy", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"})
	if _, err := env.svc.ImportPopulation(cli(), strings.NewReader("x,y,p\n100,14,5\n"), reports.PopulationImport{Source: "grid", LonCol: "x", LatCol: "y", PopCol: "p"}); err != nil {
		t.Fatal(err)
	}
	researcher := user(accounts.RoleResearcher)
	ok := reports.RunParams{Set: "th", Level: 1, PopulationSource: "towns"}
	with := func(change func(p *reports.RunParams)) reports.RunParams {
		p := ok
		change(&p)
		return p
	}
	for _, tc := range []struct {
		name   string
		u      accounts.User
		params reports.RunParams
		kind   haven.Kind
		fields []string
	}{
		{"viewer", user(accounts.RoleViewer), ok, haven.KindForbidden, nil},
		{"collector", user(accounts.RoleCollector), ok, haven.KindForbidden, nil},
		{"unknown service type", researcher, with(func(p *reports.RunParams) { p.Services = []string{"accommodation", "shelterz"} }), haven.KindInvalid, []string{"services[1]"}},
		{"level without regions", researcher, with(func(p *reports.RunParams) { p.Level = 2 }), haven.KindInvalid, []string{"level"}},
		{"bad method", researcher, with(func(p *reports.RunParams) { p.Method = "3sfca" }), haven.KindInvalid, []string{"method"}},
		{"negative catchment", researcher, with(func(p *reports.RunParams) { p.CatchmentKm = -1 }), haven.KindInvalid, []string{"catchment_km"}},
		{"several at once", researcher, with(func(p *reports.RunParams) { p.Level, p.WithinKm, p.Filter.Gender = 0, -2, "x" }), haven.KindInvalid,
			[]string{"level", "within_km", "filter.gender"}},
		{"steps not increasing", researcher, with(func(p *reports.RunParams) {
			p.Steps = []reports.Step{{UpToKm: 10, Weight: 1}, {UpToKm: 5, Weight: 0.5}}
		}), haven.KindInvalid, []string{"steps[1].up_to_km"}},
		{"unknown set", researcher, with(func(p *reports.RunParams) { p.Set = "nope" }), haven.KindInvalid, []string{"set"}},
		{"ambiguous set", researcher, with(func(p *reports.RunParams) { p.Set = "" }), haven.KindInvalid, []string{"set"}},
		{"unknown population source", researcher, with(func(p *reports.RunParams) { p.PopulationSource = "nope" }), haven.KindInvalid, []string{"population_source"}},
		{"ambiguous population source", researcher, with(func(p *reports.RunParams) { p.PopulationSource = "" }), haven.KindInvalid, []string{"population_source"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := env.svc.Run(context.Background(), tc.u, tc.params)
			var he *haven.Error
			if !errors.As(err, &he) || he.Kind != tc.kind {
				t.Fatalf("err = %v, want kind %v", err, tc.kind)
			}
			var got []string
			for _, f := range he.Fields {
				got = append(got, f.Field)
			}
			if strings.Join(got, " ") != strings.Join(tc.fields, " ") {
				t.Errorf("fields %v, want %v (%v)", got, tc.fields, err)
			}
		})
	}
	runs, _, _ := env.svc.List(context.Background(), researcher, "", 0)
	if len(runs) != 0 {
		t.Errorf("refused runs were stored: %d", len(runs))
	}
	if _, err := env.svc.Get(context.Background(), researcher, "not-a-uuid"); !errors.Is(err, haven.ErrNotFound) {
		t.Errorf("get with a bad ID: %v", err)
	}
	if _, err := env.svc.Get(context.Background(), user(accounts.RoleViewer), "01a21d50-bfb2-7820-98e5-c9c4a8d5ec31"); !errors.Is(err, haven.ErrForbidden) {
		t.Errorf("viewer get: %v", err)
	}
}

func TestCompareRuns(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newIOEnv(t, db)
		env.thaiFixture()
		ctx := context.Background()
		researcher := user(accounts.RoleResearcher)
		params := reports.RunParams{Set: "th", Level: 1, Params: reports.Params{Services: []string{"accommodation"}, Method: reports.Method2SFCA, CatchmentKm: 30}}
		before, err := env.svc.Run(ctx, researcher, params)
		if err != nil {
			t.Fatal(err)
		}
		env.create(site("Bangkok Shelter", mapping.TierPublic, 13.7563, 100.5018, service("accommodation.emergency", 20)))
		after, err := env.svc.Run(ctx, researcher, params)
		if err != nil {
			t.Fatal(err)
		}
		c, err := env.svc.Compare(ctx, researcher, before.ID, after.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Before.ID != before.ID || c.After.ID != after.ID || c.Before.Report != nil {
			t.Errorf("compare names the runs wrong: %+v", c.Before)
		}
		var bkk *reports.RowChange
		for i, r := range c.Rows {
			if r.RegionCode == "TH10" && r.Service == "accommodation" && r.Level == 1 {
				bkk = &c.Rows[i]
			}
		}
		if bkk == nil || bkk.GapBefore != reports.GapNoService || bkk.GapAfter == reports.GapNoService || bkk.GapChange != reports.ChangeImproved ||
			*bkk.Delta.ProvidersLocated != 1 || *bkk.Delta.Capacity != 20 || bkk.Before.ProvidersLocated != 0 || bkk.After.ProvidersLocated != 1 {
			t.Errorf("Bangkok shelter: %+v", bkk)
		}
		if c.Summary.Improved < 1 || c.Summary.Worsened != 0 || c.Summary.Transitions[reports.GapNoService+"->"+bkk.GapAfter] < 1 ||
			c.Summary.Improved+c.Summary.Unchanged != len(c.Rows) {
			t.Errorf("summary: %+v of %d rows", c.Summary, len(c.Rows))
		}
		if rows := c.Rows; rows[0].Level != 1 || rows[len(rows)-1].Level != 0 {
			t.Errorf("rows not deepest level first: %d … %d", rows[0].Level, rows[len(rows)-1].Level)
		}
		events, _, _ := env.audit.List(ctx, audit.Filter{Action: "report.compare"})
		if len(events) != 1 {
			t.Errorf("compare audited %d times", len(events))
		}

		// Runs of other sets or levels do not compare; unknown IDs say which.
		env.importRegions("th_adm1.geojson", mapping.RegionImport{Set: "th_copy", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"})
		other, err := env.svc.Run(ctx, researcher, reports.RunParams{Set: "th_copy", Level: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.svc.Compare(ctx, researcher, before.ID, other.ID); !errors.Is(err, haven.ErrInvalid) {
			t.Errorf("compare across sets: %v", err)
		}
		if _, err := env.svc.Compare(ctx, researcher, before.ID, "01a21d50-bfb2-7820-98e5-c9c4a8d5ec31"); !errors.Is(err, haven.ErrNotFound) || !strings.Contains(err.Error(), " b") {
			t.Errorf("compare with an unknown b: %v", err)
		}
		if _, err := env.svc.Compare(ctx, user(accounts.RoleViewer), before.ID, after.ID); !errors.Is(err, haven.ErrForbidden) {
			t.Errorf("viewer compare: %v", err)
		}
	})
}

func TestListPagesNewestFirst(t *testing.T) {
	env := newIOEnv(t, dbtest.OpenSQLite(t))
	env.importThaiProvinces()
	researcher := user(accounts.RoleResearcher)
	var ids []string
	for range 3 {
		run, err := env.svc.Run(context.Background(), researcher, reports.RunParams{Level: 1})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, run.ID)
	}
	page, next, err := env.svc.List(context.Background(), researcher, "", 2)
	if err != nil || len(page) != 2 || page[0].ID != ids[2] || page[1].ID != ids[1] || next != ids[1] {
		t.Fatalf("first page: %v %v next %q", err, page, next)
	}
	page, next, err = env.svc.List(context.Background(), researcher, next, 2)
	if err != nil || len(page) != 1 || page[0].ID != ids[0] || next != "" {
		t.Errorf("second page: %v %v next %q", err, page, next)
	}
	if _, _, err := env.svc.List(context.Background(), researcher, "bad", 2); !errors.Is(err, haven.ErrInvalid) {
		t.Errorf("bad cursor: %v", err)
	}
}

// TestServingListsLeaveOutHiddenSites asks for the lists of serving sites:
// they name sites as provider/location, and a hidden site counts in the
// numbers but is in no list.
func TestServingListsLeaveOutHiddenSites(t *testing.T) {
	env := newIOEnv(t, dbtest.OpenSQLite(t))
	env.thaiFixture()
	run, err := env.svc.Run(context.Background(), user(accounts.RoleResearcher), reports.RunParams{Set: "th", Level: 1,
		Params: reports.Params{Services: []string{"accommodation"}, ListServing: true}})
	if err != nil {
		t.Fatal(err)
	}
	if r := rowOf(t, run.Report.Regions, "TH50", "accommodation"); r.ProvidersServing != 1 {
		t.Errorf("the hidden shelter does not count: %+v", r)
	}
	if ids := run.Report.Serving["TH50"]["accommodation"]; len(ids) != 0 {
		t.Errorf("the hidden shelter is listed: %v", ids)
	}
	tak := run.Report.Serving["TH63"]["accommodation"]
	if len(tak) != 1 {
		t.Fatalf("Tak serving: %v", tak)
	}
	providerID, locationID, ok := strings.Cut(tak[0], "/")
	p, err := env.dir.Provider(context.Background(), user(accounts.RoleViewer), providerID)
	if !ok || err != nil || p.Name != "Tak Shelter" || p.Locations[0].ID != locationID {
		t.Errorf("site %s does not lead to the Tak shelter: %v", tak[0], err)
	}
}
