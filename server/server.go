// Package server is Haven's HTTP layer: routing, middleware, access rules and
// thin handlers that parse a request, call one domain function and render the
// result. It is the only package that imports Gin.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/reports"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
	"github.com/haven-project/haven/surveys/feedback"
	"github.com/prometheus/client_golang/prometheus"
)

// Config holds the HTTP settings.
type Config struct {
	Addr string
	// BodyLimit is the largest request body accepted, in bytes.
	BodyLimit int64
	// SecureCookies forces the Secure flag on cookies even when haven itself
	// does not see TLS (it sets it anyway for TLS and X-Forwarded-Proto: https).
	SecureCookies bool
	// ShutdownGrace is how long in-flight requests may run after a stop signal.
	ShutdownGrace time.Duration
	// TrustedProxies are the addresses or CIDRs whose X-Forwarded-For names
	// the client. Empty trusts none, so a client cannot pick its own address
	// to dodge login throttling.
	TrustedProxies []string
}

// DefaultBodyLimit is 10 MiB.
const DefaultBodyLimit = 10 << 20

// Deps are the domain services the server calls.
type Deps struct {
	DB       *database.DB
	Accounts *accounts.Service
	Audit    *audit.Log
	Logger   *slog.Logger

	Taxonomy  *mapping.Taxonomy
	Regions   *mapping.Regions
	Directory *mapping.Directory
	Drafts    *drafts.Service
	Surveys   *surveys.Service
	Review    *review.Service
	Analytics *analytics.Service
	Reports   *reports.Service
	Feedback  *feedback.Service
}

// Server is Haven's HTTP server.
type Server struct {
	cfg      Config
	deps     Deps
	log      *slog.Logger
	engine   *gin.Engine
	metrics  *metrics
	registry *prometheus.Registry
	rules    map[string]rule // "METHOD /path" → access rule
	// participants rate-limits the public feedback links (/t/…).
	participants *feedback.Limiter
}

// New builds the server and registers every route. It fails only for a
// malformed trusted-proxy address.
func New(cfg Config, deps Deps) (*Server, error) {
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = DefaultBodyLimit
	}
	if cfg.ShutdownGrace <= 0 {
		cfg.ShutdownGrace = 30 * time.Second
	}
	log := deps.Logger
	if log == nil {
		log = slog.Default()
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{cfg: cfg, deps: deps, log: log, engine: gin.New(), rules: map[string]rule{}, participants: feedback.NewLimiter()}
	s.registry = prometheus.NewRegistry()
	s.metrics = newMetrics(s.registry, deps.DB)
	if err := s.engine.SetTrustedProxies(cfg.TrustedProxies); err != nil {
		return nil, fmt.Errorf("trusted proxies: %w", err)
	}
	s.engine.HandleMethodNotAllowed = true
	s.engine.ContextWithFallback = true
	s.engine.Use(s.recoverPanics, s.requestID, s.logRequests, s.observe, secureHeaders, s.limitBody, s.authenticate)
	s.routes()
	return s, nil
}

// Handler returns the HTTP handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.engine }

// Run serves until ctx ends, then stops accepting connections and lets
// in-flight requests finish within the shutdown grace period.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down; finishing requests in flight", "grace", s.cfg.ShutdownGrace.String())
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
