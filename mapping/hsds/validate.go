package hsds

import (
	"encoding/json"
	"math"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven/accounts"
)

// staleAfter is how old an assured_date may be before it is reported.
const staleAfter = 3 * 365 * 24 * time.Hour

// validator checks a dataset field by field and record by record, repairs
// what it can (normalising case, stripping quotes), drops what it cannot
// (a dangling link, a number that is not one) and reports each.
type validator struct {
	d     *dataset
	ps    *problems
	today time.Time
}

func validate(d *dataset, ps *problems, today time.Time) {
	v := &validator{d: d, ps: ps, today: today}
	v.fields()
	v.references()
	v.attributes()
	v.metadata()
	v.records()
}

func (v *validator) report(table string, r Row, field, format string, args ...any) {
	v.ps.at(v.d, table, r["id"], field, format, args...)
}

// fields checks ids, types and placeholders of every row.
func (v *validator) fields() {
	for _, def := range tableDefs {
		for _, r := range v.d.table(def.name).rows {
			if !isUUID(r["id"]) {
				v.report(def.name, r, "id", "is not a UUID")
			}
			for _, f := range def.fields {
				val := r[f.name]
				if val == "" || f.name == "id" {
					continue
				}
				if !v.kindOK(f.kind, val) {
					v.report(def.name, r, f.name, "%s is not %s; the value is dropped", quote(val), kindNames[f.kind])
					delete(r, f.name)
					continue
				}
				if _, isRef := def.refs[f.name]; !isRef && f.name != "link_id" && f.name != "resource_id" && isPlaceholder(def, val) {
					v.report(def.name, r, f.name, "%s looks like a placeholder (it is the name of a field)", quote(val))
				}
			}
		}
	}
}

var kindNames = map[kind]string{number: "a number", date: "a date (YYYY-MM-DD)", datetime: "a date and time (RFC 3339)",
	clock: "a time of day (HH:MM)"}

func (v *validator) kindOK(k kind, s string) bool {
	switch k {
	case number:
		f, err := strconv.ParseFloat(s, 64)
		return err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	case date:
		_, err := time.Parse(time.DateOnly, s)
		return err == nil
	case datetime:
		_, ok := parseDateTime(s)
		return ok
	case clock:
		_, ok := parseClock(s)
		return ok
	}
	return true
}

func parseDateTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var clockPattern = regexp.MustCompile(`^([01]?\d|2[0-4]):([0-5]\d)(:[0-5]\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$`)

// parseClock reads an HSDS time ("10:00", "10:00:00", "10:00+07:00") as HH:MM.
func parseClock(s string) (string, bool) {
	m := clockPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	h := m[1]
	if len(h) == 1 {
		h = "0" + h
	}
	if h == "24" && m[2] != "00" {
		return "", false
	}
	return h + ":" + m[2], true
}

func isPlaceholder(def *tableDef, val string) bool {
	val = strings.ToLower(strings.TrimSpace(val))
	return len(val) >= 3 && def.has(val) && val != "id"
}

// references drops links to records that are not in the data.
func (v *validator) references() {
	for _, def := range tableDefs {
		for _, r := range v.d.table(def.name).rows {
			for _, f := range def.fields {
				target, ok := def.refs[f.name]
				if !ok || r[f.name] == "" {
					continue
				}
				if _, found := v.d.table(target).get(r[f.name]); !found {
					v.report(def.name, r, f.name, "names %s %s, which is not in the data; the link is dropped", target, r[f.name])
					delete(r, f.name)
				}
			}
		}
	}
}

// attributes checks the polymorphic links of attributes and translations,
// and drops attributes that lead nowhere.
func (v *validator) attributes() {
	for _, name := range []string{"attribute", "haven_translation"} {
		t := v.d.table(name)
		t.remove(func(r Row) bool {
			if name == "attribute" && r["taxonomy_term_id"] == "" {
				v.report(name, r, "taxonomy_term_id", "names no taxonomy term; the attribute is ignored")
				return true
			}
			return !v.polymorphic(name, r, "link_entity", "link_id")
		})
	}
}

// polymorphic checks that a row's entity column names a table and its id
// column a record of it, reporting what does not.
func (v *validator) polymorphic(table string, r Row, entityCol, idCol string) bool {
	entity := r[entityCol]
	if entity != "" && tablesByName[entity] == nil {
		v.report(table, r, entityCol, "%s is not an HSDS object", quote(entity))
		entity = ""
	}
	if entity != "" {
		if _, ok := v.d.table(entity).get(r[idCol]); ok {
			return true
		}
	} else {
		for _, def := range tableDefs {
			if _, ok := v.d.table(def.name).get(r[idCol]); ok {
				r[entityCol] = def.name
				return true
			}
		}
	}
	v.report(table, r, idCol, "%s matches no record; the %s is ignored", quote(r[idCol]), table)
	return false
}

func (v *validator) metadata() {
	for _, r := range v.d.table("metadata").rows {
		if r["resource_id"] != "" {
			v.polymorphic("metadata", r, "resource_type", "resource_id")
		}
	}
}

