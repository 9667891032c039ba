package analytics

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/xuri/excelize/v2"
)

// Format is an export file format.
type Format string

// The export formats.
const (
	FormatCSV     Format = "csv"
	FormatXLSX    Format = "xlsx"
	FormatGeoJSON Format = "geojson"
)

// ExportOptions say what to export.
type ExportOptions struct {
	Format Format
	// Labels writes select answers as their labels (in the survey's
	// default language) instead of their codes.
	Labels bool
	// Part names a repeat: a CSV export then holds one row per instance of
	// it instead of one per submission. Only for CSV; XLSX holds every
	// repeat in its own sheet.
	Part   string
	Filter Filter
}

// Export is a checked export, ready to stream.
type Export struct {
	s       *Service
	u       accounts.User
	sv      surveys.Survey
	opts    ExportOptions
	l       labeller
	cols    []column
	repeats [][]string
	part    []string // the repeat path of Part

	// Filename and ContentType describe the file.
	Filename    string
	ContentType string
}

// Export checks that u may export the survey's raw answers and returns the
// export, without reading any submission yet. Raw answers need the
// raw_data grant, on top of a role that reads analytics (admins too need
// the grant). It fails with haven.ErrForbidden, haven.ErrInvalid for a bad
// format, part or filter, and haven.ErrNotFound.
func (s *Service) Export(ctx context.Context, u accounts.User, surveyID string, opts ExportOptions) (*Export, error) {
	if analyst(u) && !u.Has(accounts.GrantRawData) {
		return nil, haven.Errorf(haven.KindForbidden, "exports hold raw answers: they need the raw_data grant, which an admin gives")
	}
	sv, err := s.start(ctx, u, surveyID, opts.Filter)
	if err != nil {
		return nil, err
	}
	d := sv.Latest.Definition
	e := &Export{s: s, u: u, sv: sv, opts: opts, l: labeller{d: d, lang: d.DefaultLanguage}}
	e.cols, e.repeats = columns(d, d.DefaultLanguage)
	var v haven.Validation
	switch opts.Format {
	case FormatCSV:
		e.ContentType = "text/csv; charset=utf-8"
	case FormatXLSX:
		e.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case FormatGeoJSON:
		e.ContentType = "application/geo+json"
	default:
		v.Add("format", "must be csv, xlsx or geojson")
	}
	if opts.Part != "" {
		i := slices.IndexFunc(e.repeats, func(p []string) bool { return p[len(p)-1] == opts.Part })
		switch {
		case opts.Format != FormatCSV:
			v.Add("part", "applies to CSV only; an XLSX export holds every repeat in its own sheet")
		case i < 0:
			v.Add("part", "must name a repeat of the survey")
		default:
			e.part = e.repeats[i]
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	name := sv.FormID
	if opts.Part != "" {
		name += "-" + opts.Part
	}
	e.Filename = safeName.ReplaceAllString(name, "_") + "." + string(opts.Format)
	return e, nil
}

var safeName = regexp.MustCompile(`[^A-Za-z0-9_.-]`)

// Stream writes the export to w, reading the submissions a batch at a time,
// and audits it (survey.export, with the format, the rows written and how
// many submissions held confidential answers shown to a holder of the
// confidential grant), also when it fails half-way. Without the
// confidential grant, the place answers of region_only and hidden places
// — by the answers or the linked provider (review.PlaceRule) — are left
// out, and so are their points. It returns
// the rows written: submissions, repeat instances for a CSV part, features
// for GeoJSON.
func (e *Export) Stream(ctx context.Context, w io.Writer) (rows int, err error) {
	revealed := 0
	count := func(r record) {
		if r.revealed {
			revealed++
		}
	}
	switch {
	case e.opts.Format == FormatXLSX:
		rows, err = e.xlsx(ctx, w, count)
	case e.opts.Format == FormatGeoJSON:
		rows, err = e.geojson(ctx, w, count)
	default:
		rows, err = e.csv(ctx, w, count)
	}
	detail := map[string]any{"format": string(e.opts.Format), "rows": rows, "labels": e.opts.Labels, "complete": err == nil}
	if e.opts.Part != "" {
		detail["part"] = e.opts.Part
	}
	if revealed > 0 {
		detail["confidential"] = revealed
	}
	if aerr := e.s.audit.Record(withActor(context.WithoutCancel(ctx), e.u), nil, "survey.export", "survey", e.sv.ID, detail); aerr != nil && err == nil {
		err = aerr
	}
	return rows, err
}

func (e *Export) scan(ctx context.Context, fn func(record) error) error {
	return e.s.scanPlaced(ctx, e.sv.ID, e.opts.Filter, mapping.ViewerOf(e.u), func(recs []record) error {
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	})
}

// sheetColumns returns the columns of one sheet: those directly in the
// repeat path (nil: outside repeats).
func (e *Export) sheetColumns(path []string) []column {
	var out []column
	for _, c := range e.cols {
		if slices.Equal(c.Repeats, path) {
			out = append(out, c)
		}
	}
	return out
}

var submissionHeader = []string{"id", "instance_id", "submitted_at", "status", "collector"}
var repeatHeader = []string{"submission_id", "position"}

func header(fixed []string, cols []column) []string {
	out := slices.Clone(fixed)
	for _, c := range cols {
		out = append(out, c.Name)
	}
	return out
}

func (r record) fixed() []string {
	return []string{r.ID, r.InstanceID, r.SubmittedAt.UTC().Format(time.RFC3339), r.Status, r.CollectorEmail}
}

func (e *Export) cells(inst map[string]any, cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = defuse(c, e.l.format(c, text(inst[c.Name]), e.opts.Labels))
	}
	return out
}

// defuse keeps a spreadsheet from running an answer as a formula (one
// that could send the file's other cells away): text starting with = + - @
// or a tab or return gets a leading apostrophe. Numbers stay numbers.
func defuse(c column, s string) string {
	if s == "" {
		return s
	}
	if (c.Type == surveys.TypeInteger || c.Type == surveys.TypeDecimal) && !c.Other {
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// csv writes one row per submission, or per instance of the part.
func (e *Export) csv(ctx context.Context, w io.Writer, count func(record)) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	rows := 0
	var err error
	if e.part == nil {
		cols := e.sheetColumns(nil)
		if err := cw.Write(header(submissionHeader, cols)); err != nil {
			return 0, err
		}
		err = e.scan(ctx, func(r record) error {
			count(r)
			rows++
			return cw.Write(append(r.fixed(), e.cells(r.answers, cols)...))
		})
	} else {
		cols := e.sheetColumns(e.part)
		if err := cw.Write(header(repeatHeader, cols)); err != nil {
			return 0, err
		}
		err = e.scan(ctx, func(r record) error {
			count(r)
			var werr error
			instances(r.answers, e.part, "", func(inst map[string]any, pos string) {
				if werr == nil {
					rows++
					werr = cw.Write(append([]string{r.ID, pos}, e.cells(inst, cols)...))
				}
			})
			return werr
		})
	}
	if err != nil {
		return rows, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return rows, err
	}
	return rows, bw.Flush()
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
	out := string(base)
	for i := 2; used[strings.ToLower(out)]; i++ {
		suffix := "~" + strconv.Itoa(i)
		out = string(base[:min(len(base), 31-len(suffix))]) + suffix
	}
	used[strings.ToLower(out)] = true
	return out
}

type xlsxSheet struct {
	path []string
	cols []column
	sw   *excelize.StreamWriter
	next int // the next row number
}

func (sh *xlsxSheet) add(values []any) error {
	cell, _ := excelize.CoordinatesToCellName(1, sh.next)
	sh.next++
	return sh.sw.SetRow(cell, values)
}

// xlsxRow converts cells, writing integer and decimal answers as numbers.
func xlsxRow(fixed, cells []string, cols []column) []any {
	out := make([]any, 0, len(fixed)+len(cells))
	for _, s := range fixed {
		out = append(out, s)
	}
	for i, s := range cells {
		c := cols[i]
		if (c.Type == surveys.TypeInteger || c.Type == surveys.TypeDecimal) && !c.Other {
			if x, err := strconv.ParseFloat(s, 64); err == nil {
				out = append(out, x)
				continue
			}
		}
		out = append(out, s)
	}
	return out
}

func anyStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// xlsx writes a workbook with a "submissions" sheet and a sheet per repeat,
// through excelize's stream writers (rows spill to temporary files, not
// memory).
func (e *Export) xlsx(ctx context.Context, w io.Writer, count func(record)) (int, error) {
	f := excelize.NewFile()
	defer f.Close()
	used := map[string]bool{}
	main := sheetName("submissions", used)
	if err := f.SetSheetName("Sheet1", main); err != nil {
		return 0, err
	}
	sheets := []*xlsxSheet{{cols: e.sheetColumns(nil)}}
	names := []string{main}
	for _, p := range e.repeats {
		name := sheetName(p[len(p)-1], used)
		if _, err := f.NewSheet(name); err != nil {
			return 0, err
		}
		sheets = append(sheets, &xlsxSheet{path: p, cols: e.sheetColumns(p)})
		names = append(names, name)
	}
	for i, sh := range sheets {
		sw, err := f.NewStreamWriter(names[i])
		if err != nil {
			return 0, err
		}
		sh.sw, sh.next = sw, 1
		fixed := submissionHeader
		if sh.path != nil {
			fixed = repeatHeader
		}
		if err := sh.add(anyStrings(header(fixed, sh.cols))); err != nil {
			return 0, err
		}
	}
	rows := 0
	err := e.scan(ctx, func(r record) error {
		count(r)
		rows++
		if err := sheets[0].add(xlsxRow(r.fixed(), e.cells(r.answers, sheets[0].cols), sheets[0].cols)); err != nil {
			return err
		}
		var werr error
		for _, sh := range sheets[1:] {
			instances(r.answers, sh.path, "", func(inst map[string]any, pos string) {
				if werr == nil {
					werr = sh.add(xlsxRow([]string{r.ID, pos}, e.cells(inst, sh.cols), sh.cols))
				}
			})
		}
		return werr
	})
	if err != nil {
		return rows, err
	}
	for _, sh := range sheets {
		if err := sh.sw.Flush(); err != nil {
			return rows, err
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return rows, fmt.Errorf("write workbook: %w", err)
	}
	return rows, nil
}

// geojson writes a FeatureCollection of the located submissions, with
// their answers outside repeats as properties, and the foreign members
// withheld and unlocated (see FeatureCollection) after the features.
func (e *Export) geojson(ctx context.Context, w io.Writer, count func(record)) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cols := e.sheetColumns(nil)
	if _, err := io.WriteString(bw, `{"type":"FeatureCollection","features":[`); err != nil {
		return 0, err
	}
	rows, withheld, unlocated := 0, 0, 0
	err := e.scan(ctx, func(r record) error {
		count(r)
		switch {
		case r.withheld:
			withheld++
			return nil
		case r.Latitude == nil || r.Longitude == nil:
			unlocated++
			return nil
		}
		props := map[string]any{"instance_id": r.InstanceID, "submitted_at": r.SubmittedAt.UTC().Format(time.RFC3339),
			"status": r.Status, "collector": r.CollectorEmail}
		for i, v := range e.cells(r.answers, cols) {
			if v != "" {
				props[cols[i].Name] = v
			}
		}
		b, err := json.Marshal(newFeature(r, props))
		if err != nil {
			return err
		}
		if rows > 0 {
			bw.WriteByte(',')
		}
		rows++
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return rows, err
	}
	fmt.Fprintf(bw, `],"withheld":%d,"unlocated":%d}`, withheld, unlocated)
	return rows, bw.Flush()
}
