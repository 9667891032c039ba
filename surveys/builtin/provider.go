package builtin

import (
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping"
)

// Answers are the answers of one submission of the provider-mapping survey,
// by question name (groups do not nest them: names are unique in the form).
// Values are strings as ODK stores them: select_multiple answers separated
// by spaces, geopoints as "lat lon alt acc", dates as ISO 8601. The services
// repeat is a []map[string]any (or []any of maps, as JSON decodes it) under
// "services", one map of answers per entry. Numbers and booleans are read
// too, as the web form may send them.
type Answers = map[string]any

// FieldProblem is an answer ToProvider could not use.
type FieldProblem struct {
	// Field is the name of the question.
	Field string `json:"field"`
	// Service is the entry of the services repeat the question is in,
	// counting from 1; 0 for questions outside it.
	Service int    `json:"service,omitempty"`
	Value   string `json:"value,omitempty"` // the answer as given
	Message string `json:"message"`
}

// Path names the answer as surveys.Definition.CheckAnswers names its
// problems: min_age, or services[1].min_age for the second service (from 0).
func (p FieldProblem) Path() string {
	if p.Service > 0 {
		return fmt.Sprintf("services[%d].%s", p.Service-1, p.Field)
	}
	return p.Field
}

func (p FieldProblem) String() string {
	where := p.Field
	if p.Service > 0 {
		where = fmt.Sprintf("%s (service %d)", p.Field, p.Service)
	}
	return where + ": " + p.Message
}

// ToProvider turns the answers of a provider-mapping submission into a
// directory entry, as an editor accepting it would create or merge it. The
// entry has no IDs: the directory gives them when it is written, and
// checks it against the taxonomy and its other rules then.
//
// The place's tier applies to the location and, unless the office phone
// has its own, to the office phone; the hotline and online channels are
// public. A place without a valid tier is kept hidden, with a problem, so
// that a mistake never publishes a secret address. Hours "24/7" become one
// all-day schedule for every day, "weekdays" mo-fr 08:00-17:00 unless
// hours_text says otherwise. When the submitter ticked that they checked
// the entry with the provider, it is verified at at by submittedBy.
//
// Every answer that cannot be used is left out of the entry and reported
// as a FieldProblem naming its question. The error is for answers that are
// not shaped like a submission (a services repeat that is not a list of
// answer maps): a haven.KindInvalid error.
func ToProvider(a Answers, submittedBy string, at time.Time) (mapping.Provider, []FieldProblem, error) {
	problems := []FieldProblem{}
	r := reader{a: a, problems: &problems}
	p := mapping.Provider{
		Name:        r.required("org_name"),
		OrgType:     r.oneOf("org_type", mapping.OrgTypes),
		Country:     r.country("country"),
		Status:      r.status("org_status"),
		Description: r.text("description"),
		Website:     r.website("website"),
		Email:       r.email("email"),
		Locations:   []mapping.Location{},
		Services:    []mapping.Service{},
		Channels:    []mapping.Channel{},
		Provenance:  mapping.Provenance{Kind: "survey", Ref: instanceID(a)},
	}
	p.Translations = r.translations()

	tier := mapping.Tier("")
	if loc, ok := r.location(p.Country); ok {
		p.Locations = append(p.Locations, loc)
		tier = loc.Tier
	}

	entries, err := repeat(a["services"])
	if err != nil {
		return p, problems, err
	}
	for i, e := range entries {
		sr := reader{a: e, entry: i + 1, problems: &problems}
		p.Services = append(p.Services, sr.service(at))
	}

	p.Channels = r.channels(tier)

	p.Verification = mapping.Verification{Status: "unverified"}
	if r.yesNo("verified_today") {
		p.Verification = mapping.Verification{Status: "verified", VerifiedAt: &at, VerifiedBy: submittedBy}
	}
	return p, problems, nil
}

// repeat reads the entries of a repeat: a slice of maps of answers, of
// whatever named types the caller uses (surveys keeps its own).
func repeat(v any) ([]Answers, error) {
	if v == nil {
		return nil, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return nil, haven.Errorf(haven.KindInvalid, "services: want a list of maps of answers, one per service, not a %T", v)
	}
	out := make([]Answers, rv.Len())
	for i := range out {
		m, ok := asMap(rv.Index(i).Interface())
		if !ok {
			return nil, haven.Errorf(haven.KindInvalid, "services: entry %d is a %T, not a map of answers", i+1, rv.Index(i).Interface())
		}
		out[i] = m
	}
	return out, nil
}

