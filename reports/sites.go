package reports

import (
	"cmp"
	"slices"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// site is a provider site as the engine keeps it.
type site struct {
	id string
	// public says the site's position may be shown: only public sites
	// take part in nearest_km and population_within_share (the tier rule,
	// see tierRule).
	public bool
	// point is where the site is, if known; it only places the site in a
	// region.
	hasPoint bool
	point    orb.Point
	// measured says the site takes part in the catchments of the access
	// index and in service radii, measured from at: its own point when it
	// is public, else the population-weighted point of its region.
	measured bool
	at       orb.Point
	xyz      vec3  // at's
	region   int32 // the region it is located in, -1 for none

	// pairs are the demand points within reach of at (see pairsIn), in
	// the point grids' order.
	pairs []pair
	// demand is Σ P_k f(d_kj) over the catchment: R_j's denominator.
	demand float64
	offers []siteOffer // by service number
}

// siteOffer is what a site offers of one reported service type, after the
// filter: all its offers of that type together.
type siteOffer struct {
	svc int32
	// capacity is the sum of the stated capacities; allStated says every
	// offer stated one, anyStated that some did.
	capacity             float64
	anyStated, allStated bool
	// supply is S_j: stated capacities, and DefaultSupply for each offer
	// without one. ratio is R_j.
	supply, ratio float64
	serves        []int32 // regions served, ascending
	// radii and areas: the service areas stated by the offers.
	radii []float64
	areas []string
}

func (s *site) offer(svc int) *siteOffer {
	// A site offers a handful of types: a scan beats a binary search.
	for k := range s.offers {
		if int(s.offers[k].svc) == svc {
			return &s.offers[k]
		}
	}
	return nil
}

// newSite keeps what the engine needs of p: its position and the offers
// of reported types that pass the filter, merged by type.
func (e *Engine) newSite(p *Provider) *site {
	s := new(site)
	e.initSite(s, p)
	return s
}

func (e *Engine) initSite(s *site, p *Provider) {
	*s = site{id: p.ID, region: -1, public: p.Tier == "" || p.Tier == "public"}
	if p.Point != nil {
		s.hasPoint, s.point = true, *p.Point
		if s.public {
			s.measureFrom(s.point)
		}
	}
	for i := range p.Services {
		o := &p.Services[i]
		svc, ok := e.svcIndex[o.Type]
		if !ok || !e.set.filter.accepts(o) {
			continue
		}
		so := s.offer(svc)
		if so == nil {
			at, _ := slices.BinarySearchFunc(s.offers, int32(svc), func(o siteOffer, t int32) int { return cmp.Compare(o.svc, t) })
			s.offers = slices.Insert(s.offers, at, siteOffer{svc: int32(svc), allStated: true})
			so = &s.offers[at]
		}
		if o.Capacity != nil {
			so.capacity += *o.Capacity
			so.supply += *o.Capacity
			so.anyStated = true
		} else {
			so.supply += e.set.supply
			so.allStated = false
		}
		if o.RadiusKm != nil {
			so.radii = append(so.radii, *o.RadiusKm)
		}
		so.areas = append(so.areas, o.AreaCodes...)
	}
}

func (s *site) measureFrom(at orb.Point) {
	s.measured, s.at, s.xyz = true, at, unitVector(at)
}

// measureHidden makes a site that is not public, once located, measured
// from the population-weighted point of its region, if it has one.
func (e *Engine) measureHidden(s *site) {
	if !s.public && s.hasPoint && s.region >= 0 && e.regions[s.region].hasRep {
		s.measureFrom(e.regions[s.region].rep)
	}
}

// locateWithout places a site that has no point by the lowest of its
// recorded region codes that is a region of the report.
func (e *Engine) locateWithout(s *site, codes []string) {
	for _, code := range slices.Sorted(slices.Values(codes)) {
		if r, ok := e.regionByCode[code]; ok {
			s.region = r
			return
		}
	}
}

// settle works out what a site reaches: its demand points, R_j per
// offer, and the regions each offer serves. Its region must be known, and
// measureHidden done.
func (e *Engine) settle(s *site) {
	e.pairsIn(e.realGrid, s)
	e.finish(s)
}

// pairsIn adds the points of g within reach of the site to its pairs, in
// the grid's order, which is fixed once the grid is built: sums over the
// pairs come out the same whenever the site is settled. A public site
// reaches as far as the catchment and WithinKm; any other only as far as
// the catchment, and not at all when no access index is computed.
func (e *Engine) pairsIn(g *pointGrid, s *site) {
	if len(s.offers) == 0 || !s.measured || !(s.public || e.set.weighs()) {
		return
	}
	reach, reach2 := e.set.reach, e.set.reach2
	if !s.public {
		reach, reach2 = e.set.catchment, e.set.catchment2
	}
	g.within(s.at, s.xyz, reach, func(i int32, c2 float64) {
		if c2 <= reach2 {
			if s.pairs == nil {
				s.pairs = make([]pair, 0, 32)
			}
			s.pairs = append(s.pairs, e.set.pairAt(i, c2))
		}
	})
}

// finish completes settle once the pairs with the input's points are in:
// the pairs with the points standing for regions without any, R_j, and
// the regions served.
func (e *Engine) finish(s *site) {
	if len(s.offers) == 0 {
		return
	}
	e.pairsIn(e.extraGrid, s)
	s.pairs = slices.Clip(s.pairs)
	if s.measured && e.set.weighs() {
		s.demand = demandInReach(s.pairs, e.pop, &e.set)
	}
	for k := range s.offers {
		o := &s.offers[k]
		o.ratio = 0
		if e.set.weighs() && s.measured {
			o.ratio = supplyRatio(o.supply, s.demand)
		}
		o.serves = e.served(s, o)
	}
}

// served lists the regions an offer serves (the serving rule): the region
// its site is located in; every region whose code, an ancestor's code or
// its country's code is among the offer's area codes; and, for an offer
// with a radius, every region whose weighted point lies within it of
// where the site is measured from.
func (e *Engine) served(s *site, o *siteOffer) []int32 {
	var out []int32
	if s.region >= 0 {
		out = append(out, s.region)
	}
	for _, code := range o.areas {
		out = append(out, e.areaRegions[code]...)
	}
	if s.measured && len(o.radii) > 0 {
		radius := slices.Max(o.radii)
		e.repTree.within(s.xyz, chordFor(radius), func(r int32) {
			if spatial.DistanceKm(s.at, e.regions[r].rep) <= radius {
				out = append(out, r)
			}
		})
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// makeSites makes a site of every provider, numbered in ID order, and
// finds the input's demand points each public site can reach; placing
// sites in regions waits for the region index (locateSites), and so do
// the other sites' demand points, measured from their region.
func (e *Engine) makeSites(providers []Provider) {
	order := make([]int, len(providers))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(providers[a].ID, providers[b].ID) })
	e.sites = make([]*site, len(providers))
	e.siteByID = make(map[string]int32, len(providers))
	e.siteCodes = make([][]string, len(providers))
	// The sites, and then their offers, side by side in memory: every
	// step of the build walks them in this order.
	slab := make([]site, len(providers))
	offers := 0
	for n, i := range order {
		s := &slab[n]
		e.initSite(s, &providers[i])
		e.sites[n] = s
		e.siteByID[s.id] = int32(n)
		e.siteCodes[n] = providers[i].RegionCodes
		offers += len(s.offers)
	}
	offerSlab := make([]siteOffer, 0, offers)
	for _, s := range e.sites {
		at := len(offerSlab)
		offerSlab = append(offerSlab, s.offers...)
		s.offers = offerSlab[at:len(offerSlab):len(offerSlab)]
	}
	parallelRange(len(e.sites), func(lo, hi int) {
		for _, s := range e.sites[lo:hi] {
			e.pairsIn(e.realGrid, s)
		}
	})
}

// locateSites places the sites in regions and finishes settling them.
func (e *Engine) locateSites() {
	var located []orb.Point
	var locatedSite []int32
	for n, s := range e.sites {
		if s.hasPoint {
			located, locatedSite = append(located, s.point), append(locatedSite, int32(n))
		} else {
			e.locateWithout(s, e.siteCodes[n])
		}
	}
	e.siteCodes = nil
	for k, m := range e.index.LocateAll(located, workers()) {
		if m.How == spatial.None {
			e.unlocated++
		} else {
			s := e.sites[locatedSite[k]]
			s.region = e.regionByCode[m.Code]
			e.measureHidden(s)
		}
	}
	parallelRange(len(e.sites), func(lo, hi int) {
		for _, s := range e.sites[lo:hi] {
			if !s.public {
				e.pairsIn(e.realGrid, s)
			}
			e.finish(s)
		}
	})
}
