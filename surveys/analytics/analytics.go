// Package analytics summarises the submissions of a survey — counts over
// time, by region and by collector, per-question statistics, cross-tabs and
// maps — and exports them as CSV, XLSX and GeoJSON. It reads submissions in
// batches with a keyset cursor, so memory stays flat however many there are,
// and applies the same confidentiality rules as review (review.RedactAnswers).
package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
	"gorm.io/gorm"
)

// DefaultBatch is how many submissions are read per query.
const DefaultBatch = 1000

// DefaultFoldBatch is how many submissions a fold counts per transaction.
// A batch's counts are added in one statement, and they touch about the
// same rows whatever its size, so larger batches store fewer changes.
const DefaultFoldBatch = 5000

// Service computes analytics and exports from the submissions table.
type Service struct {
	db      *gorm.DB
	surveys *surveys.Service
	regions *mapping.Regions
	audit   *audit.Log
	batch   int
	// foldBatch is how many submissions a fold counts per transaction.
	foldBatch int
	// postgres: the fold locks the rows it counts (FOR UPDATE SKIP LOCKED)
	// and Summary reads in a repeatable-read snapshot.
	postgres bool
	// foldFirst is about how many submissions Summary counts in first.
	foldFirst int
}

// NewService returns a Service reading submissions from db.
func NewService(db *gorm.DB, s *surveys.Service, regions *mapping.Regions, log *audit.Log) *Service {
	return &Service{db: db, surveys: s, regions: regions, audit: log, batch: DefaultBatch, foldBatch: DefaultFoldBatch,
		foldFirst: summaryFold, postgres: db.Dialector.Name() == "postgres"}
}

// Filter narrows the submissions analysed. Zero fields do not filter.
type Filter struct {
	Since  time.Time // submitted at or after
	Until  time.Time // submitted before
	Status string    // submitted, accepted or rejected
	// RegionSet and RegionLevel choose the boundaries submissions are
	// counted by; default the first set (by name) at level 1.
	RegionSet   string
	RegionLevel int
}

func (f Filter) check() error {
	var v haven.Validation
	switch f.Status {
	case "", surveys.StatusSubmitted, surveys.StatusAccepted, surveys.StatusRejected:
	default:
		v.Add("status", "must be submitted, accepted or rejected")
	}
	v.Check(f.RegionLevel >= 0, "region_level", "must be 1 or more")
	v.Check(f.Until.IsZero() || f.Since.IsZero() || f.Until.After(f.Since), "until", "must be after since")
	return v.Err()
}

// analyst reports whether u may read analytics: researchers, editors and admins.
func analyst(u accounts.User) bool {
	return u.Role == accounts.RoleAdmin || u.Role == accounts.RoleEditor || u.Role == accounts.RoleResearcher
}

// start checks that u may read analytics and f is valid, and finds the
// survey (by ID or form ID). It fails with haven.ErrForbidden,
// haven.ErrInvalid or haven.ErrNotFound.
func (s *Service) start(ctx context.Context, u accounts.User, surveyID string, f Filter) (surveys.Survey, error) {
	if !analyst(u) {
		return surveys.Survey{}, haven.Errorf(haven.KindForbidden, "as %s you may not read survey analytics", u.Role)
	}
	if err := f.check(); err != nil {
		return surveys.Survey{}, err
	}
	return s.surveys.Survey(ctx, surveyID)
}

func withActor(ctx context.Context, u accounts.User) context.Context {
	if audit.ActorFrom(ctx) == (audit.Actor{}) {
		ctx = audit.WithActor(ctx, audit.Actor{ID: u.ID, Email: u.Email})
	}
	return ctx
}

// row is the part of a stored submission analytics reads.
type row struct {
	ID             string
	InstanceID     string
	Answers        string
	Status         string
	CollectorEmail string
	Latitude       *float64
	Longitude      *float64
	SubmittedAt    time.Time
}

func (row) TableName() string { return "submissions" }

const rowColumns = "id, instance_id, answers, status, collector_email, latitude, longitude, submitted_at"

// record is a submission as one reader may see it.
type record struct {
	row
	answers surveys.Answers
	// confidentialPlace: the place is region_only or hidden.
	confidentialPlace bool
	// withheld: the place (and so the point) is hidden from this reader.
	withheld bool
	// revealed: the answers hold confidential data this reader may see.
	revealed bool
}

