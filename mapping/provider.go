package mapping

import (
	"time"
)

// Tier says who may see where a location is (reference §1).
type Tier string

const (
	// TierPublic locations show their address and exact point to anyone.
	TierPublic Tier = "public"
	// TierRegionOnly locations are used for analysis, but outputs show only
	// their region and a public contact channel, never a point or address.
	TierRegionOnly Tier = "region_only"
	// TierHidden locations are left out of every output for users without
	// the confidential-data right.
	TierHidden Tier = "hidden"
)

// Provider is an organization that offers services to trafficking victims
// at one or more locations: one directory entry.
type Provider struct {
	ID           string                  `json:"id"`
	Name         string                  `json:"name"`
	OrgType      string                  `json:"org_type"`
	Description  string                  `json:"description,omitempty"`
	Website      string                  `json:"website,omitempty"`
	Email        string                  `json:"email,omitempty"`
	Country      string                  `json:"country"` // ISO 3166-1 alpha-2; scopes editors
	Status       string                  `json:"status"`  // HSDS service status vocabulary
	Locations    []Location              `json:"locations"`
	Services     []Service               `json:"services"`
	Channels     []Channel               `json:"channels"`
	Translations map[string]ProviderText `json:"translations,omitempty"` // by ISO 639 code
	Verification Verification            `json:"verification"`
	Provenance   Provenance              `json:"provenance"`
	Version      int                     `json:"version"` // bumps at every change; the ETag
	CreatedAt    time.Time               `json:"created_at"`
	UpdatedAt    time.Time               `json:"updated_at"`
}

// ProviderText is a provider's translatable text in one language.
type ProviderText struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
}

// Location is a place where a provider works.
type Location struct {
	ID            string      `json:"id"`
	Name          string      `json:"name,omitempty"`
	Tier          Tier        `json:"tier"`
	Address       *Address    `json:"address,omitempty"`
	Latitude      *float64    `json:"latitude,omitempty"`
	Longitude     *float64    `json:"longitude,omitempty"`
	Regions       []RegionRef `json:"regions"`
	Accessibility string      `json:"accessibility,omitempty"` // disability access, outreach
	// Redacted is set on output when the point and address were withheld.
	Redacted bool `json:"redacted,omitempty"`
}

// Address is a postal address.
type Address struct {
	Line1      string `json:"line1,omitempty"`
	Line2      string `json:"line2,omitempty"`
	City       string `json:"city,omitempty"`
	Province   string `json:"province,omitempty"`
	PostalCode string `json:"postal_code,omitempty"`
	Country    string `json:"country,omitempty"`
}

