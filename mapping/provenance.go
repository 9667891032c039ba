package mapping

import (
	"context"
	"fmt"
)

// ProviderByProvenance returns the live provider that came from kind and
// ref (a survey submission's ID, say), unredacted, and whether there is
// one: how a retried write finds the entry an earlier attempt created. It
// reads the database, not the in-memory catalog, so it also sees what
// other processes wrote. The caller redacts before showing it to anyone.
func (d *Directory) ProviderByProvenance(ctx context.Context, kind, ref string) (Provider, bool, error) {
	if ref == "" {
		return Provider{}, false, nil
	}
	if ref := sourceRef(Provenance{Kind: kind, Ref: ref}); ref != "" {
		var rows []providerRow
		if err := d.db.WithContext(ctx).Where("deleted_at IS NULL AND source_ref = ?", ref).Limit(1).Find(&rows).Error; err != nil {
			return Provider{}, false, fmt.Errorf("look up provider by provenance: %w", err)
		}
		if len(rows) == 0 {
			return Provider{}, false, nil
		}
		p, err := rows[0].provider()
		return p, err == nil, err
	}
	// Other provenances are not indexed: narrow by text, then compare exactly.
	var rows []providerRow
	if err := d.db.WithContext(ctx).Where("deleted_at IS NULL AND doc LIKE ?", "%"+ref+"%").
		Order("created_at, id").Limit(100).Find(&rows).Error; err != nil {
		return Provider{}, false, fmt.Errorf("look up provider by provenance: %w", err)
	}
	for _, r := range rows {
		p, err := r.provider()
		if err != nil {
			return Provider{}, false, fmt.Errorf("decode provider %s: %w", r.ID, err)
		}
		if p.Provenance.Kind == kind && p.Provenance.Ref == ref {
			return p, true, nil
		}
	}
	return Provider{}, false, nil
}