// records checks what only makes sense record by record.
func (v *validator) records() {
	for _, r := range v.d.table("organization").rows {
		v.website("organization", r, "website")
		v.email("organization", r, "email")
	}
	for _, r := range v.d.table("service").rows {
		v.service(r)
	}
	for _, r := range v.d.table("location").rows {
		v.location(r)
	}
	for _, r := range v.d.table("address").rows {
		v.enum("address", r, "address_type", []string{"physical", "postal", "virtual"}, "")
		if c := r["country"]; c != "" && !accounts.IsCountryCode(strings.ToUpper(c)) {
			v.report("address", r, "country", "%s is not an ISO 3166-1 alpha-2 country code; it is dropped", quote(c))
			delete(r, "country")
		}
	}
	v.d.table("phone").remove(func(r Row) bool { return !v.phone(r) })
	for _, r := range v.d.table("contact").rows {
		v.email("contact", r, "email")
	}
	v.d.table("url").remove(func(r Row) bool {
		if r["url"] == "" {
			v.report("url", r, "url", "is missing; the url is ignored")
			return true
		}
		return false
	})
	for _, name := range []string{"language", "meta_table_description", "taxonomy_term"} {
		for _, r := range v.d.table(name).rows {
			v.language(name, r)
		}
	}
	for _, r := range v.d.table("cost_option").rows {
		v.validity("cost_option", r, true)
		v.currency(r)
	}
	for _, r := range v.d.table("schedule").rows {
		v.schedule(r)
	}
	for _, r := range v.d.table("service_area").rows {
		if r["extent"] != "" && strings.EqualFold(r["extent_type"], "geojson") && !isGeoJSON(r["extent"]) {
			v.report("service_area", r, "extent", "is not GeoJSON, though extent_type says geojson")
		}
	}
	for _, r := range v.d.table("service_capacity").rows {
		for _, f := range []string{"available", "maximum"} {
			if n, err := strconv.ParseFloat(r[f], 64); r[f] != "" && (err != nil || n < 0 || n != math.Trunc(n)) {
				v.report("service_capacity", r, f, "must be a whole number, not %s; it is dropped", quote(r[f]))
				delete(r, f)
			}
		}
	}
}

func (v *validator) service(r Row) {
	v.enum("service", r, "status", []string{"active", "inactive", "defunct", "temporarily closed"}, "inactive")
	v.website("service", r, "url")
	v.email("service", r, "email")
	lo, errLo := strconv.ParseFloat(r["minimum_age"], 64)
	hi, errHi := strconv.ParseFloat(r["maximum_age"], 64)
	if errLo == nil && errHi == nil && lo > hi {
		v.report("service", r, "maximum_age", "is below minimum_age (%s); both are dropped", r["minimum_age"])
		delete(r, "minimum_age")
		delete(r, "maximum_age")
	}
	if d, err := time.Parse(time.DateOnly, r["assured_date"]); err == nil && v.today.Sub(d) > staleAfter {
		v.report("service", r, "assured_date", "%s is more than 3 years ago: the entry needs checking", r["assured_date"])
	}
}

func (v *validator) location(r Row) {
	v.enum("location", r, "location_type", []string{"physical", "postal", "virtual"}, "physical")
	lat, lon := r["latitude"], r["longitude"]
	if lat == "" && lon == "" {
		return
	}
	drop := func(format string, args ...any) {
		v.report("location", r, "latitude", format+"; the point is dropped", args...)
		delete(r, "latitude")
		delete(r, "longitude")
	}
	la, errLa := strconv.ParseFloat(lat, 64)
	lo, errLo := strconv.ParseFloat(lon, 64)
	switch {
	case lat == "" || lon == "" || errLa != nil || errLo != nil:
		drop("give both latitude and longitude, or neither")
	case la < -90 || la > 90:
		drop("%s is outside -90..90", lat)
	case lo < -180 || lo > 180:
		drop("longitude %s is outside -180..180", lon)
	case la == 0 && lo == 0:
		drop("0,0 is in the sea off Africa: a missing point, not a place")
	}
}

// enum normalises the case of an enumerated value; an unknown one is
// reported and replaced by fallback (when not "").
func (v *validator) enum(table string, r Row, field string, allowed []string, fallback string) {
	val := r[field]
	for _, a := range allowed {
		if val == a {
			return
		}
		if strings.EqualFold(strings.TrimSpace(val), a) {
			v.report(table, r, field, "%s is written %s in HSDS", quote(val), quote(a))
			r[field] = a
			return
		}
	}
	switch {
	case val == "" && fallback != "":
		v.report(table, r, field, "is missing; %s is assumed", quote(fallback))
	case val == "":
		return
	case fallback != "":
		v.report(table, r, field, "%s is not one of %s; %s is assumed", quote(val), strings.Join(allowed, ", "), quote(fallback))
	default:
		v.report(table, r, field, "%s is not one of %s", quote(val), strings.Join(allowed, ", "))
	}
	if fallback != "" {
		r[field] = fallback
	}
}

