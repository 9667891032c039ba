package reports

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// UnmetDemandSource gives the unmet demand reported in feedback tests
// ("what did you need that you could not find?"), counted by region code
// of one level of a boundary set and then by service type. The feedback
// service implements it; without one, reports carry no unmet demand.
type UnmetDemandSource interface {
	UnmetDemand(ctx context.Context, set string, level int) (map[string]map[string]int, error)
	// MinCounts are the smallest counts the source lets be shown: to
	// analysts in the API, and in files, which leave Haven (see
	// suppressUnmet).
	MinCounts() (analyst, export int)
}

// loaded is an engine input with what the run records about it.
type loaded struct {
	input  Input
	params Params // with Services expanded to what the loader used
	set    mapping.RegionSet
}

// load builds the engine's input from the database: the regions of one
// level of a boundary set with their boundaries and population, their
// ancestors for roll-ups, every active provider of every tier, the
// population points, need figures and unmet demand. It fails with
// haven.ErrInvalid naming the bad field (unknown service type, a level
// without regions, an ambiguous set or population source) and
// haven.ErrNotFound for an unknown set.
func (s *Service) load(ctx context.Context, p RunParams) (loaded, error) {
	var v haven.Validation
	p.check(&v)
	if err := s.checkServices(ctx, &v, p.Services); err != nil {
		return loaded{}, err
	}
	if err := v.Err(); err != nil {
		return loaded{}, err
	}
	setName, err := s.pickSet(ctx, p.Set, p.Level)
	if err != nil {
		return loaded{}, err
	}
	set, shapes, err := s.regions.LevelShapes(ctx, setName, 0, p.Level, false)
	if err != nil {
		return loaded{}, err
	}
	if len(shapes) == 0 {
		return loaded{}, fieldError("level", fmt.Sprintf("boundary set %s (version %d) has no regions at level %d", set.Name, set.Version, p.Level))
	}
	// mapping keeps an index over each level it places locations in; the
	// engine would otherwise build its own, seconds of work on a large
	// set, every run. When mapping has none yet it builds it while the
	// rest is read.
	index := make(chan levelIndex, 1) // buffered: an early return leaves no goroutine waiting
	go func() {
		ix, err := s.regions.LevelIndex(ctx, set.Name, set.Version, p.Level)
		index <- levelIndex{ix, err}
	}()
	popSource, err := s.pickPopulationSource(ctx, p.PopulationSource)
	if err != nil {
		return loaded{}, err
	}
	out := loaded{params: p.Params, set: set}
	in := &out.input
	in.Regions = make([]Region, len(shapes))
	for i, sh := range shapes {
		in.Regions[i] = regionOf(sh.Region, sh.Geometry)
	}
	if in.Parents, err = s.ancestors(ctx, set.Name, p.Level); err != nil {
		return loaded{}, err
	}
	in.CountryNames = countryNames
	dir, err := s.directory(ctx)
	if err != nil {
		return loaded{}, err
	}
	snapshot := s.now()
	in.Providers = sitesOf(dir.Unredacted(), p.Services, set.Name, p.Level)
	if popSource.Name != "" {
		if in.Population, err = s.populationPoints(ctx, popSource.Name); err != nil {
			return loaded{}, err
		}
	}
	need, err := s.needFigures(ctx, set.Name, p.Level)
	if err != nil {
		return loaded{}, err
	}
	var needSources []string
	if len(need) > 0 {
		in.Need = make(map[string]float64, len(need))
		for code, n := range need {
			in.Need[code] = n.Figure
			if n.Source != "" && !slices.Contains(needSources, n.Source) {
				needSources = append(needSources, n.Source)
			}
		}
		sort.Strings(needSources)
	}
	feedback := ""
	if s.unmet != nil {
		unmet, err := s.unmet.UnmetDemand(ctx, set.Name, p.Level)
		if err != nil {
			return loaded{}, fmt.Errorf("read unmet demand: %w", err)
		}
		if len(unmet) > 0 {
			in.UnmetDemand = make(map[string]map[string]float64, len(unmet))
			for code, byType := range unmet {
				in.UnmetDemand[code] = make(map[string]float64, len(byType))
				for t, n := range byType {
					in.UnmetDemand[code][t] = float64(n)
				}
			}
			feedback = "feedback tests"
		}
	}
	got := <-index
	if got.err != nil {
		return loaded{}, fmt.Errorf("index the regions of %s level %d: %w", set.Name, p.Level, got.err)
	}
	in.RegionIndex = got.ix
	in.Versions = DataVersions{BoundarySet: set.Name, BoundaryVersion: set.Version, Level: p.Level,
		ProviderSnapshot: snapshot, NeedSource: strings.Join(needSources, "; "), FeedbackSource: feedback}
	if popSource.Name != "" {
		in.Versions.PopulationSource = fmt.Sprintf("%s (imported %s)", popSource.Name, popSource.ImportedAt.Format("2006-01-02 15:04:05Z"))
	}
	return out, nil
}

type levelIndex struct {
	ix  *spatial.RegionIndex
	err error
}

