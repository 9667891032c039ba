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

func officePhoneTier(a surveys.Answers, place mapping.Tier) mapping.Tier {
	if t, ok := a["office_phone_tier"].(string); ok && slices.Contains(mapping.Tiers, mapping.Tier(t)) {
		return mapping.Tier(t)
	}
	return place
}

// Confidential reports whether answers hold something only readers with
// the confidential grant may see: a place whose tier is region_only or
// hidden, or an office phone that is not public.
func Confidential(a surveys.Answers) bool {
	place := placeTier(a)
	return place != mapping.TierPublic || officePhoneTier(a, place) != mapping.TierPublic
}

// RedactAnswers returns what v may see of a submission's answers, and
// whether they hold confidential data v may see (for auditing the read).
// Without the confidential right, answers about a region_only or hidden
// place lose PlaceFields, and a non-public office phone loses
// OfficePhoneFields; the tier answer itself stays, so the editor knows why.
// The input is not changed.
func RedactAnswers(a surveys.Answers, v mapping.Viewer) (out surveys.Answers, revealed bool) {
	if !Confidential(a) {
		return a, false
	}
	if v.Confidential {
		return a, true
	}
	out = maps.Clone(a)
	place := placeTier(a)
	if place != mapping.TierPublic {
		for _, f := range PlaceFields {
			delete(out, f)
		}
	}
	if officePhoneTier(a, place) != mapping.TierPublic {
		for _, f := range OfficePhoneFields {
			delete(out, f)
		}
	}
	return out, false
}

// withheld reports whether RedactAnswers removes field for a reader
// without the grant.
func withheld(a surveys.Answers, field string) bool {
	place := placeTier(a)
	if place != mapping.TierPublic && slices.Contains(PlaceFields, field) {
		return true
	}
	return officePhoneTier(a, place) != mapping.TierPublic && slices.Contains(OfficePhoneFields, field)
}
