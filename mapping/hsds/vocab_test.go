package hsds

import (
	"slices"
	"testing"

	"github.com/haven-project/haven/mapping"
)

// TestEveryValueHasALabel keeps the profile's taxonomies in step with the
// mapping package's vocabularies.
func TestEveryValueHasALabel(t *testing.T) {
	for _, vocab := range [][]string{mapping.OrgTypes, mapping.Genders, mapping.LegalStatuses, mapping.TraffickingForms,
		mapping.VictimStatuses, mapping.CostKinds, mapping.ChannelKinds, mapping.VerificationStates, tierValues()} {
		for _, v := range vocab {
			if _, ok := labels[v]; !ok {
				t.Errorf("%q has no label in vocab.go", v)
			}
		}
	}
	seen := map[string]bool{}
	for _, v := range vocabularies {
		for _, term := range v.terms {
			id := termID(v.name, term.code)
			if seen[id] {
				t.Errorf("term id of %s %s is used twice", v.name, term.code)
			}
			seen[id] = true
		}
	}
}

func TestLanguageLookup(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "eng": "en", "english": "en", "bur": "my", "mya": "my",
		"burmese": "my", "kar": "kar", "shan": "shn", "spanish": "es", "castilian": "es", "thai": "th"} {
		if got := languageCodes[in]; got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
	if languageNames["my"] != "Burmese" || languageNames["km"] != "Central Khmer" {
		t.Errorf("names: %q %q", languageNames["my"], languageNames["km"])
	}
}

func TestParseClock(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"10:00", "10:00", true}, {"10:00:00", "10:00", true}, {"9:30", "09:30", true}, {"10:00+07:00", "10:00", true},
		{"18:00:00Z", "18:00", true}, {"24:00", "24:00", true}, {"24:30", "", false}, {"25:00", "", false}, {"10", "", false},
	} {
		got, ok := parseClock(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseClock(%q) = %q, %v", tc.in, got, ok)
		}
	}
}

func TestHSDSIDs(t *testing.T) {
	u := "01a21cf7-277b-7a02-8bad-9c19a19c035d"
	if hsdsID("service", u) != u || !isUUID(hsdsID("location", "demo-loc-001")) || hsdsID("location", "demo-loc-001") != hsdsID("location", "demo-loc-001") {
		t.Error("hsdsID must keep UUIDs and derive the same UUID for the same other id")
	}
	if isUUID("01A21CF7-277B-7A02-8BAD-9C19A19C035D") || isUUID("7c92d010-1b0a-11e9-b56e-0800200c9a") {
		t.Error("only canonical UUIDs are UUIDs")
	}
	if !slices.Equal(vocabOrder([]string{"male", "female"}, mapping.Genders), []string{"female", "male"}) {
		t.Error("vocabOrder")
	}
}
