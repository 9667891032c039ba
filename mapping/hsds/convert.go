package hsds

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven/mapping"
)

// converter turns a checked dataset into Haven providers: an organization
// with its services, their locations and every way to reach it becomes one
// provider (profile §4).
type converter struct {
	d      *dataset
	ps     *problems
	cls    *classifier
	source string // provenance reference
	today  time.Time
	// country is the ISO code for organizations whose data names none.
	country string

	owner map[string]string      // location id → the organization it belongs to
	reach map[string][]reachedBy // organization id → its phones, contacts and urls
}

// reachedBy is a phone, contact or url row.
type reachedBy struct {
	entity string
	row    Row
}

// convertOne is the outcome for one organization.
type convertOne struct {
	org      string // HSDS id
	provider mapping.Provider
}

func (c *converter) run() []convertOne {
	c.owners()
	c.reach = map[string][]reachedBy{}
	for _, entity := range []string{"phone", "contact", "url"} {
		for _, r := range c.d.table(entity).rows {
			if org := c.ownerOf(r); org != "" {
				c.reach[org] = append(c.reach[org], reachedBy{entity, r})
			} else {
				c.ps.at(c.d, entity, r["id"], "", "belongs to no organization, service or location in the data; the %s is not imported", entity)
			}
		}
	}
	var out []convertOne
	for _, org := range c.d.table("organization").rows {
		if p, ok := c.provider(org); ok {
			out = append(out, convertOne{org: org["id"], provider: p})
		}
	}
	for _, s := range c.d.table("service").rows {
		if s["organization_id"] == "" {
			c.ps.at(c.d, "service", s["id"], "organization_id", "belongs to no organization in the data; the service is not imported")
		}
	}
	for _, l := range c.d.table("location").rows {
		if c.owner[l["id"]] == "" {
			c.ps.at(c.d, "location", l["id"], "organization_id", "belongs to no organization and offers no service; the location is not imported")
		}
	}
	return out
}

// owners gives each location an organization: its own organization_id, or
// else the organization of the first service offered there.
func (c *converter) owners() {
	c.owner = map[string]string{}
	for _, l := range c.d.table("location").rows {
		c.owner[l["id"]] = l["organization_id"]
	}
	for _, sal := range c.d.table("service_at_location").rows {
		svc, _ := c.d.table("service").get(sal["service_id"])
		if c.owner[sal["location_id"]] == "" && svc["organization_id"] != "" {
			c.owner[sal["location_id"]] = svc["organization_id"]
		}
	}
}

// havenID is an HSDS id as a Haven ID: Haven stores at most 36 characters.
func havenID(id string) string {
	if len(id) <= 36 {
		return id
	}
	return derivedID("import", id)
}

// terms returns the taxonomy terms a record's attributes point to.
func (c *converter) terms(entity, id string) []termRef {
	var out []termRef
	attrs := c.d.table("attribute")
	for _, a := range c.d.attributesOf(entity, id) {
		t, ok := c.d.table("taxonomy_term").get(a["taxonomy_term_id"])
		if !ok {
			continue
		}
		tax := t["taxonomy"]
		if x, ok := c.d.table("taxonomy").get(t["taxonomy_id"]); ok {
			tax = x["name"]
		}
		out = append(out, termRef{id: t["id"], code: t["code"], name: t["name"], taxonomy: tax, value: a["value"],
			file: attrs.originOf(a["id"]).file})
	}
	return out
}

// profile returns the terms of one of Haven's taxonomies, in order.
func profileTerms(terms []termRef, taxonomy string) []termRef {
	var out []termRef
	for _, t := range terms {
		if t.taxonomy == taxonomy {
			out = append(out, t)
		}
	}
	return out
}

func firstCode(terms []termRef, taxonomy string) string {
	if ts := profileTerms(terms, taxonomy); len(ts) > 0 {
		return ts[0].code
	}
	return ""
}

