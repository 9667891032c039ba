package drafts

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
)

const maxListed = 2000 // include and exclude lists

// Drafts lists every draft, most recently changed first.
func (s *Service) Drafts(ctx context.Context) ([]Draft, error) { return s.store.Drafts(ctx) }

// Draft returns one draft with its working copy. It fails with haven.ErrNotFound.
func (s *Service) Draft(ctx context.Context, id string) (Draft, error) { return s.store.Draft(ctx, id) }

// CreateDraft makes a draft. It fails with haven.ErrInvalid naming every bad
// field, or haven.ErrForbidden when u may not edit in all its countries.
func (s *Service) CreateDraft(ctx context.Context, u accounts.User, in DraftInput) (Draft, error) {
	if err := s.normalize(ctx, &in); err != nil {
		return Draft{}, err
	}
	if !canEditAll(u, in.Countries) {
		return Draft{}, forbidden(u, "drafts", in.Countries)
	}
	now := s.now()
	d := Draft{ID: newID(), Name: in.Name, Countries: in.Countries, Audience: in.Audience, Settings: in.Settings,
		Revision: 1, CreatedBy: u.Email, UpdatedBy: u.Email, CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateDraft(ctx, d); err != nil {
		return Draft{}, err
	}
	return d, nil
}

// UpdateDraft replaces a draft's name, countries, audience and working
// settings. ifRevision, when not zero, must be the current revision, else
// haven.ErrPreconditionFailed. Frozen versions are not touched. It fails
// like CreateDraft, also when u may not edit the draft's present countries.
func (s *Service) UpdateDraft(ctx context.Context, u accounts.User, id string, ifRevision int, in DraftInput) (Draft, error) {
	if err := s.normalize(ctx, &in); err != nil {
		return Draft{}, err
	}
	return s.store.UpdateDraft(ctx, id, func(d *Draft) error {
		if ifRevision != 0 && ifRevision != d.Revision {
			return preconditionFailed("draft", d.Revision, ifRevision)
		}
		if !canEditAll(u, d.Countries) {
			return forbidden(u, "this draft", d.Countries)
		}
		if !canEditAll(u, in.Countries) {
			return forbidden(u, "drafts", in.Countries)
		}
		if d.Name == in.Name && slices.Equal(d.Countries, in.Countries) && d.Audience == in.Audience && reflect.DeepEqual(d.Settings, in.Settings) {
			return nil
		}
		d.Name, d.Countries, d.Audience, d.Settings = in.Name, in.Countries, in.Audience, in.Settings
		d.Revision++
		d.UpdatedBy, d.UpdatedAt = u.Email, s.now()
		return nil
	})
}

// NewVersionFrom makes the working copy of a draft a copy of frozen version
// number — its rules, lists, sections, language, formats and grouping, its
// name and audience — so that the next freeze is a new version cut from it.
// The versions themselves never change. It fails with haven.ErrNotFound or
// haven.ErrForbidden.
func (s *Service) NewVersionFrom(ctx context.Context, u accounts.User, id string, number int) (Draft, error) {
	v, err := s.store.Version(ctx, id, number)
	if err != nil {
		return Draft{}, err
	}
	return s.store.UpdateDraft(ctx, id, func(d *Draft) error {
		if !canEditAll(u, d.Countries) {
			return forbidden(u, "this draft", d.Countries)
		}
		d.Name, d.Audience, d.Settings, d.BasedOn = v.Name, v.Audience, v.Settings, v.Number
		d.Revision++
		d.UpdatedBy, d.UpdatedAt = u.Email, s.now()
		return nil
	})
}

// normalize trims, de-duplicates and checks a draft, reporting every bad
// field; defaults fill what was left empty.
func (s *Service) normalize(ctx context.Context, in *DraftInput) error {
	var v haven.Validation
	in.Name = strings.TrimSpace(in.Name)
	v.Check(in.Name != "" && utf8.RuneCountInString(in.Name) <= maxTitle, "name", fmt.Sprintf("is required, at most %d characters", maxTitle))
	in.Countries = countryCodes(&v, "countries", in.Countries)
	v.Check(len(in.Countries) > 0, "countries", "must name at least one country, such as TH")
	if in.Audience == "" {
		in.Audience = AudienceTesting
	}
	v.Check(slices.Contains(Audiences, in.Audience), "audience", "must be testing or public")
	st := &in.Settings
	if st.Language == "" {
		st.Language = "en"
	}
	v.Check(slices.Contains(Languages, st.Language), "settings.language", "must be one of "+strings.Join(Languages, ", "))
	if len(st.Formats) == 0 {
		st.Formats = slices.Clone(Formats)
	}
	st.Formats = checkedList(&v, "settings.formats", st.Formats, Formats)
	if st.Grouping.Order == "" {
		st.Grouping.Order = OrderRegionService
	}
	v.Check(st.Grouping.Order == OrderRegionService || st.Grouping.Order == OrderServiceRegion, "settings.grouping.order", "must be region_service or service_region")
	if st.Grouping.RegionLevel == 0 {
		st.Grouping.RegionLevel = 1
	}
	v.Check(st.Grouping.RegionLevel >= 1 && st.Grouping.RegionLevel <= 4, "settings.grouping.region_level", "must be from 1 (provinces) to 4")
	st.Grouping.RegionSet = strings.TrimSpace(st.Grouping.RegionSet)
	if err := s.checkRules(ctx, &v, &st.Rules); err != nil {
		return err
	}
	st.Include = idList(&v, "settings.include", st.Include)
	st.Exclude = idList(&v, "settings.exclude", st.Exclude)
	for _, id := range st.Include {
		if slices.Contains(st.Exclude, id) {
			v.Add("settings.exclude", fmt.Sprintf("holds %s, which the include list holds too; keep it in one list", id))
		}
	}
	st.Sections = idList(&v, "settings.sections", st.Sections)
	v.Check(len(st.Sections) <= maxSections, "settings.sections", fmt.Sprintf("must be at most %d", maxSections))
	if len(st.Sections) > 0 {
		found, err := s.store.SectionsByID(ctx, st.Sections)
		if err != nil {
			return err
		}
		for _, id := range st.Sections {
			v.Check(found[id].ID != "", "settings.sections", "has "+id+", which is not a content section")
		}
	}
	return v.Err()
}

func (s *Service) checkRules(ctx context.Context, v *haven.Validation, r *Rules) error {
	r.Countries = countryCodes(v, "settings.rules.countries", r.Countries)
	r.Regions = idList(v, "settings.rules.regions", r.Regions)
	r.Services = idList(v, "settings.rules.services", r.Services)
	if len(r.Services) > 0 {
		terms, err := s.tax.Terms(ctx)
		if err != nil {
			return err
		}
		if _, err := mapping.Expand(terms, r.Services); err != nil {
			v.Add("settings.rules.services", err.Error())
		}
	}
	r.Genders = checkedList(v, "settings.rules.genders", r.Genders, mapping.Genders)
	r.LegalStatuses = checkedList(v, "settings.rules.legal_statuses", r.LegalStatuses, mapping.LegalStatuses)
	for _, a := range []struct {
		field string
		age   *int
	}{{"settings.rules.age_from", r.AgeFrom}, {"settings.rules.age_to", r.AgeTo}} {
		v.Check(a.age == nil || (*a.age >= 0 && *a.age <= 120), a.field, "must be from 0 to 120")
	}
	v.Check(r.AgeFrom == nil || r.AgeTo == nil || *r.AgeFrom <= *r.AgeTo, "settings.rules.age_to", "must not be below age_from")
	langs := idList(v, "settings.rules.languages", r.Languages)
	for i, l := range langs {
		langs[i] = strings.ToLower(l)
		v.Check(isoLanguage.MatchString(langs[i]), "settings.rules.languages", fmt.Sprintf("%q is not an ISO 639 code such as th", l))
	}
	r.Languages = langs
	return nil
}

// countryCodes upper-cases, de-duplicates and checks ISO country codes.
func countryCodes(v *haven.Validation, field string, in []string) []string {
	out := []string{}
	for _, c := range in {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" || slices.Contains(out, c) {
			continue
		}
		v.Check(accounts.IsCountryCode(c), field, c+" is not an ISO 3166-1 alpha-2 country code")
		out = append(out, c)
	}
	return out
}

// checkedList de-duplicates values and checks each is allowed.
func checkedList(v *haven.Validation, field string, in, allowed []string) []string {
	out := []string{}
	for _, x := range in {
		x = strings.TrimSpace(x)
		if x == "" || slices.Contains(out, x) {
			continue
		}
		v.Check(slices.Contains(allowed, x), field, fmt.Sprintf("%q is not one of %s", x, strings.Join(allowed, ", ")))
		out = append(out, x)
	}
	return out
}

// idList trims and de-duplicates IDs or codes, keeping their order.
func idList(v *haven.Validation, field string, in []string) []string {
	out := []string{}
	for _, x := range in {
		x = strings.TrimSpace(x)
		if x == "" || slices.Contains(out, x) {
			continue
		}
		v.Check(len(x) <= 64, field, "holds a value longer than 64 characters")
		out = append(out, x)
	}
	v.Check(len(out) <= maxListed, field, fmt.Sprintf("must hold at most %d values", maxListed))
	return out
}
