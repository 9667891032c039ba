package server

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
)

func TestSurveyAPI(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenSQLite(t), Config{})
	editor, collector, viewer := env.token(accounts.RoleEditor), env.token(accounts.RoleCollector), env.token(accounts.RoleViewer)
	xlsx, err := os.ReadFile("../surveys/testdata/pyxform/example_xls/xlsform_spec_test.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	body, ctype := multipartBody(t, nil, "xlsform_spec_test.xlsx", xlsx)
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/surveys", body: body, contentType: ctype, token: collector}), http.StatusForbidden)
	w := env.do(request{method: "POST", path: "/api/v1/surveys", body: body, contentType: ctype, token: editor})
	if w.Code != http.StatusCreated || !strings.Contains(w.Body.String(), `"warnings":[`) {
		t.Fatalf("publish: %d %s", w.Code, w.Body)
	}
	var pub published
	decode(t, w, &pub)

	w = env.do(request{method: "GET", path: "/api/v1/surveys/" + pub.SurveyID + "/xform", token: viewer})
	sum := md5.Sum(w.Body.Bytes())
	if w.Code != 200 || hex.EncodeToString(sum[:]) != pub.XFormMD5 {
		t.Errorf("XForm download does not match its md5: %d", w.Code)
	}
	if w := env.do(request{method: "GET", path: "/api/v1/surveys/" + pub.SurveyID + "/xlsform", token: viewer}); w.Code != 200 || !strings.HasPrefix(w.Body.String(), "PK") {
		t.Errorf("XLSForm download: %d", w.Code)
	}
	bad, badType := multipartBody(t, nil, "broken.xlsx", []byte("not a workbook"))
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/surveys", body: bad, contentType: badType, token: editor}), http.StatusBadRequest)

	def := `{"form_id":"sites","name":"sites","title":"Sites","kind":"provider_mapping","questions":[
		{"type":"text","name":"org","label":{"":"Organisation"},"required":true},
		{"type":"integer","name":"beds","label":{"":"Beds"},"constraint":". >= 0"}]}`
	w = env.do(request{method: "POST", path: "/api/v1/surveys", body: def, token: editor})
	if w.Code != http.StatusCreated {
		t.Fatalf("publish JSON: %d %s", w.Code, w.Body)
	}
	id := uuid.NewString()
	sub := `{"instance_id":"uuid:` + id + `","answers":{"org":"Tak House","beds":4}}`
	if w := env.do(request{method: "POST", path: "/api/v1/surveys/sites/submissions", body: sub, token: collector}); w.Code != http.StatusCreated {
		t.Fatalf("submit: %d %s", w.Code, w.Body)
	}
	if w := env.do(request{method: "POST", path: "/api/v1/surveys/sites/submissions", body: sub, token: collector}); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"created":false`) {
		t.Errorf("retry: %d %s", w.Code, w.Body)
	}
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/surveys/sites/submissions", token: collector,
		body: `{"instance_id":"` + id + `","answers":{"org":"Changed"}}`}), http.StatusConflict)
	p := wantProblem(t, env.do(request{method: "POST", path: "/api/v1/surveys/sites/submissions", token: collector,
		body: `{"instance_id":"` + uuid.NewString() + `","answers":{"beds":"many"}}`}), http.StatusBadRequest)
	if len(p.Errors) != 2 {
		t.Errorf("every problem at once: %+v", p.Errors)
	}
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/surveys/sites/submissions", body: sub, token: viewer}), http.StatusForbidden)
	var n int64
	env.srv.deps.DB.Raw("SELECT COUNT(*) FROM submissions").Scan(&n)
	if n != 1 {
		t.Errorf("%d submissions stored, want 1", n)
	}
}
