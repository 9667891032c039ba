package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/haven-project/haven/accounts"
	services "github.com/haven-project/haven/app"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/server"
)

// Time limits: the whole browser session, and each single step in it, so a
// broken page fails the test quickly instead of hanging it.
const (
	sessionTimeout = 180 * time.Second
	stepTimeout    = 30 * time.Second
)

// Viewports: a cheap phone held upright, and a desk.
var (
	phone   = viewport{390, 844, true}
	desktop = viewport{1280, 800, false}
)

type viewport struct {
	width, height int64
	mobile        bool
}

// app is a Haven server running in the test process.
type app struct {
	URL      string
	Accounts *accounts.Service

	down atomic.Bool // the server drops every connection, as a lost network does
}

// setDown makes the server unreachable (every connection is dropped
// unanswered) or reachable again. Unlike the browser's network emulation it
// also cuts off a service worker.
func (a *app) setDown(down bool) { a.down.Store(down) }

// startApp serves Haven on a fresh SQLite database.
func startApp(t *testing.T) *app {
	_, a := startServices(t, false)
	return a
}

// startServices serves Haven on a fresh SQLite database, with the demo
// dataset when demo is true, wired as the haven command wires it, and
// returns the services too, for tests that look into them.
func startServices(t *testing.T, demo bool) (*services.Services, *app) {
	t.Helper()
	ctx := context.Background()
	s, err := services.New(ctx, dbtest.OpenSQLite(t))
	if err != nil {
		t.Fatalf("build the services: %v", err)
	}
	if demo {
		if _, err := s.LoadDemo(ctx); err != nil {
			t.Fatalf("load the demo: %v", err)
		}
	}
	srv, err := s.Server(ctx, server.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatalf("build server: %v", err)
	}
	a := &app{Accounts: s.Accounts}
	handler := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if a.down.Load() {
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					conn.Close()
				}
			}
			return
		}
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	a.URL = ts.URL
	return s, a
}

// createUser adds a user directly through the accounts service.
func (a *app) createUser(t *testing.T, n accounts.NewUser) accounts.User {
	t.Helper()
	u, err := a.Accounts.CreateUser(context.Background(), n)
	if err != nil {
		t.Fatalf("create user %s: %v", n.Email, err)
	}
	return u
}

// chromiumPath finds Chromium, skipping the test loudly when it is missing,
// or failing it under CI=true, where browser tests must run.
func chromiumPath(t *testing.T) string {
	t.Helper()
	candidates := []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"}
	if env := os.Getenv("CHROMIUM"); env != "" {
		candidates = []string{env} // a chosen browser is the only one to try
	}
	for _, p := range candidates {
		if found, err := exec.LookPath(p); err == nil {
			return found
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("Chromium not found (looked for %v): under CI=true the browser tests must run; install chromium (apt-get install chromium)", candidates)
	}
	t.Skipf("BROWSER TESTS NOT RUN: install chromium (apt-get install chromium), or set CHROMIUM=/path/to/chromium (looked for %v)", candidates)
	return ""
}

// outputDir is test-output/e2e/ at the repository root: the parent of the
// folder holding this file.
func outputDir(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	var root string
	if ok && filepath.IsAbs(file) {
		root = filepath.Dir(filepath.Dir(file))
	} else {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatalf("find the repository root: %v", err)
		}
		root = filepath.Dir(wd)
	}
	dir := filepath.Join(root, "test-output", "e2e")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("create %s: %v", dir, err)
	}
	return dir
}

// browser is one headless Chromium tab pointed at an app.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	out  string

	mu       sync.Mutex
	problems []string // exceptions and CSP refusals seen in the page
}

// newBrowser starts Chromium with a fresh profile. It stops when the test ends.
func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	execPath := chromiumPath(t)
	ctx, cancel := context.WithTimeout(context.Background(), sessionTimeout)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(execPath),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-features", "Translate"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "en-GB"),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	// The first call starts the browser; it runs on the session context.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium at %s: %v", execPath, err)
	}
	b := &browser{t: t, ctx: bctx, base: base, out: outputDir(t)}
	b.watchConsole()
	return b
}

// watchConsole records what a page must never do: throw, or break the
// Content-Security-Policy. Failed loads are fine: a 401 from /api/v1/me is
// how a page learns nobody is logged in.
func (b *browser) watchConsole() {
	messages := chromedp.Console(b.ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			text := m.String()
			bad := m.IsException() ||
				strings.Contains(text, "Content Security Policy") ||
				(m.Type == chromedp.ConsoleError && !strings.Contains(text, "Failed to load resource"))
			if bad {
				b.mu.Lock()
				b.problems = append(b.problems, text)
				b.mu.Unlock()
			}
		}
	}()
}

// checkConsole fails the test when a page threw or broke the CSP.
func (b *browser) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		b.t.Errorf("browser console: %s", p)
	}
	b.problems = nil
}

