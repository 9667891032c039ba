package reports

import (
	"fmt"
	"slices"
	"strings"

	"github.com/haven-project/haven/mapping/spatial"
)

// tierRule is the confidentiality rule of every report, stated in its
// notes.
//
// Why distances go to public providers only: population points can be
// rebuilt from public data, so a distance from a region's weighted point
// to a site is a circle the site lies on, and three regions' circles
// place it. The access index is no safer as it stands: a region's index
// is Σ_i P_i Σ_j R_j f(d_ij) / Σ_i P_i over known points, so for a site
// that is the only one of its type in reach (capacity, and so S_j, being
// in the same row), Gaussian weights make each region's figure an
// invertible function of the site's distances — a few regions solve for
// its position — and binary or stepped weights still say which populated
// places lie within d0 (or each step) of it, which dense places narrow to
// a few km. Rounding would blur the Gaussian case but not catchment
// membership. So a region_only or hidden site is measured from the
// weighted point of the region it is in, in the catchments and in
// service radii alike: every figure then depends on its region, which
// providers_located tells anyway, and its capacity, which capacity tells,
// and on nothing finer (TestNonPublicSitesMoveFreelyWithinTheirRegion
// moves such sites within their regions and finds the report unchanged
// to the byte).
const tierRule = "Confidentiality tiers: every provider counts in providers_located, providers_serving, capacity, the access index and the gap class, whatever its tier, but distances are measured only to public providers. nearest_km and population_within_share leave region_only and hidden providers out (nearest_km is empty where a type has no public provider); in the access index and in service radii a region_only or hidden provider stands at the population-weighted point of the region it is in, so that no figure depends on where in its region it is. The report holds no provider position."

// note describes how the report was computed, for its methods section.
func (e *Engine) note() MethodNote {
	s := &e.set
	n := MethodNote{
		Method: s.method, Services: slices.Clone(e.services), CatchmentKm: s.catchment, WithinKm: s.within,
		Steps: slices.Clone(s.steps), SigmaKm: s.sigma, DefaultSupply: s.supply, Filter: s.filter, Rules: s.rules,
		Distance:      "great-circle distance by the haversine formula on a sphere",
		EarthRadiusKm: spatial.EarthRadiusKm,
		Counts:        e.counts(),
		Data:          e.in.Versions,
	}
	n.Formulas = []string{
		"providers_per_100k = providers_serving / population × 100,000",
		"nearest_km = distance from the region's population-weighted point to the nearest public provider of the type",
		fmt.Sprintf("population_within_share = Σ P_i (demand points i of the region within %g km of a public provider of the type) / Σ P_i (all demand points i of the region)", s.within),
	}
	if s.weighs() {
		n.Formulas = append(n.Formulas,
			fmt.Sprintf("R_j = S_j / Σ_{k: d_kj ≤ %g km} P_k f(d_kj); A_i = Σ_{j: d_ij ≤ %g km} R_j f(d_ij) (two-step floating catchment area, Luo & Wang 2003)", s.catchment, s.catchment),
			"access_index = Σ P_i A_i / Σ P_i over the region's demand points",
			"f(d) = "+e.weightFormula(),
			fmt.Sprintf("S_j = the service's stated capacity, or %g when none is stated", s.supply))
	}
	n.Notes = []string{
		"A provider is located in the region that contains its point; a point on a border shared by several regions goes to the lowest region code, and a point in a sliver between regions (within 0.02°) to the region with the nearest boundary.",
		"A provider serves a region when it is located there, when one of its service's area codes is the region's code, an ancestor's code or the country's code, or when the region's population-weighted point is within the service's radius.",
		"A region's population is the boundary set's figure where loaded, else the sum of the population points inside it. A region with no population point is represented by one point inside it carrying that figure.",
		"The population-weighted point is the population-weighted mean, on the sphere, of the region's population points.",
		"Capacity is the sum of the capacities stated by the serving providers; norms on capacity apply only when every serving provider states one.",
		"Roll-ups: located counts, populations and unmet demand add up; a provider serving several regions counts once; nearest_km is the smallest; shares and access indexes are population-weighted.",
		tierRule,
		"Gap classes: no_service when no provider serves the region for the type; below_norm when a norm of the rules is not met; else covered.",
	}
	n.Caveats = []string{
		"Haversine distances on a sphere differ from the WGS84 ellipsoid by up to about 0.5 %.",
		"Distances are straight lines, not travel times; seas, borders and roads are not taken into account.",
		"Providers without coordinates count where they are recorded but take no part in distances or the access index.",
		"nearest_km and population_within_share leave out region_only and hidden providers, so they (and gap rules on them) may overstate how far people are from a service where such providers work.",
	}
	if s.method == MethodE2SFCA {
		n.Caveats = append(n.Caveats, "With stepped weights the catchment ends at the last step.")
	}
	return n
}

// counts are the report's DataCount, which updates change.
func (e *Engine) counts() DataCount {
	return DataCount{Regions: len(e.regions), Providers: len(e.siteByID),
		PopulationPoints: e.realPoints, Unlocated: e.unlocated}
}

func (e *Engine) weightFormula() string {
	s := &e.set
	switch s.method {
	case MethodE2SFCA:
		var parts []string
		for i, st := range s.steps {
			if i == 0 {
				parts = append(parts, fmt.Sprintf("%g for d ≤ %g km", st.Weight, st.UpToKm))
			} else {
				parts = append(parts, fmt.Sprintf("%g for %g < d ≤ %g km", st.Weight, s.steps[i-1].UpToKm, st.UpToKm))
			}
		}
		return strings.Join(parts, "; ") + "; 0 beyond (stepped weights, E2SFCA, Luo & Qi 2009)"
	case MethodGaussian:
		return fmt.Sprintf("exp(−d² / 2σ²) with σ = %g km, 0 beyond %g km (Gaussian kernel 2SFCA)", s.sigma, s.catchment)
	}
	return fmt.Sprintf("1 for d ≤ %g km, 0 beyond", s.catchment)
}
