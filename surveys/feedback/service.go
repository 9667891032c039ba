package feedback

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/surveys"
	"gorm.io/gorm"
)

// Drafts reads frozen directory drafts: drafts.Service.
type Drafts interface {
	Drafts(ctx context.Context) ([]drafts.Draft, error)
	Versions(ctx context.Context, draftID string) ([]drafts.VersionSummary, error)
	Version(ctx context.Context, draftID string, number int) (drafts.Version, error)
}

// Service stores feedback tests and takes their responses.
type Service struct {
	db       *gorm.DB
	surveys  *surveys.Service
	audit    *audit.Log
	drafts   Drafts
	regions  *mapping.Regions
	taxonomy *mapping.Taxonomy
	dir      *mapping.Directory
	cache    caches
	now      func() time.Time
}

// NewService returns a Service on db. Responses go through the survey
// engine sv; dir names the providers of reported problems for editors.
func NewService(db *gorm.DB, log *audit.Log, sv *surveys.Service, d Drafts, regions *mapping.Regions,
	tax *mapping.Taxonomy, dir *mapping.Directory) *Service {
	return &Service{db: db, surveys: sv, audit: log, drafts: d, regions: regions, taxonomy: tax, dir: dir,
		// Microseconds: what PostgreSQL keeps, so a value read back equals the one written.
		now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// Who may do what. Tests belong to a country, like providers.

// canManage: build, open, close tests and issue links — editors of the
// country and admins.
func canManage(u accounts.User, country string) bool { return mapping.CanEdit(u, country) }

// canFacilitate: enter responses for participants — admins, and editors
// and collectors of the country.
func canFacilitate(u accounts.User, country string) bool {
	switch u.Role {
	case accounts.RoleAdmin:
		return true
	case accounts.RoleEditor, accounts.RoleCollector:
		return u.InCountry(country)
	}
	return false
}

// canRead: see a test with its correct answers — those who manage it and
// researchers of the country. Facilitators see the participant's view.
func canRead(u accounts.User, country string) bool {
	return canManage(u, country) || (u.Role == accounts.RoleResearcher && u.InCountry(country))
}

func forbidden(u accounts.User, what, country string) error {
	if len(u.Countries) == 0 {
		return haven.Errorf(haven.KindForbidden, "as %s you may not %s", u.Role, what)
	}
	return haven.Errorf(haven.KindForbidden, "as %s for %s you may not %s in %s", u.Role, strings.Join(u.Countries, ", "), what, country)
}

var errNoTest = haven.Errorf(haven.KindNotFound, "no such feedback test")

// Tests lists the tests u may see (those u reads or facilitates), newest
// first.
func (s *Service) Tests(ctx context.Context, u accounts.User) ([]Test, error) {
	var rows []testRow
	if err := s.db.WithContext(ctx).Order("created_at DESC, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list feedback tests: %w", err)
	}
	out := []Test{}
	for _, r := range rows {
		if !canRead(u, r.Country) && !canFacilitate(u, r.Country) {
			continue
		}
		t, err := r.test()
		if err != nil {
			return nil, err
		}
		if !canRead(u, r.Country) {
			t = t.withoutAnswers()
		}
		out = append(out, t)
	}
	return out, nil
}

// Test returns one test as u may see it: without the correct answers for
// a facilitator. It fails with haven.ErrNotFound, also for a test u may not
// see.
func (s *Service) Test(ctx context.Context, u accounts.User, id string) (Test, error) {
	t, err := s.read(ctx, s.db, id)
	if err != nil {
		return Test{}, err
	}
	switch {
	case canRead(u, t.Country):
		return t, nil
	case canFacilitate(u, t.Country):
		return t.withoutAnswers(), nil
	}
	return Test{}, errNoTest
}

// TestByID returns a test with everything, for other parts of Haven (the
// analytics) that check access themselves. It fails with haven.ErrNotFound.
func (s *Service) TestByID(ctx context.Context, id string) (Test, error) {
	return s.read(ctx, s.db, id)
}

func (s *Service) read(ctx context.Context, db *gorm.DB, id string) (Test, error) {
	var row testRow
	err := db.WithContext(ctx).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Test{}, errNoTest
	}
	if err != nil {
		return Test{}, fmt.Errorf("read feedback test: %w", err)
	}
	return row.test()
}

