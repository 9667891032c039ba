package reports

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
)

// comparedMeasures are the measures a comparison CSV sets side by side.
var comparedMeasures = []string{"providers_located", "providers_serving", "capacity", "population", "providers_per_100k",
	"nearest_km", "population_within_share", "access_index", "unmet_demand"}

// WriteComparisonCSV writes a comparison one row per region × service:
// the place and service, the gap class before and after and how it
// changed, then each measure before and after (empty where not computed,
// withheld, or where a run has no such row), then whether unmet demand is
// withheld before and after. It writes c as it is: a file needs
// Service.ComparisonForExport first.
func WriteComparisonCSV(w io.Writer, c Comparison) error {
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	header := []string{"region_code", "region_name", "level", "parent_code", "service", "gap_before", "gap_after", "gap_change"}
	for _, m := range comparedMeasures {
		header = append(header, m+"_before", m+"_after")
	}
	header = append(header, "unmet_demand_suppressed_before", "unmet_demand_suppressed_after")
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range c.Rows {
		rec := []string{defuse(r.RegionCode), defuse(r.RegionName), strconv.Itoa(r.Level), defuse(r.ParentCode), defuse(r.Service),
			r.GapBefore, r.GapAfter, r.GapChange}
		before, after := measures(r.Before), measures(r.After)
		for i := range comparedMeasures {
			rec = append(rec, before[i], after[i])
		}
		rec = append(rec, flag(r.Before != nil && r.Before.UnmetDemandSuppressed), flag(r.After != nil && r.After.UnmetDemandSuppressed))
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// measures are a row's comparedMeasures as text; all empty for no row.
func measures(r *Row) []string {
	if r == nil {
		return make([]string, len(comparedMeasures))
	}
	return []string{strconv.Itoa(r.ProvidersLocated), strconv.Itoa(r.ProvidersServing), num(r.Capacity), num(r.Population),
		num(r.ProvidersPer100k), num(r.NearestKm), num(r.PopulationWithinShare), num(r.AccessIndex), num(r.UnmetDemand)}
}
