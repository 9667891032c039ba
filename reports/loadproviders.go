package reports

import (
	"slices"
	"strings"

	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb"
)

// sitesOf reduces directory providers to the engine's provider sites.
//
// Rules, stated in the report's notes too:
//   - Only active providers count; inactive, defunct and temporarily closed
//     ones serve nobody today.
//   - Every tier counts. A site carries its point and tier; the engine
//     measures distances to public sites only (see tierRule) and its
//     output never carries a position.
//   - A provider is one site per location, offering the services listed
//     for that location (a service with no location list is offered at
//     every location). A provider without locations is one site with no
//     point, which can still serve regions through its service area.
//   - A requested service type takes in its sub-types: asking for
//     "accommodation" counts accommodation.emergency and the other
//     accommodation.* services, each passed as an offer of its own (see
//     offersAt) for the engine to filter and then add up per site.
//
// A site's ID is "providerID/locationID" (the provider's ID alone for a
// provider without locations), so that a list of serving sites leads to
// the providers. Sites without a point are recorded in the regions of the
// set and level their location was assigned to, if any.
func sitesOf(providers []mapping.Provider, services []string, set string, level int) []Provider {
	var out []Provider
	for _, p := range providers {
		if p.Status != "" && p.Status != "active" {
			continue
		}
		if len(p.Locations) == 0 {
			if offers := offersAt(p.Services, "", services); len(offers) > 0 {
				out = append(out, Provider{ID: p.ID, Tier: string(mapping.TierPublic), Country: p.Country, Services: offers})
			}
			continue
		}
		for _, l := range p.Locations {
			offers := offersAt(p.Services, l.ID, services)
			if len(offers) == 0 {
				continue
			}
			site := Provider{ID: p.ID + "/" + l.ID, Tier: string(l.Tier), Country: p.Country, Services: offers}
			if l.Latitude != nil && l.Longitude != nil {
				site.Point = &orb.Point{*l.Longitude, *l.Latitude}
			} else {
				for _, r := range l.Regions {
					if r.Set == set && r.Level == level {
						site.RegionCodes = append(site.RegionCodes, r.Code)
					}
				}
			}
			out = append(out, site)
		}
	}
	return out
}

// offersAt returns the offers of the services available at location
// locID ("" for a provider without locations). With requested types, a
// service of a requested type or of one of its sub-types is an offer of
// the requested type, one offer per service: the engine filters each by
// its own eligibility and then adds up what is left per site and type.
// Merging them here, before the filter, would let a women-only sub-type's
// beds count for men, and would lose that one of them states no capacity.
// Without requested types every service is an offer of its own type.
func offersAt(services []mapping.Service, locID string, requested []string) []Offer {
	var out []Offer
	for _, s := range services {
		if locID != "" && len(s.LocationIDs) > 0 && !slices.Contains(s.LocationIDs, locID) {
			continue
		}
		if len(requested) == 0 {
			out = append(out, offerOf(s, s.Type))
			continue
		}
		for _, t := range requested {
			if s.Type == t || strings.HasPrefix(s.Type, t+".") {
				out = append(out, offerOf(s, t))
			}
		}
	}
	return out
}

func offerOf(s mapping.Service, asType string) Offer {
	o := Offer{Type: asType, Genders: s.Eligibility.Genders, MinAge: s.Eligibility.MinAge, MaxAge: s.Eligibility.MaxAge,
		Languages: s.Languages, Interpreting: s.Interpreting}
	if s.Capacity != nil && s.Capacity.Total != nil {
		c := float64(*s.Capacity.Total)
		o.Capacity = &c
	}
	if s.Area != nil {
		o.AreaCodes = s.Area.RegionCodes
		o.RadiusKm = s.Area.RadiusKm
	}
	return o
}
