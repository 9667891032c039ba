package mapping

import (
	"context"
	"fmt"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping/spatial"
)

// LevelIndex returns the point-in-region index over one level of a
// version of a boundary set (version 0: the current one): the index that
// places provider locations, built on first use and then kept, since a
// version never changes. A coverage report over the same regions (as
// LevelShapes returns them, display false) can reuse it instead of
// building its own, which for a level of millions of vertices takes
// seconds. It fails with haven.ErrNotFound for an unknown set or version.
func (r *Regions) LevelIndex(ctx context.Context, set string, version, level int) (*spatial.RegionIndex, error) {
	var sets []regionSetRow
	q := r.db.WithContext(ctx).Where("set_name = ?", set)
	if version > 0 {
		q = q.Where("version = ?", version)
	}
	if err := q.Order("version DESC").Limit(1).Find(&sets).Error; err != nil {
		return nil, fmt.Errorf("read boundary set %s: %w", set, err)
	}
	if len(sets) == 0 {
		return nil, haven.Errorf(haven.KindNotFound, "there is no boundary set %q (version %d)", set, version)
	}
	li, err := r.index(ctx, r.db, sets[0].ID, level)
	if err != nil {
		return nil, err
	}
	return li.ix, nil
}
