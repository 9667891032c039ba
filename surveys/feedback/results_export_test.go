package feedback

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/haven-project/haven/surveys"
	"github.com/xuri/excelize/v2"
)

func TestWriteCSV(t *testing.T) {
	test := resultsTest(BreakdownDraft, BreakdownGroup)
	test.Tasks[0].Scenario = surveys.Text{English: "=HYPERLINK(\"http://x\")"}
	// k = 5 here to see a rate in the file; exports use 11.
	res := Analyse(test, loadResponses(t, test), ResultsOptions{K: KAnalyst})
	var buf bytes.Buffer
	if err := WriteCSV(&buf, res); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(ExportColumns, ",") {
		t.Fatalf("header %v", rows[0])
	}
	find := func(section, item, draft, variable, value, measure string) []string {
		t.Helper()
		for _, r := range rows[1:] {
			if r[0] == section && r[1] == item && r[3] == draft && r[4] == variable && r[5] == value && r[7] == measure {
				return r
			}
		}
		t.Fatalf("no row %s %s %s %s %s %s", section, item, draft, variable, value, measure)
		return nil
	}
	// Draft A, everyone: 11 of 11 solved the shelter task (Wilson [0.7412, 1]).
	if got := strings.Join(find("task", "shelter", "A", "", "", "success_rate")[8:], ","); got != "11,1.0000,0.7412,1.0000,no," {
		t.Errorf("A's success row ends %s", got)
	}
	// Draft B: 3 of 9 — 3 is under 5, so the count and the rate are out.
	if got := strings.Join(find("task", "shelter", "B", "", "", "successes")[8:], ","); got != ",,,,yes,"+string(ReasonSmallCell) {
		t.Errorf("B's successes row ends %s", got)
	}
	if got := strings.Join(find("task", "shelter", "B", "", "", "success_rate")[9:], ","); got != ",,,yes,"+string(ReasonHiddenCell) {
		t.Errorf("B's success rate row ends %s", got)
	}
	if got := find("task", "shelter", "A", "", "", "successes")[2]; !strings.HasPrefix(got, "'=") {
		t.Errorf("a label starting with = is written as %q", got)
	}
	// The content section and the preferred draft: 8 on draft A said
	// they understood "Your rights"; 3 said no preference, under 5.
	if got := find("section", "rights", "A", "", "", "understood_yes"); got[8] != "8" || got[2] != "Your rights" {
		t.Errorf("the understood row is %v", got)
	}
	if got := strings.Join(find("preference", "", "all", "", "", "not_said")[8:], ","); got != ",,,,yes,"+string(ReasonSmallCell) {
		t.Errorf("the not-said row ends %s", got)
	}
	for _, r := range rows[1:] {
		if r[12] == "no" && strings.Contains(",1,2,3,4,", ","+r[8]+",") {
			t.Errorf("row %v shows a count under 5", r)
		}
	}
}

func TestWriteXLSX(t *testing.T) {
	test := resultsTest(BreakdownDraft, BreakdownGroup)
	res := Analyse(test, loadResponses(t, test), ResultsOptions{K: KExport})
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, res); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("results")
	if err != nil {
		t.Fatal(err)
	}
	if want := len(exportRows(res)) + 1; len(rows) != want {
		t.Errorf("%d rows, want %d", len(rows), want)
	}
	about, _ := f.GetRows("about")
	if len(about) == 0 || !strings.Contains(about[1][0], "Counts from 1 to 10 are suppressed") {
		t.Errorf("about sheet %v", about)
	}
}
