package surveys

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
)

// Channel says how a submission arrived.
type Channel string

const (
	ChannelWeb      Channel = "web"
	ChannelAPI      Channel = "api"
	ChannelOpenRosa Channel = "openrosa"
)

// Submission statuses: submitted ones wait for review.
const (
	StatusSubmitted = "submitted"
	StatusAccepted  = "accepted"
	StatusRejected  = "rejected"
)

// Submission is one filled-in survey.
type Submission struct {
	ID             string     `json:"id"`
	SurveyID       string     `json:"survey_id"`
	VersionID      string     `json:"survey_version_id"`
	InstanceID     string     `json:"instance_id"`
	Answers        Answers    `json:"answers"`
	Status         string     `json:"status"`
	Channel        Channel    `json:"channel"`
	CollectorID    string     `json:"collector_id,omitempty"`
	CollectorEmail string     `json:"collector_email,omitempty"`
	SubmittedAt    time.Time  `json:"submitted_at"`
	ReviewedBy     string     `json:"reviewed_by,omitempty"`
	ReviewedAt     *time.Time `json:"reviewed_at,omitempty"`
	ReviewNote     string     `json:"review_note,omitempty"`
	ProviderID     string     `json:"provider_id,omitempty"`
	// Latitude and Longitude are the first geopoint outside repeats (nil
	// without one). Never serialized as they are: what a reader may see of
	// where a submission is, review decides (review.PlaceRule).
	Latitude  *float64 `json:"-"`
	Longitude *float64 `json:"-"`
}

// NewSubmission is what a channel hands in.
type NewSubmission struct {
	VersionID  string
	InstanceID string // uuid:… from ODK, or a plain uuid from the web form
	Answers    Answers
	Channel    Channel
	Collector  audit.Actor
}

