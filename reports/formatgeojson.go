package reports

import (
	"bufio"
	"encoding/json"
	"io"
	"math"

	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb"
)

type geoGeometry struct {
	Type        string           `json:"type"`
	Coordinates [][][][2]float64 `json:"coordinates"`
}

// coordinateScale rounds coordinates to 6 decimals (about 0.1 m), as RFC
// 7946 §11.2 suggests: more digits only make the file larger.
const coordinateScale = 1e6

// WriteGeoJSON writes an RFC 7946 FeatureCollection: one feature per
// region × service of the report's level, with the region's simplified
// display boundary as a MultiPolygon in [longitude, latitude] order,
// outer rings counter-clockwise and holes clockwise, and no crs member
// (RFC 7946 coordinates are WGS 84 always). Roll-ups are not features:
// their boundaries are of other levels.
func WriteGeoJSON(w io.Writer, run Run, shapes []mapping.RegionShape) error {
	byCode := make(map[string]orb.MultiPolygon, len(shapes))
	for _, s := range shapes {
		byCode[s.Code] = s.Geometry
	}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(`{"type":"FeatureCollection","features":[`); err != nil {
		return err
	}
	// A feature is one region × service: its display boundary, and its row
	// of the report as properties (the CSV columns, null where not
	// computed). It is written piece by piece so that a region's
	// geometry, encoded once for all its services, is copied as it is.
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	geoms := map[string][]byte{}
	for i, r := range run.Report.Regions {
		if i > 0 {
			if err := bw.WriteByte(','); err != nil {
				return err
			}
		}
		g, ok := geoms[r.RegionCode]
		if !ok {
			var err error
			if g, err = json.Marshal(geometryOf(byCode[r.RegionCode])); err != nil {
				return err
			}
			geoms[r.RegionCode] = g
		}
		if _, err := bw.WriteString(`{"type":"Feature","id":`); err != nil {
			return err
		}
		if err := enc.Encode(r.RegionCode + "/" + r.Service); err != nil {
			return err
		}
		bw.WriteString(`,"geometry":`)
		bw.Write(g)
		bw.WriteString(`,"properties":`)
		if err := enc.Encode(r); err != nil {
			return err
		}
		if err := bw.WriteByte('}'); err != nil {
			return err
		}
	}
	if _, err := bw.WriteString("]}\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// geometryOf rounds a boundary, drops the rings that rounding collapses
// and winds the rest the RFC 7946 way; nil (a null geometry) when nothing
// is left.
func geometryOf(mp orb.MultiPolygon) *geoGeometry {
	var polys [][][][2]float64
	for _, poly := range mp {
		var rings [][][2]float64
		for i, ring := range poly {
			r := roundRing(ring)
			if len(r) < 4 || ringArea(r) == 0 {
				if i == 0 {
					break // no outer ring: the holes mean nothing alone
				}
				continue
			}
			ccw := ringArea(r) > 0
			if outer := i == 0; ccw != outer {
				reverse(r)
			}
			rings = append(rings, r)
		}
		if len(rings) > 0 {
			polys = append(polys, rings)
		}
	}
	if len(polys) == 0 {
		return nil
	}
	return &geoGeometry{Type: "MultiPolygon", Coordinates: polys}
}

// roundRing rounds a ring's points, drops repeats, and closes it.
func roundRing(ring orb.Ring) [][2]float64 {
	out := make([][2]float64, 0, len(ring)+1)
	for _, p := range ring {
		q := [2]float64{math.Round(p[0]*coordinateScale) / coordinateScale, math.Round(p[1]*coordinateScale) / coordinateScale}
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	if len(out) < 3 {
		return nil
	}
	return append(out, out[0])
}

// ringArea is twice the signed area of a closed ring: positive when it
// runs counter-clockwise (longitude east, latitude north).
func ringArea(r [][2]float64) float64 {
	sum := 0.0
	for i := 0; i+1 < len(r); i++ {
		sum += r[i][0]*r[i+1][1] - r[i+1][0]*r[i][1]
	}
	return sum
}

func reverse(r [][2]float64) {
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
}
