package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/reports"
)

// The printable report through the API: HTML shown in the browser under
// a policy that allows its stylesheet alone, PDF where Chromium is
// installed (a clear 400 where it is not), one service kept alone, and
// large answers compressed for clients that take gzip.
func TestReportPrintableAPI(t *testing.T) {
	env := reportEnv(t, dbtest.OpenSQLite(t))
	researcher := env.token(accounts.RoleResearcher)
	w := env.do(request{method: "POST", path: "/api/v1/reports/runs", token: researcher,
		body: `{"set":"th","level":1,"services":["accommodation","legal_aid"],"method":"e2sfca"}`})
	var run reports.Run
	decode(t, w, &run)
	base := "/api/v1/reports/runs/" + run.ID

	w = env.do(request{method: "GET", path: base + "?format=html", token: researcher})
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "text/html; charset=utf-8" ||
		!strings.HasPrefix(w.Header().Get("Content-Disposition"), `inline; filename="coverage-th-level1-e2sfca-`) ||
		w.Header().Get("Content-Security-Policy") != reports.PrintableCSP() {
		t.Fatalf("html: %d %v", w.Code, w.Header())
	}
	for _, want := range []string{"<svg class=\"map map-main\"", "Service types with no provider", "Methods: where every number comes from"} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("the html report lacks %q", want)
		}
	}
	w = env.do(request{method: "GET", path: base + "?format=html&service=legal_aid&measure=nearest_km", token: researcher})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Distance to the nearest public provider: ") {
		t.Errorf("html of one measure: %d", w.Code)
	}
	for _, q := range []string{"?format=html&measure=beds", "?format=csv&service=medical", "?format=html&measure=nearest_km", "?measure=nearest_km"} {
		wantProblem(t, env.do(request{method: "GET", path: base + q, token: researcher}), http.StatusBadRequest)
	}

	// One service alone, as JSON.
	w = env.do(request{method: "GET", path: base + "?service=legal_aid", token: researcher})
	var one reports.Run
	decode(t, w, &one)
	if w.Code != http.StatusOK || len(one.Report.Regions) != 77 || one.Report.Regions[0].Service != "legal_aid" {
		t.Errorf("one service: %d, %d rows", w.Code, len(one.Report.Regions))
	}

	// Compressed for a browser, the same run.
	w = env.do(request{method: "GET", path: base, token: researcher, header: map[string]string{"Accept-Encoding": "gzip, deflate, br"}})
	if w.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("not compressed: %v", w.Header())
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	var unzipped reports.Run
	if err := json.Unmarshal(plain, &unzipped); err != nil || unzipped.ID != run.ID || len(unzipped.Report.Regions) != 154 {
		t.Errorf("the compressed run: %v, %d rows", err, len(unzipped.Report.Regions))
	}
	if w := env.do(request{method: "GET", path: base, token: researcher, header: map[string]string{"Accept-Encoding": "gzip;q=0"}}); w.Header().Get("Content-Encoding") != "" {
		t.Error("compressed for a client that refuses gzip")
	}

	t.Run("pdf without Chromium", func(t *testing.T) {
		t.Setenv(reports.ChromiumEnv, "/nonexistent/chromium")
		p := wantProblem(t, env.do(request{method: "GET", path: base + "?format=pdf", token: researcher}), http.StatusBadRequest)
		if len(p.Errors) == 0 || p.Errors[0].Field != "format" || !strings.Contains(p.Errors[0].Message, "Chromium") {
			t.Errorf("problem: %+v", p)
		}
	})
	t.Run("pdf", func(t *testing.T) {
		if _, err := exec.LookPath("/usr/bin/chromium"); err != nil {
			t.Skip("PDF NOT TESTED through the API: install chromium")
		}
		w := env.do(request{method: "GET", path: base + "?format=pdf", token: researcher, header: map[string]string{"Accept-Encoding": "gzip"}})
		if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" || w.Header().Get("Content-Encoding") != "" ||
			!bytes.HasPrefix(w.Body.Bytes(), []byte("%PDF-")) || !strings.HasSuffix(w.Header().Get("Content-Disposition"), `.pdf"`) {
			t.Errorf("pdf: %d %v %.10q", w.Code, w.Header(), w.Body.String())
		}
	})
}
