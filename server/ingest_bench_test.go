package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
)

// ingestSurvey is a small mapping survey: text, a number with a rule, a
// choice and a position.
func ingestSurvey() surveys.Definition {
	t := func(s string) surveys.Text { return surveys.Text{"": s} }
	return surveys.Definition{FormID: "ingest", Name: "ingest", Title: "Ingest", Kind: surveys.KindGeneral,
		Questions: []surveys.Question{
			{Type: surveys.TypeText, Name: "org", Label: t("Organisation"), Required: true},
			{Type: surveys.TypeInteger, Name: "beds", Label: t("Beds"), Constraint: ". >= 0 and . <= 1000"},
			{Type: surveys.TypeSelectOne, Name: "kind", Label: t("Kind"), ListName: "kinds", Required: true},
			{Type: surveys.TypeGeopoint, Name: "where", Label: t("Where")},
		},
		ChoiceLists: map[string][]surveys.Choice{"kinds": {{Name: "ngo", Label: t("NGO")}, {Name: "gov", Label: t("Government")}}},
	}
}

// BenchmarkIngestHTTP sends JSON submissions to PostgreSQL over loopback
// with an API token (see ingestLoad for the load), then runs the pgbench
// baseline on the same database and prints the ratio:
//
//	HAVEN_TEST_POSTGRES=postgres://… go test ./server/ -run '^$' -bench IngestHTTP -benchtime 1x
//	scripts/bench-ingest.sh   # every ingest benchmark, one summary line each
func BenchmarkIngestHTTP(b *testing.B) {
	env, db := newIngestEnv(b)
	token := env.token(accounts.RoleCollector)
	ts := httptest.NewServer(env.srv.Handler())
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
	send := func(i int) (time.Duration, error) {
		body := fmt.Sprintf(`{"instance_id":"%s","answers":{"org":"Org %d","beds":%d,"kind":"ngo","where":"16.7 98.5 0 5"}}`, uuid.NewString(), i, i%500)
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/surveys/ingest/submissions", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		return timed(client, req, http.StatusCreated)
	}
	b.ResetTimer()
	for range b.N {
		ingestLoad(b, db, send, 1000)
	}
}

// newIngestEnv is a server on a fresh PostgreSQL schema with ingestSurvey
// published. Its log lines are still encoded, as in production, but dropped.
func newIngestEnv(b *testing.B) (*testEnv, *database.DB) {
	db := dbtest.OpenPostgres(b)
	env := newTestEnv(b, db, Config{})
	env.srv.log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	if _, err := env.srv.deps.Surveys.Publish(context.Background(), ingestSurvey(), ""); err != nil {
		b.Fatal(err)
	}
	return env, db
}

// timed sends req and returns how long the answer took, failing on any
// status but want.
func timed(client *http.Client, req *http.Request, want int) (time.Duration, error) {
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		return 0, fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
	}
	return time.Since(start), nil
}

