package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// matrixView is a heatmap table: rows of regions (or roll-ups), a column
// per service type.
type matrixView struct {
	Title, Caption string
	Columns        []serviceView
	Groups         []matrixGroup
	Legend         []legendItem
	RowHeader      string
	Counted        bool // rows are roll-ups: a column gives their number of regions
	NewPage        bool
}

type matrixGroup struct {
	Title string
	Rows  []matrixRow
}

type matrixRow struct {
	Name, Code string
	Regions    int
	Cells      []matrixCell
}

type matrixCell struct{ Class, Text, Title string }

// fullMatrixMax is the most regions shown in the body of the report; more
// go to the annex, and the body shows their roll-ups.
const fullMatrixMax = 40

func matrices(in PrintableInput, services []serviceView) (matrixView, *matrixView) {
	full := fullMatrix(in, services)
	if countCodes(in.Run.Report.Regions) <= fullMatrixMax {
		return full, nil
	}
	roll, ok := rollupMatrix(in, services)
	if !ok {
		return full, nil
	}
	full.Title = "Annex: every region × service type"
	return roll, &full
}

// fullMatrix has a row per region, grouped by parent (or country): each
// cell coloured by gap class and showing how many providers serve it.
func fullMatrix(in PrintableInput, services []serviceView) matrixView {
	m := matrixView{Title: "Coverage matrix: region × service type", Columns: services, RowHeader: "Region",
		Caption: "Each cell is one region and service type, coloured by its gap class; the number is how many providers serve the region for that type (providers_serving)."}
	byRegion := rowsByRegion(in.Run.Report.Regions)
	within := parentNames(in)
	groups := map[string]*matrixGroup{}
	for code, byService := range byRegion {
		title := within[code]
		g := groups[title]
		if g == nil {
			g = &matrixGroup{Title: title}
			groups[title] = g
		}
		row := matrixRow{Name: regionName(byService), Code: code}
		for _, s := range services {
			r, ok := byService[s.Code]
			if !ok {
				row.Cells = append(row.Cells, matrixCell{Class: "g-na", Text: "", Title: row.Name + " · " + s.Label + ": not in this report"})
				continue
			}
			row.Cells = append(row.Cells, matrixCell{Class: gapClass(r.GapClass), Text: strconv.Itoa(r.ProvidersServing),
				Title: fmt.Sprintf("%s · %s: %s, %s", r.RegionName, s.Label, cmp.Or(gapLabels[r.GapClass], "not classified"),
					plural(r.ProvidersServing, "provider serving", "providers serving"))})
		}
		g.Rows = append(g.Rows, row)
	}
	for _, title := range sortedKeys(groups) {
		g := groups[title]
		slices.SortFunc(g.Rows, func(a, b matrixRow) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Code, b.Code)) })
		m.Groups = append(m.Groups, *g)
	}
	m.Legend = gapLegend(in.Run.Report.Regions)
	return m
}

// rollupMatrix has a row per parent region one level up (or per country):
// how many of its regions no provider serves, for each service type.
func rollupMatrix(in PrintableInput, services []serviceView) (matrixView, bool) {
	rep := in.Run.Report
	level := in.Run.Parameters.Level
	children := map[string][]string{}
	names := map[string]string{}
	what := "country"
	for _, r := range rep.Parents {
		if r.Level == level-1 {
			names[r.RegionCode] = r.RegionName
		}
	}
	for _, s := range in.Shapes {
		if len(names) > 0 {
			if _, ok := names[s.ParentCode]; ok {
				children[s.ParentCode] = append(children[s.ParentCode], s.Code)
			}
		} else if s.Country != "" {
			children[s.Country] = append(children[s.Country], s.Code)
		}
	}
	if len(names) > 0 {
		what = "parent region"
	} else {
		for _, r := range rep.Countries {
			names[r.RegionCode] = r.RegionName
		}
	}
	if len(children) == 0 {
		return matrixView{}, false
	}
	byRegion := rowsByRegion(rep.Regions)
	m := matrixView{Title: "Coverage matrix: " + what + " × service type", Columns: services,
		Counted: true, RowHeader: strings.ToUpper(what[:1]) + what[1:],
		Caption: fmt.Sprintf("Each cell counts the regions of the %s that no provider serves for the type (gap class no_service), out of the number of its regions in the first column; "+
			"the colour is that share. The annex lists every region.", what)}
	var rows []matrixRow
	for code, kids := range children {
		row := matrixRow{Name: cmp.Or(names[code], code), Code: code, Regions: len(kids)}
		for _, s := range services {
			gaps, n := 0, 0
			for _, k := range kids {
				if r, ok := byRegion[k][s.Code]; ok {
					n++
					if r.GapClass == GapNoService {
						gaps++
					}
				}
			}
			row.Cells = append(row.Cells, matrixCell{Class: shareClass(gaps, n), Text: strconv.Itoa(gaps),
				Title: fmt.Sprintf("%s · %s: %d of %d regions with no service", row.Name, s.Label, gaps, n)})
		}
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(a, b matrixRow) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Code, b.Code)) })
	m.Groups = []matrixGroup{{Rows: rows}}
	m.Legend = []legendItem{{Class: "o0", Label: "none"}, {Class: "o1", Label: "under 25 %"}, {Class: "o2", Label: "25 to 49 %"},
		{Class: "o3", Label: "50 to 74 %"}, {Class: "o4", Label: "75 to 99 %"}, {Class: "o5", Label: "all"}}
	return m, true
}

