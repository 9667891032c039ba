package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
)

// BenchmarkSearchHTTP loads 100,000 providers, then runs a closed-loop load
// of POST /api/v1/providers/search (near a point, one service type) over
// real loopback TCP for a fixed time, and reports requests/s and p99.
// Server and load share the machine's cores.
//
//	go test ./server/ -run '^$' -bench SearchHTTP -benchtime 1x
func BenchmarkSearchHTTP(b *testing.B) {
	env := newTestEnv(b, dbtest.OpenSQLite(b), Config{})
	env.srv.log = slog.New(slog.NewJSONHandler(io.Discard, nil)) // still encodes every line, as in production
	admin := env.users[accounts.RoleAdmin]
	if _, err := env.dir.CreateMany(context.Background(), admin, mapping.SyntheticProviders(100_000, 7)); err != nil {
		b.Fatal(err)
	}
	token := env.token(accounts.RoleViewer)
	ts := httptest.NewServer(env.srv.Handler())
	defer ts.Close()

	const workers = 16
	duration := 5 * time.Second
	bodies := make([][]byte, 256)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range bodies {
		bodies[i] = []byte(fmt.Sprintf(`{"near":{"lat":%f,"lon":%f},"radius_km":50,"service":["%s"],"limit":20}`,
			-11+rng.Float64()*40, 92+rng.Float64()*49, mapping.TopLevelTypes[rng.IntN(16)]))
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	b.ResetTimer()
	for range b.N {
		var mu sync.Mutex
		var latencies []time.Duration
		errors := 0
		deadline := time.Now().Add(duration)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var mine []time.Duration
				for i := w; time.Now().Before(deadline); i += workers {
					req, _ := http.NewRequest("POST", ts.URL+"/api/v1/providers/search", bytes.NewReader(bodies[i%len(bodies)]))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+token)
					start := time.Now()
					resp, err := client.Do(req)
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
					mine = append(mine, time.Since(start))
					if err != nil || resp.StatusCode != http.StatusOK {
						mu.Lock()
						errors++
						mu.Unlock()
					}
				}
				mu.Lock()
				latencies = append(latencies, mine...)
				mu.Unlock()
			}()
		}
		wg.Wait()
		if errors > 0 {
			b.Fatalf("%d requests failed", errors)
		}
		slices.Sort(latencies)
		b.ReportMetric(float64(len(latencies))/duration.Seconds(), "req/s")
		b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
	}
}
