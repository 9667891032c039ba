package mapping

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Directory stores providers and searches them. Every write goes to the
// database in one transaction — the provider, its derived locations and
// regions, its field-by-field history and the audit event — and then to the
// in-memory catalog that answers searches.
type Directory struct {
	db       *gorm.DB
	audit    *audit.Log
	taxonomy *Taxonomy
	regions  *Regions
	cat      *catalog
	now      func() time.Time
}

// NewDirectory loads every provider into memory and returns the directory.
// It also re-assigns locations to regions whenever a boundary set changes.
func NewDirectory(ctx context.Context, db *gorm.DB, log *audit.Log, tax *Taxonomy, regions *Regions) (*Directory, error) {
	d := &Directory{db: db, audit: log, taxonomy: tax, regions: regions, cat: newCatalog(),
		now: func() time.Time { return time.Now().UTC() }}
	if err := d.reload(ctx); err != nil {
		return nil, err
	}
	regions.afterImport = append(regions.afterImport, d.reassignRegions)
	return d, nil
}

// CanEdit reports whether u may change providers of country: admins
// anywhere, editors in their countries. Every write path checks it.
func CanEdit(u accounts.User, country string) bool {
	switch u.Role {
	case accounts.RoleAdmin:
		return true
	case accounts.RoleEditor:
		return u.InCountry(country)
	}
	return false
}

func forbiddenCountry(u accounts.User, country string) error {
	return haven.Errorf(haven.KindForbidden, "as %s for %s you may not edit providers in %s",
		u.Role, strings.Join(u.Countries, ", "), country)
}

// Create adds a provider and returns it as u may see it. It fails with haven.ErrInvalid listing every bad
// field, or haven.ErrForbidden when u may not edit in the provider's country.
func (d *Directory) Create(ctx context.Context, u accounts.User, p Provider) (Provider, error) {
	known, err := d.knownTypes(ctx)
	if err != nil {
		return Provider{}, err
	}
	p.ID = newID()
	if err := p.check(known); err != nil {
		return Provider{}, err
	}
	if !CanEdit(u, p.Country) {
		return Provider{}, forbiddenCountry(u, p.Country)
	}
	if err := d.assignRegions(ctx, d.db, &p); err != nil {
		return Provider{}, err
	}
	now := d.now()
	stampCapacity(Provider{}, &p, now)
	p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now
	err = d.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := d.write(ctx, tx, p, true); err != nil {
			return err
		}
		changes, err := diff(Provider{}, p)
		if err != nil {
			return err
		}
		if err := d.recordChanges(ctx, tx, p, changes); err != nil {
			return err
		}
		// No name in the detail: the audit log is read by admins without
		// the confidential right, and a hidden provider's name is confidential.
		return d.audit.Record(ctx, tx, "provider.create", "provider", p.ID, map[string]any{"country": p.Country})
	})
	if err != nil {
		return Provider{}, err
	}
	d.cat.put(p)
	return visibleTo(p, u), nil
}

// visibleTo is what u may see of p just written by u: the redacted entry,
// or — when all its places are hidden from u — its identity only, so the
// writer learns where it went without seeing what they may not.
func visibleTo(p Provider, u accounts.User) Provider {
	out, visible, _ := Redact(p, ViewerOf(u))
	if !visible {
		return Provider{ID: p.ID, Name: p.Name, Country: p.Country, Version: p.Version, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
			Locations: []Location{}, Services: []Service{}, Channels: []Channel{}}
	}
	return out
}

// Patch changes the top-level fields named in patch and returns the
// provider as u may see it (a JSON object: a field
// present replaces that field; absent fields stay). ifVersion, when not
// zero, must be the provider's current version, else haven.ErrPreconditionFailed.
// A user without the confidential right cannot see, and so cannot change,
// non-public locations and channels: they are kept as stored.
func (d *Directory) Patch(ctx context.Context, u accounts.User, id string, ifVersion int, patch map[string]json.RawMessage) (Provider, error) {
	p, err := d.patch(ctx, u, id, ifVersion, patch)
	if err != nil {
		return Provider{}, err
	}
	return visibleTo(p, u), nil
}

