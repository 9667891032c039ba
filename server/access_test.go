package server

import (
	"net/http"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
)

func TestEveryRouteDeclaresARule(t *testing.T) {
	env := newSQLiteEnv(t)
	routes := env.srv.engine.Routes()
	if len(routes) == 0 {
		t.Fatal("no routes registered")
	}
	registered := map[string]bool{}
	for _, r := range routes {
		key := r.Method + " " + r.Path
		registered[key] = true
		if _, ok := env.srv.rules[key]; !ok {
			t.Errorf("%s has no access rule: register it with Server.handle", key)
		}
	}
	for key := range env.srv.rules {
		if !registered[key] {
			t.Errorf("access rule for %s names no registered route", key)
		}
	}
}

// TestAccessByRole checks each role against each family of routes, through
// an API token, as a script would call.
func TestAccessByRole(t *testing.T) {
	const anonymous = accounts.Role("")
	families := []struct {
		name   string
		method string
		path   string
		body   string
		want   map[accounts.Role]int
	}{
		{"health", "GET", "/healthz", "", allRoles(http.StatusOK, http.StatusOK)},
		{"API description", "GET", "/api/v1/openapi.json", "", allRoles(http.StatusOK, http.StatusOK)},
		{"own account", "GET", "/api/v1/me", "", allRoles(http.StatusUnauthorized, http.StatusOK)},
		{"own tokens", "GET", "/api/v1/me/tokens", "", allRoles(http.StatusUnauthorized, http.StatusOK)},
		{"list users", "GET", "/api/v1/users", "", adminOnlyStatuses()},
		{"read a user", "GET", "/api/v1/users/00000000-0000-0000-0000-000000000000", "", map[accounts.Role]int{
			anonymous: 401, accounts.RoleAdmin: 404, accounts.RoleEditor: 403, accounts.RoleCollector: 403,
			accounts.RoleResearcher: 403, accounts.RoleViewer: 403}},
		{"create a user", "POST", "/api/v1/users", `{"email":"new@example.org","role":"viewer"}`, map[accounts.Role]int{
			anonymous: 401, accounts.RoleAdmin: 201, accounts.RoleEditor: 403, accounts.RoleCollector: 403,
			accounts.RoleResearcher: 403, accounts.RoleViewer: 403}},
		{"audit log", "GET", "/api/v1/audit", "", adminOnlyStatuses()},
	}
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newTestEnv(t, db, Config{})
		tokens := map[accounts.Role]string{}
		for _, r := range accounts.Roles {
			tokens[r] = env.token(r)
		}
		for _, f := range families {
			t.Run(f.name, func(t *testing.T) {
				for role, want := range f.want {
					w := env.do(request{method: f.method, path: f.path, body: f.body, token: tokens[role]})
					if w.Code != want {
						t.Errorf("%s as %q: status %d, want %d (%s)", f.path, role, w.Code, want, w.Body)
					}
				}
			})
		}
	})
}

func allRoles(anon, signedIn int) map[accounts.Role]int {
	m := map[accounts.Role]int{"": anon}
	for _, r := range accounts.Roles {
		m[r] = signedIn
	}
	return m
}

func adminOnlyStatuses() map[accounts.Role]int {
	m := allRoles(http.StatusUnauthorized, http.StatusForbidden)
	m[accounts.RoleAdmin] = http.StatusOK
	return m
}

func TestTokenStopsWorkingOnceRevoked(t *testing.T) {
	env := newSQLiteEnv(t)
	cookie, csrf := env.login(accounts.RoleViewer)
	w := env.do(request{method: "POST", path: "/api/v1/me/tokens", body: `{"name":"laptop"}`, cookie: cookie, csrf: csrf})
	if w.Code != http.StatusCreated {
		t.Fatalf("create token: %d %s", w.Code, w.Body)
	}
	var created tokenCreated
	decode(t, w, &created)
	if w := env.do(request{method: "GET", path: "/api/v1/me", token: created.Secret}); w.Code != http.StatusOK {
		t.Fatalf("token rejected: %d", w.Code)
	}
	if w := env.do(request{method: "DELETE", path: "/api/v1/me/tokens/" + created.ID, cookie: cookie, csrf: csrf}); w.Code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", w.Code, w.Body)
	}
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/me", token: created.Secret}), http.StatusUnauthorized)
	var list list[accounts.Token]
	decode(t, env.do(request{method: "GET", path: "/api/v1/me/tokens", cookie: cookie}), &list)
	if len(list.Items) != 1 || list.Items[0].RevokedAt == nil {
		t.Errorf("token list after revoke: %+v", list.Items)
	}
}

