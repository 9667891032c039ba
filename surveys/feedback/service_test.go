package feedback

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
)

func TestCreateRefusesBadTests(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		tests := []struct {
			name   string
			change func(*TestInput)
			field  string
		}{
			{"no title", func(in *TestInput) { in.Title = " " }, "title"},
			{"bad country", func(in *TestInput) { in.Country = "Thailand" }, "country"},
			{"no drafts", func(in *TestInput) { in.Drafts = nil }, "drafts"},
			{"unfrozen version", func(in *TestInput) { in.Drafts[1].Version = 9 }, "drafts[1]"},
			{"no consent text", func(in *TestInput) { in.Consent = nil }, "consent"},
			{"no tasks", func(in *TestInput) { in.Tasks = nil }, "tasks"},
			{"bad task code", func(in *TestInput) { in.Tasks[0].Code = "Shelter Task" }, "tasks[0].code"},
			{"duplicate task code", func(in *TestInput) { in.Tasks[1].Code = "shelter" }, "tasks[1].code"},
			{"no correct answer", func(in *TestInput) { in.Tasks[0].CorrectProviders = nil }, "tasks[0].correct_providers"},
			{"correct answer outside the drafts", func(in *TestInput) { in.Tasks[0].CorrectProviders = []string{"no-such-provider"} }, "tasks[0].correct_providers"},
			{"unknown dimension", func(in *TestInput) { in.Likert[0].Dimension = "beauty" }, "likert[0].dimension"},
			{"correct choice missing", func(in *TestInput) { in.Comprehension[0].Correct = "maybe" }, "comprehension[0].correct"},
			{"unknown section", func(in *TestInput) { in.Sections[0].SectionID = "no-such-section" }, "sections[0].section_id"},
			{"breakdown not asked", func(in *TestInput) { in.Attributes = nil }, "breakdowns"},
			{"unknown breakdown", func(in *TestInput) { in.Breakdowns = []string{"name"} }, "breakdowns"},
			{"fine-grained area", func(in *TestInput) { in.AreaLevel = 3 }, "area_level"},
			{"unknown area set", func(in *TestInput) { in.AreaSet = "nowhere" }, "area_set"},
			{"draft of another country", func(in *TestInput) { in.Country = "KH" }, "drafts[0]"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := w.input()
				tt.change(&in)
				_, err := w.svc.Create(context.Background(), testAdmin, in)
				if haven.KindOf(err) != haven.KindInvalid {
					t.Fatalf("got %v, want an invalid error", err)
				}
				if !hasField(err, tt.field) {
					t.Errorf("error %v does not name %s", err, tt.field)
				}
			})
		}
	})
}

func hasField(err error, field string) bool {
	var he *haven.Error
	if e, ok := err.(*haven.Error); ok {
		he = e
	}
	if he == nil {
		return false
	}
	return slices.ContainsFunc(he.Fields, func(f haven.FieldError) bool { return f.Field == field })
}

// Editors build tests of their countries; facilitators see a test without
// its correct answers; viewers see nothing.
func TestTestAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		ctx := context.Background()
		if _, err := w.svc.Create(ctx, testEditorKH, w.input()); haven.KindOf(err) != haven.KindForbidden {
			t.Errorf("a Cambodian editor creating a Thai test: %v, want forbidden", err)
		}
		test := w.openTest()
		got, err := w.svc.Test(ctx, testCollector, test.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Tasks[0].CorrectProviders) != 0 || got.Comprehension[0].Correct != "" {
			t.Errorf("a facilitator sees the correct answers: %+v", got.Tasks[0])
		}
		got, err = w.svc.Test(ctx, testResearcher, test.ID)
		if err != nil || len(got.Tasks[0].CorrectProviders) != 1 {
			t.Errorf("a researcher reads %+v, %v; want the correct answers", got.Tasks, err)
		}
		if _, err := w.svc.Test(ctx, testViewer, test.ID); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("a viewer reading a test: %v, want not found", err)
		}
		if list, _ := w.svc.Tests(ctx, testEditorKH); len(list) != 0 {
			t.Errorf("a Cambodian editor lists %d Thai tests", len(list))
		}
		if _, err := w.svc.IssueLink(ctx, testCollector, test.ID, "x"); haven.KindOf(err) != haven.KindForbidden {
			t.Errorf("a collector issuing a link: %v, want forbidden", err)
		}
		if _, err := w.svc.Update(ctx, testEditorTH, test.ID, w.input()); haven.KindOf(err) != haven.KindConflict {
			t.Errorf("changing an open test: %v, want conflict", err)
		}
	})
}

