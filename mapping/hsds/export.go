package hsds

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven/mapping"
)

// exporter turns Haven providers — already redacted for the reader — into
// HSDS tables, following the profile (docs/hsds-profile.md §2).
type exporter struct {
	d       *dataset
	terms   map[string]mapping.Term // the service taxonomy by code
	termIDs map[[2]string]string    // taxonomy, code → term id: hashing is the slow part
}

// buildDataset is the HSDS form of providers. It reads nothing else: what
// the providers do not hold (because Redact removed it) cannot appear.
func buildDataset(ps []mapping.Provider, terms []mapping.Term) *dataset {
	e := &exporter{d: newDataset(), terms: map[string]mapping.Term{}, termIDs: map[[2]string]string{}}
	e.vocabularies(terms)
	for _, p := range ps {
		e.provider(p)
	}
	e.add("meta_table_description", Row{"id": derivedID("meta_table_description", "haven"), "name": "Haven directory",
		"language": "en", "character_set": "UTF-8"})
	e.d.sortByID()
	return e.d
}

func (e *exporter) add(table string, r Row) {
	for k, v := range r {
		if v == "" {
			delete(r, k)
		}
	}
	e.d.table(table).add(r, origin{})
}

func (e *exporter) vocabularies(terms []mapping.Term) {
	for _, v := range vocabularies {
		e.add("taxonomy", Row{"id": taxonomyID(v.name), "name": v.name, "description": v.description,
			"uri": ProfileURI + "#" + v.name, "version": "1.0"})
		for _, t := range v.terms {
			e.term(v.name, t.code, t.parent, t.name, "")
		}
	}
	for _, t := range terms {
		e.terms[t.Code] = t
		e.term(taxServices, t.Code, t.ParentCode, t.Name, t.Description)
	}
}

// term adds a taxonomy term once; description defaults to the name (HSDS
// requires one).
func (e *exporter) term(taxonomy, code, parent, name, description string) string {
	id := e.termID(taxonomy, code)
	if _, done := e.d.table("taxonomy_term").get(id); done {
		return id
	}
	if description == "" {
		description = name
	}
	r := Row{"id": id, "code": code, "name": name, "description": description, "taxonomy": taxonomy,
		"language": "en", "taxonomy_id": taxonomyID(taxonomy)}
	if parent != "" {
		r["parent_id"] = e.termID(taxonomy, parent)
	}
	e.add("taxonomy_term", r)
	return id
}

func (e *exporter) termID(taxonomy, code string) string {
	key := [2]string{taxonomy, code}
	id, ok := e.termIDs[key]
	if !ok {
		id = termID(taxonomy, code)
		e.termIDs[key] = id
	}
	return id
}

// attr links a record to a term of one of Haven's taxonomies.
func (e *exporter) attr(entity, linkID, linkType, taxonomy, code, value string) {
	if code == "" {
		return
	}
	tid := e.termID(taxonomy, code)
	e.add("attribute", Row{"id": derivedID("attribute", entity, linkID, tid, value), "link_id": linkID,
		"taxonomy_term_id": tid, "link_type": linkType, "link_entity": entity, "value": value})
}

func (e *exporter) translation(entity, linkID, language, field, value string) {
	if value == "" {
		return
	}
	e.add("haven_translation", Row{"id": derivedID("haven_translation", entity, linkID, language, field),
		"link_entity": entity, "link_id": linkID, "language": language, "field": field, "value": value})
}

func (e *exporter) provider(p mapping.Provider) {
	org := hsdsID("organization", p.ID)
	e.add("organization", Row{"id": org, "name": p.Name, "description": p.Description, "email": p.Email, "website": p.Website})
	e.attr("organization", org, linkOrgType, taxOrgType, p.OrgType, "")
	e.attr("organization", org, linkVerification, taxVerification, p.Verification.Status, "")
	if p.Country != "" {
		e.term(taxCountry, p.Country, "", p.Country, "")
		e.attr("organization", org, linkCountry, taxCountry, p.Country, p.Country)
	}
	for lang, t := range p.Translations {
		e.translation("organization", org, lang, "name", t.Name)
		e.translation("organization", org, lang, "description", t.Description)
	}
	locations := make([]string, len(p.Locations))
	for i, l := range p.Locations {
		locations[i] = e.location(org, l)
	}
	for _, s := range p.Services {
		e.service(p, org, s, locations)
	}
	for _, c := range p.Channels {
		e.channel(org, c)
	}
}