// ingestLoad measures an ingest endpoint: first a closed loop of 16
// senders for 5 s (throughput, and the CPU this process spends per
// submission, load generator included), then a steady rate per second for
// 5 s (latency, timed from each request's scheduled start, so a stalled
// server is not hidden by senders that wait for it). It checks that every
// submission was stored once with its audit event, then runs the pgbench
// baseline and reports the ratio.
func ingestLoad(b *testing.B, db *database.DB, send func(i int) (time.Duration, error), rate int) {
	b.Helper()
	const duration = 5 * time.Second
	const senders = 16
	var mu sync.Mutex
	var n int
	var failures []error
	var closedLat []time.Duration
	cpu := processCPU()
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	for w := range senders {
		wg.Go(func() {
			for i := w; time.Now().Before(deadline); i += senders {
				d, err := send(i)
				mu.Lock()
				if err != nil {
					failures = append(failures, err)
				} else {
					n++
					closedLat = append(closedLat, d)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	cpu = processCPU() - cpu
	if len(failures) > 0 {
		b.Fatalf("%d submissions failed, the first: %v", len(failures), failures[0])
	}
	perSecond := float64(n) / duration.Seconds()
	b.ReportMetric(perSecond, "submissions/s")
	b.ReportMetric(float64(cpu.Microseconds())/float64(n), "cpu-us/submission")
	slices.Sort(closedLat)
	b.ReportMetric(ms(percentile(closedLat, 99)), "p99-ms@closed")

	// A steady rate: each request starts at its appointed time, whether or
	// not the ones before it are answered.
	total := rate * int(duration/time.Second)
	interval := time.Second / time.Duration(rate)
	lat := make([]time.Duration, 0, total)
	start := time.Now()
	var wg2 sync.WaitGroup
	for i := range total {
		at := start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(at))
		wg2.Go(func() {
			_, err := send(1_000_000 + i)
			late := time.Since(at)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failures = append(failures, err)
				return
			}
			lat = append(lat, late)
		})
	}
	wg2.Wait()
	if len(failures) > 0 {
		b.Fatalf("%d paced submissions failed, the first: %v", len(failures), failures[0])
	}
	slices.Sort(lat)
	b.ReportMetric(ms(percentile(lat, 50)), fmt.Sprintf("p50-ms@%d/s", rate))
	b.ReportMetric(ms(percentile(lat, 99)), fmt.Sprintf("p99-ms@%d/s", rate))

	// Every answered submission is stored once, with its audit event.
	var stored, audited int64
	db.Raw("SELECT COUNT(*) FROM submissions").Scan(&stored)
	db.Raw("SELECT COUNT(*) FROM audit_events WHERE action = 'submission.create'").Scan(&audited)
	if want := int64(n + total); stored != want || audited != want {
		b.Fatalf("%d submissions answered, %d stored, %d audited", want, stored, audited)
	}

	if tps, ok := pgbenchBaseline(b, db, pgbenchInsert); ok {
		b.ReportMetric(tps, "pgbench-tps")
		b.ReportMetric(perSecond/tps, "ratio")
		b.Logf("haven %.0f/s, pgbench %.0f/s, ratio %.2f", perSecond, tps, perSecond/tps)
		same := havenRowsInsert(b, db)
		tps, _ = pgbenchBaseline(b, db, same)
		b.ReportMetric(tps, "pgbench-haven-rows-tps")
		b.ReportMetric(perSecond/tps, "ratio-haven-rows")
		b.Logf("haven %.0f/s, pgbench of Haven's own rows %.0f/s, ratio %.2f", perSecond, tps, perSecond/tps)
	}
}

func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[(len(sorted)-1)*p/100]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// The pgbench baseline: how many comparable rows (uuid key, JSON answers,
// one transaction each) PostgreSQL itself inserts per second, with 16
// clients for 5 s, as scripts/bench-ingest-pgbench.sh measures it (keep
// the two in step).
const (
	pgbenchTable  = `CREATE TABLE bench_submissions (id uuid PRIMARY KEY, instance_id text UNIQUE, answers jsonb NOT NULL, submitted_at timestamptz NOT NULL)`
	pgbenchInsert = `INSERT INTO bench_submissions VALUES (gen_random_uuid(), gen_random_uuid()::text, '{"org":"Org","beds":"3","kind":"ngo","where":"16.7 98.5 0 5"}'::jsonb, now());`
)

// havenRowsInsert is the second baseline's statement: the rows Haven
// itself stores for a submission (the submission, with every index and
// foreign key of its table, and its audit event), copied from the last one
// the benchmark stored, one transaction each. The first baseline's table
// has two indexes; Haven's rows carry eleven index entries and two
// foreign-key checks, which is what PostgreSQL spends most of its time on.
func havenRowsInsert(b *testing.B, db *database.DB) string {
	b.Helper()
	var row struct {
		SurveyID, SurveyVersionID, Answers, Status, Channel, CollectorID, CollectorEmail string
		ActorID, ActorEmail, Detail                                                      string
	}
	err := db.Raw(`SELECT s.survey_id, s.survey_version_id, s.answers, s.status, s.channel, s.collector_id, s.collector_email,
		a.actor_id, a.actor_email, a.detail
		FROM submissions s JOIN audit_events a ON a.object_id = s.id AND a.action = 'submission.create'
		ORDER BY a.id DESC LIMIT 1`).Scan(&row).Error
	if err != nil || row.SurveyID == "" {
		b.Fatalf("read the last submission for the baseline: %v", err)
	}
	q := func(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }
	return fmt.Sprintf(`WITH s AS (
	INSERT INTO submissions (id, survey_id, survey_version_id, instance_id, content_hash, answers, status, channel,
		collector_id, collector_email, latitude, longitude, submitted_at)
	VALUES (gen_random_uuid()::text, %s, %s, gen_random_uuid()::text, md5(random()::text), %s, %s, %s, %s, %s, 16.7, 98.5, now())
	ON CONFLICT (instance_id) DO NOTHING
	RETURNING id)
INSERT INTO audit_events (at, actor_id, actor_email, action, object_type, object_id, request_id, detail)
SELECT now(), %s, %s, 'submission.create', 'submission', s.id, md5(random()::text), %s FROM s;`,
		q(row.SurveyID), q(row.SurveyVersionID), q(row.Answers), q(row.Status), q(row.Channel), q(row.CollectorID),
		q(row.CollectorEmail), q(row.ActorID), q(row.ActorEmail), q(row.Detail))
}

var pgbenchTPS = regexp.MustCompile(`(?m)^tps = ([0-9.]+)`)

// pgbenchBaseline runs statement with pgbench in db's schema (creating the
// first baseline's table if need be) and returns its transactions per
// second; false, with a note, when pgbench is missing.
func pgbenchBaseline(b *testing.B, db *database.DB, statement string) (float64, bool) {
	b.Helper()
	bin, err := exec.LookPath("pgbench")
	if err != nil {
		b.Log("pgbench is not installed: no baseline in this run")
		return 0, false
	}
	var schema string
	if err := db.Raw("SELECT current_schema()").Scan(&schema).Error; err != nil {
		b.Fatal(err)
	}
	if err := db.Exec(strings.Replace(pgbenchTable, "CREATE TABLE", "CREATE TABLE IF NOT EXISTS", 1)).Error; err != nil {
		b.Fatal(err)
	}
	script := filepath.Join(b.TempDir(), "insert.sql")
	if err := os.WriteFile(script, []byte(statement+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "-n", "-c", "16", "-j", "2", "-T", "5", "-f", script, dbtest.PostgresURL(b))
	cmd.Env = append(os.Environ(), "PGOPTIONS=-c search_path="+schema)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			b.Fatalf("pgbench: %v: %s", err, stderr.Bytes())
		}
		b.Fatalf("pgbench: %v", err)
	}
	m := pgbenchTPS.FindSubmatch(out.Bytes())
	if m == nil {
		b.Fatalf("pgbench printed no tps: %s", out.Bytes())
	}
	tps, _ := strconv.ParseFloat(string(m[1]), 64)
	return tps, true
}
