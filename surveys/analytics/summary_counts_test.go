package analytics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
)

// addSubmissions submits n varied submissions of the fixture's survey,
// drawn from a seeded generator: every place tier (and none, which makes a
// described place hidden), points in R1, in R2, outside both and none,
// select_multiple answers in any order, decimals whose sums round, "other",
// zero to three visits, by 7 collectors; with backdate, over 40 days in
// February and March (which a fold running meanwhile would miss: only tests
// change a submission after it is stored). It returns their IDs.
func addSubmissions(t *testing.T, f *fixture, seed uint64, n int, backdate bool) []string {
	t.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(seed, 7))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	start := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	var ids []string
	for i := range n {
		a := surveys.Answers{"name": fmt.Sprintf("Person %d-%d", seed, i)}
		if r.IntN(10) > 0 {
			a["colour"] = pick("red", "green", "blue", "other")
			if a["colour"] == "other" {
				a["colour_other"] = pick("teal", "pink")
			}
		}
		if r.IntN(5) > 0 {
			a["tags"] = pick("a", "b", "c", "a b", "b c", "a b c", "c a")
		}
		if r.IntN(6) > 0 {
			a["age"] = strconv.Itoa(r.IntN(90))
		}
		if r.IntN(4) > 0 {
			a["score"] = pick("0.1", "0.2", "0.3", "1.5", "2.25", "-0.1", "0", "10", "3.3333")
		}
		if tier := pick("", "public", "public", "region_only", "hidden"); tier != "" {
			a["location_tier"] = tier
		}
		switch r.IntN(4) {
		case 0:
			a["location_point"] = fmt.Sprintf("10.%d 100.%d 0 0", 1+r.IntN(8), 1+r.IntN(8)) // R1
		case 1:
			a["location_point"] = fmt.Sprintf("11.%d 101.%d 0 0", 1+r.IntN(8), 1+r.IntN(8)) // R2
		case 2:
			a["location_point"] = "5.5 5.5 0 0" // in no region
		}
		var visits []any
		for range r.IntN(4) {
			v := map[string]any{}
			if r.IntN(3) > 0 {
				v["place"] = pick("x", "y", "z", "far")
			}
			if r.IntN(3) > 0 {
				v["nights"] = strconv.Itoa(r.IntN(6))
			}
			visits = append(visits, v)
		}
		if len(visits) > 0 {
			a["visits"] = visits
		}
		who := fmt.Sprintf("c%d@example.org", i%7)
		sub, _, err := f.surveys.Submit(ctx, surveys.NewSubmission{VersionID: f.version, InstanceID: uuid.NewString(), Answers: a,
			Channel: surveys.ChannelAPI, Collector: audit.Actor{ID: who, Email: who}})
		if err != nil {
			t.Fatalf("submission %d (%v): %v", i, a, err)
		}
		at := start.Add(time.Duration(r.IntN(40))*24*time.Hour + time.Duration(r.IntN(86400))*time.Second)
		if !backdate {
			ids = append(ids, sub.ID)
			continue
		}
		if err := f.db.DB.Exec("UPDATE submissions SET submitted_at = ? WHERE id = ?", at, sub.ID).Error; err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sub.ID)
	}
	return ids
}

// sameBothWays checks that Summary from the counts equals Summary from
// reading every submission, for every reader and filter, and that the
// counts answered (when counted) or were set aside (when not).
func sameBothWays(t *testing.T, f *fixture, filters map[string]analytics.Filter, counted bool) {
	t.Helper()
	ctx := context.Background()
	users := map[string]accounts.User{"researcher": researcher, "confidential": confidential, "raw data": rawOnly}
	for fname, flt := range filters {
		for uname, u := range users {
			fromCounts, usedCounts, err := analytics.SummaryFromCounts(ctx, f.svc, u, f.survey, flt)
			if err != nil {
				t.Fatalf("%s, %s: %v", fname, uname, err)
			}
			fromScan, err := analytics.SummaryFromScan(ctx, f.svc, u, f.survey, flt)
			if err != nil {
				t.Fatalf("%s, %s: %v", fname, uname, err)
			}
			if want := counted && wholeDays(flt); usedCounts != want {
				t.Errorf("%s, %s: read the counts %v, want %v", fname, uname, usedCounts, want)
			}
			if !reflect.DeepEqual(fromCounts, fromScan) {
				a, _ := json.MarshalIndent(fromCounts, "", " ")
				b, _ := json.MarshalIndent(fromScan, "", " ")
				t.Errorf("%s, %s: from the counts\n%s\nreading every submission\n%s", fname, uname, a, b)
			}
		}
	}
}

// wholeDays reports whether f's bounds, if any, are UTC midnights: the
// counts answer for whole days only.
func wholeDays(f analytics.Filter) bool {
	for _, t := range []time.Time{f.Since, f.Until} {
		if !t.IsZero() && (t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0 || t.Location() != time.UTC) {
			return false
		}
	}
	return true
}