// Opening a test publishes an anonymous survey of kind feedback with the
// test's questions in three languages.
func TestOpenPublishesFeedbackSurvey(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		test := w.openTest()
		sv, err := w.surveys.Survey(context.Background(), test.SurveyID)
		if err != nil {
			t.Fatal(err)
		}
		d := sv.Latest.Definition
		if sv.Kind != surveys.KindFeedback || d.FormID != FormID(test.ID) {
			t.Errorf("survey %s of kind %s", d.FormID, sv.Kind)
		}
		if want := []string{"Burmese (my)", "English (en)", "Thai (th)"}; !slices.Equal(d.Languages, want) {
			t.Errorf("languages %v, want %v", d.Languages, want)
		}
		var names []string
		d.Walk(func(_ []string, q *surveys.Question) bool { names = append(names, q.Name); return true })
		for _, want := range []string{qConsent, qGroup, qDraft, qDraftOrder, qChosen("shelter"), qSuccess("legal"),
			qLikert("trust"), qComp("cost"), qUnderstood(0), qPreferred, qFreeText, qUnmetRegion, qProblemKind} {
			if !slices.Contains(names, want) {
				t.Errorf("the survey has no question %s (has %v)", want, names)
			}
		}
		entries := d.ChoiceLists[listEntries]
		if len(entries) != 4 {
			t.Errorf("%d entries to choose from, want the 4 of draft B (which holds draft A's)", len(entries))
		}
	})
}

// Without consent nothing is stored; a retried response is stored once;
// free text is masked; problems and unmet needs are fed back once.
func TestRespondByLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		ctx := context.Background()
		test := w.openTest()
		link, err := w.svc.IssueLink(ctx, testEditorTH, test.ID, "Mae Sot drop-in centre")
		if err != nil {
			t.Fatal(err)
		}

		in := w.answer("survivor", []string{"A", "B"}, true)
		in.Consent = false
		if _, _, err := w.svc.RespondByLink(ctx, link.Token, in); haven.KindOf(err) != haven.KindInvalid || !hasField(err, "consent") {
			t.Errorf("a response without consent: %v, want invalid consent", err)
		}
		if n := countRows(t, db, "submissions"); n != 0 {
			t.Fatalf("without consent %d submissions were stored", n)
		}

		in.Consent = true
		in.FreeText = "My name is Somchai Jaidee, call me on 081-234-5678 or somchai@example.com"
		in.UnmetNeeds = []UnmetNeed{{ServiceType: "legal_aid", RegionCode: "TH63"}}
		in.Problems = []ProblemReport{{ProviderID: w.id("Border Health Post"), Kind: ProblemWrongPhone, Note: "Nobody answers 0812345678"}}
		r, created, err := w.svc.RespondByLink(ctx, link.Token, in)
		if err != nil || !created {
			t.Fatalf("respond: %v (created %v)", err, created)
		}
		if r.Mode != ModeSelf || r.Draft != "A" || !r.Tasks[0].Success || r.Tasks[1].Seconds == nil || *r.Tasks[1].Seconds != 25 {
			t.Errorf("stored response %+v", r)
		}
		again, created, err := w.svc.RespondByLink(ctx, link.Token, in)
		if err != nil || created || again.ID != r.ID {
			t.Errorf("a retry: %v, created %v, ID %s (first %s)", err, created, again.ID, r.ID)
		}
		for table, want := range map[string]int{"submissions": 1, "provider_issues": 1, "feedback_unmet_needs": 1} {
			if n := countRows(t, db, table); n != want {
				t.Errorf("%s holds %d rows after a retry, want %d", table, n, want)
			}
		}
		raw := dumpTable(t, db, "submissions") + dumpTable(t, db, "provider_issues")
		for _, secret := range []string{"Somchai", "Jaidee", "081-234-5678", "0812345678", "somchai@example.com"} {
			if strings.Contains(raw, secret) {
				t.Errorf("the database holds %q", secret)
			}
		}
		if !strings.Contains(r.FreeText, maskedEmail) || !strings.Contains(r.FreeText, maskedPhone) {
			t.Errorf("free text stored as %q", r.FreeText)
		}

		if _, err := w.svc.RevokeLink(ctx, testEditorTH, test.ID, link.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.RespondByLink(ctx, link.Token, w.answer("survivor", []string{"A", "B"}, true)); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("a revoked link: %v, want not found", err)
		}
		if _, err := w.svc.ParticipantByLink(ctx, link.Token); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("a revoked link's page: %v, want not found", err)
		}
	})
}

