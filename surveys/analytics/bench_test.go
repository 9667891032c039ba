package analytics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys/analytics"
)

// benchRow is a submission row written straight to the table, to generate
// many quickly (Submit checks each one, which is not what is measured).
type benchRow struct {
	ID, SurveyID, SurveyVersionID, InstanceID, ContentHash, Answers string
	Status, Channel, CollectorID, CollectorEmail                    string
	Latitude, Longitude                                             *float64
	SubmittedAt                                                     time.Time
}

func (benchRow) TableName() string { return "submissions" }

// countingWriter counts bytes and throws them away.
type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)

// BenchmarkExportCSV streams a CSV export of 200,000 generated submissions
// and reports the bytes written per export and the peak live heap while
// streaming (sampled with runtime.ReadMemStats every millisecond), which
// stays at a few MB — one batch — however many submissions there are.
func BenchmarkExportCSV(b *testing.B) {
	const n = 200_000
	db := dbtest.OpenSQLite(b)
	f := newFixture(b, db)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]benchRow, 0, 1000)
	for i := range n {
		lat, lon := 10+float64(i%100)/100, 100+float64(i%97)/97
		a := map[string]any{"name": fmt.Sprintf("Person %d", i), "colour": []string{"red", "green", "blue"}[i%3],
			"tags": "a c", "age": fmt.Sprint(18 + i%60), "score": fmt.Sprint(float64(i%40) / 4), "location_tier": "public",
			"location_point": fmt.Sprintf("%f %f 0 0", lat, lon),
			"visits":         []any{map[string]any{"place": "somewhere", "nights": "2"}}}
		doc, _ := json.Marshal(a)
		rows = append(rows, benchRow{ID: uuid.Must(uuid.NewV7()).String(), SurveyID: f.survey, SurveyVersionID: f.version,
			InstanceID: uuid.NewString(), ContentHash: "x", Answers: string(doc), Status: "submitted", Channel: "api",
			CollectorEmail: fmt.Sprintf("c%d@example.org", i%25), Latitude: &lat, Longitude: &lon,
			SubmittedAt: start.Add(time.Duration(i) * time.Minute)})
		if len(rows) == cap(rows) {
			if err := db.DB.Create(&rows).Error; err != nil {
				b.Fatal(err)
			}
			rows = rows[:0]
		}
	}
	ctx := context.Background()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)

	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				runtime.ReadMemStats(&m)
				if m.HeapAlloc > peak.Load() {
					peak.Store(m.HeapAlloc)
				}
			}
		}
	}()
	var written int64
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		e, err := f.svc.Export(ctx, rawOnly, f.survey, analytics.ExportOptions{Format: analytics.FormatCSV})
		if err != nil {
			b.Fatal(err)
		}
		w := &countingWriter{}
		got, err := e.Stream(ctx, w)
		if err != nil {
			b.Fatal(err)
		}
		if got != n+len(submissionsFixture) {
			b.Fatalf("exported %d rows, want %d", got, n+len(submissionsFixture))
		}
		written = w.n
	}
	b.StopTimer()
	close(stop)
	<-done
	b.ReportMetric(float64(written), "csv-bytes/op")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(base.HeapAlloc)/(1<<20), "base-heap-MB")
}
