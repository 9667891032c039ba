package mapping

import (
	"cmp"
	"context"
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/paulmach/orb"
)

// Query filters a provider search. Zero fields do not filter. A provider
// matches when it has one service that meets every service filter (type,
// eligibility, language) and one location that meets every place filter.
type Query struct {
	Services        []string // taxonomy codes; sub-terms included
	Region          string   // region code at any level of any set
	Near            *orb.Point
	RadiusKm        float64 // with Near; default 50
	Languages       []string
	Gender          string // female, male
	Age             *int
	LegalStatus     string
	TraffickingForm string
	Verification    string // unverified, verified, needs_update
	Country         string
	Text            string
	Cursor          string
	Limit           int
}

// Hit is one provider found, as far as the viewer may see it.
type Hit struct {
	Provider
	// DistanceKm is the great-circle distance from Near to the nearest
	// location the viewer may see; nil without Near.
	DistanceKm *float64 `json:"distance_km,omitempty"`
}

// maxRadiusKm bounds a near search: the region is large, but a search wider
// than this is a listing, not a search near someone.
const maxRadiusKm = 2000

// resolved is a Query checked and prepared for matching.
type resolved struct {
	Query
	types map[string]bool
	text  string
}

func (d *Directory) resolve(ctx context.Context, q Query) (resolved, error) {
	var v haven.Validation
	r := resolved{Query: q, text: strings.ToLower(strings.TrimSpace(q.Text))}
	r.Languages = slices.Clone(q.Languages)
	if len(q.Services) > 0 {
		terms, err := d.taxonomy.Terms(ctx)
		if err != nil {
			return r, err
		}
		codes, err := Expand(terms, q.Services)
		if err != nil {
			return r, err
		}
		r.types = map[string]bool{}
		for _, c := range codes {
			r.types[c] = true
		}
	}
	if q.Near != nil {
		lon, lat := q.Near[0], q.Near[1]
		v.Check(!math.IsNaN(lat) && lat >= -90 && lat <= 90 && !math.IsNaN(lon) && lon >= -180 && lon <= 180,
			"near", "must be LAT,LON with latitude -90..90 and longitude -180..180")
		if r.RadiusKm == 0 {
			r.RadiusKm = 50
		}
		v.Check(r.RadiusKm > 0 && r.RadiusKm <= maxRadiusKm, "radius_km", fmt.Sprintf("must be more than 0 and at most %d", maxRadiusKm))
	} else if q.RadiusKm != 0 {
		v.Add("radius_km", "goes with near=LAT,LON")
	}
	if q.Gender != "" {
		oneOf(&v, "gender", q.Gender, Genders)
	}
	if q.Age != nil {
		v.Check(*q.Age >= 0 && *q.Age <= 120, "age", "must be from 0 to 120")
	}
	if q.LegalStatus != "" {
		oneOf(&v, "legal_status", q.LegalStatus, LegalStatuses)
	}
	if q.TraffickingForm != "" {
		oneOf(&v, "trafficking_form", q.TraffickingForm, TraffickingForms)
	}
	if q.Verification != "" {
		oneOf(&v, "verification", q.Verification, VerificationStates)
	}
	if q.Country != "" {
		r.Country = strings.ToUpper(q.Country)
		v.Check(accounts.IsCountryCode(r.Country), "country", "must be an ISO 3166-1 alpha-2 code")
	}
	for i, l := range q.Languages {
		r.Languages[i] = strings.ToLower(strings.TrimSpace(l))
		v.Check(isoLanguage.MatchString(r.Languages[i]), "language", fmt.Sprintf("%q is not an ISO 639 code such as th", l))
	}
	v.Check(r.Limit >= 0 && r.Limit <= 500, "limit", "must be a whole number from 1 to 500")
	if r.Limit == 0 {
		r.Limit = 50
	}
	return r, v.Err()
}

// Search finds providers. With Near it returns them nearest first (ties by
// ID), else by name. Without the confidential right, a viewer's search sees
// only what Redact leaves: distances come from public locations only, so no
// answer can be used to triangulate a confidential place.
func (d *Directory) Search(ctx context.Context, u accounts.User, q Query) ([]Hit, string, error) {
	r, err := d.resolve(ctx, q)
	if err != nil {
		return nil, "", err
	}
	after, err := decodeCursor(r.Cursor)
	if err != nil {
		return nil, "", err
	}
	viewer := ViewerOf(u)
	hits := d.cat.search(r, viewer)
	start := 0
	if after != nil {
		start = sort.Search(len(hits), func(i int) bool { return after.less(hits[i].key) })
	}
	page := hits[start:min(start+r.Limit, len(hits))]
	next := ""
	if start+r.Limit < len(hits) {
		next = encodeCursor(page[len(page)-1].key)
	}
	out := make([]Hit, len(page))
	var revealed []string
	for i, h := range page {
		p, _, rev := Redact(h.entry.full, viewer)
		out[i] = Hit{Provider: p, DistanceKm: h.distance}
		if rev {
			revealed = append(revealed, p.ID)
		}
	}
	if len(revealed) > 0 {
		if err := d.audit.Record(ctx, nil, "provider.read_confidential", "provider", "",
			map[string]any{"provider_ids": revealed, "via": "search"}); err != nil {
			return nil, "", err
		}
	}
	return out, next, nil
}

