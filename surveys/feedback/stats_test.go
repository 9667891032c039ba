package feedback

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Published values: Newcombe RG (1998) "Two-sided confidence intervals for
// the single proportion: comparison of seven methods", Stat Med 17:857–872,
// Table II, method 3 (score, no continuity correction), to 4 decimals; and
// one worked by hand.
func TestWilson(t *testing.T) {
	tests := []struct {
		name      string
		x, n      int
		low, high float64
		tol       float64
	}{
		{"Newcombe 81/263", 81, 263, 0.2553, 0.3662, 5e-5},
		{"Newcombe 15/148", 15, 148, 0.0624, 0.1605, 5e-5},
		{"Newcombe 0/20", 0, 20, 0, 0.1611, 5e-5},
		{"Newcombe 1/29", 1, 29, 0.0061, 0.1718, 5e-5},
		// By hand, z² = 3.841459: centre = (4 + 1.920729)/(6 + 3.841459) =
		// 0.601611; half = 1.959964·√(4·2/6 + 0.960365)/9.841459 =
		// 1.959964·1.514496/9.841459 = 0.301618.
		{"hand 4/6", 4, 6, 0.299993, 0.903229, 5e-6},
		// centre = 8.920729/10.841459 = 0.822835; half =
		// 1.959964·√(0 + 0.960365)/10.841459 = 0.177165.
		{"all succeed", 7, 7, 0.645670, 1, 5e-6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			iv, ok := Wilson(tc.x, tc.n)
			if !ok || !near(iv.Low, tc.low, tc.tol) || !near(iv.High, tc.high, tc.tol) {
				t.Errorf("Wilson(%d, %d) = %+v, %v; want [%v, %v]", tc.x, tc.n, iv, ok, tc.low, tc.high)
			}
			if iv.Low < 0 || iv.High > 1 {
				t.Errorf("Wilson(%d, %d) = %+v leaves [0, 1]", tc.x, tc.n, iv)
			}
		})
	}
	for _, bad := range [][2]int{{0, 0}, {3, 2}, {-1, 4}} {
		if _, ok := Wilson(bad[0], bad[1]); ok {
			t.Errorf("Wilson(%d, %d) ok, want not ok", bad[0], bad[1])
		}
	}
}

// Published values: Newcombe RG (1998) "Interval estimation for the
// difference between independent proportions: comparison of eleven
// methods", Stat Med 17:873–890, Table II, method 10, examples (a)–(h).
func TestDifference(t *testing.T) {
	tests := []struct {
		name                 string
		x1, n1, x2, n2       int
		diff, low, high, tol float64
	}{
		{"(a) 56/70 − 48/80", 56, 70, 48, 80, 0.2, 0.0524, 0.3339, 5e-5},
		{"(b) 9/10 − 3/10", 9, 10, 3, 10, 0.6, 0.1705, 0.8090, 5e-5},
		{"(c) 6/7 − 2/7", 6, 7, 2, 7, 4.0 / 7, 0.0582, 0.8062, 5e-5},
		{"(d) 5/56 − 0/29", 5, 56, 0, 29, 5.0 / 56, -0.0381, 0.1926, 5e-5},
		{"(e) 0/10 − 0/20", 0, 10, 0, 20, 0, -0.1611, 0.2775, 5e-5},
		{"(f) 0/10 − 0/10", 0, 10, 0, 10, 0, -0.2775, 0.2775, 5e-5},
		{"(g) 10/10 − 0/20", 10, 10, 0, 20, 1, 0.6791, 1, 5e-5},
		{"(h) 10/10 − 0/10", 10, 10, 0, 10, 1, 0.6075, 1, 5e-5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, iv, ok := ProportionDifference(tc.x1, tc.n1, tc.x2, tc.n2)
			if !ok || !near(d, tc.diff, 1e-12) || !near(iv.Low, tc.low, tc.tol) || !near(iv.High, tc.high, tc.tol) {
				t.Errorf("ProportionDifference = %v %+v %v; want %v [%v, %v]", d, iv, ok, tc.diff, tc.low, tc.high)
			}
			// Swapping the drafts mirrors the interval.
			d2, iv2, _ := ProportionDifference(tc.x2, tc.n2, tc.x1, tc.n1)
			if !near(d2, -d, 1e-12) || !near(iv2.Low, -iv.High, 1e-12) || !near(iv2.High, -iv.Low, 1e-12) {
				t.Errorf("swapped: %v %+v, want the mirror of %v %+v", d2, iv2, d, iv)
			}
		})
	}
	if _, _, ok := ProportionDifference(1, 0, 1, 2); ok {
		t.Error("Difference with an empty group ok, want not ok")
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want float64
		ok   bool
	}{
		{"none", nil, 0, false},
		{"one", []float64{42}, 42, true},
		{"odd, unsorted", []float64{90, 30, 45}, 45, true},
		{"even: mean of the middle two", []float64{40, 10, 30, 20}, 25, true},
		{"ties", []float64{5, 5, 5, 9}, 5, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]float64(nil), tc.xs...)
			got, ok := Median(tc.xs)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Median(%v) = %v, %v; want %v, %v", tc.xs, got, ok, tc.want, tc.ok)
			}
			for i := range in {
				if in[i] != tc.xs[i] {
					t.Fatalf("Median reordered its input")
				}
			}
		})
	}
}

func TestTQuantile(t *testing.T) {
	// Two-sided 5 % critical values of Student's t (any statistics table).
	want := map[int]float64{1: 12.7062047, 2: 4.3026527, 3: 3.1824463, 5: 2.5705818, 10: 2.2281389,
		11: 2.2009852, 30: 2.0422725, 100: 1.9839715, 100000: 1.9599877}
	for df, q := range want {
		if got := TQuantile(0.975, df); !near(got, q, 5e-7) {
			t.Errorf("TQuantile(0.975, %d) = %.8f, want %.7f", df, got, q)
		}
		if got := TQuantile(0.025, df); !near(got, -q, 5e-7) {
			t.Errorf("TQuantile(0.025, %d) = %.8f, want %.7f", df, got, -q)
		}
	}
	if TQuantile(0.5, 4) != 0 {
		t.Error("the median of t is not 0")
	}
}

func TestMean(t *testing.T) {
	// By hand: ratings 2, 4, 4, 5: mean 3.75; deviations −1.75, .25, .25,
	// 1.25; sum of squares 3.0625+.0625+.0625+1.5625 = 4.75; s² = 4.75/3;
	// s = 1.258306; s/√4 = 0.629153; t₀.₉₇₅,₃ = 3.182446; half = 2.002245.
	m, iv, ok := Mean([]float64{2, 4, 4, 5})
	if !ok || m != 3.75 || !near(iv.Low, 1.747755, 5e-6) || !near(iv.High, 5.752245, 5e-6) {
		t.Errorf("Mean = %v %+v %v; want 3.75 [1.747755, 5.752245]", m, iv, ok)
	}
	// No spread: the interval is the mean itself.
	if m, iv, ok := Mean([]float64{3, 3, 3}); !ok || m != 3 || iv.Low != 3 || iv.High != 3 {
		t.Errorf("Mean(3,3,3) = %v %+v %v", m, iv, ok)
	}
	if _, _, ok := Mean([]float64{4}); ok {
		t.Error("Mean of one value ok, want not ok (no interval)")
	}
}

func TestDistribution(t *testing.T) {
	got := Distribution([]int{1, 5, 5, 3, 0, 6, 2, 5}, 5)
	want := []int{1, 1, 1, 0, 3}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Distribution = %v, want %v (0 and 6 are off the scale)", got, want)
		}
	}
}
