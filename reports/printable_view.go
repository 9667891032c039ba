package reports

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// printView is everything the printable template shows, worked out here
// so that the template only lays it out.
type printView struct {
	DocTitle, Title, Subtitle string
	RunID                     string
	Services                  []serviceView
	Summary                   summaryView
	NoShapes                  bool
	Width, Height             float64
	Outlines                  []outline
	ScaleKm, ScaleLen         float64
	ScaleY, ScaleTick         float64
	ScaleTextY, ScaleBoxW     float64
	Main                      mapView
	Small                     []mapView
	SmallCols                 int
	GapLegend                 []legendItem
	Matrix                    matrixView
	Annex                     *matrixView
	Gaps                      []gapRow
	GapRegions                []gapRegion
	GapsMore                  int
	GapsBy                    string
	Change                    *changeView
	FirstRun                  string
	Methods                   methodsView
}

type serviceView struct{ Code, Label string }

type summaryView struct {
	Regions, Services, Cells      int
	NoService, BelowNorm, Covered int
	NoServicePct, BelowNormPct    string
	CoveredPct                    string
}

type mapView struct {
	Title, Caption string
	Fills          []mapFill
	Legend         []legendItem
	Small          bool
}

type mapFill struct{ ID, Class, Title string }

type legendItem struct {
	Class, Label string
	Count        int
}

func buildPrintView(in PrintableInput) (printView, error) {
	run := in.Run
	rep := run.Report
	if rep == nil {
		return printView{}, fmt.Errorf("printable report of run %s: no results loaded", run.ID)
	}
	p := run.Parameters
	v := printView{RunID: run.ID}
	for _, code := range rep.Method.Services {
		v.Services = append(v.Services, serviceView{Code: code, Label: serviceLabel(in.ServiceNames, code)})
	}
	created := run.CreatedAt.UTC().Format("2 January 2006, 15:04 UTC")
	v.Title = "Coverage gaps by region and service type"
	v.Subtitle = fmt.Sprintf("Boundary set %s (version %d), level %d · %s · %s · run of %s", p.Set, run.DataVersions.BoundaryVersion,
		p.Level, plural(countCodes(rep.Regions), "region", "regions"), plural(len(v.Services), "service type", "service types"), created)
	v.DocTitle = fmt.Sprintf("Coverage gaps — %s level %d — %s", p.Set, p.Level, run.CreatedAt.UTC().Format("2006-01-02"))
	v.Summary = summarize(rep.Regions, len(v.Services))

	proj, outlines := projectShapes(in.Shapes)
	v.Outlines = outlines
	v.NoShapes = len(outlines) == 0
	v.Width, v.Height = proj.width, proj.height
	if !v.NoShapes {
		v.ScaleKm, v.ScaleLen = proj.scaleBar()
		v.ScaleY, v.ScaleTick, v.ScaleTextY = v.Height-40, v.Height-22, v.Height-26
		v.ScaleBoxW = max(v.ScaleLen, 70) + 20
	}
	drawn := map[string]string{}
	for _, o := range outlines {
		drawn[o.Code] = o.ID
	}
	byRegion := rowsByRegion(rep.Regions)
	v.GapLegend = gapLegend(rep.Regions)

	var err error
	if v.Main, err = mainMap(in, byRegion, drawn); err != nil {
		return printView{}, err
	}
	if len(v.Services) > 1 {
		for _, s := range v.Services {
			v.Small = append(v.Small, gapMap(s, byRegion, drawn, true))
		}
		v.SmallCols = 4
		if v.Height > v.Width*1.2 {
			v.SmallCols = 6 // tall countries: narrow maps, more to a row
		}
	}
	v.Matrix, v.Annex = matrices(in, v.Services)
	v.Matrix.NewPage = len(v.Small) > 0 // the small maps fill their page
	if len(v.Services) > 1 {
		v.GapRegions, v.GapsMore = largestGapRegions(in, 20)
	} else {
		v.Gaps, v.GapsMore, v.GapsBy = largestGaps(in, 25)
	}
	if in.Change != nil && in.Previous != nil {
		v.Change = changeOf(in, 30)
	} else {
		v.FirstRun = fmt.Sprintf("This is the first stored run of boundary set %s at level %d: there is no earlier run to compare it with.", p.Set, p.Level)
	}
	v.Methods = methodsOf(in, proj)
	return v, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return formatNumber(float64(n)) + " " + many
}