func (d *Directory) patch(ctx context.Context, u accounts.User, id string, ifVersion int, patch map[string]json.RawMessage) (Provider, error) {
	var v haven.Validation
	for key := range patch {
		v.Check(slices.Contains(patchableFields, key), key, "is not a field that can be changed; change one of: "+strings.Join(patchableFields, ", "))
	}
	if err := v.Err(); err != nil {
		return Provider{}, err
	}
	return d.update(ctx, u, id, ifVersion, "provider.update", func(p *Provider) error {
		stored := *p
		doc, err := json.Marshal(p)
		if err != nil {
			return err
		}
		var merged map[string]json.RawMessage
		if err := json.Unmarshal(doc, &merged); err != nil {
			return err
		}
		for k, raw := range patch {
			merged[k] = raw
		}
		doc, _ = json.Marshal(merged)
		var next Provider
		dec := json.NewDecoder(strings.NewReader(string(doc)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&next); err != nil {
			return haven.Errorf(haven.KindInvalid, "a field has the wrong shape: %s", plainJSONError(err))
		}
		if !ViewerOf(u).Confidential {
			keepConfidential(stored, &next)
		}
		*p = next
		return nil
	})
}

// patchableFields are the provider fields a patch may set.
var patchableFields = []string{"name", "org_type", "description", "website", "email", "country", "status",
	"locations", "services", "channels", "translations", "verification", "provenance"}

// keepConfidential restores, in next, exactly what Redact withheld from a
// user without the confidential right — non-public locations, channels
// that are non-public or belong to hidden locations, services offered only
// at hidden locations, and hidden locations in the lists of mixed services —
// since such a user could neither see nor deliberately change them.
func keepConfidential(stored Provider, next *Provider) {
	secret, hidden := map[string]bool{}, map[string]bool{}
	for _, l := range stored.Locations {
		if l.Tier != TierPublic {
			secret[l.ID] = true
		}
		if l.Tier == TierHidden {
			hidden[l.ID] = true
		}
	}
	next.Locations = slices.DeleteFunc(next.Locations, func(l Location) bool { return secret[l.ID] })
	for _, l := range stored.Locations {
		if secret[l.ID] {
			next.Locations = append(next.Locations, l)
		}
	}
	withheld := func(c Channel) bool { return c.Tier != TierPublic || hidden[c.LocationID] }
	storedWithheld := map[string]bool{}
	for _, c := range stored.Channels {
		if withheld(c) {
			storedWithheld[c.ID] = true
		}
	}
	next.Channels = slices.DeleteFunc(next.Channels, func(c Channel) bool { return storedWithheld[c.ID] })
	for _, c := range stored.Channels {
		if storedWithheld[c.ID] {
			next.Channels = append(next.Channels, c)
		}
	}
	inNext := map[string]int{}
	for i, s := range next.Services {
		inNext[s.ID] = i
	}
	for _, s := range stored.Services {
		var hiddenIDs []string
		for _, id := range s.LocationIDs {
			if hidden[id] {
				hiddenIDs = append(hiddenIDs, id)
			}
		}
		if len(hiddenIDs) == 0 {
			continue
		}
		i, ok := inNext[s.ID]
		switch {
		case !ok && len(hiddenIDs) == len(s.LocationIDs):
			next.Services = append(next.Services, s) // offered only where the user cannot see
		case ok && len(next.Services[i].LocationIDs) > 0:
			for _, id := range hiddenIDs {
				if !slices.Contains(next.Services[i].LocationIDs, id) {
					next.Services[i].LocationIDs = append(slices.Clone(next.Services[i].LocationIDs), id)
				}
			}
		}
	}
}

// update runs change on the stored provider inside one transaction, checks
// the result, and stores it with its history.
func (d *Directory) update(ctx context.Context, u accounts.User, id string, ifVersion int, action string, change func(*Provider) error) (Provider, error) {
	known, err := d.knownTypes(ctx)
	if err != nil {
		return Provider{}, err
	}
	var out Provider
	err = d.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		before, err := d.load(ctx, tx, id, u)
		if err != nil {
			return err
		}
		if ifVersion != 0 && ifVersion != before.Version {
			return haven.Errorf(haven.KindPreconditionFailed,
				"the provider changed since you read it (now version %d, you had %d); reload and apply your change again", before.Version, ifVersion)
		}
		if !CanEdit(u, before.Country) {
			return forbiddenCountry(u, before.Country)
		}
		after := before
		after.Locations = slices.Clone(before.Locations)
		after.Services = slices.Clone(before.Services)
		after.Channels = slices.Clone(before.Channels)
		if err := change(&after); err != nil {
			return err
		}
		after.ID, after.CreatedAt = before.ID, before.CreatedAt
		if err := after.check(known); err != nil {
			return err
		}
		if !CanEdit(u, after.Country) {
			return forbiddenCountry(u, after.Country)
		}
		if err := d.assignRegions(ctx, tx, &after); err != nil {
			return err
		}
		now := d.now()
		stampCapacity(before, &after, now)
		changes, err := diff(before, after)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			out = before
			return nil
		}
		after.Version, after.UpdatedAt = before.Version+1, now
		if err := d.write(ctx, tx, after, false); err != nil {
			return err
		}
		if err := d.recordChanges(ctx, tx, after, changes); err != nil {
			return err
		}
		fields := make([]string, len(changes))
		for i, c := range changes {
			fields[i] = c.Field
		}
		out = after
		return d.audit.Record(ctx, tx, action, "provider", id, map[string]any{"version": after.Version, "fields": fields})
	})
	if err != nil {
		return Provider{}, err
	}
	d.cat.put(out)
	return out, nil
}

