package mapping

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/xuri/excelize/v2"
)

// The bulk template has one row per service a provider offers at a place.
// Rows with the same provider_key make one provider; rows of a provider
// with the same location_name (or coordinates) share one location. Lists
// inside a cell are separated by commas.
var BulkColumns = []BulkColumn{
	{"provider_key", "Any text that groups the rows of one provider (required)"},
	{"name", "Organization name (required on the provider's first row)"},
	{"org_type", strings.Join(OrgTypes, ", ")},
	{"country", "ISO 3166-1 alpha-2 code, such as TH (required)"},
	{"description", "What the organization does"},
	{"website", "https://…"},
	{"email", "Contact e-mail"},
	{"status", strings.Join(ProviderStatuses, ", ")},
	{"location_name", "Name of the place, such as Mae Sot office"},
	{"tier", "public, region_only (only the region is shown) or hidden (shown to no one without the right)"},
	{"address", "Street and number"},
	{"city", "Town or city"},
	{"province", "Province or state"},
	{"postal_code", "Postal code"},
	{"latitude", "Decimal degrees, -90 to 90, such as 16.7167"},
	{"longitude", "Decimal degrees, -180 to 180, such as 98.5667"},
	{"service_type", "A Haven service type code, such as accommodation.emergency (required)"},
	{"service_description", "What the service offers"},
	{"genders", "female, male; empty for anyone"},
	{"min_age", "Youngest age served, in years"},
	{"max_age", "Oldest age served, in years"},
	{"legal_statuses", strings.Join(LegalStatuses, ", ") + "; empty for anyone"},
	{"trafficking_forms", strings.Join(TraffickingForms, ", ") + "; empty for any"},
	{"victim_status", strings.Join(VictimStatuses, ", ") + ": what is required"},
	{"languages", "ISO 639 codes, such as th, my, en"},
	{"interpretation", "yes or no"},
	{"cost", strings.Join(CostKinds, ", ")},
	{"cost_note", "Conditions or fees"},
	{"walk_in", "yes or no"},
	{"referral_required", "yes or no"},
	{"next_step", "What a person should do first"},
	{"capacity_unit", "beds, places, …"},
	{"capacity_total", "Whole number"},
	{"capacity_available", "Whole number"},
	{"hours", "24/7, or days and times such as mo-fr 08:30-16:30; sa 09:00-12:00"},
	{"hotline", "Public hotline number"},
	{"phone", "Phone number of this location"},
	{"phone_tier", "public, region_only or hidden (defaults to the location's tier)"},
}

// BulkColumn is one column of the bulk template.
type BulkColumn struct {
	Name string
	Help string
}

// BulkTemplate writes the template: a header row, a row of explanations,
// and one example row. format is "csv" or "xlsx".
func BulkTemplate(w io.Writer, format string) error {
	header := make([]string, len(BulkColumns))
	help := make([]string, len(BulkColumns))
	for i, c := range BulkColumns {
		header[i], help[i] = c.Name, "# "+c.Help
	}
	example := []string{"mae-sot-1", "Example Safe House", "ngo", "TH", "Shelter for women and girls", "", "", "active",
		"Mae Sot house", "hidden", "1 Example Road", "Mae Sot", "Tak", "63110", "16.7167", "98.5667",
		"accommodation.emergency", "Emergency beds, day or night", "female", "12", "", "", "", "none", "th, my", "yes",
		"free", "", "no", "yes", "Call the hotline first", "beds", "12", "3", "24/7", "1300", "+66 55 000 000", ""}
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		cw.WriteAll([][]string{header, help, example})
		return cw.Error()
	case "xlsx":
		f := excelize.NewFile()
		defer f.Close()
		for r, row := range [][]string{header, help, example} {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				f.SetCellValue("Sheet1", cell, v)
			}
		}
		f.SetSheetName("Sheet1", "providers")
		return f.Write(w)
	}
	return haven.Errorf(haven.KindInvalid, "the template comes as csv or xlsx")
}

// BulkReport tells what a bulk import found and did.
type BulkReport struct {
	Rows      int          `json:"rows"`
	Providers int          `json:"providers"`
	Imported  int          `json:"imported"`
	Problems  []RowProblem `json:"problems"`
}

// ImportBulk reads providers from a CSV or XLSX file in the bulk template
// and adds them in one transaction. Every problem is reported by row and
// column; in strict mode (lenient false) any problem means nothing is
// written, in lenient mode the providers without problems are added.
func (d *Directory) ImportBulk(ctx context.Context, u accounts.User, src io.Reader, filename string, lenient bool) (BulkReport, error) {
	rep := BulkReport{Problems: []RowProblem{}}
	rows, err := readTable(src, filename)
	if err != nil {
		return rep, err
	}
	known, err := d.knownTypes(ctx)
	if err != nil {
		return rep, err
	}
	b := newBulkBuilder(known)
	for _, r := range rows {
		b.add(r)
	}
	rep.Rows = len(rows)
	rep.Providers = len(b.providers)
	rep.Problems = append(rep.Problems, b.problems...)
	// Check each provider as the API would, and name each problem's row and column.
	good := make([]Provider, 0, len(b.providers))
	for i := range b.providers {
		p := b.providers[i]
		// Check even a provider with bad cells, so every problem shows at once.
		if err := p.check(known); err != nil {
			rep.Problems = append(rep.Problems, b.locate(i, err)...)
			continue
		}
		if b.broken[i] {
			continue
		}
		if !CanEdit(u, p.Country) {
			rep.Problems = append(rep.Problems, RowProblem{Row: b.firstRow[i], Column: "country",
				Message: fmt.Sprintf("as %s you may not add providers in %s", u.Role, p.Country)})
			continue
		}
		good = append(good, p)
	}
	slices.SortStableFunc(rep.Problems, func(a, b RowProblem) int { return a.Row - b.Row })
	if len(rep.Problems) > 0 && !lenient {
		return rep, &haven.Error{Kind: haven.KindInvalid, Fields: rowFields(rep.Problems),
			Message: fmt.Sprintf("%d problem(s) in %d row(s); nothing was imported", len(rep.Problems), rep.Rows)}
	}
	if len(good) == 0 {
		return rep, haven.Errorf(haven.KindInvalid, "no provider could be imported")
	}
	if _, err := d.CreateMany(ctx, u, good); err != nil {
		return rep, err
	}
	rep.Imported = len(good)
	return rep, nil
}

