package server

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
)

// multipartBody builds a form with fields and one file.
func multipartBody(t *testing.T, fields map[string]string, filename string, content []byte) (string, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if filename != "" {
		fw, err := w.CreateFormFile("file", filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	w.Close()
	return buf.String(), w.FormDataContentType()
}

func TestRegionUpload(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenSQLite(t), Config{BodyLimit: 2 << 20})
	admin, editor := env.token(accounts.RoleAdmin), env.token(accounts.RoleEditor)
	thai, err := os.ReadFile("../demo/data/th_adm1.geojson")
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{"set": "th", "level": "1", "code": "ADM1_PCODE", "name": "ADM1_EN", "country": "TH"}
	upload := func(token string, fields map[string]string, name string, content []byte) *request {
		body, ctype := multipartBody(t, fields, name, content)
		return &request{method: "POST", path: "/api/v1/region-sets/imports", body: body, contentType: ctype, token: token}
	}
	wantProblem(t, env.do(*upload(editor, fields, "th.geojson", thai)), http.StatusForbidden)
	p := wantProblem(t, env.do(*upload(admin, fields, "bad.geojson", []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ADM1_PCODE":"X","ADM1_EN":"X"},"geometry":{"type":"Polygon","coordinates":[[[200,0],[201,0],[201,1],[200,0]]]}}]}`))), http.StatusBadRequest)
	if len(p.Errors) == 0 || p.Errors[0].Field != "features[0]" || !strings.Contains(p.Errors[0].Message, "out of range") {
		t.Errorf("a strict failure should list each feature's problem: %+v", p)
	}
	wantProblem(t, env.do(*upload(admin, fields, "x.geojson", []byte("not json"))), http.StatusBadRequest)
	wantProblem(t, env.do(*upload(admin, fields, "big.geojson", bytes.Repeat([]byte(" "), 3<<20))), http.StatusRequestEntityTooLarge)
	wantProblem(t, env.do(*upload(admin, map[string]string{"set": "th"}, "th.geojson", thai)), http.StatusBadRequest)
	w := env.do(*upload(admin, fields, "th.geojson", thai))
	if w.Code != http.StatusCreated || !strings.Contains(w.Body.String(), `"imported":77`) {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	w = env.do(request{method: "GET", path: "/api/v1/regions/TH63", token: editor})
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/geo+json" || !strings.Contains(w.Body.String(), `"MultiPolygon"`) {
		t.Errorf("region as GeoJSON: %d %s", w.Code, w.Header())
	}
}

func TestProviderAPI(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenSQLite(t), Config{})
	editor := env.token(accounts.RoleEditor)
	viewer := env.token(accounts.RoleViewer)
	body := `{"name":"Tak Shelter","country":"TH","locations":[{"tier":"public","latitude":16.7,"longitude":98.5}],
		"services":[{"type":"accommodation.emergency","languages":["th"]}]}`
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/providers", body: body, token: viewer}), http.StatusForbidden)
	p := wantProblem(t, env.do(request{method: "POST", path: "/api/v1/providers", token: editor,
		body: `{"name":"","country":"TH","services":[{"type":"shelter"}]}`}), http.StatusBadRequest)
	if len(p.Errors) != 2 || p.Errors[1].Field != "services[0].type" {
		t.Errorf("field errors: %+v", p.Errors)
	}
	w := env.do(request{method: "POST", path: "/api/v1/providers", body: body, token: editor})
	if w.Code != http.StatusCreated || w.Header().Get("ETag") != `"v1"` || w.Header().Get("Location") == "" {
		t.Fatalf("create: %d %v %s", w.Code, w.Header(), w.Body)
	}
	var created mapping.Provider
	decode(t, w, &created)
	path := "/api/v1/providers/" + created.ID

	if w := env.do(request{method: "GET", path: path, token: viewer, header: map[string]string{"If-None-Match": `"v1"`}}); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match: %d", w.Code)
	}
	w = env.do(request{method: "PATCH", path: path, token: editor, body: `{"name":"Tak Shelter for Women"}`, header: map[string]string{"If-Match": `"v1"`}})
	if w.Code != 200 || w.Header().Get("ETag") != `"v2"` {
		t.Fatalf("patch: %d %s", w.Code, w.Body)
	}
	wantProblem(t, env.do(request{method: "PATCH", path: path, token: editor, body: `{"name":"Lost update"}`,
		header: map[string]string{"If-Match": `"v1"`}}), http.StatusPreconditionFailed)
	wantProblem(t, env.do(request{method: "PATCH", path: path, token: editor, body: `{"name":"x"}`,
		header: map[string]string{"If-Match": `garbage`}}), http.StatusBadRequest)
	wantProblem(t, env.do(request{method: "PATCH", path: path, token: editor, body: `{"version":9}`}), http.StatusBadRequest)
	w = env.do(request{method: "GET", path: path + "/history", token: viewer})
	if !strings.Contains(w.Body.String(), "Tak Shelter for Women") {
		t.Errorf("history: %s", w.Body)
	}
	w = env.do(request{method: "GET", path: "/api/v1/providers?near=16.7,98.5&radius_km=5&service=accommodation", token: viewer})
	if !strings.Contains(w.Body.String(), `"distance_km":0`) {
		t.Errorf("search: %s", w.Body)
	}
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/providers?near=north", token: viewer}), http.StatusBadRequest)
	if w := env.do(request{method: "DELETE", path: path, token: editor}); w.Code != http.StatusNoContent {
		t.Fatalf("delete: %d", w.Code)
	}
	wantProblem(t, env.do(request{method: "GET", path: path, token: viewer}), http.StatusNotFound)
}

func TestBulkImportAPI(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenSQLite(t), Config{})
	editor := env.token(accounts.RoleEditor)
	w := env.do(request{method: "GET", path: "/api/v1/providers/template?format=xlsx", token: editor})
	if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("template: %d %v", w.Code, w.Header())
	}
	body, ctype := multipartBody(t, nil, "providers.xlsx", w.Body.Bytes())
	w = env.do(request{method: "POST", path: "/api/v1/providers/imports", body: body, contentType: ctype, token: editor})
	if w.Code != http.StatusCreated || !strings.Contains(w.Body.String(), `"imported":1`) {
		t.Fatalf("import the template's example: %d %s", w.Code, w.Body)
	}
	bad, ctype := multipartBody(t, nil, "p.csv", []byte("provider_key,name,country,service_type\na,X,TH,nonsense\n"))
	p := wantProblem(t, env.do(request{method: "POST", path: "/api/v1/providers/imports", body: bad, contentType: ctype, token: editor}), http.StatusBadRequest)
	if len(p.Errors) != 1 || p.Errors[0].Field != "rows[2].service_type" {
		t.Errorf("row problems: %+v", p.Errors)
	}
}
