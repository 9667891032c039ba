package hsds

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// object is a JSON object that keeps its members in order, so that HSDS
// output reads in schema order.
type object []member

type member struct {
	key   string
	value any
}

// MarshalJSON writes the members in order.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// scalars is a row's fields, in schema order, typed as the schema says.
func scalars(def *tableDef, r Row) object {
	o := object{}
	for _, f := range def.fields {
		v := r[f.name]
		if v == "" {
			continue
		}
		if f.kind == number {
			if _, err := strconv.ParseFloat(v, 64); err == nil {
				o = append(o, member{f.name, json.Number(v)})
				continue
			}
		}
		o = append(o, member{f.name, v})
	}
	return o
}

// nested is a row with every array and object below it, as the full HSDS
// API shapes have them (service_full.json, organization_full.json).
func (d *dataset) nested(tableName string, r Row) object {
	def := tablesByName[tableName]
	o := scalars(def, r)
	for _, rel := range objectRels {
		if rel.parent != tableName {
			continue
		}
		if child, ok := d.table(rel.child).get(r[rel.column]); ok {
			o = append(o, member{rel.key, d.nested(rel.child, child)})
		}
	}
	for _, rel := range arrayRels {
		if rel.parent != tableName {
			continue
		}
		if children := d.table(rel.child).where(rel.column, r["id"]); len(children) > 0 {
			list := make([]object, len(children))
			for i, c := range children {
				list[i] = d.nested(rel.child, c)
			}
			o = append(o, member{rel.key, list})
		}
	}
	if hasAttributes(tableName) {
		if attrs := d.attributesOf(tableName, r["id"]); len(attrs) > 0 {
			list := make([]object, len(attrs))
			for i, a := range attrs {
				list[i] = d.nested("attribute", a)
			}
			o = append(o, member{"attributes", list})
		}
	}
	return o
}

// withObjects is a row's scalars plus the scalars of the objects it points
// to (the list shapes: a service with its organization and program).
func (d *dataset) withObjects(tableName string, r Row) object {
	o := scalars(tablesByName[tableName], r)
	for _, rel := range objectRels {
		if rel.parent != tableName {
			continue
		}
		if child, ok := d.table(rel.child).get(r[rel.column]); ok {
			o = append(o, member{rel.key, d.withObjects(rel.child, child)})
		}
	}
	return o
}
