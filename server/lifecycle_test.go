package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
)

// proxy forwards TCP connections to a target and can be cut and restored,
// standing in for a database server that goes down and comes back.
type proxy struct {
	t      *testing.T
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	p := &proxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { io.Copy(up, c); up.Close() }()
			go func() { io.Copy(c, up); c.Close() }()
		}
	}()
}

// stop closes the listener and every open connection, like a crashed server.
func (p *proxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restart listens again on the same address.
func (p *proxy) restart() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("relisten on %s: %v", p.addr, err)
	}
	p.serve(ln)
}

// TestReadyzFollowsTheDatabase stops PostgreSQL (through a proxy) under a
// running server: /readyz answers 503 within 2 s, and 200 again once the
// database is back, without restarting anything.
func TestReadyzFollowsTheDatabase(t *testing.T) {
	u, err := url.Parse(dbtest.PostgresSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	host := u.Host
	if u.Port() == "" {
		host += ":5432"
	}
	p := startProxy(t, host)
	u.Host = p.addr
	proxied, err := database.Open(database.Config{URL: u.String()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { proxied.Close() })
	env := newTestEnv(t, proxied, Config{})

	ready := func() (int, time.Duration) {
		start := time.Now()
		w := env.do(request{method: "GET", path: "/readyz"})
		return w.Code, time.Since(start)
	}
	if code, _ := ready(); code != http.StatusOK {
		t.Fatalf("readyz with the database up = %d", code)
	}
	p.stop()
	code, took := ready()
	if code != http.StatusServiceUnavailable {
		t.Errorf("readyz with the database down = %d, want 503", code)
	}
	if took > 2*time.Second {
		t.Errorf("readyz took %v with the database down, want under 2s", took)
	}
	if w := env.do(request{method: "GET", path: "/healthz"}); w.Code != http.StatusOK {
		t.Errorf("healthz with the database down = %d, want 200 (the process is alive)", w.Code)
	}
	p.restart()
	deadline := time.Now().Add(5 * time.Second)
	for {
		code, _ := ready()
		if code == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz still %d 5s after the database came back", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestReadyzOnClosedSQLite(t *testing.T) {
	db := dbtest.OpenSQLite(t)
	env := newTestEnv(t, db, Config{})
	if w := env.do(request{method: "GET", path: "/readyz"}); w.Code != http.StatusOK {
		t.Fatalf("readyz = %d", w.Code)
	}
	db.Close()
	wantProblem(t, env.do(request{method: "GET", path: "/readyz"}), http.StatusServiceUnavailable)
}

// TestShutdownFinishesRequestsInFlight stops the server while a slow request
// runs: the request completes, then Run returns.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	env := newSQLiteEnv(t)
	started := make(chan struct{})
	env.srv.handle(env.srv.engine, "", "GET", "/test/slow", public, func(c *gin.Context) error {
		close(started)
		time.Sleep(300 * time.Millisecond)
		c.String(http.StatusOK, "finished")
		return nil
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- env.srv.Run(ctx, ln) }()

	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/test/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- result{status: resp.StatusCode, body: string(b)}
	}()
	<-started
	cancel()
	r := <-got
	if r.err != nil || r.status != http.StatusOK || r.body != "finished" {
		t.Errorf("request in flight during shutdown: %+v", r)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after shutdown")
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), 200*time.Millisecond); err == nil {
		t.Error("the server still accepts connections after shutdown")
	}
}
