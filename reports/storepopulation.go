package reports

// Population points live here, in reports, and not with the boundaries in
// mapping: they are demand for the coverage measures and nothing else reads
// them — the directory, its search and its exports never do. Keeping them
// beside need figures and stored runs keeps the data a report depends on in
// one package and one migration (0009), while mapping stays the directory.

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
)

// RowProblem is something wrong with one row of an imported CSV file.
type RowProblem struct {
	Row     int    `json:"row"` // line of the file; the header is row 1
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// PopulationImport says how to read a population CSV file.
type PopulationImport struct {
	// Source names the data set; importing the same source again replaces
	// its points. Defaults to the file name without extension.
	Source     string
	File       string // the file's name, recorded with the source
	LonCol     string
	LatCol     string
	PopCol     string
	NameCol    string // optional
	MaxProblem int    // problems listed before giving up on listing; 0: 100
}

// PopulationSource is one imported population data set.
type PopulationSource struct {
	Name            string    `json:"name"`
	File            string    `json:"file"`
	Points          int       `json:"points"`
	TotalPopulation float64   `json:"total_population"`
	ImportedBy      string    `json:"imported_by"`
	ImportedAt      time.Time `json:"imported_at"`
}

// PopulationReport tells what a population import did.
type PopulationReport struct {
	Source          string       `json:"source"`
	Rows            int          `json:"rows"`
	Imported        int          `json:"imported"`
	Replaced        int          `json:"replaced"` // points of the previous import of the source
	ZeroPopulation  int          `json:"zero_population"`
	TotalPopulation float64      `json:"total_population"`
	Problems        []RowProblem `json:"problems"`
}

var sourceName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

// populationBatch is how many points one INSERT carries: 5 parameters a
// point keeps it far below SQLite's and PostgreSQL's parameter limits.
const populationBatch = 1000

// ImportPopulation reads population points from CSV and stores them as the
// source opts.Source, replacing that source's previous points. Rows are
// read and written one batch at a time inside one transaction, so a large
// file never sits in memory whole and a bad row anywhere leaves nothing
// changed. It fails with haven.ErrInvalid naming the missing columns or
// the bad rows (row and column), listing them in the report too.
func (s *Service) ImportPopulation(ctx context.Context, src io.Reader, opts PopulationImport) (PopulationReport, error) {
	rep := PopulationReport{Source: opts.Source, Problems: []RowProblem{}}
	var v haven.Validation
	v.Check(sourceName.MatchString(opts.Source), "source", "must be 1 to 100 letters, digits, dots, dashes or underscores, starting with a letter or digit")
	v.Check(opts.LonCol != "", "lon", "name the longitude column")
	v.Check(opts.LatCol != "", "lat", "name the latitude column")
	v.Check(opts.PopCol != "", "population", "name the population column")
	if err := v.Err(); err != nil {
		return rep, err
	}
	maxProblems := opts.MaxProblem
	if maxProblems <= 0 {
		maxProblems = 100
	}
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return rep, haven.Errorf(haven.KindInvalid, "the file has no CSV header row")
	}
	header = append([]string(nil), header...)
	lonAt, latAt, popAt := column(header, opts.LonCol), column(header, opts.LatCol), column(header, opts.PopCol)
	nameAt := -1
	missing := func(flag, col string, at int) {
		v.Check(at >= 0, flag, fmt.Sprintf("the header has no column %q (it has: %s)", col, strings.Join(header, ", ")))
	}
	missing("lon", opts.LonCol, lonAt)
	missing("lat", opts.LatCol, latAt)
	missing("population", opts.PopCol, popAt)
	if opts.NameCol != "" {
		nameAt = column(header, opts.NameCol)
		missing("name", opts.NameCol, nameAt)
	}
	if err := v.Err(); err != nil {
		return rep, err
	}
	need := max(lonAt, latAt, popAt, nameAt) + 1

	problems := 0
	problem := func(row int, col, msg string) {
		problems++
		if len(rep.Problems) < maxProblems {
			rep.Problems = append(rep.Problems, RowProblem{Row: row, Column: col, Message: msg})
		}
	}
	errBadRows := errors.New("bad rows")
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var replaced int64
		if err := tx.Model(&populationPointRow{}).Where("source = ?", opts.Source).Count(&replaced).Error; err != nil {
			return fmt.Errorf("count points of %s: %w", opts.Source, err)
		}
		rep.Replaced = int(replaced)
		if err := tx.Where("source = ?", opts.Source).Delete(&populationPointRow{}).Error; err != nil {
			return fmt.Errorf("replace points of %s: %w", opts.Source, err)
		}
		if err := tx.Where("name = ?", opts.Source).Delete(&populationSourceRow{}).Error; err != nil {
			return fmt.Errorf("replace source %s: %w", opts.Source, err)
		}
		// The source row first: points refer to it.
		srcRow := populationSourceRow{Name: opts.Source, File: opts.File, ImportedBy: audit.ActorFrom(ctx).Email, ImportedAt: s.now()}
		if err := tx.Create(&srcRow).Error; err != nil {
			return fmt.Errorf("store source %s: %w", opts.Source, err)
		}
		batch := make([]populationPointRow, 0, populationBatch)
		flush := func() error {
			if len(batch) == 0 || problems > 0 {
				batch = batch[:0]
				return nil
			}
			if err := tx.Create(&batch).Error; err != nil {
				return fmt.Errorf("store points: %w", err)
			}
			batch = batch[:0]
			return nil
		}
		for line := 2; ; line++ {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				problem(line, "", "not valid CSV: "+plainCSVError(err))
				break
			}
			rep.Rows++
			if len(rec) < need {
				problem(line, "", fmt.Sprintf("the row has %d columns, the header %d", len(rec), len(header)))
				continue
			}
			lon, lonOK := coordinate(rec[lonAt], 180)
			lat, latOK := coordinate(rec[latAt], 90)
			pop, popErr := population(rec[popAt])
			if !lonOK {
				problem(line, opts.LonCol, fmt.Sprintf("%q is not a longitude from -180 to 180", rec[lonAt]))
			}
			if !latOK {
				problem(line, opts.LatCol, fmt.Sprintf("%q is not a latitude from -90 to 90", rec[latAt]))
			}
			if popErr != "" {
				problem(line, opts.PopCol, fmt.Sprintf("%q %s", rec[popAt], popErr))
			}
			if !lonOK || !latOK || popErr != "" {
				continue
			}
			if pop == 0 {
				rep.ZeroPopulation++
			}
			name := ""
			if nameAt >= 0 {
				name = strings.TrimSpace(rec[nameAt])
			}
			rep.Imported++
			rep.TotalPopulation += pop
			batch = append(batch, populationPointRow{Source: opts.Source, Name: name, Lon: lon, Lat: lat, Population: pop})
			if len(batch) == populationBatch {
				if err := flush(); err != nil {
					return err
				}
			}
			if line%10000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		if problems > 0 {
			return errBadRows
		}
		if rep.Rows == 0 {
			problem(2, "", "the file has a header but no rows")
			return errBadRows
		}
		if err := tx.Model(&populationSourceRow{}).Where("name = ?", opts.Source).
			Updates(map[string]any{"point_count": rep.Imported, "total_population": rep.TotalPopulation}).Error; err != nil {
			return fmt.Errorf("store source %s: %w", opts.Source, err)
		}
		return s.audit.Record(ctx, tx, "population.import", "population_source", opts.Source,
			map[string]any{"points": rep.Imported, "replaced": rep.Replaced, "file": opts.File})
	})
	if errors.Is(err, errBadRows) {
		rep.Imported, rep.TotalPopulation, rep.ZeroPopulation = 0, 0, 0
		return rep, rowsError(problems, rep.Problems)
	}
	if err != nil {
		return rep, err
	}
	return rep, nil
}

