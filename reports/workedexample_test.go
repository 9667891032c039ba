package reports

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// The published worked example of reference §4 (pysal/access hospital
// test): populations P = (100, 50, 10), supply S = (15, 20, 100), distance
// 1 from each place to itself, 40 between each suburb and the city, 80
// between the suburbs; binary 2SFCA with d0 = 45.
var (
	workedPop    = []float64{100, 50, 10}
	workedSupply = []float64{15, 20, 100}
	workedAccess = []float64{0.761364, 0.958333, 1.094697}
)

func TestWorkedExampleFromDistances(t *testing.T) {
	dist := [][]float64{{1, 80, 40}, {80, 1, 40}, {40, 40, 1}}
	access, err := accessFromDistances(workedPop, workedSupply, dist, Params{Method: Method2SFCA, CatchmentKm: 45})
	if err != nil {
		t.Fatal(err)
	}
	checkClose(t, "A", access, workedAccess, 1e-6)
	if got := weightedSum(workedPop, access); math.Abs(got-135) > 1e-9 {
		t.Errorf("Σ P·A = %v, want 135 = Σ S", got)
	}
}

// TestWorkedExampleFixture computes the example from the files in
// testdata/worked_example, the same files the command-line acceptance
// imports: three regions with one population point and one provider each,
// placed so that the great-circle distances are 1, 40 and 80 km.
func TestWorkedExampleFixture(t *testing.T) {
	in := loadWorkedExample(t)
	rep, err := Compute(in, Params{Method: Method2SFCA, CatchmentKm: 45, Services: []string{"accommodation"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Regions) != 3 {
		t.Fatalf("%d rows, want 3", len(rep.Regions))
	}
	var got []float64
	for i, row := range rep.Regions {
		if row.AccessIndex == nil {
			t.Fatalf("row %s has no access index", row.RegionCode)
		}
		got = append(got, *row.AccessIndex)
		if row.ProvidersLocated != 1 || row.Population == nil || *row.Population != workedPop[i] {
			t.Errorf("row %s: located %d, population %v; want 1 and %v", row.RegionCode, row.ProvidersLocated, row.Population, workedPop[i])
		}
	}
	checkClose(t, "A", got, workedAccess, 1e-6)
	if sum := weightedSum(workedPop, got); math.Abs(sum-135) > 1e-9 {
		t.Errorf("Σ P·A = %v, want 135", sum)
	}
	// Each suburb's provider serves only its own region; the city's too.
	for _, row := range rep.Regions {
		if row.ProvidersServing != 1 || row.GapClass == GapNoService {
			t.Errorf("row %s: serving %d, class %s", row.RegionCode, row.ProvidersServing, row.GapClass)
		}
	}
	// The city's provider is hidden: it counts, and its position is nowhere.
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range in.Providers {
		for _, coord := range []float64{pr.Point[0], pr.Point[1]} {
			// Whole degrees ("14") would match any number; the example's
			// longitudes have six decimals.
			if s := strconv.FormatFloat(coord, 'f', -1, 64); len(s) > 5 && strings.Contains(string(data), s) {
				t.Errorf("the report holds provider %s's coordinate %s", pr.ID, s)
			}
		}
	}
}

func loadWorkedExample(t *testing.T) Input {
	t.Helper()
	dir := filepath.Join("testdata", "worked_example")
	data, err := os.ReadFile(filepath.Join(dir, "regions.geojson"))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		t.Fatal(err)
	}
	var in Input
	for _, f := range fc.Features {
		in.Regions = append(in.Regions, Region{Code: f.Properties.MustString("code"), Name: f.Properties.MustString("name"),
			Level: 1, Country: f.Properties.MustString("country"), Geometry: orb.MultiPolygon{f.Geometry.(orb.Polygon)}})
	}
	for _, rec := range testReadCSV(t, filepath.Join(dir, "population.csv")) {
		in.Population = append(in.Population, PopulationPoint{Lon: testNum(t, rec["lon"]), Lat: testNum(t, rec["lat"]), Population: testNum(t, rec["population"])})
	}
	for _, rec := range testReadCSV(t, filepath.Join(dir, "providers.csv")) {
		p := orb.Point{testNum(t, rec["longitude"]), testNum(t, rec["latitude"])}
		in.Providers = append(in.Providers, Provider{ID: rec["provider_key"], Point: &p, Tier: rec["tier"], Country: rec["country"],
			Services: []Offer{{Type: rec["service_type"], Capacity: new(testNum(t, rec["capacity_total"]))}}})
	}
	return in
}

func testReadCSV(t testing.TB, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func testNum(t testing.TB, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func checkClose(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s = %v, want %v", name, got, want)
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s[%d] = %.7f, want %.6f", name, i, got[i], want[i])
		}
	}
}

func weightedSum(p, a []float64) float64 {
	sum := 0.0
	for i := range p {
		sum += p[i] * a[i]
	}
	return sum
}
