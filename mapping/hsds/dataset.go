package hsds

import (
	"cmp"
	"slices"
	"strings"
)

// Row is one HSDS record: field → value, numbers in their textual form. An
// absent field and an empty one mean the same.
type Row map[string]string

// origin is where a row was read from, for problem reports.
type origin struct {
	file string
	line int // CSV line; 0 for JSON
}

// table holds the rows of one HSDS object type, in the order they came.
type table struct {
	def    *tableDef
	rows   []Row
	origin []origin
	byID   map[string]int
	index  map[string]map[string][]int // column → value → row positions; built on demand
}

// dataset is a set of HSDS tables: what Haven exports and what an import
// reads, whatever the format (nested JSON, CSV datapackage, HSDS 1.1).
type dataset struct {
	tables map[string]*table
}

func newDataset() *dataset {
	d := &dataset{tables: map[string]*table{}}
	for _, def := range tableDefs {
		d.tables[def.name] = &table{def: def, byID: map[string]int{}}
	}
	return d
}

func (d *dataset) table(name string) *table { return d.tables[name] }

// add appends r unless a row with its id is there already; it returns the
// row that holds the id afterwards and whether r was added.
func (t *table) add(r Row, at origin) (Row, bool) {
	id := r["id"]
	if i, ok := t.byID[id]; ok && id != "" {
		return t.rows[i], false
	}
	if id != "" {
		t.byID[id] = len(t.rows)
	}
	t.rows = append(t.rows, r)
	t.origin = append(t.origin, at)
	t.index = nil
	return r, true
}

func (t *table) get(id string) (Row, bool) {
	if id == "" {
		return nil, false
	}
	i, ok := t.byID[id]
	if !ok {
		return nil, false
	}
	return t.rows[i], true
}

func (t *table) originOf(id string) origin {
	if i, ok := t.byID[id]; ok {
		return t.origin[i]
	}
	return origin{}
}

// where returns the rows whose column holds value, in table order.
func (t *table) where(column, value string) []Row {
	if value == "" {
		return nil
	}
	if t.index == nil {
		t.index = map[string]map[string][]int{}
	}
	idx, ok := t.index[column]
	if !ok {
		idx = map[string][]int{}
		for i, r := range t.rows {
			if v := r[column]; v != "" {
				idx[v] = append(idx[v], i)
			}
		}
		t.index[column] = idx
	}
	out := make([]Row, 0, len(idx[value]))
	for _, i := range idx[value] {
		out = append(out, t.rows[i])
	}
	return out
}

// attributesOf returns the attributes linked to a record of a table.
func (d *dataset) attributesOf(entity, id string) []Row {
	var out []Row
	for _, a := range d.table("attribute").where("link_id", id) {
		if a["link_entity"] == "" || a["link_entity"] == entity {
			out = append(out, a)
		}
	}
	return out
}

// remove drops the rows for which drop returns true.
func (t *table) remove(drop func(Row) bool) {
	rows, origins := t.rows[:0], t.origin[:0]
	for i, r := range t.rows {
		if !drop(r) {
			rows = append(rows, r)
			origins = append(origins, t.origin[i])
		}
	}
	t.rows, t.origin = rows, origins
	t.reindex()
}

func (t *table) reindex() {
	t.byID = map[string]int{}
	for i, r := range t.rows {
		if _, dup := t.byID[r["id"]]; !dup && r["id"] != "" {
			t.byID[r["id"]] = i
		}
	}
	t.index = nil
}

// sortByID orders every table by id, so that an export is the same
// whatever the order the directory holds things in.
func (d *dataset) sortByID() {
	type keyed struct {
		id string
		at int
	}
	for _, t := range d.tables {
		keys := make([]keyed, len(t.rows))
		for i, r := range t.rows {
			keys[i] = keyed{r["id"], i}
		}
		slices.SortFunc(keys, func(a, b keyed) int { return cmp.Or(strings.Compare(a.id, b.id), a.at-b.at) })
		rows, origins := make([]Row, len(keys)), make([]origin, len(keys))
		for i, k := range keys {
			rows[i], origins[i] = t.rows[k.at], t.origin[k.at]
		}
		t.rows, t.origin = rows, origins
		t.reindex()
	}
}
