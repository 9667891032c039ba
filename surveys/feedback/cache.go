package feedback

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/haven-project/haven/mapping/drafts"
)

// What every response and participant page reads again and again is kept
// in memory: frozen draft versions, which never change, and the areas of a
// test, which change only when boundaries are imported again.
type caches struct {
	versions sync.Map // "draftID/number" → drafts.Version
	areas    sync.Map // test ID → cachedAreas
}

type cachedAreas struct {
	byCode map[string]Area
	list   []Area
	at     time.Time
}

// areaCacheAge bounds how long a test's areas are taken from memory.
const areaCacheAge = 10 * time.Minute

// version returns a frozen draft version.
func (s *Service) version(ctx context.Context, d DraftRef) (drafts.Version, error) {
	key := fmt.Sprintf("%s/%d", d.DraftID, d.Version)
	if v, ok := s.cache.versions.Load(key); ok {
		return v.(drafts.Version), nil
	}
	v, err := s.drafts.Version(ctx, d.DraftID, d.Version)
	if err != nil {
		return drafts.Version{}, err
	}
	s.cache.versions.Store(key, v)
	return v, nil
}

// entries returns every entry of the test's drafts, by provider ID.
func (s *Service) entries(ctx context.Context, t Test) (map[string]Entry, error) {
	out := map[string]Entry{}
	for _, d := range t.Drafts {
		v, err := s.version(ctx, d)
		if err != nil {
			return nil, err
		}
		for _, p := range v.Entries {
			out[p.ID] = entryOf(p)
		}
	}
	return out, nil
}

// areaList returns the areas participants pick from, in import order.
func (s *Service) areaList(ctx context.Context, t Test) ([]Area, error) {
	c, err := s.cachedAreas(ctx, t)
	return c.list, err
}

// areaIndex returns the test's areas by region code.
func (s *Service) areaIndex(ctx context.Context, t Test) (map[string]Area, error) {
	c, err := s.cachedAreas(ctx, t)
	return c.byCode, err
}

func (s *Service) cachedAreas(ctx context.Context, t Test) (cachedAreas, error) {
	if c, ok := s.cache.areas.Load(t.ID); ok && time.Since(c.(cachedAreas).at) < areaCacheAge {
		return c.(cachedAreas), nil
	}
	list, err := s.areas(ctx, t)
	if err != nil {
		return cachedAreas{}, err
	}
	c := cachedAreas{byCode: make(map[string]Area, len(list)), list: list, at: time.Now()}
	for _, a := range list {
		c.byCode[a.Code] = a
	}
	s.cache.areas.Store(t.ID, c)
	return c, nil
}
