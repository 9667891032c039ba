package mapping

import (
	"fmt"
	"math/rand/v2"
)

// TopLevelTypes are the sixteen service types of reference §2.
var TopLevelTypes = []string{"accommodation", "medical", "mental_health", "legal_aid", "interpretation", "case_management",
	"hotline", "repatriation", "reintegration", "family_tracing", "documentation", "financial", "child_protection",
	"law_enforcement", "labour_rights", "consular"}

// SyntheticProviders makes n public providers spread uniformly over
// South-East Asia (longitude 92–141, latitude −11–29), each with one to three
// of the sixteen service types: load for benchmarks, the same for a seed.
func SyntheticProviders(n int, seed uint64) []Provider {
	rng := rand.New(rand.NewPCG(seed, 1))
	out := make([]Provider, n)
	for i := range out {
		lat, lon := -11+rng.Float64()*40, 92+rng.Float64()*49
		p := Provider{Name: fmt.Sprintf("Synthetic provider %06d", i), Country: "TH",
			Locations: []Location{{Tier: TierPublic, Latitude: &lat, Longitude: &lon}}}
		for _, t := range rng.Perm(len(TopLevelTypes))[:1+rng.IntN(3)] {
			p.Services = append(p.Services, Service{Type: TopLevelTypes[t], Languages: []string{"th"}})
		}
		out[i] = p
	}
	return out
}
