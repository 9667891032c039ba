package server

import (
	"bufio"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/surveys/analytics"
)

// analysts read survey analytics; exports also need the raw_data grant,
// which the domain checks.
var analysts = roles(accounts.RoleAdmin, accounts.RoleEditor, accounts.RoleResearcher)

// analyticsFilter reads since, until, status, region_set and region_level.
func analyticsFilter(c *gin.Context) (analytics.Filter, error) {
	var v haven.Validation
	f := analytics.Filter{Since: parseTime(&v, c, "since", false), Until: parseTime(&v, c, "until", true),
		Status: c.Query("status"), RegionSet: c.Query("region_set")}
	if s := c.Query("region_level"); s != "" {
		n, err := strconv.Atoi(s)
		v.Check(err == nil && n > 0, "region_level", "must be a whole number from 1")
		f.RegionLevel = n
	}
	return f, v.Err()
}

func (s *Server) surveyAnalytics(c *gin.Context) error {
	f, err := analyticsFilter(c)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	sum, err := s.deps.Analytics.Summary(c.Request.Context(), u, c.Param("id"), f)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, sum)
	return nil
}

func (s *Server) surveyCrossTab(c *gin.Context) error {
	f, err := analyticsFilter(c)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	ct, err := s.deps.Analytics.CrossTab(c.Request.Context(), u, c.Param("id"), c.Query("rows"), c.Query("cols"), f)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, ct)
	return nil
}

func (s *Server) surveyPoints(c *gin.Context) error {
	f, err := analyticsFilter(c)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	fc, err := s.deps.Analytics.Points(c.Request.Context(), u, c.Param("id"), f)
	if err != nil {
		return err
	}
	c.Header("Content-Type", "application/geo+json")
	c.Status(http.StatusOK)
	writeJSONBody(c, fc)
	return nil
}

// surveyExport streams an export. Until the first byte is written an
// error is still a problem+json answer; after it, the download is cut short
// (the client sees a truncated file) and the error is logged.
func (s *Server) surveyExport(c *gin.Context) error {
	f, err := analyticsFilter(c)
	if err != nil {
		return err
	}
	format := c.DefaultQuery("format", "csv")
	labels := false
	if l := c.Query("labels"); l != "" {
		if labels, err = strconv.ParseBool(l); err != nil {
			return &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
				Fields: []haven.FieldError{{Field: "labels", Message: "must be true or false"}}}
		}
	}
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	exp, err := s.deps.Analytics.Export(ctx, u, c.Param("id"),
		analytics.ExportOptions{Format: analytics.Format(format), Labels: labels, Part: c.Query("part"), Filter: f})
	if err != nil {
		return err
	}
	sw := &streamWriter{c: c, filename: exp.Filename, contentType: exp.ContentType}
	bw := bufio.NewWriterSize(sw, 64<<10)
	_, err = exp.Stream(ctx, bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil && sw.started {
		s.log.ErrorContext(ctx, "export cut short", "request_id", requestID(c), "error", err)
		c.Abort()
		return nil
	}
	return err
}

// streamWriter sends the response headers on the first write, and flushes
// every write to the client so that nothing piles up in memory.
type streamWriter struct {
	c                     *gin.Context
	filename, contentType string
	started               bool
}

func (w *streamWriter) Write(p []byte) (int, error) {
	if !w.started {
		w.started = true
		w.c.Header("Content-Type", w.contentType)
		w.c.Header("Content-Disposition", `attachment; filename="`+w.filename+`"`)
		w.c.Header("Cache-Control", "no-store")
		w.c.Status(http.StatusOK)
	}
	n, err := w.c.Writer.Write(p)
	w.c.Writer.Flush()
	return n, err
}