// PopulationSources lists every imported population data set by name.
func (s *Service) PopulationSources(ctx context.Context) ([]PopulationSource, error) {
	var rows []populationSourceRow
	if err := s.db.WithContext(ctx).Order("name").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list population sources: %w", err)
	}
	out := make([]PopulationSource, len(rows))
	for i, r := range rows {
		out[i] = PopulationSource{Name: r.Name, File: r.File, Points: r.PointCount, TotalPopulation: r.TotalPopulation,
			ImportedBy: r.ImportedBy, ImportedAt: r.ImportedAt}
	}
	return out, nil
}

// maxReportedFields caps the field errors of a failed import; the report
// lists more.
const maxReportedFields = 50

// rowsError is the error of an import with bad rows: every problem as a
// field error rows[N].column, up to maxReportedFields.
func rowsError(total int, problems []RowProblem) error {
	fields := make([]haven.FieldError, 0, min(len(problems), maxReportedFields))
	for _, p := range problems[:min(len(problems), maxReportedFields)] {
		field := fmt.Sprintf("rows[%d]", p.Row)
		if p.Column != "" {
			field += "." + p.Column
		}
		fields = append(fields, haven.FieldError{Field: field, Message: p.Message})
	}
	return &haven.Error{Kind: haven.KindInvalid, Fields: fields,
		Message: fmt.Sprintf("%d problem(s) in the file; nothing was changed", total)}
}

// coordinate parses a longitude or latitude within ±limit, refusing NaN and Inf.
func coordinate(s string, limit float64) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < -limit || f > limit {
		return 0, false
	}
	return f, true
}

// population parses a number of people: not negative, finite, and allowing
// thousands separators ("12,500"). The message says what is wrong.
func population(s string) (float64, string) {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), 64)
	switch {
	case err != nil || math.IsNaN(f) || math.IsInf(f, 0):
		return 0, "is not a number"
	case f < 0:
		return 0, "is negative"
	case f > 1e10:
		return 0, "is more people than there are"
	}
	return f, ""
}

// column finds a header column by name, ignoring case, surrounding space
// and a byte-order mark.
func column(header []string, name string) int {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), strings.TrimSpace(name)) {
			return i
		}
	}
	return -1
}

// plainCSVError drops the "record on line N" prefix: the row is reported anyway.
func plainCSVError(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
