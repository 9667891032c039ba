package surveys

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/haven-project/haven/audit"
)

// Ingest on PostgreSQL stores submissions that arrive together in one
// statement. What a statement costs beyond its rows (a round trip, a
// transaction and its commit, the foreign-key lock on the survey version)
// is then paid once per batch: on a 2-core machine, pgbench running this
// schema's insert stored about 3.5 times as many submissions per second
// 8 to a statement as one. A submission arriving while fewer than
// maxFlushers statements run is stored at once, alone, by
// insertSubmissionSQL; only under load do batches form, of what queued
// meanwhile, so batching adds no waiting.
const (
	// maxFlushers bounds the ingest statements running at once, leaving
	// the rest of the connection pool to other work. Fewer flushers make
	// larger batches: on 2 cores, 2 stored about 20 % more submissions a
	// second than 4 (scripts/bench-ingest.sh), with p99 latency at
	// 1,000/s unchanged.
	maxFlushers = 2
	// maxBatch bounds the submissions in one statement.
	maxBatch = 64
	// flushTimeout bounds one statement. It runs for every submission in
	// the batch, so no single request's cancellation may stop it.
	flushTimeout = 30 * time.Second
)

// insertSubmissionsSQL is insertSubmissionSQL for many submissions, each
// column passed as an array (one statement text, prepared once, whatever
// the batch size). A submission whose instance ID is stored already, or
// repeated in the batch, is left out, and so is its audit event; the
// result lists the IDs of the submissions stored.
const insertSubmissionsSQL = `WITH v AS (
	SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::text[],
		$7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], $11::float8[], $12::float8[], $13::timestamptz[],
		$14::varchar[], $15::varchar[], $16::varchar[], $17::text[])
	AS v(id, survey_id, survey_version_id, instance_id, content_hash, answers, status, channel,
		collector_id, collector_email, latitude, longitude, submitted_at, actor_id, actor_email, request_id, detail)),
s AS (
	INSERT INTO submissions (id, survey_id, survey_version_id, instance_id, content_hash, answers, status, channel,
		collector_id, collector_email, latitude, longitude, submitted_at)
	SELECT id, survey_id, survey_version_id, instance_id, content_hash, answers, status, channel,
		collector_id, collector_email, latitude, longitude, submitted_at FROM v
	ON CONFLICT (instance_id) DO NOTHING
	RETURNING id)
INSERT INTO audit_events (at, actor_id, actor_email, action, object_type, object_id, request_id, detail)
SELECT v.submitted_at, v.actor_id, v.actor_email, 'submission.create', 'submission', s.id, v.request_id, v.detail
FROM s JOIN v ON v.id = s.id
RETURNING object_id`

// pendingInsert is a submission waiting to be stored, with its audit
// event's actor, request and detail, taken from its request.
type pendingInsert struct {
	row       submissionRow
	actor     audit.Actor
	requestID string
	detail    string
	// Set before done is closed.
	created bool
	err     error
	done    chan struct{}
}

// insertQueue holds the submissions waiting for a statement. The zero
// value is ready to use.
type insertQueue struct {
	mu       sync.Mutex
	waiting  []*pendingInsert
	flushers int
}

