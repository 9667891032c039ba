package mapping

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"
	"gorm.io/gorm"
)

// assignRegions sets the regions of every location of p that has a point.
func (d *Directory) assignRegions(ctx context.Context, db *gorm.DB, p *Provider) error {
	ps := []Provider{*p}
	if err := d.assignRegionsMany(ctx, db, ps); err != nil {
		return err
	}
	*p = ps[0]
	return nil
}

// reassignRegions recomputes the regions of every location after a boundary
// set changed. Each batch re-reads its providers locked inside its own
// transaction and changes only their regions, so an edit made meanwhile is
// never overwritten; the version stays (regions are derived, not edited)
// while updated_at moves, so other processes' sync reloads them.
func (d *Directory) reassignRegions(ctx context.Context, set string) error {
	var ids []string
	if err := d.db.WithContext(ctx).Model(&providerRow{}).Where("deleted_at IS NULL").Order("id").Pluck("id", &ids).Error; err != nil {
		return fmt.Errorf("list providers: %w", err)
	}
	for start := 0; start < len(ids); start += 200 {
		var done []Provider
		err := d.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			var rows []providerRow
			if err := forUpdate(tx).Where("id IN ? AND deleted_at IS NULL", ids[start:min(start+200, len(ids))]).Find(&rows).Error; err != nil {
				return fmt.Errorf("read providers: %w", err)
			}
			ps := make([]Provider, len(rows))
			for i, row := range rows {
				p, err := row.provider()
				if err != nil {
					return fmt.Errorf("decode provider %s: %w", row.ID, err)
				}
				ps[i] = p
			}
			if err := d.assignRegionsMany(ctx, tx, ps); err != nil {
				return err
			}
			now := d.now()
			for _, p := range ps {
				row, err := rowOf(p)
				if err != nil {
					return err
				}
				if err := tx.Model(&providerRow{}).Where("id = ?", p.ID).
					Updates(map[string]any{"doc": row.Doc, "updated_at": now}).Error; err != nil {
					return fmt.Errorf("store regions of %s: %w", p.ID, err)
				}
				locIDs := make([]string, len(p.Locations))
				for k, l := range p.Locations {
					locIDs[k] = l.ID
				}
				if len(locIDs) > 0 {
					if err := tx.Where("location_id IN ?", locIDs).Delete(&locationRegionRow{}).Error; err != nil {
						return err
					}
				}
				if _, regs := locationRows(p); len(regs) > 0 {
					if err := tx.CreateInBatches(&regs, 500).Error; err != nil {
						return err
					}
				}
			}
			done = ps
			return nil
		})
		if err != nil {
			return fmt.Errorf("re-assign regions after %s changed: %w", set, err)
		}
		for _, p := range done {
			d.cat.put(p)
		}
	}
	return nil
}

// assignRegionsMany sets the regions of the locations of many providers,
// locating all their points in one pass, reading through db (the caller's
// transaction, if it holds one).
func (d *Directory) assignRegionsMany(ctx context.Context, db *gorm.DB, ps []Provider) error {
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
	refs, err := d.regions.locate(ctx, db, pts)
	if err != nil {
		return err
	}
	for k, w := range where {
		ps[w.p].Locations[w.l].Regions = refs[k]
	}
	return nil
}
