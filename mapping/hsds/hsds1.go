package hsds

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// hsds1Files are the files of an HSDS 1.1 datapackage, by 1.1 name.
var hsds1Files = []string{"organizations.csv", "programs.csv", "services.csv", "services_at_location.csv", "locations.csv",
	"phones.csv", "contacts.csv", "physical_addresses.csv", "postal_addresses.csv", "regular_schedules.csv",
	"holiday_schedules.csv", "funding.csv", "eligibility.csv", "service_areas.csv", "required_documents.csv",
	"payments_accepted.csv", "languages.csv", "accessibility_for_disabilities.csv", "taxonomy.csv",
	"services_taxonomy.csv", "metadata.csv", "meta_table_descriptions.csv"}

// isHSDS1 tells an HSDS 1.x package by the files only 1.x has (its
// datapackage version cannot be trusted).
func isHSDS1(in *input) bool {
	for _, n := range []string{"services_at_location.csv", "regular_schedules.csv", "holiday_schedules.csv",
		"physical_addresses.csv", "postal_addresses.csv", "services_taxonomy.csv", "accessibility_for_disabilities.csv"} {
		if _, ok := in.files[n]; ok {
			return true
		}
	}
	return false
}

// isHSDS2 tells an HSDS 2.0 package, which Haven does not read.
func isHSDS2(in *input) bool {
	_, a := in.files["service_attributes.csv"]
	_, b := in.files["other_attributes.csv"]
	return a || b
}

// hsds1 turns the tables of an HSDS 1.1 package into HSDS 3 rows, keeping
// the 1.1 file names for problem reports (the notes' 1.1 → 3.0 mapping).
type hsds1 struct {
	d     *dataset
	ps    *problems
	files map[string]csvFile
}

func readTabular1(in *input, d *dataset, ps *problems) error {
	files, err := csvFiles(in)
	if err != nil {
		return err
	}
	c := &hsds1{d: d, ps: ps, files: map[string]csvFile{}}
	for _, f := range files {
		c.files[f.name] = f
		if !slices.Contains(hsds1Files, f.name) {
			ps.add(Problem{File: f.name, Message: "is not a table of HSDS 1.1; the file is ignored"})
		}
	}
	c.copyRows("organizations.csv", "organization", map[string]string{"url": "website"}, nil)
	c.copyRows("programs.csv", "program", nil, nil)
	c.copyRows("services.csv", "service", nil, c.serviceTaxonomyIDs)
	c.copyRows("services_at_location.csv", "service_at_location", nil, nil)
	c.copyRows("locations.csv", "location", nil, nil)
	c.copyRows("physical_addresses.csv", "address", nil, addressOf("physical"))
	c.copyRows("postal_addresses.csv", "address", nil, addressOf("postal"))
	c.copyRows("phones.csv", "phone", nil, c.phoneLanguages)
	c.copyRows("contacts.csv", "contact", nil, nil)
	c.regularSchedules()
	c.copyRows("holiday_schedules.csv", "schedule", map[string]string{"start_date": "valid_from", "end_date": "valid_to"}, c.holiday)
	c.copyRows("funding.csv", "funding", nil, nil)
	c.copyRows("service_areas.csv", "service_area", map[string]string{"service_area": "name"}, nil)
	c.copyRows("required_documents.csv", "required_document", nil, nil)
	c.copyRows("languages.csv", "language", nil, languageOf)
	c.copyRows("accessibility_for_disabilities.csv", "accessibility", map[string]string{"accessibility": "description"}, nil)
	c.copyRows("meta_table_descriptions.csv", "meta_table_description", nil, nil)
	c.taxonomy()
	c.perService("eligibility.csv", "eligibility", c.eligibility)
	c.perService("payments_accepted.csv", "payment", c.payment)
	c.copyRows("services_taxonomy.csv", "attribute", map[string]string{"service_id": "link_id", "taxonomy_id": "taxonomy_term_id",
		"taxonomy_detail": "value"}, func(r Row, _ int) bool { r["link_entity"] = "service"; return true })
	c.copyRows("metadata.csv", "metadata", nil, c.metadata)
	c.inferLocationTypes()
	return nil
}

// copyRows adds the rows of a 1.1 file to a 3.0 table, renaming columns; fix
// may change a row, or drop it by returning false.
func (c *hsds1) copyRows(file, table string, rename map[string]string, fix func(r Row, line int) bool) {
	f, ok := c.files[file]
	if !ok {
		return
	}
	rows := f.rows()
	var kept []Row
	for i, r := range rows {
		for from, to := range rename {
			if v, ok := r[from]; ok {
				delete(r, from)
				r[to] = v
			}
		}
		if fix == nil || fix(r, i+2) {
			kept = append(kept, r)
		}
	}
	addCSVRows(c.d, table, f, kept, c.ps)
}

