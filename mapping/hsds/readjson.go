package hsds

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/haven-project/haven"
)

// Relations only an import follows: they appear in API responses but would
// loop if the export nested them.
var (
	readArrayRels  = []arrayRel{{"organization", "services", "service", "organization_id"}}
	readObjectRels = []objectRel{{"service_at_location", "service", "service", "service_id"}}
)

// readJSON reads HSDS 3 JSON documents into d: one object (a service, an
// organization, a service at a location, a location, a taxonomy or a term),
// an array of them, an API page ({"contents": [...]}) or tabular JSON (an
// object of tables keyed by table or file name). Nested records become rows
// with their parent's id in their foreign key.
func readJSON(in *input, d *dataset, ps *problems) error {
	for _, name := range in.names() {
		if !strings.EqualFold(filepath.Ext(name), ".json") || strings.EqualFold(name, "datapackage.json") {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(in.files[name], bom)))
		dec.UseNumber()
		var doc any
		if err := dec.Decode(&doc); err != nil {
			return haven.Errorf(haven.KindInvalid, "%s is not valid JSON: %s", name, jsonProblem(err))
		}
		if _, err := dec.Token(); err != io.EOF {
			return haven.Errorf(haven.KindInvalid, "%s is not valid JSON: it holds more than one JSON value", name)
		}
		r := &jsonReader{d: d, ps: ps, file: name}
		r.document(doc)
	}
	return nil
}

var bom = []byte("\xef\xbb\xbf")

func jsonProblem(err error) string {
	var syntax *json.SyntaxError
	switch {
	case errors.As(err, &syntax):
		return "error at byte " + strconv.FormatInt(syntax.Offset, 10)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "it ends too early"
	}
	return "it cannot be parsed"
}

type jsonReader struct {
	d    *dataset
	ps   *problems
	file string
}

func (r *jsonReader) problem(table, id, field, message string) {
	r.ps.add(Problem{File: r.file, Object: table, ID: id, Field: field, Message: message})
}

func (r *jsonReader) document(doc any) {
	switch v := doc.(type) {
	case []any:
		r.items(v)
	case map[string]any:
		if contents, ok := v["contents"].([]any); ok {
			r.items(contents)
			return
		}
		if isTabularJSON(v) {
			r.tabular(v)
			return
		}
		if _, ok := v["openapi_url"]; ok && v["id"] == nil {
			r.problem("", "", "", "is an HSDS API root document; it holds no directory data")
			return
		}
		r.item(v)
	default:
		r.problem("", "", "", "holds neither an HSDS object nor a list of them")
	}
}

func (r *jsonReader) items(list []any) {
	for _, x := range list {
		r.item(x)
	}
}

func (r *jsonReader) item(x any) {
	m, ok := x.(map[string]any)
	if !ok {
		r.problem("", "", "", "a list item is not a JSON object; skipped")
		return
	}
	r.flatten(guessTable(m), m, nil)
}

// guessTable tells what an HSDS object is from the fields it has.
func guessTable(m map[string]any) string {
	has := func(k string) bool { _, ok := m[k]; return ok }
	switch {
	case has("status"):
		return "service"
	case has("location_type"):
		return "location"
	case has("location") || has("service") || (has("service_id") && has("location_id")):
		return "service_at_location"
	case has("code") || has("taxonomy_detail") || has("taxonomy_details") || has("taxonomy_id") || has("term_uri"):
		return "taxonomy_term"
	case has("version"):
		return "taxonomy"
	}
	return "organization"
}

func isTabularJSON(m map[string]any) bool {
	if len(m) == 0 {
		return false
	}
	for k, v := range m {
		if _, ok := v.([]any); !ok || tableOf(k) == "" {
			return false
		}
	}
	return true
}

func (r *jsonReader) tabular(m map[string]any) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, x := range m[k].([]any) {
			if obj, ok := x.(map[string]any); ok {
				r.flatten(tableOf(k), obj, nil)
			}
		}
	}
}

// link is a foreign key a nested record gets from where it is nested.
type link struct{ column, value string }

