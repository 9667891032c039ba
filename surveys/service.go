package surveys

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
)

// Renderer turns a definition into the XForm devices download. It is
// given to the Service (xform.Render), so that this package need not
// import its own renderer.
type Renderer func(Definition) ([]byte, error)

// Service stores survey versions and their submissions.
type Service struct {
	db     *gorm.DB
	audit  *audit.Log
	render Renderer
	// versions caches decoded versions by ID: a version never changes, so
	// an entry never goes stale, and each submission need not decode its
	// definition again.
	versions sync.Map
	// surveys caches Survey lookups by ID or form ID for surveyCacheAge.
	surveys sync.Map
	// instanceVersions caches the version ID that a form ID and version
	// string, as devices send them, name: every OpenRosa submission looks
	// it up. Publishing makes each new version string greater than the
	// last, so a pair keeps naming the same version; Publish clears the
	// cache all the same.
	instanceVersions sync.Map
	// inserts holds PostgreSQL submissions waiting for a statement (batch.go).
	inserts insertQueue
	now     func() time.Time
}

// NewService returns a Service on db.
func NewService(db *gorm.DB, log *audit.Log, render Renderer) *Service {
	return &Service{db: db, audit: log, render: render, now: func() time.Time { return time.Now().UTC() }}
}

// Survey is a survey with its newest version.
type Survey struct {
	ID        string    `json:"id"`
	FormID    string    `json:"form_id"`
	Kind      Kind      `json:"kind"`
	Title     string    `json:"title"`
	Latest    Version   `json:"latest_version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Version is one published, unchangeable version of a survey.
type Version struct {
	ID          string     `json:"id"`
	SurveyID    string     `json:"survey_id"`
	Number      int        `json:"number"`
	FormVersion string     `json:"form_version"` // the version string devices see
	XFormMD5    string     `json:"xform_md5"`
	Source      string     `json:"source,omitempty"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	Definition  Definition `json:"-"`
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// FeedbackFormIDPrefix starts the form ID of every feedback test's survey
// (feedback.FormID); Publish keeps it for them.
const FeedbackFormIDPrefix = "feedback-"

// Publish stores d as the next version of the survey with d's form ID,
// creating the survey on first sight. source says where it came from (a
// file name). The version string devices compare (d.Version) is kept when
// given and new, else made from the time.
//
// It is how people publish (the API, haven survey import), so it takes no
// feedback survey: a feedback test generates its survey from the test
// (PublishFeedback), and a version published over it would bypass the
// test's consent, tasks and anonymity. It fails with haven.ErrInvalid for
// a definition with problems, a feedback survey or a new form ID starting
// with FeedbackFormIDPrefix, and haven.ErrConflict over a feedback survey
// or when the kind differs from the survey's.
func (s *Service) Publish(ctx context.Context, d Definition, source string) (Version, error) {
	return s.publish(ctx, d, source, false)
}

// PublishFeedback publishes the survey a feedback test generates. Only
// package feedback calls it (a test checks), as the test's own definition
// changes. It fails like Publish, and with haven.ErrInvalid for a
// definition of another kind.
func (s *Service) PublishFeedback(ctx context.Context, d Definition, source string) (Version, error) {
	if d.Kind != KindFeedback {
		return Version{}, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "kind", Message: "must be feedback"}}}
	}
	return s.publish(ctx, d, source, true)
}

