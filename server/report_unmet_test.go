package server

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/reports"
	"github.com/haven-project/haven/surveys/feedback"
)

// The unmet needs participants report reach the gap report withheld where
// they would point at few people: 3 needs of legal aid in Tak are withheld
// on the API (k = 5) and in files (k = 11), 7 of accommodation in
// Bangkok only in files; each country total adding a withheld count up is
// withheld with it.
func TestReportAPIWithholdsSmallUnmetDemand(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		e := feedbackEnvOn(t, newTestEnv(t, db, Config{}))
		e.srv.deps.Reports.SetUnmetDemand(feedback.NewUnmetDemandReader(db.DB))
		collector := e.testEnv.token(accounts.RoleCollector)
		for i := range 10 {
			need := feedback.UnmetNeed{ServiceType: "accommodation", RegionCode: "TH10"}
			if i < 3 {
				need = feedback.UnmetNeed{ServiceType: "legal_aid", RegionCode: "TH63"}
			}
			b, _ := json.Marshal(feedback.ResponseInput{InstanceID: uuid.NewString(), Language: "en", Consent: true, Group: "survivor",
				DraftOrder: []string{"A"}, Tasks: []feedback.TaskInput{{Task: "shelter", Chosen: []string{e.shelterID}, Seconds: new(30)}},
				UnmetNeeds: []feedback.UnmetNeed{need}})
			w := e.do(request{method: "POST", path: "/api/v1/feedback-tests/" + e.testID + "/responses", body: string(b), token: collector})
			if w.Code != http.StatusCreated {
				t.Fatalf("facilitate: %d %s", w.Code, w.Body)
			}
		}
		researcher := e.testEnv.token(accounts.RoleResearcher)
		w := e.do(request{method: "POST", path: "/api/v1/reports/runs", token: researcher,
			body: `{"set":"th","level":1,"services":["accommodation","legal_aid"]}`})
		if w.Code != http.StatusCreated {
			t.Fatalf("create: %d %s", w.Code, w.Body)
		}
		want := map[string]string{"legal_aid/TH63": "withheld", "legal_aid/TH": "withheld", "accommodation/TH10": "7", "accommodation/TH": "7"}
		var run reports.Run
		decode(t, w, &run)
		checkUnmetJSON(t, "the new run", run, want)
		var read reports.Run
		decode(t, e.do(request{method: "GET", path: "/api/v1/reports/runs/" + run.ID, token: researcher}), &read)
		checkUnmetJSON(t, "the run read back", read, want)
		if !strings.Contains(w.Body.String(), `"unmet_demand_suppressed":true`) || strings.Contains(w.Body.String(), `"unmet_demand":3`) {
			t.Errorf("the JSON shows a withheld count or no flag")
		}

		w = e.do(request{method: "GET", path: "/api/v1/reports/runs/" + run.ID + "?format=csv", token: researcher})
		if w.Code != http.StatusOK {
			t.Fatalf("CSV: %d %s", w.Code, w.Body)
		}
		records, err := csv.NewReader(w.Body).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, c := range records[0] {
			col[c] = i
		}
		inFile := map[string]string{"legal_aid/TH63": "|true", "legal_aid/TH": "|true", "accommodation/TH10": "|true", "accommodation/TH": "|true"}
		for _, r := range records[1:] {
			k := r[col["service"]] + "/" + r[col["region_code"]]
			if wantCell, ok := inFile[k]; ok {
				if got := r[col["unmet_demand"]] + "|" + r[col["unmet_demand_suppressed"]]; got != wantCell {
					t.Errorf("CSV %s: %q, want %q (empty and flagged)", k, got, wantCell)
				}
				delete(inFile, k)
			}
		}
		if len(inFile) != 0 {
			t.Errorf("CSV lacks rows %v", inFile)
		}

		w = e.do(request{method: "GET", path: "/api/v1/reports/compare?a=" + run.ID + "&b=" + run.ID + "&format=csv", token: researcher})
		if w.Code != http.StatusOK {
			t.Fatalf("comparison CSV: %d %s", w.Code, w.Body)
		}
		for _, line := range strings.Split(w.Body.String(), "\n") {
			if strings.HasPrefix(line, "TH10,") && strings.Contains(line, ",accommodation,") && !strings.HasSuffix(line, ",true,true") {
				t.Errorf("comparison CSV shows Bangkok's 7 needs: %s", line)
			}
		}
	})
}

// checkUnmetJSON checks the unmet demand of rows of a run as the API gives
// it: a count, or "withheld" (null and flagged).
func checkUnmetJSON(t *testing.T, what string, run reports.Run, want map[string]string) {
	t.Helper()
	if run.Report == nil {
		t.Fatalf("%s: no report", what)
	}
	rows := append(append(append([]reports.Row{}, run.Report.Regions...), run.Report.Parents...), run.Report.Countries...)
	found := 0
	for _, r := range rows {
		k := r.Service + "/" + r.RegionCode
		w, ok := want[k]
		if !ok {
			continue
		}
		found++
		got := "none"
		switch {
		case r.UnmetDemandSuppressed && r.UnmetDemand == nil:
			got = "withheld"
		case r.UnmetDemand != nil && !r.UnmetDemandSuppressed:
			got = strings.TrimSuffix(jsonText(*r.UnmetDemand), ".0")
		}
		if got != w {
			t.Errorf("%s: %s shows %s, want %s", what, k, got, w)
		}
	}
	if found != len(want) {
		t.Errorf("%s: %d of the %d rows checked are in the report", what, found, len(want))
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