// Delete removes a provider softly: it leaves every output, but its row and
// history stay. It fails like Patch.
func (d *Directory) Delete(ctx context.Context, u accounts.User, id string, ifVersion int) error {
	err := d.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		p, err := d.load(ctx, tx, id, u)
		if err != nil {
			return err
		}
		if ifVersion != 0 && ifVersion != p.Version {
			return haven.Errorf(haven.KindPreconditionFailed, "the provider changed since you read it; reload it first")
		}
		if !CanEdit(u, p.Country) {
			return forbiddenCountry(u, p.Country)
		}
		now := d.now()
		if err := tx.Model(&providerRow{}).Where("id = ?", id).
			Updates(map[string]any{"deleted_at": now, "updated_at": now, "version": p.Version + 1}).Error; err != nil {
			return fmt.Errorf("delete provider: %w", err)
		}
		p.Version, p.UpdatedAt = p.Version+1, now
		if err := d.recordChanges(ctx, tx, p, []Change{{Field: "deleted", Old: "false", New: "true"}}); err != nil {
			return err
		}
		return d.audit.Record(ctx, tx, "provider.delete", "provider", id, nil)
	})
	if err != nil {
		return err
	}
	d.cat.remove(id)
	return nil
}

// Provider returns what viewer u may see of one provider, auditing a read
// of confidential data. It fails with haven.ErrNotFound — also for a
// provider the viewer may not see at all, so its existence does not leak.
func (d *Directory) Provider(ctx context.Context, u accounts.User, id string) (Provider, error) {
	p, ok := d.cat.get(id)
	if !ok {
		return Provider{}, errNoProvider
	}
	out, visible, revealed := Redact(p, ViewerOf(u))
	if !visible {
		return Provider{}, errNoProvider
	}
	if revealed {
		if err := d.audit.Record(ctx, nil, "provider.read_confidential", "provider", id, nil); err != nil {
			return Provider{}, err
		}
	}
	return out, nil
}

var errNoProvider = haven.Errorf(haven.KindNotFound, "no such provider")