// scan calls fn with the submissions of a survey matching f, a batch at a
// time in order of (submitted_at, id), decoded and redacted for v. It never
// holds more than two batches: the one fn is given and the next, read
// meanwhile. The keyset cursor follows the index on
// (survey_id, submitted_at), so each batch reads only its own rows.
func (s *Service) scan(ctx context.Context, surveyID string, f Filter, v mapping.Viewer, fn func([]record) error) error {
	fetch := func(afterAt time.Time, afterID string) ([]row, error) {
		q := s.db.WithContext(ctx).Model(&row{}).Select(rowColumns).Where("survey_id = ?", surveyID)
		if f.Status != "" {
			q = q.Where("status = ?", f.Status)
		}
		if !f.Since.IsZero() {
			q = q.Where("submitted_at >= ?", f.Since.UTC())
		}
		if !f.Until.IsZero() {
			q = q.Where("submitted_at < ?", f.Until.UTC())
		}
		if afterID != "" {
			q = q.Where("submitted_at >= ? AND (submitted_at > ? OR id > ?)", afterAt, afterAt, afterID)
		}
		var rows []row
		if err := q.Order("submitted_at, id").Limit(s.batch).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("read submissions: %w", err)
		}
		return rows, nil
	}
	type batch struct {
		rows []row
		err  error
	}
	rows, err := fetch(time.Time{}, "")
	recs := make([]record, 0, s.batch)
	for {
		if err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		// Read the next batch while this one is decoded and used.
		var next chan batch
		if len(rows) == s.batch {
			next = make(chan batch, 1)
			last := rows[len(rows)-1]
			go func() {
				r, err := fetch(last.SubmittedAt, last.ID)
				next <- batch{r, err}
			}()
		}
		recs = recs[:len(rows)]
		err = decodeAll(rows, recs, v)
		if err == nil {
			err = fn(recs)
		}
		if err != nil {
			if next != nil {
				<-next // never leave the read running
			}
			return err
		}
		if next == nil {
			return nil
		}
		b := <-next
		rows, err = b.rows, b.err
	}
}

// decodeAll decodes and redacts rows into recs (of the same length) for v.
// JSON decoding is most of the work of reading submissions, so a batch is
// split among GOMAXPROCS goroutines; each record depends only on its own
// row, so the result is the same as decoding in order, and so is the error:
// that of the first row (in order) that fails.
func decodeAll(rows []row, recs []record, v mapping.Viewer) error {
	workers := min(runtime.GOMAXPROCS(0), (len(rows)+minDecodeChunk-1)/minDecodeChunk)
	if workers <= 1 {
		for i := range rows {
			var err error
			if recs[i], err = decode(rows[i], v); err != nil {
				return err
			}
		}
		return nil
	}
	chunk := (len(rows) + workers - 1) / workers
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(rows))
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				var err error
				if recs[i], err = decode(rows[i], v); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// minDecodeChunk is the fewest rows worth a goroutine of their own.
const minDecodeChunk = 64

// decode decodes one row's answers and redacts them for v.
func decode(r row, v mapping.Viewer) (record, error) {
	var a surveys.Answers
	if err := json.Unmarshal([]byte(r.Answers), &a); err != nil {
		return record{}, fmt.Errorf("decode submission %s: %w", r.ID, err)
	}
	r.Answers = "" // let the text go: only the decoded answers are used
	rec := record{row: r}
	rec.answers, rec.revealed = review.RedactAnswers(a, v)
	switch {
	case !v.Confidential:
		rec.confidentialPlace = placeWithheld(a, rec.answers)
	case rec.revealed:
		hidden, _ := review.RedactAnswers(a, mapping.Viewer{})
		rec.confidentialPlace = placeWithheld(a, hidden)
	}
	rec.withheld = rec.confidentialPlace && !v.Confidential
	return rec, nil
}

// placeWithheld reports whether redaction took the place out of the
// answers: then the stored point must not be shown either.
func placeWithheld(orig, redacted surveys.Answers) bool {
	for _, f := range review.PlaceFields {
		if _, had := orig[f]; had {
			if _, has := redacted[f]; !has {
				return true
			}
		}
	}
	return false
}

// hasPoint reports whether the record may be placed on a map.
func (r record) hasPoint() bool {
	return r.Latitude != nil && r.Longitude != nil && !r.withheld
}

// SetBatch sets how many submissions are read per query and counted per
// fold transaction (tests use small batches to exercise the cursor and
// the fold).
func (s *Service) SetBatch(n int) {
	if n > 0 {
		s.batch, s.foldBatch = n, n
	}
}
