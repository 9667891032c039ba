package reports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/reports"
	"github.com/xuri/excelize/v2"
)

// unmetEnv is a reports service over Thailand's provinces and districts,
// with unmet demand reported in districts of Tak (TH63) and Chiang Mai
// (TH50): a few needs, and some more.
func unmetEnv(t *testing.T, db *database.DB) *ioEnv {
	t.Helper()
	env := newIOEnv(t, db)
	env.importThaiProvinces()
	env.importRegions("th_adm2.geojson", mapping.RegionImport{Set: "th", Level: 2, CodeProp: "ADM2_PCODE", NameProp: "ADM2_EN", ParentCodeProp: "ADM1_PCODE", Country: "TH"})
	env.unmet.bySet = map[string]map[string]map[string]int{"th": {
		"TH6302": {"accommodation": 3},                   // Ban Tak
		"TH6306": {"accommodation": 14},                  // Mae Sot
		"TH5004": {"accommodation": 12, "legal_aid": 30}, // Chiang Dao
		"TH5002": {"accommodation": 7},                   // Chom Thong
	}}
	return env
}

// unmetShown is what a report shows of unmet demand at the codes asked,
// by service/code: the count, "withheld", or "" for none.
func unmetShown(rows []reports.Row, codes ...string) map[string]string {
	out := map[string]string{}
	for _, r := range rows {
		for _, c := range codes {
			if r.RegionCode != c {
				continue
			}
			switch {
			case r.UnmetDemandSuppressed && r.UnmetDemand == nil:
				out[r.Service+"/"+c] = "withheld"
			case r.UnmetDemandSuppressed:
				out[r.Service+"/"+c] = "withheld, yet shown"
			case r.UnmetDemand != nil:
				out[r.Service+"/"+c] = strconv.FormatFloat(*r.UnmetDemand, 'f', -1, 64)
			}
		}
	}
	return out
}

func allRows(rep *reports.Report) []reports.Row {
	return append(append(append([]reports.Row{}, rep.Regions...), rep.Parents...), rep.Countries...)
}

var codes = []string{"TH6302", "TH6306", "TH5004", "TH5002", "TH63", "TH50", "TH"}

