package mapping

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"
	"gorm.io/gorm"
)

// assignRegions sets the regions of every location of p that has a point.
func (d *Directory) assignRegions(ctx context.Context, p *Provider) error {
	ps := []Provider{*p}
	if err := d.assignRegionsMany(ctx, ps); err != nil {
		return err
	}
	*p = ps[0]
	return nil
}

// reassignRegions recomputes the regions of every location after a boundary
// set changed. It is derived data, so it makes no version or history entry.
func (d *Directory) reassignRegions(ctx context.Context, set string) error {
	all := d.cat.all()
	for start := 0; start < len(all); start += 500 {
		batch := all[start:min(start+500, len(all))]
		err := d.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			for i := range batch {
				if err := d.assignRegions(ctx, &batch[i]); err != nil {
					return err
				}
				row, err := rowOf(batch[i])
				if err != nil {
					return err
				}
				if err := tx.Model(&providerRow{}).Where("id = ?", row.ID).Update("doc", row.Doc).Error; err != nil {
					return fmt.Errorf("store regions of %s: %w", row.ID, err)
				}
				ids := make([]string, len(batch[i].Locations))
				for k, l := range batch[i].Locations {
					ids[k] = l.ID
				}
				if len(ids) > 0 {
					if err := tx.Where("location_id IN ?", ids).Delete(&locationRegionRow{}).Error; err != nil {
						return err
					}
				}
				if _, regs := locationRows(batch[i]); len(regs) > 0 {
					if err := tx.CreateInBatches(&regs, 500).Error; err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("re-assign regions after %s changed: %w", set, err)
		}
		for _, p := range batch {
			d.cat.put(p)
		}
	}
	return nil
}

// assignRegionsMany sets the regions of the locations of many providers,
// locating all their points in one pass.
func (d *Directory) assignRegionsMany(ctx context.Context, ps []Provider) error {
	type at struct{ p, l int }
	var pts []orb.Point
	var where []at
	for i := range ps {
		for j, l := range ps[i].Locations {
			ps[i].Locations[j].Regions = []RegionRef{}
			if l.Latitude != nil && l.Longitude != nil {
				pts = append(pts, orb.Point{*l.Longitude, *l.Latitude})
				where = append(where, at{i, j})
			}
		}
	}
	refs, err := d.regions.Locate(ctx, pts)
	if err != nil {
		return err
	}
	for k, w := range where {
		ps[w.p].Locations[w.l].Regions = refs[k]
	}
	return nil
}
