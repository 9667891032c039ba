package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
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

// BenchmarkIngestHTTP sends JSON submissions to PostgreSQL over loopback:
// first a closed loop of 16 senders for 5 s (throughput), then a steady
// 1,000 submissions/s for 5 s (latency). Compare with pgbench:
//
//	HAVEN_TEST_POSTGRES=postgres://… go test ./server/ -run '^$' -bench IngestHTTP -benchtime 1x
//	scripts/bench-ingest-pgbench.sh
func BenchmarkIngestHTTP(b *testing.B) {
	env := newTestEnv(b, dbtest.OpenPostgres(b), Config{})
	env.srv.log = slog.New(slog.NewJSONHandler(io.Discard, nil))
	if _, err := env.srv.deps.Surveys.Publish(context.Background(), ingestSurvey(), ""); err != nil {
		b.Fatal(err)
	}
	token := env.token(accounts.RoleCollector)
	ts := httptest.NewServer(env.srv.Handler())
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
	send := func(i int) (time.Duration, error) {
		body := fmt.Sprintf(`{"instance_id":"%s","answers":{"org":"Org %d","beds":%d,"kind":"ngo","where":"16.7 98.5 0 5"}}`, uuid.NewString(), i, i%500)
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/surveys/ingest/submissions", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return 0, fmt.Errorf("status %d", resp.StatusCode)
		}
		return time.Since(start), nil
	}
	b.ResetTimer()
	for range b.N {
		// Throughput: 16 senders as fast as they can.
		const duration = 5 * time.Second
		var mu sync.Mutex
		var n int
		var failures int
		deadline := time.Now().Add(duration)
		var wg sync.WaitGroup
		for w := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; time.Now().Before(deadline); i += 16 {
					_, err := send(i)
					mu.Lock()
					if err != nil {
						failures++
					} else {
						n++
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if failures > 0 {
			b.Fatalf("%d submissions failed", failures)
		}
		b.ReportMetric(float64(n)/duration.Seconds(), "submissions/s")

		// Latency at a steady 1,000 per second.
		var lat []time.Duration
		tick := time.NewTicker(time.Millisecond)
		var wg2 sync.WaitGroup
		for i := range 5000 {
			<-tick.C
			wg2.Add(1)
			go func() {
				defer wg2.Done()
				d, err := send(1_000_000 + i)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					failures++
					return
				}
				lat = append(lat, d)
			}()
		}
		tick.Stop()
		wg2.Wait()
		if failures > 0 {
			b.Fatalf("%d paced submissions failed", failures)
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms@1000/s")
	}
}