// History returns every change of a provider, newest first, as far as u may see.
func (d *Directory) History(ctx context.Context, u accounts.User, id string) ([]Change, error) {
	if _, err := d.Provider(ctx, u, id); err != nil {
		return nil, err
	}
	full, _ := d.cat.get(id)
	var rows []changeRow
	if err := d.db.WithContext(ctx).Where("provider_id = ?", id).Order("id DESC").Limit(5000).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	viewer := ViewerOf(u)
	out := make([]Change, 0, len(rows))
	for _, r := range rows {
		c := Change{Version: r.Version, At: r.At, ActorEmail: r.ActorEmail, Field: r.Field, Old: r.OldValue, New: r.NewValue}
		if !viewer.Confidential {
			var ok bool
			if c, ok = redactChange(full, c); !ok {
				continue
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// forUpdate locks the rows a write transaction reads, so that two writers
// with the same If-Match cannot both pass: on PostgreSQL with FOR UPDATE;
// SQLite runs write transactions one at a time already (_txlock=immediate).
func forUpdate(tx *gorm.DB) *gorm.DB {
	if tx.Dialector.Name() == "postgres" {
		return tx.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	return tx
}

// load reads a live provider for writing. It fails with haven.ErrNotFound,
// also when u could not see it.
func (d *Directory) load(ctx context.Context, tx *gorm.DB, id string, u accounts.User) (Provider, error) {
	var row providerRow
	err := forUpdate(tx.WithContext(ctx)).Where("id = ? AND deleted_at IS NULL", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Provider{}, errNoProvider
	}
	if err != nil {
		return Provider{}, fmt.Errorf("read provider: %w", err)
	}
	p, err := row.provider()
	if err != nil {
		return Provider{}, fmt.Errorf("decode provider %s: %w", id, err)
	}
	if _, visible, _ := Redact(p, ViewerOf(u)); !visible {
		return Provider{}, errNoProvider
	}
	return p, nil
}

// write stores p's row and replaces its derived locations and regions.
func (d *Directory) write(ctx context.Context, tx *gorm.DB, p Provider, create bool) error {
	row, err := rowOf(p)
	if err != nil {
		return err
	}
	if create {
		err = tx.Create(&row).Error
	} else {
		err = tx.Model(&providerRow{}).Where("id = ?", p.ID).Select("*").Omit("created_at", "deleted_at").Updates(&row).Error
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return haven.Errorf(haven.KindConflict, "another provider was made from the same %s already", p.Provenance.Kind)
	}
	if err != nil {
		return fmt.Errorf("store provider: %w", err)
	}
	if err := tx.Where("provider_id = ?", p.ID).Delete(&locationRow{}).Error; err != nil {
		return fmt.Errorf("replace locations: %w", err)
	}
	locs, regs := locationRows(p)
	if err := checkLocationIDsFree(tx, p.ID, locs); err != nil {
		return err
	}
	if len(locs) > 0 {
		if err := tx.Create(&locs).Error; err != nil {
			return fmt.Errorf("store locations: %w", err)
		}
	}
	if len(regs) > 0 {
		if err := tx.CreateInBatches(&regs, 500).Error; err != nil {
			return fmt.Errorf("store location regions: %w", err)
		}
	}
	return nil
}

// checkLocationIDsFree refuses location IDs another provider uses (deleted
// ones included: their rows stay), as a conflict on the field, not a
// database error.
func checkLocationIDsFree(tx *gorm.DB, providerID string, locs []locationRow) error {
	if len(locs) == 0 {
		return nil
	}
	ids := make([]string, len(locs))
	for i, l := range locs {
		ids[i] = l.ID
	}
	var taken []string
	// In chunks: SQLite takes at most 32,766 parameters in one statement.
	for start := 0; start < len(ids); start += 1000 {
		var batch []string
		if err := tx.Model(&locationRow{}).Where("id IN ? AND provider_id <> ?", ids[start:min(start+1000, len(ids))], providerID).
			Pluck("id", &batch).Error; err != nil {
			return fmt.Errorf("check location IDs: %w", err)
		}
		taken = append(taken, batch...)
	}
	if len(taken) == 0 {
		return nil
	}
	var v haven.Validation
	for i, id := range ids {
		if slices.Contains(taken, id) {
			v.Add(fmt.Sprintf("locations[%d].id", i), "is the ID of another provider's location; leave it empty for a new one")
		}
	}
	he := v.Err().(*haven.Error)
	he.Kind = haven.KindConflict
	return he
}

func (d *Directory) recordChanges(ctx context.Context, tx *gorm.DB, p Provider, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	actor := audit.ActorFrom(ctx)
	rows := make([]changeRow, len(changes))
	for i, c := range changes {
		rows[i] = changeRow{ProviderID: p.ID, Version: p.Version, At: p.UpdatedAt, ActorID: actor.ID, ActorEmail: actor.Email,
			Field: c.Field, OldValue: c.Old, NewValue: c.New}
	}
	if err := tx.CreateInBatches(&rows, 500).Error; err != nil {
		return fmt.Errorf("record history: %w", err)
	}
	return nil
}

func (d *Directory) knownTypes(ctx context.Context) (map[string]bool, error) {
	terms, err := d.taxonomy.Terms(ctx)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(terms))
	for _, t := range terms {
		known[t.Code] = true
	}
	return known, nil
}

// reload reads every live provider into a fresh catalog.
func (d *Directory) reload(ctx context.Context) error {
	cat := newCatalog()
	var batch []providerRow
	err := d.db.WithContext(ctx).Where("deleted_at IS NULL").FindInBatches(&batch, 2000, func(tx *gorm.DB, _ int) error {
		for _, row := range batch {
			p, err := row.provider()
			if err != nil {
				return fmt.Errorf("decode provider %s: %w", row.ID, err)
			}
			cat.put(p)
		}
		return nil
	}).Error
	if err != nil {
		return fmt.Errorf("load providers: %w", err)
	}
	d.cat = cat
	return nil
}

// CreateMany adds providers all at once, in one transaction: all or none.
// Problems are reported per provider, as a field path prefixed with its
// position (providers[12].services[0].type). It is the path of bulk imports.
func (d *Directory) CreateMany(ctx context.Context, u accounts.User, ps []Provider) ([]Provider, error) {
	known, err := d.knownTypes(ctx)
	if err != nil {
		return nil, err
	}
	var all haven.Validation
	now := d.now()
	for i := range ps {
		p := &ps[i]
		p.ID = newID()
		if err := p.check(known); err != nil {
			var he *haven.Error
			if errors.As(err, &he) {
				for _, f := range he.Fields {
					all.Add(fmt.Sprintf("providers[%d].%s", i, f.Field), f.Message)
				}
			}
			continue
		}
		if !CanEdit(u, p.Country) {
			all.Add(fmt.Sprintf("providers[%d].country", i), fmt.Sprintf("as %s you may not add providers in %s", u.Role, p.Country))
		}
		p.Version, p.CreatedAt, p.UpdatedAt = 1, now, now
	}
	if err := all.Err(); err != nil {
		return nil, err
	}
	if err := d.assignRegionsMany(ctx, d.db, ps); err != nil {
		return nil, err
	}
	if err := d.insertMany(ctx, ps, nil); err != nil {
		return nil, err
	}
	return ps, nil
}

// insertMany stores new providers in one transaction — rows, locations,
// regions, a "created" history entry each and one audit event naming them
// all — then adds them to the catalog. detail adds to the audit event.
func (d *Directory) insertMany(ctx context.Context, ps []Provider, detail map[string]any) error {
	now := d.now()
	err := d.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		rows := make([]providerRow, len(ps))
		changes := make([]changeRow, len(ps))
		ids := make([]string, len(ps))
		var locs []locationRow
		var regs []locationRegionRow
		actor := audit.ActorFrom(ctx)
		for i, p := range ps {
			row, err := rowOf(p)
			if err != nil {
				return err
			}
			row.UpdatedAt = now // other processes' sync looks for recent rows
			rows[i], ids[i] = row, p.ID
			// One entry per provider, not one per field: a bulk load of
			// thousands would otherwise write tens of thousands of rows.
			changes[i] = changeRow{ProviderID: p.ID, Version: p.Version, At: now, ActorID: actor.ID, ActorEmail: actor.Email,
				Field: "created", NewValue: p.Provenance.Kind}
			l, r := locationRows(p)
			locs, regs = append(locs, l...), append(regs, r...)
		}
		if err := checkLocationIDsFree(tx, "", locs); err != nil {
			return err
		}
		for _, batch := range []struct {
			what  string
			value any
			n     int
		}{{"providers", rows, len(rows)}, {"locations", locs, len(locs)}, {"location regions", regs, len(regs)}, {"history", changes, len(changes)}} {
			if batch.n == 0 {
				continue
			}
			if err := tx.CreateInBatches(batch.value, 500).Error; err != nil {
				return fmt.Errorf("store %s: %w", batch.what, err)
			}
		}
		event := map[string]any{"count": len(ps), "provider_ids": ids}
		for k, v := range detail {
			event[k] = v
		}
		return d.audit.Record(ctx, tx, "provider.import", "provider", "", event)
	})
	if err != nil {
		return err
	}
	for _, p := range ps {
		d.cat.put(p)
	}
	return nil
}

// stampCapacity dates each service's capacity when its numbers change and
// the writer gave no date of its own, so "3 beds free" always says when.
func stampCapacity(before Provider, after *Provider, now time.Time) {
	old := map[string]*Capacity{}
	for _, s := range before.Services {
		old[s.ID] = s.Capacity
	}
	for i := range after.Services {
		c := after.Services[i].Capacity
		if c == nil {
			continue
		}
		prev := old[after.Services[i].ID]
		numbersChanged := prev == nil || !equalInt(prev.Total, c.Total) || !equalInt(prev.Available, c.Available)
		dateGiven := c.UpdatedAt != nil && (prev == nil || prev.UpdatedAt == nil || !c.UpdatedAt.Equal(*prev.UpdatedAt))
		if numbersChanged && !dateGiven {
			stamped := *c
			stamped.UpdatedAt = &now
			after.Services[i].Capacity = &stamped
		}
	}
}

func equalInt(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }
