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
	since := parseTime(&v, c, "since", false)
	until := parseTime(&v, c, "until", true)
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

// parseTime reads an RFC 3339 time or a date (YYYY-MM-DD, UTC) from the
// query. With endOfDay a date means the end of that day, so until=2026-01-31
// includes the 31st, as a person picking a date expects.
func parseTime(v *haven.Validation, c *gin.Context, name string, endOfDay bool) time.Time {
	s := c.Query(name)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if endOfDay {
			t = t.AddDate(0, 0, 1)
		}
		return t
	}
	v.Add(name, "must be a date (2026-01-31) or an RFC 3339 time (2026-01-31T12:00:00Z)")
	return time.Time{}
}
