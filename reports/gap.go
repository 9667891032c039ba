package reports

// classify applies the gap rules to one row's figures. A norm is applied
// only where its measure is known, and the capacity norms only where every
// serving site states its capacity: a shelter of unknown size may be big
// enough, and a rule that flagged it would make adding a provider turn a
// covered region into a gap.
func (e *Engine) classify(service string, f figures) string {
	if f.serving == 0 {
		return GapNoService
	}
	norm, ok := e.set.rules.Norms[service]
	if !ok {
		if e.set.rules.Default == nil {
			return GapCovered
		}
		norm = *e.set.rules.Default
	}
	if belowNorm(norm, f) {
		return GapBelowNorm
	}
	return GapCovered
}

func belowNorm(n Norm, f figures) bool {
	below := func(limit *float64, x opt) bool { return limit != nil && x.ok && x.v < *limit }
	above := func(limit *float64, x opt) bool { return limit != nil && x.ok && x.v > *limit }
	var capPer10k, perNeed opt
	if f.population.ok && f.population.v > 0 && f.capacity.ok && f.allStated {
		capPer10k = some(f.capacity.v / f.population.v * 1e4)
	}
	if f.need.ok && f.need.v > 0 && f.capacity.ok && f.allStated {
		perNeed = some(f.capacity.v / f.need.v)
	}
	return below(n.CapacityPer10k, capPer10k) ||
		below(n.ProvidersPer100k, per100k(f)) ||
		above(n.MaxNearestKm, f.nearestKm) ||
		below(n.MinWithinShare, f.share) ||
		below(n.MinAccessIndex, f.access) ||
		below(n.MinCapacityPerNeed, perNeed) ||
		above(n.MaxUnmetDemand, f.unmet)
}
