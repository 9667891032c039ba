package hsds

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven/mapping"
)

// services adds the organization's services to p and returns p's status:
// Haven has one status per provider, so when some services are active only
// those are imported.
func (c *converter) services(p *mapping.Provider, services []Row, locIDs map[string]string) string {
	status := "active"
	if len(services) > 0 && !slices.ContainsFunc(services, func(s Row) bool { return s["status"] == "active" }) {
		status = services[0]["status"]
	}
	all := make([]string, 0, len(p.Locations))
	for _, l := range p.Locations {
		all = append(all, l.ID)
	}
	for _, s := range services {
		if s["status"] != status {
			c.problemf("service", s["id"], "status", "is %s while other services of the organization are %s; Haven keeps one status per organization, so this service is not imported", s["status"], status)
			continue
		}
		terms := c.terms("service", s["id"])
		codes, unmatched := c.cls.classify(classificationTerms(terms))
		for _, t := range unmatched {
			c.ps.add(Problem{File: t.file, Object: "service", ID: s["id"], Field: "attributes",
				Message: fmt.Sprintf("taxonomy term %s (code %s, taxonomy %s) matches no Haven service type; map it in a taxonomy map file", quote(t.name), quote(t.code), quote(t.taxonomy))})
		}
		if len(codes) == 0 {
			c.problemf("service", s["id"], "attributes", "has no taxonomy term that matches a Haven service type; the service is not imported")
			continue
		}
		base := c.service(s, terms, codes[0], locIDs, all)
		for i, code := range codes {
			svc := base
			svc.Type = code
			if i > 0 {
				svc.ID = derivedID("service", s["id"], code)
			}
			p.Services = append(p.Services, svc)
		}
	}
	return status
}

func (c *converter) service(s Row, terms []termRef, code string, locIDs map[string]string, all []string) mapping.Service {
	svc := mapping.Service{ID: havenID(s["id"]), Languages: []string{}}
	svc.Eligibility = eligibilityOf(s, terms)
	access := profileTerms(terms, taxAccess)
	haven := len(profileTerms(terms, taxServices)) > 0 // exported by Haven: attributes say everything
	hasAccess := func(code string) (string, bool) {
		for _, t := range access {
			if t.code == code {
				return t.value, true
			}
		}
		return "", false
	}
	_, svc.Access.WalkIn = hasAccess("walk_in")
	_, svc.Access.ReferralRequired = hasAccess("referral_required")
	svc.Access.WhoCanRefer, _ = hasAccess("who_can_refer")
	svc.Access.ResponseTime, _ = hasAccess("response_time")
	if svc.Access.ResponseTime == "" {
		svc.Access.ResponseTime = s["wait_time"]
	}
	svc.Access.NextStep = s["application_process"]
	if haven {
		_, svc.Interpreting = hasAccess("interpretation")
	} else {
		svc.Interpreting = interpretationOffered(s["interpretation_services"])
	}
	svc.Description = c.serviceDescription(s, svc.Eligibility, code)
	svc.Cost = c.cost(s, terms)
	for _, d := range c.d.table("required_document").where("service_id", s["id"]) {
		if doc := firstNonEmpty(d["document"], d["uri"]); doc != "" && !slices.Contains(svc.Access.Documents, doc) {
			svc.Access.Documents = append(svc.Access.Documents, doc)
		}
	}
	for _, l := range c.d.table("language").where("service_id", s["id"]) {
		if l["code"] != "" && !slices.Contains(svc.Languages, l["code"]) {
			svc.Languages = append(svc.Languages, l["code"])
		}
	}
	svc.Capacity = c.capacity(s)
	svc.Schedules = c.schedules(s)
	svc.Area = c.area(s)
	svc.Translations = c.serviceTranslations(s["id"])
	var at []string
	for _, sal := range c.d.table("service_at_location").where("service_id", s["id"]) {
		if id, ok := locIDs[sal["location_id"]]; ok && !slices.Contains(at, id) {
			at = append(at, id)
		}
	}
	if len(at) != len(all) || !sameSet(at, all) {
		svc.LocationIDs = at
	}
	return svc
}

