package spatial

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestParentByOverlap(t *testing.T) {
	parents := NewRegionIndex([]Shape{
		{Code: "WEST", Geometry: orb.MultiPolygon{{{{0, 0}, {3, 0}, {3, 1}, {0, 1}, {0, 0}}}}},
		{Code: "EAST", Geometry: orb.MultiPolygon{{{{3, 0}, {10, 0}, {10, 1}, {3, 1}, {3, 0}}}}},
	})
	// A thin diagonal sliver: almost all of its bound lies outside it.
	sliver := orb.MultiPolygon{{{{0, 0}, {6, 0.9}, {6, 0.95}, {0, 0}}}}
	tests := []struct {
		name      string
		child     orb.MultiPolygon
		samples   int
		wantCode  string
		wantShare float64
		slack     float64 // allowed error in the share, for rough samples
	}{
		{"three quarters west", orb.MultiPolygon{{{{0, 0}, {4, 0}, {4, 1}, {0, 1}, {0, 0}}}}, 100, "WEST", 0.75, 0},
		{"wholly east", orb.MultiPolygon{{square(5, 0.2, 0.5)}}, 50, "EAST", 1, 0},
		{"half at sea", orb.MultiPolygon{{{{4, 0.5}, {5, 0.5}, {5, 1.5}, {4, 1.5}, {4, 0.5}}}}, 100, "EAST", 0.5, 0},
		{"even split goes to the lower code", orb.MultiPolygon{{{{2, 0}, {4, 0}, {4, 1}, {2, 1}, {2, 0}}}}, 100, "EAST", 0.5, 0},
		{"all at sea", orb.MultiPolygon{{square(20, 20, 1)}}, 100, "", 0, 0},
		{"sliver (a quarter of its area is west)", sliver, 50, "EAST", 0.75, 0.1},
		{"empty", nil, 100, "", 0, 0},
		{"no samples", orb.MultiPolygon{{square(5, 0.2, 0.5)}}, 0, "", 0, 0},
	}
	for _, tt := range tests {
		code, share := ParentByOverlap(tt.child, parents, tt.samples)
		if code != tt.wantCode || math.Abs(share-tt.wantShare) > tt.slack {
			t.Errorf("%s: got %q %.4f, want %q %.4f", tt.name, code, share, tt.wantCode, tt.wantShare)
		}
	}
}

// TestParentByOverlapThaiDistricts derives each district's province from
// geometry and compares it with the ADM1_PCODE the file records.
func TestParentByOverlapThaiDistricts(t *testing.T) {
	provinces := NewRegionIndex(loadShapes(t, "th_adm1.geojson", "ADM1_PCODE"))
	features := loadFeatures(t, "th_adm2.geojson")
	wrong := 0
	lowest, lowestCode := 1.0, ""
	for _, f := range features {
		child, _ := CheckPolygonal(f.Geometry)
		district, want := f.Properties.MustString("ADM2_PCODE"), f.Properties.MustString("ADM1_PCODE")
		got, share := ParentByOverlap(child, provinces, 200)
		if got != want {
			wrong++
			t.Logf("district %s (%s): geometry says %s with share %.2f, file says %s",
				district, f.Properties.MustString("ADM2_EN"), got, share, want)
			continue
		}
		if share < lowest {
			lowest, lowestCode = share, district
		}
	}
	t.Logf("%d of %d districts disagree; lowest share among agreeing ones %.2f (%s)", wrong, len(features), lowest, lowestCode)
	if wrong*100 > len(features) {
		t.Errorf("%d of %d districts placed in the wrong province; want at most 1%%", wrong, len(features))
	}
}
