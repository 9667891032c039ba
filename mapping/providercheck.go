package mapping

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
)

var (
	// itemID is the shape of a location, service or channel ID: a UUID or
	// an ID a client chose, such as one kept from an HSDS import.
	itemID      = regexp.MustCompile(`^[A-Za-z0-9_-]{1,36}$`)
	isoLanguage = regexp.MustCompile(`^[a-z]{2,3}$`)
	clockTime   = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

// check normalises p in place and reports every invalid field at once, by
// its JSON path (services[2].eligibility.min_age). known holds the taxonomy
// codes.
func (p *Provider) check(known map[string]bool) error {
	var v haven.Validation
	p.Name = strings.TrimSpace(p.Name)
	v.Check(p.Name != "", "name", "is required")
	v.Check(len(p.Name) <= 300, "name", "must be at most 300 characters")
	p.Country = strings.ToUpper(strings.TrimSpace(p.Country))
	v.Check(accounts.IsCountryCode(p.Country), "country", "must be an ISO 3166-1 alpha-2 code such as TH")
	p.OrgType = defaultTo(p.OrgType, "ngo")
	oneOf(&v, "org_type", p.OrgType, OrgTypes)
	p.Status = defaultTo(p.Status, "active")
	oneOf(&v, "status", p.Status, ProviderStatuses)
	if p.Email != "" {
		_, err := mail.ParseAddress(p.Email)
		v.Check(err == nil, "email", "must be an e-mail address")
	}
	if p.Website != "" {
		u, err := url.Parse(p.Website)
		v.Check(err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "", "website", "must be a web address starting with http:// or https://")
	}
	checkTranslations(&v, "translations", p.Translations)
	p.Verification.Status = defaultTo(p.Verification.Status, "unverified")
	oneOf(&v, "verification.status", p.Verification.Status, VerificationStates)
	p.Provenance.Kind = defaultTo(p.Provenance.Kind, "manual")
	oneOf(&v, "provenance.kind", p.Provenance.Kind, ProvenanceKinds)

	if p.Locations == nil {
		p.Locations = []Location{}
	}
	locationIDs := map[string]bool{}
	for i := range p.Locations {
		l := &p.Locations[i]
		path := fmt.Sprintf("locations[%d]", i)
		if l.ID == "" {
			l.ID = newID()
		}
		v.Check(itemID.MatchString(l.ID), path+".id", "must be 1–36 letters, digits, '-' or '_'")
		v.Check(!locationIDs[l.ID], path+".id", "is used twice")
		locationIDs[l.ID] = true
		l.Tier = Tier(defaultTo(string(l.Tier), string(TierPublic)))
		v.Check(slices.Contains(Tiers, l.Tier), path+".tier", "must be public, region_only or hidden")
		switch {
		case l.Latitude == nil && l.Longitude == nil:
		case l.Latitude == nil || l.Longitude == nil:
			v.Add(path, "give both latitude and longitude, or neither")
		default:
			lat, lon := *l.Latitude, *l.Longitude
			v.Check(!math.IsNaN(lat) && !math.IsInf(lat, 0) && lat >= -90 && lat <= 90, path+".latitude", "must be a number from -90 to 90")
			v.Check(!math.IsNaN(lon) && !math.IsInf(lon, 0) && lon >= -180 && lon <= 180, path+".longitude", "must be a number from -180 to 180")
		}
		if l.Address != nil && l.Address.Country != "" {
			l.Address.Country = strings.ToUpper(l.Address.Country)
			v.Check(accounts.IsCountryCode(l.Address.Country), path+".address.country", "must be an ISO 3166-1 alpha-2 code")
		}
		l.Regions = []RegionRef{} // derived on write, never taken from input
		l.Redacted = false
	}

	if p.Services == nil {
		p.Services = []Service{}
	}
	for i := range p.Services {
		checkService(&v, fmt.Sprintf("services[%d]", i), &p.Services[i], known, locationIDs)
	}
	if p.Channels == nil {
		p.Channels = []Channel{}
	}
	for i := range p.Channels {
		c := &p.Channels[i]
		path := fmt.Sprintf("channels[%d]", i)
		if c.ID == "" {
			c.ID = newID()
		}
		v.Check(itemID.MatchString(c.ID), path+".id", "must be 1–36 letters, digits, '-' or '_'")
		oneOf(&v, path+".kind", c.Kind, ChannelKinds)
		c.Value = strings.TrimSpace(c.Value)
		v.Check(c.Value != "", path+".value", "is required")
		c.Tier = Tier(defaultTo(string(c.Tier), string(TierPublic)))
		v.Check(slices.Contains(Tiers, c.Tier), path+".tier", "must be public, region_only or hidden")
		v.Check(c.LocationID == "" || locationIDs[c.LocationID], path+".location_id", "names no location of this provider")
	}
	return v.Err()
}

func checkService(v *haven.Validation, path string, s *Service, known map[string]bool, locationIDs map[string]bool) {
	if s.ID == "" {
		s.ID = newID()
	}
	v.Check(itemID.MatchString(s.ID), path+".id", "must be 1–36 letters, digits, '-' or '_'")
	v.Check(known[s.Type], path+".type", fmt.Sprintf("%q is not a service type; see /api/v1/taxonomy", s.Type))
	for _, id := range s.LocationIDs {
		v.Check(locationIDs[id], path+".location_ids", fmt.Sprintf("%q names no location of this provider", id))
	}
	e := &s.Eligibility
	e.Genders = normalizeList(v, path+".eligibility.genders", e.Genders, Genders)
	e.LegalStatuses = normalizeList(v, path+".eligibility.legal_statuses", e.LegalStatuses, LegalStatuses)
	e.TraffickingForms = normalizeList(v, path+".eligibility.trafficking_forms", e.TraffickingForms, TraffickingForms)
	e.VictimStatus = defaultTo(e.VictimStatus, "none")
	oneOf(v, path+".eligibility.victim_status", e.VictimStatus, VictimStatuses)
	if e.MinAge != nil {
		v.Check(*e.MinAge >= 0 && *e.MinAge <= 120, path+".eligibility.min_age", "must be from 0 to 120")
	}
	if e.MaxAge != nil {
		v.Check(*e.MaxAge >= 0 && *e.MaxAge <= 120, path+".eligibility.max_age", "must be from 0 to 120")
	}
	if e.MinAge != nil && e.MaxAge != nil {
		v.Check(*e.MinAge <= *e.MaxAge, path+".eligibility.max_age", "must not be below min_age")
	}
	if s.Languages == nil {
		s.Languages = []string{}
	}
	for j, l := range s.Languages {
		s.Languages[j] = strings.ToLower(strings.TrimSpace(l))
		v.Check(isoLanguage.MatchString(s.Languages[j]), path+".languages", fmt.Sprintf("%q is not an ISO 639 language code such as th or my", l))
	}
	s.Cost.Kind = defaultTo(s.Cost.Kind, "free")
	oneOf(v, path+".cost.kind", s.Cost.Kind, CostKinds)
	if c := s.Capacity; c != nil {
		c.Unit = defaultTo(c.Unit, "places")
		if c.Total != nil {
			v.Check(*c.Total >= 0, path+".capacity.total", "must not be negative")
		}
		if c.Available != nil {
			v.Check(*c.Available >= 0, path+".capacity.available", "must not be negative")
			if c.Total != nil {
				v.Check(*c.Available <= *c.Total, path+".capacity.available", "must not exceed total")
			}
		}
	}
	for j := range s.Schedules {
		sc := &s.Schedules[j]
		sp := fmt.Sprintf("%s.schedules[%d]", path, j)
		sc.Days = normalizeList(v, sp+".days", sc.Days, WeekDays)
		v.Check(len(sc.Days) > 0, sp+".days", "name at least one day: mo tu we th fr sa su")
		if !sc.AllDay {
			v.Check(clockTime.MatchString(sc.Opens), sp+".opens", "must be a time such as 08:30")
			v.Check(clockTime.MatchString(sc.Closes), sp+".closes", "must be a time such as 17:00")
		}
	}
	if a := s.Area; a != nil && a.RadiusKm != nil {
		v.Check(*a.RadiusKm > 0 && *a.RadiusKm <= 2000, path+".service_area.radius_km", "must be from 0 to 2000 km")
	}
	for lang := range s.Translations {
		v.Check(isoLanguage.MatchString(lang), path+".translations", lang+" is not an ISO 639 language code")
	}
}

func checkTranslations(v *haven.Validation, path string, ts map[string]ProviderText) {
	for lang := range ts {
		v.Check(isoLanguage.MatchString(lang), path, lang+" is not an ISO 639 language code")
	}
}

func defaultTo(s, fallback string) string {
	if s = strings.TrimSpace(s); s == "" {
		return fallback
	}
	return s
}

func oneOf(v *haven.Validation, field, value string, allowed []string) {
	v.Check(slices.Contains(allowed, value), field, fmt.Sprintf("%q is not one of: %s", value, strings.Join(allowed, ", ")))
}

// normalizeList lower-cases, de-duplicates and checks a list against its vocabulary.
func normalizeList(v *haven.Validation, field string, in, allowed []string) []string {
	out := []string{}
	for _, s := range in {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" || slices.Contains(out, s) {
			continue
		}
		if !slices.Contains(allowed, s) {
			v.Add(field, fmt.Sprintf("%q is not one of: %s", s, strings.Join(allowed, ", ")))
			continue
		}
		out = append(out, s)
	}
	return out
}