func rowFields(ps []RowProblem) []haven.FieldError {
	out := make([]haven.FieldError, 0, min(len(ps), maxReportedFields))
	for _, p := range ps[:min(len(ps), maxReportedFields)] {
		out = append(out, haven.FieldError{Field: fmt.Sprintf("rows[%d].%s", p.Row, p.Column), Message: p.Message})
	}
	return out
}

// tableRow is one data row of the file: its line number and cells by column name.
type tableRow struct {
	line  int
	cells map[string]string
}

// readTable reads a CSV or XLSX file (by name) into rows, skipping the
// template's explanation rows (those whose first cell starts with #).
func readTable(src io.Reader, filename string) ([]tableRow, error) {
	var records [][]string
	raw, err := io.ReadAll(src)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(strings.ToLower(filename), ".xlsx") {
		f, err := excelize.OpenReader(bytes.NewReader(raw))
		if err != nil {
			return nil, haven.Errorf(haven.KindInvalid, "the file is not a readable XLSX workbook")
		}
		defer f.Close()
		if records, err = f.GetRows(f.GetSheetName(0)); err != nil {
			return nil, haven.Errorf(haven.KindInvalid, "the first sheet of the workbook cannot be read")
		}
	} else {
		cr := csv.NewReader(bytes.NewReader(raw))
		cr.FieldsPerRecord = -1
		if records, err = cr.ReadAll(); err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, haven.Errorf(haven.KindInvalid, "the file is not valid CSV: line %d: %v", pe.Line, pe.Err)
			}
			return nil, haven.Errorf(haven.KindInvalid, "the file is not valid CSV")
		}
	}
	if len(records) == 0 {
		return nil, haven.Errorf(haven.KindInvalid, "the file is empty; download the template to see the columns")
	}
	header := records[0]
	known := map[string]bool{}
	for _, c := range BulkColumns {
		known[c.Name] = true
	}
	var v haven.Validation
	for _, h := range header {
		name := strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		v.Check(name == "" || known[name], name, "is not a column of the template")
	}
	v.Check(slices.Contains(header, "provider_key"), "provider_key", "the header needs this column")
	if err := v.Err(); err != nil {
		return nil, err
	}
	var rows []tableRow
	for i, rec := range records[1:] {
		if len(rec) == 0 || strings.HasPrefix(strings.TrimSpace(rec[0]), "#") || strings.Join(rec, "") == "" {
			continue
		}
		cells := map[string]string{}
		for j, h := range header {
			if j < len(rec) {
				cells[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = strings.TrimSpace(rec[j])
			}
		}
		rows = append(rows, tableRow{line: i + 2, cells: cells})
	}
	if len(rows) == 0 {
		return nil, haven.Errorf(haven.KindInvalid, "the file has a header but no rows")
	}
	return rows, nil
}

// listCell splits a comma-separated cell.
func listCell(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var hoursRule = regexp.MustCompile(`^([a-z]{2})(?:-([a-z]{2}))?\s+(\d{2}:\d{2})-(\d{2}:\d{2})$`)

// parseHours reads "24/7" or "mo-fr 08:30-16:30; sa 09:00-12:00".
func parseHours(s string) ([]Schedule, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return nil, true
	}
	if s == "24/7" {
		return []Schedule{{Days: slices.Clone(WeekDays), AllDay: true}}, true
	}
	var out []Schedule
	for _, part := range strings.Split(s, ";") {
		m := hoursRule.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return nil, false
		}
		from, to := slices.Index(WeekDays, m[1]), slices.Index(WeekDays, m[1])
		if m[2] != "" {
			to = slices.Index(WeekDays, m[2])
		}
		if from < 0 || to < from {
			return nil, false
		}
		out = append(out, Schedule{Days: slices.Clone(WeekDays[from : to+1]), Opens: m[3], Closes: m[4]})
	}
	return out, true
}

func yesNo(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "yes", "y", "true", "1", "x":
		return true, true
	case "", "no", "n", "false", "0":
		return false, true
	}
	return false, false
}

func intCell(s string) (*int, bool) {
	if s == "" {
		return nil, true
	}
	n, err := strconv.Atoi(s)
	return &n, err == nil
}

func floatCell(s string) (*float64, bool) {
	if s == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(s, 64)
	return &f, err == nil
}
