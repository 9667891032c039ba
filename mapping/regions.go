package mapping

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
	"gorm.io/gorm"
)

// Region is one administrative unit of a boundary set.
type Region struct {
	Set        string    `json:"set"`
	SetVersion int       `json:"set_version"`
	Code       string    `json:"code"`
	Name       string    `json:"name"`
	Level      int       `json:"level"`
	ParentCode string    `json:"parent_code,omitempty"`
	Country    string    `json:"country,omitempty"`
	Population *int64    `json:"population"`
	Bound      orb.Bound `json:"-"`
}

// RegionSet is one version of a boundary set.
type RegionSet struct {
	Name        string         `json:"name"`
	Version     int            `json:"version"`
	Source      string         `json:"source"`
	RegionCount int            `json:"region_count"`
	Levels      map[string]int `json:"levels"` // level → number of regions
	CreatedBy   string         `json:"created_by"`
	CreatedAt   time.Time      `json:"created_at"`
}

type regionSetRow struct {
	ID          int64 `gorm:"primaryKey"`
	SetName     string
	Version     int
	Source      string
	RegionCount int
	CreatedBy   string
	CreatedAt   time.Time
}

func (regionSetRow) TableName() string { return "region_set_versions" }

type regionRow struct {
	ID           int64 `gorm:"primaryKey"`
	SetVersionID int64
	Code         string
	Name         string
	Level        int
	ParentCode   string
	Country      string
	Population   *int64
	MinLon       float64
	MinLat       float64
	MaxLon       float64
	MaxLat       float64
	Geometry     []byte
	Display      []byte
}

func (regionRow) TableName() string { return "regions" }

// regionColumns are the columns read for listings: never the geometry.
const regionColumns = "id, set_version_id, code, name, level, parent_code, country, population, min_lon, min_lat, max_lon, max_lat"

// Regions stores boundary sets and answers which region a point lies in.
type Regions struct {
	db    *gorm.DB
	audit *audit.Log

	mu      sync.Mutex
	indexes map[indexKey]*levelIndex

	// afterImport runs after a new version of a set is stored, so that
	// what depends on regions (provider locations) follows.
	afterImport []func(ctx context.Context, set string) error
}

// levelIndex answers which region of one level of one set version holds a point.
type levelIndex struct {
	ix    *spatial.RegionIndex
	names map[string]string
}

type indexKey struct {
	versionID int64
	level     int
}

// NewRegions returns the boundary sets stored in db.
func NewRegions(db *gorm.DB, log *audit.Log) *Regions {
	return &Regions{db: db, audit: log, indexes: map[indexKey]*levelIndex{}}
}

// Sets returns the current version of every boundary set, by name.
func (r *Regions) Sets(ctx context.Context) ([]RegionSet, error) {
	var rows []regionSetRow
	err := r.db.WithContext(ctx).Where("id IN (?)",
		r.db.Model(&regionSetRow{}).Select("MAX(id)").Group("set_name")).Order("set_name").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list boundary sets: %w", err)
	}
	ids := make([]int64, len(rows))
	for i, row := range rows {
		ids[i] = row.ID
	}
	// Regions per level of every set in one query, not one per set.
	var levels []struct {
		SetVersionID int64
		Level        int
		N            int
	}
	if len(ids) > 0 {
		if err := r.db.WithContext(ctx).Model(&regionRow{}).Select("set_version_id, level, COUNT(*) AS n").
			Where("set_version_id IN ?", ids).Group("set_version_id, level").Scan(&levels).Error; err != nil {
			return nil, fmt.Errorf("count levels: %w", err)
		}
	}
	out := make([]RegionSet, len(rows))
	for i, row := range rows {
		out[i] = RegionSet{Name: row.SetName, Version: row.Version, Source: row.Source, RegionCount: row.RegionCount,
			CreatedBy: row.CreatedBy, CreatedAt: row.CreatedAt, Levels: map[string]int{}}
		for _, l := range levels {
			if l.SetVersionID == row.ID {
				out[i].Levels[strconv.Itoa(l.Level)] = l.N
			}
		}
	}
	return out, nil
}