func (c *converter) provider(org Row) (mapping.Provider, bool) {
	id := org["id"]
	terms := c.terms("organization", id)
	p := mapping.Provider{ID: havenID(id), Name: org["name"], Description: org["description"], Website: org["website"],
		Email: org["email"], OrgType: firstCode(terms, taxOrgType), Provenance: mapping.Provenance{Kind: "import", Ref: c.source},
		Verification: mapping.Verification{Status: firstCode(terms, taxVerification)}, Country: firstCode(terms, taxCountry)}
	p.Translations = c.providerTranslations(id)

	services := c.d.table("service").where("organization_id", id)
	locations := c.locationsOf(id, services)
	locIDs := map[string]string{} // HSDS location id → Haven ID in this provider
	for _, l := range locations {
		if l["location_type"] == "virtual" {
			c.ps.at(c.d, "location", l["id"], "location_type", "is virtual: Haven locations are places; its url is kept as a website")
			continue
		}
		hid := havenID(l["id"])
		if c.owner[l["id"]] != id {
			hid = derivedID("location", id, l["id"]) // another organization's place: this provider gets its own copy
		}
		locIDs[l["id"]] = hid
		p.Locations = append(p.Locations, c.location(l, hid))
	}
	if p.Country == "" {
		p.Country = c.countryOf(p.Locations)
	}
	if p.Country == "" {
		c.ps.at(c.d, "organization", id, "", "has no country: no Haven country attribute, no address country; give one with --country (or the country form field); not imported")
		return p, false
	}
	p.Status = c.services(&p, services, locIDs)
	c.verification(&p, services)
	p.Channels = c.channels(id, services, locIDs, org)
	for _, l := range locations {
		if l["location_type"] == "virtual" && l["url"] != "" {
			p.Channels = appendChannel(p.Channels, mapping.Channel{ID: derivedID("channel", l["id"]), Kind: "website", Value: l["url"], Label: l["name"]})
		}
	}
	return p, true
}

// locationsOf returns the locations of an organization: its own, and those
// where its services are offered.
func (c *converter) locationsOf(org string, services []Row) []Row {
	var out []Row
	seen := map[string]bool{}
	add := func(l Row) {
		if !seen[l["id"]] {
			seen[l["id"]] = true
			out = append(out, l)
		}
	}
	for _, l := range c.d.table("location").where("organization_id", org) {
		add(l)
	}
	for _, s := range services {
		for _, sal := range c.d.table("service_at_location").where("service_id", s["id"]) {
			if l, ok := c.d.table("location").get(sal["location_id"]); ok {
				add(l)
			}
		}
	}
	return out
}

func (c *converter) countryOf(locs []mapping.Location) string {
	count := map[string]int{}
	best := ""
	for _, l := range locs {
		if l.Address == nil || l.Address.Country == "" {
			continue
		}
		cc := strings.ToUpper(l.Address.Country)
		count[cc]++
		if count[cc] > count[best] || (count[cc] == count[best] && cc < best) {
			best = cc
		}
	}
	if best == "" {
		return c.country
	}
	return best
}

func (c *converter) location(l Row, id string) mapping.Location {
	terms := c.terms("location", l["id"])
	loc := mapping.Location{ID: id, Name: firstNonEmpty(l["name"], l["alternate_name"]), Tier: mapping.Tier(firstCode(terms, taxTier))}
	if lat, err := strconv.ParseFloat(l["latitude"], 64); err == nil {
		if lon, err := strconv.ParseFloat(l["longitude"], 64); err == nil {
			loc.Latitude, loc.Longitude = &lat, &lon
		}
	}
	if regions := profileTerms(terms, taxRegion); len(regions) > 0 && loc.Latitude == nil {
		c.ps.at(c.d, "location", l["id"], "attributes", "admin region %s is not kept: Haven finds regions from coordinates, and this location has none", regions[0].code)
	}
	addrs := c.d.table("address").where("location_id", l["id"])
	slices.SortStableFunc(addrs, func(a, b Row) int { return addressRank(a) - addressRank(b) })
	if len(addrs) > 0 {
		a := addrs[0]
		loc.Address = &mapping.Address{Line1: a["address_1"], Line2: a["address_2"], City: a["city"],
			Province: firstNonEmpty(a["state_province"], a["region"]), PostalCode: a["postal_code"], Country: strings.ToUpper(a["country"])}
	}
	var access []string
	for _, a := range c.d.table("accessibility").where("location_id", l["id"]) {
		access = append(access, joinNonEmpty(": ", a["description"], a["details"]))
	}
	loc.Accessibility = strings.Join(access, "; ")
	return loc
}

// addressRank puts physical addresses first, then postal ones.
func addressRank(a Row) int {
	switch a["address_type"] {
	case "physical":
		return 0
	case "postal":
		return 1
	}
	return 2
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func joinNonEmpty(sep string, values ...string) string {
	var out []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, sep)
}

func (c *converter) providerTranslations(id string) map[string]mapping.ProviderText {
	var out map[string]mapping.ProviderText
	for _, t := range c.translations("organization", id) {
		if out == nil {
			out = map[string]mapping.ProviderText{}
		}
		tr := out[t["language"]]
		switch t["field"] {
		case "name":
			tr.Name = t["value"]
		case "description":
			tr.Description = t["value"]
		}
		out[t["language"]] = tr
	}
	return out
}

