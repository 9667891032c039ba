package feedback

import (
	"math"
	"slices"
)

// z95 is the 0.975 quantile of the standard normal distribution: the
// multiplier of every two-sided 95 % interval built on the normal.
const z95 = 1.959963984540054

// Interval is a two-sided 95 % confidence interval.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Wilson returns the Wilson score 95 % interval for successes out of n
// (Wilson 1927; method 3 of Newcombe 1998, "Two-sided confidence intervals
// for the single proportion"). Unlike the textbook p ± z·√(p(1−p)/n) it
// stays inside [0, 1] and does not collapse to a point at 0/n or n/n, which
// matters with the small groups of a feedback test. ok is false when n is 0
// or the counts are impossible.
func Wilson(successes, n int) (iv Interval, ok bool) {
	if n <= 0 || successes < 0 || successes > n {
		return Interval{}, false
	}
	x, m, z2 := float64(successes), float64(n), z95*z95
	centre := (x + z2/2) / (m + z2)
	half := z95 * math.Sqrt(x*(m-x)/m+z2/4) / (m + z2)
	// At 0/n and n/n one end is exactly 0 or 1; rounding must not push it
	// past, or a "lower bound" of −1e−17 would show as −0.0 %.
	return Interval{Low: clamp01(centre - half), High: clamp01(centre + half)}, true
}

// ProportionDifference returns p₁ − p₂ for two independent proportions x1/n1 and
// x2/n2 with its 95 % interval by Newcombe's hybrid score method (method 10
// of Newcombe 1998, "Interval estimation for the difference between
// independent proportions: comparison of eleven methods"): with (l₁, u₁)
// and (l₂, u₂) the Wilson intervals of the two proportions,
//
//	low  = p₁ − p₂ − √((p₁ − l₁)² + (u₂ − p₂)²)
//	high = p₁ − p₂ + √((u₁ − p₁)² + (p₂ − l₂)²).
//
// We use it because it is built from the same Wilson intervals the results
// show for each draft, needs no iteration, keeps inside [−1, 1], and had
// coverage close to 95 % at the small sample sizes of Newcombe's
// evaluation, where the Wald interval is far too narrow. It assumes the two
// groups are independent, which holds because each participant works
// with one draft only (see doc.go). ok is false when either n is 0.
func ProportionDifference(x1, n1, x2, n2 int) (diff float64, iv Interval, ok bool) {
	w1, ok1 := Wilson(x1, n1)
	w2, ok2 := Wilson(x2, n2)
	if !ok1 || !ok2 {
		return 0, Interval{}, false
	}
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	diff = p1 - p2
	low := diff - math.Hypot(p1-w1.Low, w2.High-p2)
	high := diff + math.Hypot(w1.High-p1, p2-w2.Low)
	return diff, Interval{Low: math.Max(low, -1), High: math.Min(high, 1)}, true
}

// Median returns the median of xs (the mean of the two middle values when
// there is an even number of them); ok is false for no values. xs is not
// changed.
func Median(xs []float64) (median float64, ok bool) {
	if len(xs) == 0 {
		return 0, false
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	mid := len(s) / 2
	if len(s)%2 == 1 {
		return s[mid], true
	}
	return (s[mid-1] + s[mid]) / 2, true
}

// Mean returns the mean of xs and its 95 % interval from Student's t with
// n − 1 degrees of freedom: mean ± t₀.₉₇₅,ₙ₋₁ · s/√n, s the sample standard
// deviation. With ratings from 1 to 5 and groups of a dozen the normal
// multiplier 1.96 would make the interval too narrow. ok is false for
// fewer than two values, which give no interval.
func Mean(xs []float64) (mean float64, iv Interval, ok bool) {
	n := len(xs)
	if n < 2 {
		return 0, Interval{}, false
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(n)
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	half := TQuantile(0.975, n-1) * math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n))
	return mean, Interval{Low: mean - half, High: mean + half}, true
}

// Distribution counts ratings on a scale from 1 to points: Distribution[i]
// is how many rated i+1. Values off the scale (0 for skipped) are left out.
func Distribution(ratings []int, points int) []int {
	out := make([]int, points)
	for _, r := range ratings {
		if r >= 1 && r <= points {
			out[r-1]++
		}
	}
	return out
}

// TQuantile returns the p quantile of Student's t distribution with df
// degrees of freedom, for 0 < p < 1 and df ≥ 1. It inverts the
// distribution function by bisection, which is slow next to a closed-form
// approximation but exact to double precision for every df, and results
// ask for a handful of quantiles at most.
func TQuantile(p float64, df int) float64 {
	if p == 0.5 {
		return 0
	}
	if p < 0.5 {
		return -TQuantile(1-p, df)
	}
	lo, hi := 0.0, 1.0
	for tCDF(hi, df) < p {
		hi *= 2
	}
	for range 200 {
		mid := (lo + hi) / 2
		if mid == lo || mid == hi {
			break
		}
		if tCDF(mid, df) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// tCDF is P(T ≤ t) for t ≥ 0: 1 − ½·I_{ν/(ν+t²)}(ν/2, ½).
func tCDF(t float64, df int) float64 {
	v := float64(df)
	return 1 - 0.5*regIncBeta(v/(v+t*t), v/2, 0.5)
}

// regIncBeta is the regularized incomplete beta function I_x(a, b), by the
// continued fraction of Numerical Recipes (§6.4, modified Lentz).
func regIncBeta(x, a, b float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	// The fraction converges fast only for x < (a+1)/(a+b+2); use the
	// symmetry I_x(a,b) = 1 − I_{1−x}(b,a) above it.
	if x > (a+1)/(a+b+2) {
		return 1 - front*betaFraction(1-x, b, a)/b
	}
	return front * betaFraction(x, a, b) / a
}

func betaFraction(x, a, b float64) float64 {
	const tiny, eps = 1e-300, 1e-16
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	f := d
	for m := 1; m <= 1000; m++ {
		fm := float64(m)
		for _, num := range [2]float64{
			fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm)),
			-(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1)),
		} {
			d = 1 + num*d
			if math.Abs(d) < tiny {
				d = tiny
			}
			c = 1 + num/c
			if math.Abs(c) < tiny {
				c = tiny
			}
			d = 1 / d
			f *= c * d
		}
		if math.Abs(c*d-1) < eps {
			break
		}
	}
	return f
}

func clamp01(x float64) float64 { return math.Min(math.Max(x, 0), 1) }