// withoutAnswers removes what would tell a participant the right answer.
func (t Test) withoutAnswers() Test {
	tasks := make([]Task, len(t.Tasks))
	for i, task := range t.Tasks {
		task.CorrectProviders = nil
		tasks[i] = task
	}
	t.Tasks = tasks
	comp := make([]ComprehensionQuestion, len(t.Comprehension))
	for i, c := range t.Comprehension {
		c.Correct = ""
		comp[i] = c
	}
	t.Comprehension = comp
	return t
}

// config is what feedback_tests.config holds.
type config struct {
	Drafts        []DraftRef              `json:"drafts"`
	Groups        []Group                 `json:"groups"`
	Breakdowns    []string                `json:"breakdowns"`
	Attributes    []string                `json:"attributes"`
	AreaSet       string                  `json:"area_set"`
	AreaLevel     int                     `json:"area_level"`
	Consent       surveys.Text            `json:"consent"`
	Tasks         []Task                  `json:"tasks"`
	Likert        []LikertItem            `json:"likert"`
	Comprehension []ComprehensionQuestion `json:"comprehension"`
	Sections      []SectionQuestion       `json:"sections"`
}

func (r testRow) test() (Test, error) {
	var c config
	if err := json.Unmarshal([]byte(r.Config), &c); err != nil {
		return Test{}, fmt.Errorf("decode feedback test %s: %w", r.ID, err)
	}
	t := Test{ID: r.ID, Title: r.Title, Country: r.Country, Status: Status(r.Status), SurveyID: r.SurveyID, FormID: r.FormID,
		Drafts: c.Drafts, Groups: c.Groups, Breakdowns: c.Breakdowns, Attributes: c.Attributes, AreaSet: c.AreaSet,
		AreaLevel: c.AreaLevel, Consent: c.Consent, Tasks: c.Tasks, Likert: c.Likert, Comprehension: c.Comprehension,
		Sections: c.Sections, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
		OpenedAt: r.OpenedAt, ClosedAt: r.ClosedAt}
	t.normalize()
	return t, nil
}

// normalize makes empty lists empty rather than nil, so that they are
// [] in JSON, never null.
func (t *Test) normalize() {
	t.Drafts = nonNil(t.Drafts)
	t.Groups = nonNil(t.Groups)
	t.Breakdowns = nonNil(t.Breakdowns)
	t.Attributes = nonNil(t.Attributes)
	t.Tasks = nonNil(t.Tasks)
	t.Likert = nonNil(t.Likert)
	t.Comprehension = nonNil(t.Comprehension)
	t.Sections = nonNil(t.Sections)
	if t.Consent == nil {
		t.Consent = surveys.Text{}
	}
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func rowOf(t Test) (testRow, error) {
	c := config{Drafts: t.Drafts, Groups: t.Groups, Breakdowns: t.Breakdowns, Attributes: t.Attributes, AreaSet: t.AreaSet,
		AreaLevel: t.AreaLevel, Consent: t.Consent, Tasks: t.Tasks, Likert: t.Likert, Comprehension: t.Comprehension,
		Sections: t.Sections}
	doc, err := json.Marshal(c)
	if err != nil {
		return testRow{}, err
	}
	return testRow{ID: t.ID, Title: t.Title, Country: t.Country, Status: string(t.Status), SurveyID: t.SurveyID, FormID: t.FormID,
		Config: string(doc), CreatedBy: t.CreatedBy, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt,
		OpenedAt: t.OpenedAt, ClosedAt: t.ClosedAt}, nil
}

// Create stores a new test as a draft. It fails with haven.ErrInvalid
// listing every problem with in, and haven.ErrForbidden when u may not
// manage tests in its country.
func (s *Service) Create(ctx context.Context, u accounts.User, in TestInput) (Test, error) {
	t, err := s.check(ctx, in)
	if err != nil {
		return Test{}, err
	}
	if !canManage(u, t.Country) {
		return Test{}, forbidden(u, "build feedback tests", t.Country)
	}
	now := s.now()
	t.ID = newID()
	t.FormID = FormID(t.ID)
	t.Status = StatusDraft
	t.CreatedBy, t.CreatedAt, t.UpdatedAt = u.Email, now, now
	row, err := rowOf(t)
	if err != nil {
		return Test{}, err
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store feedback test: %w", err)
		}
		if err := storeDrafts(tx, t); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "feedback_test.create", "feedback_test", t.ID, map[string]any{"title": t.Title})
	})
	return t, err
}

