package analytics_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
	"github.com/haven-project/haven/surveys/builtin"
	"github.com/haven-project/haven/surveys/xform"
)

// millionEnv must be 1 for BenchmarkSummaryMillionPostgres to run: making
// a million submissions takes a while and a few hundred MB of disk.
const millionEnv = "HAVEN_BENCH_MILLION"

// generateMapping inserts submissions from+1 … from+n of the provider-mapping survey
// version, built by PostgreSQL itself (INSERT … SELECT generate_series)
// rather than through Go: choices, numbers, a services repeat, geopoints,
// the three place tiers and office-phone tiers, spread over 200 days and
// 50 collectors.
func generateMapping(tb testing.TB, db *database.DB, surveyID, versionID string, from, n int) {
	tb.Helper()
	const q = `
INSERT INTO submissions (id, survey_id, survey_version_id, instance_id, content_hash, answers, status, channel,
	collector_id, collector_email, latitude, longitude, submitted_at)
SELECT lpad(to_hex(g), 36, '0'), ?, ?, 'uuid:' || lpad(to_hex(g), 32, '0'), 'x',
	jsonb_strip_nulls(jsonb_build_object(
		'org_name', 'Organisation ' || g,
		'org_type', (ARRAY['ngo','government','community','faith','international','other'])[1 + g % 6],
		'country', (ARRAY['TH','MM','KH','LA','VN','MY','ID','PH','SG','BN'])[1 + g % 10],
		'org_status', (ARRAY['active','inactive','unknown','closed'])[1 + g % 4],
		'description', CASE WHEN g % 3 = 0 THEN 'We help people ' || g END,
		'email', 'org' || g || '@example.org',
		'location_name', 'Office ' || g,
		'location_tier', (ARRAY['public','public','region_only','hidden'])[1 + g % 4],
		'location_city', 'City ' || (g % 500),
		'location_point', (10 + (g % 1000) / 500.0) || ' ' || (100 + (g % 997) / 498.5) || ' 0 5',
		'location_accessibility', CASE WHEN g % 5 = 0 THEN 'ramp' END,
		'services', (SELECT jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
				'service_type', 'st' || ((g + k) % 28),
				'genders', (ARRAY['female','male','female male'])[1 + (g + k) % 3],
				'lgbtqi', (ARRAY['yes','no'])[1 + (g + k) % 2],
				'min_age', ((g + k) % 18)::text,
				'max_age', CASE WHEN g % 4 <> 0 THEN (30 + (g * k) % 70)::text END,
				'service_languages', (ARRAY['th','my th','en th km','lo'])[1 + (g + k) % 4],
				'cost_kind', (ARRAY['free','sliding','paid'])[1 + (g + k) % 3],
				'capacity_total', ((g * 7 + k) % 200)::text,
				'area_radius_km', ((g % 400) / 8.0)::text,
				'hours_text', 'Mon-Fri 9-17')))
			FROM generate_series(1, 1 + g % 3) k),
		'office_phone', '+66 2 ' || g,
		'office_phone_tier', (ARRAY['public','confidential'])[1 + g % 2],
		'verified_today', (ARRAY['yes','no'])[1 + g % 2],
		'final_note', CASE WHEN g % 7 = 0 THEN 'checked' END))::text,
	CASE WHEN g % 3 = 0 THEN 'accepted' ELSE 'submitted' END, 'odk',
	'c' || (g % 50), 'c' || (g % 50) || '@example.org',
	CASE WHEN g % 10 <> 0 THEN 10 + (g % 1000) / 500.0 END, CASE WHEN g % 10 <> 0 THEN 100 + (g % 997) / 498.5 END,
	timestamptz '2026-01-01 00:00:00+00' + (g % 200) * interval '1 day' + (g % 86400) * interval '1 second'
FROM generate_series(?::int + 1, ?::int + ?::int) g`
	if err := db.DB.Exec(q, surveyID, versionID, from, from, n).Error; err != nil {
		tb.Fatalf("generate submissions: %v", err)
	}
	if err := db.DB.Exec("ANALYZE submissions").Error; err != nil {
		tb.Fatal(err)
	}
}

// mappingFixture publishes the provider-mapping survey and the test
// boundaries in db and returns the analytics service and survey and
// version IDs.
func mappingFixture(tb testing.TB, db *database.DB) (*analytics.Service, string, string) {
	tb.Helper()
	ctx := context.Background()
	log := audit.New(db.DB)
	ss := surveys.NewService(db.DB, log, xform.Render)
	regions := mapping.NewRegions(db.DB, log)
	if _, err := regions.Import(ctx, strings.NewReader(regionsGeoJSON), mapping.RegionImport{Set: "test", Level: 1, CodeProp: "code", NameProp: "name", Country: "TH"}, nil); err != nil {
		tb.Fatal(err)
	}
	v, err := ss.Publish(ctx, builtin.ProviderMapping(), "provider_mapping.xlsx")
	if err != nil {
		tb.Fatal(err)
	}
	return analytics.NewService(db.DB, ss, regions, log), v.SurveyID, v.ID
}

