package mapping

import (
	"context"
	"fmt"
	"slices"

	"gorm.io/gorm"
)

// Stricter returns the stricter of two tiers (public < region_only <
// hidden). "" stands for no tier and gives way to the other; a value that
// is not a tier counts as hidden, so that a mistake never shows a place.
func Stricter(a, b Tier) Tier {
	rank := func(t Tier) int {
		if t == "" {
			return -1
		}
		if i := slices.Index(Tiers, t); i >= 0 {
			return i
		}
		return len(Tiers) - 1
	}
	ra, rb := rank(a), rank(b)
	switch {
	case ra < 0 && rb < 0:
		return ""
	case ra >= rb:
		return Tiers[ra]
	}
	return Tiers[rb]
}

// StrictestTiers returns, for each provider among ids that has places, the
// strictest tier of its places, read from the database (deleted providers
// too: their rows stay, and a place once secret stays secret). It takes a
// *gorm.DB so that code reading submissions in bulk can call it on its own
// handle; it reads at most 1,000 IDs per query.
func StrictestTiers(ctx context.Context, db *gorm.DB, ids []string) (map[string]Tier, error) {
	out := map[string]Tier{}
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for start := 0; start < len(ids); start += 1000 {
		var rows []locationRow
		if err := db.WithContext(ctx).Select("provider_id, tier").
			Where("provider_id IN ?", ids[start:min(start+1000, len(ids))]).Find(&rows).Error; err != nil {
			return nil, fmt.Errorf("read place tiers: %w", err)
		}
		for _, r := range rows {
			out[r.ProviderID] = Stricter(out[r.ProviderID], Tier(r.Tier))
		}
	}
	return out, nil
}

// StrictestTiers is the package's StrictestTiers on the directory's database.
func (d *Directory) StrictestTiers(ctx context.Context, ids []string) (map[string]Tier, error) {
	return StrictestTiers(ctx, d.db, ids)
}
