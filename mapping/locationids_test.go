package mapping

import (
	"fmt"
	"testing"

	"github.com/haven-project/haven/database/dbtest"
)

// TestCheckLocationIDsFreeTakesManyIDs guards the chunking: one IN list of
// 40,000 IDs is more parameters than SQLite accepts in a statement.
func TestCheckLocationIDsFreeTakesManyIDs(t *testing.T) {
	db := dbtest.OpenSQLite(t)
	locs := make([]locationRow, 40_000)
	for i := range locs {
		locs[i] = locationRow{ID: fmt.Sprintf("loc-%d", i)}
	}
	if err := checkLocationIDsFree(db.DB, "", locs); err != nil {
		t.Fatal(err)
	}
}