// BenchmarkSummaryMillionPostgres times Summary over 1,000,000 submissions
// of the provider-mapping survey on PostgreSQL, for a reader without and
// one with the confidential grant. The target is under 2 s. It
// runs only with HAVEN_TEST_POSTGRES set and HAVEN_BENCH_MILLION=1:
//
//	HAVEN_BENCH_MILLION=1 HAVEN_TEST_POSTGRES=postgres://… go test ./surveys/analytics/ -run '^$' -bench SummaryMillion -benchtime 3x -v
//
// Summary reads the counts the fold keeps; in a server the background fold
// (FoldEvery) counts submissions within seconds of their arrival, so the
// million are counted first, and the time that takes is logged. The
// "…-after-10k-new" runs add 10,000 uncounted submissions before each
// Summary (not timed), which it counts in itself.
func BenchmarkSummaryMillionPostgres(b *testing.B) {
	if os.Getenv(millionEnv) != "1" {
		b.Skipf("set %s=1 (and %s) to generate a million submissions", millionEnv, dbtest.PostgresEnv)
	}
	const n = 1_000_000
	db := dbtest.OpenPostgres(b)
	svc, surveyID, versionID := mappingFixture(b, db)
	start := time.Now()
	generateMapping(b, db, surveyID, versionID, 0, n)
	b.Logf("generated %d submissions in %s", n, time.Since(start).Round(time.Millisecond))
	ctx := context.Background()
	start = time.Now()
	counted, err := svc.Fold(ctx, surveyID)
	if err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	b.Logf("counted %d submissions in %s (%.0f a second)", counted, took.Round(time.Millisecond), float64(counted)/took.Seconds())
	total := n
	for _, u := range []struct {
		name string
		user accounts.User
		add  int
	}{{"researcher", researcher, 0}, {"confidential", confidential, 0},
		{"researcher-after-10k-new", researcher, 10_000}, {"confidential-after-10k-new", confidential, 10_000}} {
		b.Run(u.name, func(b *testing.B) {
			for b.Loop() {
				if u.add > 0 {
					b.StopTimer()
					generateMapping(b, db, surveyID, versionID, total, u.add)
					total += u.add
					b.StartTimer()
				}
				s, err := svc.Summary(ctx, u.user, surveyID, analytics.Filter{})
				if err != nil {
					b.Fatal(err)
				}
				if s.Total != total {
					b.Fatalf("total = %d, want %d", s.Total, total)
				}
			}
		})
	}
	// Filtered views: a status, one month (submitted_at spreads over 200
	// days), and the whole range given as dates.
	for _, f := range []struct {
		name   string
		filter analytics.Filter
	}{
		{"researcher-accepted", analytics.Filter{Status: surveys.StatusAccepted}},
		{"researcher-one-month", analytics.Filter{Since: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}},
		{"researcher-all-dates", analytics.Filter{Since: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}},
	} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := svc.Summary(ctx, researcher, surveyID, f.filter); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFoldPostgres times counting 20,000 new submissions of the
// provider-mapping survey into the counts on PostgreSQL (the background
// fold must keep up with ingest, ≥ 3,000 a second) and reports the rate.
func BenchmarkFoldPostgres(b *testing.B) {
	const n = 20_000
	db := dbtest.OpenPostgres(b)
	svc, surveyID, versionID := mappingFixture(b, db)
	ctx := context.Background()
	total, folded := 0, 0
	for b.Loop() {
		b.StopTimer()
		generateMapping(b, db, surveyID, versionID, total, n)
		total += n
		b.StartTimer()
		c, err := svc.Fold(ctx, surveyID)
		if err != nil {
			b.Fatal(err)
		}
		if c != n {
			b.Fatalf("counted %d, want %d", c, n)
		}
		folded += c
	}
	b.ReportMetric(float64(folded)/b.Elapsed().Seconds(), "submissions/s")
}

// BenchmarkSummaryPendingPostgres times Summary over 100,000 counted
// submissions and 10,000 new ones not counted yet (each run adds them, not
// timed): what Summary adds up itself when the background fold is behind.
func BenchmarkSummaryPendingPostgres(b *testing.B) {
	const counted, fresh = 100_000, 10_000
	db := dbtest.OpenPostgres(b)
	svc, surveyID, versionID := mappingFixture(b, db)
	ctx := context.Background()
	generateMapping(b, db, surveyID, versionID, 0, counted)
	if _, err := svc.Fold(ctx, surveyID); err != nil {
		b.Fatal(err)
	}
	total := counted
	for b.Loop() {
		b.StopTimer()
		if _, err := svc.Fold(ctx, surveyID); err != nil {
			b.Fatal(err)
		}
		generateMapping(b, db, surveyID, versionID, total, fresh)
		total += fresh
		b.StartTimer()
		s, err := svc.Summary(ctx, researcher, surveyID, analytics.Filter{})
		if err != nil {
			b.Fatal(err)
		}
		if s.Total != total {
			b.Fatalf("total = %d, want %d", s.Total, total)
		}
	}
}