func (c *hsds1) serviceTaxonomyIDs(r Row, _ int) bool {
	for _, tid := range strings.Split(r["taxonomy_ids"], ",") {
		if tid = strings.TrimSpace(tid); tid != "" {
			c.d.table("attribute").add(Row{"id": derivedID("attribute", r["id"], tid), "link_id": r["id"], "link_entity": "service",
				"taxonomy_term_id": tid}, origin{file: "services.csv"})
		}
	}
	delete(r, "taxonomy_ids")
	return true
}

func addressOf(kind string) func(Row, int) bool {
	return func(r Row, _ int) bool {
		var extra []string
		for _, k := range []string{"address_2", "address_3", "address_4"} {
			if r[k] != "" {
				extra = append(extra, r[k])
			}
			delete(r, k)
		}
		if len(extra) > 0 {
			r["address_2"] = strings.Join(extra, ", ")
		}
		r["address_type"] = kind
		return true
	}
}

// phoneLanguages turns a phone's language list ("en, es") into language
// rows and its department into its description.
func (c *hsds1) phoneLanguages(r Row, _ int) bool {
	for _, l := range strings.Split(r["language"], ",") {
		if l = strings.TrimSpace(l); l != "" {
			row := Row{"id": derivedID("language", r["id"], l), "phone_id": r["id"], "language": l}
			languageOf(row, 0)
			c.d.table("language").add(row, origin{file: "phones.csv"})
		}
	}
	if dep := r["department"]; dep != "" {
		r["description"] = strings.TrimSpace(r["description"] + " (" + dep + ")")
	}
	delete(r, "language")
	delete(r, "department")
	return true
}

var looksLikeCode = regexp.MustCompile(`^[A-Za-z]{2,3}$`)

// languageOf puts a 1.1 language value where 3.0 wants it: a code in code,
// anything else in name (the import then looks the name up).
func languageOf(r Row, _ int) bool {
	v := r["language"]
	delete(r, "language")
	if looksLikeCode.MatchString(v) {
		r["code"] = strings.ToLower(v)
	} else if v != "" {
		r["name"] = v
	}
	return true
}

var weekdays = []string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// weekday reads a 1.1 weekday: 1 (Monday) to 7 (Sunday), as ISO 8601
// numbers them, or a day name.
func weekday(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	if len(s) == 1 && s[0] >= '1' && s[0] <= '7' {
		return weekdays[s[0]-'1'], true
	}
	for _, d := range weekdays {
		if len(s) >= 2 && strings.HasPrefix(s, d) {
			return d, true
		}
	}
	return "", false
}

// regularSchedules merges the 1.1 rows of the same service, place and hours
// into one weekly schedule listing their days.
func (c *hsds1) regularSchedules() {
	f, ok := c.files["regular_schedules.csv"]
	if !ok {
		return
	}
	type key struct{ service, location, sal, opens, closes string }
	merged := map[key]Row{}
	var order []key
	for i, r := range f.rows() {
		day, ok := weekday(r["weekday"])
		if !ok {
			c.ps.add(Problem{File: f.name, Object: "schedule", ID: r["id"], Field: "weekday",
				Message: fmt.Sprintf("%q is not a weekday (1 = Monday … 7 = Sunday, or a day name); line %d is ignored", r["weekday"], i+2)})
			continue
		}
		k := key{r["service_id"], r["location_id"], r["service_at_location_id"], r["opens_at"], r["closes_at"]}
		if m, ok := merged[k]; ok {
			m["byday"] += "," + day
			continue
		}
		delete(r, "weekday")
		r["freq"], r["byday"] = "WEEKLY", day
		merged[k] = r
		order = append(order, k)
	}
	rows := make([]Row, len(order))
	for i, k := range order {
		rows[i] = merged[k]
	}
	addCSVRows(c.d, "schedule", f, rows, c.ps)
}

