package server

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// healthz says the process is alive; it touches nothing else.
func (s *Server) healthz(c *gin.Context) error {
	writeJSON(c, http.StatusOK, gin.H{"status": "ok"})
	return nil
}

// readyzTimeout keeps /readyz well inside a load balancer's probe timeout.
const readyzTimeout = 1500 * time.Millisecond

// readyz says whether haven can serve: the database answers in time.
func (s *Server) readyz(c *gin.Context) error {
	ctx, cancel := context.WithTimeout(c.Request.Context(), readyzTimeout)
	defer cancel()
	if err := s.deps.DB.Ping(ctx); err != nil {
		s.log.Warn("readiness check failed", "request_id", requestID(c), "error", err)
		writeProblem(c, http.StatusServiceUnavailable, "the database does not answer", nil)
		return nil
	}
	writeJSON(c, http.StatusOK, gin.H{"status": "ready", "database": string(s.deps.DB.Dialect)})
	return nil
}
