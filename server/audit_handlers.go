package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
)

func (s *Server) listAudit(c *gin.Context) error {
	limit, err := pageLimit(c)
	if err != nil {
		return err
	}
	var v haven.Validation
	since := parseTime(&v, c, "since")
	until := parseTime(&v, c, "until")
	if err := v.Err(); err != nil {
		return err
	}
	events, next, err := s.deps.Audit.List(c.Request.Context(), audit.Filter{
		ActorID: c.Query("actor_id"), Action: c.Query("action"), ObjectType: c.Query("object_type"),
		ObjectID: c.Query("object_id"), Since: since, Until: until, Cursor: c.Query("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(events, next))
	return nil
}

// parseTime reads an RFC 3339 time or a date (YYYY-MM-DD) from the query.
func parseTime(v *haven.Validation, c *gin.Context, name string) time.Time {
	s := c.Query(name)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	v.Add(name, "must be a date (2026-01-31) or an RFC 3339 time (2026-01-31T12:00:00Z)")
	return time.Time{}
}
