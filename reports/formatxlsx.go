package reports

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes a workbook with a sheet per service type — its regions,
// then its parent and country roll-ups, numbers as numbers — and a last
// sheet, "method", with the parameters and data versions.
func WriteXLSX(w io.Writer, run Run) error {
	f := excelize.NewFile()
	defer f.Close()
	rep := run.Report
	byService := map[string][]Row{}
	for _, r := range allRows(rep) {
		byService[r.Service] = append(byService[r.Service], r)
	}
	services := rep.Method.Services
	if len(services) == 0 {
		for s := range byService {
			services = append(services, s)
		}
		slices.Sort(services)
	}
	used := map[string]bool{}
	first := true
	for _, svc := range services {
		name := sheetName(svc, used)
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := writeServiceSheet(f, name, byService[svc]); err != nil {
			return err
		}
	}
	methodSheet := sheetName("method", used)
	if first {
		if err := f.SetSheetName("Sheet1", methodSheet); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(methodSheet); err != nil {
		return err
	}
	if err := writeMethodSheet(f, methodSheet, run); err != nil {
		return err
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

func writeServiceSheet(f *excelize.File, sheet string, rows []Row) error {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header := make([]any, len(Columns))
	for i, c := range Columns {
		header[i] = c
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, xlsxCells(r)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// xlsxCells are a row's values, numbers as numbers and nil as an empty cell.
// Text cells are written as text, never as formulas.
func xlsxCells(r Row) []any {
	n := func(x *float64) any {
		if x == nil {
			return nil
		}
		return *x
	}
	return []any{r.RegionCode, r.RegionName, r.Level, r.ParentCode, r.Service, r.ProvidersLocated, r.ProvidersServing,
		n(r.Capacity), n(r.Population), n(r.ProvidersPer100k), n(r.NearestKm), n(r.PopulationWithinShare),
		n(r.AccessIndex), n(r.UnmetDemand), r.GapClass, xlsxFlag(r.UnmetDemandSuppressed)}
}

// xlsxFlag is a yes-or-no cell: TRUE, or empty for no.
func xlsxFlag(b bool) any {
	if b {
		return true
	}
	return nil
}

func writeMethodSheet(f *excelize.File, sheet string, run Run) error {
	m := run.Report.Method
	d := run.DataVersions
	lines := [][2]string{
		{"run", run.ID},
		{"created at", run.CreatedAt.Format("2006-01-02 15:04:05Z")},
		{"created by", run.CreatedBy},
		{"boundary set", fmt.Sprintf("%s version %d, level %d", d.BoundarySet, d.BoundaryVersion, d.Level)},
		{"provider snapshot", d.ProviderSnapshot.Format("2006-01-02 15:04:05Z")},
		{"population source", d.PopulationSource},
		{"need source", d.NeedSource},
		{"unmet demand source", d.FeedbackSource},
		{"method", string(m.Method)},
		{"services", strings.Join(m.Services, ", ")},
		{"catchment km", strconv.FormatFloat(m.CatchmentKm, 'f', -1, 64)},
		{"within km", strconv.FormatFloat(m.WithinKm, 'f', -1, 64)},
		{"distance", m.Distance},
	}
	for _, s := range m.Formulas {
		lines = append(lines, [2]string{"formula", s})
	}
	for _, s := range m.Notes {
		lines = append(lines, [2]string{"note", s})
	}
	for _, s := range m.Caveats {
		lines = append(lines, [2]string{"caveat", s})
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, []any{l[0], l[1]}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sheetName makes a valid, unique worksheet name (31 characters at most,
// none of []:*?/\).
func sheetName(name string, used map[string]bool) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	base := []rune(name)
	if len(base) > 31 {
		base = base[:31]
	}
	if len(base) == 0 {
		base = []rune("service")
	}
	out := string(base)
	for i := 2; used[strings.ToLower(out)]; i++ {
		suffix := "~" + strconv.Itoa(i)
		out = string(base[:min(len(base), 31-len(suffix))]) + suffix
	}
	used[strings.ToLower(out)] = true
	return out
}
