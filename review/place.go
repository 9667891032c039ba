package review

import (
	"context"

	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/paulmach/orb"
)

// What Place.Shown says the reader sees.
const (
	ShownPoint    = "point"    // the point and the regions it lies in
	ShownRegion   = "region"   // only the regions (region_only)
	ShownWithheld = "withheld" // nothing: the place is hidden from the reader
	ShownNone     = "none"     // the submission has no point
)

// Place is where a submission is, as far as its reader may know
// (PlaceRule): its point only when the reader may see it, the regions the
// point lies in unless the place is hidden from the reader.
type Place struct {
	Tier      mapping.Tier `json:"tier"`
	Shown     string       `json:"shown"`
	Latitude  *float64     `json:"latitude,omitempty"`
	Longitude *float64     `json:"longitude,omitempty"`
	// Regions are those the point lies in, at every level of every
	// current boundary set.
	Regions []mapping.RegionRef `json:"regions"`
}

// Item is a submission as one reader may see it: its answers redacted
// (RedactPlace) and where it is.
type Item struct {
	surveys.Submission
	Place Place `json:"place"`
}

// linkedTiers returns the strictest place tier of each provider the
// accepted submissions among subs are linked to, by provider ID.
func (s *Service) linkedTiers(ctx context.Context, subs []surveys.Submission) (map[string]mapping.Tier, error) {
	var ids []string
	for _, sub := range subs {
		if sub.ProviderID != "" {
			ids = append(ids, sub.ProviderID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return s.dir.StrictestTiers(ctx, ids)
}

// items redacts subs for v and places them, locating every point v may
// place in one pass. revealed lists the IDs of those whose answers hold
// confidential data v may see, for the audit.
func (s *Service) items(ctx context.Context, subs []surveys.Submission, v mapping.Viewer) (out []Item, revealed []string, err error) {
	linked, err := s.linkedTiers(ctx, subs)
	if err != nil {
		return nil, nil, err
	}
	out = make([]Item, len(subs))
	var points []orb.Point
	var located []int
	for i, sub := range subs {
		tier, seen := PlaceRule(sub.Answers, linked[sub.ProviderID], v)
		var r bool
		sub.Answers, r = RedactPlace(sub.Answers, linked[sub.ProviderID], v)
		if r {
			revealed = append(revealed, sub.ID)
		}
		p := Place{Tier: tier, Shown: ShownNone, Regions: []mapping.RegionRef{}}
		switch {
		case seen == SeeNothing:
			p.Shown = ShownWithheld
		case sub.Latitude == nil || sub.Longitude == nil:
		case seen == SeePoint:
			p.Shown, p.Latitude, p.Longitude = ShownPoint, sub.Latitude, sub.Longitude
		default:
			p.Shown = ShownRegion
		}
		if p.Shown == ShownPoint || p.Shown == ShownRegion {
			points = append(points, orb.Point{*sub.Longitude, *sub.Latitude})
			located = append(located, i)
		}
		out[i] = Item{Submission: sub, Place: p}
	}
	if len(points) > 0 {
		refs, err := s.regions.Locate(ctx, points)
		if err != nil {
			return nil, nil, err
		}
		for k, i := range located {
			out[i].Place.Regions = refs[k]
		}
	}
	return out, revealed, nil
}

// inRegion reports whether the item lies in the region, as far as its
// reader may know: a place withheld from the reader lies in none.
func (it Item) inRegion(set, code string) bool {
	for _, r := range it.Place.Regions {
		if r.Set == set && r.Code == code {
			return true
		}
	}
	return false
}
