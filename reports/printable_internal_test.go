package reports

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb"
)

func TestClassBreaks(t *testing.T) {
	for _, tc := range []struct {
		name    string
		values  []float64
		m       measure
		breaks  []float64
		labels  []string
		classOf map[float64]int
		palette []string
	}{
		{"quintiles, rounded", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, mapMeasureOf[MeasureNearestKm],
			[]float64{3, 5, 7, 9},
			[]string{"less than 3 km", "3 to less than 5 km", "5 to less than 7 km", "7 to less than 9 km", "9 or more km"},
			map[float64]int{1: 0, 2.99: 0, 3: 1, 8.5: 3, 10: 4},
			// Nearer is better: the nearest class is the darkest.
			[]string{"s5", "s4", "s3", "s2", "s1"}},
		{"zero apart", []float64{0, 0, 0, 0.5, 1.23456, 2, 40, 41}, mapMeasureOf[MeasureProvidersPer100k],
			[]float64{1.2, 2, 40},
			[]string{"0", "more than 0, less than 1.2", "1.2 to less than 2", "2 to less than 40", "40 or more"},
			map[float64]int{0: 0, 0.5: 1, 1.2: 2, 39: 3, 41: 4},
			[]string{"s0", "s1", "s2", "s4", "s5"}},
		{"repeated values collapse", []float64{19, 19, 19, 19, 19, 8, 19, 19, 19, 19}, mapMeasureOf[MeasureNearestKm],
			[]float64{19},
			[]string{"less than 19 km", "19 or more km"},
			map[float64]int{8: 0, 19: 1},
			[]string{"s5", "s1"}},
		{"one value", []float64{3, 3, 3}, mapMeasureOf[MeasureWithinShare],
			nil, []string{"any value"}, map[float64]int{3: 0}, []string{"s3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cb := newBreaks(tc.values, tc.m.zeroApart)
			if !slices.Equal(cb.breaks, tc.breaks) {
				t.Errorf("breaks %v, want %v", cb.breaks, tc.breaks)
			}
			if got := cb.labels(tc.m); !slices.Equal(got, tc.labels) {
				t.Errorf("labels %q, want %q", got, tc.labels)
			}
			for x, want := range tc.classOf {
				if got := cb.class(x); got != want {
					t.Errorf("class of %v is %d, want %d", x, got, want)
				}
			}
			if got := cb.palette(tc.m); !slices.Equal(got, tc.palette) {
				t.Errorf("palette %v, want %v", got, tc.palette)
			}
		})
	}
	if cb := newBreaks(nil, true); !cb.empty || cb.count() != 0 || len(cb.labels(mapMeasureOf[MeasureNearestKm])) != 0 || len(cb.palette(mapMeasureOf[MeasureNearestKm])) != 0 {
		t.Errorf("no values: %+v", cb)
	}
}

// Counts of missing service types fall in fixed shares of the types.
func TestCountClasses(t *testing.T) {
	cc := newCountClasses(16)
	if want := []string{"0 (none missing)", "1 to 3", "4 to 7", "8 to 11", "12 to 15", "16 (all)"}; !slices.Equal(cc.labels, want) {
		t.Errorf("labels %q, want %q", cc.labels, want)
	}
	if !slices.Equal(cc.colours, []string{"o0", "o1", "o2", "o3", "o4", "o5"}) {
		t.Errorf("colours %v", cc.colours)
	}
	for n, want := range map[float64]int{0: 0, 3: 1, 4: 2, 11: 3, 15: 4, 16: 5} {
		if got := cc.class(n); got != want {
			t.Errorf("class of %v: %d, want %d", n, got, want)
		}
	}
	// One type: present or missing.
	if one := newCountClasses(1); !slices.Equal(one.labels, []string{"0 (none missing)", "1 (all)"}) || !slices.Equal(one.colours, []string{"o0", "o5"}) {
		t.Errorf("one type: %v %v", one.labels, one.colours)
	}
}

