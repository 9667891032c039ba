package drafts

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Row types of the draft tables.

type sectionRow struct {
	ID        string `gorm:"primaryKey"`
	Kind      string
	Country   string
	Version   int
	Doc       string // sectionDoc
	UpdatedBy string
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (sectionRow) TableName() string { return "content_sections" }

type sectionVersionRow struct {
	SectionID string `gorm:"primaryKey"`
	Version   int    `gorm:"primaryKey"`
	Kind      string
	Country   string
	Doc       string
	EditedBy  string
	EditedAt  time.Time
}

func (sectionVersionRow) TableName() string { return "content_section_versions" }

// sectionDoc is the part of a section stored as JSON.
type sectionDoc struct {
	Texts   map[string]SectionText `json:"texts"`
	Numbers []Number               `json:"numbers"`
}

type draftRow struct {
	ID            string `gorm:"primaryKey"`
	Name          string
	Countries     string // comma-separated
	Audience      string
	Settings      string // JSON
	Revision      int
	BasedOn       int
	LatestVersion int
	CreatedBy     string
	UpdatedBy     string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (draftRow) TableName() string { return "drafts" }

type versionRow struct {
	DraftID      string `gorm:"primaryKey"`
	Number       int    `gorm:"primaryKey"`
	Name         string
	Countries    string
	Audience     string
	Settings     string
	Entries      string // JSON array of providers, as frozen
	Sections     string // JSON array of sections, as frozen
	ServiceNames string
	EntryCount   int
	SectionCount int
	Note         string
	FrozenBy     string
	FrozenAt     time.Time
}

func (versionRow) TableName() string { return "draft_versions" }

// Tables returns the row types this package stores, for the schema check.
func Tables() []any {
	return []any{&sectionRow{}, &sectionVersionRow{}, &draftRow{}, &versionRow{}}
}

func sectionRowOf(s Section) (sectionRow, error) {
	doc, err := json.Marshal(sectionDoc{Texts: s.Texts, Numbers: s.Numbers})
	if err != nil {
		return sectionRow{}, err
	}
	return sectionRow{ID: s.ID, Kind: s.Kind, Country: s.Country, Version: s.Version, Doc: string(doc),
		UpdatedBy: s.UpdatedBy, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}, nil
}

func (r sectionRow) section() (Section, error) {
	var doc sectionDoc
	if err := json.Unmarshal([]byte(r.Doc), &doc); err != nil {
		return Section{}, fmt.Errorf("decode section %s: %w", r.ID, err)
	}
	return Section{ID: r.ID, Kind: r.Kind, Country: r.Country, Texts: doc.Texts, Numbers: orEmpty(doc.Numbers),
		Version: r.Version, UpdatedBy: r.UpdatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}, nil
}

func (r sectionRow) versionRow() sectionVersionRow {
	return sectionVersionRow{SectionID: r.ID, Version: r.Version, Kind: r.Kind, Country: r.Country, Doc: r.Doc,
		EditedBy: r.UpdatedBy, EditedAt: r.UpdatedAt}
}

func (r sectionVersionRow) section(createdAt time.Time) (Section, error) {
	return sectionRow{ID: r.SectionID, Kind: r.Kind, Country: r.Country, Version: r.Version, Doc: r.Doc,
		UpdatedBy: r.EditedBy, CreatedAt: createdAt, UpdatedAt: r.EditedAt}.section()
}

func draftRowOf(d Draft) (draftRow, error) {
	settings, err := json.Marshal(d.Settings)
	if err != nil {
		return draftRow{}, err
	}
	return draftRow{ID: d.ID, Name: d.Name, Countries: strings.Join(d.Countries, ","), Audience: d.Audience,
		Settings: string(settings), Revision: d.Revision, BasedOn: d.BasedOn, LatestVersion: d.LatestVersion,
		CreatedBy: d.CreatedBy, UpdatedBy: d.UpdatedBy, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}, nil
}

func (r draftRow) draft() (Draft, error) {
	d := Draft{ID: r.ID, Name: r.Name, Countries: splitList(r.Countries), Audience: r.Audience, Revision: r.Revision,
		BasedOn: r.BasedOn, LatestVersion: r.LatestVersion, CreatedBy: r.CreatedBy, UpdatedBy: r.UpdatedBy,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	if err := json.Unmarshal([]byte(r.Settings), &d.Settings); err != nil {
		return Draft{}, fmt.Errorf("decode draft %s: %w", r.ID, err)
	}
	return d, nil
}

func versionRowOf(v Version) (versionRow, error) {
	row := versionRow{DraftID: v.DraftID, Number: v.Number, Name: v.Name, Countries: strings.Join(v.Countries, ","),
		Audience: v.Audience, EntryCount: len(v.Entries), SectionCount: len(v.Sections), Note: v.Note,
		FrozenBy: v.FrozenBy, FrozenAt: v.FrozenAt}
	for _, f := range []struct {
		to   *string
		from any
	}{{&row.Settings, v.Settings}, {&row.Entries, v.Entries}, {&row.Sections, v.Sections}, {&row.ServiceNames, v.ServiceNames}} {
		b, err := json.Marshal(f.from)
		if err != nil {
			return versionRow{}, err
		}
		*f.to = string(b)
	}
	return row, nil
}

func (r versionRow) version() (Version, error) {
	v := Version{DraftID: r.DraftID, Number: r.Number, Name: r.Name, Countries: splitList(r.Countries),
		Audience: r.Audience, Note: r.Note, FrozenBy: r.FrozenBy, FrozenAt: r.FrozenAt.UTC()}
	for _, f := range []struct {
		from string
		to   any
	}{{r.Settings, &v.Settings}, {r.Entries, &v.Entries}, {r.Sections, &v.Sections}, {r.ServiceNames, &v.ServiceNames}} {
		if err := json.Unmarshal([]byte(f.from), f.to); err != nil {
			return Version{}, fmt.Errorf("decode draft %s version %d: %w", r.DraftID, r.Number, err)
		}
	}
	return v, nil
}

func (r versionRow) summary() VersionSummary {
	return VersionSummary{DraftID: r.DraftID, Number: r.Number, Name: r.Name, Audience: r.Audience,
		EntryCount: r.EntryCount, SectionCount: r.SectionCount, Note: r.Note, FrozenBy: r.FrozenBy, FrozenAt: r.FrozenAt.UTC()}
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
