package server

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/hsds"
)

const hsdsExamples = "../mapping/hsds/testdata/hsds3/examples"

// hsdsPage is the HSDS paging envelope as a client reads it.
type hsdsPage struct {
	TotalItems int              `json:"total_items"`
	TotalPages int              `json:"total_pages"`
	PageNumber int              `json:"page_number"`
	Size       int              `json:"size"`
	FirstPage  bool             `json:"first_page"`
	LastPage   bool             `json:"last_page"`
	Empty      bool             `json:"empty"`
	Contents   []map[string]any `json:"contents"`
}

func (e *testEnv) hsdsGet(t *testing.T, token, path string, v any) {
	t.Helper()
	w := e.do(request{method: "GET", path: path, token: token})
	if w.Code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
	if w.Header().Get("Cache-Control") != "no-store" && path != "/hsds/" {
		t.Errorf("GET %s: Cache-Control %q", path, w.Header().Get("Cache-Control"))
	}
	decode(t, w, v)
}

// hsdsClearedAdmin makes an admin with the confidential grant and a token.
func (e *testEnv) hsdsClearedAdmin(t *testing.T) (accounts.User, string) {
	t.Helper()
	u, err := e.accounts.CreateUser(context.Background(), accounts.NewUser{Email: "cleared-hsds@example.org", Role: accounts.RoleAdmin,
		Grants: []accounts.Grant{accounts.GrantConfidential}, Password: testPassword})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := e.accounts.CreateToken(context.Background(), u.ID, "hsds")
	if err != nil {
		t.Fatal(err)
	}
	return u, token
}

func TestHSDSEndpoints(t *testing.T) {
	env := newSQLiteEnv(t)
	cleared, _ := env.hsdsClearedAdmin(t)
	var orgs []string
	for i := range 3 {
		lat, lon := 13.7+float64(i)/10, 100.5
		p, err := env.dir.Create(context.Background(), cleared, mapping.Provider{Name: fmt.Sprintf("Org %d", i), Country: "TH",
			Locations: []mapping.Location{{Name: "House", Latitude: &lat, Longitude: &lon}},
			Services:  []mapping.Service{{Type: "legal_aid"}, {Type: "medical"}}})
		if err != nil {
			t.Fatal(err)
		}
		orgs = append(orgs, p.ID)
	}
	token := env.token(accounts.RoleViewer)

	var root hsds.Root
	env.hsdsGet(t, token, "/hsds/", &root)
	if root.Version != "3.0" || root.Profile != hsds.ProfileURI || root.OpenAPIURL == "" {
		t.Errorf("root: %+v", root)
	}

	for _, tc := range []struct {
		query                      string
		total, pages, number, size int
		first, last, empty         bool
	}{
		{"per_page=4", 6, 2, 1, 4, true, false, false},
		{"per_page=4&page=2", 6, 2, 2, 2, false, true, false},
		{"per_page=4&page=3", 6, 2, 3, 0, false, true, true},
		{"organization_id=" + orgs[1], 2, 1, 1, 2, true, true, false},
		{"organization_id=nobody", 0, 0, 1, 0, true, true, true},
	} {
		var p hsdsPage
		env.hsdsGet(t, token, "/hsds/services?"+tc.query, &p)
		if p.TotalItems != tc.total || p.TotalPages != tc.pages || p.PageNumber != tc.number || p.Size != tc.size ||
			p.FirstPage != tc.first || p.LastPage != tc.last || p.Empty != tc.empty || len(p.Contents) != tc.size {
			t.Errorf("services?%s: %+v", tc.query, p)
		}
	}

	var services hsdsPage
	env.hsdsGet(t, token, "/hsds/services", &services)
	svc := services.Contents[0]
	org, _ := svc["organization"].(map[string]any)
	if svc["status"] != "active" || svc["name"] == nil || org["id"] == nil || svc["service_at_locations"] != nil {
		t.Errorf("service list item: %v", svc)
	}
	var full map[string]any
	env.hsdsGet(t, token, "/hsds/services/"+svc["id"].(string), &full)
	if full["service_at_locations"] == nil || full["attributes"] == nil || full["organization"] == nil || full["cost_options"] == nil {
		t.Errorf("full service: %v", full)
	}

	var organizations hsdsPage
	env.hsdsGet(t, token, "/hsds/organizations", &organizations)
	if organizations.TotalItems != 3 || organizations.Contents[0]["locations"] != nil {
		t.Errorf("organizations: %+v", organizations)
	}
	var orgFull map[string]any
	env.hsdsGet(t, token, "/hsds/organizations/"+orgs[0], &orgFull)
	if list, _ := orgFull["services"].([]any); len(list) != 2 || orgFull["locations"] == nil {
		t.Errorf("organization: %v", orgFull)
	}

	var sals hsdsPage
	env.hsdsGet(t, token, "/hsds/service_at_locations?per_page=1", &sals)
	if sals.TotalItems != 6 || sals.Contents[0]["location"] == nil || sals.Contents[0]["service"] == nil {
		t.Errorf("service_at_locations: %+v", sals)
	}
	var sal map[string]any
	env.hsdsGet(t, token, "/hsds/service_at_locations/"+sals.Contents[0]["id"].(string), &sal)
	if sal["location"] == nil || sal["service"] == nil {
		t.Errorf("service_at_location: %v", sal)
	}

	var taxonomies hsdsPage
	env.hsdsGet(t, token, "/hsds/taxonomies?per_page=100", &taxonomies)
	var servicesTaxonomy string
	for _, x := range taxonomies.Contents {
		if x["name"] == "haven-services" {
			servicesTaxonomy = x["id"].(string)
		}
	}
	if servicesTaxonomy == "" {
		t.Fatalf("taxonomies: %+v", taxonomies)
	}
	var one map[string]any
	env.hsdsGet(t, token, "/hsds/taxonomies/"+servicesTaxonomy, &one)
	var terms hsdsPage
	env.hsdsGet(t, token, "/hsds/taxonomy_terms?per_page=500&top_only=true&taxonomy_id="+servicesTaxonomy, &terms)
	if terms.TotalItems < 16 {
		t.Errorf("top terms of haven-services: %d", terms.TotalItems)
	}
	for _, term := range terms.Contents {
		detail, _ := term["taxonomy_detail"].(map[string]any)
		if term["parent_id"] != nil || detail["name"] != "haven-services" {
			t.Errorf("term: %v", term)
		}
	}
	env.hsdsGet(t, token, "/hsds/taxonomy_terms/"+terms.Contents[0]["id"].(string), &one)

	for path, status := range map[string]int{
		"/hsds/services?per_page=0":    http.StatusBadRequest,
		"/hsds/services?per_page=9999": http.StatusBadRequest,
		"/hsds/services?page=x":        http.StatusBadRequest,
		"/hsds/services?full=maybe":    http.StatusBadRequest,
		"/hsds/services?format=ndjson": http.StatusBadRequest,
		"/hsds/services/nope":          http.StatusNotFound,
		"/hsds/organizations/nope":     http.StatusNotFound,
		"/hsds/taxonomy_terms/nope":    http.StatusNotFound,
	} {
		wantProblem(t, env.do(request{method: "GET", path: path, token: token}), status)
	}
	wantProblem(t, env.do(request{method: "GET", path: "/hsds/services"}), http.StatusUnauthorized)
	wantProblem(t, env.do(request{method: "POST", path: "/hsds/services", token: token, body: "{}"}), http.StatusMethodNotAllowed)
}

