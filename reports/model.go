package reports

import (
	"time"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// Input is everything one coverage report is computed from. The engine
// only reads it; callers load it (from the database or files) and redact
// nothing beforehand: every provider, whatever its tier, counts.
type Input struct {
	// Regions are the regions of the one level the report is about, each
	// with its boundary. Codes must be unique.
	Regions []Region
	// Parents are the ancestors of Regions (any level above), for roll-up
	// rows; their Geometry is not used and may be empty.
	Parents []Region
	// CountryNames names the country roll-up rows by ISO 3166-1 alpha-2
	// code; a country without a name is named by its code.
	CountryNames map[string]string
	// Providers are the provider sites (see Provider). IDs must be unique.
	Providers []Provider
	// Population are demand points, such as populated places. Optional.
	Population []PopulationPoint
	// Need is the number of people in need (for instance identified
	// victims) by region code, where need figures are loaded. Optional.
	Need map[string]float64
	// UnmetDemand is the unmet demand reported in feedback tests, by region
	// code and then service type. Optional.
	UnmetDemand map[string]map[string]float64
	// Versions name the data above, for the report's methods section.
	Versions DataVersions
	// RegionIndex optionally is an index already built over exactly
	// Regions (code and geometry), as mapping keeps one per level; the
	// engine builds its own when it is nil.
	RegionIndex *spatial.RegionIndex
}

// Region is one administrative unit.
type Region struct {
	Code       string
	Name       string
	Level      int
	ParentCode string
	Country    string // ISO 3166-1 alpha-2
	Geometry   orb.MultiPolygon
	// Population is the region's population from the boundary set, if
	// loaded; when nil the report uses the sum of the population points
	// inside the region.
	Population *float64
}

// Provider is one place where a provider works, reduced to what the
// engine needs. A provider with several locations is several Providers
// (one per location, each with the services offered there) with distinct
// IDs; counts in the report count these sites.
type Provider struct {
	ID string
	// Point is where the site is ([longitude, latitude]); nil when unknown,
	// in which case the site is located by RegionCodes and is left out of
	// every distance-based measure.
	Point *orb.Point
	// RegionCodes are the region codes a site without a Point is recorded
	// in. Ignored when Point is set.
	RegionCodes []string
	// Tier is the location's confidentiality tier (public, region_only,
	// hidden; empty means public). Every tier counts in every number, but
	// only public sites are measured to (nearest_km,
	// population_within_share); other sites take part in the access index
	// and service radii from their region's population-weighted point.
	Tier    string
	Country string
	// Services are the services offered at this site.
	Services []Offer
}

// Offer is one service a provider site offers.
type Offer struct {
	Type string // taxonomy code
	// Capacity is the service's capacity (beds, places), nil when not stated.
	Capacity *float64
	// Eligibility: empty Genders means any gender; nil ages mean no limit.
	Genders []string
	MinAge  *int
	MaxAge  *int
	// Languages are ISO 639 codes; Interpreting says interpretation is
	// available into other languages.
	Languages    []string
	Interpreting bool
	// AreaCodes are region codes (of any level, or a country code) the
	// service says it serves, beyond the region it is located in.
	AreaCodes []string
	// RadiusKm is how far the service reaches from its site, if stated.
	RadiusKm *float64
}

// PopulationPoint is a demand point.
type PopulationPoint struct {
	Lon, Lat   float64
	Population float64
}

// Method is how the accessibility index is computed.
type Method string

// The accessibility methods. MethodCount computes every measure except
// the accessibility index.
const (
	MethodCount    Method = "count"
	Method2SFCA    Method = "2sfca"
	MethodE2SFCA   Method = "e2sfca"
	MethodGaussian Method = "gaussian"
)

// Methods lists the valid methods.
var Methods = []Method{MethodCount, Method2SFCA, MethodE2SFCA, MethodGaussian}

// Step is one band of the E2SFCA stepped weights: distances up to and
// including UpToKm (and above the previous band) weigh Weight.
type Step struct {
	UpToKm float64 `json:"up_to_km"`
	Weight float64 `json:"weight"`
}

// DefaultSteps are pysal access' default E2SFCA steps: ≤10 km → 1,
// ≤20 km → 0.68, ≤30 km → 0.22, beyond → 0, boundaries inclusive.
var DefaultSteps = []Step{{10, 1}, {20, 0.68}, {30, 0.22}}

// Defaults used when Params leaves a field zero.
const (
	DefaultCatchmentKm = 30.0
	DefaultSupply      = 1.0
)

// Params are a report's parameters. Zero fields take the defaults noted.
type Params struct {
	// Services are the service types to report on; empty means every type
	// that some provider offers.
	Services []string `json:"services"`
	// Method defaults to MethodCount.
	Method Method `json:"method"`
	// CatchmentKm is the 2SFCA catchment d0 (default 30 km). For E2SFCA
	// the steps also end the catchment: beyond the last step weighs 0.
	CatchmentKm float64 `json:"catchment_km"`
	// WithinKm is the d of "share of the population within d km of a
	// provider"; defaults to CatchmentKm.
	WithinKm float64 `json:"within_km"`
	// Steps are the E2SFCA weights (default DefaultSteps).
	Steps []Step `json:"steps,omitempty"`
	// SigmaKm is the Gaussian kernel's σ in f(d) = exp(−d²/2σ²), cut off
	// at CatchmentKm; defaults to CatchmentKm / 2.
	SigmaKm float64 `json:"sigma_km,omitempty"`
	// DefaultSupply is the supply S_j of a service that states no capacity
	// (default 1: the service counts as one unit of supply).
	DefaultSupply float64 `json:"default_supply"`
	// Filter keeps only the services open to a group of people.
	Filter Filter `json:"filter"`
	// Rules classify each region × service; nil means DefaultRules().
	Rules *GapRules `json:"rules,omitempty"`
	// ListServing fills Report.Serving.
	ListServing bool `json:"list_serving,omitempty"`
}

// Filter keeps the services a group of people can use. Zero fields do not
// filter.
type Filter struct {
	// Gender keeps services open to this gender (a service with no gender
	// listed is open to all).
	Gender string `json:"gender,omitempty"`
	// MinAge and MaxAge keep services that accept some age in the range
	// ("for children": MaxAge 17).
	MinAge *int `json:"min_age,omitempty"`
	MaxAge *int `json:"max_age,omitempty"`
	// Languages keeps services offered in any of these ISO 639 codes, or
	// with interpretation when AcceptInterpreting is set.
	Languages          []string `json:"languages,omitempty"`
	AcceptInterpreting bool     `json:"accept_interpreting,omitempty"`
}

// Gap classes, from worst to best.
const (
	GapNoService = "no_service"
	GapBelowNorm = "below_norm"
	GapCovered   = "covered"
)

// GapRules decide a region × service's gap class (reference §4):
// no_service when no provider serves the region for that type; else
// below_norm when a norm applies and a measure falls short of it; else
// covered. A norm whose measure is not computed (no population, no access
// index) is not applied.
type GapRules struct {
	// Norms by service type; Default applies to types without their own.
	Norms   map[string]Norm `json:"norms,omitempty"`
	Default *Norm           `json:"default,omitempty"`
}

// Norm is a set of minimum standards for one service type. Nil fields do
// not apply.
type Norm struct {
	// CapacityPer10k: serving capacity per 10,000 people (the Istanbul
	// Convention standard: one shelter family place per 10,000).
	CapacityPer10k *float64 `json:"capacity_per_10k,omitempty"`
	// ProvidersPer100k: serving providers per 100,000 people.
	ProvidersPer100k *float64 `json:"providers_per_100k,omitempty"`
	// MaxNearestKm: the nearest provider must be at most this far.
	MaxNearestKm *float64 `json:"max_nearest_km,omitempty"`
	// MinWithinShare: at least this share of the population within d km.
	MinWithinShare *float64 `json:"min_within_share,omitempty"`
	// MinAccessIndex: the accessibility index must reach this.
	MinAccessIndex *float64 `json:"min_access_index,omitempty"`
	// MinCapacityPerNeed: serving capacity per person in need, where need
	// figures are loaded.
	MinCapacityPerNeed *float64 `json:"min_capacity_per_need,omitempty"`
	// MaxUnmetDemand: unmet demand from feedback tests must not exceed this.
	MaxUnmetDemand *float64 `json:"max_unmet_demand,omitempty"`
}

// Row is one region (or roll-up) × service type: exactly the columns of
// the coverage CSV, in order. Nil means "not computed" (an empty cell).
type Row struct {
	RegionCode            string   `json:"region_code"`
	RegionName            string   `json:"region_name"`
	Level                 int      `json:"level"`
	ParentCode            string   `json:"parent_code"`
	Service               string   `json:"service"`
	ProvidersLocated      int      `json:"providers_located"`
	ProvidersServing      int      `json:"providers_serving"`
	Capacity              *float64 `json:"capacity"`
	Population            *float64 `json:"population"`
	ProvidersPer100k      *float64 `json:"providers_per_100k"`
	NearestKm             *float64 `json:"nearest_km"`
	PopulationWithinShare *float64 `json:"population_within_share"`
	AccessIndex           *float64 `json:"access_index"`
	UnmetDemand           *float64 `json:"unmet_demand"`
	GapClass              string   `json:"gap_class"`
	// UnmetDemandSuppressed says that UnmetDemand is withheld by disclosure
	// control (see suppressUnmet): nil, though needs were reported.
	UnmetDemandSuppressed bool `json:"unmet_demand_suppressed"`
}

// Columns are the CSV column names, in the order of Row's fields.
var Columns = []string{"region_code", "region_name", "level", "parent_code", "service",
	"providers_located", "providers_serving", "capacity", "population", "providers_per_100k",
	"nearest_km", "population_within_share", "access_index", "unmet_demand", "gap_class", "unmet_demand_suppressed"}

// Report is a computed coverage report. Every slice is sorted by region
// code and then service type.
type Report struct {
	Method MethodNote `json:"method"`
	// Regions are the rows for the regions of the report's level.
	Regions []Row `json:"regions"`
	// Parents roll the regions up to every ancestor in Input.Parents.
	Parents []Row `json:"parents"`
	// Countries roll the regions up by country; Level is 0.
	Countries []Row `json:"countries"`
	// Serving lists, by region code and then service type, the IDs of the
	// provider sites serving the region, sorted; only with
	// Params.ListServing. IDs only, never a position: a caller showing them
	// to a user without the confidential grant must drop hidden sites' IDs.
	Serving map[string]map[string][]string `json:"serving,omitempty"`
}

// MethodNote records how a report was computed, for its methods section.
type MethodNote struct {
	Method        Method       `json:"method"`
	Services      []string     `json:"services"`
	CatchmentKm   float64      `json:"catchment_km"`
	WithinKm      float64      `json:"within_km"`
	Steps         []Step       `json:"steps,omitempty"`
	SigmaKm       float64      `json:"sigma_km,omitempty"`
	DefaultSupply float64      `json:"default_supply"`
	Filter        Filter       `json:"filter"`
	Rules         GapRules     `json:"rules"`
	Distance      string       `json:"distance"`
	EarthRadiusKm float64      `json:"earth_radius_km"`
	Formulas      []string     `json:"formulas"`
	Notes         []string     `json:"notes"` // border, serving and population rules
	Counts        DataCount    `json:"counts"`
	Data          DataVersions `json:"data"`
	Caveats       []string     `json:"caveats"`
}

// DataCount says how much input a report used.
type DataCount struct {
	Regions          int `json:"regions"`
	Providers        int `json:"providers"`
	PopulationPoints int `json:"population_points"`
	// Unlocated counts provider sites with a point in no region.
	Unlocated int `json:"unlocated_providers"`
}

// DataVersions name the data a report was computed from; the caller fills
// them in (the engine does not know where its input came from).
type DataVersions struct {
	BoundarySet      string    `json:"boundary_set,omitempty"`
	BoundaryVersion  int       `json:"boundary_version,omitempty"`
	Level            int       `json:"level"`
	ProviderSnapshot time.Time `json:"provider_snapshot,omitzero"`
	PopulationSource string    `json:"population_source,omitempty"`
	NeedSource       string    `json:"need_source,omitempty"`
	FeedbackSource   string    `json:"feedback_source,omitempty"`
}