func storeDrafts(tx *gorm.DB, t Test) error {
	if err := tx.Where("test_id = ?", t.ID).Delete(&testDraftRow{}).Error; err != nil {
		return fmt.Errorf("clear drafts of test: %w", err)
	}
	for _, d := range t.Drafts {
		if err := tx.Create(&testDraftRow{TestID: t.ID, Label: d.Label, DraftID: d.DraftID, DraftVersion: d.Version}).Error; err != nil {
			return fmt.Errorf("store drafts of test: %w", err)
		}
	}
	return nil
}

// Update replaces a draft test's settings with in. An open or closed test
// keeps the questions participants answered. It fails with
// haven.ErrInvalid, haven.ErrForbidden, haven.ErrNotFound, and
// haven.ErrConflict for a test that is no longer a draft.
func (s *Service) Update(ctx context.Context, u accounts.User, id string, in TestInput) (Test, error) {
	var out Test
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		old, err := s.read(ctx, tx, id)
		if err != nil {
			return err
		}
		if !canManage(u, old.Country) {
			return forbidden(u, "change feedback tests", old.Country)
		}
		if old.Status != StatusDraft {
			return haven.Errorf(haven.KindConflict, "the test is %s: participants have its questions, so it can no longer change", old.Status)
		}
		next, err := s.check(ctx, in)
		if err != nil {
			return err
		}
		if !canManage(u, next.Country) {
			return forbidden(u, "build feedback tests", next.Country)
		}
		next.ID, next.FormID, next.Status = old.ID, old.FormID, old.Status
		next.CreatedBy, next.CreatedAt, next.UpdatedAt = old.CreatedBy, old.CreatedAt, s.now()
		row, err := rowOf(next)
		if err != nil {
			return err
		}
		if err := tx.Save(&row).Error; err != nil {
			return fmt.Errorf("update feedback test: %w", err)
		}
		if err := storeDrafts(tx, next); err != nil {
			return err
		}
		out = next
		return s.audit.Record(ctx, tx, "feedback_test.update", "feedback_test", id, map[string]any{"title": next.Title})
	})
	return out, err
}

// Delete removes a draft test. It fails with haven.ErrConflict for a test
// that was opened: its responses belong to it.
func (s *Service) Delete(ctx context.Context, u accounts.User, id string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		t, err := s.read(ctx, tx, id)
		if err != nil {
			return err
		}
		if !canManage(u, t.Country) {
			return forbidden(u, "delete feedback tests", t.Country)
		}
		if t.Status != StatusDraft {
			return haven.Errorf(haven.KindConflict, "the test was opened and holds responses; close it instead")
		}
		for _, m := range []any{&testDraftRow{}, &linkRow{}, &assignmentRow{}} {
			if err := tx.Where("test_id = ?", id).Delete(m).Error; err != nil {
				return fmt.Errorf("delete feedback test: %w", err)
			}
		}
		if err := tx.Where("id = ?", id).Delete(&testRow{}).Error; err != nil {
			return fmt.Errorf("delete feedback test: %w", err)
		}
		return s.audit.Record(ctx, tx, "feedback_test.delete", "feedback_test", id, map[string]any{"title": t.Title})
	})
}

// Open publishes the test's survey (the first time) and lets participants
// answer. It fails with haven.ErrInvalid when the drafts compared hold no
// entries or the area set has no regions at the area level.
func (s *Service) Open(ctx context.Context, u accounts.User, id string) (Test, error) {
	t, err := s.read(ctx, s.db, id)
	if err != nil {
		return Test{}, err
	}
	if !canManage(u, t.Country) {
		return Test{}, forbidden(u, "open feedback tests", t.Country)
	}
	if t.Status == StatusOpen {
		return t, nil
	}
	if t.SurveyID == "" {
		c, err := s.choices(ctx, t)
		if err != nil {
			return Test{}, err
		}
		if _, err := s.surveys.PublishFeedback(ctx, t.definition(c), "feedback test "+t.ID); err != nil {
			return Test{}, err
		}
		sv, err := s.surveys.Survey(ctx, t.FormID)
		if err != nil {
			return Test{}, err
		}
		t.SurveyID = sv.ID
	}
	return s.setStatus(ctx, t, StatusOpen)
}

// Close stops a test taking responses. Its links stop working; opening it
// again makes them work again, unless revoked.
func (s *Service) Close(ctx context.Context, u accounts.User, id string) (Test, error) {
	t, err := s.read(ctx, s.db, id)
	if err != nil {
		return Test{}, err
	}
	if !canManage(u, t.Country) {
		return Test{}, forbidden(u, "close feedback tests", t.Country)
	}
	if t.Status != StatusOpen {
		return Test{}, haven.Errorf(haven.KindConflict, "only an open test can be closed; this one is %s", t.Status)
	}
	return s.setStatus(ctx, t, StatusClosed)
}