// RegionRef is the region a location lies in, at one level of one set.
type RegionRef struct {
	Set        string `json:"set"`
	SetVersion int    `json:"set_version"`
	Level      int    `json:"level"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	// How the region was found: inside, border (several touched; lowest
	// code wins) or nearest (in a sliver between regions).
	How string `json:"how"`
}

// Service is one kind of help a provider offers.
type Service struct {
	ID           string                 `json:"id"`
	Type         string                 `json:"type"` // taxonomy code
	Description  string                 `json:"description,omitempty"`
	LocationIDs  []string               `json:"location_ids,omitempty"` // empty: at every location
	Eligibility  Eligibility            `json:"eligibility"`
	Languages    []string               `json:"languages"` // ISO 639
	Interpreting bool                   `json:"interpretation_available"`
	Cost         Cost                   `json:"cost"`
	Access       Access                 `json:"access"`
	Capacity     *Capacity              `json:"capacity,omitempty"`
	Schedules    []Schedule             `json:"schedules,omitempty"`
	Area         *ServiceArea           `json:"service_area,omitempty"`
	Translations map[string]ServiceText `json:"translations,omitempty"`
}

// ServiceText is a service's translatable text in one language.
type ServiceText struct {
	Description string `json:"description,omitempty"`
	NextStep    string `json:"next_step,omitempty"`
}

// Eligibility says who a service is for. Empty lists mean "anyone".
type Eligibility struct {
	Genders          []string `json:"genders"`        // female, male
	LGBTQI           bool     `json:"lgbtqi_welcome"` // explicitly serves LGBTQI+ people
	MinAge           *int     `json:"min_age,omitempty"`
	MaxAge           *int     `json:"max_age,omitempty"`
	LegalStatuses    []string `json:"legal_statuses"`    // national, foreign_national, stateless_undocumented
	TraffickingForms []string `json:"trafficking_forms"` // see TraffickingForms
	VictimStatus     string   `json:"victim_status"`     // none, presumed, identified: what is required
}

// Cost says what a service costs.
type Cost struct {
	Kind string `json:"kind"` // free, fee, conditions
	Note string `json:"note,omitempty"`
}

// Access says how a person gets to a service.
type Access struct {
	WalkIn           bool     `json:"walk_in"`
	ReferralRequired bool     `json:"referral_required"`
	WhoCanRefer      string   `json:"who_can_refer,omitempty"`
	NextStep         string   `json:"next_step,omitempty"`
	Documents        []string `json:"documents,omitempty"`
	ResponseTime     string   `json:"response_time,omitempty"`
}

// Capacity is how many a service can take (beds, places) and how many are free.
type Capacity struct {
	Unit      string     `json:"unit"` // beds, places, …
	Total     *int       `json:"total,omitempty"`
	Available *int       `json:"available,omitempty"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// Schedule is one opening rule: days and hours, or round the clock.
type Schedule struct {
	Days   []string `json:"days"` // mo tu we th fr sa su
	Opens  string   `json:"opens,omitempty"`
	Closes string   `json:"closes,omitempty"`
	AllDay bool     `json:"all_day"` // 24 hours on those days
	Note   string   `json:"note,omitempty"`
}

// ServiceArea is where a service's clients come from, beyond its locations.
type ServiceArea struct {
	RegionCodes []string `json:"region_codes,omitempty"`
	RadiusKm    *float64 `json:"radius_km,omitempty"`
}

// Channel is a way to reach a provider: a phone, a hotline, a chat app.
type Channel struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"` // phone, hotline, whatsapp, line, viber, facebook, email, website, other
	Value      string `json:"value"`
	Label      string `json:"label,omitempty"`
	Hours      string `json:"hours,omitempty"`
	Tier       Tier   `json:"tier"`
	LocationID string `json:"location_id,omitempty"`
}

// Verification records whether an entry was checked, when and by whom.
type Verification struct {
	Status     string     `json:"status"` // unverified, verified, needs_update
	VerifiedAt *time.Time `json:"verified_at,omitempty"`
	VerifiedBy string     `json:"verified_by,omitempty"`
}

// Provenance records where an entry came from.
type Provenance struct {
	Kind string `json:"kind"` // manual, survey, import
	Ref  string `json:"ref,omitempty"`
}

// Vocabularies of the provider fields.
var (
	OrgTypes           = []string{"government", "ngo", "international", "faith_based", "private", "community"}
	ProviderStatuses   = []string{"active", "inactive", "defunct", "temporarily closed"}
	Genders            = []string{"female", "male"}
	LegalStatuses      = []string{"national", "foreign_national", "stateless_undocumented"}
	TraffickingForms   = []string{"sexual_exploitation", "forced_labour", "forced_marriage", "domestic_servitude", "fishing_maritime", "forced_criminality", "organ_removal"}
	VictimStatuses     = []string{"none", "presumed", "identified"}
	CostKinds          = []string{"free", "fee", "conditions"}
	ChannelKinds       = []string{"phone", "hotline", "whatsapp", "line", "viber", "facebook", "telegram", "email", "website", "other"}
	VerificationStates = []string{"unverified", "verified", "needs_update"}
	ProvenanceKinds    = []string{"manual", "survey", "import"}
	Tiers              = []Tier{TierPublic, TierRegionOnly, TierHidden}
	WeekDays           = []string{"mo", "tu", "we", "th", "fr", "sa", "su"}
)
