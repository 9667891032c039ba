package spatial

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

func TestWKBRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		mp   orb.MultiPolygon
	}{
		{"empty", orb.MultiPolygon{}},
		{"square", orb.MultiPolygon{{square(100, 13, 1)}}},
		{"with a hole", orb.MultiPolygon{{square(0, 0, 10), reversed(square(2, 2, 2))}, {square(20, 20, 1)}}},
		{"extreme coordinates", orb.MultiPolygon{{{{-180, -90}, {180, -90}, {180, 90}, {-180, 90}, {-180, -90}}}}},
	}
	for _, tt := range tests {
		got, err := DecodeWKB(EncodeWKB(tt.mp))
		if err != nil || !got.Equal(tt.mp) {
			t.Errorf("%s: round trip gave %v, %v", tt.name, got, err)
		}
	}
	if got, err := DecodeWKB(EncodeWKB(nil)); err != nil || len(got) != 0 {
		t.Errorf("nil: round trip gave %v, %v", got, err)
	}
}

func TestWKBRoundTripRealData(t *testing.T) {
	for _, file := range []string{"asean_admin1_ne.geojson", "th_adm1.geojson", "th_adm2.geojson"} {
		size := 0
		for _, s := range loadShapes(t, file, map[string]string{
			"asean_admin1_ne.geojson": "adm1_code", "th_adm1.geojson": "ADM1_PCODE", "th_adm2.geojson": "ADM2_PCODE",
		}[file]) {
			data := EncodeWKB(s.Geometry)
			size += len(data)
			got, err := DecodeWKB(data)
			if err != nil || !got.Equal(s.Geometry) {
				t.Errorf("%s %s: round trip failed: %v", file, s.Code, err)
			}
		}
		t.Logf("%s: %d bytes of WKB", file, size)
	}
}

func TestDecodeWKB(t *testing.T) {
	poly := orb.Polygon{square(1, 2, 3)}
	bigEndianPolygon, _ := wkb.Marshal(poly, binary.BigEndian)
	point, _ := wkb.Marshal(orb.Point{1, 2})
	valid := EncodeWKB(orb.MultiPolygon{poly})
	tests := []struct {
		name    string
		data    []byte
		want    orb.MultiPolygon
		wantErr error // nil: any error, when want is nil
	}{
		{"big-endian polygon", bigEndianPolygon, orb.MultiPolygon{poly}, nil},
		{"point", point, nil, ErrNotPolygonal},
		{"truncated", valid[:len(valid)-5], nil, nil},
		{"empty", nil, nil, nil},
		{"garbage", []byte("not wkb at all"), nil, nil},
	}
	for _, tt := range tests {
		got, err := DecodeWKB(tt.data)
		switch {
		case tt.want != nil && (err != nil || !got.Equal(tt.want)):
			t.Errorf("%s: got %v, %v; want %v", tt.name, got, err, tt.want)
		case tt.want == nil && err == nil:
			t.Errorf("%s: got %v and no error", tt.name, got)
		case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.wantErr)
		}
	}
}

func TestSimplify(t *testing.T) {
	// A square with extra points along its sides, at most 0.001 off them.
	wobbly := orb.Ring{{0, 0}, {0.5, 0.001}, {1, 0}, {1.0005, 0.5}, {1, 1}, {0.5, 1.0008}, {0, 1}, {0, 0}}
	tiny := square(5, 5, 0.0001)
	tests := []struct {
		name string
		in   orb.MultiPolygon
		tol  float64
		want orb.MultiPolygon
	}{
		{"drops points within tolerance", orb.MultiPolygon{{wobbly}}, 0.01, orb.MultiPolygon{{square(0, 0, 1)}}},
		{"keeps points beyond tolerance", orb.MultiPolygon{{wobbly}}, 0.0001, orb.MultiPolygon{{wobbly}}},
		{"keeps clockwise rings clockwise", orb.MultiPolygon{{reversed(wobbly)}}, 0.01, orb.MultiPolygon{{reversed(square(0, 0, 1))}}},
		{"drops a collapsed hole", orb.MultiPolygon{{square(0, 0, 10), reversed(square(2, 2, 0.001))}}, 0.01,
			orb.MultiPolygon{{square(0, 0, 10)}}},
		{"drops a collapsed polygon", orb.MultiPolygon{{tiny}, {square(0, 0, 1)}}, 0.01, orb.MultiPolygon{{square(0, 0, 1)}}},
		{"drops a collapsed polygon with its hole", orb.MultiPolygon{{tiny, reversed(square(5, 5, 0.00001))}}, 0.01, orb.MultiPolygon{}},
		{"zero tolerance keeps everything", orb.MultiPolygon{{wobbly}, {tiny}}, 0, orb.MultiPolygon{{wobbly}, {tiny}}},
	}
	for _, tt := range tests {
		before := tt.in.Clone()
		got := Simplify(tt.in, tt.tol)
		if !got.Equal(tt.want) {
			t.Errorf("%s:\n got %v\nwant %v", tt.name, got, tt.want)
		}
		if !tt.in.Equal(before) {
			t.Errorf("%s: input modified", tt.name)
		}
	}
}

func TestSimplifyRealData(t *testing.T) {
	for _, tol := range []float64{0.001, 0.01, 0.05} {
		before, after := 0, 0
		var vanished []string
		for _, s := range loadShapes(t, "asean_admin1_ne.geojson", "adm1_code") {
			simple := Simplify(s.Geometry, tol)
			for _, poly := range s.Geometry {
				for _, ring := range poly {
					before += len(ring)
				}
			}
			if len(simple) == 0 {
				vanished = append(vanished, s.Code)
			}
			for _, poly := range simple {
				for ri, ring := range poly {
					after += len(ring)
					if len(ring) < 4 || ring[0] != ring[len(ring)-1] {
						t.Errorf("%s: ring %d has %d points or is open", s.Code, ri, len(ring))
					}
					if (signedArea(ring) > 0) != (ri == 0) {
						t.Errorf("%s: ring %d wound the wrong way", s.Code, ri)
					}
				}
			}
		}
		t.Logf("tolerance %g°: %d → %d points; regions too small to draw: %v", tol, before, after, vanished)
	}
}