// publish is Publish, or PublishFeedback with feedback set.
func (s *Service) publish(ctx context.Context, d Definition, source string, feedback bool) (Version, error) {
	if d.Kind == "" {
		d.Kind = KindGeneral
	}
	if d.Languages == nil {
		d.Languages = d.UsedLanguages()
	}
	if err := d.Validate(); err != nil {
		return Version{}, err
	}
	var out Version
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		now := s.now()
		var existing []surveyRow
		if err := tx.Where("form_id = ?", d.FormID).Find(&existing).Error; err != nil {
			return fmt.Errorf("read survey: %w", err)
		}
		if err := checkFeedbackOwner(d, existing, feedback); err != nil {
			return err
		}
		sv := surveyRow{ID: newID(), FormID: d.FormID, Kind: string(d.Kind), Title: d.Title, CreatedAt: now, UpdatedAt: now}
		number := 1
		if len(existing) == 1 {
			sv = existing[0]
			if sv.Kind != string(d.Kind) {
				return haven.Errorf(haven.KindConflict, "survey %s is a %s survey; a new version cannot make it %s", d.FormID, sv.Kind, d.Kind)
			}
			var last versionRow
			if err := tx.Where("survey_id = ?", sv.ID).Order("number DESC").Limit(1).Take(&last).Error; err != nil {
				return fmt.Errorf("read last version: %w", err)
			}
			number = last.Number + 1
			// Devices refresh a form only when its version string changes.
			if d.Version == "" || d.Version <= last.FormVersion {
				d.Version = nextFormVersion(last.FormVersion, now)
			}
			if err := tx.Model(&surveyRow{}).Where("id = ?", sv.ID).
				Updates(map[string]any{"title": d.Title, "updated_at": now}).Error; err != nil {
				return fmt.Errorf("update survey: %w", err)
			}
		} else {
			if d.Version == "" {
				d.Version = now.Format("2006010215")
			}
			if err := tx.Create(&sv).Error; err != nil {
				return fmt.Errorf("create survey: %w", err)
			}
		}
		xform, err := s.render(d)
		if err != nil {
			return err
		}
		def, err := json.Marshal(d)
		if err != nil {
			return err
		}
		sum := md5.Sum(xform)
		row := versionRow{ID: newID(), SurveyID: sv.ID, Number: number, FormVersion: d.Version, Definition: string(def),
			XForm: string(xform), XFormMD5: hex.EncodeToString(sum[:]), Source: source,
			CreatedBy: audit.ActorFrom(ctx).Email, CreatedAt: now}
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store version: %w", err)
		}
		out = row.version(d)
		return s.audit.Record(ctx, tx, "survey.publish", "survey", sv.ID,
			map[string]any{"form_id": d.FormID, "version": number, "source": source})
	})
	if err == nil {
		s.surveys.Clear() // this process sees its own new version at once
		s.instanceVersions.Clear()
	}
	return out, err
}

// checkFeedbackOwner refuses what only a feedback test may publish,
// unless feedback (PublishFeedback) says a test is publishing: a version
// of a feedback survey, a new feedback survey, and a new survey taking a
// form ID that a test's survey would have. existing are the surveys with
// d's form ID.
func checkFeedbackOwner(d Definition, existing []surveyRow, feedback bool) error {
	switch {
	case feedback:
		return nil
	case len(existing) > 0 && existing[0].Kind == string(KindFeedback):
		return haven.Errorf(haven.KindConflict,
			"survey %s belongs to a feedback test: only the test publishes its versions; change the test instead", d.FormID)
	case len(existing) > 0:
		return nil
	case d.Kind == KindFeedback:
		return &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid", Fields: []haven.FieldError{{Field: "kind",
			Message: "feedback surveys are made by feedback tests, which check consent and keep participants anonymous: create a feedback test instead"}}}
	case strings.HasPrefix(d.FormID, FeedbackFormIDPrefix):
		return &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid", Fields: []haven.FieldError{{Field: "form_id",
			Message: "form IDs starting with " + FeedbackFormIDPrefix + " are kept for the surveys of feedback tests"}}}
	}
	return nil
}

// nextFormVersion makes a version string greater than last, as ODK
// compares them: the date and hour, or last with a counter when that is
// not greater.
func nextFormVersion(last string, now time.Time) string {
	v := now.Format("2006010215")
	if v > last {
		return v
	}
	n, err := strconv.Atoi(last)
	if err == nil {
		return strconv.Itoa(n + 1)
	}
	return last + ".1"
}

func (r versionRow) version(d Definition) Version {
	return Version{ID: r.ID, SurveyID: r.SurveyID, Number: r.Number, FormVersion: r.FormVersion, XFormMD5: r.XFormMD5,
		Source: r.Source, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, Definition: d}
}

// Surveys lists every survey with its newest version, by title.
func (s *Service) Surveys(ctx context.Context) ([]Survey, error) {
	var rows []surveyRow
	if err := s.db.WithContext(ctx).Order("title, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list surveys: %w", err)
	}
	out := make([]Survey, 0, len(rows))
	for _, r := range rows {
		v, err := s.latest(ctx, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, r.survey(v))
	}
	return out, nil
}