// A facilitator's response records neither the facilitator nor the request,
// in the submission or the audit log.
func TestFacilitatedResponseIsAnonymous(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		ctx := audit.WithRequestID(audit.WithActor(context.Background(), audit.Actor{ID: testCollector.ID, Email: testCollector.Email}), "req-facilitator")
		test := w.openTest()
		r, _, err := w.svc.Facilitate(ctx, testCollector, test.ID, w.answer("frontline", []string{"B", "A"}, false))
		if err != nil {
			t.Fatal(err)
		}
		if r.Mode != ModeFacilitated || r.Draft != "B" || r.Tasks[0].Success {
			t.Errorf("stored %+v", r)
		}
		for _, table := range []string{"submissions", "audit_events"} {
			dump := dumpTable(t, db, table)
			for _, secret := range []string{testCollector.ID, testCollector.Email, "req-facilitator"} {
				if table == "audit_events" && !strings.Contains(dump, "submission.create") {
					t.Fatalf("no submission.create event: %s", dump)
				}
				if strings.Contains(dump, secret) {
					t.Errorf("%s holds %q", table, secret)
				}
			}
		}
		if _, _, err := w.svc.Facilitate(ctx, testViewer, test.ID, w.answer("frontline", []string{"B", "A"}, false)); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("a viewer facilitating: %v, want not found", err)
		}
	})
}

// Within each group participants alternate between A first and B first.
func TestAssignmentsAlternatePerGroup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		ctx := context.Background()
		test := w.openTest()
		var got []string
		for _, g := range []string{"survivor", "survivor", "frontline", "survivor", "frontline"} {
			order, err := w.svc.Assign(ctx, testCollector, test.ID, g)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, g+":"+strings.Join(order, ""))
		}
		want := []string{"survivor:AB", "survivor:BA", "frontline:AB", "survivor:AB", "frontline:BA"}
		if !slices.Equal(got, want) {
			t.Errorf("orders %v, want %v", got, want)
		}
		if _, err := w.svc.Assign(ctx, testCollector, test.ID, "nobody"); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("an unknown group: %v, want invalid", err)
		}
	})
}