// flatten adds an object and everything nested in it as rows, and returns
// its id ("" when it has none and was skipped).
func (r *jsonReader) flatten(table string, m map[string]any, links []link) string {
	def := tablesByName[table]
	row := Row{}
	id, _ := m["id"].(string)
	for _, f := range def.fields {
		switch v := m[f.name].(type) {
		case nil, map[string]any, []any:
		default:
			row[f.name] = r.scalar(table, id, f.name, v)
		}
	}
	if row["id"] == "" {
		r.problem(table, "", "id", "has no id; skipped with everything nested in it")
		return ""
	}
	id = row["id"]
	for _, l := range links {
		switch {
		case row[l.column] == "":
			row[l.column] = l.value
		case l.column == "resource_type" && row[l.column] != l.value:
			r.problem(table, id, l.column, "says "+row[l.column]+" but is nested in a "+l.value+"; read as "+l.value)
			row[l.column] = l.value
		}
	}
	for _, rel := range slices.Concat(objectRels, readObjectRels) {
		obj, ok := m[rel.key].(map[string]any)
		if rel.key == "taxonomy_detail" && !ok {
			obj, ok = m["taxonomy_details"].(map[string]any) // the field guidance spells it so
		}
		if rel.parent != table || !ok {
			continue
		}
		if childID := r.flatten(rel.child, obj, nil); childID != "" && row[rel.column] == "" {
			row[rel.column] = childID
		}
	}
	r.put(table, row)
	for _, rel := range slices.Concat(arrayRels, readArrayRels) {
		if rel.parent == table {
			r.children(rel.child, m[rel.key], []link{{rel.column, id}})
		}
	}
	if hasAttributes(table) {
		r.children("attribute", m["attributes"], []link{{"link_id", id}, {"link_entity", table}})
		r.children("metadata", m["metadata"], []link{{"resource_id", id}, {"resource_type", table}})
	}
	return id
}

func (r *jsonReader) children(table string, v any, links []link) {
	list, _ := v.([]any)
	for _, x := range list {
		if obj, ok := x.(map[string]any); ok {
			r.flatten(table, obj, links)
		}
	}
}

// scalar is a JSON value as text, reporting a value of the wrong type.
func (r *jsonReader) scalar(table, id, field string, v any) string {
	wantNumber := tablesByName[table].kindOf(field) == number
	switch v := v.(type) {
	case json.Number:
		if !wantNumber {
			r.problem(table, id, field, "is a number; HSDS wants text")
		}
		return v.String()
	case string:
		if wantNumber && v != "" {
			r.problem(table, id, field, "is text; HSDS wants a number")
		}
		return v
	case bool:
		r.problem(table, id, field, "is true or false; HSDS wants text")
		return strconv.FormatBool(v)
	}
	return ""
}

// put adds a row, or merges it into the row with the same id read before:
// the same record appears at many places of a nested document. Empty
// fields are filled; a different value is reported and the first kept.
func (r *jsonReader) put(table string, row Row) {
	t := r.d.table(table)
	have, added := t.add(row, origin{file: r.file})
	if added {
		return
	}
	fields := make([]string, 0, len(row))
	for k := range row {
		fields = append(fields, k)
	}
	slices.Sort(fields)
	for _, k := range fields {
		v := row[k]
		switch {
		case have[k] == "":
			have[k] = v
		case have[k] != v && !sameValue(t.def.kindOf(k), have[k], v) && t.def.refs[k] == "" && k != "link_id" && k != "link_entity" && k != "resource_id" && k != "resource_type":
			r.problem(table, row["id"], k, "the same id appears with different values ("+quote(have[k])+", then "+quote(v)+"); the first is kept")
		}
	}
	t.index = nil
}

// sameValue reports whether two spellings mean the same: "10:00" and
// "10:00:00" are the same time.
func sameValue(k kind, a, b string) bool {
	if k == clock {
		x, okA := parseClock(a)
		y, okB := parseClock(b)
		return okA && okB && x == y
	}
	return false
}

func quote(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "..."
	}
	return strconv.Quote(s)
}
