package drafts

import (
	"context"
	"slices"
	"strings"

	"github.com/haven-project/haven/mapping"
)

// Preview is what a draft's settings select from the directory right now.
type Preview struct {
	Count   int            `json:"count"`
	Entries []PreviewEntry `json:"entries"`
	// MissingIncludes are included IDs of no provider a reader without any
	// grant may see: deleted, or confidential everywhere.
	MissingIncludes []string `json:"missing_includes"`
}

// PreviewEntry is one selected provider, in short.
type PreviewEntry struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Country      string   `json:"country"`
	Status       string   `json:"status"`
	Verification string   `json:"verification"`
	Regions      []string `json:"regions"`  // names, at the grouping level where placed
	Services     []string `json:"services"` // codes
	// Included is true when the include list, not the rules, brought it in.
	Included bool `json:"included"`
	// PlaceWithheld is true when a location is shown by its region only.
	PlaceWithheld bool `json:"place_withheld"`
}

// Preview resolves settings against the directory as it is now, for a
// draft in countries (the countries rule's default). It fails with
// haven.ErrInvalid naming every bad field.
func (s *Service) Preview(ctx context.Context, countries []string, st Settings) (Preview, error) {
	in := DraftInput{Name: "preview", Countries: countries, Settings: st}
	if err := s.normalize(ctx, &in); err != nil {
		return Preview{}, err
	}
	entries, included, missing, err := s.resolve(ctx, in.Countries, in.Settings)
	if err != nil {
		return Preview{}, err
	}
	out := Preview{Count: len(entries), Entries: make([]PreviewEntry, 0, len(entries)), MissingIncludes: missing}
	g := in.Settings.Grouping
	for _, p := range entries {
		e := PreviewEntry{ID: p.ID, Name: p.Name, Country: p.Country, Status: p.Status, Verification: p.Verification.Status,
			Regions: []string{}, Services: []string{}, Included: included[p.ID]}
		for _, l := range p.Locations {
			if r, ok := regionAt(l, g); ok && !slices.Contains(e.Regions, r.Name) {
				e.Regions = append(e.Regions, r.Name)
			}
			e.PlaceWithheld = e.PlaceWithheld || l.Redacted
		}
		for _, sv := range p.Services {
			if !slices.Contains(e.Services, sv.Type) {
				e.Services = append(e.Services, sv.Type)
			}
		}
		out.Entries = append(out.Entries, e)
	}
	slices.SortFunc(out.Entries, func(a, b PreviewEntry) int { return compareFold(a.Name, b.Name) })
	return out, nil
}

// resolve selects providers for settings, as a reader without any grant
// sees them, ordered by ID. included marks those the include list brought
// in; missing lists included IDs that no such reader can see.
func (s *Service) resolve(ctx context.Context, countries []string, st Settings) (entries []mapping.Provider, included map[string]bool, missing []string, err error) {
	all, err := s.dir.All(ctx, reader)
	if err != nil {
		return nil, nil, nil, err
	}
	m, err := s.matcher(ctx, countries, st.Rules)
	if err != nil {
		return nil, nil, nil, err
	}
	include, exclude := setOf(st.Include), setOf(st.Exclude)
	included = map[string]bool{}
	seen := map[string]bool{} // of the included IDs only: the directory may be large
	for _, p := range all {
		if include[p.ID] {
			seen[p.ID] = true
		}
		switch {
		case exclude[p.ID]:
		case m.matches(&p):
			entries = append(entries, p)
		case include[p.ID]:
			entries = append(entries, p)
			included[p.ID] = true
		}
	}
	missing = []string{}
	for _, id := range st.Include {
		if !seen[id] {
			missing = append(missing, id)
		}
	}
	return entries, included, missing, nil
}

// matcher is rules ready to match.
type matcher struct {
	Rules
	countries map[string]bool
	regions   map[string]bool
	types     map[string]bool // nil: any type
}

func (s *Service) matcher(ctx context.Context, countries []string, r Rules) (*matcher, error) {
	m := &matcher{Rules: r, countries: setOf(r.Countries), regions: setOf(r.Regions)}
	if len(r.Countries) == 0 {
		m.countries = setOf(countries)
	}
	if len(r.Services) > 0 {
		terms, err := s.tax.Terms(ctx)
		if err != nil {
			return nil, err
		}
		codes, err := mapping.Expand(terms, r.Services)
		if err != nil {
			return nil, err
		}
		m.types = setOf(codes)
	}
	return m, nil
}

// listedStatuses are the provider statuses a rule may select: a directory
// must not send anyone to a service that is no longer there.
var listedStatuses = []string{"", "active", "temporarily closed"}

func (m *matcher) matches(p *mapping.Provider) bool {
	if !slices.Contains(listedStatuses, p.Status) {
		return false
	}
	if len(m.countries) > 0 && !m.countries[p.Country] {
		return false
	}
	if m.VerifiedOnly && p.Verification.Status != "verified" {
		return false
	}
	if len(m.regions) > 0 && !slices.ContainsFunc(p.Locations, func(l mapping.Location) bool {
		return slices.ContainsFunc(l.Regions, func(r mapping.RegionRef) bool { return m.regions[r.Code] })
	}) {
		return false
	}
	return slices.ContainsFunc(p.Services, func(sv mapping.Service) bool { return m.serviceMatches(&sv) })
}

func (m *matcher) serviceMatches(sv *mapping.Service) bool {
	if m.types != nil && !m.types[sv.Type] {
		return false
	}
	e := &sv.Eligibility
	if !overlaps(m.Genders, e.Genders) || !overlaps(m.LegalStatuses, e.LegalStatuses) {
		return false
	}
	// Age ranges overlap unless one ends before the other starts.
	if m.AgeTo != nil && e.MinAge != nil && *e.MinAge > *m.AgeTo {
		return false
	}
	if m.AgeFrom != nil && e.MaxAge != nil && *e.MaxAge < *m.AgeFrom {
		return false
	}
	return len(m.Languages) == 0 || slices.ContainsFunc(m.Languages, func(l string) bool { return slices.Contains(sv.Languages, l) })
}

// overlaps reports whether an eligibility list admits one of wanted; an
// empty list on either side admits anyone.
func overlaps(wanted, admitted []string) bool {
	if len(wanted) == 0 || len(admitted) == 0 {
		return true
	}
	return slices.ContainsFunc(wanted, func(w string) bool { return slices.Contains(admitted, w) })
}

func setOf(xs []string) map[string]bool {
	out := make(map[string]bool, len(xs))
	for _, x := range xs {
		out[x] = true
	}
	return out
}

// regionAt is the region of l the grouping names: at its level, in its set,
// or in the first set (by name) that places l at that level.
func regionAt(l mapping.Location, g Grouping) (mapping.RegionRef, bool) {
	var best mapping.RegionRef
	found := false
	for _, r := range l.Regions {
		if r.Level != g.RegionLevel || (g.RegionSet != "" && r.Set != g.RegionSet) {
			continue
		}
		if !found || r.Set < best.Set {
			best, found = r, true
		}
	}
	return best, found
}

// compareFold orders names for people: case does not count.
func compareFold(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }
