package analytics_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
	"github.com/haven-project/haven/surveys/xform"
	"github.com/xuri/excelize/v2"
)

// TestSurvey is a small survey with selects (one with "other"), numbers, a
// place tier, a geopoint and a repeat. It is exported to the server tests
// through the same shape: keep them in step.
func testSurvey() surveys.Definition {
	en := func(s string) surveys.Text { return surveys.Text{"": s} }
	return surveys.Definition{
		FormID: "visits", Name: "visits", Title: "Visits", Kind: surveys.KindGeneral,
		Questions: []surveys.Question{
			{Type: surveys.TypeText, Name: "name", Label: en("Name")},
			{Type: surveys.TypeSelectOne, Name: "colour", Label: en("Colour"), ListName: "colours", OrOther: true},
			{Type: surveys.TypeSelectMultiple, Name: "tags", Label: en("Tags"), ListName: "tags"},
			{Type: surveys.TypeInteger, Name: "age", Label: en("Age")},
			{Type: surveys.TypeDecimal, Name: "score", Label: en("Score")},
			{Type: surveys.TypeSelectOne, Name: "location_tier", Label: en("Tier"), ListName: "tiers"},
			{Type: surveys.TypeGeopoint, Name: "location_point", Label: en("Where")},
			{Type: surveys.TypeRepeat, Name: "visits", Label: en("Visits"), Children: []surveys.Question{
				{Type: surveys.TypeText, Name: "place", Label: en("Place")},
				{Type: surveys.TypeInteger, Name: "nights", Label: en("Nights")},
			}},
		},
		ChoiceLists: map[string][]surveys.Choice{
			"colours": {{Name: "red", Label: en("Red")}, {Name: "green", Label: en("Green")}, {Name: "blue", Label: en("Blue")}},
			"tags":    {{Name: "a", Label: en("Tag A")}, {Name: "b", Label: en("Tag B")}, {Name: "c", Label: en("Tag C")}},
			"tiers":   {{Name: "public", Label: en("Public")}, {Name: "region_only", Label: en("Region only")}, {Name: "hidden", Label: en("Hidden")}},
		},
	}
}

// regionsGeoJSON holds two square regions: R1 (lon 100–101, lat 10–11)
// and R2 (lon 101–102, lat 11–12).
const regionsGeoJSON = `{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"R1","name":"One"},"geometry":{"type":"Polygon","coordinates":[[[100,10],[101,10],[101,11],[100,11],[100,10]]]}},
{"type":"Feature","properties":{"code":"R2","name":"Two"},"geometry":{"type":"Polygon","coordinates":[[[101,11],[102,11],[102,12],[101,12],[101,11]]]}}]}`

type fixture struct {
	db      *database.DB
	svc     *analytics.Service
	log     *audit.Log
	survey  string
	ids     []string // submission IDs, in the order of submissionAnswers
	version string
	surveys *surveys.Service
}

type testSubmission struct {
	answers   surveys.Answers
	collector string
	at        string // day submitted
}

// submissionsFixture are five submissions; the test expectations below are
// computed from them by hand.
var submissionsFixture = []testSubmission{
	{surveys.Answers{"name": "Ann", "colour": "red", "tags": "a b", "age": "10", "score": "1.5", "location_tier": "public",
		"location_point": "10.5 100.5 0 0", "visits": []any{map[string]any{"place": "x", "nights": "1"}, map[string]any{"place": "y", "nights": "2"}}},
		"c1@example.org", "2026-01-05"},
	{surveys.Answers{"name": "Bob", "colour": "green", "tags": "a", "age": "20", "score": "2.5", "location_tier": "hidden",
		"location_point": "11.5 101.5 0 0"}, "c1@example.org", "2026-01-05"},
	{surveys.Answers{"name": "Cy", "colour": "other", "colour_other": "teal", "tags": "b c", "age": "30"}, "c2@example.org", "2026-01-06"},
	{surveys.Answers{"name": "Di", "colour": "red", "age": "40", "score": "4", "location_tier": "region_only",
		"location_point": "10.2 100.2 0 0"}, "c2@example.org", "2026-01-12"},
	{surveys.Answers{"name": "Ed", "colour": "red", "tags": "c", "age": "100", "visits": []any{map[string]any{"place": "z", "nights": "5"}}},
		"c3@example.org", "2026-01-12"},
}