func (s *Service) setStatus(ctx context.Context, t Test, status Status) (Test, error) {
	now := s.now()
	t.Status, t.UpdatedAt = status, now
	updates := map[string]any{"status": string(status), "updated_at": now, "survey_id": t.SurveyID}
	switch status {
	case StatusOpen:
		if t.OpenedAt == nil {
			t.OpenedAt = &now
			updates["opened_at"] = now
		}
		t.ClosedAt = nil
		updates["closed_at"] = nil
	case StatusClosed:
		t.ClosedAt = &now
		updates["closed_at"] = now
	}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&testRow{}).Where("id = ?", t.ID).Updates(updates).Error; err != nil {
			return fmt.Errorf("set test status: %w", err)
		}
		return s.audit.Record(ctx, tx, "feedback_test."+map[Status]string{StatusOpen: "open", StatusClosed: "close"}[status],
			"feedback_test", t.ID, nil)
	})
	return t, err
}

// choices reads the lists a test's survey picks from: the entries of its
// drafts, the regions of its area level, the top-level service types.
func (s *Service) choices(ctx context.Context, t Test) (choices, error) {
	var c choices
	seen := map[string]bool{}
	for _, d := range t.Drafts {
		v, err := s.version(ctx, d)
		if err != nil {
			return c, err
		}
		for _, p := range v.Entries {
			if !seen[p.ID] {
				seen[p.ID] = true
				c.Entries = append(c.Entries, entryOf(p))
			}
		}
	}
	areas, err := s.areaList(ctx, t)
	if err != nil {
		return c, err
	}
	c.Areas = areas
	terms, err := s.taxonomy.Terms(ctx)
	if err != nil {
		return c, err
	}
	for _, term := range terms {
		if term.ParentCode == "" {
			c.Services = append(c.Services, ServiceType{Code: term.Code, Name: termText(term)})
		}
	}
	var v haven.Validation
	v.Check(len(c.Entries) > 0, "drafts", "hold no directory entries: there is nothing for the tasks to find")
	v.Check(len(c.Areas) > 0, "area_set", fmt.Sprintf("has no regions at level %d", t.AreaLevel))
	v.Check(len(c.Services) > 0, "service_types", "the taxonomy has no service types")
	return c, v.Err()
}

// areas lists the regions of the test's area set and level, in the test's
// country when the set records countries.
func (s *Service) areas(ctx context.Context, t Test) ([]Area, error) {
	var out []Area
	cursor := ""
	for {
		rs, next, err := s.regions.List(ctx, mapping.RegionFilter{Set: t.AreaSet, Level: t.AreaLevel, Cursor: cursor, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if r.Country == "" || strings.EqualFold(r.Country, t.Country) {
				out = append(out, Area{Code: r.Code, Name: r.Name, ParentCode: r.ParentCode})
			}
		}
		if next == "" {
			return out, nil
		}
		cursor = next
	}
}

func entryOf(p mapping.Provider) Entry {
	name := surveys.Text{English: p.Name}
	if tr, ok := p.Translations["th"]; ok && tr.Name != "" {
		name[Thai] = tr.Name
	}
	if tr, ok := p.Translations["my"]; ok && tr.Name != "" {
		name[Burmese] = tr.Name
	}
	return Entry{ProviderID: p.ID, Name: name, Country: p.Country}
}

func termText(t mapping.Term) surveys.Text {
	out := surveys.Text{English: t.Name}
	if tr, ok := t.Translations["th"]; ok && tr.Name != "" {
		out[Thai] = tr.Name
	}
	if tr, ok := t.Translations["my"]; ok && tr.Name != "" {
		out[Burmese] = tr.Name
	}
	return out
}

// OwnsSurvey reports whether the survey with this form ID is a test's:
// its responses must come through this package, which checks consent,
// masks free text and works out task success, never straight through the
// survey API.
func (s *Service) OwnsSurvey(ctx context.Context, formID string) (bool, error) {
	if !strings.HasPrefix(formID, FormID("")) {
		return false, nil // the busy ingest path pays nothing for this
	}
	var n int64
	if err := s.db.WithContext(ctx).Model(&testRow{}).Where("form_id = ?", formID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("look up feedback test: %w", err)
	}
	return n > 0, nil
}
