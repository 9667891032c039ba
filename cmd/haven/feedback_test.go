package main

import (
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/demo"
	"github.com/haven-project/haven/surveys/feedback"
)

// The demo's feedback test through the command line: listed with its ID
// first, and its results exported as CSV and JSON at k = 11, the same
// figures both ways.
func TestFeedbackCommands(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			if name == "postgres" {
				db = []string{"--database", dbtest.EmptyPostgresSchema(t)}
			}
			must := func(args ...string) string {
				t.Helper()
				out, stderr, err := run(t, "", append(args, db...)...)
				if err != nil {
					t.Fatalf("haven %s: %v\n%s", strings.Join(args, " "), err, stderr)
				}
				return out
			}
			must("demo")
			list := must("feedback", "list")
			lines := strings.Split(strings.TrimSuffix(list, "\n"), "\n")
			if len(lines) != 1 || !regexp.MustCompile(`^[0-9a-f-]{36}\tclosed\tTH\t\d+\t`+regexp.QuoteMeta(demo.FeedbackTestTitle)+`$`).MatchString(lines[0]) {
				t.Fatalf("feedback list printed %q", list)
			}
			id := strings.Split(lines[0], "\t")[0]

			rows, err := csv.NewReader(strings.NewReader(must("feedback", "results", id))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(rows[0], ",") != strings.Join(feedback.ExportColumns, ",") {
				t.Fatalf("CSV header %v", rows[0])
			}
			var res feedback.Results
			if err := json.Unmarshal([]byte(must("feedback", "results", id, "--format", "json")), &res); err != nil {
				t.Fatal(err)
			}
			if res.K != feedback.KExport || res.TestID != id || len(res.FreeText) != 0 {
				t.Errorf("JSON: k %d, test %s, %d free text items", res.K, res.TestID, len(res.FreeText))
			}
			// The CSV's first row is the total, as in the JSON.
			total := ""
			if res.Total.N != nil {
				total = strconv.Itoa(*res.Total.N)
			}
			if rows[1][7] != "participants" || rows[1][8] != total {
				t.Errorf("CSV total row %v, JSON total %+v", rows[1], res.Total)
			}
			for _, r := range rows[1:] {
				if n, err := strconv.Atoi(r[8]); err == nil && r[12] == "no" && n > 0 && n < feedback.KExport {
					t.Errorf("the export shows a count under 11: %v", r)
				}
			}
			if _, _, err := run(t, "", append([]string{"feedback", "results", id, "--format", "xml"}, db...)...); err == nil {
				t.Error("--format xml was accepted")
			}
			if _, _, err := run(t, "", append([]string{"feedback", "results", "no-such-test"}, db...)...); err == nil {
				t.Error("an unknown test gave results")
			}
		})
	}
}