func (c *converter) translations(entity, id string) []Row {
	var out []Row
	for _, t := range c.d.table("haven_translation").where("link_id", id) {
		if t["link_entity"] == entity && t["language"] != "" {
			out = append(out, t)
		}
	}
	return out
}

// verification takes the latest assured_date of the services, and the
// status from Haven's attribute, else "verified" when there is a date.
func (c *converter) verification(p *mapping.Provider, services []Row) {
	var latest time.Time
	for _, s := range services {
		if d, err := time.Parse(time.DateOnly, s["assured_date"]); err == nil && d.After(latest) {
			latest = d
			p.Verification.VerifiedBy = s["assurer_email"]
		}
		if t, ok := parseDateTime(s["last_modified"]); ok && t.After(p.UpdatedAt) {
			p.UpdatedAt = t.UTC()
		}
	}
	if !latest.IsZero() {
		p.Verification.VerifiedAt = &latest
		if p.Verification.Status == "" {
			p.Verification.Status = "verified"
		}
	}
}

// channels gathers every phone, e-mail contact and web address that
// belongs to the organization.
func (c *converter) channels(org string, services []Row, locIDs map[string]string, orgRow Row) []mapping.Channel {
	var out []mapping.Channel
	for _, r := range c.reach[org] {
		switch r.entity {
		case "phone":
			ch := c.channel("phone", r.row, "phone", r.row["number"], r.row["description"], locIDs)
			if ext := r.row["extension"]; ext != "" {
				ch.Value += " ext. " + ext
			}
			out = appendChannel(out, ch)
		case "contact":
			if ct := r.row; ct["email"] != "" {
				out = appendChannel(out, c.channel("contact", ct, "email", ct["email"], joinNonEmpty(", ", ct["name"], ct["title"], ct["department"]), locIDs))
			}
		case "url":
			out = appendChannel(out, c.channel("url", r.row, "website", r.row["url"], r.row["label"], locIDs))
		}
	}
	for _, s := range services {
		if s["url"] != "" && s["url"] != orgRow["website"] {
			out = appendChannel(out, mapping.Channel{ID: derivedID("channel", s["id"], "url"), Kind: "website", Value: s["url"], Label: s["name"]})
		}
		if s["email"] != "" && s["email"] != orgRow["email"] {
			out = appendChannel(out, mapping.Channel{ID: derivedID("channel", s["id"], "email"), Kind: "email", Value: s["email"], Label: s["name"]})
		}
	}
	return out
}

// appendChannel adds a channel unless one of the same kind and value is there.
func appendChannel(list []mapping.Channel, ch mapping.Channel) []mapping.Channel {
	for _, have := range list {
		if have.Kind == ch.Kind && have.Value == ch.Value && have.LocationID == ch.LocationID {
			return list
		}
	}
	return append(list, ch)
}

func (c *converter) channel(entity string, r Row, kind, value, label string, locIDs map[string]string) mapping.Channel {
	terms := c.terms(entity, r["id"])
	if r["type"] == "fax" {
		kind, label = "other", joinNonEmpty(" ", label, "(fax)")
	}
	ch := mapping.Channel{ID: havenID(r["id"]), Kind: kind, Value: value, Label: label,
		Tier: mapping.Tier(firstCode(terms, taxTier)), LocationID: locIDs[r["location_id"]]}
	for _, t := range profileTerms(terms, taxChannel) {
		if t.code == "hours" {
			ch.Hours = t.value
		} else {
			ch.Kind = t.code
		}
	}
	return ch
}

// ownerOf finds the organization a phone, contact or url belongs to: its
// own organization_id, else that of its service, service at a location,
// location or contact.
func (c *converter) ownerOf(r Row) string {
	if r["organization_id"] != "" {
		return r["organization_id"]
	}
	if s, ok := c.d.table("service").get(r["service_id"]); ok && s["organization_id"] != "" {
		return s["organization_id"]
	}
	if sal, ok := c.d.table("service_at_location").get(r["service_at_location_id"]); ok {
		if s, ok := c.d.table("service").get(sal["service_id"]); ok && s["organization_id"] != "" {
			return s["organization_id"]
		}
	}
	if o := c.owner[r["location_id"]]; o != "" {
		return o
	}
	if ct, ok := c.d.table("contact").get(r["contact_id"]); ok && r["contact_id"] != r["id"] {
		return c.ownerOf(ct)
	}
	return ""
}

func (c *converter) problemf(table, id, field, format string, args ...any) {
	c.ps.at(c.d, table, id, field, format, args...)
}
