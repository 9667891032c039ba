package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/reports"
)

// createReportRun computes a coverage report from the parameters in the
// body and stores it as a run.
func (s *Server) createReportRun(c *gin.Context) error {
	var p reports.RunParams
	if err := readJSON(c, &p); err != nil {
		return err
	}
	u, _ := currentUser(c)
	run, err := s.deps.Reports.Run(c.Request.Context(), u, p)
	if err != nil {
		return err
	}
	c.Header("Location", apiBase+"/reports/runs/"+run.ID)
	writeJSON(c, http.StatusCreated, run)
	return nil
}

func (s *Server) listReportRuns(c *gin.Context) error {
	limit := 0
	if l := c.Query("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 500 {
			return &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
				Fields: []haven.FieldError{{Field: "limit", Message: "must be a whole number from 1 to 500"}}}
		}
		limit = n
	}
	u, _ := currentUser(c)
	runs, next, err := s.deps.Reports.List(c.Request.Context(), u, c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(runs, next))
	return nil
}

// getReportRun answers a stored run as JSON, or with ?format= as a
// download in that format; ?service= keeps one service type. The printable
// report (html) is shown in the browser, under a policy that lets its one
// inline stylesheet apply and nothing else run or load.
func (s *Server) getReportRun(c *gin.Context) error {
	format, asFile := c.GetQuery("format")
	opts := reports.ExportOptions{Format: reports.Format(format), Service: c.Query("service"), Measure: c.Query("measure")}
	if !asFile {
		opts.Format = reports.FormatJSON
	}
	if h := c.Query("hxl"); h != "" {
		hxl, err := strconv.ParseBool(h)
		if err != nil {
			return &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
				Fields: []haven.FieldError{{Field: "hxl", Message: "must be true or false"}}}
		}
		opts.HXL = hxl
	}
	if err := opts.Check(); err != nil {
		return err
	}
	u, _ := currentUser(c)
	ctx := c.Request.Context()
	run, err := s.deps.Reports.Get(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	// Written to memory first, so that a failure is still a problem+json answer.
	var buf bytes.Buffer
	if !asFile && opts.Service == "" {
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(run); err != nil {
			return err
		}
		writeCompressible(c, "application/json; charset=utf-8", buf.Bytes())
		return nil
	}
	if err := s.deps.Reports.Export(ctx, run, opts, &buf); err != nil {
		return err
	}
	if asFile {
		disposition := "attachment"
		if opts.Format == reports.FormatHTML {
			disposition = "inline"
			c.Header("Content-Security-Policy", reports.PrintableCSP())
		}
		c.Header("Content-Disposition", disposition+`; filename="`+run.FileName(opts.Format)+`"`)
	}
	c.Header("Cache-Control", "no-store")
	writeCompressible(c, opts.Format.ContentType(), buf.Bytes())
	return nil
}

// getReportBaseMap answers the gap map's base layer: country outlines as
// GeoJSON, made from the boundaries loaded (see reports.Service.BaseMap).
// Boundaries change seldom, so the browser may keep it for a few minutes.
func (s *Server) getReportBaseMap(c *gin.Context) error {
	u, _ := currentUser(c)
	body, err := s.deps.Reports.BaseMap(c.Request.Context(), u)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "private, max-age=300")
	writeCompressible(c, "application/geo+json", body)
	return nil
}

// writeCompressible answers 200 with body, gzip-compressed when the client
// takes gzip and the body is large and not compressed already: a run of a
// thousand districts is megabytes of JSON, a tenth of that compressed.
func writeCompressible(c *gin.Context, contentType string, body []byte) {
	compressed := strings.HasPrefix(contentType, "application/pdf") || strings.HasPrefix(contentType, "application/vnd.openxmlformats")
	if compressed || len(body) < 32<<10 {
		c.Data(http.StatusOK, contentType, body)
		return
	}
	c.Header("Vary", "Accept-Encoding")
	if !acceptsGzip(c.GetHeader("Accept-Encoding")) {
		c.Data(http.StatusOK, contentType, body)
		return
	}
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed) // the level is valid
	zw.Write(body)
	zw.Close()
	c.Header("Content-Encoding", "gzip")
	c.Data(http.StatusOK, contentType, z.Bytes())
}

// acceptsGzip reads an Accept-Encoding header: gzip listed, and not q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// compareReportRuns sets run a beside run b, as JSON or (format=csv) CSV.
func (s *Server) compareReportRuns(c *gin.Context) error {
	var v haven.Validation
	a, b, format := c.Query("a"), c.Query("b"), c.DefaultQuery("format", "json")
	v.Check(a != "", "a", "give the ID of the earlier run")
	v.Check(b != "", "b", "give the ID of the later run")
	v.Check(format == "json" || format == "csv", "format", "must be json or csv")
	if err := v.Err(); err != nil {
		return err
	}
	u, _ := currentUser(c)
	cmp, err := s.deps.Reports.Compare(c.Request.Context(), u, a, b)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if format == "json" {
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(cmp); err != nil {
			return err
		}
		writeCompressible(c, "application/json; charset=utf-8", buf.Bytes())
		return nil
	}
	if err := reports.WriteComparisonCSV(&buf, s.deps.Reports.ComparisonForExport(cmp)); err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="coverage-compare.csv"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, reports.FormatCSV.ContentType(), buf.Bytes())
	return nil
}
