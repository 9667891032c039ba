package hsds

import (
	"strings"
)

// kind is the type of an HSDS field, as far as reading and writing care.
type kind byte

const (
	text     kind = iota
	number        // JSON number, Frictionless "number"
	date          // YYYY-MM-DD
	datetime      // RFC 3339
	clock         // HH:MM[:SS][zone]
)

type fieldDef struct {
	name string
	kind kind
}

// tableDef is one HSDS object: its name, its CSV file and its fields in
// schema order. Every table's primary key is id.
type tableDef struct {
	name    string
	file    string
	fields  []fieldDef
	refs    map[string]string // column → referenced table (declared and undeclared foreign keys)
	exports bool              // written by Haven's tabular export
}

func (t *tableDef) has(field string) bool {
	for _, f := range t.fields {
		if f.name == field {
			return true
		}
	}
	return false
}

func (t *tableDef) kindOf(field string) kind {
	for _, f := range t.fields {
		if f.name == field {
			return f.kind
		}
	}
	return text
}

// def builds a tableDef from a field list such as "id name latitude:n" (n
// number, d date, dt datetime, t time) and references such as
// "organization_id>organization".
func def(name, file, fields, refs string, exports bool) *tableDef {
	t := &tableDef{name: name, file: file, refs: map[string]string{}, exports: exports}
	kinds := map[string]kind{"n": number, "d": date, "dt": datetime, "t": clock}
	for _, f := range strings.Fields(fields) {
		n, k, _ := strings.Cut(f, ":")
		t.fields = append(t.fields, fieldDef{name: n, kind: kinds[k]})
	}
	for _, r := range strings.Fields(refs) {
		col, table, _ := strings.Cut(r, ">")
		t.refs[col] = table
	}
	return t
}

// tableDefs are the HSDS 3.0 tables, the 3.1 tables Haven uses (unit,
// service_capacity, url — with url.location_id added by Haven's profile) and
// Haven's own translation table, in the order of the datapackage.
var tableDefs = []*tableDef{
	def("organization", "organizations.csv",
		"id name alternate_name description email website tax_status tax_id year_incorporated:n legal_status logo uri parent_organization_id",
		"parent_organization_id>organization", true),
	def("program", "programs.csv", "id organization_id name alternate_name description", "organization_id>organization", false),
	def("service", "services.csv",
		"id organization_id program_id name alternate_name description url email status interpretation_services application_process "+
			"fees_description wait_time fees accreditations eligibility_description minimum_age:n maximum_age:n assured_date:d "+
			"assurer_email licenses alert last_modified:dt",
		"organization_id>organization program_id>program", true),
	def("service_at_location", "service_at_location.csv", "id service_id location_id description",
		"service_id>service location_id>location", true),
	def("location", "locations.csv",
		"id location_type url organization_id name alternate_name description transportation latitude:n longitude:n "+
			"external_identifier external_identifier_type",
		"organization_id>organization", true),
	def("address", "addresses.csv",
		"id location_id attention address_1 address_2 city region state_province postal_code country address_type",
		"location_id>location", true),
	def("phone", "phones.csv", "id location_id service_id organization_id contact_id service_at_location_id number extension:n type description",
		"location_id>location service_id>service organization_id>organization contact_id>contact service_at_location_id>service_at_location", true),
	def("contact", "contacts.csv", "id organization_id service_id service_at_location_id location_id name title department email",
		"organization_id>organization service_id>service service_at_location_id>service_at_location location_id>location", true),
	def("url", "url.csv", "id label url organization_id service_id location_id",
		"organization_id>organization service_id>service location_id>location", true),
	def("schedule", "schedules.csv",
		"id service_id location_id service_at_location_id valid_from:d valid_to:d dtstart:d timezone:n until:d count:n wkst freq "+
			"interval:n byday byweekno bymonthday byyearday description opens_at:t closes_at:t schedule_link attending_type notes",
		"service_id>service location_id>location service_at_location_id>service_at_location", true),
	def("funding", "funding.csv", "id organization_id service_id source", "organization_id>organization service_id>service", false),
	def("service_area", "service_areas.csv", "id service_id name description extent extent_type uri", "service_id>service", true),
	def("required_document", "required_documents.csv", "id service_id document uri", "service_id>service", true),
	def("language", "languages.csv", "id service_id location_id phone_id name code note",
		"service_id>service location_id>location phone_id>phone", true),
	def("accessibility", "accessibility.csv", "id location_id description details url", "location_id>location", true),
	def("cost_option", "cost_options.csv", "id service_id valid_from:d valid_to:d option currency amount:n amount_description",
		"service_id>service", true),
	def("unit", "units.csv", "id name scheme identifier uri", "", true),
	def("service_capacity", "service_capacity.csv", "id service_id unit_id available:n maximum:n description updated:dt",
		"service_id>service unit_id>unit", true),
	def("organization_identifier", "organization_identifiers.csv", "id organization_id identifier_scheme identifier_type identifier",
		"organization_id>organization", false),
	def("attribute", "attributes.csv", "id link_id taxonomy_term_id link_type link_entity value", "taxonomy_term_id>taxonomy_term", true),
	def("taxonomy", "taxonomies.csv", "id name description uri version", "", true),
	def("taxonomy_term", "taxonomy_terms.csv", "id code name description parent_id taxonomy language taxonomy_id term_uri",
		"parent_id>taxonomy_term taxonomy_id>taxonomy", true),
	def("metadata", "metadata.csv",
		"id resource_id resource_type last_action_date:d last_action_type field_name previous_value replacement_value updated_by", "", false),
	def("meta_table_description", "meta_table_descriptions.csv", "id name language character_set", "", true),
	def("haven_translation", "haven_translations.csv", "id link_entity link_id language field value", "", true),
}

