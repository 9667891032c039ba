package reports

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping"
)

// Format is a file format a run can be written in.
type Format string

// The formats of a run.
const (
	FormatCSV     Format = "csv"
	FormatJSON    Format = "json"
	FormatGeoJSON Format = "geojson"
	FormatXLSX    Format = "xlsx"
	FormatHTML    Format = "html"
	FormatPDF     Format = "pdf"
)

// Formats lists every format.
var Formats = []Format{FormatCSV, FormatJSON, FormatGeoJSON, FormatXLSX, FormatHTML, FormatPDF}

// ExportOptions say how to write a run.
type ExportOptions struct {
	Format Format
	// HXL adds a row of HXL hashtags under the CSV header. An HXL table
	// tags its place columns with one administrative level (#adm2+code),
	// so with HXL the roll-up rows, of other levels, are left out.
	HXL bool
	// Service keeps the rows of one service type of the run, in every
	// format; empty keeps them all.
	Service string
	// Measure colours the main map of the printable report (html, pdf):
	// one of MapMeasures. Empty maps the gap class of a one-service
	// report, or else how many service types each region lacks.
	Measure string
}

// Check reports a bad format or option as haven.ErrInvalid.
func (o ExportOptions) Check() error {
	var v haven.Validation
	v.Check(slices.Contains(Formats, o.Format), "format", "must be one of csv, json, geojson, xlsx, html, pdf")
	v.Check(!o.HXL || o.Format == FormatCSV, "hxl", "applies to csv only")
	printable := o.Format == FormatHTML || o.Format == FormatPDF
	v.Check(o.Measure == "" || printable, "measure", "applies to html and pdf only")
	v.Check(o.Measure == "" || slices.Contains(MapMeasures, o.Measure), "measure", "must be one of "+strings.Join(MapMeasures, ", "))
	if err := v.Err(); err != nil {
		return err
	}
	if printable && printableHTML == nil {
		return errNoPrintable
	}
	if o.Format == FormatPDF {
		if _, err := chromiumPath(); err != nil {
			return err
		}
	}
	return nil
}

var errNoPrintable = &haven.Error{Kind: haven.KindInvalid, Message: "the printable report is not available yet",
	Fields: []haven.FieldError{{Field: "format", Message: "html is not available yet in this version of Haven; use csv, json, geojson or xlsx"}}}

// ContentType is the media type of a format.
func (f Format) ContentType() string {
	switch f {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatJSON:
		return "application/json; charset=utf-8"
	case FormatGeoJSON:
		return "application/geo+json"
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case FormatHTML:
		return "text/html; charset=utf-8"
	case FormatPDF:
		return "application/pdf"
	}
	return "application/octet-stream"
}

// FileName is a download name for a run in a format.
func (r Run) FileName(f Format) string {
	safe := strings.Map(func(c rune) rune {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			return c
		}
		return '_'
	}, r.Label())
	return "coverage-" + safe + "." + string(f)
}

// PrintableInput is what the printable report is drawn from.
type PrintableInput struct {
	Run Run
	// Previous is the run before Run of the same set and level, nil when
	// there is none; Change compares the two.
	Previous *Run
	Change   *Comparison
	// Shapes are the display boundaries of the run's regions, by code.
	Shapes []mapping.RegionShape
	// BoundarySource is where the boundary set came from, as imported.
	BoundarySource string
	// ServiceNames name the service types by code (the taxonomy's names).
	ServiceNames map[string]string
	// Measure is ExportOptions.Measure.
	Measure string
}

// printableHTML writes the A4 printable report (HTML with an SVG
// choropleth). reports/printable*.go installs it; until then an html
// export fails saying it is not available yet.
var printableHTML func(w io.Writer, in PrintableInput) error

// Export writes a run (with its report) to w in the format asked, with
// unmet demand withheld under the minimum for files (see suppressUnmet),
// in the previous run the printable report compares with too. GeoJSON,
// HTML and PDF read the run's region boundaries (the set version the run
// used); PDF prints the HTML with headless Chromium. It fails with
// haven.ErrInvalid for a bad format or option, a service type the run does
// not hold, or for pdf when Chromium is not installed.
func (s *Service) Export(ctx context.Context, run Run, opts ExportOptions, w io.Writer) error {
	if err := opts.Check(); err != nil {
		return err
	}
	if run.Report == nil {
		return fmt.Errorf("export run %s: no results loaded", run.ID)
	}
	run = s.forExport(run)
	if opts.Service != "" {
		var err error
		if run, err = onlyService(run, opts.Service); err != nil {
			return err
		}
	}
	switch opts.Format {
	case FormatCSV:
		return WriteCSV(w, run.Report, opts.HXL)
	case FormatJSON:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(run)
	case FormatGeoJSON:
		_, shapes, err := s.regions.LevelShapes(ctx, run.Parameters.Set, run.DataVersions.BoundaryVersion, run.Parameters.Level, true)
		if err != nil {
			return err
		}
		return WriteGeoJSON(w, run, shapes)
	case FormatXLSX:
		return WriteXLSX(w, run)
	case FormatPDF:
		var html bytes.Buffer
		if err := s.writePrintable(ctx, run, opts, &html); err != nil {
			return err
		}
		return printPDF(ctx, html.Bytes(), w)
	}
	return s.writePrintable(ctx, run, opts, w)
}

