package reports

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
)

// NeedImport says how to read a need CSV file: one row per region of one
// level of a boundary set, with a figure such as identified victims or
// people in need.
type NeedImport struct {
	Set       string
	Level     int
	CodeCol   string // default region_code
	FigureCol string // default figure
	Source    string // who published the figures, recorded with each
	Year      int    // 0: unknown
}

// NeedReport tells what a need import did.
type NeedReport struct {
	Set       string       `json:"set"`
	Level     int          `json:"level"`
	Rows      int          `json:"rows"`
	Imported  int          `json:"imported"`
	Replaced  int          `json:"replaced"`
	TotalNeed float64      `json:"total_need"`
	Problems  []RowProblem `json:"problems"`
}

// NeedFigure is the need recorded for one region.
type NeedFigure struct {
	RegionCode string  `json:"region_code"`
	Figure     float64 `json:"figure"`
	Source     string  `json:"source,omitempty"`
	Year       *int    `json:"year,omitempty"`
}

// ImportNeed replaces the need figures of one level of a boundary set with
// those of a CSV file, all or nothing. Every code must be a region of that
// level in the set's current version, at most once; every figure a number
// of people, not negative. It fails with haven.ErrNotFound for an unknown
// set and haven.ErrInvalid naming missing columns or bad rows.
func (s *Service) ImportNeed(ctx context.Context, src io.Reader, opts NeedImport) (NeedReport, error) {
	if opts.CodeCol == "" {
		opts.CodeCol = "region_code"
	}
	if opts.FigureCol == "" {
		opts.FigureCol = "figure"
	}
	rep := NeedReport{Set: opts.Set, Level: opts.Level, Problems: []RowProblem{}}
	var v haven.Validation
	v.Check(opts.Set != "", "set", "name the boundary set the codes belong to")
	v.Check(opts.Level >= 1, "level", "must be 1 or more")
	v.Check(opts.Year == 0 || (opts.Year >= 1900 && opts.Year <= 2200), "year", "must be a year such as 2024")
	if err := v.Err(); err != nil {
		return rep, err
	}
	set, regions, err := s.regions.LevelShapes(ctx, opts.Set, 0, opts.Level, true)
	if err != nil {
		return rep, err
	}
	if len(regions) == 0 {
		return rep, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "level", Message: fmt.Sprintf("boundary set %s (version %d) has no regions at level %d", set.Name, set.Version, opts.Level)}}}
	}
	known := make(map[string]bool, len(regions))
	for _, r := range regions {
		known[r.Code] = true
	}
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return rep, haven.Errorf(haven.KindInvalid, "the file has no CSV header row")
	}
	codeAt, figAt := column(header, opts.CodeCol), column(header, opts.FigureCol)
	v.Check(codeAt >= 0, "code", fmt.Sprintf("the header has no column %q (it has: %s)", opts.CodeCol, strings.Join(header, ", ")))
	v.Check(figAt >= 0, "figure", fmt.Sprintf("the header has no column %q (it has: %s)", opts.FigureCol, strings.Join(header, ", ")))
	if err := v.Err(); err != nil {
		return rep, err
	}
	var year *int
	if opts.Year != 0 {
		year = &opts.Year
	}
	now, by := s.now(), audit.ActorFrom(ctx).Email
	seen := map[string]int{}
	var rows []needFigureRow
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rep.Problems = append(rep.Problems, RowProblem{Row: line, Message: "not valid CSV: " + plainCSVError(err)})
			break
		}
		rep.Rows++
		if codeAt >= len(rec) || figAt >= len(rec) {
			rep.Problems = append(rep.Problems, RowProblem{Row: line, Message: "the row has too few columns"})
			continue
		}
		code := strings.TrimSpace(rec[codeAt])
		switch {
		case !known[code]:
			rep.Problems = append(rep.Problems, RowProblem{Row: line, Column: opts.CodeCol,
				Message: fmt.Sprintf("%q is not a level-%d region of set %s", code, opts.Level, opts.Set)})
			continue
		case seen[code] > 0:
			rep.Problems = append(rep.Problems, RowProblem{Row: line, Column: opts.CodeCol,
				Message: fmt.Sprintf("%q appears again (first on row %d)", code, seen[code])})
			continue
		}
		seen[code] = line
		fig, msg := population(rec[figAt])
		if msg != "" {
			rep.Problems = append(rep.Problems, RowProblem{Row: line, Column: opts.FigureCol, Message: fmt.Sprintf("%q %s", rec[figAt], msg)})
			continue
		}
		rows = append(rows, needFigureRow{SetName: opts.Set, Level: opts.Level, RegionCode: code, Figure: fig,
			Source: opts.Source, Year: year, ImportedBy: by, ImportedAt: now})
		rep.TotalNeed += fig
	}
	if len(rep.Problems) == 0 && rep.Rows == 0 {
		rep.Problems = append(rep.Problems, RowProblem{Row: 2, Message: "the file has a header but no rows"})
	}
	if len(rep.Problems) > 0 {
		rep.TotalNeed = 0
		return rep, rowsError(len(rep.Problems), rep.Problems)
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		del := tx.Where("set_name = ? AND level = ?", opts.Set, opts.Level).Delete(&needFigureRow{})
		if del.Error != nil {
			return fmt.Errorf("replace need figures: %w", del.Error)
		}
		rep.Replaced = int(del.RowsAffected)
		if err := tx.CreateInBatches(&rows, 500).Error; err != nil {
			return fmt.Errorf("store need figures: %w", err)
		}
		return s.audit.Record(ctx, tx, "need.import", "region_set", fmt.Sprintf("%s@%d", opts.Set, set.Version),
			map[string]any{"level": opts.Level, "regions": len(rows), "source": opts.Source})
	})
	if err != nil {
		return rep, err
	}
	rep.Imported = len(rows)
	return rep, nil
}

// needFigures returns the need figures of one level of a set by region code.
func (s *Service) needFigures(ctx context.Context, set string, level int) (map[string]NeedFigure, error) {
	var rows []needFigureRow
	if err := s.db.WithContext(ctx).Where("set_name = ? AND level = ?", set, level).Order("region_code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read need figures: %w", err)
	}
	out := make(map[string]NeedFigure, len(rows))
	for _, r := range rows {
		out[r.RegionCode] = NeedFigure{RegionCode: r.RegionCode, Figure: r.Figure, Source: r.Source, Year: r.Year}
	}
	return out, nil
}