func (e *exporter) location(org string, l mapping.Location) string {
	id := hsdsID("location", l.ID)
	e.add("location", Row{"id": id, "location_type": "physical", "organization_id": org, "name": l.Name,
		"latitude": formatFloat(l.Latitude), "longitude": formatFloat(l.Longitude)})
	if a := l.Address; a != nil && *a != (mapping.Address{}) {
		e.add("address", Row{"id": derivedID("address", id), "location_id": id, "address_1": a.Line1, "address_2": a.Line2,
			"city": a.City, "state_province": a.Province, "postal_code": a.PostalCode, "country": a.Country, "address_type": "physical"})
	}
	if l.Accessibility != "" {
		e.add("accessibility", Row{"id": derivedID("accessibility", id), "location_id": id, "description": l.Accessibility})
	}
	e.attr("location", id, linkConfidentiality, taxTier, string(l.Tier), "")
	for _, r := range l.Regions {
		e.term(taxRegion, r.Code, "", r.Name, fmt.Sprintf("%s: level %d of boundary set %s", r.Name, r.Level, r.Set))
		e.attr("location", id, linkRegion, taxRegion, r.Code, r.Code)
	}
	return id
}

func (e *exporter) service(p mapping.Provider, org string, s mapping.Service, locations []string) {
	id := hsdsID("service", s.ID)
	name := s.Type
	if t, ok := e.terms[s.Type]; ok {
		name = t.Name
	} else {
		e.term(taxServices, s.Type, "", s.Type, "")
	}
	el := s.Eligibility
	row := Row{"id": id, "organization_id": org, "name": name, "description": s.Description, "status": p.Status,
		"application_process": s.Access.NextStep, "fees_description": s.Cost.Note,
		"eligibility_description": describeEligibility(el), "minimum_age": formatInt(el.MinAge), "maximum_age": formatInt(el.MaxAge),
		"assurer_email": p.Verification.VerifiedBy, "last_modified": formatTime(&p.UpdatedAt)}
	if s.Interpreting {
		row["interpretation_services"] = "Interpretation available"
	}
	if at := p.Verification.VerifiedAt; at != nil {
		row["assured_date"] = at.UTC().Format(time.DateOnly)
	}
	e.add("service", row)
	e.serviceAttributes(id, s)
	for _, code := range s.Languages {
		e.add("language", Row{"id": derivedID("language", id, code), "service_id": id, "code": code, "name": languageNames[code]})
	}
	cost := Row{"id": derivedID("cost_option", id), "service_id": id, "option": label(s.Cost.Kind)}
	if s.Cost.Kind == "free" {
		cost["amount"] = "0"
	}
	e.add("cost_option", cost)
	for _, doc := range s.Access.Documents {
		e.add("required_document", Row{"id": derivedID("required_document", id, doc), "service_id": id, "document": doc})
	}
	if c := s.Capacity; c != nil {
		unit := derivedID("unit", c.Unit)
		e.add("unit", Row{"id": unit, "name": c.Unit})
		e.add("service_capacity", Row{"id": derivedID("service_capacity", id), "service_id": id, "unit_id": unit,
			"available": formatInt(c.Available), "maximum": formatInt(c.Total), "updated": formatTime(c.UpdatedAt)})
	}
	for _, sc := range s.Schedules {
		days := make([]string, len(sc.Days))
		for i, d := range sc.Days {
			days[i] = strings.ToUpper(d)
		}
		byday, opens, closes := strings.Join(days, ","), sc.Opens, sc.Closes
		if sc.AllDay {
			opens, closes = "00:00", "23:59"
		}
		e.add("schedule", Row{"id": derivedID("schedule", id, byday, opens, closes, sc.Note), "service_id": id,
			"freq": "WEEKLY", "byday": byday, "opens_at": opens, "closes_at": closes, "description": sc.Note})
	}
	if a := s.Area; a != nil {
		for _, code := range a.RegionCodes {
			e.add("service_area", Row{"id": derivedID("service_area", id, code), "service_id": id, "name": code, "uri": regionURN + code})
		}
		if a.RadiusKm != nil {
			km := strconv.FormatFloat(*a.RadiusKm, 'f', -1, 64)
			e.add("service_area", Row{"id": derivedID("service_area", id, "radius"), "service_id": id,
				"name": "Within " + km + " km of the provider's locations", "uri": radiusURN + km})
		}
	}
	at := locations
	if len(s.LocationIDs) > 0 {
		at = make([]string, len(s.LocationIDs))
		for i, l := range s.LocationIDs {
			at[i] = hsdsID("location", l)
		}
	}
	for _, loc := range at {
		e.add("service_at_location", Row{"id": derivedID("service_at_location", id, loc), "service_id": id, "location_id": loc})
	}
	for lang, t := range s.Translations {
		e.translation("service", id, lang, "description", t.Description)
		e.translation("service", id, lang, "application_process", t.NextStep)
	}
}

// Service areas Haven exports name a region or a radius by URN.
const (
	regionURN = "urn:haven:region:"
	radiusURN = "urn:haven:radius-km:"
)

