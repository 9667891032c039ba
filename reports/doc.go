// Package reports computes coverage gaps — where services are missing, by
// region and service type — and renders them as tables, GeoJSON and
// printable reports. It imports neither Gin nor the server package.
package reports
