package main

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/reports"
)

// workedExample is reference §4's worked example (pysal access): three
// regions with one population point and one provider each, placed so that
// the great-circle distances keep the published catchment membership.
const workedExample = "../../reports/testdata/worked_example/"

// TestReportCoverageReproducesTheWorkedExample runs the acceptance
// check through the command line: the published 2SFCA access index
// A = (0.761364, 0.958333, 1.094697) with d0 = 45 km, to 1e-6, in the CSV.
func TestReportCoverageReproducesTheWorkedExample(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				db = []string{"--database", dbtest.EmptyPostgresSchema(t)}
			}
			must := func(args ...string) (string, string) {
				t.Helper()
				out, stderr, err := run(t, "", append(args, db...)...)
				if err != nil {
					t.Fatalf("haven %s: %v\n%s", strings.Join(args, " "), err, stderr)
				}
				return out, stderr
			}
			must("regions", "import", workedExample+"regions.geojson", "--set", "we", "--level", "1", "--code", "code", "--name", "name", "--country-prop", "country")
			must("population", "import", workedExample+"population.csv", "--lon", "lon", "--lat", "lat", "--population", "population", "--name", "name", "--source", "worked")
			// Importing the same source again replaces it: the result is the same.
			must("population", "import", workedExample+"population.csv", "--lon", "lon", "--lat", "lat", "--population", "population", "--name", "name", "--source", "worked")
			must("providers", "import", workedExample+"providers.csv")

			out, stderr := must("report", "coverage", "--method", "2sfca", "--catchment-km", "45", "--level", "1")
			firstRun := regexp.MustCompile(`stored as run ([0-9a-f-]{36})`).FindStringSubmatch(stderr)
			if firstRun == nil {
				t.Fatalf("no run ID on standard error: %q", stderr)
			}
			rows := readCSV(t, out)
			if got := strings.Join(rows[0], ","); got != strings.Join(reports.Columns, ",") {
				t.Fatalf("header %s", got)
			}
			want := map[string]float64{"WE1": 0.761364, "WE2": 0.958333, "WE3": 1.094697}
			at := column(rows[0])
			sumPA := 0.0
			for code, a := range want {
				r := find(t, rows, code)
				got, err := strconv.ParseFloat(r[at["access_index"]], 64)
				if err != nil || math.Abs(got-a) > 1e-6 {
					t.Errorf("%s: access_index %q, want %.6f", code, r[at["access_index"]], a)
				}
				pop, _ := strconv.ParseFloat(r[at["population"]], 64)
				sumPA += pop * got
				if r[at["providers_located"]] != "1" || r[at["gap_class"]] != "covered" || r[at["unmet_demand"]] != "" {
					t.Errorf("%s: %v", code, r)
				}
			}
			if math.Abs(sumPA-135) > 1e-6 {
				t.Errorf("Σ P·A = %v, want 135 = Σ S", sumPA)
			}
			// The country roll-up follows the regions.
			if r := find(t, rows, "TH"); r[at["level"]] != "0" || r[at["providers_located"]] != "3" {
				t.Errorf("country roll-up: %v", r)
			}
			// WE3's provider is hidden: it counts, but its point is in no output.
			hiddenPoint := []string{"100.509269", "100.50927"}
			files := t.TempDir()
			for _, f := range []string{"json", "geojson", "csv", "xlsx"} {
				file := filepath.Join(files, "we."+f)
				must("report", "export", firstRun[1], "--format", f, "--out", file)
				body, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				if f == "xlsx" {
					if !strings.HasPrefix(string(body), "PK") {
						t.Errorf("the xlsx export is no zip file")
					}
					continue // compressed: its text is checked in the reports package
				}
				for _, p := range hiddenPoint {
					if strings.Contains(string(body), p) {
						t.Errorf("the %s export holds the hidden provider's longitude %s", f, p)
					}
				}
			}
			var run reports.Run
			body, _ := os.ReadFile(filepath.Join(files, "we.json"))
			if err := json.Unmarshal(body, &run); err != nil || run.ID != firstRun[1] || run.DataVersions.BoundarySet != "we" ||
				run.DataVersions.PopulationSource == "" || run.Parameters.CatchmentKm != 45 {
				t.Errorf("json export: %v %+v", err, run)
			}

			// HXL: a hashtag row under the header, the regions alone.
			out, _ = must("report", "coverage", "--method", "2sfca", "--catchment-km", "45", "--level", "1", "--set", "we", "--hxl")
			rows = readCSV(t, out)
			if len(rows) != 5 || rows[1][0] != "#adm1+code" || rows[1][4] != "#service+code" || rows[1][8] != "#population+total" {
				t.Errorf("hxl: %v", rows)
			}

			// A third round with a smaller catchment, compared with the first.
			_, stderr = must("report", "coverage", "--method", "2sfca", "--catchment-km", "5", "--within-km", "5", "--level", "1")
			third := regexp.MustCompile(`stored as run ([0-9a-f-]{36})`).FindStringSubmatch(stderr)[1]
			out, _ = must("report", "list")
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 4 || !strings.HasPrefix(lines[1], third) || !strings.HasPrefix(lines[3], firstRun[1]) {
				t.Errorf("report list (newest first):\n%s", out)
			}
			out, stderr = must("report", "compare", firstRun[1], third, "--format", "csv")
			rows = readCSV(t, out)
			at = column(rows[0])
			if r := find(t, rows, "WE1"); r[at["access_index_before"]] == "" || r[at["gap_before"]] != "covered" {
				t.Errorf("compare: %v", r)
			}
			if !strings.Contains(stderr, "unchanged") {
				t.Errorf("compare summary: %q", stderr)
			}
		})
	}
}

func TestReportCoverageRefusesBadInput(t *testing.T) {
	db := []string{"--data-dir", t.TempDir(), "--database", ""}
	if _, stderr, err := run(t, "", append([]string{"regions", "import", workedExample + "regions.geojson", "--set", "we", "--level", "1",
		"--code", "code", "--name", "name", "--country-prop", "country"}, db...)...); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string // in the error
	}{
		{"bad method", []string{"--level", "1", "--method", "3sfca"}, []string{"method"}},
		{"negative catchment", []string{"--level", "1", "--catchment-km", "-5"}, []string{"catchment_km", "negative"}},
		{"unknown service", []string{"--level", "1", "--services", "shelterz"}, []string{"services[0]", "shelterz"}},
		{"level without regions", []string{"--level", "2"}, []string{"level", "no boundary set has regions at level 2"}},
		{"unknown set", []string{"--level", "1", "--set", "nope"}, []string{"set", "nope"}},
		{"bad format", []string{"--level", "1", "--format", "docx"}, []string{"format"}},
		{"hxl not csv", []string{"--level", "1", "--format", "json", "--hxl"}, []string{"hxl"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := run(t, "", append(append([]string{"report", "coverage"}, tc.args...), db...)...)
			if err == nil {
				t.Fatal("succeeded")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
	out, _, err := run(t, "", append([]string{"report", "list"}, db...)...)
	if err != nil || strings.Count(out, "\n") != 1 {
		t.Errorf("failed runs were stored: %v\n%s", err, out)
	}
}

func readCSV(t *testing.T, s string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("not a CSV report: %v\n%s", err, s)
	}
	return rows
}

func column(header []string) map[string]int {
	at := map[string]int{}
	for i, h := range header {
		at[h] = i
	}
	return at
}

func find(t *testing.T, rows [][]string, code string) []string {
	t.Helper()
	for _, r := range rows[1:] {
		if r[0] == code {
			return r
		}
	}
	t.Fatalf("no row for %s", code)
	return nil
}
