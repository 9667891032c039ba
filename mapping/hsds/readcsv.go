package hsds

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/haven-project/haven"
)

// csvFile is a parsed CSV file: lower-case header and records.
type csvFile struct {
	name    string
	header  []string
	records [][]string
}

// parseCSV reads a whole CSV file. A file that is not UTF-8 or not CSV is an
// error naming the line: the whole import stops.
func parseCSV(name string, body []byte) (csvFile, error) {
	body = bytes.TrimPrefix(body, bom)
	if !utf8.Valid(body) {
		return csvFile{}, haven.Errorf(haven.KindInvalid, "%s is not UTF-8 text; save it as UTF-8", name)
	}
	r := csv.NewReader(bytes.NewReader(body))
	records, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return csvFile{}, haven.Errorf(haven.KindInvalid, "%s is not valid CSV: line %d: %v", name, pe.Line, pe.Err)
		}
		return csvFile{}, haven.Errorf(haven.KindInvalid, "%s is not valid CSV", name)
	}
	f := csvFile{name: name}
	if len(records) == 0 {
		return f, nil
	}
	for _, h := range records[0] {
		f.header = append(f.header, strings.ToLower(strings.TrimSpace(h)))
	}
	f.records = records[1:]
	return f, nil
}

// rows returns the records as rows; line numbers start at 2 (after the header).
func (f csvFile) rows() []Row {
	out := make([]Row, len(f.records))
	for i, rec := range f.records {
		r := Row{}
		for j, h := range f.header {
			if v := strings.TrimSpace(rec[j]); v != "" {
				r[h] = v
			}
		}
		out[i] = r
	}
	return out
}

// csvFiles parses every .csv file of the input, in name order.
func csvFiles(in *input) ([]csvFile, error) {
	var out []csvFile
	for _, name := range in.names() {
		if !strings.EqualFold(filepath.Ext(name), ".csv") {
			continue
		}
		f, err := parseCSV(name, in.files[name])
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// addCSVRows adds the rows of a file to a table of d, reporting rows
// without an id and ids used twice (the first row wins).
func addCSVRows(d *dataset, tableName string, f csvFile, rows []Row, ps *problems) {
	t := d.table(tableName)
	for i, r := range rows {
		line := i + 2
		if r["id"] == "" {
			ps.add(Problem{File: f.name, Object: tableName, Field: "id", Message: fmt.Sprintf("line %d has no id; the row is ignored", line)})
			continue
		}
		if _, added := t.add(r, origin{file: f.name, line: line}); !added {
			ps.add(Problem{File: f.name, Object: tableName, ID: r["id"], Field: "id",
				Message: fmt.Sprintf("line %d: the id is used by an earlier row of %s; this row is ignored", line, tableName)})
		}
	}
}

// readTabular3 reads an HSDS 3 CSV datapackage.
func readTabular3(in *input, d *dataset, ps *problems) error {
	files, err := csvFiles(in)
	if err != nil {
		return err
	}
	for _, f := range files {
		name := tableOf(f.name)
		if name == "" {
			ps.add(Problem{File: f.name, Message: "is not a table of HSDS 3; the file is ignored"})
			continue
		}
		for _, h := range f.header {
			if !tablesByName[name].has(h) {
				ps.add(Problem{File: f.name, Object: name, Field: h, Message: "is not a field of " + name + "; the column is ignored"})
			}
		}
		addCSVRows(d, name, f, f.rows(), ps)
	}
	return nil
}

// checkListing compares datapackage.json with the files there are.
func checkListing(in *input, ps *problems) {
	body, ok := in.files["datapackage.json"]
	if !ok {
		return
	}
	var pkg struct {
		Resources []struct {
			Path any `json:"path"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(body, bom), &pkg); err != nil {
		ps.add(Problem{File: "datapackage.json", Message: "is not valid JSON; it is ignored"})
		return
	}
	listed := map[string]bool{}
	for _, r := range pkg.Resources {
		p, _ := r.Path.(string)
		if p == "" {
			continue
		}
		base := filepath.Base(p)
		listed[base] = true
		if _, there := in.files[base]; !there {
			ps.add(Problem{File: "datapackage.json", Field: "resources", Message: "lists " + base + ", which is not in the package"})
		}
	}
	for _, name := range in.names() {
		if strings.EqualFold(filepath.Ext(name), ".csv") && !listed[name] {
			ps.add(Problem{File: name, Message: "is not listed in datapackage.json"})
		}
	}
}
