package feedback

import (
	"context"
	"slices"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/surveys"
)

// FrozenDraft is a frozen draft version a test can compare, with what an
// editor picks from when building the test: its entries (for the correct
// answers of tasks) and its content sections.
type FrozenDraft struct {
	DraftID   string         `json:"draft_id"`
	Version   int            `json:"version"`
	Name      string         `json:"name"`
	Countries []string       `json:"countries"`
	Audience  string         `json:"audience"`
	Language  string         `json:"language"`
	FrozenAt  time.Time      `json:"frozen_at"`
	Entries   []Entry        `json:"entries"`
	Sections  []SectionTitle `json:"sections"`
}

// SectionTitle names a content section of a frozen draft.
type SectionTitle struct {
	ID    string       `json:"id"`
	Kind  string       `json:"kind"`
	Title surveys.Text `json:"title"`
}

// FrozenDrafts lists the frozen draft versions u may build tests on: those
// of drafts for a country u manages, newest first.
func (s *Service) FrozenDrafts(ctx context.Context, u accounts.User) ([]FrozenDraft, error) {
	ds, err := s.drafts.Drafts(ctx)
	if err != nil {
		return nil, err
	}
	out := []FrozenDraft{}
	for _, d := range ds {
		if d.LatestVersion == 0 || !slices.ContainsFunc(d.Countries, func(c string) bool { return canManage(u, c) }) {
			continue
		}
		versions, err := s.drafts.Versions(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		for _, vs := range versions {
			v, err := s.version(ctx, DraftRef{DraftID: d.ID, Version: vs.Number})
			if err != nil {
				return nil, err
			}
			f := FrozenDraft{DraftID: d.ID, Version: v.Number, Name: v.Name, Countries: v.Countries, Audience: v.Audience,
				Language: v.Settings.Language, FrozenAt: v.FrozenAt, Entries: []Entry{}, Sections: []SectionTitle{}}
			for _, p := range v.Entries {
				f.Entries = append(f.Entries, entryOf(p))
			}
			for _, sec := range v.Sections {
				title := surveys.Text{}
				for _, lang := range Languages {
					if t, ok := sec.Texts[lang]; ok && t.Title != "" {
						title[lang] = t.Title
					}
				}
				f.Sections = append(f.Sections, SectionTitle{ID: sec.ID, Kind: sec.Kind, Title: title})
			}
			out = append(out, f)
		}
	}
	slices.SortStableFunc(out, func(a, b FrozenDraft) int { return b.FrozenAt.Compare(a.FrozenAt) })
	return out, nil
}