// Unmet demand leaves the server withheld under k = 5 in the API (a run
// as created, read and compared) and under k = 11 in every file, with
// every roll-up that would give a withheld count away; the stored run
// keeps the counts.
func TestUnmetDemandIsWithheldWhereItLeaves(t *testing.T) {
	forAPI := map[string]string{
		"accommodation/TH6302": "withheld", "accommodation/TH6306": "14", "accommodation/TH5004": "12", "accommodation/TH5002": "7",
		"accommodation/TH63": "withheld", "accommodation/TH50": "19", "accommodation/TH": "withheld",
		"legal_aid/TH5004": "30", "legal_aid/TH50": "30", "legal_aid/TH": "30",
	}
	forFiles := map[string]string{
		"accommodation/TH6302": "withheld", "accommodation/TH6306": "14", "accommodation/TH5004": "12", "accommodation/TH5002": "withheld",
		"accommodation/TH63": "withheld", "accommodation/TH50": "withheld", "accommodation/TH": "withheld",
		"legal_aid/TH5004": "30", "legal_aid/TH50": "30", "legal_aid/TH": "30",
	}
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := unmetEnv(t, db)
		ctx := context.Background()
		researcher := user(accounts.RoleResearcher)
		params := reports.RunParams{Set: "th", Level: 2, Params: reports.Params{Services: []string{"accommodation", "legal_aid"}}}
		run, err := env.svc.Run(ctx, researcher, params)
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, rows []reports.Row, want map[string]string) {
			t.Helper()
			got := unmetShown(rows, codes...)
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s: %s shows %q, want %q", what, k, got[k], v)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%s: %v, want %v", what, got, want)
			}
		}
		check("the new run", allRows(run.Report), forAPI)
		got, err := env.svc.Get(ctx, researcher, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		check("the run read back", allRows(got.Report), forAPI)
		if notes := strings.Join(got.Report.Method.Notes, "\n"); !strings.Contains(notes, "at least 5 needs") {
			t.Errorf("no method note on withheld unmet demand: %s", notes)
		}
		var stored string
		db.Table("report_runs").Where("id = ?", run.ID).Pluck("results", &stored)
		if !strings.Contains(stored, `"region_code":"TH6302"`) || !strings.Contains(stored, `"unmet_demand":3,`) {
			t.Error("the stored run lost the counts it keeps")
		}

		// Files: CSV, JSON, GeoJSON, XLSX and the printable report.
		var buf bytes.Buffer
		if err := env.svc.Export(ctx, got, reports.ExportOptions{Format: reports.FormatJSON}, &buf); err != nil {
			t.Fatal(err)
		}
		var file reports.Run
		if err := json.Unmarshal(buf.Bytes(), &file); err != nil {
			t.Fatal(err)
		}
		check("the JSON file", allRows(file.Report), forFiles)
		if notes := strings.Join(file.Report.Method.Notes, "\n"); !strings.Contains(notes, "at least 11 needs") || strings.Contains(notes, "at least 5 needs") {
			t.Errorf("the file's method notes: %s", notes)
		}
		if got.Report.Regions[0].UnmetDemandSuppressed != run.Report.Regions[0].UnmetDemandSuppressed {
			t.Error("exporting changed the run it was given")
		}

		buf.Reset()
		if err := env.svc.Export(ctx, got, reports.ExportOptions{Format: reports.FormatCSV}, &buf); err != nil {
			t.Fatal(err)
		}
		records, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, c := range records[0] {
			col[c] = i
		}
		csvShown := map[string]string{}
		for _, r := range records[1:] {
			code, svc := r[col["region_code"]], r[col["service"]]
			switch n, flag := r[col["unmet_demand"]], r[col["unmet_demand_suppressed"]]; {
			case flag == "true" && n == "":
				csvShown[svc+"/"+code] = "withheld"
			case flag != "":
				csvShown[svc+"/"+code] = "withheld, yet " + n
			case n != "":
				csvShown[svc+"/"+code] = n
			}
		}
		for k, v := range forFiles {
			if csvShown[k] != v {
				t.Errorf("CSV: %s shows %q, want %q", k, csvShown[k], v)
			}
		}

		buf.Reset()
		if err := env.svc.Export(ctx, got, reports.ExportOptions{Format: reports.FormatXLSX}, &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		sheet, _ := x.GetRows("accommodation")
		for _, r := range sheet[1:] {
			if r[0] == "TH5002" && (len(r) < 16 || r[13] != "" || r[15] != "TRUE") {
				t.Errorf("XLSX: Chom Thong's 7 needs: %q", r)
			}
		}

		buf.Reset()
		if err := env.svc.Export(ctx, got, reports.ExportOptions{Format: reports.FormatGeoJSON}, &buf); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"region_code":"TH5002","region_name":"Chom Thong"`} {
			i := strings.Index(buf.String(), want)
			if i < 0 {
				t.Fatalf("GeoJSON: no %s", want)
			}
			feature := buf.String()[i:]
			feature = feature[:strings.Index(feature, "}")]
			if !strings.Contains(feature, `"unmet_demand":null`) || !strings.Contains(feature, `"unmet_demand_suppressed":true`) {
				t.Errorf("GeoJSON: %s", feature)
			}
		}

		buf.Reset()
		if err := env.svc.Export(ctx, got, reports.ExportOptions{Format: reports.FormatHTML}, &buf); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "at least 11 needs") {
			t.Error("the printable report's methods do not say how unmet demand is withheld")
		}

		// A comparison: the API's, then a file's.
		env.unmet.bySet["th"]["TH6306"]["accommodation"] = 16
		later, err := env.svc.Run(ctx, researcher, params)
		if err != nil {
			t.Fatal(err)
		}
		c, err := env.svc.Compare(ctx, researcher, run.ID, later.ID)
		if err != nil {
			t.Fatal(err)
		}
		deltas := map[string]*float64{}
		var before, after []reports.Row
		for _, r := range c.Rows {
			deltas[r.Service+"/"+r.RegionCode] = r.Delta.UnmetDemand
			before, after = append(before, *r.Before), append(after, *r.After)
		}
		check("the comparison, before", before, forAPI)
		if d := deltas["accommodation/TH6306"]; d == nil || *d != 2 {
			t.Errorf("Mae Sot's change: %v, want 2", d)
		}
		if d := deltas["accommodation/TH63"]; d != nil {
			t.Errorf("Tak's change is shown (%v) though its counts are withheld", *d)
		}
		fc := env.svc.ComparisonForExport(c)
		before, after = nil, nil
		for _, r := range fc.Rows {
			before, after = append(before, *r.Before), append(after, *r.After)
			if r.RegionCode == "TH5002" && r.Service == "accommodation" && r.Delta.UnmetDemand != nil {
				t.Errorf("a file shows Chom Thong's change %v", *r.Delta.UnmetDemand)
			}
		}
		check("the comparison file, before", before, forFiles)
		buf.Reset()
		if err := reports.WriteComparisonCSV(&buf, fc); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "unmet_demand_suppressed_before,unmet_demand_suppressed_after") {
			t.Errorf("comparison CSV header: %s", buf.String()[:strings.Index(buf.String(), "\n")])
		}
	})
}

// A max_unmet_demand norm between 0 and k − 1 would tell, through the gap
// class, how many needs a withheld count holds: a run refuses it.
func TestRunRefusesUnmetNormsThatTell(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := unmetEnv(t, db)
		for _, tc := range []struct {
			max  float64
			kind haven.Kind
		}{{3, haven.KindInvalid}, {0, 0}, {10, 0}} {
			_, err := env.svc.Run(context.Background(), user(accounts.RoleResearcher), reports.RunParams{Set: "th", Level: 1,
				Params: reports.Params{Services: []string{"accommodation"}, Rules: &reports.GapRules{Default: &reports.Norm{MaxUnmetDemand: &tc.max}}}})
			if haven.KindOf(err) != tc.kind || (err == nil) != (tc.kind == 0) {
				t.Errorf("max_unmet_demand %v: %v", tc.max, err)
			}
		}
	})
}
