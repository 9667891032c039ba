package drafts

import (
	"context"
	"errors"
	"fmt"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// gormStore is the Store on Haven's database (SQLite or PostgreSQL).
type gormStore struct {
	db    *gorm.DB
	audit *audit.Log
}

// NewStore returns the Store on db, recording audit events in log.
func NewStore(db *gorm.DB, log *audit.Log) Store { return &gormStore{db: db, audit: log} }

var (
	errNoSection = haven.Errorf(haven.KindNotFound, "no content section has this ID")
	errNoDraft   = haven.Errorf(haven.KindNotFound, "no draft has this ID")
	errNoVersion = haven.Errorf(haven.KindNotFound, "this draft has no frozen version with that number")
)

// forUpdate locks the row a write transaction reads on PostgreSQL; SQLite
// runs write transactions one at a time already.
func forUpdate(tx *gorm.DB) *gorm.DB {
	if tx.Dialector.Name() == "postgres" {
		return tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return tx
}

func (s *gormStore) Sections(ctx context.Context, f SectionFilter) ([]Section, error) {
	q := s.db.WithContext(ctx)
	if f.Country != "" {
		q = q.Where("country = ? OR country = ''", f.Country)
	}
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	var rows []sectionRow
	if err := q.Order("kind, country, created_at, id").Limit(2000).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list content sections: %w", err)
	}
	out := make([]Section, 0, len(rows))
	for _, r := range rows {
		sec, err := r.section()
		if err != nil {
			return nil, err
		}
		out = append(out, sec)
	}
	return out, nil
}

func (s *gormStore) SectionsByID(ctx context.Context, ids []string) (map[string]Section, error) {
	out := map[string]Section{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []sectionRow
	if err := s.db.WithContext(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read content sections: %w", err)
	}
	for _, r := range rows {
		sec, err := r.section()
		if err != nil {
			return nil, err
		}
		out[sec.ID] = sec
	}
	return out, nil
}

func (s *gormStore) Section(ctx context.Context, id string) (Section, error) {
	var row sectionRow
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Section{}, errNoSection
	}
	if err != nil {
		return Section{}, fmt.Errorf("read content section: %w", err)
	}
	return row.section()
}

func (s *gormStore) SectionHistory(ctx context.Context, id string) ([]Section, error) {
	cur, err := s.Section(ctx, id)
	if err != nil {
		return nil, err
	}
	var rows []sectionVersionRow
	if err := s.db.WithContext(ctx).Where("section_id = ?", id).Order("version DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read section history: %w", err)
	}
	out := make([]Section, 0, len(rows))
	for _, r := range rows {
		sec, err := r.section(cur.CreatedAt)
		if err != nil {
			return nil, err
		}
		out = append(out, sec)
	}
	return out, nil
}

func (s *gormStore) CreateSection(ctx context.Context, sec Section) error {
	row, err := sectionRowOf(sec)
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store content section: %w", err)
		}
		history := row.versionRow()
		if err := tx.Create(&history).Error; err != nil {
			return fmt.Errorf("store section version: %w", err)
		}
		return s.audit.Record(ctx, tx, "content_section.create", "content_section", sec.ID, map[string]any{"kind": sec.Kind, "country": sec.Country})
	})
}

func (s *gormStore) UpdateSection(ctx context.Context, id string, change func(*Section) error) (Section, error) {
	var out Section
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row sectionRow
		err := forUpdate(tx).Where("id = ?", id).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return errNoSection
		}
		if err != nil {
			return fmt.Errorf("read content section: %w", err)
		}
		sec, err := row.section()
		if err != nil {
			return err
		}
		before := sec.Version
		if err := change(&sec); err != nil {
			return err
		}
		if sec.Version == before {
			out = sec // nothing changed: no new version
			return nil
		}
		next, err := sectionRowOf(sec)
		if err != nil {
			return err
		}
		if err := tx.Model(&sectionRow{}).Where("id = ?", id).Select("*").Omit("id", "created_at").Updates(&next).Error; err != nil {
			return fmt.Errorf("store content section: %w", err)
		}
		history := next.versionRow()
		if err := tx.Create(&history).Error; err != nil {
			return fmt.Errorf("store section version: %w", err)
		}
		out = sec
		return s.audit.Record(ctx, tx, "content_section.update", "content_section", id, map[string]any{"version": sec.Version})
	})
	return out, err
}