var instanceIDPattern = regexp.MustCompile(`^(uuid:)?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// Submit checks and stores a submission, once. The same instance ID with the
// same answers returns the stored submission again (created false), so a
// device that retries after a lost reply makes no second record; the same
// instance ID with other answers fails with haven.ErrConflict. Concurrent
// duplicates are settled by the database's unique instance ID. Invalid
// answers fail with haven.ErrInvalid listing every problem; nothing is stored.
func (s *Service) Submit(ctx context.Context, n NewSubmission) (Submission, bool, error) {
	return s.submit(ctx, n, nil)
}

// submit is Submit with media files (see SubmitWithAttachments).
func (s *Service) submit(ctx context.Context, n NewSubmission, files []Attachment) (Submission, bool, error) {
	n.InstanceID = strings.TrimPrefix(strings.TrimSpace(n.InstanceID), "uuid:")
	if !instanceIDPattern.MatchString(n.InstanceID) {
		return Submission{}, false, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "instance_id", Message: "must be a UUID, made once per filled-in form and sent again with every retry"}}}
	}
	v, err := s.Version(ctx, n.VersionID)
	if err != nil {
		return Submission{}, false, err
	}
	answers, err := v.Definition.CheckAnswers(n.Answers, s.now())
	if err != nil {
		return Submission{}, false, err
	}
	if err := checkAttachments(v.Definition, answers, files); err != nil {
		return Submission{}, false, err
	}
	doc, err := json.Marshal(answers) // maps marshal with sorted keys: a stable hash
	if err != nil {
		return Submission{}, false, err
	}
	sum := sha256.Sum256(append([]byte(v.ID+"\x00"), doc...))
	hash := hex.EncodeToString(sum[:])
	row := submissionRow{ID: newID(), SurveyID: v.SurveyID, SurveyVersionID: v.ID, InstanceID: n.InstanceID,
		ContentHash: hash, Answers: string(doc), Status: StatusSubmitted, Channel: string(n.Channel),
		CollectorID: n.Collector.ID, CollectorEmail: n.Collector.Email, SubmittedAt: s.now()}
	row.Latitude, row.Longitude = firstGeopoint(v.Definition, answers)
	if v.Definition.Kind == KindFeedback {
		// Feedback is anonymous: who typed it in is not kept.
		row.CollectorID, row.CollectorEmail = "", ""
	}
	detail := map[string]any{"survey_id": v.SurveyID, "version": v.Number, "channel": n.Channel}
	if v.Definition.Kind == KindFeedback {
		// Feedback is anonymous: not even the audit log may say who sent it,
		// nor which request (logs) it came in.
		ctx = audit.WithRequestID(audit.WithActor(ctx, audit.Actor{}), "")
	}
	if len(files) == 0 && s.db.Dialector.Name() == "postgres" {
		created, err := s.insertWithAudit(ctx, row, detail)
		if err != nil {
			return Submission{}, false, fmt.Errorf("store submission: %w", err)
		}
		if !created {
			return s.duplicate(ctx, n.InstanceID, hash, files)
		}
		// The answers as checked, not decoded again from what was stored:
		// the same values, without a second pass over them.
		return row.withAnswers(answers), true, nil
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if err := storeAttachments(tx, row.ID, files); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "submission.create", "submission", row.ID, detail)
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return s.duplicate(ctx, n.InstanceID, hash, files)
	}
	if err != nil {
		return Submission{}, false, fmt.Errorf("store submission: %w", err)
	}
	return row.withAnswers(answers), true, nil
}

// insertSubmissionSQL stores a submission and its audit event in one
// statement — one round trip, atomic without a transaction — and does
// nothing when the instance ID is stored already (PostgreSQL only).
const insertSubmissionSQL = `WITH s AS (
	INSERT INTO submissions (id, survey_id, survey_version_id, instance_id, content_hash, answers, status, channel,
		collector_id, collector_email, latitude, longitude, submitted_at)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (instance_id) DO NOTHING
	RETURNING id)
INSERT INTO audit_events (at, actor_id, actor_email, action, object_type, object_id, request_id, detail)
SELECT ?, ?, ?, 'submission.create', 'submission', s.id, ?, ? FROM s`

// insertWithAudit stores a submission with its audit event, by
// insertSubmissionSQL or with others arriving at the same time by
// insertSubmissionsSQL (batch.go), and reports whether it was new. Ingest
// is the busiest write in Haven: this is what keeps it to one statement on
// PostgreSQL.
func (s *Service) insertWithAudit(ctx context.Context, r submissionRow, detail map[string]any) (bool, error) {
	d, err := json.Marshal(detail)
	if err != nil {
		return false, err
	}
	return s.enqueueInsert(ctx, &pendingInsert{row: r, actor: audit.ActorFrom(ctx), requestID: audit.RequestIDFrom(ctx), detail: string(d)})
}

// duplicate answers a submission whose instance ID is stored already,
// adding the files it does not hold yet.
func (s *Service) duplicate(ctx context.Context, instanceID, hash string, files []Attachment) (Submission, bool, error) {
	var existing submissionRow
	if err := s.db.WithContext(ctx).Where("instance_id = ?", instanceID).Take(&existing).Error; err != nil {
		return Submission{}, false, fmt.Errorf("read submission: %w", err)
	}
	if existing.ContentHash != hash {
		return Submission{}, false, haven.Errorf(haven.KindConflict,
			"a different submission with instance ID %s was received already; a changed form needs a new instance ID", instanceID)
	}
	if len(files) > 0 && existing.CollectorID != audit.ActorFrom(ctx).ID {
		// Only the one who sent a submission may add its remaining files.
		return Submission{}, false, haven.Errorf(haven.KindConflict,
			"submission %s was sent by someone else; its files can only come from them", instanceID)
	}
	if err := s.addAttachments(ctx, existing, files); err != nil {
		return Submission{}, false, err
	}
	sub, err := existing.submission()
	return sub, false, err
}

func (r submissionRow) submission() (Submission, error) {
	var a Answers
	if err := json.Unmarshal([]byte(r.Answers), &a); err != nil {
		return Submission{}, fmt.Errorf("decode submission %s: %w", r.ID, err)
	}
	return r.withAnswers(a), nil
}

func (r submissionRow) withAnswers(a Answers) Submission {
	return Submission{ID: r.ID, SurveyID: r.SurveyID, VersionID: r.SurveyVersionID, InstanceID: r.InstanceID, Answers: a,
		Status: r.Status, Channel: Channel(r.Channel), CollectorID: r.CollectorID, CollectorEmail: r.CollectorEmail,
		SubmittedAt: r.SubmittedAt, ReviewedBy: r.ReviewedBy, ReviewedAt: r.ReviewedAt, ReviewNote: r.ReviewNote, ProviderID: r.ProviderID,
		Latitude: r.Latitude, Longitude: r.Longitude}
}

// firstGeopoint returns the first answered geopoint outside repeats, which
// places the submission on maps and in regions.
func firstGeopoint(d Definition, a Answers) (*float64, *float64) {
	var lat, lon *float64
	d.Walk(func(_ []string, q *Question) bool {
		if lat != nil || q.Type == TypeRepeat {
			return false
		}
		if q.Type == TypeGeopoint {
			if s, ok := a[q.Name].(string); ok {
				parts := strings.Fields(s)
				if len(parts) >= 2 {
					la, err1 := strconv.ParseFloat(parts[0], 64)
					lo, err2 := strconv.ParseFloat(parts[1], 64)
					if err1 == nil && err2 == nil {
						lat, lon = &la, &lo
					}
				}
			}
		}
		return true
	})
	return lat, lon
}
