package reports

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// Measures a map can be coloured by.
const (
	MeasureGapClass         = "gap_class"
	MeasureProvidersPer100k = "providers_per_100k"
	MeasureNearestKm        = "nearest_km"
	MeasureAccessIndex      = "access_index"
	MeasureWithinShare      = "population_within_share"
	// measureGapCount is the default map of a report on several service
	// types: how many of them no provider serves in each region.
	measureGapCount = "gap_count"
)

// MapMeasures are the measures the printable report's map can show.
var MapMeasures = []string{MeasureGapClass, MeasureProvidersPer100k, MeasureNearestKm, MeasureAccessIndex, MeasureWithinShare}

// measure is how one column is shown: its label, the value as displayed
// (access indexes per 100,000 people, shares in per cent) and which way is
// better, so that darker always means more help within reach.
type measure struct {
	key, label, unit string
	value            func(Row) *float64
	scale            float64
	lowerIsBetter    bool   // nearest_km: the palette runs the other way
	zeroApart        bool   // 0 is "none at all", a class of its own
	about            string // for the methods section
}

var mapMeasureOf = map[string]measure{
	MeasureProvidersPer100k: {key: MeasureProvidersPer100k, label: "Providers per 100,000 people", value: func(r Row) *float64 { return r.ProvidersPer100k },
		scale: 1, zeroApart: true, about: "providers serving the region per 100,000 people"},
	MeasureNearestKm: {key: MeasureNearestKm, label: "Distance to the nearest public provider", unit: "km", value: func(r Row) *float64 { return r.NearestKm },
		scale: 1, lowerIsBetter: true, about: "great-circle km from the region's population-weighted point to the nearest public provider of the type (region_only and hidden providers are never measured to)"},
	MeasureAccessIndex: {key: MeasureAccessIndex, label: "Access index per 100,000 people", value: func(r Row) *float64 { return r.AccessIndex },
		scale: 1e5, zeroApart: true, about: "the accessibility index A (supply within reach per person) × 100,000"},
	MeasureWithinShare: {key: MeasureWithinShare, label: "Share of people within reach of a public provider", unit: "%", value: func(r Row) *float64 { return r.PopulationWithinShare },
		scale: 100, zeroApart: true, about: "per cent of the region's population within the reach distance of a public provider of the type"},
	measureGapCount: {key: measureGapCount, label: "Service types with no provider", scale: 1, zeroApart: true,
		about: "how many of the report's service types no provider serves in the region (gap class no_service)"},
}

// display is a row's value of m as shown, false when not computed.
func (m measure) display(r Row) (float64, bool) {
	v := m.value(r)
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return 0, false
	}
	return *v * m.scale, true
}

// classBreaks are class limits for a map: values from breaks[i-1] up to
// (not including) breaks[i] are class i. They are the quintiles of the
// values (of the non-zero ones, when 0 is a class of its own), rounded to
// two significant digits, repeated limits dropped.
type classBreaks struct {
	zero   bool // class 0 holds exactly 0
	breaks []float64
	empty  bool // no value to classify
}

const mapClasses = 5

func newBreaks(values []float64, zeroApart bool) classBreaks {
	vals := slices.Clone(values)
	slices.Sort(vals)
	var cb classBreaks
	if len(vals) == 0 {
		cb.empty = true
		return cb
	}
	if zeroApart {
		n := 0
		for n < len(vals) && vals[n] <= 0 {
			n++
		}
		cb.zero = n > 0
		vals = vals[n:]
	}
	k := mapClasses
	if cb.zero {
		k--
	}
	for i := 1; i < k && len(vals) > 0; i++ {
		b := roundSignificant(vals[i*len(vals)/k], 2)
		last := vals[0]
		if len(cb.breaks) > 0 {
			last = cb.breaks[len(cb.breaks)-1]
		}
		if b > last {
			cb.breaks = append(cb.breaks, b)
		}
	}
	return cb
}

func roundSignificant(x float64, digits int) float64 {
	// Through decimal text, so that 1.2 comes back as 1.2, not 1.2000000000000002.
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', digits, 64), 64)
	return r
}

// count is the number of classes.
func (cb classBreaks) count() int {
	if cb.empty {
		return 0
	}
	n := len(cb.breaks) + 1
	if cb.zero {
		n++
	}
	return n
}