func (e *exporter) serviceAttributes(id string, s mapping.Service) {
	svc := func(linkType, taxonomy, code, value string) { e.attr("service", id, linkType, taxonomy, code, value) }
	svc(linkServiceType, taxServices, s.Type, "")
	el := s.Eligibility
	for _, g := range el.Genders {
		svc(linkEligibility, taxEligibility, "gender."+g, "")
	}
	if el.LGBTQI {
		svc(linkEligibility, taxEligibility, "gender.lgbtqi_welcome", "")
	}
	for _, l := range el.LegalStatuses {
		svc(linkEligibility, taxEligibility, "legal_status."+l, "")
	}
	for _, f := range el.TraffickingForms {
		svc(linkEligibility, taxEligibility, "trafficking_form."+f, "")
	}
	if el.VictimStatus != "" {
		svc(linkEligibility, taxEligibility, "victim_status."+el.VictimStatus, "")
	}
	a := s.Access
	if a.WalkIn {
		svc(linkAccess, taxAccess, "walk_in", "")
	}
	if a.ReferralRequired {
		svc(linkAccess, taxAccess, "referral_required", "")
	}
	if s.Interpreting {
		svc(linkAccess, taxAccess, "interpretation", "")
	}
	if a.WhoCanRefer != "" {
		svc(linkAccess, taxAccess, "who_can_refer", a.WhoCanRefer)
	}
	if a.ResponseTime != "" {
		svc(linkAccess, taxAccess, "response_time", a.ResponseTime)
	}
	svc(linkCost, taxCost, s.Cost.Kind, "")
}

func (e *exporter) channel(org string, c mapping.Channel) {
	id := hsdsID("channel", c.ID)
	loc := ""
	if c.LocationID != "" {
		loc = hsdsID("location", c.LocationID)
	}
	entity := "phone"
	switch c.Kind {
	case "email":
		entity = "contact"
		e.add("contact", Row{"id": id, "organization_id": org, "location_id": loc, "name": c.Label, "email": c.Value})
	case "website", "facebook":
		entity = "url"
		e.add("url", Row{"id": id, "organization_id": org, "location_id": loc, "label": c.Label, "url": c.Value})
	default:
		e.add("phone", Row{"id": id, "organization_id": org, "location_id": loc, "number": c.Value,
			"type": phoneTypes[c.Kind], "description": c.Label})
	}
	e.attr(entity, id, linkChannel, taxChannel, c.Kind, "")
	e.attr(entity, id, linkConfidentiality, taxTier, string(c.Tier), "")
	if c.Hours != "" {
		e.attr(entity, id, linkChannel, taxChannel, "hours", c.Hours)
	}
}

// phoneTypes are the RFC 6350 types HSDS suggests, by channel kind.
var phoneTypes = map[string]string{"phone": "voice", "hotline": "voice", "whatsapp": "text", "line": "text",
	"viber": "text", "telegram": "text"}

// describeEligibility says in words what the eligibility attributes say,
// for service.eligibility_description. An import recognises it and keeps
// only the attributes.
func describeEligibility(el mapping.Eligibility) string {
	names := func(prefix string, values, vocab []string) string {
		values = vocabOrder(values, vocab)
		out := make([]string, len(values))
		for i, v := range values {
			out[i] = label(v)
		}
		return prefix + strings.Join(out, ", ")
	}
	var parts []string
	if len(el.Genders) > 0 {
		parts = append(parts, names("", el.Genders, mapping.Genders))
	} else {
		parts = append(parts, "Any gender")
	}
	if el.LGBTQI {
		parts = append(parts, label("lgbtqi_welcome"))
	}
	switch {
	case el.MinAge != nil && el.MaxAge != nil:
		parts = append(parts, fmt.Sprintf("ages %d to %d", *el.MinAge, *el.MaxAge))
	case el.MinAge != nil:
		parts = append(parts, fmt.Sprintf("ages %d and over", *el.MinAge))
	case el.MaxAge != nil:
		parts = append(parts, fmt.Sprintf("ages up to %d", *el.MaxAge))
	}
	if len(el.LegalStatuses) > 0 {
		parts = append(parts, names("legal status: ", el.LegalStatuses, mapping.LegalStatuses))
	}
	if len(el.TraffickingForms) > 0 {
		parts = append(parts, names("forms of trafficking: ", el.TraffickingForms, mapping.TraffickingForms))
	}
	if el.VictimStatus != "" {
		parts = append(parts, strings.ToLower(label(el.VictimStatus)[:1])+label(el.VictimStatus)[1:])
	}
	return strings.Join(parts, "; ") + "."
}

// vocabOrder sorts values in the order of their vocabulary, so that the same
// set always reads the same.
func vocabOrder(values, vocab []string) []string {
	out := slices.Clone(values)
	slices.SortStableFunc(out, func(a, b string) int { return slices.Index(vocab, a) - slices.Index(vocab, b) })
	return out
}

func formatFloat(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func formatInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// timeLayout is RFC 3339 with milliseconds, as HSDS last_modified wants.
const timeLayout = "2006-01-02T15:04:05.000Z07:00"

func formatTime(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}
