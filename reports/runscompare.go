package reports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
)

// Comparison sets two runs side by side, region × service.
type Comparison struct {
	Before  Run               `json:"before"` // without its report
	After   Run               `json:"after"`
	Summary ComparisonSummary `json:"summary"`
	Rows    []RowChange       `json:"rows"`
}

// ComparisonSummary counts how gap classes moved.
type ComparisonSummary struct {
	Improved  int `json:"improved"`
	Worsened  int `json:"worsened"`
	Unchanged int `json:"unchanged"`
	Added     int `json:"added"`   // in the later run only
	Removed   int `json:"removed"` // in the earlier run only
	// Transitions counts each change of class, keyed "from->to".
	Transitions map[string]int `json:"transitions"`
}

// Gap changes of a RowChange.
const (
	ChangeImproved  = "improved"
	ChangeWorsened  = "worsened"
	ChangeUnchanged = "unchanged"
	ChangeAdded     = "added"
	ChangeRemoved   = "removed"
)

// RowChange is one region (or roll-up) × service in both runs.
type RowChange struct {
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name"`
	Level      int    `json:"level"`
	ParentCode string `json:"parent_code"`
	Service    string `json:"service"`
	// Before and After are the rows of the two runs; nil where a run has none.
	Before    *Row   `json:"before"`
	After     *Row   `json:"after"`
	GapBefore string `json:"gap_before"`
	GapAfter  string `json:"gap_after"`
	GapChange string `json:"gap_change"`
	// Delta is after minus before, for each measure both runs computed.
	Delta Delta `json:"delta"`
}

// Delta is the change of each numeric measure; nil where either run did
// not compute it.
type Delta struct {
	ProvidersLocated      *float64 `json:"providers_located"`
	ProvidersServing      *float64 `json:"providers_serving"`
	Capacity              *float64 `json:"capacity"`
	Population            *float64 `json:"population"`
	ProvidersPer100k      *float64 `json:"providers_per_100k"`
	NearestKm             *float64 `json:"nearest_km"`
	PopulationWithinShare *float64 `json:"population_within_share"`
	AccessIndex           *float64 `json:"access_index"`
	UnmetDemand           *float64 `json:"unmet_demand"`
}

// Compare sets run a (before) beside run b (after), both as the API shows
// them (see Run; ComparisonForExport withholds more for a file). Both must
// be of the same boundary set and level (versions may differ: codes carry
// over).
// It fails like Get, and with haven.ErrInvalid for runs of different
// sets or levels.
func (s *Service) Compare(ctx context.Context, u accounts.User, a, b string) (Comparison, error) {
	if err := checkReader(u); err != nil {
		return Comparison{}, err
	}
	before, err := s.get(ctx, a)
	if errors.Is(err, errNoRun) {
		return Comparison{}, haven.Errorf(haven.KindNotFound, "no report run has the ID given as a")
	}
	if err != nil {
		return Comparison{}, err
	}
	after, err := s.get(ctx, b)
	if errors.Is(err, errNoRun) {
		return Comparison{}, haven.Errorf(haven.KindNotFound, "no report run has the ID given as b")
	}
	if err != nil {
		return Comparison{}, err
	}
	if before.Parameters.Set != after.Parameters.Set || before.Parameters.Level != after.Parameters.Level {
		return Comparison{}, fieldError("b", fmt.Sprintf("run b is of set %s level %d, run a of set %s level %d: compare runs of one set and level",
			after.Parameters.Set, after.Parameters.Level, before.Parameters.Set, before.Parameters.Level))
	}
	if err := s.audit.Record(withActor(ctx, u), nil, "report.compare", "report_run", b, map[string]any{"before": a}); err != nil {
		return Comparison{}, err
	}
	return compareRuns(s.forAnalysts(before), s.forAnalysts(after)), nil
}

type rowKey struct {
	level         int
	code, service string
}