func (r surveyRow) survey(latest Version) Survey {
	return Survey{ID: r.ID, FormID: r.FormID, Kind: Kind(r.Kind), Title: r.Title, Latest: latest, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// Survey returns one survey, by ID or form ID, with its newest version. It
// fails with haven.ErrNotFound.
func (s *Service) Survey(ctx context.Context, idOrFormID string) (Survey, error) {
	if c, ok := s.surveys.Load(idOrFormID); ok && time.Since(c.(cachedSurvey).at) < surveyCacheAge {
		return c.(cachedSurvey).survey, nil
	}
	sv, err := s.readSurvey(ctx, idOrFormID)
	if err == nil {
		s.surveys.Store(idOrFormID, cachedSurvey{survey: sv, at: time.Now()})
	}
	return sv, err
}

// surveyCacheAge bounds how long a survey's newest version is taken from
// memory: every submission looks it up, and a version published by another
// haven process is seen within this time (one published here at once).
const surveyCacheAge = 5 * time.Second

type cachedSurvey struct {
	survey Survey
	at     time.Time
}

func (s *Service) readSurvey(ctx context.Context, idOrFormID string) (Survey, error) {
	var rows []surveyRow
	if err := s.db.WithContext(ctx).Where("id = ? OR form_id = ?", idOrFormID, idOrFormID).Find(&rows).Error; err != nil {
		return Survey{}, fmt.Errorf("read survey: %w", err)
	}
	if len(rows) == 0 {
		return Survey{}, haven.Errorf(haven.KindNotFound, "no survey has the ID or form ID %q", idOrFormID)
	}
	v, err := s.latest(ctx, rows[0].ID)
	if err != nil {
		return Survey{}, err
	}
	return rows[0].survey(v), nil
}

func (s *Service) latest(ctx context.Context, surveyID string) (Version, error) {
	var ids []string
	err := s.db.WithContext(ctx).Model(&versionRow{}).Where("survey_id = ?", surveyID).Order("number DESC").Limit(1).Pluck("id", &ids).Error
	if err != nil {
		return Version{}, fmt.Errorf("read latest version: %w", err)
	}
	if len(ids) == 0 {
		return Version{}, haven.Errorf(haven.KindNotFound, "the survey has no version")
	}
	return s.Version(ctx, ids[0])
}

// Version returns one version by its ID. It fails with haven.ErrNotFound.
func (s *Service) Version(ctx context.Context, id string) (Version, error) {
	if v, ok := s.versions.Load(id); ok {
		return v.(Version), nil
	}
	var row versionRow
	err := s.db.WithContext(ctx).Omit("xform").Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Version{}, haven.Errorf(haven.KindNotFound, "no such survey version")
	}
	if err != nil {
		return Version{}, fmt.Errorf("read version: %w", err)
	}
	v, err := row.decode()
	if err != nil {
		return Version{}, err
	}
	s.versions.Store(id, v)
	return v, nil
}

// Versions lists every version of a survey, newest first.
func (s *Service) Versions(ctx context.Context, surveyID string) ([]Version, error) {
	var rows []versionRow
	if err := s.db.WithContext(ctx).Select("id, survey_id, number, form_version, xform_md5, source, created_by, created_at").
		Where("survey_id = ?", surveyID).Order("number DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list versions: %w", err)
	}
	out := make([]Version, len(rows))
	for i, r := range rows {
		out[i] = r.version(Definition{})
	}
	return out, nil
}

// XForm returns the stored XForm of a version, byte for byte as devices
// hashed it.
func (s *Service) XForm(ctx context.Context, versionID string) ([]byte, error) {
	var row versionRow
	err := s.db.WithContext(ctx).Select("xform").Where("id = ?", versionID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, haven.Errorf(haven.KindNotFound, "no such survey version")
	}
	if err != nil {
		return nil, fmt.Errorf("read XForm: %w", err)
	}
	return []byte(row.XForm), nil
}

func (r versionRow) decode() (Version, error) {
	var d Definition
	if err := json.Unmarshal([]byte(r.Definition), &d); err != nil {
		return Version{}, fmt.Errorf("decode definition of %s: %w", r.ID, err)
	}
	return r.version(d), nil
}

// Ensure publishes d unless a survey with its form ID exists, and reports
// whether it did: how Haven installs its built-in surveys without ever
// replacing a version someone adapted.
func (s *Service) Ensure(ctx context.Context, d Definition, source string) (bool, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&surveyRow{}).Where("form_id = ?", d.FormID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("look for survey %s: %w", d.FormID, err)
	}
	if n > 0 {
		return false, nil
	}
	if _, err := s.Publish(ctx, d, source); err != nil {
		if haven.KindOf(err) == haven.KindConflict {
			return false, nil // another process published it first
		}
		return false, err
	}
	return true, nil
}
