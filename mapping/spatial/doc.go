// Package spatial is Haven's plane and sphere geometry: checking region
// boundaries on import, assigning points to regions, finding providers near
// a place, storing boundaries as WKB and thinning them for display, and
// deriving which region contains which. It holds no storage and no HTTP;
// geometry is paulmach/orb values with coordinates as [longitude, latitude]
// in degrees (WGS84).
//
// # Which region a point is in
//
// RegionIndex.Locate assigns every point to at most one region code, by
// this rule, applied in order:
//
//  1. The candidates are the regions that contain the point or whose
//     boundary passes within 1e-12 degrees of it. Regions are tested with
//     the even–odd rule, so winding does not matter and holes are outside.
//  2. One candidate: the point is Inside it (this includes a point on a
//     coastline or other boundary no neighbour shares).
//  3. Several candidates (a shared border, a shared corner, or an overlap
//     between simplified neighbours): the lowest code in byte order wins,
//     and the match is flagged Border.
//  4. No candidate: if some region boundary lies within the tolerance
//     (DefaultNearestTolerance, 0.02°, about 2 km; see
//     WithNearestTolerance), the region with the nearest boundary by planar
//     distance in degrees wins, the lowest code on an exact tie, flagged
//     Nearest. This catches points in the slivers simplified neighbours
//     leave between them, and points just off a simplified coast.
//  5. Otherwise the point is in no region: None.
//
// Shapes that share a code are one region, so their common edge is not a
// Border.
//
// # Distances
//
// Distances between points are great-circle kilometres on a sphere of
// radius 6371.0088 km by the haversine formula (DistanceKm), which differs
// from the WGS84 ellipsoid by up to about 0.5 %. Region tolerances are
// planar degrees instead: they only settle points within a few km of a
// boundary, where that precision is not needed.
package spatial
