package mapping

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/paulmach/orb"
)

// BenchmarkSearchNear100k searches 100,000 providers near a point for one
// service type, in process, as Directory.Search does for the API. It
// reports the 95th percentile of single searches.
//
//	go test ./mapping/ -run '^$' -bench SearchNear100k -benchtime 20000x
func BenchmarkSearchNear100k(b *testing.B) {
	db := dbtest.OpenSQLite(b)
	log := audit.New(db.DB)
	d := &Directory{db: db.DB, audit: log, taxonomy: NewTaxonomy(db.DB, log), cat: newCatalog(), now: time.Now}
	for i, p := range SyntheticProviders(100_000, 7) {
		p.ID = fmt.Sprintf("p%06d", i)
		p.Locations[0].ID = fmt.Sprintf("l%06d", i)
		d.cat.put(p)
	}
	ctx := context.Background()
	u := accounts.User{Role: accounts.RoleViewer}
	rng := rand.New(rand.NewPCG(99, 2))
	queries := make([]Query, 1024)
	for i := range queries {
		center := orb.Point{92 + rng.Float64()*49, -11 + rng.Float64()*40}
		queries[i] = Query{Near: &center, RadiusKm: 50, Services: []string{TopLevelTypes[rng.IntN(len(TopLevelTypes))]}, Limit: 20}
	}
	durations := make([]time.Duration, 0, b.N)
	found := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		hits, _, err := d.Search(ctx, u, queries[i%len(queries)])
		durations = append(durations, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		found += len(hits)
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)*95/100].Microseconds()), "p95-µs")
	b.ReportMetric(float64(found)/float64(b.N), "hits/op")
}
