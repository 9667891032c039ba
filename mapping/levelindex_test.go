package mapping_test

import (
	"context"
	"errors"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb"
)

func TestLevelIndex(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	w.importFile(demoData+"th_adm1.geojson", mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"})
	ctx := context.Background()
	ix, err := w.regions.LevelIndex(ctx, "th", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Mae Sot, in Tak (TH63).
	if m := ix.Locate(orb.Point{98.5667, 16.7167}); m.Code != "TH63" {
		t.Errorf("Mae Sot is in %q, want TH63", m.Code)
	}
	if again, _ := w.regions.LevelIndex(ctx, "th", 1, 1); again != ix {
		t.Error("the index is built again instead of kept")
	}
	if _, err := w.regions.LevelIndex(ctx, "nowhere", 0, 1); !errors.Is(err, haven.ErrNotFound) {
		t.Errorf("unknown set: %v", err)
	}
}