func (s *gormStore) Drafts(ctx context.Context) ([]Draft, error) {
	var rows []draftRow
	if err := s.db.WithContext(ctx).Order("updated_at DESC, id").Limit(2000).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	out := make([]Draft, 0, len(rows))
	for _, r := range rows {
		d, err := r.draft()
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func (s *gormStore) Draft(ctx context.Context, id string) (Draft, error) {
	return s.readDraft(ctx, s.db, id)
}

func (s *gormStore) readDraft(ctx context.Context, db *gorm.DB, id string) (Draft, error) {
	var row draftRow
	err := db.WithContext(ctx).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Draft{}, errNoDraft
	}
	if err != nil {
		return Draft{}, fmt.Errorf("read draft: %w", err)
	}
	return row.draft()
}

func (s *gormStore) CreateDraft(ctx context.Context, d Draft) error {
	row, err := draftRowOf(d)
	if err != nil {
		return err
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store draft: %w", err)
		}
		return s.audit.Record(ctx, tx, "draft.create", "draft", d.ID, map[string]any{"countries": d.Countries, "audience": d.Audience})
	})
}

func (s *gormStore) UpdateDraft(ctx context.Context, id string, change func(*Draft) error) (Draft, error) {
	var out Draft
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		d, err := s.readDraft(ctx, forUpdate(tx), id)
		if err != nil {
			return err
		}
		before := d.Revision
		if err := change(&d); err != nil {
			return err
		}
		out = d
		if d.Revision == before {
			return nil
		}
		row, err := draftRowOf(d)
		if err != nil {
			return err
		}
		if err := tx.Model(&draftRow{}).Where("id = ?", id).Select("*").Omit("id", "created_at", "created_by").Updates(&row).Error; err != nil {
			return fmt.Errorf("store draft: %w", err)
		}
		return s.audit.Record(ctx, tx, "draft.update", "draft", id, map[string]any{"revision": d.Revision, "based_on": d.BasedOn})
	})
	return out, err
}

func (s *gormStore) Freeze(ctx context.Context, draftID string, build func(Draft) (Version, error)) (Version, error) {
	var out Version
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		d, err := s.readDraft(ctx, forUpdate(tx), draftID)
		if err != nil {
			return err
		}
		v, err := build(d)
		if err != nil {
			return err
		}
		v.DraftID, v.Number = d.ID, d.LatestVersion+1
		row, err := versionRowOf(v)
		if err != nil {
			return err
		}
		if err := tx.Create(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return haven.Errorf(haven.KindConflict, "someone froze this draft at the same moment; reload and check the versions")
			}
			return fmt.Errorf("store draft version: %w", err)
		}
		if err := tx.Model(&draftRow{}).Where("id = ?", d.ID).
			Updates(map[string]any{"latest_version": v.Number, "updated_at": v.FrozenAt, "updated_by": v.FrozenBy}).Error; err != nil {
			return fmt.Errorf("record the version on the draft: %w", err)
		}
		out = v
		return s.audit.Record(ctx, tx, "draft.freeze", "draft", d.ID,
			map[string]any{"version": v.Number, "audience": v.Audience, "entries": len(v.Entries), "sections": len(v.Sections)})
	})
	return out, err
}

func (s *gormStore) Version(ctx context.Context, draftID string, number int) (Version, error) {
	var row versionRow
	err := s.db.WithContext(ctx).Where("draft_id = ? AND number = ?", draftID, number).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Version{}, errNoVersion
	}
	if err != nil {
		return Version{}, fmt.Errorf("read draft version: %w", err)
	}
	return row.version()
}

func (s *gormStore) Versions(ctx context.Context, draftID string) ([]VersionSummary, error) {
	if _, err := s.Draft(ctx, draftID); err != nil {
		return nil, err
	}
	var rows []versionRow
	err := s.db.WithContext(ctx).Select("draft_id, number, name, audience, entry_count, section_count, note, frozen_by, frozen_at").
		Where("draft_id = ?", draftID).Order("number DESC").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list draft versions: %w", err)
	}
	out := make([]VersionSummary, len(rows))
	for i, r := range rows {
		out[i] = r.summary()
	}
	return out, nil
}