// holiday turns a 1.1 holiday schedule into a dated 3.0 schedule; a closed
// day has no hours. An id the regular schedules use already gets a new one.
func (c *hsds1) holiday(r Row, line int) bool {
	if closed := strings.ToLower(r["closed"]); closed == "true" || closed == "1" || closed == "yes" {
		r["description"] = "Closed"
		delete(r, "opens_at")
		delete(r, "closes_at")
	}
	delete(r, "closed")
	if _, taken := c.d.table("schedule").get(r["id"]); taken {
		old := r["id"]
		r["id"] = derivedID("schedule", "holiday", old)
		c.ps.add(Problem{File: "holiday_schedules.csv", Object: "schedule", ID: old, Field: "id",
			Message: fmt.Sprintf("line %d: the id is also used in regular_schedules.csv; this schedule gets the id %s", line, r["id"])})
	}
	return true
}

// perService applies one value per row of a 1.1 file to its service.
func (c *hsds1) perService(file, column string, apply func(svc Row, value string)) {
	f, ok := c.files[file]
	if !ok {
		return
	}
	for i, r := range f.rows() {
		svc, ok := c.d.table("service").get(r["service_id"])
		if !ok {
			c.ps.add(Problem{File: file, ID: r["id"], Field: "service_id",
				Message: fmt.Sprintf("line %d names service %q, which is not in the data; the row is ignored", i+2, r["service_id"])})
			continue
		}
		if v := strings.TrimSpace(r[column]); v != "" {
			apply(svc, v)
		}
	}
}

// eligibility turns female and male into Haven's gender terms; other
// values (adult, child, …) go into the eligibility description.
func (c *hsds1) eligibility(svc Row, value string) {
	if g := strings.ToLower(value); g == "female" || g == "male" {
		c.havenTerm(taxEligibility, "gender."+g)
		c.d.table("attribute").add(Row{"id": derivedID("attribute", svc["id"], g), "link_id": svc["id"], "link_entity": "service",
			"link_type": linkEligibility, "taxonomy_term_id": termID(taxEligibility, "gender."+g)}, origin{file: "eligibility.csv"})
		return
	}
	svc["eligibility_description"] = joinText(svc["eligibility_description"], value, ", ")
}

func (c *hsds1) payment(svc Row, value string) {
	const prefix = "Payment accepted: "
	fees := svc["fees_description"]
	if i := strings.Index(fees, prefix); i >= 0 {
		svc["fees_description"] = fees + ", " + value
		return
	}
	svc["fees_description"] = joinText(fees, prefix+value, " ")
}

func joinText(a, b, sep string) string {
	if a == "" {
		return b
	}
	return a + sep + b
}

// havenTerm adds a term of one of Haven's taxonomies, so that an attribute
// can point to it.
func (c *hsds1) havenTerm(taxonomy, code string) {
	v, _ := vocabularyNamed(taxonomy)
	c.d.table("taxonomy").add(Row{"id": taxonomyID(taxonomy), "name": taxonomy, "description": v.description}, origin{})
	c.d.table("taxonomy_term").add(Row{"id": termID(taxonomy, code), "code": code, "name": code, "description": code,
		"taxonomy": taxonomy, "taxonomy_id": taxonomyID(taxonomy)}, origin{})
}

// taxonomy turns 1.1 taxonomy rows into terms, one taxonomy per vocabulary;
// the 1.1 id doubles as the code (211 exports put AIRS codes there).
func (c *hsds1) taxonomy() {
	c.copyRows("taxonomy.csv", "taxonomy_term", nil, func(r Row, _ int) bool {
		vocab := r["vocabulary"]
		if vocab == "" {
			vocab = "HSDS 1.1 taxonomy"
		}
		c.d.table("taxonomy").add(Row{"id": derivedID("taxonomy", "hsds1", vocab), "name": vocab, "description": vocab},
			origin{file: "taxonomy.csv"})
		r["code"], r["description"], r["taxonomy"], r["taxonomy_id"] = r["id"], r["name"], vocab, derivedID("taxonomy", "hsds1", vocab)
		delete(r, "vocabulary")
		delete(r, "parent_name")
		return true
	})
}

func (c *hsds1) metadata(r Row, _ int) bool {
	if d := r["last_action_date"]; len(d) > 10 {
		r["last_action_date"] = d[:10]
	}
	return true
}

// inferLocationTypes gives each location the type 1.1 does not record:
// postal when it has only a postal address, else physical.
func (c *hsds1) inferLocationTypes() {
	for _, l := range c.d.table("location").rows {
		l["location_type"] = "physical"
		addrs := c.d.table("address").where("location_id", l["id"])
		if len(addrs) > 0 && !slices.ContainsFunc(addrs, func(a Row) bool { return a["address_type"] == "physical" }) {
			l["location_type"] = "postal"
		}
	}
}