// stats returns the survey's stored counts, in order.
func stats(t *testing.T, db *database.DB, surveyID string) []string {
	t.Helper()
	var rows []struct {
		Status, Day, Field, Value, Label string
		Audience                         int
		N                                int64
	}
	if err := db.DB.Raw("SELECT status, audience, day, field, value, label, n FROM submission_stats WHERE survey_id = ? ORDER BY status, audience, day, field, value",
		surveyID).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%s %d %q %q %q %q %d", r.Status, r.Audience, r.Day, r.Field, r.Value, r.Label, r.N)
	}
	return out
}

// sameAsRecount checks that the counts kept up to date batch by batch, moves
// included, are those of counting every submission afresh.
func sameAsRecount(t *testing.T, f *fixture) {
	t.Helper()
	ctx := context.Background()
	if _, err := f.svc.Fold(ctx, f.survey); err != nil {
		t.Fatal(err)
	}
	kept := stats(t, f.db, f.survey)
	if err := f.db.DB.Exec("DELETE FROM submission_stats WHERE survey_id = ?", f.survey).Error; err != nil {
		t.Fatal(err)
	}
	if err := f.db.DB.Exec("UPDATE submissions SET counted_status = '' WHERE survey_id = ?", f.survey).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Fold(ctx, f.survey); err != nil {
		t.Fatal(err)
	}
	if afresh := stats(t, f.db, f.survey); !reflect.DeepEqual(kept, afresh) {
		t.Errorf("counts kept up to date:\n%s\ncounted afresh:\n%s", strings.Join(kept, "\n"), strings.Join(afresh, "\n"))
	}
}

func decide(t *testing.T, f *fixture, ids []string, accept bool) {
	t.Helper()
	for _, id := range ids {
		d := surveys.Decision{Accept: accept}
		if !accept {
			d.Note = "not a provider"
		}
		if _, err := f.surveys.Decide(context.Background(), id, d, audit.Actor{ID: "e", Email: "e@example.org"}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSummaryFromCounts checks that the counts give the figures of reading
// every submission, through the life of a survey: submissions counted in
// by Summary, decisions moving submissions between statuses (before and
// after a fold), submissions partly counted, new boundaries and a version
// that makes a text question a choice (both making the counts again).
func TestSummaryFromCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		ids := append(f.ids, addSubmissions(t, f, 1, 120, true)...)
		filters := map[string]analytics.Filter{
			"all": {}, "submitted": {Status: surveys.StatusSubmitted}, "accepted": {Status: surveys.StatusAccepted},
			"rejected (too few)": {Status: surveys.StatusRejected}, "level 2": {RegionLevel: 2}, "set test": {RegionSet: "test"},
			"since":             {Since: time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC)},
			"until":             {Until: time.Date(2026, 2, 12, 0, 0, 0, 0, time.UTC)},
			"between":           {Since: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)},
			"accepted, between": {Status: surveys.StatusAccepted, Since: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 2, 20, 0, 0, 0, 0, time.UTC)},
			"since noon":        {Since: time.Date(2026, 2, 10, 12, 0, 0, 0, time.UTC)},
		}

		t.Run("counted in by Summary", func(t *testing.T) { sameBothWays(t, f, filters, true) })

		analytics.SetFoldFirst(f.svc, 0) // leave what is new to the snapshot
		decide(t, f, ids[:25], true)
		decide(t, f, ids[25:28], false)
		t.Run("decisions not counted yet", func(t *testing.T) { sameBothWays(t, f, filters, true) })
		if _, err := f.svc.Fold(ctx, f.survey); err != nil {
			t.Fatal(err)
		}
		t.Run("decisions counted", func(t *testing.T) { sameBothWays(t, f, filters, true) })
		t.Run("decisions counted as afresh", func(t *testing.T) { sameAsRecount(t, f) })

		more := addSubmissions(t, f, 2, 60, true)
		f.svc.SetBatch(7)
		if n, err := analytics.FoldSome(ctx, f.svc, f.survey, 20); err != nil || n < 20 || n > 30 {
			t.Fatalf("folded %d, %v; want about 20", n, err)
		}
		decide(t, f, more[:5], true)     // some counted, some not
		decide(t, f, ids[40:42], false)  // counted
		decide(t, f, more[50:52], false) // not counted
		t.Run("partly counted", func(t *testing.T) { sameBothWays(t, f, filters, true) })
		t.Run("partly counted, then as afresh", func(t *testing.T) { sameAsRecount(t, f) })

		// A new version of the boundaries, and a second set.
		regions := mapping.NewRegions(db.DB, f.log)
		for _, set := range []string{"test", "other"} {
			if _, err := regions.Import(ctx, strings.NewReader(regionsGeoJSON), mapping.RegionImport{Set: set, Level: 1, CodeProp: "code", NameProp: "name", Country: "TH"}, nil); err != nil {
				t.Fatal(err)
			}
		}
		filters["set other"] = analytics.Filter{RegionSet: "other"}
		t.Run("new boundaries, not counted", func(t *testing.T) { sameBothWays(t, f, filters, false) })
		analytics.SetFoldFirst(f.svc, 1_000_000)
		t.Run("new boundaries, counted again", func(t *testing.T) { sameBothWays(t, f, filters, true) })

		// Version 2 makes the free-text place of a visit a choice.
		d := testSurvey()
		d.Questions[7].Children[0] = surveys.Question{Type: surveys.TypeSelectOne, Name: "place", Label: surveys.Text{"": "Place"}, ListName: "places"}
		d.ChoiceLists["places"] = []surveys.Choice{{Name: "x", Label: surveys.Text{"": "X"}}, {Name: "y", Label: surveys.Text{"": "Y"}}, {Name: "z", Label: surveys.Text{"": "Z"}}}
		if _, err := f.surveys.Publish(ctx, d, "visits.xlsx"); err != nil {
			t.Fatal(err)
		}
		analytics.SetFoldFirst(f.svc, 0)
		t.Run("place a choice, not counted", func(t *testing.T) { sameBothWays(t, f, filters, false) })
		analytics.SetFoldFirst(f.svc, 1_000_000)
		t.Run("place a choice, counted again", func(t *testing.T) { sameBothWays(t, f, filters, true) })
		s, err := f.svc.Summary(ctx, rawOnly, f.survey, analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if q := question(t, s, "place"); len(q.Choices) != 4 || q.Choices[3].Name != "far" || q.Choices[0].N == 0 {
			t.Errorf("place = %+v, want x y z and far counted", q)
		}
		t.Run("in the end, as afresh", func(t *testing.T) { sameAsRecount(t, f) })
	})
}

