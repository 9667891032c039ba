// Package mapping is the directory itself: administrative regions, the
// service taxonomy, providers and their locations with confidentiality
// tiers, and the spatial index that searches them. It imports neither Gin
// nor the server package; the server depends on it.
package mapping