// shareClass shades a share of regions without service: o0 none … o5 all.
func shareClass(k, n int) string {
	switch {
	case n == 0:
		return "g-na"
	case k == 0:
		return "o0"
	case k == n:
		return "o5"
	}
	return "o" + strconv.Itoa(1+min(3, 4*k/n))
}

// methodsView is the methods section: what produced every number.
type methodsView struct {
	Reproduce   []kv
	Definitions []kv
	Formulas    []string
	Parameters  []kv
	Data        []kv
	Counts      []kv
	Notes       []string
	MapNotes    []string
	Caveats     []string
}

type kv struct{ Key, Value string }

func methodsOf(in PrintableInput, proj projection) methodsView {
	run, rep := in.Run, in.Run.Report
	n := rep.Method
	var m methodsView
	m.Reproduce = []kv{
		{"haven report export " + run.ID + " --format csv", "every figure of this report: a row per region × service type (columns " + strings.Join(Columns, ", ") + "), then the parent and country roll-ups"},
		{"GET /api/v1/reports/runs/" + run.ID + "?format=csv", "the same through the API (also json, geojson, xlsx, html, pdf)"},
	}
	if in.Previous != nil {
		m.Reproduce = append(m.Reproduce, kv{"haven report compare " + in.Previous.ID + " " + run.ID + " --format csv", "every change since the previous run, measure by measure"})
	}
	m.Definitions = []kv{
		{"providers_located", "provider sites whose point lies in the region (a site without a point: the region it is recorded in)"},
		{"providers_serving", "provider sites located in the region, naming it (or an ancestor or the country) as served, or reaching its population-weighted point within their stated radius"},
		{"capacity", "sum of the capacities (beds, places) stated by the serving providers"},
		{"population", "the boundary set's population figure where loaded, else the sum of the population points in the region"},
		{"providers_per_100k", "see Formulas"},
		{"nearest_km", "distance to the nearest public provider of the type (region_only and hidden providers are never measured to); see Formulas; in kilometres"},
		{"population_within_share", fmt.Sprintf("share of people within d = %s km of a public provider of the type; see Formulas; shown in per cent", formatNumber(n.WithinKm))},
		{"access_index", "see Formulas; shown per 100,000 people (A × 100,000), in units of supply (stated capacity)"},
		{"unmet_demand", "needs participants of feedback tests reported as not found, where feedback tests store them"},
		{"gap_class", "no_service when no provider serves the region for the type; below_norm when a norm of the gap rules is not met; else covered"},
	}
	m.Formulas = n.Formulas
	m.Parameters = []kv{
		{"Method", methodName(n.Method)},
		{"Service types", serviceList(in.ServiceNames, n.Services)},
		{"Reach distance d", formatNumber(n.WithinKm) + " km (share of people within d km of a public provider)"},
	}
	if n.Method != MethodCount {
		m.Parameters = append(m.Parameters, kv{"Catchment d₀", formatNumber(n.CatchmentKm) + " km"})
	}
	if n.Method == MethodE2SFCA {
		var steps []string
		for _, s := range n.Steps {
			steps = append(steps, fmt.Sprintf("≤ %s km: %s", formatNumber(s.UpToKm), strconv.FormatFloat(s.Weight, 'f', -1, 64)))
		}
		m.Parameters = append(m.Parameters, kv{"Stepped weights", strings.Join(steps, "; ")})
	}
	if n.Method == MethodGaussian {
		m.Parameters = append(m.Parameters, kv{"Gaussian σ", formatNumber(n.SigmaKm) + " km"})
	}
	if n.Method != MethodCount {
		m.Parameters = append(m.Parameters, kv{"Supply of a service without stated capacity", strconv.FormatFloat(n.DefaultSupply, 'f', -1, 64)})
	}
	m.Parameters = append(m.Parameters, kv{"Eligibility filter", cmp.Or(filterText(n.Filter), "none: every service counts")},
		kv{"Gap rules", rulesText(n.Rules)})
	dv := run.DataVersions
	m.Data = []kv{
		{"Boundary set", fmt.Sprintf("%s, version %d, level %d", dv.BoundarySet, dv.BoundaryVersion, dv.Level)},
		{"Boundary source", cmp.Or(in.BoundarySource, "not recorded")},
		{"Provider snapshot", formatTime(dv.ProviderSnapshot) + " (the directory as it was then, active providers only)"},
		{"Population", cmp.Or(dv.PopulationSource, "no population points loaded: population-based figures come from the boundary set, or are not computed")},
		{"Need figures", cmp.Or(dv.NeedSource, "none loaded")},
		{"Unmet demand", cmp.Or(dv.FeedbackSource, "none recorded")},
		{"Distances", fmt.Sprintf("%s of radius %s km", n.Distance, strconv.FormatFloat(n.EarthRadiusKm, 'f', -1, 64))},
		{"Run", fmt.Sprintf("%s, computed %s by %s", run.ID, formatTime(run.CreatedAt), cmp.Or(run.CreatedBy, "unknown"))},
	}
	m.Counts = []kv{
		{"Regions", formatNumber(float64(n.Counts.Regions))},
		{"Provider sites (every confidentiality tier)", formatNumber(float64(n.Counts.Providers))},
		{"Population points", formatNumber(float64(n.Counts.PopulationPoints))},
		{"Provider sites with a point in no region", formatNumber(float64(n.Counts.Unlocated))},
	}
	m.Notes = n.Notes
	km, _ := proj.scaleBar()
	m.MapNotes = []string{
		"Maps show region boundaries only (the boundary set's simplified display copy); no map or table places a provider.",
		"Projection: equirectangular, longitudes scaled by the cosine of the middle latitude of the area shown; shapes keep their proportions near that latitude, areas are not equal. The scale bar (" +
			formatNumber(km) + " km) holds along that latitude.",
		"Colours are colour-blind safe: gap classes in orange (no service), light orange (below the norm) and light blue (covered); measures in ColorBrewer Blues, darker meaning more help within reach " +
			"(for the distance to the nearest public provider, darker is nearer); counts of missing service types in ColorBrewer Oranges. Hatched regions have no value. Red is never used.",
		"Class breaks of a measure are the quintiles of the regions' values, rounded to two significant digits; 0 is a class of its own where it means none at all.",
	}
	// The engine's haversine caveat is said more precisely below.
	m.Caveats = slices.DeleteFunc(slices.Clone(n.Caveats), func(c string) bool { return strings.HasPrefix(c, "Haversine") })
	m.Caveats = append(m.Caveats,
		"Haversine great-circle distances on a sphere overestimate north–south distances in South-East Asia by about 0.5 % against the WGS 84 ellipsoid.",
		"Hidden and region_only providers are never placed: no map, table or file of Haven shows where they are (Rules above say which figures count them). In a small region a count can still hint at one; share these reports with care.",
		boundaryCaveat(in.BoundarySource, dv.BoundarySet))
	return m
}

func methodName(m Method) string {
	switch m {
	case MethodCount:
		return "count: counts, distances and shares; no accessibility index"
	case Method2SFCA:
		return "2SFCA: two-step floating catchment area (Luo & Wang 2003), binary weights"
	case MethodE2SFCA:
		return "E2SFCA: enhanced two-step floating catchment area with stepped weights (Luo & Qi 2009)"
	case MethodGaussian:
		return "Gaussian 2SFCA: kernel-weighted two-step floating catchment area"
	}
	return string(m)
}

func serviceList(names map[string]string, services []string) string {
	out := make([]string, len(services))
	for i, s := range services {
		out[i] = serviceLabel(names, s)
	}
	return strings.Join(out, "; ")
}

func rulesText(r GapRules) string {
	var parts []string
	for _, svc := range sortedKeys(r.Norms) {
		parts = append(parts, svc+": "+normText(r.Norms[svc]))
	}
	if r.Default != nil {
		parts = append(parts, "other types: "+normText(*r.Default))
	}
	if len(parts) == 0 {
		return "no norms: a region is a gap only where no provider serves it"
	}
	return strings.Join(parts, "; ") + ". A norm whose measure is not computed is not applied."
}

func normText(n Norm) string {
	var parts []string
	add := func(x *float64, format string) {
		if x != nil {
			parts = append(parts, fmt.Sprintf(format, formatNumber(*x)))
		}
	}
	add(n.CapacityPer10k, "capacity per 10,000 people at least %s")
	add(n.ProvidersPer100k, "providers per 100,000 people at least %s")
	add(n.MaxNearestKm, "nearest public provider at most %s km away")
	add(n.MinWithinShare, "share of people within reach of a public provider at least %s")
	add(n.MinAccessIndex, "access index at least %s")
	add(n.MinCapacityPerNeed, "capacity per person in need at least %s")
	add(n.MaxUnmetDemand, "unmet demand at most %s")
	if len(parts) == 0 {
		return "no norm"
	}
	return strings.Join(parts, ", ")
}

// boundaryCaveat warns that boundaries are as of their source; Natural
// Earth's admin-1 layer in particular predates recent reforms.
func boundaryCaveat(source, set string) string {
	if strings.Contains(strings.ToLower(source), "natural earth") {
		return "Natural Earth admin-1 boundaries predate recent reforms: Indonesia has 33 provinces there (38 today), Viet Nam 63 (merged into 34 in 2025), Cambodia 24 (25 today). Figures are for the old units."
	}
	return fmt.Sprintf("Boundaries are those of set %s as imported (%s); administrative reforms after its date are not reflected.", set, cmp.Or(source, "source not recorded"))
}