// asMap returns v as answers when it is a map with string keys.
func asMap(v any) (Answers, bool) {
	if m, ok := v.(map[string]any); ok {
		return m, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	m := make(Answers, rv.Len())
	for it := rv.MapRange(); it.Next(); {
		m[it.Key().String()] = it.Value().Interface()
	}
	return m, true
}

func instanceID(a Answers) string {
	if s, ok := a["instanceID"].(string); ok {
		return s
	}
	if meta, ok := asMap(a["meta"]); ok {
		if s, ok := meta["instanceID"].(string); ok {
			return s
		}
	}
	return ""
}

// reader reads the answers of the form or of one services entry, and
// records what it cannot use.
type reader struct {
	a        Answers
	entry    int // 1-based entry of the services repeat; 0 outside it
	problems *[]FieldProblem
}

func (r reader) problem(field, value, format string, args ...any) {
	*r.problems = append(*r.problems, FieldProblem{Field: field, Service: r.entry, Value: value, Message: fmt.Sprintf(format, args...)})
}

// text returns an answer as trimmed text; "" when there is none.
func (r reader) text(name string) string {
	switch v := r.a[name].(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []string:
		return strings.Join(v, " ")
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				r.problem(name, fmt.Sprint(v), "is not a list of choices")
				return ""
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, " ")
	default:
		r.problem(name, fmt.Sprint(v), "is a %T, not an answer", v)
		return ""
	}
}

func (r reader) required(name string) string {
	s := r.text(name)
	if s == "" {
		r.problem(name, "", "is required")
	}
	return s
}

// oneOf reads a select_one answer from a fixed vocabulary.
func (r reader) oneOf(name string, allowed []string) string {
	s := r.text(name)
	if s == "" || slices.Contains(allowed, s) {
		return s
	}
	r.problem(name, s, "%q is not one of: %s", s, strings.Join(allowed, ", "))
	return ""
}

// list reads a select_multiple answer from a fixed vocabulary. The result
// is never nil, as the directory stores empty lists.
func (r reader) list(name string, allowed []string) []string {
	out := []string{}
	for _, s := range strings.Fields(r.text(name)) {
		switch {
		case slices.Contains(out, s):
		case slices.Contains(allowed, s):
			out = append(out, s)
		default:
			r.problem(name, s, "%q is not one of: %s", s, strings.Join(allowed, ", "))
		}
	}
	return out
}

func (r reader) yesNo(name string) bool {
	s := strings.ToLower(r.text(name))
	switch s {
	case answerYes, "true", "1":
		return true
	case answerNo, "false", "0", "":
		return false
	}
	r.problem(name, s, "must be yes or no")
	return false
}

// number reads an integer or decimal answer within [lo, hi].
func (r reader) number(name string, whole bool, lo, hi float64) (float64, bool) {
	s := r.text(name)
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		if whole {
			r.problem(name, s, "must be a whole number")
		} else {
			r.problem(name, s, "must be a number")
		}
	case whole && f != math.Trunc(f):
		r.problem(name, s, "must be a whole number")
	case f < lo || f > hi:
		r.problem(name, s, "must be from %s to %s", strconv.FormatFloat(lo, 'f', -1, 64), strconv.FormatFloat(hi, 'f', -1, 64))
	default:
		return f, true
	}
	return 0, false
}

func (r reader) integer(name string, lo, hi int) *int {
	f, ok := r.number(name, true, float64(lo), float64(hi))
	if !ok {
		return nil
	}
	n := int(f)
	return &n
}

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

// country reads an ISO 3166-1 alpha-2 code. The form offers the ASEAN
// members; an adapted form may offer others, which the directory checks.
func (r reader) country(name string) string {
	s := strings.ToUpper(r.required(name))
	if s == "" || countryCode.MatchString(s) {
		return s
	}
	r.problem(name, s, "%q is not a two-letter country code such as TH", s)
	return ""
}