func countCodes(rows []Row) int {
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.RegionCode] = true
	}
	return len(seen)
}

func summarize(rows []Row, services int) summaryView {
	s := summaryView{Regions: countCodes(rows), Services: services, Cells: len(rows)}
	for _, r := range rows {
		switch r.GapClass {
		case GapNoService:
			s.NoService++
		case GapBelowNorm:
			s.BelowNorm++
		case GapCovered:
			s.Covered++
		}
	}
	pct := func(n int) string {
		if s.Cells == 0 {
			return "–"
		}
		return formatNumber(float64(n)*100/float64(s.Cells)) + " %"
	}
	s.NoServicePct, s.BelowNormPct, s.CoveredPct = pct(s.NoService), pct(s.BelowNorm), pct(s.Covered)
	return s
}

// rowsByRegion indexes rows by region code and then service.
func rowsByRegion(rows []Row) map[string]map[string]Row {
	out := map[string]map[string]Row{}
	for _, r := range rows {
		if out[r.RegionCode] == nil {
			out[r.RegionCode] = map[string]Row{}
		}
		out[r.RegionCode][r.Service] = r
	}
	return out
}

func gapLegend(rows []Row) []legendItem {
	counts := map[string]int{}
	for _, r := range rows {
		counts[gapClass(r.GapClass)]++
	}
	items := []legendItem{
		{Class: "g-no", Label: gapLabels[GapNoService] + ": no provider serves the region"},
		{Class: "g-below", Label: gapLabels[GapBelowNorm] + ": a norm of the gap rules is not met"},
		{Class: "g-cov", Label: gapLabels[GapCovered]},
	}
	for i := range items {
		items[i].Count = counts[items[i].Class]
	}
	if counts["g-na"] > 0 {
		items = append(items, legendItem{Class: "g-na", Label: "Not classified", Count: counts["g-na"]})
	}
	return items
}

// mainMap is the large map: the measure asked for, or by default the gap
// class of a one-service report or the count of missing service types.
func mainMap(in PrintableInput, byRegion map[string]map[string]Row, drawn map[string]string) (mapView, error) {
	services := in.Run.Report.Method.Services
	key := in.Measure
	switch {
	case key == "" && len(services) == 1:
		key = MeasureGapClass
	case key == "":
		key = measureGapCount
	case len(services) != 1:
		return mapView{}, fieldError("service", fmt.Sprintf("a map of %s is of one service type: name one of %s", key, strings.Join(services, ", ")))
	}
	if key == MeasureGapClass {
		s := serviceView{Code: services[0], Label: serviceLabel(in.ServiceNames, services[0])}
		m := gapMap(s, byRegion, drawn, false)
		return m, nil
	}
	m := mapMeasureOf[key]
	values := map[string]float64{}
	for code, byService := range byRegion {
		if key == measureGapCount {
			n := 0
			for _, r := range byService {
				if r.GapClass == GapNoService {
					n++
				}
			}
			values[code] = float64(n)
			continue
		}
		if x, ok := m.display(byService[services[0]]); ok {
			values[code] = x
		}
	}
	all := make([]float64, 0, len(values))
	for _, x := range values {
		all = append(all, x)
	}
	cb := newBreaks(all, m.zeroApart)
	colours, labels, classOf := cb.palette(m), cb.labels(m), cb.class
	caption := "Classes: " + breaksText(cb) + " The figure is " + m.about + "."
	if key == measureGapCount {
		cc := newCountClasses(len(services))
		colours, labels, classOf = cc.colours, cc.labels, cc.class
		caption = fmt.Sprintf("Classes: the share of the report's %d service types that no provider serves in the region — none, under a quarter, "+
			"a quarter to a half, a half to three quarters, three quarters or more, all — so that reports of one set of types compare. The figure is %s.",
			len(services), m.about)
	}
	legend := make([]legendItem, len(labels))
	for i := range labels {
		legend[i] = legendItem{Class: colours[i], Label: labels[i]}
	}
	view := mapView{Title: m.label}
	if key != measureGapCount {
		view.Title += ": " + serviceLabel(in.ServiceNames, services[0])
	}
	missing := 0
	for _, code := range sortedKeys(byRegion) {
		id, ok := drawn[code]
		if !ok {
			continue
		}
		name := regionName(byRegion[code])
		x, ok := values[code]
		if !ok {
			missing++
			view.Fills = append(view.Fills, mapFill{ID: id, Class: "g-na", Title: name + ": not computed"})
			continue
		}
		c := classOf(x)
		legend[c].Count++
		unit := ""
		if m.unit != "" {
			unit = " " + m.unit
		}
		view.Fills = append(view.Fills, mapFill{ID: id, Class: colours[c], Title: name + ": " + formatNumber(x) + unit})
	}
	if missing > 0 {
		legend = append(legend, legendItem{Class: "g-na", Label: "Not computed", Count: missing})
	}
	view.Legend = legend
	view.Caption = caption
	return view, nil
}

