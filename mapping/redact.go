package mapping

import (
	"slices"

	"github.com/haven-project/haven/accounts"
)

// Viewer is who reads directory data, as far as redaction cares.
type Viewer struct {
	// Confidential is the right to see the exact place of region_only and
	// hidden locations (the confidential grant).
	Confidential bool
}

// ViewerOf returns the viewer for a user.
func ViewerOf(u accounts.User) Viewer {
	return Viewer{Confidential: u.Has(accounts.GrantConfidential)}
}

// Redact returns what v may see of p. Every output path — API, pages,
// exports, map layers, reports — goes through it before serializing.
//
// Without the confidential right: hidden locations, and whatever only they
// carry (services offered only there, their channels), disappear; a
// provider with locations that are all hidden is not visible at all;
// region_only locations keep their regions but lose point and address; only
// public channels remain. revealed reports whether the result holds
// confidential data, so the caller can audit the read.
func Redact(p Provider, v Viewer) (out Provider, visible, revealed bool) {
	if v.Confidential {
		return p, true, hasConfidential(p)
	}
	if !hasConfidential(p) {
		return p, true, false // nothing to withhold: share, don't copy
	}
	out = p
	out.Locations = make([]Location, 0, len(p.Locations))
	hidden := map[string]bool{}
	for _, l := range p.Locations {
		switch l.Tier {
		case TierPublic:
			out.Locations = append(out.Locations, l)
		case TierRegionOnly:
			l.Latitude, l.Longitude, l.Address, l.Redacted = nil, nil, nil, true
			l.Name, l.Accessibility = "", "" // free text can say where it is
			out.Locations = append(out.Locations, l)
		default:
			hidden[l.ID] = true
		}
	}
	if len(p.Locations) > 0 && len(out.Locations) == 0 {
		return Provider{}, false, false
	}
	out.Services = make([]Service, 0, len(p.Services))
	for _, s := range p.Services {
		if len(s.LocationIDs) > 0 {
			kept := slices.DeleteFunc(slices.Clone(s.LocationIDs), func(id string) bool { return hidden[id] })
			if len(kept) == 0 {
				continue
			}
			s.LocationIDs = kept
		}
		out.Services = append(out.Services, s)
	}
	out.Channels = make([]Channel, 0, len(p.Channels))
	for _, c := range p.Channels {
		if c.Tier == TierPublic && !hidden[c.LocationID] {
			out.Channels = append(out.Channels, c)
		}
	}
	return out, true, false
}

func hasConfidential(p Provider) bool {
	for _, l := range p.Locations {
		if l.Tier != TierPublic {
			return true
		}
	}
	for _, c := range p.Channels {
		if c.Tier != TierPublic {
			return true
		}
	}
	return false
}