func allRows(r *Report) []Row {
	return slices.Concat(r.Regions, r.Parents, r.Countries)
}

// compareRuns matches the rows of two runs by level, region code and
// service, sorted by level (deepest first), code and service.
func compareRuns(before, after Run) Comparison {
	rows := map[rowKey]*RowChange{}
	for _, r := range allRows(before.Report) {
		rows[rowKey{r.Level, r.RegionCode, r.Service}] = &RowChange{RegionCode: r.RegionCode, RegionName: r.RegionName,
			Level: r.Level, ParentCode: r.ParentCode, Service: r.Service, Before: &r, GapBefore: r.GapClass}
	}
	for _, r := range allRows(after.Report) {
		k := rowKey{r.Level, r.RegionCode, r.Service}
		c, ok := rows[k]
		if !ok {
			c = &RowChange{RegionCode: r.RegionCode, Level: r.Level, Service: r.Service}
			rows[k] = c
		}
		c.RegionName, c.ParentCode, c.After, c.GapAfter = r.RegionName, r.ParentCode, &r, r.GapClass
	}
	cmpOut := Comparison{Before: before, After: after, Summary: ComparisonSummary{Transitions: map[string]int{}}}
	cmpOut.Before.Report, cmpOut.After.Report = nil, nil
	for _, c := range rows {
		c.GapChange = gapChange(c)
		switch c.GapChange {
		case ChangeImproved:
			cmpOut.Summary.Improved++
		case ChangeWorsened:
			cmpOut.Summary.Worsened++
		case ChangeUnchanged:
			cmpOut.Summary.Unchanged++
		case ChangeAdded:
			cmpOut.Summary.Added++
		case ChangeRemoved:
			cmpOut.Summary.Removed++
		}
		if c.Before != nil && c.After != nil && c.GapBefore != c.GapAfter {
			cmpOut.Summary.Transitions[c.GapBefore+"->"+c.GapAfter]++
		}
		if c.Before != nil && c.After != nil {
			c.Delta = delta(*c.Before, *c.After)
		}
		cmpOut.Rows = append(cmpOut.Rows, *c)
	}
	slices.SortFunc(cmpOut.Rows, func(x, y RowChange) int {
		return cmp.Or(cmp.Compare(y.Level, x.Level), cmp.Compare(x.RegionCode, y.RegionCode), cmp.Compare(x.Service, y.Service))
	})
	if cmpOut.Rows == nil {
		cmpOut.Rows = []RowChange{}
	}
	return cmpOut
}

// gapRank orders gap classes from worst to best.
var gapRank = map[string]int{GapNoService: 0, GapBelowNorm: 1, GapCovered: 2}

func gapChange(c *RowChange) string {
	switch {
	case c.Before == nil:
		return ChangeAdded
	case c.After == nil:
		return ChangeRemoved
	}
	rb, okb := gapRank[c.GapBefore]
	ra, oka := gapRank[c.GapAfter]
	switch {
	case !okb || !oka || ra == rb:
		return ChangeUnchanged
	case ra > rb:
		return ChangeImproved
	}
	return ChangeWorsened
}

func delta(b, a Row) Delta {
	located, serving := float64(a.ProvidersLocated-b.ProvidersLocated), float64(a.ProvidersServing-b.ProvidersServing)
	return Delta{ProvidersLocated: &located, ProvidersServing: &serving, Capacity: diff(a.Capacity, b.Capacity),
		Population: diff(a.Population, b.Population), ProvidersPer100k: diff(a.ProvidersPer100k, b.ProvidersPer100k),
		NearestKm: diff(a.NearestKm, b.NearestKm), PopulationWithinShare: diff(a.PopulationWithinShare, b.PopulationWithinShare),
		AccessIndex: diff(a.AccessIndex, b.AccessIndex), UnmetDemand: diff(a.UnmetDemand, b.UnmetDemand)}
}

func diff(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	d := *a - *b
	return &d
}
