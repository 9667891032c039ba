package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/surveys/feedback"
	"github.com/xuri/excelize/v2"
)

// Results: analysts only; k = 5 on the API, nothing hidden and free text
// for the raw_data grant (audited), k = 11 in exports for everyone.
func TestFeedbackResultsAPI(t *testing.T) {
	e := newFeedbackEnv(t)
	collector := e.testEnv.token(accounts.RoleCollector)
	for range 7 {
		w := e.do(request{method: "POST", path: "/api/v1/feedback-tests/" + e.testID + "/responses", body: e.response(true), token: collector})
		if w.Code != http.StatusCreated {
			t.Fatalf("facilitate: %d %s", w.Code, w.Body)
		}
	}
	path := "/api/v1/feedback-tests/" + e.testID + "/results"
	for _, tc := range []struct {
		role accounts.Role
		path string
		want int
	}{
		{accounts.RoleViewer, path, http.StatusForbidden},
		{accounts.RoleCollector, path, http.StatusForbidden},
		{accounts.RoleCollector, path + ".csv", http.StatusForbidden},
		{accounts.RoleResearcher, path + "?audience=everyone", http.StatusBadRequest},
		{accounts.RoleResearcher, "/api/v1/feedback-tests/nope/results", http.StatusNotFound},
		{accounts.RoleResearcher, "/api/v1/feedback-tests/nope/results.xlsx", http.StatusNotFound},
	} {
		if w := e.do(request{method: "GET", path: tc.path, token: e.testEnv.token(tc.role)}); w.Code != tc.want {
			t.Errorf("GET %s as %s: %d, want %d", tc.path, tc.role, w.Code, tc.want)
		}
	}

	var res feedback.Results
	w := e.do(request{method: "GET", path: path, token: e.testEnv.token(accounts.RoleResearcher)})
	decode(t, w, &res)
	if res.K != feedback.KAnalyst || res.Total.N == nil || *res.Total.N != 7 || len(res.FreeText) != 0 {
		t.Errorf("researcher: k %d, total %+v, %d free text items", res.K, res.Total, len(res.FreeText))
	}
	if s := res.Tasks[0].Cells[0][0].Success; s.Value == nil || *s.Value != 1 || s.CI == nil {
		t.Errorf("success of 7 of 7: %+v", s)
	}

	researcher := e.users[accounts.RoleResearcher]
	grants := []accounts.Grant{accounts.GrantRawData}
	if _, err := e.accounts.UpdateUser(context.Background(), researcher.ID, accounts.UserPatch{Grants: &grants}); err != nil {
		t.Fatal(err)
	}
	raw := e.testEnv.token(accounts.RoleResearcher)
	res = feedback.Results{}
	decode(t, e.do(request{method: "GET", path: path, token: raw}), &res)
	if res.K != 0 || len(res.FreeText) != 7 || strings.Contains(res.FreeText[0].Text, "234 5678") {
		t.Errorf("raw data: k %d, free text %+v", res.K, res.FreeText)
	}
	events, _, err := e.audit.List(context.Background(), auditFilter("feedback.free_text_read"))
	if err != nil || len(events) != 1 || events[0].ActorID != researcher.ID {
		t.Errorf("audited free text reads: %+v %v", events, err)
	}
	res = feedback.Results{}
	decode(t, e.do(request{method: "GET", path: path + "?audience=export", token: raw}), &res)
	if res.K != feedback.KExport || res.Total.N != nil || len(res.FreeText) != 0 {
		t.Errorf("printable summary: k %d, total %+v, %d free text items", res.K, res.Total, len(res.FreeText))
	}

	w = e.do(request{method: "GET", path: path + ".csv", token: raw})
	if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/csv") ||
		w.Header().Get("Content-Disposition") != `attachment; filename="feedback-`+e.testID+`-results.csv"` {
		t.Fatalf("CSV: %d %v", w.Code, w.Header())
	}
	rows, err := csv.NewReader(w.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Seven participants: under 11, so the export hides the total.
	if rows[1][7] != "participants" || rows[1][8] != "" || rows[1][12] != "yes" {
		t.Errorf("CSV total row %v, want it suppressed", rows[1])
	}
	w = e.do(request{method: "GET", path: path + ".xlsx", token: raw})
	if w.Code != http.StatusOK {
		t.Fatalf("XLSX: %d", w.Code)
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if sheets := f.GetSheetList(); strings.Join(sheets, ",") != "results,about" {
		t.Errorf("XLSX sheets %v", sheets)
	}
}
