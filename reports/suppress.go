package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/haven-project/haven"
)

// Unmet demand counts people: participants of feedback tests who said
// which help they could not find, by region and service type. Stored runs
// keep the counts; wherever a run leaves the server a small count could
// point at one person ("1 need in district X"), so counts under the
// source's minimum (UnmetDemandSource.MinCounts: k = 5 in the API, k = 11
// in every file) are withheld — empty, never 0, and flagged
// (Row.UnmetDemandSuppressed).
//
// Roll-ups add the regions' counts up, so a withheld count could be
// worked out from a roll-up and the counts beside it. Every roll-up
// adding up a withheld count is withheld too: a parent region of one, and,
// as a row does not say which country a region is in, every country total
// of that service type. Then each withheld count appears only in sums
// whose totals are withheld as well, and a reader learns of it no more
// than that it is under k.

// unmetNotePrefix starts the method note saying how unmet demand was
// withheld, so that a run withheld again (for a file) keeps one note.
const unmetNotePrefix = "Disclosure control of unmet demand:"

// unmetMinCounts are the smallest unmet-demand counts shown in the API and
// in files, as the source says. Without a source no rule is known, and
// every count is withheld.
func (s *Service) unmetMinCounts() (analyst, export int) {
	if s.unmet == nil {
		return math.MaxInt, math.MaxInt
	}
	return s.unmet.MinCounts()
}

// forAnalysts is run as the API shows it: unmet demand withheld under the
// analysts' minimum.
func (s *Service) forAnalysts(run Run) Run {
	k, _ := s.unmetMinCounts()
	run.Report = withUnmetWithheld(run.Report, k)
	return run
}

// forExport is run as every file shows it: unmet demand withheld under the
// minimum for exports.
func (s *Service) forExport(run Run) Run {
	_, k := s.unmetMinCounts()
	run.Report = withUnmetWithheld(run.Report, k)
	return run
}

// ComparisonForExport is c as a file may show it (Compare gives what the
// API shows): unmet demand withheld under the minimum for exports in both
// runs, and its change left out wherever either side is withheld.
func (s *Service) ComparisonForExport(c Comparison) Comparison {
	_, k := s.unmetMinCounts()
	rows := slices.Clone(c.Rows)
	var before, after []*Row
	for i := range rows {
		if r := rows[i].Before; r != nil {
			copied := *r
			rows[i].Before, before = &copied, append(before, &copied)
		}
		if r := rows[i].After; r != nil {
			copied := *r
			rows[i].After, after = &copied, append(after, &copied)
		}
	}
	suppressUnmet(before, k)
	suppressUnmet(after, k)
	for i := range rows {
		if rows[i].Before != nil && rows[i].After != nil {
			rows[i].Delta.UnmetDemand = diff(rows[i].Before.UnmetDemand, rows[i].After.UnmetDemand)
		}
	}
	c.Rows = rows
	return c
}

// withUnmetWithheld returns a copy of rep with unmet demand withheld under
// k (see suppressUnmet) and a method note saying so; rep itself is not
// changed. A report without unmet demand comes back as it is.
func withUnmetWithheld(rep *Report, k int) *Report {
	if rep == nil {
		return nil
	}
	out := *rep
	out.Regions, out.Parents, out.Countries = slices.Clone(rep.Regions), slices.Clone(rep.Parents), slices.Clone(rep.Countries)
	rows := make([]*Row, 0, len(out.Regions)+len(out.Parents)+len(out.Countries))
	for _, list := range [][]Row{out.Regions, out.Parents, out.Countries} {
		for i := range list {
			rows = append(rows, &list[i])
		}
	}
	if !slices.ContainsFunc(rows, func(r *Row) bool { return r.UnmetDemand != nil || r.UnmetDemandSuppressed }) {
		return rep
	}
	withheld := suppressUnmet(rows, k)
	notes := slices.DeleteFunc(slices.Clone(rep.Method.Notes), func(n string) bool { return strings.HasPrefix(n, unmetNotePrefix) })
	out.Method.Notes = append(notes, unmetNote(k, withheld))
	return &out
}