func newFixture(t testing.TB, db *database.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	log := audit.New(db.DB)
	ss := surveys.NewService(db.DB, log, xform.Render)
	regions := mapping.NewRegions(db.DB, log)
	if _, err := regions.Import(ctx, strings.NewReader(regionsGeoJSON), mapping.RegionImport{Set: "test", Level: 1, CodeProp: "code", NameProp: "name", Country: "TH"}, nil); err != nil {
		t.Fatal(err)
	}
	v, err := ss.Publish(ctx, testSurvey(), "visits.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, svc: analytics.NewService(db.DB, ss, regions, log), log: log, survey: v.SurveyID, version: v.ID, surveys: ss}
	for _, s := range submissionsFixture {
		sub, _, err := ss.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: uuid.NewString(), Answers: s.answers,
			Channel: surveys.ChannelAPI, Collector: audit.Actor{ID: s.collector, Email: s.collector}})
		if err != nil {
			t.Fatal(err)
		}
		at, _ := time.Parse("2006-01-02", s.at)
		if err := db.DB.Exec("UPDATE submissions SET submitted_at = ? WHERE id = ?", at.Add(9*time.Hour), sub.ID).Error; err != nil {
			t.Fatal(err)
		}
		f.ids = append(f.ids, sub.ID)
	}
	return f
}

var (
	researcher   = accounts.User{ID: "r", Email: "r@example.org", Role: accounts.RoleResearcher}
	confidential = accounts.User{ID: "k", Email: "k@example.org", Role: accounts.RoleEditor, Grants: []accounts.Grant{accounts.GrantConfidential, accounts.GrantRawData}}
	rawOnly      = accounts.User{ID: "w", Email: "w@example.org", Role: accounts.RoleResearcher, Grants: []accounts.Grant{accounts.GrantRawData}}
	adminNoGrant = accounts.User{ID: "a", Email: "a@example.org", Role: accounts.RoleAdmin}
	collector    = accounts.User{ID: "c", Email: "c@example.org", Role: accounts.RoleCollector}
)

func question(t *testing.T, s analytics.Summary, name string) analytics.QuestionSummary {
	t.Helper()
	for _, q := range s.Questions {
		if q.Name == name {
			return q
		}
	}
	t.Fatalf("no question %s in the summary", name)
	return analytics.QuestionSummary{}
}

func wantJSON(t *testing.T, what string, got any, want string) {
	t.Helper()
	g, _ := json.Marshal(got)
	var a, b any
	_ = json.Unmarshal(g, &a)
	if err := json.Unmarshal([]byte(want), &b); err != nil {
		t.Fatalf("bad want for %s: %v", what, err)
	}
	ga, _ := json.Marshal(a)
	wb, _ := json.Marshal(b)
	if !bytes.Equal(ga, wb) {
		t.Errorf("%s =\n%s\nwant\n%s", what, ga, wb)
	}
}

