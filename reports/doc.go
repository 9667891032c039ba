// Package reports computes coverage gaps — where services are missing, by
// region and service type — and renders them as tables, GeoJSON and
// printable reports. It imports neither Gin nor the server package.
//
// # The engine
//
// Compute (or NewEngine, for a report that follows provider changes with
// Engine.Update and Engine.Remove, and Engine.Live for a copy of it that
// LiveReport.Refresh keeps up to date by copying only the rows a change
// touched) takes an Input — the regions of one
// level with their boundaries, their ancestors, provider sites of every
// tier, population points, need and unmet demand — and Params, and
// returns a Report: one Row per region × service type with exactly the
// columns of the coverage CSV, roll-ups to parents and countries, and a
// MethodNote stating formulas, parameters and rules (model.go lists them
// all). The measures are those of reference §4: providers located in and
// serving each region, capacity, population, providers per 100,000, the
// distance from the region's population-weighted point to the nearest
// provider, the share of the population within d km, and an
// accessibility index by 2SFCA, E2SFCA or Gaussian 2SFCA over the
// population points. Distances are great-circle kilometres by the
// haversine formula on a sphere of radius 6371.0088 km.
//
// A report holds counts, measures and (on request) provider IDs, never a
// position. Distances (nearest_km, population_within_share) are measured
// to public sites only; region_only and hidden sites count in every
// number and in the access index, measured from their region's
// population-weighted point, so that no figure says where in its region
// such a site is (tierRule in note.go gives the reasoning). A report is
// deterministic: the same input in any order gives the same bytes.
package reports