// TestFoldConcurrently runs folds while submissions arrive and are
// decided: each is counted once, under its final status.
func TestFoldConcurrently(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		f.svc.SetBatch(5)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, 3)
		for range 3 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := f.svc.Fold(ctx, f.survey); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		ids := addSubmissions(t, f, 3, 60, false)
		decide(t, f, ids[:20], true)
		decide(t, f, ids[20:30], false)
		close(stop)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		sameBothWays(t, f, map[string]analytics.Filter{"all": {}, "accepted": {Status: surveys.StatusAccepted}, "rejected": {Status: surveys.StatusRejected}}, true)
		sameAsRecount(t, f)
	})
}

// TestFoldEvery checks that the background fold counts new submissions
// and stops when told.
func TestFoldEvery(t *testing.T) {
	f := newFixture(t, dbtest.OpenSQLite(t))
	stop := f.svc.FoldEvery(10*time.Millisecond, slog.New(slog.DiscardHandler))
	defer stop()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var left int64
		if err := f.db.DB.Raw("SELECT COUNT(*) FROM submissions WHERE counted_status <> status").Scan(&left).Error; err != nil {
			t.Fatal(err)
		}
		if left == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d submissions still uncounted", left)
		}
		time.Sleep(10 * time.Millisecond)
	}
	stop()
	if got := len(stats(t, f.db, f.survey)); got == 0 {
		t.Error("no counts after the background fold")
	}
}

// TestSummaryLongAnswer: a long text answer to a question a later version
// makes a choice is not kept as a value; Summary then reads the
// submissions, and says the same.
func TestSummaryLongAnswer(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		f := newFixture(t, db)
		addSubmissions(t, f, 4, 10, true)
		long := strings.Repeat("far away ", 200)
		if _, _, err := f.surveys.Submit(ctx, surveys.NewSubmission{VersionID: f.version, InstanceID: uuid.NewString(),
			Answers: surveys.Answers{"name": "Long", "visits": []any{map[string]any{"place": long}}}, Channel: surveys.ChannelAPI,
			Collector: audit.Actor{ID: "c", Email: "c@example.org"}}); err != nil {
			t.Fatal(err)
		}
		filters := map[string]analytics.Filter{"all": {}, "submitted": {Status: surveys.StatusSubmitted}}
		sameBothWays(t, f, filters, true) // place is free text: only counted
		d := testSurvey()
		d.Questions[7].Children[0] = surveys.Question{Type: surveys.TypeSelectOne, Name: "place", Label: surveys.Text{"": "Place"}, ListName: "places"}
		d.ChoiceLists["places"] = []surveys.Choice{{Name: "x", Label: surveys.Text{"": "X"}}}
		if _, err := f.surveys.Publish(ctx, d, "visits.xlsx"); err != nil {
			t.Fatal(err)
		}
		sameBothWays(t, f, filters, false)
		s, err := f.svc.Summary(ctx, rawOnly, f.survey, analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		q := question(t, s, "place")
		if !slices.ContainsFunc(q.Choices, func(c analytics.ChoiceCount) bool { return c.Name == strings.TrimSpace(long) && c.N == 1 }) {
			t.Errorf("the long answer is not among the place choices (%d of them)", len(q.Choices))
		}
	})
}
