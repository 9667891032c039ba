package hsds

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"time"
)

// zipTime is every archive member's modification time, so that the same
// data always gives the same bytes.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteZip writes the view as a tabular data package (Frictionless): a
// datapackage.json describing one CSV file per table, then the files. The
// same view always gives the same bytes.
func (v *View) WriteZip(w io.Writer) error {
	zw := zip.NewWriter(w)
	put := func(name string, body []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		_, err = f.Write(body)
		return err
	}
	pkg, err := json.MarshalIndent(datapackage(), "", "  ")
	if err != nil {
		return err
	}
	if err := put("datapackage.json", append(pkg, '\n')); err != nil {
		return err
	}
	for _, def := range tableDefs {
		if !def.exports {
			continue
		}
		body, err := v.d.csv(def.name)
		if err != nil {
			return err
		}
		if err := put(def.file, body); err != nil {
			return err
		}
	}
	return zw.Close()
}

// csv renders one table with a header of every field in schema order.
func (d *dataset) csv(name string) ([]byte, error) {
	t := d.table(name)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	header := make([]string, len(t.def.fields))
	for i, f := range t.def.fields {
		header[i] = f.name
	}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	for _, r := range t.rows {
		rec := make([]string, len(header))
		for i, f := range header {
			rec[i] = r[f]
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

var frictionlessTypes = map[kind]string{text: "string", number: "number", date: "date", datetime: "datetime", clock: "time"}

// datapackage describes the exported tables.
func datapackage() object {
	var resources []object
	for _, def := range tableDefs {
		if !def.exports {
			continue
		}
		var fields []object
		for _, f := range def.fields {
			fd := object{{"name", f.name}, {"type", frictionlessTypes[f.kind]}}
			if f.name == "id" {
				fd = append(fd, member{"constraints", object{{"required", true}, {"unique", true}}})
			}
			fields = append(fields, fd)
		}
		schema := object{{"fields", fields}, {"primaryKey", "id"}}
		var fks []object
		for _, f := range def.fields {
			target, ok := def.refs[f.name]
			if !ok || !tablesByName[target].exports {
				continue
			}
			if target == def.name {
				target = "" // Frictionless: a reference within the same resource
			}
			fks = append(fks, object{{"fields", f.name}, {"reference", object{{"resource", target}, {"fields", "id"}}}})
		}
		if len(fks) > 0 {
			schema = append(schema, member{"foreignKeys", fks})
		}
		resources = append(resources, object{{"name", def.name}, {"path", def.file}, {"format", "csv"},
			{"mediatype", "text/csv"}, {"encoding", "utf-8"}, {"profile", "tabular-data-resource"}, {"schema", schema}})
	}
	return object{
		{"name", "haven-directory"},
		{"title", "Haven directory of services for trafficking victims (Open Referral HSDS)"},
		{"profile", "tabular-data-package"},
		{"hsds_version", HSDSVersion},
		{"hsds_profile", ProfileURI},
		{"resources", resources},
	}
}
