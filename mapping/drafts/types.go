package drafts

import (
	"time"

	"github.com/haven-project/haven/mapping"
)

// Kinds of content section: what a directory explains besides its entries.
const (
	KindTrafficking = "what_is_trafficking" // what trafficking and exploitation are
	KindRights      = "rights"              // rights and entitlements of victims in a country
	KindSafety      = "get_help_safely"     // how to get help safely
	KindEmergency   = "emergency_numbers"   // emergency numbers
	KindHowTo       = "how_to_use"          // how to use this directory
	KindOther       = "other"
)

// SectionKinds lists the kinds in the order a booklet usually shows them.
var SectionKinds = []string{KindHowTo, KindTrafficking, KindRights, KindSafety, KindEmergency, KindOther}

// Languages are the languages every fixed text of the outputs exists in.
// Sections and entries may be written in others too.
var Languages = []string{"en", "th", "my"}

// Audiences of a draft.
const (
	// AudienceTesting drafts are shown to feedback-test participants only.
	AudienceTesting = "testing"
	// AudiencePublic drafts are handed out; their web directory is public.
	AudiencePublic = "public"
)

// Audiences lists the audiences.
var Audiences = []string{AudienceTesting, AudiencePublic}

// Output formats of a draft.
var Formats = []string{"booklet_a4", "booklet_a5", "web", "hotline_card"}

// Orders in which a booklet groups its entries.
const (
	OrderRegionService = "region_service" // by region, then by service in each region
	OrderServiceRegion = "service_region" // by service, then by region
)

// Section is one piece of explanatory text, written by editors in several
// languages and reused across drafts. Every edit makes a new version; the
// old ones are kept.
type Section struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Country string `json:"country,omitempty"` // ISO 3166-1 alpha-2; empty: for any country
	// Texts holds the title and body in each language (ISO 639-1). Bodies
	// are plain text: a blank line starts a paragraph, "- " a list item.
	Texts map[string]SectionText `json:"texts"`
	// Numbers are phone numbers to show large, for emergency sections and
	// the hotline card.
	Numbers   []Number  `json:"numbers"`
	Version   int       `json:"version"`
	UpdatedBy string    `json:"updated_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// SectionText is a section in one language.
type SectionText struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// Number is a phone number with what it is for, in each language.
type Number struct {
	Value  string            `json:"value"`
	Labels map[string]string `json:"labels"`
}

// SectionInput is what an editor writes: a new section, or every field of
// an existing one.
type SectionInput struct {
	Kind    string                 `json:"kind"`
	Country string                 `json:"country"`
	Texts   map[string]SectionText `json:"texts"`
	Numbers []Number               `json:"numbers"`
}

// SectionFilter narrows a section listing; zero fields do not filter. A
// country filter keeps the sections for any country too.
type SectionFilter struct {
	Country string
	Kind    string
}

// Draft is a directory being prepared: its name, who it is for, and the
// working copy of its settings, which editors change until they freeze it.
type Draft struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Countries []string `json:"countries"`
	Audience  string   `json:"audience"`
	Settings  Settings `json:"settings"`
	// Revision bumps at every save: the ETag of the working copy.
	Revision int `json:"revision"`
	// BasedOn is the version the working copy was cut from, 0 for none.
	BasedOn int `json:"based_on"`
	// LatestVersion is the number of the newest frozen version, 0 for none.
	LatestVersion int       `json:"latest_version"`
	CreatedBy     string    `json:"created_by"`
	UpdatedBy     string    `json:"updated_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Settings are what a version of a draft is made from.
type Settings struct {
	Language string   `json:"language"` // ISO 639-1; en, th or my
	Formats  []string `json:"formats"`
	Grouping Grouping `json:"grouping"`
	Rules    Rules    `json:"rules"`
	// Include adds providers the rules leave out; Exclude removes
	// providers they match. Provider IDs.
	Include []string `json:"include"`
	Exclude []string `json:"exclude"`
	// Sections are content section IDs in the order shown.
	Sections []string `json:"sections"`
}

// Grouping says how entries are ordered in the outputs.
type Grouping struct {
	Order string `json:"order"` // region_service or service_region
	// RegionSet and RegionLevel pick the regions entries are grouped by;
	// an empty set means the first set the entries are placed in.
	RegionSet   string `json:"region_set,omitempty"`
	RegionLevel int    `json:"region_level"`
}

// Rules select providers. Zero fields do not filter. A provider matches
// when it is in one of the countries, has a location in one of the regions,
// and offers one service that meets every service rule (type, eligibility,
// language) — the same way the directory search matches.
type Rules struct {
	// Countries default to the draft's countries when empty.
	Countries []string `json:"countries"`
	Regions   []string `json:"regions"`  // region codes, any level of any set
	Services  []string `json:"services"` // taxonomy codes; sub-terms included
	// Genders keeps services open to one of them (or to anyone).
	Genders []string `json:"genders"`
	// AgeFrom and AgeTo keep services whose age limits overlap the range.
	AgeFrom       *int     `json:"age_from,omitempty"`
	AgeTo         *int     `json:"age_to,omitempty"`
	LegalStatuses []string `json:"legal_statuses"`
	Languages     []string `json:"languages"`
	VerifiedOnly  bool     `json:"verified_only"`
}

// DraftInput is what an editor writes to make or change a draft.
type DraftInput struct {
	Name      string   `json:"name"`
	Countries []string `json:"countries"`
	Audience  string   `json:"audience"`
	Settings  Settings `json:"settings"`
}

// Version is a frozen draft: everything needed to show it again exactly as
// it was, whatever changed since in the directory or the sections.
type Version struct {
	DraftID   string   `json:"draft_id"`
	Number    int      `json:"number"`
	Name      string   `json:"name"`
	Countries []string `json:"countries"`
	Audience  string   `json:"audience"`
	Settings  Settings `json:"settings"`
	// Entries are the selected providers as they were, redacted for a
	// reader without any grant, ordered by ID.
	Entries []mapping.Provider `json:"entries"`
	// Sections are the content sections as they were, in order.
	Sections []Section `json:"sections"`
	// ServiceNames are the names of the service types the entries offer
	// (and their parents), by code and language, as they were.
	ServiceNames map[string]map[string]string `json:"service_names"`
	Note         string                       `json:"note"`
	FrozenBy     string                       `json:"frozen_by"`
	FrozenAt     time.Time                    `json:"frozen_at"`
}

// VersionSummary is a version without its content, for listings.
type VersionSummary struct {
	DraftID      string    `json:"draft_id"`
	Number       int       `json:"number"`
	Name         string    `json:"name"`
	Audience     string    `json:"audience"`
	EntryCount   int       `json:"entry_count"`
	SectionCount int       `json:"section_count"`
	Note         string    `json:"note"`
	FrozenBy     string    `json:"frozen_by"`
	FrozenAt     time.Time `json:"frozen_at"`
}

// Summary returns the summary of v.
func (v Version) Summary() VersionSummary {
	return VersionSummary{DraftID: v.DraftID, Number: v.Number, Name: v.Name, Audience: v.Audience,
		EntryCount: len(v.Entries), SectionCount: len(v.Sections), Note: v.Note, FrozenBy: v.FrozenBy, FrozenAt: v.FrozenAt}
}