// pickSet returns set, or when it is empty the only set with regions at level.
func (s *Service) pickSet(ctx context.Context, set string, level int) (string, error) {
	sets, err := s.regions.Sets(ctx)
	if err != nil {
		return "", err
	}
	if set != "" {
		for _, rs := range sets {
			if rs.Name == set {
				if rs.Levels[fmt.Sprint(level)] == 0 {
					return "", fieldError("level", fmt.Sprintf("boundary set %s has no regions at level %d (it has levels %s)", set, level, levelList(rs)))
				}
				return set, nil
			}
		}
		return "", fieldError("set", fmt.Sprintf("there is no boundary set named %q (haven regions sets lists them)", set))
	}
	var with []string
	for _, rs := range sets {
		if rs.Levels[fmt.Sprint(level)] > 0 {
			with = append(with, rs.Name)
		}
	}
	switch len(with) {
	case 0:
		return "", fieldError("level", fmt.Sprintf("no boundary set has regions at level %d; import boundaries first (haven regions import)", level))
	case 1:
		return with[0], nil
	}
	return "", fieldError("set", fmt.Sprintf("several boundary sets have level %d (%s); name one", level, strings.Join(with, ", ")))
}

func levelList(rs mapping.RegionSet) string {
	var ls []string
	for l := range rs.Levels {
		ls = append(ls, l)
	}
	sort.Strings(ls)
	if len(ls) == 0 {
		return "none"
	}
	return strings.Join(ls, ", ")
}

// pickPopulationSource returns the named source, or the only one there is,
// or none (a zero source) when none was imported.
func (s *Service) pickPopulationSource(ctx context.Context, name string) (PopulationSource, error) {
	sources, err := s.PopulationSources(ctx)
	if err != nil {
		return PopulationSource{}, err
	}
	names := make([]string, len(sources))
	for i, src := range sources {
		if src.Name == name {
			return src, nil
		}
		names[i] = src.Name
	}
	switch {
	case name != "":
		return PopulationSource{}, fieldError("population_source", fmt.Sprintf("there is no population source named %q (imported: %s)", name, orNone(names)))
	case len(sources) == 1:
		return sources[0], nil
	case len(sources) == 0:
		return PopulationSource{}, nil
	}
	return PopulationSource{}, fieldError("population_source", fmt.Sprintf("several population sources are imported (%s); name one", strings.Join(names, ", ")))
}

func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// ancestors lists the regions of the levels above level, for roll-ups.
func (s *Service) ancestors(ctx context.Context, set string, level int) ([]Region, error) {
	var out []Region
	for l := 1; l < level; l++ {
		cursor := ""
		for {
			page, next, err := s.regions.List(ctx, mapping.RegionFilter{Set: set, Level: l, Cursor: cursor, Limit: 1000})
			if err != nil {
				return nil, err
			}
			for _, r := range page {
				out = append(out, regionOf(r, nil))
			}
			if next == "" {
				break
			}
			cursor = next
		}
	}
	return out, nil
}

func regionOf(r mapping.Region, geom orb.MultiPolygon) Region {
	out := Region{Code: r.Code, Name: r.Name, Level: r.Level, ParentCode: r.ParentCode, Country: r.Country, Geometry: geom}
	if r.Population != nil {
		pop := float64(*r.Population)
		out.Population = &pop
	}
	return out
}

// populationPoints reads every point of a source, in import order, or
// returns them from the cache when the source has not been imported again
// since they were read. Rows are scanned by hand: hundreds of thousands
// of points through GORM's reflection would take most of the loading time.
func (s *Service) populationPoints(ctx context.Context, source string) (pts []PopulationPoint, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("read population points of %s: %w", source, err)
		}
	}()
	key := populationKey{source: source}
	if err := s.db.WithContext(ctx).Model(&populationPointRow{}).Select("COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0)").
		Where("source = ?", source).Row().Scan(&key.n, &key.first, &key.last); err != nil {
		return nil, err
	}
	if pts, ok := s.population.get(key); ok {
		return pts, nil
	}
	rows, err := s.db.WithContext(ctx).Model(&populationPointRow{}).Select("lon, lat, population").
		Where("source = ?", source).Order("id").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	pts = make([]PopulationPoint, 0, key.n)
	for rows.Next() {
		var p PopulationPoint
		if err := rows.Scan(&p.Lon, &p.Lat, &p.Population); err != nil {
			return nil, err
		}
		pts = append(pts, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	s.population.put(key, pts)
	return pts, nil
}

// populationCache keeps the points of the source read last: at 200,000
// points, reading them is a tenth of a report run, and they rarely change
// between runs. The points are shared by every run that gets them, which
// only read them (the engine copies what it sorts).
type populationCache struct {
	mu  sync.Mutex
	key populationKey
	pts []PopulationPoint
}

// populationKey says which import of a source a list of points is. An
// import replaces every point of its source with new rows, and point IDs
// are never reused (AUTOINCREMENT on SQLite, identity on PostgreSQL), so
// the IDs change with every import, whichever process makes it.
type populationKey struct {
	source         string
	n, first, last int64 // how many points, and their smallest and largest ID
}

func (c *populationCache) get(key populationKey) ([]PopulationPoint, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pts == nil || c.key != key {
		return nil, false
	}
	return c.pts, true
}

func (c *populationCache) put(key populationKey, pts []PopulationPoint) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.pts = key, slices.Clip(pts)
}

// countryNames name the country roll-ups of the region Haven serves;
// others are named by their code.
var countryNames = map[string]string{
	"BN": "Brunei Darussalam", "KH": "Cambodia", "ID": "Indonesia", "LA": "Lao PDR", "MM": "Myanmar",
	"MY": "Malaysia", "PH": "Philippines", "SG": "Singapore", "TH": "Thailand", "VN": "Viet Nam", "TL": "Timor-Leste",
}

func fieldError(field, message string) error {
	return &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
		Fields: []haven.FieldError{{Field: field, Message: message}}}
}