func TestSummary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		s, err := f.svc.Summary(ctx, researcher, f.survey, analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Total != 5 {
			t.Errorf("total = %d, want 5", s.Total)
		}
		wantJSON(t, "by_day", s.ByDay, `[{"key":"2026-01-05","n":2},{"key":"2026-01-06","n":1},{"key":"2026-01-12","n":2}]`)
		wantJSON(t, "by_week", s.ByWeek, `[{"key":"2026-W02","n":3},{"key":"2026-W03","n":2}]`)
		wantJSON(t, "by_collector", s.ByCollector, `[{"key":"c1@example.org","n":2},{"key":"c2@example.org","n":2},{"key":"c3@example.org","n":1}]`)
		// Without the confidential grant the hidden and region_only places are not placed.
		wantJSON(t, "by_region", s.ByRegion, `{"set":"test","level":1,"counts":[{"key":"R1","label":"One","n":1}],"outside":0,"unlocated":2,"withheld":2}`)

		wantJSON(t, "colour", question(t, s, "colour").Choices, `[
			{"name":"red","label":"Red","n":3,"percent":60},{"name":"green","label":"Green","n":1,"percent":20},
			{"name":"blue","label":"Blue","n":0,"percent":0},{"name":"other","label":"Other","n":1,"percent":20}]`)
		if q := question(t, s, "tags"); q.Answered != 4 {
			t.Errorf("tags answered = %d, want 4", q.Answered)
		}
		wantJSON(t, "tags", question(t, s, "tags").Choices, `[
			{"name":"a","label":"Tag A","n":2,"percent":50},{"name":"b","label":"Tag B","n":2,"percent":50},{"name":"c","label":"Tag C","n":2,"percent":50}]`)
		// age 10 20 30 40 100: h = 4p, so Q1 = x1, Q3 = x3.
		wantJSON(t, "age", question(t, s, "age").Numbers, `{"n":5,"mean":40,"median":30,"q1":20,"q3":40,"min":10,"max":100}`)
		// score 1.5 2.5 4: Q1 at h = 0.5 → 2, Q3 at h = 1.5 → 3.25.
		sc := question(t, s, "score").Numbers
		if sc == nil || sc.N != 3 || sc.Median != 2.5 || sc.Q1 != 2 || sc.Q3 != 3.25 || sc.Min != 1.5 || sc.Max != 4 || sc.Mean < 2.6666 || sc.Mean > 2.6667 {
			t.Errorf("score = %+v", sc)
		}
		// nights, in the repeat: 1 2 5.
		n := question(t, s, "nights")
		wantJSON(t, "nights", n.Numbers, `{"n":3,"mean":2.6666666666666665,"median":2,"q1":1.5,"q3":3.5,"min":1,"max":5}`)
		if n.Repeat != "visits" {
			t.Errorf("nights repeat = %q", n.Repeat)
		}
		// Free text: counted, never aggregated.
		if q := question(t, s, "name"); q.Answered != 5 || q.Choices != nil || q.Numbers != nil {
			t.Errorf("name = %+v", q)
		}
		if q := question(t, s, "place"); q.Answered != 3 {
			t.Errorf("place answered = %d, want 3", q.Answered)
		}
		// The redacted places are not counted as answered.
		if q := question(t, s, "location_point"); q.Answered != 1 {
			t.Errorf("location_point answered = %d, want 1", q.Answered)
		}

		// With the grant every point is placed.
		s, err = f.svc.Summary(ctx, confidential, f.survey, analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		wantJSON(t, "by_region with the grant", s.ByRegion, `{"set":"test","level":1,"counts":[{"key":"R1","label":"One","n":2},{"key":"R2","label":"Two","n":1}],"outside":0,"unlocated":2,"withheld":0}`)

		// Filters.
		if err := db.DB.Exec("UPDATE submissions SET status = 'accepted' WHERE id = ?", f.ids[2]).Error; err != nil {
			t.Fatal(err)
		}
		s, err = f.svc.Summary(ctx, researcher, f.survey, analytics.Filter{Status: surveys.StatusAccepted})
		if err != nil || s.Total != 1 {
			t.Errorf("accepted: total %d, %v; want 1", s.Total, err)
		}
		since, _ := time.Parse("2006-01-02", "2026-01-06")
		s, err = f.svc.Summary(ctx, researcher, f.survey, analytics.Filter{Since: since})
		if err != nil || s.Total != 3 {
			t.Errorf("since: total %d, %v; want 3", s.Total, err)
		}
	})
}

func TestSummaryBatches(t *testing.T) {
	// A batch smaller than the submissions makes the cursor page, also
	// past submissions received at the same time (the first two).
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		for _, batch := range []int{1, 2, 3} {
			f.svc.SetBatch(batch)
			s, err := f.svc.Summary(context.Background(), researcher, f.survey, analytics.Filter{})
			if err != nil || s.Total != 5 || question(t, s, "age").Numbers.Median != 30 {
				t.Fatalf("summary in batches of %d: %+v, %v", batch, s, err)
			}
			b, rows := export(t, f, rawOnly, analytics.ExportOptions{Format: analytics.FormatCSV})
			if recs := readCSV(t, b); rows != 5 || recs[1][0] != f.ids[0] || recs[2][0] != f.ids[1] || recs[5][0] != f.ids[4] {
				t.Errorf("export in batches of %d: %d rows, %v", batch, rows, recs)
			}
		}
	})
}

func TestAccess(t *testing.T) {
	f := newFixture(t, dbtest.OpenSQLite(t))
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		u    accounts.User
		call func(u accounts.User) error
		want haven.Kind
	}{
		{"collector summary", collector, func(u accounts.User) error { _, err := f.svc.Summary(ctx, u, f.survey, analytics.Filter{}); return err }, haven.KindForbidden},
		{"collector points", collector, func(u accounts.User) error { _, err := f.svc.Points(ctx, u, f.survey, analytics.Filter{}); return err }, haven.KindForbidden},
		{"researcher export without raw_data", researcher, func(u accounts.User) error {
			_, err := f.svc.Export(ctx, u, f.survey, analytics.ExportOptions{Format: analytics.FormatCSV})
			return err
		}, haven.KindForbidden},
		{"admin export without raw_data", adminNoGrant, func(u accounts.User) error {
			_, err := f.svc.Export(ctx, u, f.survey, analytics.ExportOptions{Format: analytics.FormatCSV})
			return err
		}, haven.KindForbidden},
		{"bad format", rawOnly, func(u accounts.User) error {
			_, err := f.svc.Export(ctx, u, f.survey, analytics.ExportOptions{Format: "pdf"})
			return err
		}, haven.KindInvalid},
		{"bad part", rawOnly, func(u accounts.User) error {
			_, err := f.svc.Export(ctx, u, f.survey, analytics.ExportOptions{Format: analytics.FormatCSV, Part: "nope"})
			return err
		}, haven.KindInvalid},
		{"bad status", researcher, func(u accounts.User) error {
			_, err := f.svc.Summary(ctx, u, f.survey, analytics.Filter{Status: "lost"})
			return err
		}, haven.KindInvalid},
		{"unknown survey", researcher, func(u accounts.User) error { _, err := f.svc.Summary(ctx, u, "nope", analytics.Filter{}); return err }, haven.KindNotFound},
		{"unknown region set", researcher, func(u accounts.User) error {
			_, err := f.svc.Summary(ctx, u, f.survey, analytics.Filter{RegionSet: "nope"})
			return err
		}, haven.KindNotFound},
		{"crosstab of text", researcher, func(u accounts.User) error {
			_, err := f.svc.CrossTab(ctx, u, f.survey, "name", "colour", analytics.Filter{})
			return err
		}, haven.KindInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.call(tc.u); haven.KindOf(err) != tc.want {
				t.Errorf("error %v, want kind %v", err, tc.want)
			}
		})
	}
}