type sortedHit struct {
	entry    *entry
	distance *float64
	key      sortKey
}

// sortKey orders results: by distance (near searches) or name, then ID.
type sortKey struct {
	Distance float64
	Name     string
	ID       string
}

func (k sortKey) compareTo(o sortKey) int {
	return cmp.Or(cmp.Compare(k.Distance, o.Distance), strings.Compare(k.Name, o.Name), strings.Compare(k.ID, o.ID))
}

func (k sortKey) less(o sortKey) bool { return k.compareTo(o) < 0 }

func encodeCursor(k sortKey) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatFloat(k.Distance, 'g', -1, 64) + "\x00" + k.Name + "\x00" + k.ID))
}

func decodeCursor(s string) (*sortKey, error) {
	if s == "" {
		return nil, nil
	}
	bad := &haven.Error{Kind: haven.KindInvalid, Message: "invalid cursor",
		Fields: []haven.FieldError{{Field: "cursor", Message: "pass back the value of next from the previous page"}}}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	parts := strings.SplitN(string(raw), "\x00", 3)
	if len(parts) != 3 {
		return nil, bad
	}
	d, err := strconv.ParseFloat(parts[0], 64)
	if err != nil {
		return nil, bad
	}
	return &sortKey{Distance: d, Name: parts[1], ID: parts[2]}, nil
}

// search returns every match in result order.
func (c *catalog) search(q resolved, v Viewer) []sortedHit {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var hits []sortedHit
	if q.Near != nil {
		best := map[*entry]float64{}
		for _, h := range c.points.Near(*q.Near, q.RadiusKm, func(_ string, r locRef) bool {
			return q.matches(r.e, v, &r.e.full.Locations[r.loc])
		}) {
			e := h.Value.e
			if d, ok := best[e]; !ok || h.DistanceKm < d {
				best[e] = h.DistanceKm
			}
		}
		hits = make([]sortedHit, 0, len(best))
		for e, d := range best {
			km := math.Round(d*1000) / 1000
			hits = append(hits, sortedHit{entry: e, distance: &km, key: sortKey{Distance: km, ID: e.full.ID}})
		}
	} else {
		for _, e := range c.byID {
			if q.matches(e, v, nil) {
				hits = append(hits, sortedHit{entry: e, key: sortKey{Name: e.sortName, ID: e.full.ID}})
			}
		}
	}
	slices.SortFunc(hits, func(a, b sortedHit) int { return a.key.compareTo(b.key) })
	return hits
}

// matches reports whether e matches q for viewer v. With at set (a
// location of e.full), the place filters and the service must hold at that
// location, which must be one v may locate: public, or any with the
// confidential right.
func (q *resolved) matches(e *entry, v Viewer, at *Location) bool {
	if at != nil && !v.Confidential && at.Tier != TierPublic {
		return false
	}
	p, text := &e.full, e.fullText
	if !v.Confidential {
		if !e.publicVisible {
			return false
		}
		p, text = e.publicView(), e.publicText
	}
	if q.Country != "" && p.Country != q.Country {
		return false
	}
	if q.Verification != "" && p.Verification.Status != q.Verification {
		return false
	}
	if q.text != "" && !strings.Contains(text, q.text) {
		return false
	}
	if q.Region != "" && !q.inRegion(p, at) {
		return false
	}
	atID := ""
	if at != nil {
		atID = at.ID
	}
	for i := range p.Services {
		if q.serviceMatches(&p.Services[i], atID) {
			return true
		}
	}
	return false
}

// inRegion reports whether the location at (or, when nil, any location of
// p) lies in the queried region.
func (q *resolved) inRegion(p *Provider, at *Location) bool {
	if at != nil {
		return slices.ContainsFunc(at.Regions, func(r RegionRef) bool { return r.Code == q.Region })
	}
	for _, l := range p.Locations {
		if slices.ContainsFunc(l.Regions, func(r RegionRef) bool { return r.Code == q.Region }) {
			return true
		}
	}
	return false
}

func (q *resolved) serviceMatches(s *Service, atLocation string) bool {
	if q.types != nil && !q.types[s.Type] {
		return false
	}
	if atLocation != "" && len(s.LocationIDs) > 0 && !slices.Contains(s.LocationIDs, atLocation) {
		return false
	}
	e := &s.Eligibility
	if q.Gender != "" && len(e.Genders) > 0 && !slices.Contains(e.Genders, q.Gender) {
		return false
	}
	if q.Age != nil && ((e.MinAge != nil && *q.Age < *e.MinAge) || (e.MaxAge != nil && *q.Age > *e.MaxAge)) {
		return false
	}
	if q.LegalStatus != "" && len(e.LegalStatuses) > 0 && !slices.Contains(e.LegalStatuses, q.LegalStatus) {
		return false
	}
	if q.TraffickingForm != "" && len(e.TraffickingForms) > 0 && !slices.Contains(e.TraffickingForms, q.TraffickingForm) {
		return false
	}
	if len(q.Languages) > 0 && !slices.ContainsFunc(q.Languages, func(l string) bool { return slices.Contains(s.Languages, l) }) {
		return false
	}
	return true
}