func (s *Service) writePrintable(ctx context.Context, run Run, opts ExportOptions, w io.Writer) error {
	if printableHTML == nil {
		return errNoPrintable
	}
	set, shapes, err := s.regions.LevelShapes(ctx, run.Parameters.Set, run.DataVersions.BoundaryVersion, run.Parameters.Level, true)
	if err != nil {
		return err
	}
	terms, err := s.taxonomy.Terms(ctx)
	if err != nil {
		return err
	}
	names := make(map[string]string, len(terms))
	for _, t := range terms {
		names[t.Code] = t.Name
	}
	in := PrintableInput{Run: run, Shapes: shapes, BoundarySource: set.Source, ServiceNames: names, Measure: opts.Measure}
	prev, ok, err := s.previous(ctx, run)
	if err != nil {
		return err
	}
	prev = s.forExport(prev)
	if ok && opts.Service != "" {
		// The same service alone, or every other one would show as removed.
		prev, ok = onlyServiceIfHeld(prev, opts.Service)
	}
	if ok {
		change := compareRuns(prev, run)
		in.Previous, in.Change = &prev, &change
	}
	return printableHTML(w, in)
}

// onlyService keeps the rows (and serving lists) of one service type of a
// run. It fails with haven.ErrInvalid when the run has no such type.
func onlyService(run Run, service string) (Run, error) {
	out, ok := onlyServiceIfHeld(run, service)
	if !ok {
		return Run{}, fieldError("service", fmt.Sprintf("run %s has no service type %q; it has %s", run.ID, service,
			strings.Join(run.Report.Method.Services, ", ")))
	}
	return out, nil
}

func onlyServiceIfHeld(run Run, service string) (Run, bool) {
	rep := run.Report
	if !slices.Contains(rep.Method.Services, service) {
		return Run{}, false
	}
	keep := func(rows []Row) []Row {
		out := make([]Row, 0, len(rows)/max(1, len(rep.Method.Services)))
		for _, r := range rows {
			if r.Service == service {
				out = append(out, r)
			}
		}
		return out
	}
	one := *rep
	one.Regions, one.Parents, one.Countries = keep(rep.Regions), keep(rep.Parents), keep(rep.Countries)
	one.Method.Services = []string{service}
	if rep.Serving != nil {
		one.Serving = make(map[string]map[string][]string, len(rep.Serving))
		for code, byService := range rep.Serving {
			if ids, ok := byService[service]; ok {
				one.Serving[code] = map[string][]string{service: ids}
			}
		}
	}
	run.Report, run.RowCount = &one, len(one.Regions)
	return run, true
}

// previous finds the latest run before run of the same set and level.
func (s *Service) previous(ctx context.Context, run Run) (Run, bool, error) {
	var rows []runRow
	if err := s.db.WithContext(ctx).Where("set_name = ? AND level = ? AND id < ?", run.Parameters.Set, run.Parameters.Level, run.ID).
		Order("id DESC").Limit(1).Find(&rows).Error; err != nil {
		return Run{}, false, fmt.Errorf("find the previous run: %w", err)
	}
	if len(rows) == 0 {
		return Run{}, false, nil
	}
	prev, err := rows[0].run(true)
	return prev, err == nil, err
}

// WriteCSV writes the rows of a report with the columns in Columns'
// order, empty where a measure was not computed: the regions, then the
// parent and country roll-ups — or, with hxl, a row of HXL hashtags under
// the header and the regions alone.
func WriteCSV(w io.Writer, rep *Report, hxl bool) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if err := cw.Write(Columns); err != nil {
		return err
	}
	rows := allRows(rep)
	if hxl {
		level := 0
		if len(rep.Regions) > 0 {
			level = rep.Regions[0].Level
		}
		if err := cw.Write(HXLTags(level)); err != nil {
			return err
		}
		rows = rep.Regions
	}
	for _, r := range rows {
		if err := cw.Write(cells(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// cells are a row's values as text: numbers in their shortest exact form,
// "" for nil, text defused so a spreadsheet never runs it as a formula.
func cells(r Row) []string {
	return []string{defuse(r.RegionCode), defuse(r.RegionName), strconv.Itoa(r.Level), defuse(r.ParentCode), defuse(r.Service),
		strconv.Itoa(r.ProvidersLocated), strconv.Itoa(r.ProvidersServing), num(r.Capacity), num(r.Population),
		num(r.ProvidersPer100k), num(r.NearestKm), num(r.PopulationWithinShare), num(r.AccessIndex), num(r.UnmetDemand),
		defuse(r.GapClass), flag(r.UnmetDemandSuppressed)}
}

// flag is a yes-or-no column: "true", or empty for no.
func flag(b bool) string {
	if b {
		return "true"
	}
	return ""
}

func num(x *float64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatFloat(*x, 'f', -1, 64)
}

// defuse keeps a spreadsheet from running imported text (a region name)
// as a formula: text starting with = + - @ or a tab or return gets a
// leading apostrophe.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// HXLTags are the HXL hashtags (HXL 1.1) of the CSV columns for a report
// of one administrative level: places as #adm1…#adm5 (#loc deeper), the
// service type as #service+code, counts and measures as #indicator+num
// with an attribute naming the column, population as #population+total,
// the gap class as #status+gap_class.
func HXLTags(level int) []string {
	place := func(l int) string {
		switch {
		case l <= 0:
			return "#country"
		case l <= 5:
			return "#adm" + strconv.Itoa(l)
		}
		return "#loc"
	}
	return []string{
		place(level) + "+code",
		place(level) + "+name",
		"#meta+level",
		place(level-1) + "+code",
		"#service+code",
		"#indicator+num+providers_located",
		"#indicator+num+providers_serving",
		"#indicator+num+capacity",
		"#population+total",
		"#indicator+num+providers_per_100k",
		"#indicator+num+nearest_km",
		"#indicator+num+population_within_share",
		"#indicator+num+access_index",
		"#indicator+num+unmet_demand",
		"#status+gap_class",
		"#meta+unmet_demand_suppressed",
	}
}
