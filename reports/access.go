package reports

// The two-step floating catchment area of reference §4, over demand points
// i (population P_i) and provider sites j (supply S_j):
//
//	R_j = S_j / Σ_{k: d_kj ≤ d0} P_k f(d_kj)      A_i = Σ_{j: d_ij ≤ d0} R_j f(d_ij)
//
// The denominator of R_j depends only on where j is, not on the service
// type, so it is computed once per site and shared by every type it offers.
// A site with no demand in reach (denominator 0) gets R_j = 0: its supply
// reaches nobody, which is why Σ_i P_i A_i equals the supply of the sites
// that have some demand in reach.

// pair is a demand point within reach of a site, how far it is (as the
// squared chord c², see kdtree.go) and, for points inside the catchment,
// the weight f(d) of that distance (0 beyond).
type pair struct {
	point int32
	c2    float64
	w     float64
}

func (s *settings) pairAt(point int32, c2 float64) pair {
	p := pair{point: point, c2: c2}
	if s.weighs() && c2 <= s.catchment2 {
		p.w = s.weightOfChord2(c2)
	}
	return p
}

// demandInReach is Σ P_k f(d_kj) over a site's pairs inside the catchment,
// summed in pair order, which the point grids fix, so it is reproducible.
func demandInReach(pairs []pair, pop []float64, s *settings) float64 {
	sum := 0.0
	for _, pr := range pairs {
		if pr.c2 <= s.catchment2 {
			sum += pop[pr.point] * pr.w
		}
	}
	return sum
}

// supplyRatio is R_j.
func supplyRatio(supply, demand float64) float64 {
	if demand > 0 {
		return supply / demand
	}
	return 0
}

// spreadAccess adds a site's R_j f(d_ij) to the access of every demand
// point in its catchment.
func spreadAccess(access []float64, pairs []pair, ratio float64, s *settings) {
	if ratio == 0 {
		return
	}
	for _, pr := range pairs {
		if pr.c2 <= s.catchment2 {
			// The conversion keeps the product rounded on its own (no fused
			// multiply-add), as gatherAccess rounds it.
			access[pr.point] += float64(ratio * pr.w)
		}
	}
}

// accessFromDistances is the 2SFCA family on an explicit distance matrix
// (dist[j][i] from site j to point i; +Inf for "out of reach"), through
// the same functions the engine uses, the distances turned into squared
// chords. It exists for checking the method against published examples
// whose distances are abstract.
func accessFromDistances(pop, supply []float64, dist [][]float64, p Params) ([]float64, error) {
	s, err := resolve(p)
	if err != nil {
		return nil, err
	}
	access := make([]float64, len(pop))
	for j, row := range dist {
		var pairs []pair
		for i, km := range row {
			if c2 := chord2(km); c2 <= s.reach2 {
				pairs = append(pairs, s.pairAt(int32(i), c2))
			}
		}
		spreadAccess(access, pairs, supplyRatio(supply[j], demandInReach(pairs, pop, &s)), &s)
	}
	return access, nil
}
