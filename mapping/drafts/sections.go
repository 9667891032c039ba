package drafts

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
)

var (
	isoLanguage = regexp.MustCompile(`^[a-z]{2,3}$`)
	phoneNumber = regexp.MustCompile(`^[0-9+() .\-/]{2,40}$`)
)

const (
	maxTitle    = 200
	maxBody     = 20000
	maxNumbers  = 20
	maxSections = 50
)

// Sections lists content sections, for a country (with those for any
// country) and of a kind when the filter says so.
func (s *Service) Sections(ctx context.Context, f SectionFilter) ([]Section, error) {
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	return s.store.Sections(ctx, f)
}

// Section returns one section. It fails with haven.ErrNotFound.
func (s *Service) Section(ctx context.Context, id string) (Section, error) {
	return s.store.Section(ctx, id)
}

// SectionHistory returns every version of a section, newest first. It
// fails with haven.ErrNotFound.
func (s *Service) SectionHistory(ctx context.Context, id string) ([]Section, error) {
	return s.store.SectionHistory(ctx, id)
}

// CreateSection adds a section as version 1. It fails with haven.ErrInvalid
// naming every bad field, or haven.ErrForbidden when u may not edit content
// for the section's country (admins and editors without a country scope
// write sections for any country).
func (s *Service) CreateSection(ctx context.Context, u accounts.User, in SectionInput) (Section, error) {
	if err := in.normalize(); err != nil {
		return Section{}, err
	}
	if !canEditAll(u, countryList(in.Country)) {
		return Section{}, forbidden(u, "content sections", countryList(in.Country))
	}
	now := s.now()
	sec := Section{ID: newID(), Kind: in.Kind, Country: in.Country, Texts: in.Texts, Numbers: in.Numbers,
		Version: 1, UpdatedBy: u.Email, CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateSection(ctx, sec); err != nil {
		return Section{}, err
	}
	return sec, nil
}

// UpdateSection replaces a section's fields, making a new version when
// anything changed. ifVersion, when not zero, must be the current version,
// else haven.ErrPreconditionFailed. Drafts frozen earlier keep the text
// they froze. It fails like CreateSection, also when u may not edit the
// section's present country.
func (s *Service) UpdateSection(ctx context.Context, u accounts.User, id string, ifVersion int, in SectionInput) (Section, error) {
	if err := in.normalize(); err != nil {
		return Section{}, err
	}
	return s.store.UpdateSection(ctx, id, func(sec *Section) error {
		if ifVersion != 0 && ifVersion != sec.Version {
			return preconditionFailed("content section", sec.Version, ifVersion)
		}
		for _, country := range []string{sec.Country, in.Country} {
			if !canEditAll(u, countryList(country)) {
				return forbidden(u, "content sections", countryList(country))
			}
		}
		if sec.Kind == in.Kind && sec.Country == in.Country && reflect.DeepEqual(sec.Texts, in.Texts) && reflect.DeepEqual(sec.Numbers, in.Numbers) {
			return nil
		}
		sec.Kind, sec.Country, sec.Texts, sec.Numbers = in.Kind, in.Country, in.Texts, in.Numbers
		sec.Version++
		sec.UpdatedBy, sec.UpdatedAt = u.Email, s.now()
		return nil
	})
}

func countryList(c string) []string {
	if c == "" {
		return nil
	}
	return []string{c}
}

// normalize trims and checks a section, reporting every bad field.
func (in *SectionInput) normalize() error {
	var v haven.Validation
	in.Kind = strings.TrimSpace(in.Kind)
	v.Check(slices.Contains(SectionKinds, in.Kind), "kind", "must be one of "+strings.Join(SectionKinds, ", "))
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	v.Check(in.Country == "" || accounts.IsCountryCode(in.Country), "country", "must be an ISO 3166-1 alpha-2 code such as TH, or empty for any country")
	texts := make(map[string]SectionText, len(in.Texts))
	for _, lang := range slices.Sorted(maps.Keys(in.Texts)) {
		t := in.Texts[lang]
		code := strings.ToLower(strings.TrimSpace(lang))
		field := "texts." + lang
		if !isoLanguage.MatchString(code) {
			v.Add(field, "is not keyed by an ISO 639 language code such as th")
			continue
		}
		t.Title, t.Body = strings.TrimSpace(t.Title), strings.TrimSpace(strings.ReplaceAll(t.Body, "\r\n", "\n"))
		if t.Title == "" && t.Body == "" {
			continue // an empty language is no translation: drop it
		}
		v.Check(t.Title != "", field+".title", "is required")
		v.Check(utf8.RuneCountInString(t.Title) <= maxTitle, field+".title", fmt.Sprintf("must be at most %d characters", maxTitle))
		v.Check(utf8.RuneCountInString(t.Body) <= maxBody, field+".body", fmt.Sprintf("must be at most %d characters", maxBody))
		texts[code] = t
	}
	v.Check(len(texts) > 0, "texts", "must hold the title and text in at least one language")
	in.Texts = texts
	v.Check(len(in.Numbers) <= maxNumbers, "numbers", fmt.Sprintf("must be at most %d", maxNumbers))
	numbers := make([]Number, 0, len(in.Numbers))
	for i, n := range in.Numbers {
		field := fmt.Sprintf("numbers[%d]", i)
		n.Value = strings.TrimSpace(n.Value)
		v.Check(phoneNumber.MatchString(n.Value), field+".value", "must be a phone number: digits, spaces, + ( ) - . /")
		labels := map[string]string{}
		for lang, l := range n.Labels {
			code := strings.ToLower(strings.TrimSpace(lang))
			if l = strings.TrimSpace(l); l == "" {
				continue
			}
			v.Check(isoLanguage.MatchString(code), field+".labels."+lang, "is not keyed by an ISO 639 language code")
			v.Check(utf8.RuneCountInString(l) <= maxTitle, field+".labels."+lang, fmt.Sprintf("must be at most %d characters", maxTitle))
			labels[code] = l
		}
		v.Check(len(labels) > 0, field+".labels", "must say what the number is for in at least one language")
		n.Labels = labels
		numbers = append(numbers, n)
	}
	in.Numbers = numbers
	return v.Err()
}
