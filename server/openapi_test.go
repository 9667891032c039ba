package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// openAPIMethods are the operation keys of an OpenAPI path item.
var openAPIMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

func newOpenAPITestServer(t *testing.T) *Server {
	t.Helper()
	return newSQLiteEnv(t).srv
}

// openAPIDocument is the part of the document the tests read; the rest is
// checked generically as JSON.
type openAPIDocument struct {
	OpenAPI string                                `json:"openapi"`
	Servers []struct{ URL string }                `json:"servers"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
}

type openAPIOperation struct {
	OperationID string                     `json:"operationId"`
	Responses   map[string]json.RawMessage `json:"responses"`
	Security    *[]map[string][]string     `json:"security"`
	Parameters  []json.RawMessage          `json:"parameters"`
}

func parseOpenAPIDoc(t *testing.T) openAPIDocument {
	t.Helper()
	var doc openAPIDocument
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("server/openapi.json is not valid JSON: %v", err)
	}
	return doc
}

// operations returns every operation of the document keyed "METHOD /path",
// with /path relative to the server URL /api/v1.
func (d openAPIDocument) operations(t *testing.T) map[string]openAPIOperation {
	t.Helper()
	ops := map[string]openAPIOperation{}
	for path, item := range d.Paths {
		for key, raw := range item {
			if !slices.Contains(openAPIMethods, key) {
				continue // parameters, summary, description, servers, $ref
			}
			var op openAPIOperation
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Errorf("%s %s: the operation does not parse: %v", strings.ToUpper(key), path, err)
				continue
			}
			ops[strings.ToUpper(key)+" "+path] = op
		}
	}
	return ops
}

var (
	ginParam       = regexp.MustCompile(`[:*]([A-Za-z0-9_]+)`)
	openAPIParam   = regexp.MustCompile(`\{([^}]+)\}`)
	openAPIVersion = regexp.MustCompile(`^3\.1\.\d+$`)
)

// openAPIPath turns a Gin route path under /api/v1 into its OpenAPI form:
// /api/v1/users/:id becomes /users/{id}.
func openAPIPath(ginPath string) string {
	return ginParam.ReplaceAllString(strings.TrimPrefix(ginPath, apiBase), "{$1}")
}

// TestOpenAPIDocumentsEveryRoute fails for every /api/v1 route the document
// leaves out and every documented operation the server does not have.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	s := newOpenAPITestServer(t)
	doc := parseOpenAPIDoc(t)
	documented := doc.operations(t)

	registered := map[string]string{} // "METHOD /path" (OpenAPI form) → Gin path
	for _, r := range s.engine.Routes() {
		if r.Path != apiBase && !strings.HasPrefix(r.Path, apiBase+"/") {
			continue
		}
		registered[r.Method+" "+openAPIPath(r.Path)] = r.Path
	}
	if len(registered) == 0 {
		t.Fatalf("the server registers no route under %s; the route walk is broken", apiBase)
	}

	keys := make([]string, 0, len(registered)+len(documented))
	for k := range registered {
		keys = append(keys, k)
	}
	for k := range documented {
		if _, ok := registered[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)

	var missing, extra []string
	for _, key := range keys {
		ginPath, isRoute := registered[key]
		_, isDocumented := documented[key]
		t.Run(key, func(t *testing.T) {
			switch {
			case isRoute && !isDocumented:
				method, path, _ := strings.Cut(key, " ")
				t.Errorf("route %s %s is missing from server/openapi.json: add paths[%q].%s",
					method, ginPath, path, strings.ToLower(method))
			case !isRoute && isDocumented:
				t.Errorf("server/openapi.json documents %s, but the server registers no such route under %s: "+
					"remove the operation or register the route in server/routes.go", key, apiBase)
			}
		})
		switch {
		case isRoute && !isDocumented:
			missing = append(missing, key)
		case !isRoute && isDocumented:
			extra = append(extra, key)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d route(s) missing from server/openapi.json:\n\t%s", len(missing), strings.Join(missing, "\n\t"))
	}
	if len(extra) > 0 {
		t.Errorf("%d documented operation(s) that do not exist:\n\t%s", len(extra), strings.Join(extra, "\n\t"))
	}
}

// TestOpenAPISecurityMatchesAccessRules checks that an operation is marked
// public (security: []) exactly when its route's access rule is public.
func TestOpenAPISecurityMatchesAccessRules(t *testing.T) {
	s := newOpenAPITestServer(t)
	doc := parseOpenAPIDoc(t)
	for key, op := range doc.operations(t) {
		method, path, _ := strings.Cut(key, " ")
		ginPath := openAPIParam.ReplaceAllString(path, ":$1")
		r, ok := s.rules[method+" "+apiBase+ginPath]
		if !ok {
			continue // TestOpenAPIDocumentsEveryRoute reports it
		}
		public := op.Security != nil && len(*op.Security) == 0
		if r.public && !public {
			t.Errorf("%s: the route is public, but the operation does not say security: []", key)
		}
		if !r.public && public {
			t.Errorf("%s: the route needs a signed-in caller (%s), but the operation says security: []", key, r.name)
		}
	}
}

// TestOpenAPIDocumentIsWellFormed checks the document's version, its
// operation IDs and responses, its path parameters and its references.
func TestOpenAPIDocumentIsWellFormed(t *testing.T) {
	doc := parseOpenAPIDoc(t)
	var root any
	if err := json.Unmarshal(openAPIDoc, &root); err != nil {
		t.Fatalf("server/openapi.json is not valid JSON: %v", err)
	}

	t.Run("version", func(t *testing.T) {
		if !openAPIVersion.MatchString(doc.OpenAPI) {
			t.Errorf("openapi is %q, want 3.1.x", doc.OpenAPI)
		}
	})

	t.Run("server url", func(t *testing.T) {
		if len(doc.Servers) != 1 || doc.Servers[0].URL != apiBase {
			t.Errorf("servers is %+v, want exactly [{url: %q}]: paths are written relative to it", doc.Servers, apiBase)
		}
	})

	t.Run("operations", func(t *testing.T) {
		ops := doc.operations(t)
		if len(ops) == 0 {
			t.Fatal("the document has no operations")
		}
		keys := make([]string, 0, len(ops))
		for key := range ops {
			keys = append(keys, key)
		}
		slices.Sort(keys)
		seen := map[string]string{}
		for _, key := range keys {
			op := ops[key]
			switch prev, dup := seen[op.OperationID]; {
			case op.OperationID == "":
				t.Errorf("%s has no operationId", key)
			case dup:
				t.Errorf("%s and %s share operationId %q; each must be unique", prev, key, op.OperationID)
			default:
				seen[op.OperationID] = key
			}
			if len(op.Responses) == 0 {
				t.Errorf("%s has no responses", key)
			}
		}
	})

	t.Run("path parameters", func(t *testing.T) {
		for path, item := range doc.Paths {
			declared := pathParams(t, root, item["parameters"])
			for key, raw := range item {
				if !slices.Contains(openAPIMethods, key) {
					continue
				}
				var op struct {
					Parameters json.RawMessage `json:"parameters"`
				}
				_ = json.Unmarshal(raw, &op)
				names := append(slices.Clone(declared), pathParams(t, root, op.Parameters)...)
				for _, m := range openAPIParam.FindAllStringSubmatch(path, -1) {
					if !slices.Contains(names, m[1]) {
						t.Errorf("%s %s: path parameter {%s} is not declared with in: path", strings.ToUpper(key), path, m[1])
					}
				}
			}
		}
	})

	t.Run("references", func(t *testing.T) {
		refs := 0
		walkRefs(root, "#", func(at, ref string) {
			refs++
			if !strings.HasPrefix(ref, "#/components/") {
				t.Errorf("%s: $ref %q does not point into #/components/", at, ref)
				return
			}
			if _, err := resolvePointer(root, ref); err != nil {
				t.Errorf("%s: $ref %q does not resolve: %v", at, ref, err)
			}
		})
		if refs == 0 {
			t.Error("the document has no $ref at all; the walk is broken or the document is not using its components")
		}
	})
}

// pathParams returns the names of the in: path parameters of a parameter
// list, following $refs.
func pathParams(t *testing.T, root any, raw json.RawMessage) []string {
	t.Helper()
	if len(raw) == 0 {
		return nil
	}
	var params []map[string]any
	if err := json.Unmarshal(raw, &params); err != nil {
		t.Errorf("parameters %s is not a list of objects: %v", raw, err)
		return nil
	}
	var names []string
	for _, p := range params {
		if ref, ok := p["$ref"].(string); ok {
			v, err := resolvePointer(root, ref)
			if err != nil {
				continue // the references subtest reports it
			}
			p, _ = v.(map[string]any)
		}
		if p["in"] == "path" {
			if name, ok := p["name"].(string); ok {
				names = append(names, name)
			}
		}
	}
	return names
}

// walkRefs calls fn for every "$ref" string in v, with a JSON pointer to where it is.
func walkRefs(v any, at string, fn func(at, ref string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if ref, ok := child.(string); ok && k == "$ref" {
				fn(at, ref)
				continue
			}
			walkRefs(child, at+"/"+escapePointer(k), fn)
		}
	case []any:
		for i, child := range v {
			walkRefs(child, fmt.Sprintf("%s/%d", at, i), fn)
		}
	}
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// resolvePointer follows a local JSON pointer such as #/components/schemas/User.
func resolvePointer(root any, ref string) (any, error) {
	pointer, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("only local references (#/...) are allowed")
	}
	v := root
	if pointer == "" {
		return v, nil
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q is not inside an object", tok)
		}
		if v, ok = m[tok]; !ok {
			return nil, fmt.Errorf("no %q", tok)
		}
	}
	return v, nil
}

// TestOpenAPIServedAsEmbedded checks that GET /api/v1/openapi.json answers
// the embedded document, byte for byte, as JSON.
func TestOpenAPIServedAsEmbedded(t *testing.T) {
	s := newOpenAPITestServer(t)
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, apiBase+"/openapi.json", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s/openapi.json: status %d, want 200; body: %s", apiBase, rec.Code, rec.Body)
	}
	ct := rec.Header().Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		t.Errorf("Content-Type is %q, want application/json", ct)
	}
	if !bytes.Equal(rec.Body.Bytes(), openAPIDoc) {
		t.Errorf("the served document (%d bytes) differs from the embedded server/openapi.json (%d bytes)",
			rec.Body.Len(), len(openAPIDoc))
	}
}
