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
//   - Every tier counts. A site carries its point for distances, but the
//     engine's output never carries a position, so no tier leaks.
//   - A provider is one site per location, offering the services listed
//     for that location (a service with no location list is offered at
//     every location). A provider without locations is one site with no
//     point, which can still serve regions through its service area.
//   - A requested service type takes in its sub-types: asking for
//     "accommodation" counts accommodation.emergency and the other
//     accommodation.* services, merged per site (see mergeOffers).
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
// locID ("" for a provider without locations). With requested types, each
// requested type gets one offer merging the services of that type and its
// sub-types; without, every service is its own offer.
func offersAt(services []mapping.Service, locID string, requested []string) []Offer {
	var here []mapping.Service
	for _, s := range services {
		if locID == "" || len(s.LocationIDs) == 0 || slices.Contains(s.LocationIDs, locID) {
			here = append(here, s)
		}
	}
	if len(requested) == 0 {
		out := make([]Offer, len(here))
		for i, s := range here {
			out[i] = offerOf(s)
		}
		return out
	}
	var out []Offer
	for _, t := range requested {
		var matching []Offer
		for _, s := range here {
			if s.Type == t || strings.HasPrefix(s.Type, t+".") {
				matching = append(matching, offerOf(s))
			}
		}
		if len(matching) > 0 {
			o := mergeOffers(matching)
			o.Type = t
			out = append(out, o)
		}
	}
	return out
}

func offerOf(s mapping.Service) Offer {
	o := Offer{Type: s.Type, Genders: s.Eligibility.Genders, MinAge: s.Eligibility.MinAge, MaxAge: s.Eligibility.MaxAge,
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

// mergeOffers makes one offer of several services of one site: capacities
// add up (nil when none states one); eligibility is the widest any of them
// allows (any gender if one takes any; the lowest minimum and highest
// maximum age, no limit if one has none); languages and service areas are
// united; the radius is the largest.
func mergeOffers(os []Offer) Offer {
	if len(os) == 1 {
		return os[0]
	}
	var out Offer
	anyGender, noMin, noMax := false, false, false
	for _, o := range os {
		if o.Capacity != nil {
			sum := *o.Capacity
			if out.Capacity != nil {
				sum += *out.Capacity
			}
			out.Capacity = &sum
		}
		if len(o.Genders) == 0 {
			anyGender = true
		}
		out.Genders = union(out.Genders, o.Genders)
		switch {
		case o.MinAge == nil:
			noMin = true
		case out.MinAge == nil || *o.MinAge < *out.MinAge:
			out.MinAge = o.MinAge
		}
		switch {
		case o.MaxAge == nil:
			noMax = true
		case out.MaxAge == nil || *o.MaxAge > *out.MaxAge:
			out.MaxAge = o.MaxAge
		}
		out.Languages = union(out.Languages, o.Languages)
		out.Interpreting = out.Interpreting || o.Interpreting
		out.AreaCodes = union(out.AreaCodes, o.AreaCodes)
		if o.RadiusKm != nil && (out.RadiusKm == nil || *o.RadiusKm > *out.RadiusKm) {
			out.RadiusKm = o.RadiusKm
		}
	}
	if anyGender {
		out.Genders = nil
	}
	if noMin {
		out.MinAge = nil
	}
	if noMax {
		out.MaxAge = nil
	}
	return out
}

// union returns the sorted union of two lists without repeats.
func union(a, b []string) []string {
	if len(b) == 0 {
		return a
	}
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