func (r reader) status(name string) string {
	s := r.oneOf(name, append(slices.Clone(mapping.ProviderStatuses), statusTempClosed))
	if s == statusTempClosed {
		return "temporarily closed"
	}
	return s
}

var (
	website     = regexp.MustCompile(websitePattern)
	email       = regexp.MustCompile(emailPattern)
	postalCode  = regexp.MustCompile(`^[0-9A-Za-z -]{3,10}$`)
	phoneNumber = regexp.MustCompile(phonePattern)
	termCode    = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
	isoLanguage = regexp.MustCompile(`^[a-z]{2,3}$`)
)

// website reads a web address; one written without http:// gets https://.
func (r reader) website(name string) string {
	s := r.text(name)
	if s == "" {
		return ""
	}
	u := s
	if !strings.Contains(u, "://") {
		u = "https://" + u
	}
	parsed, err := url.Parse(u)
	if err != nil || !website.MatchString(s) || (parsed.Scheme != "http" && parsed.Scheme != "https") || !strings.Contains(parsed.Host, ".") {
		r.problem(name, s, "is not a web address such as https://example.org")
		return ""
	}
	return u
}

func (r reader) email(name string) string {
	s := r.text(name)
	if s == "" {
		return ""
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || !email.MatchString(s) {
		r.problem(name, s, "is not an e-mail address")
		return ""
	}
	return s
}

// phone reads a phone number, turning Thai and Myanmar digits into ASCII
// ones so that every phone can dial it.
func (r reader) phone(name string) string {
	s := r.text(name)
	if s == "" {
		return ""
	}
	if !phoneNumber.MatchString(s) {
		r.problem(name, s, "is not a phone number: use only digits, spaces and + ( ) -")
		return ""
	}
	return strings.Map(func(c rune) rune {
		switch {
		case c >= '๐' && c <= '๙':
			return '0' + c - '๐'
		case c >= '၀' && c <= '၉':
			return '0' + c - '၀'
		}
		return c
	}, s)
}

func (r reader) translations() map[string]mapping.ProviderText {
	t := mapping.ProviderText{Name: r.text("name_local"), Description: r.text("description_local")}
	lang := strings.ToLower(r.text("local_language"))
	switch {
	case t == mapping.ProviderText{}:
		return nil
	case lang == "":
		r.problem("local_language", "", "say which language the local name is written in")
		return nil
	case !isoLanguage.MatchString(lang):
		r.problem("local_language", lang, "%q is not an ISO 639 language code such as th", lang)
		return nil
	}
	return map[string]mapping.ProviderText{lang: t}
}

// location reads the place; ok is false when nothing was said about it.
func (r reader) location(country string) (mapping.Location, bool) {
	l := mapping.Location{Name: r.text("location_name"), Accessibility: r.text("location_accessibility")}
	addr := mapping.Address{
		Line1:      r.text("location_address"),
		City:       r.text("location_city"),
		Province:   r.text("location_province"),
		PostalCode: r.text("location_postal_code"),
	}
	if addr.PostalCode != "" && !postalCode.MatchString(addr.PostalCode) {
		r.problem("location_postal_code", addr.PostalCode, "is not a postal code")
		addr.PostalCode = ""
	}
	if addr != (mapping.Address{}) {
		addr.Country = country
		l.Address = &addr
	}
	tier := r.text("location_tier")
	// The point question that fits the tier first, then the other one.
	points := []string{"location_point", "location_point_hidden"}
	if tier == string(mapping.TierHidden) {
		slices.Reverse(points)
	}
	for _, name := range points {
		if l.Latitude, l.Longitude = r.point(name); l.Latitude != nil {
			break
		}
	}
	if tier == "" && l.Name == "" && l.Address == nil && l.Latitude == nil && l.Accessibility == "" {
		return l, false
	}
	switch {
	case slices.Contains(mapping.Tiers, mapping.Tier(tier)):
		l.Tier = mapping.Tier(tier)
	case tier == "":
		r.problem("location_tier", "", "is required; the place is kept hidden until an editor chooses who may see it")
		l.Tier = mapping.TierHidden
	default:
		r.problem("location_tier", tier, "%q is not public, region_only or hidden; the place is kept hidden until an editor chooses", tier)
		l.Tier = mapping.TierHidden
	}
	return l, true
}

// point reads a geopoint, "lat lon [alt [acc]]".
func (r reader) point(name string) (lat, lon *float64) {
	s := r.text(name)
	if s == "" {
		return nil, nil
	}
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > 4 {
		r.problem(name, s, "is not a point: want latitude and longitude")
		return nil, nil
	}
	la, err1 := strconv.ParseFloat(f[0], 64)
	lo, err2 := strconv.ParseFloat(f[1], 64)
	switch {
	case err1 != nil || err2 != nil:
		r.problem(name, s, "is not a point: want latitude and longitude")
	case math.IsNaN(la) || la < -90 || la > 90:
		r.problem(name, s, "the latitude must be from -90 to 90")
	case math.IsNaN(lo) || lo < -180 || lo > 180:
		r.problem(name, s, "the longitude must be from -180 to 180")
	case la == 0 && lo == 0:
		r.problem(name, s, "0 0 is in the sea: the phone had no GPS fix")
	default:
		return &la, &lo
	}
	return nil, nil
}

func (r reader) service(at time.Time) mapping.Service {
	s := mapping.Service{
		Type:        r.serviceType("service_type"),
		Description: r.text("service_description"),
		Eligibility: mapping.Eligibility{
			Genders:          r.list("genders", mapping.Genders),
			LGBTQI:           r.yesNo("lgbtqi"),
			MinAge:           r.integer("min_age", 0, 120),
			MaxAge:           r.integer("max_age", 0, 120),
			LegalStatuses:    r.list("legal_statuses", mapping.LegalStatuses),
			TraffickingForms: r.list("trafficking_forms", mapping.TraffickingForms),
			VictimStatus:     r.oneOf("victim_status", mapping.VictimStatuses),
		},
		Languages:    r.languages("service_languages"),
		Interpreting: r.yesNo("interpretation"),
		Cost:         mapping.Cost{Kind: r.oneOf("cost_kind", mapping.CostKinds), Note: r.text("cost_note")},
		Access: mapping.Access{
			WalkIn:           r.yesNo("walk_in"),
			ReferralRequired: r.yesNo("referral_required"),
			WhoCanRefer:      r.text("who_can_refer"),
			NextStep:         r.text("next_step"),
			Documents:        splitList(r.text("documents")),
			ResponseTime:     r.text("response_time"),
		},
		Capacity:  r.capacity(at),
		Schedules: r.schedules(),
	}
	if e := &s.Eligibility; e.MinAge != nil && e.MaxAge != nil && *e.MaxAge < *e.MinAge {
		r.problem("max_age", strconv.Itoa(*e.MaxAge), "is below the youngest age (%d)", *e.MinAge)
		e.MaxAge = nil
	}
	if km, ok := r.number("area_radius_km", false, 0, 2000); ok {
		if km == 0 {
			r.problem("area_radius_km", "0", "must be above 0")
		} else {
			s.Area = &mapping.ServiceArea{RadiusKm: &km}
		}
	}
	return s
}

// serviceType reads a taxonomy code. The directory checks that the term
// exists; an adapted form may list terms an admin added.
func (r reader) serviceType(name string) string {
	s := r.required(name)
	if s == "" || termCode.MatchString(s) {
		return s
	}
	r.problem(name, s, "%q is not a service type code such as legal_aid", s)
	return ""
}

func (r reader) languages(name string) []string {
	out := []string{}
	for _, s := range strings.Fields(strings.ToLower(r.text(name))) {
		switch {
		case slices.Contains(out, s):
		case isoLanguage.MatchString(s):
			out = append(out, s)
		default:
			r.problem(name, s, "%q is not an ISO 639 language code such as th", s)
		}
	}
	return out
}

// splitList splits a list typed on a phone: commas (also the Burmese ၊),
// semicolons or new lines separate the items.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(c rune) bool {
		return c == ',' || c == ';' || c == '\n' || c == '၊' || c == '、'
	}) {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

func (r reader) capacity(at time.Time) *mapping.Capacity {
	unit := strings.ToLower(r.text("capacity_unit"))
	total := r.integer("capacity_total", 0, math.MaxInt32)
	available := r.integer("capacity_available", 0, math.MaxInt32)
	if unit == "" && total == nil && available == nil {
		return nil
	}
	if total != nil && available != nil && *available > *total {
		r.problem("capacity_available", strconv.Itoa(*available), "is more than the total (%d)", *total)
		available = nil
	}
	return &mapping.Capacity{Unit: unit, Total: total, Available: available, UpdatedAt: &at}
}

func (r reader) schedules() []mapping.Schedule {
	kind := r.oneOf("hours_kind", []string{hours247, hoursWeekdays, hoursCustom})
	text := r.text("hours_text")
	var scs []mapping.Schedule
	switch {
	case kind == hours247:
		scs = []mapping.Schedule{allWeek()}
	case kind == hoursWeekdays && text == "":
		scs = []mapping.Schedule{weekdays()}
	case text != "":
		var err error
		if scs, err = parseHours(text); err != nil {
			r.problem("hours_text", text, "%v", err)
			return nil
		}
	case kind == hoursCustom:
		r.problem("hours_text", "", "is required: write the days and times, such as %s", hoursExample)
		return nil
	default:
		return nil
	}
	if note := r.text("hours_note"); note != "" {
		for i := range scs {
			scs[i].Note = note
		}
	}
	return scs
}

// channels reads the ways to reach the provider. tier is the place's.
func (r reader) channels(tier mapping.Tier) []mapping.Channel {
	out := []mapping.Channel{}
	add := func(kind, value string, t mapping.Tier) *mapping.Channel {
		if value == "" {
			return nil
		}
		out = append(out, mapping.Channel{Kind: kind, Value: value, Tier: t})
		return &out[len(out)-1]
	}
	if c := add("hotline", r.phone("hotline"), mapping.TierPublic); c != nil {
		c.Hours = r.text("hotline_hours")
	}
	office := mapping.Tier(r.oneOf("office_phone_tier", tierNames()))
	if office == "" {
		office = tier
	}
	if office == "" {
		office = mapping.TierPublic
	}
	add("phone", r.phone("office_phone"), office)
	add("whatsapp", r.phone("whatsapp"), mapping.TierPublic)
	add("line", r.text("line"), mapping.TierPublic)
	add("viber", r.phone("viber"), mapping.TierPublic)
	add("telegram", r.text("telegram"), mapping.TierPublic)
	add("facebook", r.text("facebook"), mapping.TierPublic)
	add("email", r.email("contact_email"), mapping.TierPublic)
	if c := add("other", r.text("complaints"), mapping.TierPublic); c != nil {
		c.Label = complaintsChannel
	}
	return out
}

func tierNames() []string {
	out := make([]string, len(mapping.Tiers))
	for i, t := range mapping.Tiers {
		out[i] = string(t)
	}
	return out
}

// FieldsFor returns the answers that describe p, the inverse of
// ToProvider: to pre-fill the survey from an existing entry, or to show an
// editor, question by question, what a submission would change. Empty
// fields have no answer. The survey describes one place and one channel
// of each kind: FieldsFor uses p's first location and first channel of
// each kind. It never answers verified_today, which the field team must
// answer for themselves.
func FieldsFor(p mapping.Provider) Answers {
	a := Answers{}
	set(a, "org_name", p.Name)
	set(a, "org_type", p.OrgType)
	set(a, "country", p.Country)
	if p.Status == "temporarily closed" {
		set(a, "org_status", statusTempClosed)
	} else {
		set(a, "org_status", p.Status)
	}
	set(a, "description", p.Description)
	set(a, "website", p.Website)
	set(a, "email", p.Email)
	if len(p.Translations) > 0 {
		langs := make([]string, 0, len(p.Translations))
		for lang := range p.Translations {
			langs = append(langs, lang)
		}
		sort.Strings(langs)
		t := p.Translations[langs[0]]
		set(a, "local_language", langs[0])
		set(a, "name_local", t.Name)
		set(a, "description_local", t.Description)
	}

	tier := mapping.Tier("")
	if len(p.Locations) > 0 {
		l := p.Locations[0]
		tier = l.Tier
		set(a, "location_name", l.Name)
		set(a, "location_tier", string(l.Tier))
		if ad := l.Address; ad != nil {
			// The survey asks for one address line: ToProvider puts it in Line1.
			set(a, "location_address", strings.TrimSpace(ad.Line1+" "+ad.Line2))
			set(a, "location_city", ad.City)
			set(a, "location_province", ad.Province)
			set(a, "location_postal_code", ad.PostalCode)
		}
		if l.Latitude != nil && l.Longitude != nil {
			field := "location_point"
			if l.Tier == mapping.TierHidden {
				field = "location_point_hidden"
			}
			a[field] = strconv.FormatFloat(*l.Latitude, 'f', -1, 64) + " " + strconv.FormatFloat(*l.Longitude, 'f', -1, 64) + " 0 0"
		}
		set(a, "location_accessibility", l.Accessibility)
	}

	if len(p.Services) > 0 {
		services := make([]map[string]any, len(p.Services))
		for i, s := range p.Services {
			services[i] = serviceFields(s)
		}
		a["services"] = services
	}

	seen := map[string]bool{}
	for _, c := range p.Channels {
		key := c.Kind
		if c.Kind == "other" && c.Label == complaintsChannel {
			key = "complaints"
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		switch key {
		case "hotline":
			set(a, "hotline", c.Value)
			set(a, "hotline_hours", c.Hours)
		case "phone":
			set(a, "office_phone", c.Value)
			if c.Tier != tier {
				set(a, "office_phone_tier", string(c.Tier))
			}
		case "whatsapp", "line", "viber", "telegram", "facebook", "complaints":
			set(a, key, c.Value)
		case "email":
			set(a, "contact_email", c.Value)
		}
	}
	return a
}

func serviceFields(s mapping.Service) map[string]any {
	a := map[string]any{}
	e := s.Eligibility
	set(a, "service_type", s.Type)
	set(a, "service_description", s.Description)
	set(a, "genders", strings.Join(e.Genders, " "))
	a["lgbtqi"] = yesNo(e.LGBTQI)
	setInt(a, "min_age", e.MinAge)
	setInt(a, "max_age", e.MaxAge)
	set(a, "legal_statuses", strings.Join(e.LegalStatuses, " "))
	set(a, "trafficking_forms", strings.Join(e.TraffickingForms, " "))
	set(a, "victim_status", e.VictimStatus)
	set(a, "service_languages", strings.Join(s.Languages, " "))
	a["interpretation"] = yesNo(s.Interpreting)
	set(a, "cost_kind", s.Cost.Kind)
	set(a, "cost_note", s.Cost.Note)
	a["walk_in"] = yesNo(s.Access.WalkIn)
	a["referral_required"] = yesNo(s.Access.ReferralRequired)
	set(a, "who_can_refer", s.Access.WhoCanRefer)
	set(a, "next_step", s.Access.NextStep)
	set(a, "documents", strings.Join(s.Access.Documents, ", "))
	set(a, "response_time", s.Access.ResponseTime)
	if c := s.Capacity; c != nil {
		set(a, "capacity_unit", c.Unit)
		setInt(a, "capacity_total", c.Total)
		setInt(a, "capacity_available", c.Available)
	}
	if len(s.Schedules) > 0 {
		switch {
		case len(s.Schedules) == 1 && isAllWeek(s.Schedules[0]):
			a["hours_kind"] = hours247
		case len(s.Schedules) == 1 && sameHours(s.Schedules[0], weekdays()):
			a["hours_kind"] = hoursWeekdays
		default:
			a["hours_kind"] = hoursCustom
			a["hours_text"] = formatHours(s.Schedules)
		}
		set(a, "hours_note", s.Schedules[0].Note)
	}
	if s.Area != nil && s.Area.RadiusKm != nil {
		a["area_radius_km"] = strconv.FormatFloat(*s.Area.RadiusKm, 'f', -1, 64)
	}
	return a
}

func sameHours(a, b mapping.Schedule) bool {
	return a.AllDay == b.AllDay && a.Opens == b.Opens && a.Closes == b.Closes && slices.Equal(sortedDays(a.Days), sortedDays(b.Days))
}

func set(a map[string]any, name, value string) {
	if value != "" {
		a[name] = value
	}
}

func setInt(a map[string]any, name string, n *int) {
	if n != nil {
		a[name] = strconv.Itoa(*n)
	}
}

func yesNo(b bool) string {
	if b {
		return answerYes
	}
	return answerNo
}
