package reports

import (
	"fmt"
	"math"

	"github.com/haven-project/haven"
	"github.com/paulmach/orb"
)

// maxProblems caps how many bad fields one error lists.
const maxProblems = 20

// problems collects field errors up to maxProblems and counts the rest.
type problems struct {
	v     haven.Validation
	n     int
	extra int
}

func (p *problems) check(ok bool, field, message string) {
	if !ok {
		p.add(field, message)
	}
}

func (p *problems) add(field, message string) {
	if p.n < maxProblems {
		p.v.Add(field, message)
	} else {
		p.extra++
	}
	p.n++
}

func (p *problems) err() error {
	if p.extra > 0 {
		p.v.Add("input", fmt.Sprintf("and %d more problems", p.extra))
	}
	return p.v.Err()
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func validLonLat(p orb.Point) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

func nonNegative(x *float64) bool { return x == nil || (finite(*x) && *x >= 0) }

// checkInput checks what the engine relies on: unique codes and IDs,
// coordinates in range, figures that are numbers and not negative.
func checkInput(in *Input) error {
	var p problems
	seen := map[string]bool{}
	for i, r := range in.Regions {
		p.check(r.Code != "", fmt.Sprintf("regions[%d].code", i), "is required")
		p.check(!seen[r.Code], fmt.Sprintf("regions[%d].code", i), fmt.Sprintf("%q appears twice", r.Code))
		p.check(nonNegative(r.Population), fmt.Sprintf("regions[%d].population", i), "must be a number, not negative")
		seen[r.Code] = true
	}
	seen = map[string]bool{}
	for i, r := range in.Parents {
		p.check(r.Code != "", fmt.Sprintf("parents[%d].code", i), "is required")
		p.check(!seen[r.Code], fmt.Sprintf("parents[%d].code", i), fmt.Sprintf("%q appears twice", r.Code))
		seen[r.Code] = true
	}
	seen = make(map[string]bool, len(in.Providers))
	// Field names are only formatted for the rare bad entry: there may be
	// hundreds of thousands of good ones.
	for i := range in.Providers {
		pr := &in.Providers[i]
		field := func() string { return fmt.Sprintf("providers[%d]", i) }
		if pr.ID == "" {
			p.add(field()+".id", "is required")
		}
		if seen[pr.ID] {
			p.add(field()+".id", fmt.Sprintf("%q appears twice", pr.ID))
		}
		seen[pr.ID] = true
		checkProvider(&p, field, pr)
	}
	for i, pt := range in.Population {
		if !validLonLat(orb.Point{pt.Lon, pt.Lat}) {
			p.add(fmt.Sprintf("population[%d]", i), "longitude must be within −180..180 and latitude within −90..90")
		}
		if !(finite(pt.Population) && pt.Population >= 0) {
			p.add(fmt.Sprintf("population[%d].population", i), "must be a number, not negative")
		}
	}
	for code, n := range in.Need {
		p.check(finite(n) && n >= 0, "need."+code, "must be a number, not negative")
	}
	for code, bySvc := range in.UnmetDemand {
		for svc, n := range bySvc {
			p.check(finite(n) && n >= 0, "unmet_demand."+code+"."+svc, "must be a number, not negative")
		}
	}
	return p.err()
}

func checkProvider(p *problems, field func() string, pr *Provider) {
	if pr.Point != nil && !validLonLat(*pr.Point) {
		p.add(field()+".point", "longitude must be within −180..180 and latitude within −90..90")
	}
	switch pr.Tier {
	case "", "public", "region_only", "hidden":
	default:
		p.add(field()+".tier", "must be public, region_only or hidden")
	}
	for k := range pr.Services {
		o := &pr.Services[k]
		f := func() string { return fmt.Sprintf("%s.services[%d]", field(), k) }
		if o.Type == "" {
			p.add(f()+".type", "is required")
		}
		if !nonNegative(o.Capacity) {
			p.add(f()+".capacity", "must be a number, not negative")
		}
		if !nonNegative(o.RadiusKm) {
			p.add(f()+".radius_km", "must be a distance in km, not negative")
		}
	}
}

// CheckProvider checks one provider as Engine.Update would. It fails with
// haven.ErrInvalid naming every bad field.
func CheckProvider(pr Provider) error {
	var p problems
	p.check(pr.ID != "", "id", "is required")
	checkProvider(&p, func() string { return "provider" }, &pr)
	return p.err()
}