// class is the class of a value.
func (cb classBreaks) class(x float64) int {
	if cb.zero {
		if x <= 0 {
			return 0
		}
		return 1 + countBelowOrAt(cb.breaks, x)
	}
	return countBelowOrAt(cb.breaks, x)
}

func countBelowOrAt(breaks []float64, x float64) int {
	n := 0
	for _, b := range breaks {
		if x >= b {
			n++
		}
	}
	return n
}

// labels name each class by its limits, in the measure's unit; none
// when no region has a value.
func (cb classBreaks) labels(m measure) []string {
	if cb.empty {
		return nil
	}
	var out []string
	if cb.zero {
		out = append(out, "0")
	}
	unit := ""
	if m.unit != "" {
		unit = " " + m.unit
	}
	lo := ""
	if cb.zero {
		lo = "more than 0"
	}
	for _, b := range cb.breaks {
		switch lo {
		case "":
			out = append(out, "less than "+formatNumber(b)+unit)
		case "more than 0":
			out = append(out, "more than 0, less than "+formatNumber(b)+unit)
		default:
			out = append(out, lo+" to less than "+formatNumber(b)+unit)
		}
		lo = formatNumber(b)
	}
	switch lo {
	case "":
		out = append(out, "any value")
	case "more than 0":
		out = append(out, "more than 0"+unit)
	default:
		out = append(out, lo+" or more"+unit)
	}
	return out
}

// countClasses classify how many of m service types a region lacks, by
// share of m: none, under a quarter, to a half, to three quarters, more,
// all — fixed, unlike quintiles, so that reports on one set of service
// types read alike, and so that a map where most regions lack everything
// still tells the rest apart.
type countClasses struct {
	position        map[int]int // count → class
	colours, labels []string
}

func newCountClasses(m int) countClasses {
	shade := func(n int) int {
		switch {
		case n == 0:
			return 0
		case n == m:
			return 5
		}
		return 1 + min(3, 4*n/m)
	}
	cc := countClasses{position: map[int]int{}}
	for n := 0; n <= m; {
		s, first := shade(n), n
		for n <= m && shade(n) == s {
			cc.position[n] = len(cc.labels)
			n++
		}
		label := strconv.Itoa(first)
		if last := n - 1; last > first {
			label += " to " + strconv.Itoa(last)
		}
		switch s {
		case 0:
			label += " (none missing)"
		case 5:
			label += " (all)"
		}
		cc.labels = append(cc.labels, label)
		cc.colours = append(cc.colours, "o"+strconv.Itoa(s))
	}
	return cc
}

func (cc countClasses) class(x float64) int { return cc.position[int(x)] }

// palette is the colour class (s0…s5, o0…o5) of each class: ColorBrewer
// Blues for measures of help within reach (darker: more help), Oranges for
// the count of missing service types (darker: more missing). Never red.
func (cb classBreaks) palette(m measure) []string {
	n := cb.count()
	prefix := "s"
	if m.key == measureGapCount {
		prefix = "o"
	}
	out := make([]string, n)
	for i := range out {
		var shade int
		switch {
		case cb.zero && i == 0:
			shade = 0 // "none at all": the palest
		default:
			// The rest spread over shades 1…5.
			first, last := 0, n-1
			if cb.zero {
				first = 1
			}
			steps := last - first
			pos := i - first
			shade = 3
			if steps > 0 {
				shade = 1 + int(math.Round(float64(pos)*4/float64(steps)))
			}
		}
		if m.lowerIsBetter {
			shade = 6 - shade // far away is pale
			if shade > 5 {
				shade = 5
			}
		}
		out[i] = prefix + strconv.Itoa(shade)
	}
	return out
}

// formatNumber writes a figure for people: three significant digits (two
// below 1), whole numbers from 100, thousands grouped with a comma.
func formatNumber(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	neg := x < 0
	x = math.Abs(x)
	var s string
	switch {
	case x == 0:
		s = "0"
	case x >= 100:
		s = groupThousands(strconv.FormatFloat(math.Round(x), 'f', 0, 64))
	default:
		digits := 3
		if x < 1 {
			digits = 2
		}
		decimals := max(0, digits-1-int(math.Floor(math.Log10(x))))
		s = strconv.FormatFloat(x, 'f', decimals, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
	}
	if neg && s != "0" {
		s = "−" + s
	}
	return s
}

func groupThousands(digits string) string {
	var b strings.Builder
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