// currentVersion returns the newest version row of a set; found is false
// when the set does not exist.
func (r *Regions) currentVersion(ctx context.Context, db *gorm.DB, set string) (regionSetRow, bool, error) {
	var rows []regionSetRow
	if err := db.WithContext(ctx).Where("set_name = ?", set).Order("version DESC").Limit(1).Find(&rows).Error; err != nil {
		return regionSetRow{}, false, fmt.Errorf("read boundary set %s: %w", set, err)
	}
	if len(rows) == 0 {
		return regionSetRow{}, false, nil
	}
	return rows[0], true, nil
}

// RegionFilter narrows a region listing; zero fields do not filter.
type RegionFilter struct {
	Set    string
	Level  int // 0: every level
	Parent string
	Cursor string
	Limit  int
}

// List returns regions of the current version of each set (or of the named
// set), in the order they were imported, and the cursor of the next page.
func (r *Regions) List(ctx context.Context, f RegionFilter) ([]Region, string, error) {
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	versions, err := r.currentVersions(ctx, r.db, f.Set)
	if err != nil {
		return nil, "", err
	}
	if len(versions) == 0 {
		return nil, "", nil
	}
	ids := make([]int64, 0, len(versions))
	for id := range versions {
		ids = append(ids, id)
	}
	q := r.db.WithContext(ctx).Select(regionColumns).Where("set_version_id IN ?", ids)
	if f.Level > 0 {
		q = q.Where("level = ?", f.Level)
	}
	if f.Parent != "" {
		q = q.Where("parent_code = ?", f.Parent)
	}
	if f.Cursor != "" {
		after, err := strconv.ParseInt(f.Cursor, 10, 64)
		if err != nil {
			return nil, "", &haven.Error{Kind: haven.KindInvalid, Message: "invalid cursor",
				Fields: []haven.FieldError{{Field: "cursor", Message: "pass back the value of next from the previous page"}}}
		}
		q = q.Where("id > ?", after)
	}
	var rows []regionRow
	if err := q.Order("id").Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list regions: %w", err)
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		next = strconv.FormatInt(rows[limit-1].ID, 10)
	}
	out := make([]Region, len(rows))
	for i, row := range rows {
		out[i] = row.region(versions[row.SetVersionID])
	}
	return out, next, nil
}

// currentVersions maps the current version ID of each set (or only of the
// named set) to its row. It fails with haven.ErrNotFound for an unknown set.
func (r *Regions) currentVersions(ctx context.Context, db *gorm.DB, set string) (map[int64]regionSetRow, error) {
	var rows []regionSetRow
	q := db.WithContext(ctx).Where("id IN (?)", db.Model(&regionSetRow{}).Select("MAX(id)").Group("set_name"))
	if set != "" {
		q = q.Where("set_name = ?", set)
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read boundary sets: %w", err)
	}
	if set != "" && len(rows) == 0 {
		return nil, haven.Errorf(haven.KindNotFound, "there is no boundary set named %q", set)
	}
	out := make(map[int64]regionSetRow, len(rows))
	for _, row := range rows {
		out[row.ID] = row
	}
	return out, nil
}

func (row regionRow) region(set regionSetRow) Region {
	return Region{Set: set.SetName, SetVersion: set.Version, Code: row.Code, Name: row.Name, Level: row.Level,
		ParentCode: row.ParentCode, Country: row.Country, Population: row.Population,
		Bound: orb.Bound{Min: orb.Point{row.MinLon, row.MinLat}, Max: orb.Point{row.MaxLon, row.MaxLat}}}
}

// RegionShape is a region with its geometry.
type RegionShape struct {
	Region
	Geometry orb.MultiPolygon
}

