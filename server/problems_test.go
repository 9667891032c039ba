package server

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
)

func TestBadRequestsGetProblems(t *testing.T) {
	env := newTestEnv(t, dbtest.OpenSQLite(t), Config{BodyLimit: 1024})
	admin := env.token(accounts.RoleAdmin)
	big := `{"email":"` + strings.Repeat("a", 2000) + `@example.org","role":"viewer"}`
	tests := []struct {
		name   string
		req    request
		status int
		detail string // a fragment the detail must hold
		fields []string
	}{
		{"unknown API route", request{method: "GET", path: "/api/v1/no-such-thing"}, 404, "no API endpoint", nil},
		{"unknown route outside v1", request{method: "GET", path: "/api/v2/users"}, 404, "no API endpoint", nil},
		{"method not allowed", request{method: "PUT", path: "/api/v1/users", token: admin, body: "{}"}, 405, "does not take PUT", nil},
		{"malformed JSON", request{method: "POST", path: "/api/v1/users", token: admin, body: `{"email": "a@`}, 400, "malformed JSON", nil},
		{"JSON syntax error", request{method: "POST", path: "/api/v1/users", token: admin, body: `{"email" "x"}`}, 400, "malformed JSON at byte", nil},
		{"two JSON values", request{method: "POST", path: "/api/v1/users", token: admin, body: `{} {}`}, 400, "more than one", nil},
		{"empty body", request{method: "POST", path: "/api/v1/users", token: admin, contentType: "application/json", body: " "}, 400, "empty", nil},
		{"wrong type", request{method: "POST", path: "/api/v1/users", token: admin, body: `{"email": 5}`}, 400, "wrong type", []string{"email"}},
		{"unknown field", request{method: "POST", path: "/api/v1/users", token: admin, body: `{"mail": "x"}`}, 400, "does not take", []string{"mail"}},
		{"oversized body", request{method: "POST", path: "/api/v1/users", token: admin, body: big}, 413, "larger than", nil},
		{"wrong content type", request{method: "POST", path: "/api/v1/users", token: admin, body: "email=a", contentType: "application/x-www-form-urlencoded"}, 415, "application/json", nil},
		{"every bad field at once", request{method: "POST", path: "/api/v1/users", token: admin, body: `{"email":"nope","role":"king","password":"short"}`},
			400, "invalid", []string{"email", "role", "password"}},
		{"bad cursor", request{method: "GET", path: "/api/v1/users?cursor=zzz", token: admin}, 400, "cursor", []string{"cursor"}},
		{"bad limit", request{method: "GET", path: "/api/v1/users?limit=0", token: admin}, 400, "limit", []string{"limit"}},
		{"bad audit date", request{method: "GET", path: "/api/v1/audit?since=yesterday", token: admin}, 400, "invalid", []string{"since"}},
		{"not an Authorization scheme we take", request{method: "GET", path: "/api/v1/me", header: map[string]string{"Authorization": "Basic eDp5"}}, 401, "Bearer", nil},
		{"bogus token", request{method: "GET", path: "/api/v1/me", token: "hvn_bogus"}, 401, "not valid", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := wantProblem(t, env.do(tc.req), tc.status)
			if !strings.Contains(p.Detail, tc.detail) {
				t.Errorf("detail %q lacks %q", p.Detail, tc.detail)
			}
			var got []string
			for _, f := range p.Errors {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Errorf("fields = %v, want %v", got, tc.fields)
			}
		})
	}
}

// TestInternalErrorsLeakNothing makes a handler fail with SQL-like text and
// panic with a file path: the client sees neither, only the request ID.
func TestInternalErrorsLeakNothing(t *testing.T) {
	env := newSQLiteEnv(t)
	env.srv.handle(env.srv.engine, "", "GET", "/test/fail", public, func(c *gin.Context) error {
		return errors.New(`pq: relation "users" does not exist: SELECT password_hash FROM users`)
	})
	env.srv.handle(env.srv.engine, "", "GET", "/test/panic", public, func(c *gin.Context) error {
		panic("runtime error at /work/main/server/secret.go:42")
	})
	for _, path := range []string{"/test/fail", "/test/panic"} {
		w := env.do(request{method: "GET", path: path})
		p := wantProblem(t, w, http.StatusInternalServerError)
		body := w.Body.String()
		for _, leak := range []string{"SELECT", "password_hash", "relation", ".go", "/work/", "goroutine"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s: response leaks %q: %s", path, leak, body)
			}
		}
		if !strings.Contains(p.Detail, p.RequestID) {
			t.Errorf("%s: detail %q does not quote the request ID", path, p.Detail)
		}
		if !strings.Contains(env.logs.String(), p.RequestID) {
			t.Errorf("%s: the log has no entry with the request ID", path)
		}
	}
}

func TestSecureHeaders(t *testing.T) {
	env := newSQLiteEnv(t)
	for _, path := range []string{"/login", "/api/v1/me", "/healthz"} {
		w := env.do(request{method: "GET", path: path})
		h := w.Header()
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get(requestIDHeader) == "" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	// A caller's request ID is echoed when plain, replaced when not.
	w := env.do(request{method: "GET", path: "/healthz", header: map[string]string{requestIDHeader: "abc-123"}})
	if got := w.Header().Get(requestIDHeader); got != "abc-123" {
		t.Errorf("request ID = %q, want the caller's", got)
	}
	w = env.do(request{method: "GET", path: "/healthz", header: map[string]string{requestIDHeader: "bad\nid"}})
	if got := w.Header().Get(requestIDHeader); got == "bad\nid" || got == "" {
		t.Errorf("request ID = %q, want a fresh one", got)
	}
}

func TestNoSecretInLogs(t *testing.T) {
	env := newSQLiteEnv(t)
	cookie, csrf := env.login(accounts.RoleAdmin)
	w := env.do(request{method: "POST", path: "/api/v1/me/tokens", body: `{"name":"x"}`, cookie: cookie, csrf: csrf})
	var created tokenCreated
	decode(t, w, &created)
	env.do(request{method: "GET", path: "/api/v1/me", token: created.Secret})
	env.do(request{method: "POST", path: "/api/v1/session", body: `{"email":"admin@example.org","password":"a wrong password"}`})
	logs := env.logs.String()
	for _, secret := range []string{testPassword, "a wrong password", created.Secret, cookie.Value, csrf} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log holds a secret %q", secret)
		}
	}
	if !strings.Contains(logs, `"route":"/api/v1/me"`) {
		t.Errorf("requests are not logged: %s", logs)
	}
}

func TestMetrics(t *testing.T) {
	env := newSQLiteEnv(t)
	env.do(request{method: "GET", path: "/healthz"})
	env.do(request{method: "GET", path: "/api/v1/nothing-here"})
	body := env.do(request{method: "GET", path: "/metrics"}).Body.String()
	for _, want := range []string{
		`haven_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`haven_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`haven_http_request_duration_seconds_bucket{method="GET",route="/healthz"`,
		`go_sql_max_open_connections{db_name="haven"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestUnknownHSDSPathIsAProblem(t *testing.T) {
	env := newSQLiteEnv(t)
	wantProblem(t, env.do(request{method: "GET", path: "/hsds/no-such-table", token: env.token(accounts.RoleViewer)}), http.StatusNotFound)
}
