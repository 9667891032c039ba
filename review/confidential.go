package review

import (
	"maps"
	"slices"

	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
)

// PlaceFields are the answers of the provider-mapping survey that say
// where the place is: its points, its address, and the free text about it
// (a name or access notes can give it away), as mapping.Redact withholds
// them from a region_only location.
var PlaceFields = []string{
	"location_point", "location_point_hidden",
	"location_address", "location_city", "location_province", "location_postal_code",
	"location_name", "location_accessibility",
}

// OfficePhoneFields are withheld too when the office phone is not public:
// by default it has the place's tier.
var OfficePhoneFields = []string{"office_phone", "office_phone_tier"}

// placeTier is the tier the answers give the place. As builtin.ToProvider
// does, a place described without a valid tier counts as hidden, so that a
// mistake never shows a secret address; answers that describe no place are
// public.
func placeTier(a surveys.Answers) mapping.Tier {
	if t, ok := a["location_tier"].(string); ok && slices.Contains(mapping.Tiers, mapping.Tier(t)) {
		return mapping.Tier(t)
	}
	for _, f := range PlaceFields {
		if v, ok := a[f]; ok && v != nil && v != "" {
			return mapping.TierHidden
		}
	}
	if _, ok := a["location_tier"]; ok {
		return mapping.TierHidden
	}
	return mapping.TierPublic
}

// officePhoneTier is the office phone's tier: its own answer, else the
// tier the answers give the place (the provider's other places do not
// make the office line secret).
func officePhoneTier(a surveys.Answers) mapping.Tier {
	if t, ok := a["office_phone_tier"].(string); ok && slices.Contains(mapping.Tiers, mapping.Tier(t)) {
		return mapping.Tier(t)
	}
	return placeTier(a)
}

// Visibility is how much of where a submission is one reader may see.
type Visibility int

const (
	// SeeNothing: neither its point nor the regions it lies in (hidden).
	SeeNothing Visibility = iota
	// SeeRegion: the regions it lies in, never its point (region_only).
	SeeRegion
	// SeePoint: its point, and so its regions (public, or the reader has
	// the confidential grant).
	SeePoint
)

// PlaceRule is the one rule for showing where a submission is, which
// every output of submissions applies — listings, single reads, diffs, map
// points, exports. The place's tier is the one its answers give
// (location_tier; a place without a valid tier counts as hidden) or, once
// the submission is accepted, linked — the strictest tier of the places of
// the provider it created or changed — whichever is stricter: the point
// inherits the provider's tier, and an editor who later hides the place
// hides it in the submission too (the strictest of all the provider's
// places, because editors may add, reorder and re-tier them after the
// accept). linked is "" for a submission linked to no provider. Readers
// with the confidential grant see every point; others see a public point,
// only the regions of a region_only one, nothing of a hidden one.
func PlaceRule(a surveys.Answers, linked mapping.Tier, v mapping.Viewer) (mapping.Tier, Visibility) {
	t := mapping.Stricter(placeTier(a), linked)
	switch {
	case v.Confidential || t == mapping.TierPublic:
		return t, SeePoint
	case t == mapping.TierRegionOnly:
		return t, SeeRegion
	}
	return t, SeeNothing
}

// Confidential reports whether answers hold something only readers with
// the confidential grant may see: a place whose tier is region_only or
// hidden, or an office phone that is not public.
func Confidential(a surveys.Answers) bool {
	return confidential(a, "")
}

func confidential(a surveys.Answers, linked mapping.Tier) bool {
	place, _ := PlaceRule(a, linked, mapping.Viewer{})
	return place != mapping.TierPublic || officePhoneTier(a) != mapping.TierPublic
}

// RedactAnswers is RedactPlace for a submission linked to no provider.
func RedactAnswers(a surveys.Answers, v mapping.Viewer) (out surveys.Answers, revealed bool) {
	return RedactPlace(a, "", v)
}

// RedactPlace returns what v may see of a submission's answers, and
// whether they hold confidential data v may see (for auditing the read);
// linked is as for PlaceRule. Unless PlaceRule lets v see the point, the
// answers lose PlaceFields; for a reader without the grant, a non-public
// office phone loses OfficePhoneFields. The tier answer itself stays, so the editor knows why. The input
// is not changed.
func RedactPlace(a surveys.Answers, linked mapping.Tier, v mapping.Viewer) (out surveys.Answers, revealed bool) {
	if !confidential(a, linked) {
		return a, false
	}
	if v.Confidential {
		return a, true
	}
	out = maps.Clone(a)
	if _, seen := PlaceRule(a, linked, v); seen != SeePoint {
		for _, f := range PlaceFields {
			delete(out, f)
		}
	}
	if officePhoneTier(a) != mapping.TierPublic {
		for _, f := range OfficePhoneFields {
			delete(out, f)
		}
	}
	return out, false
}

// withheld reports whether RedactPlace removes field for a reader
// without the grant.
func withheld(a surveys.Answers, linked mapping.Tier, field string) bool {
	if _, seen := PlaceRule(a, linked, mapping.Viewer{}); seen != SeePoint && slices.Contains(PlaceFields, field) {
		return true
	}
	return officePhoneTier(a) != mapping.TierPublic && slices.Contains(OfficePhoneFields, field)
}