func TestCrossTab(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		small, err := f.svc.CrossTab(context.Background(), researcher, "visits", "colour", "tags", analytics.Filter{})
		if err != nil || small.Suppressed == "" || len(small.Counts) != 0 {
			t.Errorf("fewer than 5 answers, no raw_data grant: %+v, %v; want the cells withheld", small, err)
		}
		ct, err := f.svc.CrossTab(context.Background(), rawOnly, "visits", "colour", "tags", analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if ct.Total != 4 || ct.Missing != 1 || ct.Submitted != 5 {
			t.Errorf("total %d missing %d submissions %d, want 4 1 5", ct.Total, ct.Missing, ct.Submitted)
		}
		// rows red green blue other × cols a b c
		wantJSON(t, "counts", ct.Counts, `[[1,1,1],[1,0,0],[0,0,0],[0,1,1]]`)
		wantJSON(t, "row totals", ct.RowKeys, `[{"name":"red","label":"Red","n":2,"percent":50},{"name":"green","label":"Green","n":1,"percent":25},
			{"name":"blue","label":"Blue","n":0,"percent":0},{"name":"other","label":"Other","n":1,"percent":25}]`)
	})
}

func TestPoints(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		ctx := context.Background()
		fc, err := f.svc.Points(ctx, researcher, f.survey, analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(fc.Features) != 1 || fc.Withheld != 2 || fc.Unlocated != 2 {
			t.Fatalf("without the grant: %d features, %d withheld, %d unlocated; want 1 2 2", len(fc.Features), fc.Withheld, fc.Unlocated)
		}
		if got := fc.Features[0]; got.ID != f.ids[0] || got.Geometry.Coordinates != [2]float64{100.5, 10.5} {
			t.Errorf("feature = %+v", got)
		}
		wantAudit(t, f, "submission.read_confidential", 0)

		fc, err = f.svc.Points(ctx, confidential, f.survey, analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(fc.Features) != 3 || fc.Withheld != 0 {
			t.Fatalf("with the grant: %d features, %d withheld; want 3 0", len(fc.Features), fc.Withheld)
		}
		ev := wantAudit(t, f, "submission.read_confidential", 1)
		if ev.Detail["points"] != float64(2) || ev.ActorEmail != confidential.Email || ev.ObjectID != f.survey {
			t.Errorf("audit event = %+v", ev)
		}
	})
}

// wantAudit checks how many events of action there are and returns the newest.
func wantAudit(t *testing.T, f *fixture, action string, n int) audit.Event {
	t.Helper()
	evs, _, err := f.log.List(context.Background(), audit.Filter{Action: action})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != n {
		t.Fatalf("%d %s events, want %d: %+v", len(evs), action, n, evs)
	}
	if n == 0 {
		return audit.Event{}
	}
	return evs[0]
}

