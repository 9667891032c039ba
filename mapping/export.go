package mapping

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
)

// All returns every live provider as u may see it — redacted exactly like
// the API — leaving out those u may not see at all, sorted by ID. It is the
// source of every export. The providers share memory with the catalog:
// callers must not change them. A call that reveals confidential data is
// audited once.
func (d *Directory) All(ctx context.Context, u accounts.User) ([]Provider, error) {
	viewer := ViewerOf(u)
	all := d.cat.all()
	out := make([]Provider, 0, len(all))
	revealed := 0
	for _, p := range all {
		r, visible, rev := Redact(p, viewer)
		if !visible {
			continue
		}
		if rev {
			revealed++
		}
		out = append(out, r)
	}
	if revealed > 0 {
		if err := d.audit.Record(ctx, nil, "provider.export_confidential", "provider", "", map[string]any{"providers": revealed}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Import adds providers in one transaction, all or none, like CreateMany,
// but keeps the IDs they carry — of providers, locations, services and
// channels; empty ones get new IDs — and a non-zero UpdatedAt, so that
// importing an export reproduces it. With dryRun it checks everything and
// writes nothing. It fails with haven.ErrInvalid naming every bad field as
// providers[i].field — an ID already in use, or a country u may not edit,
// included — so that a caller can leave out the providers that fail.
func (d *Directory) Import(ctx context.Context, u accounts.User, ps []Provider, dryRun bool) ([]Provider, error) {
	known, err := d.knownTypes(ctx)
	if err != nil {
		return nil, err
	}
	var all haven.Validation
	now := d.now()
	providerAt := map[string]int{}
	locationAt := map[string]string{} // location ID → its path
	for i := range ps {
		p := &ps[i]
		path := fmt.Sprintf("providers[%d]", i)
		if p.ID == "" {
			p.ID = newID()
		}
		if j, dup := providerAt[p.ID]; dup {
			all.Add(path+".id", fmt.Sprintf("is also the ID of providers[%d]", j))
		}
		providerAt[p.ID] = i
		all.Check(len(p.ID) <= 36, path+".id", "must be at most 36 characters")
		if err := p.check(known); err != nil {
			var he *haven.Error
			if errors.As(err, &he) {
				for _, f := range he.Fields {
					all.Add(path+"."+f.Field, f.Message)
				}
			}
			continue
		}
		for k, l := range p.Locations {
			lp := fmt.Sprintf("%s.locations[%d].id", path, k)
			all.Check(len(l.ID) <= 36, lp, "must be at most 36 characters")
			if other, dup := locationAt[l.ID]; dup {
				all.Add(lp, "is also the ID of "+other)
			}
			locationAt[l.ID] = lp
		}
		if !CanEdit(u, p.Country) {
			all.Add(path+".country", fmt.Sprintf("as %s you may not add providers in %s", u.Role, p.Country))
		}
		if p.UpdatedAt.IsZero() {
			p.UpdatedAt = now
		}
		if p.CreatedAt.IsZero() || p.CreatedAt.After(p.UpdatedAt) {
			p.CreatedAt = p.UpdatedAt
		}
		p.Version = 1
	}
	if err := d.checkIDsFree(ctx, &all, providerAt, locationAt); err != nil {
		return nil, err
	}
	if err := all.Err(); err != nil || dryRun || len(ps) == 0 {
		return ps, err
	}
	if err := d.assignRegionsMany(ctx, d.db, ps); err != nil {
		return nil, err
	}
	if err := d.insertMany(ctx, ps, map[string]any{"ids_kept": true}); err != nil {
		return nil, err
	}
	return ps, nil
}

// checkIDsFree adds a field error for every provider or location ID that is
// stored already, deleted providers included.
func (d *Directory) checkIDsFree(ctx context.Context, v *haven.Validation, providerAt map[string]int, locationAt map[string]string) error {
	taken := func(table string, ids []string) ([]string, error) {
		var out []string
		for start := 0; start < len(ids); start += 500 {
			var batch []string
			err := d.db.WithContext(ctx).Table(table).Where("id IN ?", ids[start:min(start+500, len(ids))]).Pluck("id", &batch).Error
			if err != nil {
				return nil, fmt.Errorf("look up %s: %w", table, err)
			}
			out = append(out, batch...)
		}
		slices.Sort(out)
		return out, nil
	}
	pids := make([]string, 0, len(providerAt))
	for id := range providerAt {
		pids = append(pids, id)
	}
	usedP, err := taken("providers", pids)
	if err != nil {
		return err
	}
	for _, id := range usedP {
		v.Add(fmt.Sprintf("providers[%d].id", providerAt[id]), "is already in use by a stored provider")
	}
	lids := make([]string, 0, len(locationAt))
	for id := range locationAt {
		lids = append(lids, id)
	}
	usedL, err := taken("provider_locations", lids)
	if err != nil {
		return err
	}
	for _, id := range usedL {
		v.Add(locationAt[id], "is already in use by a stored location")
	}
	return nil
}
