package reports

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/mapping"
	"gorm.io/gorm"
)

// Service computes coverage reports from the database, stores them as
// runs, and imports the data they need besides the directory: population
// points and need figures.
//
// Who may use it: analysts — researchers, editors and admins — as for
// survey analytics. Viewers and collectors may not: a report counts every
// provider, hidden ones included, so a small district showing one shelter
// says where a hidden shelter is to the district; stored runs are working
// material, not published content. No country scope applies: regional
// bodies compare countries. Running a report, reading a stored run and
// comparing runs are audited (report.run, report.read, report.compare).
type Service struct {
	db        *gorm.DB
	audit     *audit.Log
	regions   *mapping.Regions
	taxonomy  *mapping.Taxonomy
	directory func(context.Context) (*mapping.Directory, error)
	unmet     UnmetDemandSource
	now       func() time.Time

	population populationCache // the points of the source read last
	baseMap    baseMapCache    // the gap map's base layer (basemap.go)
}

// NewService returns the reports service. directory gives the provider
// directory (loaded on first use by the caller); unmet may be nil when no
// feedback tests store unmet demand.
func NewService(db *gorm.DB, log *audit.Log, regions *mapping.Regions, tax *mapping.Taxonomy,
	directory func(context.Context) (*mapping.Directory, error), unmet UnmetDemandSource) *Service {
	return &Service{db: db, audit: log, regions: regions, taxonomy: tax, directory: directory, unmet: unmet,
		now: func() time.Time { return time.Now().UTC() }}
}

// SetUnmetDemand sets where unmet demand comes from, for wiring that builds
// the feedback service after this one.
func (s *Service) SetUnmetDemand(src UnmetDemandSource) { s.unmet = src }

// MayRead reports whether u may run and read coverage reports.
func MayRead(u accounts.User) bool {
	return u.Role == accounts.RoleAdmin || u.Role == accounts.RoleEditor || u.Role == accounts.RoleResearcher
}

func checkReader(u accounts.User) error {
	if !MayRead(u) {
		return haven.Errorf(haven.KindForbidden, "as %s you may not run or read coverage reports", u.Role)
	}
	return nil
}

// RunParams are what a report run is asked: where (a boundary set and
// level, and which population source) and how (the engine's Params).
type RunParams struct {
	// Set is the boundary set; empty picks the only set with regions at Level.
	Set   string `json:"set"`
	Level int    `json:"level"`
	// PopulationSource names the population points used; empty picks the
	// only source imported, or none when there is none.
	PopulationSource string `json:"population_source,omitempty"`
	Params
}

// Validate checks the parameters that need no database: every bad field
// at once, as haven.ErrInvalid.
func (p RunParams) Validate() error {
	var v haven.Validation
	p.check(&v)
	return v.Err()
}

func (p RunParams) check(v *haven.Validation) {
	v.Check(p.Level >= 1 && p.Level <= 9, "level", "must be an administrative level from 1 to 9")
	v.Check(p.Method == "" || slices.Contains(Methods, p.Method), "method", "must be one of "+joinMethods())
	nonNegative := func(field string, x float64) {
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0):
			v.Add(field, "must be a finite number")
		case x < 0:
			v.Add(field, "must not be negative")
		}
	}
	nonNegative("catchment_km", p.CatchmentKm)
	nonNegative("within_km", p.WithinKm)
	nonNegative("sigma_km", p.SigmaKm)
	nonNegative("default_supply", p.DefaultSupply)
	v.Check(p.CatchmentKm <= 5000, "catchment_km", "must be at most 5000 km")
	v.Check(p.WithinKm <= 5000, "within_km", "must be at most 5000 km")
	last := 0.0
	for i, s := range p.Steps {
		field := fmt.Sprintf("steps[%d]", i)
		v.Check(s.UpToKm > last && !math.IsInf(s.UpToKm, 0), field+".up_to_km", "must be more than the step before it, and finite")
		v.Check(s.Weight >= 0 && s.Weight <= 1, field+".weight", "must be from 0 to 1")
		last = s.UpToKm
	}
	seen := map[string]bool{}
	for i, s := range p.Services {
		v.Check(strings.TrimSpace(s) != "", fmt.Sprintf("services[%d]", i), "must not be empty")
		v.Check(!seen[s], fmt.Sprintf("services[%d]", i), fmt.Sprintf("%q is listed twice", s))
		seen[s] = true
	}
	f := p.Filter
	v.Check(f.Gender == "" || slices.Contains(mapping.Genders, f.Gender), "filter.gender", "must be "+strings.Join(mapping.Genders, " or "))
	age := func(field string, a *int) {
		v.Check(a == nil || (*a >= 0 && *a <= 120), field, "must be an age from 0 to 120")
	}
	age("filter.min_age", f.MinAge)
	age("filter.max_age", f.MaxAge)
	v.Check(f.MinAge == nil || f.MaxAge == nil || *f.MinAge <= *f.MaxAge, "filter.max_age", "must not be below min_age")
	v.Check(p.Set == "" || len(p.Set) <= 100, "set", "must be at most 100 characters")
}

func joinMethods() string {
	names := make([]string, len(Methods))
	for i, m := range Methods {
		names[i] = string(m)
	}
	return strings.Join(names, ", ")
}

// checkServices refuses service types the taxonomy does not know.
func (s *Service) checkServices(ctx context.Context, v *haven.Validation, services []string) error {
	if len(services) == 0 {
		return nil
	}
	terms, err := s.taxonomy.Terms(ctx)
	if err != nil {
		return err
	}
	known := make(map[string]bool, len(terms))
	for _, t := range terms {
		known[t.Code] = true
	}
	for i, code := range services {
		if code != "" && !known[code] {
			v.Add(fmt.Sprintf("services[%d]", i), fmt.Sprintf("%q is not a service type of the taxonomy (GET /api/v1/taxonomy lists them)", code))
		}
	}
	return nil
}

// withActor names u as the actor of audit events when the context names none.
func withActor(ctx context.Context, u accounts.User) context.Context {
	if audit.ActorFrom(ctx) == (audit.Actor{}) {
		ctx = audit.WithActor(ctx, audit.Actor{ID: u.ID, Email: u.Email})
	}
	return ctx
}
