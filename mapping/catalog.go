package mapping

import (
	"slices"
	"strings"
	"sync"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// catalog holds every live provider in memory for search: the providers,
// what each non-privileged viewer may see of them, and a spatial index of
// located locations. It follows every write of this process; Sync brings in
// the writes of others.
type catalog struct {
	mu     sync.RWMutex
	byID   map[string]*entry
	points *spatial.PointIndex[locRef] // location ID → point, and its provider
}

// locRef points from the spatial index straight to a location of an entry,
// so matching a point needs no lookup.
type locRef struct {
	e   *entry
	loc int // index in e.full.Locations
}

// entry is one provider prepared for matching.
type entry struct {
	full Provider
	// public is Redact(full, no right) when that differs from full; nil
	// when the provider holds nothing confidential, as most do.
	public        *Provider
	publicVisible bool
	fullText      string // lower-cased searchable text
	publicText    string // the same, of what the public view shows
	sortName      string
}

// publicView is what a viewer without the confidential right may see.
func (e *entry) publicView() *Provider {
	if e.public != nil {
		return e.public
	}
	return &e.full
}

func newCatalog() *catalog {
	return &catalog{byID: map[string]*entry{}, points: spatial.NewPointIndex[locRef]()}
}

func newEntry(p Provider) *entry {
	e := &entry{full: p, sortName: strings.ToLower(p.Name), fullText: searchText(p), publicVisible: true}
	if hasConfidential(p) {
		pub, visible, _ := Redact(p, Viewer{})
		e.public, e.publicVisible, e.publicText = &pub, visible, searchText(pub)
	} else {
		e.publicText = e.fullText
	}
	return e
}

// searchText gathers the text a free-text search looks in, in every language.
func searchText(p Provider) string {
	var b strings.Builder
	add := func(s string) {
		if s != "" {
			b.WriteString(strings.ToLower(s))
			b.WriteByte('\n')
		}
	}
	add(p.Name)
	add(p.Description)
	for _, t := range p.Translations {
		add(t.Name)
		add(t.Description)
	}
	for _, l := range p.Locations {
		add(l.Name)
		if a := l.Address; a != nil {
			add(a.Line1)
			add(a.Line2)
			add(a.City)
			add(a.Province)
		}
		for _, r := range l.Regions {
			add(r.Name)
		}
	}
	for _, s := range p.Services {
		add(s.Description)
		for _, t := range s.Translations {
			add(t.Description)
		}
	}
	return b.String()
}

func (c *catalog) put(p Provider) {
	e := newEntry(p)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removeLocked(p.ID)
	c.byID[p.ID] = e
	for i, l := range p.Locations {
		if l.Latitude != nil && l.Longitude != nil {
			// check() guarantees a valid point and removeLocked a fresh ID,
			// the only two reasons Insert can refuse.
			_ = c.points.Insert(l.ID, orb.Point{*l.Longitude, *l.Latitude}, locRef{e, i})
		}
	}
}

func (c *catalog) remove(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.removeLocked(id)
}

func (c *catalog) removeLocked(id string) {
	old, ok := c.byID[id]
	if !ok {
		return
	}
	for _, l := range old.full.Locations {
		c.points.Remove(l.ID)
	}
	delete(c.byID, id)
}

func (c *catalog) get(id string) (Provider, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	e, ok := c.byID[id]
	if !ok {
		return Provider{}, false
	}
	return e.full, true
}

// all returns every provider, unredacted, ordered by ID.
func (c *catalog) all() []Provider {
	c.mu.RLock()
	out := make([]Provider, 0, len(c.byID))
	for _, e := range c.byID {
		out = append(out, e.full)
	}
	c.mu.RUnlock()
	slices.SortFunc(out, func(a, b Provider) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func (c *catalog) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.byID)
}