func breaksText(cb classBreaks) string {
	if cb.empty {
		return "no region has a value."
	}
	what := "quintiles of the regions' values, rounded to two significant digits"
	if cb.zero {
		what += ", with 0 (none at all) a class of its own"
	}
	return what + "."
}

// gapMap colours each region by its gap class for one service type.
func gapMap(s serviceView, byRegion map[string]map[string]Row, drawn map[string]string, small bool) mapView {
	view := mapView{Title: s.Label, Small: small}
	if !small {
		view.Title = "Gap class: " + s.Label
		view.Caption = "No service: no provider serves the region for this type. Below the norm: a provider serves it, but a norm of the gap rules (see Methods) is not met."
	}
	for _, code := range sortedKeys(byRegion) {
		id, ok := drawn[code]
		if !ok {
			continue
		}
		r, ok := byRegion[code][s.Code]
		class := "g-na"
		title := regionName(byRegion[code]) + ": not in this report"
		if ok {
			class = gapClass(r.GapClass)
			title = r.RegionName + ": " + cmp.Or(gapLabels[r.GapClass], "not classified") + ", " + plural(r.ProvidersServing, "provider serving", "providers serving")
		}
		f := mapFill{ID: id, Class: class}
		if !small {
			f.Title = title
		}
		view.Fills = append(view.Fills, f)
	}
	return view
}

func regionName(byService map[string]Row) string {
	for _, r := range byService {
		return r.RegionName
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// gapRow is one line of the largest gaps.
type gapRow struct {
	Rank                                int
	Region, Code, Within, Service, Gap  string
	GapClass                            string
	Population, Nearest, Share, Per100k string
}

// largestGaps lists the region × service cells classed no_service or
// below_norm, the most people first (then the farthest from a provider).
func largestGaps(in PrintableInput, limit int) ([]gapRow, int, string) {
	var gaps []Row
	for _, r := range in.Run.Report.Regions {
		if r.GapClass == GapNoService || r.GapClass == GapBelowNorm {
			gaps = append(gaps, r)
		}
	}
	by := "population, then distance to the nearest public provider"
	slices.SortStableFunc(gaps, func(a, b Row) int {
		return cmp.Or(
			-cmp.Compare(val(a.Population), val(b.Population)),
			-cmp.Compare(val(a.NearestKm), val(b.NearestKm)),
			cmp.Compare(gapRank[a.GapClass], gapRank[b.GapClass]),
			cmp.Compare(a.RegionCode, b.RegionCode), cmp.Compare(a.Service, b.Service))
	})
	within := parentNames(in)
	out := make([]gapRow, 0, min(limit, len(gaps)))
	for i, r := range gaps[:min(limit, len(gaps))] {
		out = append(out, gapRow{Rank: i + 1, Region: r.RegionName, Code: r.RegionCode, Within: within[r.RegionCode],
			Service: serviceLabel(in.ServiceNames, r.Service), Gap: gapLabels[r.GapClass], GapClass: gapClass(r.GapClass),
			Population: optNum(r.Population, 1), Nearest: optNum(r.NearestKm, 1), Share: optNum(r.PopulationWithinShare, 100),
			Per100k: optNum(r.ProvidersPer100k, 1)})
	}
	return out, len(gaps) - len(out), by
}

// gapRegion is one region of the largest gaps of a report on several
// service types: which types no provider serves there, and which fall
// below the norm.
type gapRegion struct {
	Rank                 int
	Region, Code, Within string
	Population           string
	NoService, BelowNorm []string
}

// largestGapRegions lists the regions with a gap, the most people first:
// the people who lack help are what a regional body weighs.
func largestGapRegions(in PrintableInput, limit int) ([]gapRegion, int) {
	byRegion := rowsByRegion(in.Run.Report.Regions)
	type entry struct {
		code       string
		population *float64
		no, below  []string
	}
	var all []entry
	for code, byService := range byRegion {
		e := entry{code: code}
		for _, svc := range sortedKeys(byService) {
			r := byService[svc]
			e.population = r.Population
			switch r.GapClass {
			case GapNoService:
				e.no = append(e.no, cmp.Or(in.ServiceNames[svc], svc))
			case GapBelowNorm:
				e.below = append(e.below, cmp.Or(in.ServiceNames[svc], svc))
			}
		}
		if len(e.no)+len(e.below) > 0 {
			all = append(all, e)
		}
	}
	slices.SortFunc(all, func(a, b entry) int {
		return cmp.Or(-cmp.Compare(val(a.population), val(b.population)), -cmp.Compare(len(a.no), len(b.no)), cmp.Compare(a.code, b.code))
	})
	within := parentNames(in)
	out := make([]gapRegion, 0, min(limit, len(all)))
	for i, e := range all[:min(limit, len(all))] {
		out = append(out, gapRegion{Rank: i + 1, Region: regionName(byRegion[e.code]), Code: e.code, Within: within[e.code],
			Population: optNum(e.population, 1), NoService: e.no, BelowNorm: e.below})
	}
	return out, len(all) - len(out)
}

// val orders missing figures below every real one.
func val(x *float64) float64 {
	if x == nil {
		return -1
	}
	return *x
}

func optNum(x *float64, scale float64) string {
	if x == nil {
		return "–"
	}
	return formatNumber(*x * scale)
}

// parentNames names what each region lies in: its parent region, else its
// country, from the roll-up rows and the boundaries.
func parentNames(in PrintableInput) map[string]string {
	names := map[string]string{}
	for _, r := range in.Run.Report.Parents {
		names["p:"+r.RegionCode] = r.RegionName
	}
	for _, r := range in.Run.Report.Countries {
		names["c:"+r.RegionCode] = r.RegionName
	}
	out := map[string]string{}
	for _, s := range in.Shapes {
		switch {
		case s.ParentCode != "" && names["p:"+s.ParentCode] != "":
			out[s.Code] = names["p:"+s.ParentCode]
		case s.ParentCode != "":
			out[s.Code] = s.ParentCode
		case s.Country != "":
			out[s.Code] = cmp.Or(names["c:"+s.Country], s.Country)
		}
	}
	return out
}

// changeView is the change since the previous run.
type changeView struct {
	PrevID, PrevCreated string
	Summary             ComparisonSummary
	Transitions         []string
	ParamDiffs          []string
	Rows                []changeRow
	More                int
	Level               int
}

type changeRow struct {
	Region, Code, Service       string
	Before, After, Change       string
	BeforeClass, AfterClass     string
	DServing, DNearest, DAccess string
}

func changeOf(in PrintableInput, limit int) *changeView {
	c, prev := in.Change, in.Previous
	v := &changeView{PrevID: prev.ID, PrevCreated: prev.CreatedAt.UTC().Format("2 January 2006, 15:04 UTC"), Summary: c.Summary,
		Level: in.Run.Parameters.Level}
	for _, k := range sortedKeys(c.Summary.Transitions) {
		from, to, _ := strings.Cut(k, "->")
		v.Transitions = append(v.Transitions, fmt.Sprintf("%s → %s: %d", cmp.Or(gapLabels[from], from), cmp.Or(gapLabels[to], to), c.Summary.Transitions[k]))
	}
	v.ParamDiffs = paramDiffs(*prev, in.Run)
	var moved []RowChange
	for _, r := range c.Rows {
		if r.Level == in.Run.Parameters.Level && (r.GapChange == ChangeImproved || r.GapChange == ChangeWorsened) {
			moved = append(moved, r)
		}
	}
	slices.SortStableFunc(moved, func(a, b RowChange) int {
		return cmp.Or(cmp.Compare(changeRank(a.GapChange), changeRank(b.GapChange)), cmp.Compare(a.RegionCode, b.RegionCode), cmp.Compare(a.Service, b.Service))
	})
	for _, r := range moved[:min(limit, len(moved))] {
		v.Rows = append(v.Rows, changeRow{Region: r.RegionName, Code: r.RegionCode, Service: serviceLabel(in.ServiceNames, r.Service),
			Before: gapLabels[r.GapBefore], After: gapLabels[r.GapAfter], Change: r.GapChange,
			BeforeClass: gapClass(r.GapBefore), AfterClass: gapClass(r.GapAfter),
			DServing: signed(r.Delta.ProvidersServing, 1), DNearest: signed(r.Delta.NearestKm, 1), DAccess: signed(r.Delta.AccessIndex, 1e5)})
	}
	v.More = len(moved) - len(v.Rows)
	return v
}

func changeRank(change string) int {
	if change == ChangeWorsened {
		return 0
	}
	return 1
}

func signed(x *float64, scale float64) string {
	if x == nil {
		return "–"
	}
	d := *x * scale
	if d > 0 {
		return "+" + formatNumber(d)
	}
	return formatNumber(d)
}

// paramDiffs names what differs between how two runs were made, since a
// change of class may come from these rather than from the directory.
func paramDiffs(before, after Run) []string {
	var out []string
	diff := func(what, a, b string) {
		if a != b {
			out = append(out, fmt.Sprintf("%s: %s → %s", what, cmp.Or(a, "(none)"), cmp.Or(b, "(none)")))
		}
	}
	mb, ma := before.Report.Method, after.Report.Method
	diff("method", string(mb.Method), string(ma.Method))
	diff("catchment", formatNumber(mb.CatchmentKm)+" km", formatNumber(ma.CatchmentKm)+" km")
	diff("reach distance", formatNumber(mb.WithinKm)+" km", formatNumber(ma.WithinKm)+" km")
	diff("service types", strings.Join(mb.Services, ", "), strings.Join(ma.Services, ", "))
	diff("boundary version", strconv.Itoa(before.DataVersions.BoundaryVersion), strconv.Itoa(after.DataVersions.BoundaryVersion))
	diff("population source", before.DataVersions.PopulationSource, after.DataVersions.PopulationSource)
	diff("need figures", before.DataVersions.NeedSource, after.DataVersions.NeedSource)
	diff("filter", filterText(mb.Filter), filterText(ma.Filter))
	return out
}

func filterText(f Filter) string {
	var parts []string
	if f.Gender != "" {
		parts = append(parts, "open to "+f.Gender)
	}
	if f.MinAge != nil {
		parts = append(parts, "age "+strconv.Itoa(*f.MinAge)+" or older")
	}
	if f.MaxAge != nil {
		parts = append(parts, "age "+strconv.Itoa(*f.MaxAge)+" or younger")
	}
	if len(f.Languages) > 0 {
		l := "in " + strings.Join(f.Languages, " or ")
		if f.AcceptInterpreting {
			l += " (or with interpreting)"
		}
		parts = append(parts, l)
	}
	return strings.Join(parts, "; ")
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "not recorded"
	}
	return t.UTC().Format("2 January 2006, 15:04:05 UTC")
}
