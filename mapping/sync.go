package mapping

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// syncOverlap re-reads changes a little older than the last sync, because a
// transaction that started earlier may commit after a later one: its
// updated_at is then older than what the last sync saw.
const syncOverlap = 10 * time.Second

// Sync keeps the in-memory catalog in step with writes made by other haven
// processes on the same database, checking every interval until ctx ends.
// One process alone needs no Sync: its own writes reach the catalog at once.
func (d *Directory) Sync(ctx context.Context, every time.Duration, log *slog.Logger) {
	since := d.now().Add(-syncOverlap)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		next := d.now()
		if err := d.syncSince(ctx, since); err != nil {
			log.Warn("provider sync failed; will retry", "error", err)
			continue
		}
		since = next.Add(-syncOverlap)
	}
}

func (d *Directory) syncSince(ctx context.Context, since time.Time) error {
	var rows []providerRow
	if err := d.db.WithContext(ctx).Where("updated_at > ?", since).Find(&rows).Error; err != nil {
		return fmt.Errorf("read changed providers: %w", err)
	}
	for _, row := range rows {
		if row.DeletedAt != nil {
			d.cat.remove(row.ID)
			continue
		}
		// Equal versions reload too: a boundary change re-assigns regions
		// without a new version.
		if cur, ok := d.cat.get(row.ID); ok && cur.Version > row.Version {
			continue
		}
		p, err := row.provider()
		if err != nil {
			return fmt.Errorf("decode provider %s: %w", row.ID, err)
		}
		d.cat.put(p)
	}
	return nil
}
