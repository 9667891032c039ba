package drafts

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
)

// Freeze stores the draft's working copy as its next version: the entries
// its settings select now, redacted for a reader without any grant, and its
// sections' text as it is now. This is "send to testing" for a testing
// draft, the final cut for a public one. It fails with haven.ErrInvalid when
// the settings select nothing, include a provider nobody may see, or name a
// section that is gone; haven.ErrForbidden when u may not edit the draft.
func (s *Service) Freeze(ctx context.Context, u accounts.User, id, note string) (Version, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return Version{}, &haven.Error{Kind: haven.KindInvalid, Message: "the note is too long",
			Fields: []haven.FieldError{{Field: "note", Message: "must be at most 1000 characters"}}}
	}
	terms, err := s.tax.Terms(ctx)
	if err != nil {
		return Version{}, err
	}
	return s.store.Freeze(ctx, id, func(d Draft) (Version, error) {
		if !canEditAll(u, d.Countries) {
			return Version{}, forbidden(u, "this draft", d.Countries)
		}
		entries, _, missing, err := s.resolve(ctx, d.Countries, d.Settings)
		if err != nil {
			return Version{}, err
		}
		var v haven.Validation
		v.Check(len(missing) == 0, "settings.include", "holds "+strings.Join(missing, ", ")+
			": no provider that readers may see has this ID (deleted, or every place of it is confidential); remove it first")
		v.Check(len(entries) > 0, "settings.rules", "select no provider; widen the rules or include providers")
		sections, err := s.store.SectionsByID(ctx, d.Settings.Sections)
		if err != nil {
			return Version{}, err
		}
		frozen := make([]Section, 0, len(d.Settings.Sections))
		for _, sid := range d.Settings.Sections {
			sec, ok := sections[sid]
			v.Check(ok, "settings.sections", "has "+sid+", which is not a content section any more")
			frozen = append(frozen, sec)
		}
		if err := v.Err(); err != nil {
			return Version{}, err
		}
		copied, err := deepCopy(entries)
		if err != nil {
			return Version{}, err
		}
		return Version{Name: d.Name, Countries: d.Countries, Audience: d.Audience, Settings: d.Settings,
			Entries: copied, Sections: frozen, ServiceNames: serviceNames(terms, copied),
			Note: note, FrozenBy: u.Email, FrozenAt: s.now()}, nil
	})
}

// Version returns a frozen version with its entries and sections exactly as
// they were frozen. Outputs for readers are made from it: it holds nothing
// a reader without any grant may not see. It fails with haven.ErrNotFound.
func (s *Service) Version(ctx context.Context, id string, number int) (Version, error) {
	return s.store.Version(ctx, id, number)
}

// Versions lists a draft's frozen versions, newest first. It fails with
// haven.ErrNotFound for an unknown draft.
func (s *Service) Versions(ctx context.Context, id string) ([]VersionSummary, error) {
	return s.store.Versions(ctx, id)
}

// deepCopy gives entries that share nothing with the directory's memory.
func deepCopy(ps []mapping.Provider) ([]mapping.Provider, error) {
	raw, err := json.Marshal(ps)
	if err != nil {
		return nil, fmt.Errorf("copy entries: %w", err)
	}
	var out []mapping.Provider
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("copy entries: %w", err)
	}
	return out, nil
}

// serviceNames keeps the names of the service types the entries offer,
// and of their parents, in every language the taxonomy has.
func serviceNames(terms []mapping.Term, entries []mapping.Provider) map[string]map[string]string {
	byCode := map[string]mapping.Term{}
	for _, t := range terms {
		byCode[t.Code] = t
	}
	out := map[string]map[string]string{}
	var add func(code string)
	add = func(code string) {
		if _, done := out[code]; done || code == "" {
			return
		}
		t, ok := byCode[code]
		if !ok {
			out[code] = map[string]string{"en": code}
			return
		}
		names := map[string]string{"en": t.Name}
		for lang, tr := range t.Translations {
			if tr.Name != "" {
				names[lang] = tr.Name
			}
		}
		out[code] = names
		add(t.ParentCode)
	}
	for _, p := range entries {
		for _, sv := range p.Services {
			add(sv.Type)
		}
	}
	return out
}