// do runs steps with the step time limit, failing the test on error.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.failShot()
		b.t.Fatalf("%s: %v (page: %s)", what, err, b.location())
	}
}

// location is the page's address, for error messages.
func (b *browser) location() string {
	ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "(unknown)"
	}
	return loc
}

func (b *browser) viewport(v viewport) {
	b.t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	if v.mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateScale(2))
	}
	b.do(fmt.Sprintf("set viewport %dx%d", v.width, v.height), chromedp.EmulateViewport(v.width, v.height, opts...))
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path))
}

// eval runs a JavaScript expression and decodes its value.
func eval[T any](b *browser, what, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("%s: %v (page: %s)", what, err, b.location())
	}
	return v
}

// waitFor polls a JavaScript condition until it is true. It survives page
// navigations, which a click on a link or a login causes.
func (b *browser) waitFor(what, cond string) {
	b.t.Helper()
	deadline := time.Now().Add(stepTimeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Boolean("+cond+")"))
		cancel()
		if err == nil && ok {
			return
		}
		last = err
		if b.ctx.Err() != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.failShot()
	b.t.Fatalf("waited %s for %s; it never came (page: %s, last error: %v)", stepTimeout, what, b.location(), last)
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	q, _ := json.Marshal(s)
	return string(q)
}

// visibleCond is a JavaScript condition: the element is rendered, neither it
// nor any ancestor hidden (nor inside a closed <details>).
func visibleCond(sel string) string {
	return fmt.Sprintf(`(() => { const el = document.querySelector(%s); return !!el && el.checkVisibility() && el.getClientRects().length > 0; })()`, js(sel))
}

// textCond is a JavaScript condition: the element is visible and its text
// holds want.
func textCond(sel, want string) string {
	return fmt.Sprintf(`(() => { const el = document.querySelector(%s); return !!el && el.checkVisibility() && el.innerText.includes(%s); })()`,
		js(sel), js(want))
}

func (b *browser) waitVisible(sel string) {
	b.t.Helper()
	b.waitFor(sel+" to show", visibleCond(sel))
}

func (b *browser) waitText(sel, want string) {
	b.t.Helper()
	b.waitFor(fmt.Sprintf("%s to show %q", sel, want), textCond(sel, want))
}

func (b *browser) waitPath(path string) {
	b.t.Helper()
	b.waitFor("the page "+path, fmt.Sprintf(`location.pathname === %s && document.readyState === "complete"`, js(path)))
}

func (b *browser) isVisible(sel string) bool {
	b.t.Helper()
	return eval[bool](b, "check "+sel, visibleCond(sel))
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	return eval[string](b, "read "+sel, fmt.Sprintf(`(document.querySelector(%s) || {innerText: ""}).innerText`, js(sel)))
}

// fill types into a field the way a person does, after clearing it.
func (b *browser) fill(sel, value string) {
	b.t.Helper()
	b.waitVisible(sel)
	eval[bool](b, "clear "+sel, fmt.Sprintf(`(() => { const el = document.querySelector(%s); el.value = ""; el.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, js(sel)))
	b.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), value))
	if got := eval[string](b, "read "+sel, fmt.Sprintf(`document.querySelector(%s).value`, js(sel))); got != value {
		b.t.Fatalf("typed %q into %s but it holds %q", value, sel, got)
	}
}

func (b *browser) click(sel string) {
	b.t.Helper()
	b.do("click "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
}

// choose picks an option of a select and fires change, as a person's pick does.
func (b *browser) choose(sel, value string) {
	b.t.Helper()
	b.waitVisible(sel)
	ok := eval[bool](b, "choose "+value+" in "+sel, fmt.Sprintf(`(() => {
		const el = document.querySelector(%s);
		if (![...el.options].some(o => o.value === %s)) return false;
		el.value = %s;
		el.dispatchEvent(new Event("input", {bubbles: true}));
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`, js(sel), js(value), js(value)))
	if !ok {
		b.t.Fatalf("%s has no option %q", sel, value)
	}
}

// failShot saves what the page looked like when a step failed, as
// FAILED-<test>.png, to show what went wrong.
func (b *browser) failShot() {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return
	}
	path := filepath.Join(b.out, "FAILED-"+strings.ReplaceAll(b.t.Name(), "/", "_")+".png")
	if os.WriteFile(path, png, 0o644) == nil {
		b.t.Logf("screenshot of the failure: %s", path)
	}
}

// screenshot saves a full-page PNG as test-output/e2e/<name>.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.out, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("save screenshot: %v", err)
	}
	b.t.Logf("screenshot: %s", path)
}

// login fills the login form and submits it.
func (b *browser) login(email, password string) {
	b.t.Helper()
	b.waitVisible("#login-form")
	b.fill("#email", email)
	b.fill("#password", password)
	b.click("#login-form button[type=submit]")
}
