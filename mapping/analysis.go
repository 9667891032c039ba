package mapping

import (
	"context"
	"fmt"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping/spatial"
)

// What aggregate analyses (the coverage reports) read from the directory:
// every provider, every tier, and whole levels of a boundary set at once.

// Unredacted returns every live provider as stored — hidden and
// region_only locations with their points — in no particular order (an
// analysis that needs one sorts what it keeps; sorting 100,000 providers
// would cost every coverage report run a tenth of a second). It is for
// analyses that count providers and measure distances but whose outputs
// carry no provider position or name: a coverage report must count a
// hidden shelter, and must never show where it is. Callers must not
// serialize these providers, and must not change them (they share memory
// with the catalog). Nothing is audited: no confidential data leaves.
func (d *Directory) Unredacted() []Provider {
	c := d.cat
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]Provider, 0, len(c.byID))
	for _, e := range c.byID {
		out = append(out, e.full)
	}
	return out
}

// LevelShapes returns every region of one level of a boundary set, sorted
// by code, with its geometry — the simplified display copy when display is
// true — and the set version they belong to. version 0 means the current
// version. It fails with haven.ErrNotFound for an unknown set or version.
func (r *Regions) LevelShapes(ctx context.Context, set string, version, level int, display bool) (RegionSet, []RegionShape, error) {
	var sets []regionSetRow
	q := r.db.WithContext(ctx).Where("set_name = ?", set)
	if version > 0 {
		q = q.Where("version = ?", version)
	}
	if err := q.Order("version DESC").Limit(1).Find(&sets).Error; err != nil {
		return RegionSet{}, nil, fmt.Errorf("read boundary set %s: %w", set, err)
	}
	if len(sets) == 0 {
		if version > 0 {
			return RegionSet{}, nil, haven.Errorf(haven.KindNotFound, "boundary set %q has no version %d", set, version)
		}
		return RegionSet{}, nil, haven.Errorf(haven.KindNotFound, "there is no boundary set named %q", set)
	}
	sv := sets[0]
	column := "geometry"
	if display {
		column = "display"
	}
	var rows []regionRow
	if err := r.db.WithContext(ctx).Select(regionColumns+", "+column).Where("set_version_id = ? AND level = ?", sv.ID, level).
		Order("code").Find(&rows).Error; err != nil {
		return RegionSet{}, nil, fmt.Errorf("read regions of %s level %d: %w", set, level, err)
	}
	out := make([]RegionShape, len(rows))
	for i, row := range rows {
		blob := row.Geometry
		if display {
			blob = row.Display
		}
		geom, err := spatial.DecodeWKB(blob)
		if err != nil {
			return RegionSet{}, nil, fmt.Errorf("decode region %s: %w", row.Code, err)
		}
		out[i] = RegionShape{Region: row.region(sv), Geometry: geom}
	}
	rs := RegionSet{Name: sv.SetName, Version: sv.Version, Source: sv.Source, RegionCount: sv.RegionCount,
		CreatedBy: sv.CreatedBy, CreatedAt: sv.CreatedAt, Levels: map[string]int{fmt.Sprint(level): len(out)}}
	return rs, out, nil
}
