package surveys

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"github.com/paulmach/orb"
	"gorm.io/gorm"
)

// SubmissionFilter narrows a listing of submissions. Zero fields do not filter.
type SubmissionFilter struct {
	SurveyID    string
	Status      string // submitted, accepted or rejected
	CollectorID string
	Since       time.Time // submitted at or after
	Until       time.Time // submitted before
	// Within keeps submissions whose point lies in this box (longitude,
	// latitude): how a search by region narrows the rows it reads.
	Within *orb.Bound
	// ExceptKinds leaves out the submissions of surveys of these kinds.
	ExceptKinds []Kind
	// Cursor continues a listing: submissions older than the one with this ID.
	Cursor string
	Limit  int // 1 to 500; default 100
}

// Submissions returns submissions newest first, and the cursor of the next
// page ("" at the end). IDs are UUIDv7, ordered by time, so the listing
// pages by ID. It fails with haven.ErrInvalid for an unknown status.
func (s *Service) Submissions(ctx context.Context, f SubmissionFilter) ([]Submission, string, error) {
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := s.db.WithContext(ctx).Model(&submissionRow{})
	if f.SurveyID != "" {
		q = q.Where("survey_id = ?", f.SurveyID)
	}
	switch f.Status {
	case "":
	case StatusSubmitted, StatusAccepted, StatusRejected:
		q = q.Where("status = ?", f.Status)
	default:
		return nil, "", &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "status", Message: "must be submitted, accepted or rejected"}}}
	}
	if f.CollectorID != "" {
		q = q.Where("collector_id = ?", f.CollectorID)
	}
	if len(f.ExceptKinds) > 0 {
		kinds := make([]string, len(f.ExceptKinds))
		for i, k := range f.ExceptKinds {
			kinds[i] = string(k)
		}
		q = q.Where("survey_id NOT IN (SELECT id FROM surveys WHERE kind IN ?)", kinds)
	}
	if !f.Since.IsZero() {
		q = q.Where("submitted_at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		q = q.Where("submitted_at < ?", f.Until.UTC())
	}
	if b := f.Within; b != nil {
		q = q.Where("latitude BETWEEN ? AND ? AND longitude BETWEEN ? AND ?", b.Min.Lat(), b.Max.Lat(), b.Min.Lon(), b.Max.Lon())
	}
	if f.Cursor != "" {
		q = q.Where("id < ?", f.Cursor)
	}
	var rows []submissionRow
	if err := q.Order("id DESC").Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list submissions: %w", err)
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		next = rows[len(rows)-1].ID
	}
	out := make([]Submission, len(rows))
	for i, r := range rows {
		sub, err := r.submission()
		if err != nil {
			return nil, "", err
		}
		out[i] = sub
	}
	return out, next, nil
}

// Submission returns one submission. It fails with haven.ErrNotFound.
func (s *Service) Submission(ctx context.Context, id string) (Submission, error) {
	var row submissionRow
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Submission{}, errNoSubmission
	}
	if err != nil {
		return Submission{}, fmt.Errorf("read submission: %w", err)
	}
	return row.submission()
}

var errNoSubmission = haven.Errorf(haven.KindNotFound, "no such submission")

// Decision is an editor's verdict on a submission.
type Decision struct {
	Accept bool
	// Note is the reason the collector sees; required to reject.
	Note string
	// ProviderID is the directory entry an accepted submission created or changed.
	ProviderID string
}

// Decide records a decision on a submitted submission — its status, the
// reviewer, the time, the note and the provider — with an audit event
// (submission.accept or submission.reject) in one transaction, and returns
// the submission as decided. It fails with haven.ErrInvalid for a reject
// without a note, haven.ErrNotFound, and haven.ErrConflict for a
// submission decided already (also by a concurrent reviewer).
func (s *Service) Decide(ctx context.Context, id string, d Decision, reviewer audit.Actor) (Submission, error) {
	d.Note = strings.TrimSpace(d.Note)
	if !d.Accept && d.Note == "" {
		return Submission{}, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "note", Message: "say why the submission is rejected: the collector reads it"}}}
	}
	if len(d.Note) > 4000 {
		return Submission{}, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "note", Message: "must be at most 4000 bytes"}}}
	}
	if reviewer != (audit.Actor{}) {
		ctx = audit.WithActor(ctx, reviewer)
	}
	status, action := StatusRejected, "submission.reject"
	if d.Accept {
		status, action = StatusAccepted, "submission.accept"
	}
	now := s.now()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// The status condition settles concurrent decisions: one wins.
		res := tx.Model(&submissionRow{}).Where("id = ? AND status = ?", id, StatusSubmitted).
			Updates(map[string]any{"status": status, "reviewed_by": reviewer.Email, "reviewed_at": now,
				"review_note": d.Note, "provider_id": d.ProviderID})
		if res.Error != nil {
			return fmt.Errorf("decide submission: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			var row submissionRow
			err := tx.Select("id, status").Where("id = ?", id).Take(&row).Error
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return errNoSubmission
			}
			if err != nil {
				return fmt.Errorf("read submission: %w", err)
			}
			return haven.Errorf(haven.KindConflict, "the submission was %s already; a decision cannot be changed", row.Status)
		}
		detail := map[string]any{}
		if d.ProviderID != "" {
			detail["provider_id"] = d.ProviderID
		}
		return s.audit.Record(ctx, tx, action, "submission", id, detail)
	})
	if err != nil {
		return Submission{}, err
	}
	return s.Submission(ctx, id)
}