var tablesByName = func() map[string]*tableDef {
	m := map[string]*tableDef{}
	for _, t := range tableDefs {
		m[t.name] = t
	}
	return m
}()

// tableAliases turn a file or key name (without .csv, lower-case) into a
// table: plural and singular spellings are both accepted.
var tableAliases = func() map[string]string {
	m := map[string]string{}
	for _, t := range tableDefs {
		m[t.name] = t.name
		m[strings.TrimSuffix(t.file, ".csv")] = t.name
	}
	for alias, name := range map[string]string{
		"organizations": "organization", "services": "service", "service_at_locations": "service_at_location",
		"locations": "location", "addresses": "address", "phones": "phone", "contacts": "contact", "urls": "url",
		"schedules": "schedule", "fundings": "funding", "service_areas": "service_area", "required_documents": "required_document",
		"languages": "language", "accessibilities": "accessibility", "cost_options": "cost_option", "units": "unit",
		"service_capacities": "service_capacity", "organization_identifiers": "organization_identifier",
		"attributes": "attribute", "taxonomies": "taxonomy", "taxonomy_terms": "taxonomy_term",
		"meta_table_descriptions": "meta_table_description", "haven_translations": "haven_translation", "programs": "program",
	} {
		m[alias] = name
	}
	return m
}()

// tableOf names the table a file or JSON key holds, or "".
func tableOf(name string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return tableAliases[strings.TrimSuffix(name, ".csv")]
}

// arrayRel nests child rows under a parent as an array: the child's column
// holds the parent's id.
type arrayRel struct{ parent, key, child, column string }

// objectRel nests one row under a parent as an object: the parent's column
// holds the child's id.
type objectRel struct{ parent, key, child, column string }

var arrayRels = []arrayRel{
	{"organization", "funding", "funding", "organization_id"},
	{"organization", "contacts", "contact", "organization_id"},
	{"organization", "phones", "phone", "organization_id"},
	{"organization", "locations", "location", "organization_id"},
	{"organization", "programs", "program", "organization_id"},
	{"organization", "organization_identifiers", "organization_identifier", "organization_id"},
	{"organization", "additional_websites", "url", "organization_id"},
	{"service", "phones", "phone", "service_id"},
	{"service", "schedules", "schedule", "service_id"},
	{"service", "service_areas", "service_area", "service_id"},
	{"service", "service_at_locations", "service_at_location", "service_id"},
	{"service", "languages", "language", "service_id"},
	{"service", "funding", "funding", "service_id"},
	{"service", "cost_options", "cost_option", "service_id"},
	{"service", "required_documents", "required_document", "service_id"},
	{"service", "contacts", "contact", "service_id"},
	{"service", "capacities", "service_capacity", "service_id"},
	{"service", "additional_urls", "url", "service_id"},
	{"service_at_location", "contacts", "contact", "service_at_location_id"},
	{"service_at_location", "phones", "phone", "service_at_location_id"},
	{"service_at_location", "schedules", "schedule", "service_at_location_id"},
	{"location", "languages", "language", "location_id"},
	{"location", "addresses", "address", "location_id"},
	{"location", "contacts", "contact", "location_id"},
	{"location", "accessibility", "accessibility", "location_id"},
	{"location", "phones", "phone", "location_id"},
	{"location", "schedules", "schedule", "location_id"},
	{"location", "urls", "url", "location_id"},
	{"phone", "languages", "language", "phone_id"},
	{"contact", "phones", "phone", "contact_id"},
}

var objectRels = []objectRel{
	{"service", "organization", "organization", "organization_id"},
	{"service", "program", "program", "program_id"},
	{"service_at_location", "location", "location", "location_id"},
	{"attribute", "taxonomy_term", "taxonomy_term", "taxonomy_term_id"},
	{"taxonomy_term", "taxonomy_detail", "taxonomy", "taxonomy_id"},
	{"service_capacity", "unit", "unit", "unit_id"},
}

// hasAttributes reports whether objects of a table carry attributes and
// metadata arrays (every object but the taxonomy, attribute and metadata ones).
func hasAttributes(table string) bool {
	switch table {
	case "taxonomy", "taxonomy_term", "attribute", "metadata", "meta_table_description", "haven_translation", "unit":
		return false
	}
	return true
}