// enqueueInsert stores p with the next statement and waits for it. A
// request that goes away stops waiting; its submission may still be
// stored, as when a connection drops just after a commit, and the
// device's retry finds it.
func (s *Service) enqueueInsert(ctx context.Context, p *pendingInsert) (bool, error) {
	p.done = make(chan struct{})
	q := &s.inserts
	q.mu.Lock()
	q.waiting = append(q.waiting, p)
	start := q.flushers < maxFlushers
	if start {
		q.flushers++
	}
	q.mu.Unlock()
	if start {
		go s.flushInserts()
	}
	select {
	case <-p.done:
		return p.created, p.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// flushInserts stores what waits, a batch at a time, until nothing does.
func (s *Service) flushInserts() {
	q := &s.inserts
	for {
		q.mu.Lock()
		n := min(len(q.waiting), maxBatch)
		if n == 0 {
			q.flushers--
			q.waiting = nil // let the backing array go
			q.mu.Unlock()
			return
		}
		batch := slices.Clone(q.waiting[:n])
		q.waiting = slices.Delete(q.waiting, 0, n)
		q.mu.Unlock()
		s.storeBatch(batch)
	}
}

// storeBatch stores a batch and tells each of its requests.
func (s *Service) storeBatch(batch []*pendingInsert) {
	ctx, cancel := context.WithTimeout(context.Background(), flushTimeout)
	defer cancel()
	defer func() {
		for _, p := range batch {
			close(p.done)
		}
	}()
	if len(batch) > 1 {
		stored, err := s.insertMany(ctx, batch)
		if err == nil {
			for _, p := range batch {
				p.created = stored[p.row.ID]
			}
			return
		}
		// One bad submission fails the statement for all: store each
		// alone, so that it fails alone.
	}
	for _, p := range batch {
		p.created, p.err = s.insertOne(ctx, p)
	}
}

// insertOne runs insertSubmissionSQL for one submission and reports
// whether it was new.
func (s *Service) insertOne(ctx context.Context, p *pendingInsert) (bool, error) {
	r := p.row
	res := s.db.WithContext(ctx).Exec(insertSubmissionSQL,
		r.ID, r.SurveyID, r.SurveyVersionID, r.InstanceID, r.ContentHash, r.Answers, r.Status, r.Channel,
		r.CollectorID, r.CollectorEmail, r.Latitude, r.Longitude, r.SubmittedAt,
		r.SubmittedAt, p.actor.ID, p.actor.Email, p.requestID, p.detail)
	if res.Error != nil {
		return false, res.Error
	}
	return res.RowsAffected == 1, nil
}

// insertMany runs insertSubmissionsSQL and returns the IDs of the
// submissions it stored.
func (s *Service) insertMany(ctx context.Context, batch []*pendingInsert) (map[string]bool, error) {
	args := []any{
		column(batch, func(p *pendingInsert) string { return p.row.ID }),
		column(batch, func(p *pendingInsert) string { return p.row.SurveyID }),
		column(batch, func(p *pendingInsert) string { return p.row.SurveyVersionID }),
		column(batch, func(p *pendingInsert) string { return p.row.InstanceID }),
		column(batch, func(p *pendingInsert) string { return p.row.ContentHash }),
		column(batch, func(p *pendingInsert) string { return p.row.Answers }),
		column(batch, func(p *pendingInsert) string { return p.row.Status }),
		column(batch, func(p *pendingInsert) string { return p.row.Channel }),
		column(batch, func(p *pendingInsert) string { return p.row.CollectorID }),
		column(batch, func(p *pendingInsert) string { return p.row.CollectorEmail }),
		column(batch, func(p *pendingInsert) *float64 { return p.row.Latitude }),
		column(batch, func(p *pendingInsert) *float64 { return p.row.Longitude }),
		column(batch, func(p *pendingInsert) time.Time { return p.row.SubmittedAt }),
		column(batch, func(p *pendingInsert) string { return p.actor.ID }),
		column(batch, func(p *pendingInsert) string { return p.actor.Email }),
		column(batch, func(p *pendingInsert) string { return p.requestID }),
		column(batch, func(p *pendingInsert) string { return p.detail }),
	}
	// Straight to the driver: GORM would spread each array into a list.
	db, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, insertSubmissionsSQL, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stored := make(map[string]bool, len(batch))
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		stored[id] = true
	}
	return stored, rows.Err()
}

// column is one column of a batch, as an array parameter.
func column[T any](batch []*pendingInsert, value func(*pendingInsert) T) []T {
	out := make([]T, len(batch))
	for i, p := range batch {
		out[i] = value(p)
	}
	return out
}
