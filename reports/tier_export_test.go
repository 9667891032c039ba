package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/spatial"
	"github.com/haven-project/haven/reports"
	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"
)

// TestNoOutputPlacesANonPublicSite runs a report over the Thai provinces
// where Chiang Mai's (TH50) only shelter is hidden, and the only medical
// services in the country are that shelter's and a region_only clinic's
// in Bangkok (TH10), with Gaussian weights, whose distance decay could be
// inverted. Both sites count; no export holds their coordinates or a
// distance from a populated place to them.
func TestNoOutputPlacesANonPublicSite(t *testing.T) {
	env := newIOEnv(t, dbtest.OpenSQLite(t))
	env.importThaiProvinces()
	towns := map[string]orb.Point{"Mae Sot": {98.5769, 16.7131}, "Chiang Mai": {98.9853, 18.7904}, "Bangkok": {100.5018, 13.7563}}
	csvTowns := "name,lon,lat,pop\nMae Sot,98.5769,16.7131,12500\nChiang Mai,98.9853,18.7904,130000\nBangkok,100.5018,13.7563,5000000\n"
	if _, err := env.svc.ImportPopulation(cli(), strings.NewReader(csvTowns), reports.PopulationImport{Source: "towns", LonCol: "lon", LatCol: "lat", PopCol: "pop", NameCol: "name"}); err != nil {
		t.Fatal(err)
	}
	ghost, clinic := orb.Point{98.9765432, 18.7123456}, orb.Point{100.5123456, 13.7654321}
	env.create(site("Tak Shelter", mapping.TierPublic, 16.7131, 98.5769, service("accommodation", 10)))
	env.create(site("Ghost Home", mapping.TierHidden, ghost.Lat(), ghost.Lon(), service("accommodation.child", 5), service("medical", 0)))
	env.create(site("Quiet Clinic", mapping.TierRegionOnly, clinic.Lat(), clinic.Lon(), service("medical", 0)))

	run, err := env.svc.Run(context.Background(), user(accounts.RoleResearcher), reports.RunParams{Set: "th", Level: 1,
		Params: reports.Params{Services: []string{"accommodation", "medical"}, Method: reports.MethodGaussian, CatchmentKm: 40}})
	if err != nil {
		t.Fatal(err)
	}
	rep := run.Report

	// Counted where they are, with a gap class from the counts: five places
	// for 130,000 people is below one per 10,000.
	shelters := rowOf(t, rep.Regions, "TH50", "accommodation")
	if shelters.ProvidersLocated != 1 || shelters.ProvidersServing != 1 || *shelters.Capacity != 5 || shelters.GapClass != reports.GapBelowNorm {
		t.Errorf("TH50 shelters: %+v", shelters)
	}
	if !(*shelters.AccessIndex > 0) {
		t.Errorf("TH50 shelters: access index %v, want the hidden shelter's places in it", *shelters.AccessIndex)
	}
	// Not measured: the nearest shelter is Tak's, the medical services have no distance.
	if want := spatial.DistanceKm(towns["Chiang Mai"], towns["Mae Sot"]); shelters.NearestKm == nil || math.Abs(*shelters.NearestKm-want) > 1e-9 {
		t.Errorf("TH50 nearest shelter %s km, want %v (Tak)", value(shelters.NearestKm), want)
	}
	for _, code := range []string{"TH50", "TH10"} {
		r := rowOf(t, rep.Regions, code, "medical")
		if r.ProvidersServing != 1 || r.GapClass != reports.GapCovered || r.NearestKm != nil || *r.PopulationWithinShare != 0 {
			t.Errorf("%s medical: %+v", code, r)
		}
	}

	// No distance from a town to either site, in any row.
	var secrets []float64
	for _, town := range towns {
		secrets = append(secrets, spatial.DistanceKm(town, ghost), spatial.DistanceKm(town, clinic))
	}
	for _, rows := range [][]reports.Row{rep.Regions, rep.Parents, rep.Countries} {
		for _, r := range rows {
			for _, d := range secrets {
				if r.NearestKm != nil && math.Abs(*r.NearestKm-d) < 0.01 {
					t.Errorf("%s × %s: nearest_km %v is a distance to a non-public site", r.RegionCode, r.Service, *r.NearestKm)
				}
			}
		}
	}

	// Every format: no name, no coordinate, no such distance written out.
	banned := []string{"Ghost", "Quiet", "18.712", "98.976", "13.765", "100.512"}
	for _, d := range secrets {
		banned = append(banned, fmt.Sprintf("%.3f", d), strconv.FormatFloat(d, 'g', -1, 64))
	}
	texts := map[string]string{}
	for _, f := range []reports.Format{reports.FormatCSV, reports.FormatJSON, reports.FormatGeoJSON, reports.FormatHTML} {
		texts[string(f)] = string(export(t, env, run, reports.ExportOptions{Format: f}))
	}
	texts["csv with hxl"] = string(export(t, env, run, reports.ExportOptions{Format: reports.FormatCSV, HXL: true}))
	book, err := excelize.OpenReader(bytes.NewReader(export(t, env, run, reports.ExportOptions{Format: reports.FormatXLSX})))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	var cells strings.Builder
	for _, sheet := range book.GetSheetList() {
		rows, _ := book.GetRows(sheet)
		for _, r := range rows {
			cells.WriteString(strings.Join(r, "\t") + "\n")
		}
	}
	texts["xlsx"] = cells.String()
	for format, text := range texts {
		for _, s := range banned {
			if strings.Contains(text, s) {
				t.Errorf("%s export holds %q", format, s)
			}
		}
	}

	// The CSV's distances, read back as numbers.
	table, err := csv.NewReader(strings.NewReader(texts["csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(table[0], "nearest_km")
	for _, r := range table[1:] {
		if r[col] == "" {
			continue
		}
		km, err := strconv.ParseFloat(r[col], 64)
		if err != nil {
			t.Fatalf("nearest_km %q: %v", r[col], err)
		}
		for _, d := range secrets {
			if math.Abs(km-d) < 0.01 {
				t.Errorf("csv %s × %s: nearest_km %v is a distance to a non-public site", r[0], r[4], km)
			}
		}
	}
}

func value(x *float64) string {
	if x == nil {
		return "not computed"
	}
	return strconv.FormatFloat(*x, 'g', -1, 64)
}