func (v *validator) website(table string, r Row, field string) {
	if s := r[field]; s != "" {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.report(table, r, field, "%s is not a web address (http:// or https://); it is dropped", quote(s))
			delete(r, field)
		}
	}
}

func (v *validator) email(table string, r Row, field string) {
	if s := r[field]; s != "" {
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s {
			v.report(table, r, field, "%s is not an e-mail address; it is dropped", quote(s))
			delete(r, field)
		}
	}
}

// phone strips quotes around a number; a row without a number is dropped.
func (v *validator) phone(r Row) bool {
	n := r["number"]
	if trimmed := strings.Trim(n, "\"' "); trimmed != n {
		v.report("phone", r, "number", "%s has quotes around it; they are removed", quote(n))
		r["number"] = trimmed
	}
	if r["number"] == "" {
		v.report("phone", r, "number", "is missing; the phone is ignored")
		return false
	}
	return true
}

// language makes a code Haven's (ISO 639-1 where there is one) and turns a
// language name into its code.
func (v *validator) language(table string, r Row) {
	field := "code"
	if table != "language" {
		field = "language"
	}
	code := strings.ToLower(strings.TrimSpace(r[field]))
	if code == "" && table == "language" && r["name"] != "" {
		if c, ok := languageCodes[strings.ToLower(strings.TrimSpace(r["name"]))]; ok {
			v.report(table, r, "name", "%s is a language name, not an ISO 639 code; read as %s", quote(r["name"]), c)
			r["code"] = c
			return
		}
		v.report(table, r, "name", "%s is not a language Haven knows; it is ignored", quote(r["name"]))
		return
	}
	if code == "" {
		return
	}
	if c, ok := languageCodes[code]; ok && len(code) <= 3 {
		r[field] = c
		return
	}
	if c, ok := languageCodes[code]; ok {
		v.report(table, r, field, "%s is a language name, not an ISO 639 code; read as %s", quote(r[field]), c)
		r[field] = c
		return
	}
	v.report(table, r, field, "%s is not an ISO 639 language code; it is dropped", quote(r[field]))
	delete(r, field)
}

func (v *validator) currency(r Row) {
	c := r["currency"]
	switch {
	case c == "":
	case currencyPattern.MatchString(c):
	case currencyAnyCase.MatchString(c):
		v.report("cost_option", r, "currency", "%s is written %s in ISO 4217", quote(c), strings.ToUpper(c))
		r["currency"] = strings.ToUpper(c)
	default:
		v.report("cost_option", r, "currency", "%s is not an ISO 4217 currency code; it is dropped", quote(c))
		delete(r, "currency")
	}
}

// validity reports valid_from after valid_to, and, with ended, a validity
// that has ended.
func (v *validator) validity(table string, r Row, ended bool) {
	from, errFrom := time.Parse(time.DateOnly, r["valid_from"])
	to, errTo := time.Parse(time.DateOnly, r["valid_to"])
	if errFrom == nil && errTo == nil && from.After(to) {
		v.report(table, r, "valid_to", "is before valid_from (%s)", r["valid_from"])
	}
	if ended && errTo == nil && to.Before(v.today.Truncate(24*time.Hour)) {
		v.report(table, r, "valid_to", "%s has passed: the %s is no longer valid", r["valid_to"], strings.ReplaceAll(table, "_", " "))
	}
}

func (v *validator) schedule(r Row) {
	v.validity("schedule", r, false) // the import reports and skips expired schedules
	v.enum("schedule", r, "freq", []string{"WEEKLY", "MONTHLY"}, "")
	v.enum("schedule", r, "wkst", weekdays, "")
	if r["count"] != "" && r["until"] != "" {
		v.report("schedule", r, "count", "count and until are both given; RFC 5545 allows one of them")
	}
	if r["freq"] == "WEEKLY" {
		for _, f := range []string{"byweekno", "bymonthday", "byyearday"} {
			if r[f] != "" {
				v.report("schedule", r, f, "does not go with freq WEEKLY (RFC 5545); it is ignored")
			}
		}
	}
	for _, d := range splitList(r["byday"]) {
		if _, ordinal, ok := parseByDay(d); !ok || (ordinal != "" && r["freq"] != "MONTHLY") {
			v.report("schedule", r, "byday", "%s is not a day: MO … SU, or with a number such as 2MO for freq MONTHLY", quote(d))
		}
	}
}

var (
	byDayPattern    = regexp.MustCompile(`^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$`)
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
	currencyAnyCase = regexp.MustCompile(`^[A-Za-z]{3}$`)
)

// parseByDay reads one byday entry: a day, and the ordinal before it (2MO).
func parseByDay(s string) (day, ordinal string, ok bool) {
	m := byDayPattern.FindStringSubmatch(strings.ToUpper(strings.TrimSpace(s)))
	if m == nil {
		return "", "", false
	}
	return m[2], m[1], true
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isGeoJSON(s string) bool {
	var g struct {
		Type string `json:"type"`
	}
	return json.Unmarshal([]byte(s), &g) == nil && g.Type != ""
}
