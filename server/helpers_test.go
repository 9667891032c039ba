package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/reports"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
	"github.com/haven-project/haven/surveys/feedback"
	"github.com/haven-project/haven/surveys/xform"
)

const testPassword = "a long test password"

// testEnv is a server on a migrated database, with a user of every role.
type testEnv struct {
	t        testing.TB
	srv      *Server
	accounts *accounts.Service
	audit    *audit.Log
	regions  *mapping.Regions
	dir      *mapping.Directory
	users    map[accounts.Role]accounts.User
	logs     *syncBuffer
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newTestEnv(t testing.TB, db *database.DB, cfg Config) *testEnv {
	t.Helper()
	log := audit.New(db.DB)
	acc := accounts.NewService(db.DB, log)
	logs := &syncBuffer{}
	tax := mapping.NewTaxonomy(db.DB, log)
	regions := mapping.NewRegions(db.DB, log)
	dir, err := mapping.NewDirectory(context.Background(), db.DB, log, tax, regions)
	if err != nil {
		t.Fatal(err)
	}
	svc := surveys.NewService(db.DB, log, xform.Render)
	ds := drafts.NewService(drafts.NewStore(db.DB, log), dir, tax)
	srv, err := New(cfg, Deps{DB: db, Accounts: acc, Audit: log, Logger: slog.New(slog.NewJSONHandler(logs, nil)),
		Taxonomy: tax, Regions: regions, Directory: dir, Surveys: svc, Review: review.NewService(svc, dir, regions, log),
		Analytics: analytics.NewService(db.DB, svc, regions, log),
		Reports:   reports.NewService(db.DB, log, regions, tax, func(context.Context) (*mapping.Directory, error) { return dir, nil }, nil),
		Feedback:  feedback.NewService(db.DB, log, svc, ds, regions, tax, dir), Drafts: ds})
	if err != nil {
		t.Fatal(err)
	}
	env := &testEnv{t: t, srv: srv, accounts: acc, audit: log, regions: regions, dir: dir, users: map[accounts.Role]accounts.User{}, logs: logs}
	for _, r := range accounts.Roles {
		u, err := acc.CreateUser(context.Background(), accounts.NewUser{Email: string(r) + "@example.org", Role: r, Password: testPassword})
		if err != nil {
			t.Fatal(err)
		}
		env.users[r] = u
	}
	return env
}

func newSQLiteEnv(t *testing.T) *testEnv { return newTestEnv(t, dbtest.OpenSQLite(t), Config{}) }

// request is one HTTP call to the server under test.
type request struct {
	method, path string
	body         string
	contentType  string // defaults to application/json when body is set
	token        string // API token, sent as Bearer
	cookie       *http.Cookie
	csrf         string
	header       map[string]string
}

func (e *testEnv) do(r request) *httptest.ResponseRecorder {
	e.t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req := httptest.NewRequest(r.method, r.path, body)
	if r.body != "" {
		ct := r.contentType
		if ct == "" {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	if r.token != "" {
		req.Header.Set("Authorization", "Bearer "+r.token)
	}
	if r.cookie != nil {
		req.AddCookie(r.cookie)
	}
	if r.csrf != "" {
		req.Header.Set(csrfHeader, r.csrf)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.srv.Handler().ServeHTTP(w, req)
	return w
}

// login logs in as the user of role r and returns its cookie and CSRF token.
func (e *testEnv) login(r accounts.Role) (*http.Cookie, string) {
	e.t.Helper()
	w := e.do(request{method: "POST", path: "/api/v1/session", body: `{"email":"` + string(r) + `@example.org","password":"` + testPassword + `"}`})
	if w.Code != http.StatusOK {
		e.t.Fatalf("login as %s: %d %s", r, w.Code, w.Body)
	}
	var resp sessionResponse
	decode(e.t, w, &resp)
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie {
			return c, resp.CSRFToken
		}
	}
	e.t.Fatal("login set no session cookie")
	return nil, ""
}

// token makes an API token for the user of role r.
func (e *testEnv) token(r accounts.Role) string {
	e.t.Helper()
	_, secret, err := e.accounts.CreateToken(context.Background(), e.users[r].ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

func decode(t testing.TB, w *httptest.ResponseRecorder, v any) {
	t.Helper()
	if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %q: %v", w.Body.String(), err)
	}
}

// wantProblem checks that w is a problem+json response with the status.
func wantProblem(t *testing.T, w *httptest.ResponseRecorder, status int) problem {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status = %d, want %d; body %s", w.Code, status, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json", ct)
	}
	var p problem
	decode(t, w, &p)
	if p.Status != status || p.Title == "" || p.Type == "" || p.RequestID == "" {
		t.Errorf("incomplete problem: %+v", p)
	}
	return p
}

func auditFilter(action string) audit.Filter { return audit.Filter{Action: action} }