func TestSessionWritesNeedTheCSRFToken(t *testing.T) {
	env := newSQLiteEnv(t)
	cookie, csrf := env.login(accounts.RoleAdmin)
	body := `{"email":"x@example.org","role":"viewer"}`
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/users", body: body, cookie: cookie}), http.StatusForbidden)
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/users", body: body, cookie: cookie, csrf: "forged"}), http.StatusForbidden)
	wantProblem(t, env.do(request{method: "POST", path: "/api/v1/users", body: body, cookie: cookie, csrf: csrf,
		header: map[string]string{"Origin": "https://evil.example"}}), http.StatusForbidden)
	if w := env.do(request{method: "POST", path: "/api/v1/users", body: body, cookie: cookie, csrf: csrf}); w.Code != http.StatusCreated {
		t.Fatalf("with CSRF token: %d %s", w.Code, w.Body)
	}
	// Reads need no token.
	if w := env.do(request{method: "GET", path: "/api/v1/users", cookie: cookie}); w.Code != http.StatusOK {
		t.Fatalf("read with session: %d", w.Code)
	}
}

func TestLoginSetsAHardenedCookieAndLogoutEndsIt(t *testing.T) {
	env := newSQLiteEnv(t)
	cookie, csrf := env.login(accounts.RoleEditor)
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" {
		t.Errorf("cookie flags: %+v", cookie)
	}
	if cookie.Secure {
		t.Error("cookie is Secure on plain HTTP without --secure-cookies; browsers would drop it")
	}
	second, _ := env.login(accounts.RoleEditor)
	if second.Value == cookie.Value {
		t.Error("a new login reused the session ID")
	}
	if w := env.do(request{method: "DELETE", path: "/api/v1/session", cookie: cookie, csrf: csrf}); w.Code != http.StatusNoContent {
		t.Fatalf("logout: %d %s", w.Code, w.Body)
	}
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/me", cookie: cookie}), http.StatusUnauthorized)

	tls := newTestEnv(t, dbtest.OpenSQLite(t), Config{SecureCookies: true})
	if c, _ := tls.login(accounts.RoleEditor); !c.Secure {
		t.Error("cookie not Secure with SecureCookies")
	}
	w := env.do(request{method: "POST", path: "/api/v1/session", body: `{"email":"editor@example.org","password":"` + testPassword + `"}`,
		header: map[string]string{"X-Forwarded-Proto": "https"}})
	for _, c := range w.Result().Cookies() {
		if c.Name == sessionCookie && !c.Secure {
			t.Error("cookie not Secure behind a TLS proxy")
		}
	}
}

func TestWrongLoginSaysNothingAboutTheAccount(t *testing.T) {
	env := newSQLiteEnv(t)
	a := wantProblem(t, env.do(request{method: "POST", path: "/api/v1/session", body: `{"email":"admin@example.org","password":"wrong"}`}), 401)
	b := wantProblem(t, env.do(request{method: "POST", path: "/api/v1/session", body: `{"email":"nobody@example.org","password":"wrong"}`}), 401)
	if a.Detail != b.Detail {
		t.Errorf("details differ for a known and an unknown account: %q vs %q", a.Detail, b.Detail)
	}
}

func TestLogoutIsIdempotent(t *testing.T) {
	env := newSQLiteEnv(t)
	cookie, csrf := env.login(accounts.RoleViewer)
	for i := 0; i < 2; i++ {
		if w := env.do(request{method: "DELETE", path: "/api/v1/session", cookie: cookie, csrf: csrf}); w.Code != http.StatusNoContent {
			t.Fatalf("logout #%d: %d %s", i+1, w.Code, w.Body)
		}
	}
}

func TestThrottledLoginSaysWhenToRetry(t *testing.T) {
	env := newSQLiteEnv(t)
	body := `{"email":"viewer@example.org","password":"not the password"}`
	for i := 0; i < 5; i++ {
		env.do(request{method: "POST", path: "/api/v1/session", body: body})
	}
	w := env.do(request{method: "POST", path: "/api/v1/session", body: body})
	wantProblem(t, w, http.StatusTooManyRequests)
	if w.Header().Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}
