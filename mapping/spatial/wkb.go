package spatial

import (
	"errors"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/simplify"
)

// ErrNotPolygonal is returned by DecodeWKB for geometry that is not an
// area.
var ErrNotPolygonal = errors.New("geometry is not a Polygon or MultiPolygon")

// EncodeWKB is the stored form of a region: little-endian Well-Known
// Binary, always a MultiPolygon so that every stored region reads back the
// same type. SQLite keeps it as a BLOB, PostgreSQL as bytea.
func EncodeWKB(mp orb.MultiPolygon) []byte {
	if mp == nil {
		mp = orb.MultiPolygon{} // still a MultiPolygon, with no parts
	}
	// Marshal fails only for unsupported types or writer errors, and a
	// MultiPolygon into memory has neither.
	return wkb.MustMarshal(mp)
}

// DecodeWKB reads a region written by EncodeWKB, or any WKB Polygon or
// MultiPolygon in either byte order. It fails with ErrNotPolygonal for
// other geometry and with the decoder's error for malformed bytes.
func DecodeWKB(data []byte) (orb.MultiPolygon, error) {
	g, err := wkb.Unmarshal(data)
	if err != nil {
		return nil, fmt.Errorf("decode region WKB: %w", err)
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		return g, nil
	case orb.Polygon:
		return orb.MultiPolygon{g}, nil
	}
	return nil, fmt.Errorf("decode region WKB: %s: %w", g.GeoJSONType(), ErrNotPolygonal)
}

// Simplify returns a lighter copy of mp for display, by Douglas–Peucker
// with toleranceDeg in degrees (0.001° is about 100 m). Every ring of the
// copy still has at least 4 points and turns the same way as before; rings
// that would collapse are dropped, and a polygon whose outer ring collapses
// is dropped with its holes. Simplification can make rings cross, so the
// copy is for drawing, not for locating points. mp is not modified.
func Simplify(mp orb.MultiPolygon, toleranceDeg float64) orb.MultiPolygon {
	dp := simplify.DouglasPeucker(toleranceDeg)
	out := orb.MultiPolygon{}
	for _, poly := range mp {
		var kept orb.Polygon
		for ri, ring := range poly {
			s, ok := simplifyRing(dp, ring)
			if !ok && ri == 0 {
				break
			}
			if ok {
				kept = append(kept, s)
			}
		}
		if len(kept) > 0 {
			out = append(out, kept)
		}
	}
	return out
}

// simplifyRing simplifies a copy of a closed ring and reports whether the
// result is still a ring with area wound the original way.
func simplifyRing(dp *simplify.DouglasPeuckerSimplifier, ring orb.Ring) (orb.Ring, bool) {
	before := signedArea(ring)
	if len(ring) < 4 || before == 0 {
		return nil, false
	}
	// The simplifier works in place, so give it a copy.
	s := dp.Ring(ring.Clone())
	after := signedArea(s)
	if len(s) < 4 || after == 0 || (after > 0) != (before > 0) {
		return nil, false
	}
	return s, true
}
