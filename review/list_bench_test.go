package review

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
)

// benchRows is how many submissions the listing benchmarks read.
const benchRows = 100_000

// benchSubmission is a submissions row written straight to the table: a
// hundred thousand through Submit would take minutes.
type benchSubmission struct {
	ID              string `gorm:"primaryKey"`
	SurveyID        string
	SurveyVersionID string
	InstanceID      string
	ContentHash     string
	Answers         string
	Status          string
	Channel         string
	CollectorID     string
	CollectorEmail  string
	Latitude        *float64
	Longitude       *float64
	SubmittedAt     time.Time
}

func (benchSubmission) TableName() string { return "submissions" }

// benchWorld is newPlaced with benchRows more submissions: points spread
// over the box around Thailand (some in Tak, most elsewhere), one in four
// about Cambodia, tiers mixed as collectors choose them.
func benchWorld(b *testing.B, db *database.DB) *placed {
	b.Helper()
	p := newPlaced(b, db)
	tmpl, err := p.surveys.Submission(context.Background(), p.bangkok.ID)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(4, 12))
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := make([]benchSubmission, 0, 1000)
	flush := func() {
		if err := db.DB.CreateInBatches(&rows, 500).Error; err != nil {
			b.Fatal(err)
		}
		rows = rows[:0]
	}
	for i := range benchRows {
		lat, lon := 5.6+rng.Float64()*14.9, 97.3+rng.Float64()*8.3
		a := office()
		a["location_point"] = fmt.Sprintf("%.5f %.5f 0 5", lat, lon)
		a["location_tier"] = []string{"public", "public", "region_only", "hidden"}[i%4]
		if i%4 == 1 {
			a["country"] = "KH"
		}
		doc, _ := json.Marshal(a)
		// IDs sort by time, as UUIDv7 do: the listing pages by ID.
		rows = append(rows, benchSubmission{ID: fmt.Sprintf("00000000-0000-7000-8000-%012d", i), SurveyID: tmpl.SurveyID,
			SurveyVersionID: tmpl.VersionID, InstanceID: fmt.Sprintf("bench-%d", i), ContentHash: "x", Answers: string(doc),
			Status: surveys.StatusSubmitted, Channel: "api", CollectorID: collector.ID, CollectorEmail: collector.Email,
			Latitude: &lat, Longitude: &lon, SubmittedAt: base.Add(time.Duration(i) * time.Minute)})
		if len(rows) == cap(rows) {
			flush()
		}
	}
	flush()
	// Fresh statistics, as a database that has been running would have.
	if err := db.DB.Exec("ANALYZE").Error; err != nil {
		b.Fatal(err)
	}
	return p
}

// BenchmarkList lists a page of 25 submissions out of benchRows, as an
// admin with the grant, an editor scoped to Thailand, and by region: a
// province (Tak), a district (Mae Sot), a small province by the sea (Satun).
// Run with HAVEN_TEST_POSTGRES set for the PostgreSQL figures:
//
//	go test ./review/ -run '^$' -bench BenchmarkList -benchtime 20x
func BenchmarkList(b *testing.B) {
	for _, dbName := range []string{"sqlite", "postgres"} {
		b.Run(dbName, func(b *testing.B) {
			var db *database.DB
			if dbName == "sqlite" {
				db = dbtest.OpenSQLite(b)
			} else {
				if os.Getenv(dbtest.PostgresEnv) == "" {
					b.Skip("set " + dbtest.PostgresEnv)
				}
				db = dbtest.OpenPostgres(b)
			}
			p := benchWorld(b, db)
			ctx := context.Background()
			// Build the point-in-region indexes once, before timing.
			if _, _, err := p.review.List(ctx, cleared, Filter{SubmissionFilter: surveys.SubmissionFilter{Limit: 25}}); err != nil {
				b.Fatal(err)
			}
			for _, tc := range []struct {
				name string
				u    accounts.User
				f    Filter
			}{
				{"admin", cleared, Filter{}},
				{"editor-TH", editorTH, Filter{}},
				{"region-province-TH63", cleared, Filter{Region: "TH63"}},
				{"region-district-TH6306", cleared, Filter{Region: "TH6306"}},
				{"editor-TH-region-TH63", editorTH, Filter{Region: "TH63"}},
				{"region-province-TH91", cleared, Filter{Region: "TH91"}},
			} {
				tc.f.Limit = 25
				b.Run(tc.name, func(b *testing.B) {
					n := 0
					for b.Loop() {
						items, _, err := p.review.List(ctx, tc.u, tc.f)
						if err != nil {
							b.Fatal(err)
						}
						n = len(items)
					}
					b.ReportMetric(float64(n), "items")
				})
			}
		})
	}
}
