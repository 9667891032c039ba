package reports_test

import (
	"context"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/reports"
)

// TestRunFiltersSubTypesOneByOne: a Tak shelter with a women-only
// emergency wing (20 beds) and long-term places open to all (5 beds),
// read from the database and asked for "accommodation" for men, counts the
// 5 beds only; and a Chiang Mai shelter of which one service states no
// capacity is not held to the capacity norm (3 stated beds for 130,000
// people would fall short of one per 10,000).
func TestRunFiltersSubTypesOneByOne(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newIOEnv(t, db)
		env.importThaiProvinces()
		towns := "name,lon,lat,pop\nMae Sot,98.5769,16.7131,12500\nChiang Mai,98.9853,18.7904,130000\n"
		if _, err := env.svc.ImportPopulation(cli(), strings.NewReader(towns), reports.PopulationImport{Source: "towns", LonCol: "lon", LatCol: "lat", PopCol: "pop", NameCol: "name"}); err != nil {
			t.Fatal(err)
		}
		wing := service("accommodation.emergency", 20)
		wing.Eligibility.Genders = []string{"female"}
		env.create(site("Tak Shelter", mapping.TierPublic, 16.7131, 98.5769, wing, service("accommodation.long_term", 5)))
		env.create(site("Chiang Mai Shelter", mapping.TierPublic, 18.7904, 98.9853,
			service("accommodation.emergency", 3), service("accommodation.child", 0)))
		researcher := user(accounts.RoleResearcher)
		for _, tc := range []struct {
			gender   string
			takBeds  float64
			takSites int
		}{
			{"", 25, 1},
			{"female", 25, 1},
			{"male", 5, 1},
		} {
			run, err := env.svc.Run(context.Background(), researcher, reports.RunParams{Set: "th", Level: 1,
				Params: reports.Params{Services: []string{"accommodation"}, Filter: reports.Filter{Gender: tc.gender}}})
			if err != nil {
				t.Fatal(err)
			}
			tak := rowOf(t, run.Report.Regions, "TH63", "accommodation")
			if tak.ProvidersServing != tc.takSites || tak.Capacity == nil || *tak.Capacity != tc.takBeds {
				t.Errorf("for %q: Tak serving %d, capacity %s; want %d, %v", tc.gender, tak.ProvidersServing, value(tak.Capacity), tc.takSites, tc.takBeds)
			}
			cm := rowOf(t, run.Report.Regions, "TH50", "accommodation")
			if cm.Capacity == nil || *cm.Capacity != 3 || cm.GapClass != reports.GapCovered {
				t.Errorf("for %q: Chiang Mai capacity %s, %s", tc.gender, value(cm.Capacity), cm.GapClass)
			}
		}
	})
}
