package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven/audit"
)

const requestIDHeader = "X-Request-ID"

// validRequestID accepts a caller's request ID only when it is short and
// plain, so it cannot inject anything into logs.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func requestID(c *gin.Context) string { return c.GetString("request_id") }

func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader(requestIDHeader)
	if !validRequestID.MatchString(id) {
		b := make([]byte, 12)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set("request_id", id)
	c.Header(requestIDHeader, id)
	c.Request = c.Request.WithContext(audit.WithRequestID(c.Request.Context(), id))
	c.Next()
}

// logRequests writes one structured line per request. It logs the route
// template, never the query string: a query may hold a person's position.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "(unmatched)"
	}
	s.log.Info("request",
		"request_id", requestID(c),
		"method", c.Request.Method,
		"route", route,
		"status", c.Writer.Status(),
		"bytes", c.Writer.Size(),
		"duration_ms", float64(time.Since(start).Microseconds())/1000,
	)
}

func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			renderError(c, s.log, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}

// contentSecurityPolicy allows only Haven's own scripts, styles and images:
// no inline script, no third-party origin, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; worker-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

func secureHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", "geolocation=(self), camera=(), microphone=()")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		h.Set("Cache-Control", "no-store")
	}
	c.Next()
}

// limitBody refuses a declared oversized body at once and caps the read of
// an undeclared one, so no handler ever reads more than the limit.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.ContentLength > s.cfg.BodyLimit {
		writeProblem(c, http.StatusRequestEntityTooLarge,
			fmt.Sprintf("the request body is larger than the limit of %d bytes", s.cfg.BodyLimit), nil)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.cfg.BodyLimit)
	c.Next()
}