// TestHSDSRedaction reads every HSDS view, fully nested, as users without
// the confidential grant and checks for the secrets of region_only and
// hidden locations; a cleared admin sees them.
func TestHSDSRedaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newTestEnv(t, db, Config{})
		cleared, clearedToken := env.hsdsClearedAdmin(t)
		ctx := context.Background()
		env.dir.Create(ctx, cleared, secretProvider("Open", mapping.TierPublic, 16.7011111, 98.5011111))
		env.dir.Create(ctx, cleared, secretProvider("Quiet", mapping.TierRegionOnly, 16.7233333, 98.5733333))
		hidden, _ := env.dir.Create(ctx, cleared, secretProvider("Ghost", mapping.TierHidden, 16.7344444, 98.5844444))
		secrets := []string{"16.72333", "98.57333", "Quiet Safehouse", "77 Quiet Lane", "Quietville", "+66 Quiet 4242",
			"16.73444", "98.58444", "Ghost Safehouse", "77 Ghost Lane", "Ghostville", "+66 Ghost 4242", "Walk Ghost Shelter"}
		read := func(token string) string {
			var all strings.Builder
			for _, list := range []string{"services", "organizations", "service_at_locations"} {
				var p hsdsPage
				env.hsdsGet(t, token, "/hsds/"+list+"?full=true&per_page=500", &p)
				for _, item := range p.Contents {
					w := env.do(request{method: "GET", path: "/hsds/" + list + "/" + item["id"].(string) + "?full_service=true", token: token})
					all.WriteString(w.Body.String())
				}
				b, _ := json.Marshal(p)
				all.Write(b)
			}
			return all.String()
		}
		for _, r := range accounts.Roles {
			body := read(env.token(r))
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s without the grant reads %q through /hsds", r, s)
				}
			}
			if !strings.Contains(body, "77 Open Lane") || !strings.Contains(body, `"code":"region_only"`) {
				t.Errorf("%s misses the public data", r)
			}
			wantProblem(t, env.do(request{method: "GET", path: "/hsds/organizations/" + hidden.ID, token: env.token(r)}), http.StatusNotFound)
		}
		if body := read(clearedToken); !strings.Contains(body, "77 Ghost Lane") || !strings.Contains(body, "16.7233333") {
			t.Error("the cleared admin does not see the confidential locations")
		}
	})
}