// Region returns one region of a current boundary set with its geometry
// (the simplified display copy when display is true). When several sets
// hold the code, set must name one. It fails with haven.ErrNotFound, or
// haven.ErrConflict when the code is ambiguous.
func (r *Regions) Region(ctx context.Context, set, code string, display bool) (RegionShape, error) {
	versions, err := r.currentVersions(ctx, r.db, set)
	if err != nil {
		return RegionShape{}, err
	}
	ids := make([]int64, 0, len(versions))
	for id := range versions {
		ids = append(ids, id)
	}
	var rows []regionRow
	if len(ids) > 0 {
		if err := r.db.WithContext(ctx).Where("set_version_id IN ? AND code = ?", ids, code).Find(&rows).Error; err != nil {
			return RegionShape{}, fmt.Errorf("read region: %w", err)
		}
	}
	switch len(rows) {
	case 0:
		return RegionShape{}, haven.Errorf(haven.KindNotFound, "no region has the code %q", code)
	case 1:
	default:
		names := make([]string, len(rows))
		for i, row := range rows {
			names[i] = versions[row.SetVersionID].SetName
		}
		return RegionShape{}, haven.Errorf(haven.KindConflict, "the code %q exists in several boundary sets (%s); name one with set=", code, strings.Join(names, ", "))
	}
	row := rows[0]
	blob := row.Geometry
	if display {
		blob = row.Display
	}
	geom, err := spatial.DecodeWKB(blob)
	if err != nil {
		return RegionShape{}, fmt.Errorf("decode region %s: %w", code, err)
	}
	return RegionShape{Region: row.region(versions[row.SetVersionID]), Geometry: geom}, nil
}

// index returns the point-in-region index of one level of a set version,
// building it on first use. Versions never change, so an index never goes stale.
func (r *Regions) index(ctx context.Context, db *gorm.DB, versionID int64, level int) (*levelIndex, error) {
	key := indexKey{versionID, level}
	r.mu.Lock()
	li, ok := r.indexes[key]
	r.mu.Unlock()
	if ok {
		return li, nil
	}
	shapes, names, err := r.shapes(ctx, db, versionID, level)
	if err != nil {
		return nil, err
	}
	li = &levelIndex{ix: spatial.NewRegionIndex(shapes), names: names}
	r.mu.Lock()
	r.indexes[key] = li
	r.mu.Unlock()
	return li, nil
}

// shapes loads the geometry of one level of a set version, by code.
func (r *Regions) shapes(ctx context.Context, db *gorm.DB, versionID int64, level int) ([]spatial.Shape, map[string]string, error) {
	var rows []regionRow
	if err := db.WithContext(ctx).Select("code, name, geometry").Where("set_version_id = ? AND level = ?", versionID, level).
		Order("code").Find(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("load regions for the index: %w", err)
	}
	shapes := make([]spatial.Shape, 0, len(rows))
	names := make(map[string]string, len(rows))
	for _, row := range rows {
		geom, err := spatial.DecodeWKB(row.Geometry)
		if err != nil {
			return nil, nil, fmt.Errorf("decode region %s: %w", row.Code, err)
		}
		shapes = append(shapes, spatial.Shape{Code: row.Code, Geometry: geom})
		names[row.Code] = row.Name
	}
	return shapes, names, nil
}

// Locate returns, for each point, the region it lies in at every level of
// every current boundary set.
func (r *Regions) Locate(ctx context.Context, points []orb.Point) ([][]RegionRef, error) {
	return r.locate(ctx, r.db, points)
}

// locate is Locate reading through db, which may be a transaction: a
// writer holding a connection must not wait for a second one.
func (r *Regions) locate(ctx context.Context, db *gorm.DB, points []orb.Point) ([][]RegionRef, error) {
	out := make([][]RegionRef, len(points))
	if len(points) == 0 {
		return out, nil
	}
	versions, err := r.currentVersions(ctx, db, "")
	if err != nil {
		return nil, err
	}
	type level struct {
		SetVersionID int64
		Level        int
	}
	var levels []level
	if len(versions) > 0 {
		ids := make([]int64, 0, len(versions))
		for id := range versions {
			ids = append(ids, id)
		}
		if err := db.WithContext(ctx).Model(&regionRow{}).Distinct("set_version_id", "level").
			Where("set_version_id IN ?", ids).Order("set_version_id, level").Scan(&levels).Error; err != nil {
			return nil, fmt.Errorf("read region levels: %w", err)
		}
	}
	for _, lv := range levels {
		li, err := r.index(ctx, db, lv.SetVersionID, lv.Level)
		if err != nil {
			return nil, err
		}
		set := versions[lv.SetVersionID]
		for i, m := range li.ix.LocateAll(points, 1) {
			if m.How == spatial.None {
				continue
			}
			out[i] = append(out[i], RegionRef{Set: set.SetName, SetVersion: set.Version, Level: lv.Level,
				Code: m.Code, Name: li.names[m.Code], How: m.How.String()})
		}
	}
	for i := range out {
		if out[i] == nil {
			out[i] = []RegionRef{}
		}
	}
	return out, nil
}