func unmetNote(k, withheld int) string {
	if k == math.MaxInt {
		return fmt.Sprintf("%s no rule for showing it is set (no feedback tests are connected), so every count is withheld: %d figures.",
			unmetNotePrefix, withheld)
	}
	return fmt.Sprintf("%s it counts people who took part in feedback tests, so it is shown only where at least %d needs "+
		"were reported. A smaller count is withheld (unmet_demand empty, never 0, and unmet_demand_suppressed true), and so is "+
		"every roll-up adding one up, so that none can be worked out from the totals: its parent regions and, for that "+
		"service type, every country total. %d figures are withheld here.", unmetNotePrefix, k, withheld)
}

// suppressUnmet withholds the unmet demand of rows — every row of one
// report: its regions (the deepest level), parents and countries — under
// k, and of every roll-up that adds a withheld count up, as the comment at
// the top of this file says. Rows withheld already stay so, so that a
// report withheld for the API can be withheld again for a file. It
// returns how many rows are withheld.
func suppressUnmet(rows []*Row, k int) int {
	type key struct{ service, code string }
	deepest := 0
	for _, r := range rows {
		deepest = max(deepest, r.Level)
	}
	parents := map[key]*Row{}
	for _, r := range rows {
		if r.Level > 0 && r.Level < deepest {
			parents[key{r.Service, r.RegionCode}] = r
		}
	}
	withhold := func(r *Row) {
		if r.UnmetDemand != nil || r.UnmetDemandSuppressed {
			r.UnmetDemand, r.UnmetDemandSuppressed = nil, true
		}
	}
	small := func(r *Row) bool {
		return r.UnmetDemandSuppressed || r.UnmetDemand != nil && *r.UnmetDemand > 0 && *r.UnmetDemand < float64(k)
	}
	withheldIn := map[string]bool{} // service types with a region or parent withheld
	for _, r := range rows {
		if r.Level == 0 || !small(r) {
			continue
		}
		withhold(r)
		withheldIn[r.Service] = true
		// Up through the parents; the bound guards against a loop in
		// parent codes, which a boundary set should never have.
		p := parents[key{r.Service, r.ParentCode}]
		for range len(parents) {
			if p == nil {
				break
			}
			withhold(p)
			p = parents[key{r.Service, p.ParentCode}]
		}
	}
	for _, r := range rows {
		if r.Level == 0 && (small(r) || withheldIn[r.Service]) {
			withhold(r)
		}
	}
	n := 0
	for _, r := range rows {
		if r.UnmetDemandSuppressed {
			n++
		}
	}
	return n
}

// checkUnmetNorms refuses a max_unmet_demand norm that would tell of a
// withheld count through the gap class: a region whose count is withheld
// is known to have from 1 to k − 1 needs, and a norm of 1 to k − 2 would
// split that range by below_norm or covered. 0 (any need is a gap) and
// k − 1 or more tell nothing a reader does not know already. export is
// the minimum for files, the larger.
func checkUnmetNorms(rules *GapRules, export int) error {
	if rules == nil {
		return nil
	}
	var v haven.Validation
	check := func(field string, n *Norm) {
		if n == nil || n.MaxUnmetDemand == nil {
			return
		}
		if m := *n.MaxUnmetDemand; m > 0 && m < float64(export-1) {
			v.Add(field+".max_unmet_demand", fmt.Sprintf("must be 0 or at least %d: unmet demand under %d is withheld, and a norm between would tell through the gap class how many needs a withheld count holds", export-1, export))
		}
	}
	check("rules.default", rules.Default)
	services := make([]string, 0, len(rules.Norms))
	for svc := range rules.Norms {
		services = append(services, svc)
	}
	slices.Sort(services)
	for _, svc := range services {
		n := rules.Norms[svc]
		check("rules.norms."+svc, &n)
	}
	return v.Err()
}