// hsdsMultipart builds an upload: form fields and files.
func hsdsMultipart(t *testing.T, fields map[string]string, files map[string][]byte) (string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for field, body := range files {
		name := field + ".bin"
		if field == "file" {
			name = "upload.zip"
		}
		if i := strings.IndexByte(field, ':'); i > 0 {
			field, name = field[:i], field[i+1:]
		}
		f, err := mw.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(body)
	}
	mw.Close()
	return b.String(), mw.FormDataContentType()
}

// hsdsZipFolder zips the files of a folder.
func hsdsZipFolder(t *testing.T, dir string) []byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		f, _ := zw.Create("export/" + e.Name())
		f.Write(body)
	}
	zw.Close()
	return b.Bytes()
}

type hsdsImportAnswer struct {
	problem
	Report hsds.Report `json:"report"`
}

func TestHSDSImportUpload(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newTestEnv(t, db, Config{})
		admin, viewer := env.token(accounts.RoleAdmin), env.token(accounts.RoleViewer)
		pkg := hsdsZipFolder(t, hsdsExamples+"/csv")
		upload := func(token string, fields map[string]string, files map[string][]byte) *hsdsImportAnswer {
			body, ct := hsdsMultipart(t, fields, files)
			w := env.do(request{method: "POST", path: "/api/v1/hsds/imports", token: token, body: body, contentType: ct})
			var a hsdsImportAnswer
			if w.Code != http.StatusCreated && w.Code != http.StatusBadRequest {
				t.Fatalf("upload: %d %s", w.Code, w.Body)
			}
			decode(t, w, &a)
			if w.Code == http.StatusCreated {
				decode(t, w, &a.Report)
			}
			a.Status = w.Code
			return &a
		}

		strict := upload(admin, nil, map[string][]byte{"file": pkg})
		if strict.Status != http.StatusBadRequest || strict.Type != "/problems/invalid" || len(strict.Report.Problems) < 20 || strict.Report.Written {
			t.Fatalf("strict upload: %+v", strict)
		}
		if w := env.do(request{method: "GET", path: "/api/v1/providers", token: admin}); strings.Contains(w.Body.String(), "Example Organization") {
			t.Error("a refused import wrote providers")
		}
		lenient := upload(admin, map[string]string{"mode": "lenient"}, map[string][]byte{"file": pkg})
		if lenient.Status != http.StatusCreated || lenient.Report.Imported != 1 || fmt.Sprint(lenient.Report.Problems) != fmt.Sprint(strict.Report.Problems) {
			t.Errorf("lenient upload: %+v", lenient.Report)
		}
		if w := env.do(request{method: "GET", path: "/api/v1/providers/d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", token: viewer}); w.Code != http.StatusOK {
			t.Errorf("imported provider: %d %s", w.Code, w.Body)
		}

		doc := `{"id":"0a0a0a0a-0000-4000-8000-000000000001","name":"Advice line","status":"active",
		  "organization":{"id":"0a0a0a0a-0000-4000-8000-000000000002","name":"Law Centre","description":"Free law."},
		  "attributes":[{"id":"0a0a0a0a-0000-4000-8000-000000000003","taxonomy_term":{"id":"0a0a0a0a-0000-4000-8000-000000000004",
		    "code":"XYZ-1","name":"Legal counsel","description":"Legal counsel","taxonomy":"AIRS"}}]}`
		mapped := upload(admin, map[string]string{"country": "KH"}, map[string][]byte{"file:service.json": []byte(doc),
			"taxonomy_map:map.csv": []byte("foreign_term,haven_code\nXYZ-1,legal_aid\n")})
		if mapped.Status != http.StatusCreated || mapped.Report.ImportedServices != 1 || mapped.Report.Format != "HSDS 3 JSON" {
			t.Errorf("import with a taxonomy map: %+v", mapped)
		}
		if w := env.do(request{method: "GET", path: "/api/v1/providers/0a0a0a0a-0000-4000-8000-000000000002", token: viewer}); !strings.Contains(w.Body.String(), `"type":"legal_aid"`) || !strings.Contains(w.Body.String(), `"country":"KH"`) {
			t.Errorf("mapped provider: %s", w.Body)
		}

		for name, tc := range map[string]struct {
			token  string
			fields map[string]string
			files  map[string][]byte
			status int
		}{
			"viewer":    {viewer, nil, map[string][]byte{"file": pkg}, http.StatusForbidden},
			"no file":   {admin, map[string]string{"mode": "lenient"}, nil, http.StatusBadRequest},
			"bad mode":  {admin, map[string]string{"mode": "sloppy"}, map[string][]byte{"file": pkg}, http.StatusBadRequest},
			"not a zip": {admin, nil, map[string][]byte{"file": []byte("PK\x03\x04garbage")}, http.StatusBadRequest},
			"not JSON":  {admin, nil, map[string][]byte{"file:x.json": []byte("{oops")}, http.StatusBadRequest},
		} {
			body, ct := hsdsMultipart(t, tc.fields, tc.files)
			w := env.do(request{method: "POST", path: "/api/v1/hsds/imports", token: tc.token, body: body, contentType: ct})
			if w.Code != tc.status {
				t.Errorf("%s: %d %s", name, w.Code, w.Body)
			}
		}
	})
}