func TestFormatNumber(t *testing.T) {
	for x, want := range map[float64]string{0: "0", 30.400000000000002: "30.4", 0.0123456: "0.012", 1.5: "1.5", 99.96: "100",
		11589916: "11,589,916", 1234.6: "1,235", -2: "−2", 100: "100", 7.25: "7.25", 0.5: "0.5"} {
		if got := formatNumber(x); got != want {
			t.Errorf("formatNumber(%v) = %q, want %q", x, got, want)
		}
	}
}

// The map keeps shapes' proportions near the middle latitude: a square
// degree at 60° N is drawn half as wide as it is tall.
func TestProjectionScalesLongitude(t *testing.T) {
	p := fitProjection(orb.Bound{Min: orb.Point{10, 59.5}, Max: orb.Point{11, 60.5}})
	w, h := p.width-2*mapPad, p.height-2*mapPad
	if math.Abs(w/h-0.5) > 0.01 {
		t.Errorf("width/height %v, want 0.5", w/h)
	}
	x, y := p.point(orb.Point{10, 60.5})
	if x != mapPad || y != mapPad {
		t.Errorf("the north-west corner is at %v,%v", x, y)
	}
	// Thinning keeps a ring closed and drops points closer than the tolerance.
	sq := orb.MultiPolygon{{{{10, 59.5}, {10.0001, 59.5}, {11, 59.5}, {11, 60.5}, {10, 60.5}, {10, 59.5}}}}
	d := p.pathData(sq, mapTolerance)
	if n := len(regexp.MustCompile(`[ML]`).FindAllString(d, -1)); n != 4 || d[len(d)-1] != 'Z' {
		t.Errorf("path %q: want 4 corners, closed", d)
	}
	// A region too small to see at this scale draws nothing.
	_, outlines := projectShapes([]mapping.RegionShape{{Region: mapping.Region{Code: "A"}, Geometry: sq},
		{Region: mapping.Region{Code: "dot"}, Geometry: orb.MultiPolygon{{{{10.5, 60}, {10.5000001, 60}, {10.5, 60.0000001}, {10.5, 60}}}}}})
	if len(outlines) != 1 || outlines[0].Code != "A" {
		t.Errorf("outlines %+v", outlines)
	}
}

// No colour of a map or table is red: readers take red areas for danger,
// and provider density must never look like it.
func TestPrintableColoursAreNeverRed(t *testing.T) {
	colours := regexp.MustCompile(`(fill|background): #([0-9a-f]{6})`).FindAllStringSubmatch(printableCSS, -1)
	if len(colours) < 20 {
		t.Fatalf("found only %d colours", len(colours))
	}
	for _, c := range colours {
		r, _ := strconv.ParseUint(c[2][0:2], 16, 8)
		g, _ := strconv.ParseUint(c[2][2:4], 16, 8)
		b, _ := strconv.ParseUint(c[2][4:6], 16, 8)
		hue, sat := hueSaturation(float64(r)/255, float64(g)/255, float64(b)/255)
		if sat > 0.35 && (hue < 15 || hue > 330) {
			t.Errorf("#%s is red (hue %.0f°, saturation %.2f)", c[2], hue, sat)
		}
	}
}

func hueSaturation(r, g, b float64) (hue, sat float64) {
	hi, lo := max(r, g, b), min(r, g, b)
	if hi == lo {
		return 0, 0
	}
	d := hi - lo
	switch hi {
	case r:
		hue = math.Mod((g-b)/d, 6)
	case g:
		hue = (b-r)/d + 2
	default:
		hue = (r-g)/d + 4
	}
	hue *= 60
	if hue < 0 {
		hue += 360
	}
	l := (hi + lo) / 2
	sat = d / (1 - math.Abs(2*l-1))
	return hue, sat
}

func TestBoundaryCaveat(t *testing.T) {
	if c := boundaryCaveat("Natural Earth 10m admin-1 v5.1 (public domain)", "ne_admin1"); !regexp.MustCompile(`predate recent reforms.*Indonesia has 33`).MatchString(c) {
		t.Errorf("Natural Earth: %q", c)
	}
	if c := boundaryCaveat("OCHA COD-AB Thailand 2019", "th"); !regexp.MustCompile(`set th as imported \(OCHA`).MatchString(c) {
		t.Errorf("other source: %q", c)
	}
}