// Problems reported against an entry appear in that provider's review
// queue for editors of its country, who resolve them (audited).
func TestProblemsReachTheReviewQueue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		ctx := context.Background()
		test := w.openTest()
		in := w.answer("provider", []string{"A", "B"}, true)
		health := w.id("Border Health Post")
		in.Problems = []ProblemReport{{ProviderID: health, Kind: ProblemClosed, Note: "It was closed on Sunday"},
			{ProviderID: w.id("Tak Migrant Legal Clinic"), Kind: ProblemRefusedService}}
		if _, _, err := w.svc.Facilitate(ctx, testEditorTH, test.ID, in); err != nil {
			t.Fatal(err)
		}
		issues, err := w.svc.Issues(ctx, testEditorTH, IssueFilter{ProviderID: health, Status: IssueOpen})
		if err != nil {
			t.Fatal(err)
		}
		if len(issues) != 1 || issues[0].Kind != ProblemClosed || issues[0].ProviderName != "Border Health Post" || issues[0].Note != "It was closed on Sunday" {
			t.Fatalf("the health post's queue: %+v", issues)
		}
		if other, _ := w.svc.Issues(ctx, testEditorKH, IssueFilter{}); len(other) != 0 {
			t.Errorf("a Cambodian editor sees %d Thai issues", len(other))
		}
		if _, err := w.svc.Issues(ctx, testResearcher, IssueFilter{}); haven.KindOf(err) != haven.KindForbidden {
			t.Errorf("a researcher listing issues: %v, want forbidden", err)
		}
		if _, err := w.svc.ResolveIssue(ctx, testEditorKH, issues[0].ID, "x"); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("a Cambodian editor resolving: %v, want not found", err)
		}
		resolved, err := w.svc.ResolveIssue(ctx, testEditorTH, issues[0].ID, "Called them: open again from Monday")
		if err != nil || resolved.Status != IssueResolved || resolved.ResolvedBy != testEditorTH.Email {
			t.Fatalf("resolve: %+v, %v", resolved, err)
		}
		if _, err := w.svc.ResolveIssue(ctx, testEditorTH, issues[0].ID, "again"); haven.KindOf(err) != haven.KindConflict {
			t.Errorf("resolving twice: %v, want conflict", err)
		}
		open, _ := w.svc.Issues(ctx, testEditorTH, IssueFilter{Status: IssueOpen})
		if len(open) != 1 || open[0].Kind != ProblemRefusedService {
			t.Errorf("open issues left: %+v", open)
		}
		if !strings.Contains(dumpTable(t, db, "audit_events"), "provider_issue.resolve") {
			t.Error("resolving was not audited")
		}
	})
}

// Unmet needs are counted by region and service type, at the level asked.
func TestUnmetDemand(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		ctx := context.Background()
		test := w.openTest()
		for _, needs := range [][]UnmetNeed{
			{{ServiceType: "legal_aid", RegionCode: "TH63"}, {ServiceType: "medical", RegionCode: "TH63"}},
			{{ServiceType: "legal_aid", RegionCode: "TH63"}},
			{{ServiceType: "accommodation", RegionCode: "TH50"}},
		} {
			in := w.answer("survivor", []string{"A", "B"}, true)
			in.UnmetNeeds = needs
			if _, _, err := w.svc.Facilitate(ctx, testCollector, test.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		in := w.answer("survivor", []string{"A", "B"}, true)
		in.UnmetNeeds = []UnmetNeed{{ServiceType: "legal_aid", RegionCode: "NOWHERE"}}
		if _, _, err := w.svc.Facilitate(ctx, testCollector, test.ID, in); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("an unmet need in an unknown area: %v, want invalid", err)
		}
		got, err := w.svc.UnmetDemand(ctx, "th", 1)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]map[string]int{"TH63": {"legal_aid": 2, "medical": 1}, "TH50": {"accommodation": 1}}
		if len(got) != len(want) || got["TH63"]["legal_aid"] != 2 || got["TH63"]["medical"] != 1 || got["TH50"]["accommodation"] != 1 {
			t.Errorf("unmet demand %v, want %v", got, want)
		}
		if other, _ := w.svc.UnmetDemand(ctx, "ne_admin1", 1); len(other) != 0 {
			t.Errorf("another set counts %v", other)
		}
	})
}