func export(t *testing.T, f *fixture, u accounts.User, opts analytics.ExportOptions) ([]byte, int) {
	t.Helper()
	e, err := f.svc.Export(context.Background(), u, f.survey, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	rows, err := e.Stream(context.Background(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), rows
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestExportCSV(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		b, rows := export(t, f, rawOnly, analytics.ExportOptions{Format: analytics.FormatCSV})
		recs := readCSV(t, b)
		if rows != 5 || len(recs) != 6 {
			t.Fatalf("rows = %d, records = %d; want 5 and a header", rows, len(recs))
		}
		wantHeader := "id,instance_id,submitted_at,status,collector,name,colour,colour_other,tags,age,score,location_tier,location_point"
		if got := strings.Join(recs[0], ","); got != wantHeader {
			t.Errorf("header = %s\nwant     %s", got, wantHeader)
		}
		if got := strings.Join(recs[1][2:], ","); got != "2026-01-05T09:00:00Z,submitted,c1@example.org,Ann,red,,a b,10,1.5,public,10.5 100.5 0 0" {
			t.Errorf("row 1 = %s", got)
		}
		// Without the confidential grant the hidden place is gone, its tier stays.
		if got := strings.Join(recs[2][5:], ","); got != "Bob,green,,a,20,2.5,hidden," {
			t.Errorf("row 2 = %s", got)
		}
		ev := wantAudit(t, f, "survey.export", 1)
		if ev.Detail["format"] != "csv" || ev.Detail["rows"] != float64(5) || ev.ActorEmail != rawOnly.Email || ev.ObjectID != f.survey {
			t.Errorf("audit = %+v", ev)
		}

		// Labels, and the grant shows the place (and says so in the audit).
		b, _ = export(t, f, confidential, analytics.ExportOptions{Format: analytics.FormatCSV, Labels: true})
		recs = readCSV(t, b)
		if got := strings.Join(recs[1][5:], ","); got != "Ann,Red,,Tag A; Tag B,10,1.5,Public,10.5 100.5 0 0" {
			t.Errorf("labelled row 1 = %s", got)
		}
		if got := strings.Join(recs[2][5:], ","); got != "Bob,Green,,Tag A,20,2.5,Hidden,11.5 101.5 0 0" {
			t.Errorf("labelled row 2 = %s", got)
		}
		if got := strings.Join(recs[3][5:8], ","); got != "Cy,Other,teal" {
			t.Errorf("labelled row 3 = %s", got)
		}
		if ev := wantAudit(t, f, "survey.export", 2); ev.Detail["confidential"] != float64(2) || ev.Detail["labels"] != true {
			t.Errorf("audit = %+v", ev)
		}

		// A repeat as its own CSV.
		b, rows = export(t, f, rawOnly, analytics.ExportOptions{Format: analytics.FormatCSV, Part: "visits"})
		recs = readCSV(t, b)
		want := [][]string{{"submission_id", "position", "place", "nights"}, {f.ids[0], "1", "x", "1"}, {f.ids[0], "2", "y", "2"}, {f.ids[4], "1", "z", "5"}}
		wantJSON(t, "repeat CSV", recs, mustJSON(want))
		if rows != 3 {
			t.Errorf("repeat rows = %d, want 3", rows)
		}
	})
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestExportXLSX(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		b, rows := export(t, f, rawOnly, analytics.ExportOptions{Format: analytics.FormatXLSX})
		if rows != 5 {
			t.Errorf("rows = %d", rows)
		}
		if _, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err != nil {
			t.Fatalf("not a zip: %v", err)
		}
		x, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		if got := strings.Join(x.GetSheetList(), ","); got != "submissions,visits" {
			t.Errorf("sheets = %s", got)
		}
		main, _ := x.GetRows("submissions")
		if len(main) != 6 || main[0][9] != "age" || main[5][9] != "100" || (len(main[2]) > 12 && main[2][12] != "") {
			t.Errorf("submissions sheet = %v", main)
		}
		if typ, _ := x.GetCellType("submissions", "J2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("age cell type = %v, want a number", typ)
		}
		visits, _ := x.GetRows("visits")
		wantJSON(t, "visits sheet", visits, mustJSON([][]string{{"submission_id", "position", "place", "nights"},
			{f.ids[0], "1", "x", "1"}, {f.ids[0], "2", "y", "2"}, {f.ids[4], "1", "z", "5"}}))
		if ev := wantAudit(t, f, "survey.export", 1); ev.Detail["format"] != "xlsx" {
			t.Errorf("audit = %+v", ev)
		}
	})
}

func TestExportGeoJSON(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		f := newFixture(t, db)
		b, rows := export(t, f, rawOnly, analytics.ExportOptions{Format: analytics.FormatGeoJSON})
		var fc analytics.FeatureCollection
		if err := json.Unmarshal(b, &fc); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		if fc.Type != "FeatureCollection" || rows != 1 || len(fc.Features) != 1 || fc.Withheld != 2 || fc.Unlocated != 2 {
			t.Fatalf("collection = %s", b)
		}
		p := fc.Features[0].Properties
		if p["name"] != "Ann" || p["tags"] != "a b" || p["collector"] != "c1@example.org" || p["location_tier"] != "public" {
			t.Errorf("properties = %v", p)
		}
		b, rows = export(t, f, confidential, analytics.ExportOptions{Format: analytics.FormatGeoJSON})
		if err := json.Unmarshal(b, &fc); err != nil || rows != 3 || fc.Withheld != 0 {
			t.Errorf("with the grant: %d rows, %s", rows, b)
		}
		wantAudit(t, f, "survey.export", 2)
	})
}
