package reports

import (
	"fmt"
	"math"
	"slices"

	"github.com/haven-project/haven"
)

// DefaultRules are the gap rules of reference §4: a region with no
// provider serving it for a type is a gap ("at least one shelter in every
// region"), and shelter capacity below one family place per 10,000 people,
// or below one place per person in need where need figures are loaded, is
// below the norm. Other types have no default norm: their access index is
// in units of their own capacity, so a threshold is a local decision.
func DefaultRules() GapRules {
	one := 1.0
	return GapRules{Norms: map[string]Norm{
		"accommodation": {CapacityPer10k: &one, MinCapacityPerNeed: &one},
	}}
}

// settings are Params with defaults filled in and checked.
type settings struct {
	method    Method
	services  []string // nil: every offered type
	catchment float64  // where weights end (E2SFCA: at the last step at most)
	within    float64
	reach     float64 // the larger of the two: how far pairs are listed
	// The same distances and the steps' as squared chords (see kdtree.go).
	catchment2, within2, reach2 float64
	steps2                      []float64
	steps                       []Step
	sigma                       float64
	supply                      float64
	filter                      Filter
	rules                       GapRules
	listServing                 bool
}

// resolve fills in defaults and checks p. It fails with haven.ErrInvalid
// naming every bad field.
func resolve(p Params) (settings, error) {
	s := settings{
		method: p.Method, catchment: p.CatchmentKm, within: p.WithinKm, steps: p.Steps,
		sigma: p.SigmaKm, supply: p.DefaultSupply, filter: p.Filter, listServing: p.ListServing,
	}
	var v haven.Validation
	if s.method == "" {
		s.method = MethodCount
	}
	v.Check(slices.Contains(Methods, s.method), "method", "must be one of count, 2sfca, e2sfca, gaussian")
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	v.Check(finite(s.catchment) && s.catchment >= 0, "catchment_km", "must be a distance in km, not negative")
	v.Check(finite(s.within) && s.within >= 0, "within_km", "must be a distance in km, not negative")
	v.Check(finite(s.sigma) && s.sigma >= 0, "sigma_km", "must be a distance in km, not negative")
	v.Check(finite(s.supply) && s.supply >= 0, "default_supply", "must be a number, not negative")
	if s.catchment == 0 {
		s.catchment = DefaultCatchmentKm
	}
	if s.within == 0 {
		s.within = s.catchment
	}
	if s.supply == 0 {
		s.supply = DefaultSupply
	}
	if s.method == MethodE2SFCA {
		if len(s.steps) == 0 {
			s.steps = DefaultSteps
		}
		s.steps = slices.Clone(s.steps)
		for i, st := range s.steps {
			v.Check(finite(st.UpToKm) && st.UpToKm > 0 && (i == 0 || st.UpToKm > s.steps[i-1].UpToKm),
				fmt.Sprintf("steps[%d].up_to_km", i), "must be a positive distance, larger than the step before")
			v.Check(finite(st.Weight) && st.Weight >= 0, fmt.Sprintf("steps[%d].weight", i), "must be a weight, not negative")
		}
		if n := len(s.steps); n > 0 && s.steps[n-1].UpToKm < s.catchment {
			s.catchment = s.steps[n-1].UpToKm
		}
	} else {
		v.Check(len(s.steps) == 0, "steps", "only the e2sfca method uses steps")
		s.steps = nil
	}
	if s.method == MethodGaussian {
		if s.sigma == 0 {
			s.sigma = s.catchment / 2
		}
	} else {
		s.sigma = 0
	}
	s.reach = max(s.catchment, s.within)
	s.catchment2, s.within2, s.reach2 = chord2(s.catchment), chord2(s.within), chord2(s.reach)
	for _, st := range s.steps {
		s.steps2 = append(s.steps2, chord2(st.UpToKm))
	}
	checkFilter(&v, p.Filter)
	for i, svc := range p.Services {
		v.Check(svc != "", fmt.Sprintf("services[%d]", i), "must be a service type code")
	}
	if len(p.Services) > 0 {
		s.services = slices.Compact(slices.Sorted(slices.Values(p.Services)))
	}
	if p.Rules != nil {
		s.rules = *p.Rules
	} else {
		s.rules = DefaultRules()
	}
	return s, v.Err()
}

func checkFilter(v *haven.Validation, f Filter) {
	v.Check(f.Gender == "" || f.Gender == "female" || f.Gender == "male", "filter.gender", "must be female or male")
	validAge := func(a *int) bool { return a == nil || (*a >= 0 && *a <= 150) }
	v.Check(validAge(f.MinAge), "filter.min_age", "must be an age in years")
	v.Check(validAge(f.MaxAge), "filter.max_age", "must be an age in years")
	v.Check(f.MinAge == nil || f.MaxAge == nil || *f.MinAge <= *f.MaxAge, "filter.max_age", "must not be below min_age")
}

// weighs reports whether the access index is computed at all.
func (s *settings) weighs() bool { return s.method != MethodCount }

// weight is f(d) of reference §4 for a distance already known to be
// within the catchment.
func (s *settings) weight(km float64) float64 {
	switch s.method {
	case MethodE2SFCA:
		for _, st := range s.steps {
			if km <= st.UpToKm {
				return st.Weight
			}
		}
		return 0
	case MethodGaussian:
		return math.Exp(-km * km / (2 * s.sigma * s.sigma))
	}
	return 1
}

// weightOfChord2 is weight for a distance given as its squared chord.
func (s *settings) weightOfChord2(c2 float64) float64 {
	switch s.method {
	case MethodE2SFCA:
		for i, st := range s.steps {
			if c2 <= s.steps2[i] {
				return st.Weight
			}
		}
		return 0
	case MethodGaussian:
		return s.weight(kmOfChord2(c2))
	}
	return 1
}

// accepts reports whether the filter keeps an offer.
func (f *Filter) accepts(o *Offer) bool {
	if f.Gender != "" && len(o.Genders) > 0 && !slices.Contains(o.Genders, f.Gender) {
		return false
	}
	// The offer's age range [MinAge, MaxAge] must meet the filter's.
	if f.MaxAge != nil && o.MinAge != nil && *o.MinAge > *f.MaxAge {
		return false
	}
	if f.MinAge != nil && o.MaxAge != nil && *o.MaxAge < *f.MinAge {
		return false
	}
	if len(f.Languages) > 0 && !(f.AcceptInterpreting && o.Interpreting) &&
		!slices.ContainsFunc(o.Languages, func(l string) bool { return slices.Contains(f.Languages, l) }) {
		return false
	}
	return true
}
