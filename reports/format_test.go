package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/reports"
	"github.com/paulmach/orb"
	"github.com/xuri/excelize/v2"
)

// thaiRun is a stored run over the Thai provinces fixture.
func thaiRun(t *testing.T) (*ioEnv, reports.Run) {
	t.Helper()
	env := newIOEnv(t, dbtest.OpenSQLite(t))
	env.thaiFixture()
	run, err := env.svc.Run(context.Background(), user(accounts.RoleResearcher), reports.RunParams{Set: "th", Level: 1,
		Params: reports.Params{Services: []string{"accommodation", "legal_aid"}, Method: reports.Method2SFCA, CatchmentKm: 40}})
	if err != nil {
		t.Fatal(err)
	}
	return env, run
}

func export(t *testing.T, env *ioEnv, run reports.Run, opts reports.ExportOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := env.svc.Export(context.Background(), run, opts, &buf); err != nil {
		t.Fatalf("export %s: %v", opts.Format, err)
	}
	return buf.Bytes()
}

// TestGeoJSONIsRFC7946 reads the GeoJSON export as a GIS tool would and
// checks what RFC 7946 asks: a FeatureCollection of Features, no crs
// member anywhere, [longitude, latitude] positions in range, closed linear
// rings of four or more positions, exterior rings counter-clockwise and
// holes clockwise.
func TestGeoJSONIsRFC7946(t *testing.T) {
	env, run := thaiRun(t)
	body := export(t, env, run, reports.ExportOptions{Format: reports.FormatGeoJSON})
	var fc map[string]json.RawMessage
	if err := json.Unmarshal(body, &fc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if _, ok := fc["crs"]; ok {
		t.Error("the FeatureCollection has a crs member")
	}
	var doc struct {
		Type     string `json:"type"`
		Features []struct {
			Type     string          `json:"type"`
			ID       string          `json:"id"`
			Geometry json.RawMessage `json:"geometry"`
			// Properties are read as a map to see every key and null.
			Properties map[string]any  `json:"properties"`
			CRS        json.RawMessage `json:"crs"`
		} `json:"features"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Type != "FeatureCollection" || len(doc.Features) != 77*2 {
		t.Fatalf("type %q with %d features, want FeatureCollection with %d", doc.Type, len(doc.Features), 77*2)
	}
	ids := map[string]bool{}
	for _, f := range doc.Features {
		if f.Type != "Feature" || f.CRS != nil || ids[f.ID] {
			t.Errorf("feature %s: type %q, crs %s, repeated id %v", f.ID, f.Type, f.CRS, ids[f.ID])
		}
		ids[f.ID] = true
		for _, c := range reports.Columns {
			if _, ok := f.Properties[c]; !ok {
				t.Errorf("feature %s has no property %s", f.ID, c)
			}
		}
		if f.Properties["region_code"].(string)+"/"+f.Properties["service"].(string) != f.ID {
			t.Errorf("feature %s: properties of %v", f.ID, f.Properties["region_code"])
		}
		var g struct {
			Type        string          `json:"type"`
			Coordinates [][][][]float64 `json:"coordinates"`
			CRS         json.RawMessage `json:"crs"`
		}
		if err := json.Unmarshal(f.Geometry, &g); err != nil || g.Type != "MultiPolygon" || g.CRS != nil || len(g.Coordinates) == 0 {
			t.Fatalf("feature %s geometry: %v %s", f.ID, err, f.Geometry[:min(len(f.Geometry), 80)])
		}
		checkPolygons(t, f.ID, g.Coordinates, orb.Bound{Min: orb.Point{97, 5}, Max: orb.Point{106, 21}})
	}
}

// checkPolygons checks RFC 7946 rings; bound is where Thailand lies, so a
// [latitude, longitude] mix-up fails.
func checkPolygons(t *testing.T, id string, polys [][][][]float64, bound orb.Bound) {
	t.Helper()
	for _, poly := range polys {
		for i, ring := range poly {
			if len(ring) < 4 || !equal(ring[0], ring[len(ring)-1]) {
				t.Errorf("%s: ring %d has %d positions or is not closed", id, i, len(ring))
				continue
			}
			for _, p := range ring {
				if len(p) != 2 || !bound.Contains(orb.Point{p[0], p[1]}) {
					t.Errorf("%s: position %v is not [longitude, latitude] in Thailand", id, p)
					return
				}
			}
			area := 0.0
			for k := 0; k+1 < len(ring); k++ {
				area += ring[k][0]*ring[k+1][1] - ring[k+1][0]*ring[k][1]
			}
			if outer := i == 0; (area > 0) != outer {
				t.Errorf("%s: ring %d winds the wrong way (outer %v, signed area %v)", id, i, outer, area)
			}
		}
	}
}

func equal(a, b []float64) bool { return len(a) == 2 && len(b) == 2 && a[0] == b[0] && a[1] == b[1] }

// TestGeoJSONRewindsRings feeds a clockwise exterior with a
// counter-clockwise hole, as many files in the wild have them, and gets
// them back the RFC 7946 way, rounded to 6 decimals.
func TestGeoJSONRewindsRings(t *testing.T) {
	cw := orb.Ring{{100, 14}, {100, 15.0000004}, {101, 15}, {101, 14}, {100, 14}}
	ccwHole := orb.Ring{{100.2, 14.2}, {100.8, 14.2}, {100.8, 14.8}, {100.2, 14.8}, {100.2, 14.2}}
	collapsed := orb.Ring{{100.1, 14.1}, {100.1000001, 14.1}, {100.1, 14.1000001}, {100.1, 14.1}}
	shapes := []mapping.RegionShape{{Region: mapping.Region{Code: "R1"}, Geometry: orb.MultiPolygon{{cw, ccwHole, collapsed}}}}
	run := reports.Run{Report: &reports.Report{Regions: []reports.Row{{RegionCode: "R1", Service: "legal_aid", Level: 1, GapClass: reports.GapNoService}}}}
	var buf bytes.Buffer
	if err := reports.WriteGeoJSON(&buf, run, shapes); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Features []struct {
			Geometry struct {
				Coordinates [][][][]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	polys := doc.Features[0].Geometry.Coordinates
	if len(polys) != 1 || len(polys[0]) != 2 {
		t.Fatalf("want one polygon with its hole, the collapsed ring dropped: %v", polys)
	}
	checkPolygons(t, "R1", polys, orb.Bound{Min: orb.Point{99, 13}, Max: orb.Point{102, 16}})
	if !strings.Contains(buf.String(), "[100,15]") {
		t.Errorf("coordinates not rounded to 6 decimals: %s", buf.String())
	}
}

func TestCSVExport(t *testing.T) {
	env, run := thaiRun(t)
	rows, err := csv.NewReader(bytes.NewReader(export(t, env, run, reports.ExportOptions{Format: reports.FormatCSV}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "region_code,region_name,level,parent_code,service,providers_located,providers_serving,capacity,population,providers_per_100k,nearest_km,population_within_share,access_index,unmet_demand,gap_class,unmet_demand_suppressed" {
		t.Errorf("header: %v", rows[0])
	}
	rep := run.Report
	if want := 1 + len(rep.Regions) + len(rep.Parents) + len(rep.Countries); len(rows) != want {
		t.Errorf("%d lines, want header and %d rows", len(rows), want-1)
	}
	for _, r := range rows[1:] {
		if r[0] == "TH10" && r[4] == "accommodation" {
			// 3 needs: withheld in a file (k = 11), empty and flagged.
			if r[5] != "0" || r[13] != "" || r[14] != "no_service" || r[15] != "true" {
				t.Errorf("TH10 accommodation: located %q, unmet %q, gap %q, withheld %q", r[5], r[13], r[14], r[15])
			}
		}
		if r[0] == "TH63" && r[4] == "accommodation" {
			if a, err := strconv.ParseFloat(r[12], 64); err != nil || a <= 0 {
				t.Errorf("TH63 accommodation access index %q", r[12])
			}
		}
	}
	hxl, err := csv.NewReader(bytes.NewReader(export(t, env, run, reports.ExportOptions{Format: reports.FormatCSV, HXL: true}))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(hxl) != 2+len(rep.Regions) || strings.Join(hxl[1], " ") != strings.Join(reports.HXLTags(1), " ") {
		t.Errorf("hxl: %d lines, tags %v", len(hxl), hxl[1])
	}
	for _, tag := range hxl[1] {
		if !strings.HasPrefix(tag, "#") || strings.ContainsAny(tag, " ,") {
			t.Errorf("not an HXL hashtag: %q", tag)
		}
	}
}

func TestCSVDefusesFormulas(t *testing.T) {
	rep := &reports.Report{Regions: []reports.Row{{RegionCode: "R1", RegionName: "=HYPERLINK(\"http://x\")", Service: "legal_aid", GapClass: "covered"},
		{RegionCode: "R2", RegionName: "-2+3", Service: "legal_aid", GapClass: "covered"}}}
	var buf bytes.Buffer
	if err := reports.WriteCSV(&buf, rep, false); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&buf).ReadAll()
	if rows[1][1] != "'=HYPERLINK(\"http://x\")" || rows[2][1] != "'-2+3" {
		t.Errorf("names: %q %q", rows[1][1], rows[2][1])
	}
}

func TestXLSXHasASheetPerService(t *testing.T) {
	env, run := thaiRun(t)
	f, err := excelize.OpenReader(bytes.NewReader(export(t, env, run, reports.ExportOptions{Format: reports.FormatXLSX})))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "accommodation,legal_aid,method" {
		t.Fatalf("sheets: %s", got)
	}
	rows, err := f.GetRows("accommodation")
	if err != nil {
		t.Fatal(err)
	}
	rep := run.Report
	if strings.Join(rows[0], ",") != strings.Join(reports.Columns, ",") || len(rows) != 1+(len(rep.Regions)+len(rep.Parents)+len(rep.Countries))/2 {
		t.Errorf("accommodation sheet: %d rows, header %v", len(rows), rows[0])
	}
	typ, err := f.GetCellType("accommodation", "F2")
	if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
		t.Errorf("providers_located is not a number cell: %v %v", typ, err)
	}
	for _, r := range rows[1:] {
		if r[4] != "accommodation" {
			t.Errorf("a %s row on the accommodation sheet", r[4])
		}
	}
	method, _ := f.GetRows("method")
	found := false
	for _, r := range method {
		if len(r) == 2 && r[0] == "boundary set" && r[1] == "th version 1, level 1" {
			found = true
		}
	}
	if !found {
		t.Errorf("method sheet: %v", method)
	}
	// No hidden or region_only place anywhere in the workbook's text.
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, r := range rows {
			for _, c := range r {
				for _, secret := range []string{"18.712345", "98.976543", "13.765432", "100.512345", "Ghost", "Quiet"} {
					if strings.Contains(c, secret) {
						t.Errorf("sheet %s holds %q", sheet, secret)
					}
				}
			}
		}
	}
}

func TestExportOptions(t *testing.T) {
	for _, tc := range []struct {
		opts  reports.ExportOptions
		field string
	}{
		{reports.ExportOptions{Format: "docx"}, "format"},
		{reports.ExportOptions{Format: reports.FormatJSON, HXL: true}, "hxl"},
		{reports.ExportOptions{Format: reports.FormatCSV, HXL: true}, ""},
		{reports.ExportOptions{Format: reports.FormatGeoJSON}, ""},
	} {
		err := tc.opts.Check()
		if (err == nil) != (tc.field == "") || (err != nil && !strings.Contains(err.Error(), tc.field)) {
			t.Errorf("%+v: %v", tc.opts, err)
		}
	}
}
