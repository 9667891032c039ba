package mapping

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/haven-project/haven"
	"gorm.io/gorm"
)

// RowProblem is something wrong with one row of a CSV file.
type RowProblem struct {
	Row     int    `json:"row"` // 1-based line of the file; the header is row 1
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// PopulationReport tells what a population import did.
type PopulationReport struct {
	Set      string       `json:"set"`
	Version  int          `json:"version"`
	Rows     int          `json:"rows"`
	Updated  int          `json:"updated"`
	Problems []RowProblem `json:"problems"`
}

// ImportPopulation sets the population of regions of the current version of
// a set from a CSV file with a code column and a population column. Unknown
// codes and bad numbers are problems; in strict mode (lenient false) any
// problem means nothing is written.
func (r *Regions) ImportPopulation(ctx context.Context, src io.Reader, set, codeCol, popCol string, lenient bool) (PopulationReport, error) {
	rep := PopulationReport{Set: set, Problems: []RowProblem{}}
	cur, ok, err := r.currentVersion(ctx, r.db, set)
	if err != nil {
		return rep, err
	}
	if !ok {
		return rep, haven.Errorf(haven.KindNotFound, "there is no boundary set named %q", set)
	}
	rep.Version = cur.Version
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return rep, haven.Errorf(haven.KindInvalid, "the file has no CSV header row")
	}
	codeAt, popAt := column(header, codeCol), column(header, popCol)
	var v haven.Validation
	v.Check(codeAt >= 0, "code", fmt.Sprintf("the header has no column %q (it has: %s)", codeCol, strings.Join(header, ", ")))
	v.Check(popAt >= 0, "population", fmt.Sprintf("the header has no column %q (it has: %s)", popCol, strings.Join(header, ", ")))
	if err := v.Err(); err != nil {
		return rep, err
	}
	var known []string
	if err := r.db.WithContext(ctx).Model(&regionRow{}).Where("set_version_id = ?", cur.ID).Pluck("code", &known).Error; err != nil {
		return rep, fmt.Errorf("read region codes: %w", err)
	}
	isKnown := make(map[string]bool, len(known))
	for _, c := range known {
		isKnown[c] = true
	}
	updates := map[string]int64{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rep.Problems = append(rep.Problems, RowProblem{Row: line, Message: "not valid CSV: " + err.Error()})
			break
		}
		rep.Rows++
		if codeAt >= len(rec) || popAt >= len(rec) {
			rep.Problems = append(rep.Problems, RowProblem{Row: line, Message: "the row has too few columns"})
			continue
		}
		code := strings.TrimSpace(rec[codeAt])
		if !isKnown[code] {
			rep.Problems = append(rep.Problems, RowProblem{Row: line, Column: codeCol, Message: fmt.Sprintf("%q is not a region of set %s", code, set)})
			continue
		}
		pop, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(rec[popAt]), ",", ""), 64)
		if err != nil || pop < 0 || pop != math.Trunc(pop) || pop > 1e10 {
			rep.Problems = append(rep.Problems, RowProblem{Row: line, Column: popCol, Message: fmt.Sprintf("%q is not a whole number of people", rec[popAt])})
			continue
		}
		updates[code] = int64(pop)
	}
	if len(rep.Problems) > 0 && !lenient {
		fields := make([]haven.FieldError, 0, min(len(rep.Problems), maxReportedFields))
		for _, p := range rep.Problems[:min(len(rep.Problems), maxReportedFields)] {
			fields = append(fields, haven.FieldError{Field: fmt.Sprintf("rows[%d].%s", p.Row, p.Column), Message: p.Message})
		}
		return rep, &haven.Error{Kind: haven.KindInvalid, Fields: fields,
			Message: fmt.Sprintf("%d row(s) have problems; nothing was changed", len(rep.Problems))}
	}
	err = r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for code, pop := range updates {
			if err := tx.Model(&regionRow{}).Where("set_version_id = ? AND code = ?", cur.ID, code).Update("population", pop).Error; err != nil {
				return fmt.Errorf("set population of %s: %w", code, err)
			}
		}
		return r.audit.Record(ctx, tx, "regions.population", "region_set", fmt.Sprintf("%s@%d", set, cur.Version),
			map[string]any{"updated": len(updates)})
	})
	if err != nil {
		return rep, err
	}
	rep.Updated = len(updates)
	return rep, nil
}

// column finds a header column by name, ignoring case and surrounding space.
func column(header []string, name string) int {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), strings.TrimSpace(name)) {
			return i
		}
	}
	return -1
}