// classificationTerms are a service's terms that may say what kind of help
// it is: Haven's service types and any foreign term, not the other
// taxonomies of Haven's profile.
func classificationTerms(terms []termRef) []termRef {
	var out []termRef
	for _, t := range terms {
		if _, profile := vocabularyNamed(t.taxonomy); !profile || t.taxonomy == taxServices {
			out = append(out, t)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return len(a) == len(b)
}

var negative = regexp.MustCompile(`(?i)^\s*(no|none|not available|n/?a)\b`)

func interpretationOffered(text string) bool {
	return strings.TrimSpace(text) != "" && !negative.MatchString(text)
}

// serviceDescription keeps what Haven has no field for in the description:
// the service's own name (Haven names a service by its type), the
// eligibility in words and an alert. Text Haven wrote itself is left out.
func (c *converter) serviceDescription(s Row, el mapping.Eligibility, code string) string {
	var parts []string
	if name := strings.TrimSpace(s["name"]); name != "" && !strings.EqualFold(name, c.cls.terms[code].Name) {
		parts = append(parts, name)
	}
	parts = append(parts, strings.TrimSpace(s["description"]))
	if e := strings.TrimSpace(s["eligibility_description"]); e != "" && e != describeEligibility(el) {
		parts = append(parts, "Eligibility: "+e)
	}
	if a := strings.TrimSpace(s["alert"]); a != "" {
		parts = append(parts, "Alert: "+a)
	}
	return joinNonEmpty("\n\n", parts...)
}

func eligibilityOf(s Row, terms []termRef) mapping.Eligibility {
	var el mapping.Eligibility
	for _, t := range profileTerms(terms, taxEligibility) {
		dim, value, _ := strings.Cut(t.code, ".")
		switch {
		case dim == "gender" && value == "lgbtqi_welcome":
			el.LGBTQI = true
		case dim == "gender" && value != "":
			el.Genders = append(el.Genders, value)
		case dim == "legal_status" && value != "":
			el.LegalStatuses = append(el.LegalStatuses, value)
		case dim == "trafficking_form" && value != "":
			el.TraffickingForms = append(el.TraffickingForms, value)
		case dim == "victim_status" && value != "":
			el.VictimStatus = value
		}
	}
	el.Genders = vocabOrder(el.Genders, mapping.Genders)
	el.LegalStatuses = vocabOrder(el.LegalStatuses, mapping.LegalStatuses)
	el.TraffickingForms = vocabOrder(el.TraffickingForms, mapping.TraffickingForms)
	el.MinAge, el.MaxAge = age(s["minimum_age"]), age(s["maximum_age"])
	return el
}

func age(s string) *int {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil
	}
	n := int(math.Floor(f))
	return &n
}

// cost reads Haven's cost attribute, or else infers the kind from the cost
// options' amounts and keeps their text in the note.
func (c *converter) cost(s Row, terms []termRef) mapping.Cost {
	cost := mapping.Cost{Kind: firstCode(terms, taxCost), Note: firstNonEmpty(s["fees_description"], s["fees"])}
	if cost.Kind != "" {
		return cost
	}
	options := c.d.table("cost_option").where("service_id", s["id"])
	paid, free := false, false
	var lines []string
	for _, o := range options {
		amount, err := strconv.ParseFloat(o["amount"], 64)
		switch {
		case err == nil && amount > 0:
			paid = true
		case err == nil:
			free = true
		}
		lines = append(lines, joinNonEmpty(" ", o["option"]+":", o["amount"], o["currency"], o["amount_description"]))
	}
	switch {
	case paid && free:
		cost.Kind = "conditions"
	case paid:
		cost.Kind = "fee"
	case free:
		cost.Kind = "free"
	case cost.Note != "":
		cost.Kind = "conditions"
	}
	if len(lines) > 0 {
		cost.Note = joinNonEmpty("\n", cost.Note, strings.Join(lines, "\n"))
	}
	return cost
}

func (c *converter) capacity(s Row) *mapping.Capacity {
	caps := c.d.table("service_capacity").where("service_id", s["id"])
	if len(caps) == 0 {
		return nil
	}
	for _, extra := range caps[1:] {
		c.problemf("service_capacity", extra["id"], "", "Haven keeps one capacity per service; this one is not imported")
	}
	r := caps[0]
	unit, _ := c.d.table("unit").get(r["unit_id"])
	capacity := &mapping.Capacity{Unit: unit["name"], Total: age(r["maximum"]), Available: age(r["available"])}
	if t, ok := parseDateTime(r["updated"]); ok {
		t = t.UTC()
		capacity.UpdatedAt = &t
	}
	return capacity
}

// schedules reads the weekly schedules of a service and of its services at
// locations; other rules cannot be kept.
func (c *converter) schedules(s Row) []mapping.Schedule {
	rows := c.d.table("schedule").where("service_id", s["id"])
	for _, sal := range c.d.table("service_at_location").where("service_id", s["id"]) {
		for _, r := range c.d.table("schedule").where("service_at_location_id", sal["id"]) {
			if !slices.ContainsFunc(rows, func(x Row) bool { return x["id"] == r["id"] }) {
				rows = append(rows, r)
			}
		}
	}
	var out []mapping.Schedule
	for _, r := range rows {
		if sc, ok := c.schedule(r); ok {
			out = append(out, sc)
		}
	}
	return out
}

func (c *converter) schedule(r Row) (mapping.Schedule, bool) {
	skip := func(why string) (mapping.Schedule, bool) {
		c.problemf("schedule", r["id"], "", "%s; the schedule is not imported", why)
		return mapping.Schedule{}, false
	}
	if to, err := time.Parse(time.DateOnly, r["valid_to"]); err == nil && to.Before(c.today.Truncate(24*time.Hour)) {
		return skip("its validity ended on " + r["valid_to"])
	}
	if r["freq"] != "" && r["freq"] != "WEEKLY" {
		return skip("Haven keeps weekly schedules only, not freq " + r["freq"])
	}
	sc := mapping.Schedule{Note: joinNonEmpty(" ", r["description"], r["notes"])}
	for _, d := range splitList(r["byday"]) {
		if day, ordinal, ok := parseByDay(d); ok && ordinal == "" && !slices.Contains(sc.Days, strings.ToLower(day)) {
			sc.Days = append(sc.Days, strings.ToLower(day))
		}
	}
	if len(sc.Days) == 0 {
		return skip("it names no weekday (byday)")
	}
	opens, okOpen := parseClock(r["opens_at"])
	closes, okClose := parseClock(r["closes_at"])
	if closes == "24:00" {
		closes = "23:59" // Haven's day ends at 23:59
	}
	switch {
	case opens == "24:00":
		return skip("it opens at 24:00")
	case okOpen && okClose && opens == "00:00" && closes == "23:59":
		sc.AllDay = true
	case okOpen && okClose:
		sc.Opens, sc.Closes = opens, closes
	default:
		return skip("it has no opening hours (opens_at, closes_at)")
	}
	return sc, true
}

// area reads service areas Haven wrote (a region or a radius, by URN);
// others have no place in Haven.
func (c *converter) area(s Row) *mapping.ServiceArea {
	var a mapping.ServiceArea
	for _, r := range c.d.table("service_area").where("service_id", s["id"]) {
		switch {
		case strings.HasPrefix(r["uri"], regionURN):
			a.RegionCodes = append(a.RegionCodes, strings.TrimPrefix(r["uri"], regionURN))
		case strings.HasPrefix(r["uri"], radiusURN):
			if km, err := strconv.ParseFloat(strings.TrimPrefix(r["uri"], radiusURN), 64); err == nil {
				a.RadiusKm = &km
			}
		default:
			c.problemf("service_area", r["id"], "", "is not kept: Haven's service areas are region codes (urn:haven:region:…) or a radius")
		}
	}
	if a.RegionCodes == nil && a.RadiusKm == nil {
		return nil
	}
	return &a
}

func (c *converter) serviceTranslations(id string) map[string]mapping.ServiceText {
	var out map[string]mapping.ServiceText
	for _, t := range c.translations("service", id) {
		if out == nil {
			out = map[string]mapping.ServiceText{}
		}
		tr := out[t["language"]]
		switch t["field"] {
		case "description":
			tr.Description = t["value"]
		case "application_process":
			tr.NextStep = t["value"]
		}
		out[t["language"]] = tr
	}
	return out
}