// Responses decodes every response of a test, oldest first.
func TestResponses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		ctx := context.Background()
		test := w.openTest()
		for i, solved := range []bool{true, false, true} {
			order := []string{"A", "B"}
			if i == 1 {
				order = []string{"B", "A"}
			}
			in := w.answer("survivor", order, solved)
			if i == 2 {
				// Answers typed in afterwards have no time; an answer
				// given within half a second has a time of 0.
				in.Tasks[0].Seconds, in.Tasks[1].Seconds = nil, new(0)
			}
			if _, _, err := w.svc.Facilitate(ctx, testCollector, test.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		rs, err := w.svc.Responses(ctx, test.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 3 {
			t.Fatalf("%d responses, want 3", len(rs))
		}
		r := rs[1]
		if r.Draft != "B" || !slices.Equal(r.DraftOrder, []string{"B", "A"}) || r.Tasks[0].Success || !r.Tasks[1].Success ||
			r.Likert["trust"] != 5 || r.Comprehension["cost"] != "free" || r.AgeBand != "18_24" || r.Group != "survivor" ||
			len(r.Sections) != 1 || r.Sections[0].Useful != SectionPartly || r.Tasks[0].Difficulty != 2 {
			t.Errorf("decoded %+v", r)
		}
		seconds := func(s *int) string {
			if s == nil {
				return "not timed"
			}
			return strconv.Itoa(*s)
		}
		for i, want := range []string{"40 25", "40 25", "not timed 0"} {
			if got := seconds(rs[i].Tasks[0].Seconds) + " " + seconds(rs[i].Tasks[1].Seconds); got != want {
				t.Errorf("response %d: task times %s, want %s", i, got, want)
			}
		}
	})
}

func countRows(t *testing.T, db *database.DB, table string) int {
	t.Helper()
	var n int64
	if err := db.Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return int(n)
}

// dumpTable is every value of every row of table, as text.
func dumpTable(t *testing.T, db *database.DB, table string) string {
	t.Helper()
	var rows []map[string]any
	if err := db.Table(table).Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		for k, v := range r {
			b.WriteString(k + "=")
			switch x := v.(type) {
			case []byte:
				b.Write(x)
			default:
				b.WriteString(strings.TrimSpace(strings.ReplaceAll(toString(x), "\n", " ")))
			}
			b.WriteString(" ")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func toString(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// A response refuses what the test does not take, every problem at once,
// and stores nothing.
func TestRespondRefusesBadAnswers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		test := w.openTest()
		tests := []struct {
			name   string
			change func(*ResponseInput)
			field  string
		}{
			{"unknown task", func(in *ResponseInput) { in.Tasks[0].Task = "fly" }, "tasks[0].task"},
			{"draft order missing a draft", func(in *ResponseInput) { in.DraftOrder = []string{"A"} }, "draft_order"},
			{"likert out of range", func(in *ResponseInput) { in.Likert["clear"] = 7 }, "likert.clear"},
			{"unknown section", func(in *ResponseInput) { in.Sections[0].SectionID = "nope" }, "sections[0].section_id"},
			{"attribute not asked", func(in *ResponseInput) { in.AgeBand = "" }, ""},
			{"free text too long", func(in *ResponseInput) { in.FreeText = strings.Repeat("a", maxFreeText+1) }, "free_text"},
			{"too many problems", func(in *ResponseInput) {
				for range maxListed + 1 {
					in.Problems = append(in.Problems, ProblemReport{ProviderID: w.id("Border Health Post"), Kind: ProblemOther})
				}
			}, "problems"},
			{"unknown group", func(in *ResponseInput) { in.Group = "nobody" }, "group"},
			{"unknown entry", func(in *ResponseInput) { in.Tasks[0].Chosen = []string{"no-such-entry"} }, "tasks[0].chosen"},
			{"problem with an unknown entry", func(in *ResponseInput) {
				in.Problems = []ProblemReport{{ProviderID: "nope", Kind: ProblemOther}}
			}, "problems[0].provider_id"},
			{"unmet need of an unknown service", func(in *ResponseInput) {
				in.UnmetNeeds = []UnmetNeed{{ServiceType: "nope", RegionCode: "TH63"}}
			}, "unmet_needs[0].service_type"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := w.answer("survivor", []string{"A", "B"}, true)
				tt.change(&in)
				_, _, err := w.svc.Facilitate(context.Background(), testCollector, test.ID, in)
				if tt.field == "" {
					if err != nil {
						t.Errorf("a valid response was refused: %v", err)
					}
					return
				}
				if haven.KindOf(err) != haven.KindInvalid || !hasField(err, tt.field) {
					t.Errorf("got %v, want invalid %s", err, tt.field)
				}
			})
		}
		if n := countRows(t, db, "submissions"); n != 1 {
			t.Errorf("%d submissions stored, want only the valid one", n)
		}
	})
}
