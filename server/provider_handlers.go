package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb"
)

// searchRequest is the body of POST /providers/search: the same filters as
// the query string of GET /providers, so that a person's position need not
// sit in a URL or a log.
type searchRequest struct {
	Service []string `json:"service"`
	Region  string   `json:"region"`
	Near    *struct {
		Lat float64 `json:"lat"`
		Lon float64 `json:"lon"`
	} `json:"near"`
	RadiusKm        float64  `json:"radius_km"`
	Language        []string `json:"language"`
	Gender          string   `json:"gender"`
	Age             *int     `json:"age"`
	LegalStatus     string   `json:"legal_status"`
	TraffickingForm string   `json:"trafficking_form"`
	Verification    string   `json:"verification"`
	Country         string   `json:"country"`
	Q               string   `json:"q"`
	Cursor          string   `json:"cursor"`
	Limit           int      `json:"limit"`
}

func (s *Server) searchProvidersGet(c *gin.Context) error {
	var v haven.Validation
	q := mapping.Query{
		Services: splitQuery(c, "service"), Region: c.Query("region"), Languages: splitQuery(c, "language"),
		Gender: c.Query("gender"), LegalStatus: c.Query("legal_status"), TraffickingForm: c.Query("trafficking_form"),
		Verification: c.Query("verification"), Country: c.Query("country"), Text: c.Query("q"), Cursor: c.Query("cursor"),
	}
	if near := c.Query("near"); near != "" {
		lat, lon, ok := parseLatLon(near)
		v.Check(ok, "near", "must be LAT,LON such as 16.71,98.57")
		q.Near = &orb.Point{lon, lat}
	}
	if r := c.Query("radius_km"); r != "" {
		km, err := strconv.ParseFloat(r, 64)
		v.Check(err == nil, "radius_km", "must be a number")
		q.RadiusKm = km
	}
	if a := c.Query("age"); a != "" {
		age := parseIntField(&v, "age", a)
		q.Age = &age
	}
	q.Limit = parseIntField(&v, "limit", c.Query("limit"))
	if err := v.Err(); err != nil {
		return err
	}
	return s.renderSearch(c, q)
}

func (s *Server) searchProvidersPost(c *gin.Context) error {
	var req searchRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	q := mapping.Query{Services: req.Service, Region: req.Region, RadiusKm: req.RadiusKm, Languages: req.Language,
		Gender: req.Gender, Age: req.Age, LegalStatus: req.LegalStatus, TraffickingForm: req.TraffickingForm,
		Verification: req.Verification, Country: req.Country, Text: req.Q, Cursor: req.Cursor, Limit: req.Limit}
	if req.Near != nil {
		q.Near = &orb.Point{req.Near.Lon, req.Near.Lat}
	}
	return s.renderSearch(c, q)
}

func (s *Server) renderSearch(c *gin.Context, q mapping.Query) error {
	u, _ := currentUser(c)
	hits, next, err := s.deps.Directory.Search(c.Request.Context(), u, q)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(hits, next))
	return nil
}

func splitQuery(c *gin.Context, name string) []string {
	var out []string
	for _, v := range c.QueryArray(name) {
		for _, part := range strings.Split(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

func parseLatLon(s string) (lat, lon float64, ok bool) {
	a, b, found := strings.Cut(s, ",")
	if !found {
		return 0, 0, false
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	return lat, lon, err1 == nil && err2 == nil
}

func (s *Server) createProvider(c *gin.Context) error {
	var p mapping.Provider
	if err := readJSON(c, &p); err != nil {
		return err
	}
	u, _ := currentUser(c)
	created, err := s.deps.Directory.Create(c.Request.Context(), u, p)
	if err != nil {
		return err
	}
	c.Header("Location", apiBase+"/providers/"+created.ID)
	s.writeProvider(c, http.StatusCreated, created)
	return nil
}

func (s *Server) getProvider(c *gin.Context) error {
	u, _ := currentUser(c)
	p, err := s.deps.Directory.Provider(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	if match := c.GetHeader("If-None-Match"); match != "" && match == etag(p.Version) {
		c.Header("ETag", etag(p.Version))
		c.Status(http.StatusNotModified)
		return nil
	}
	s.writeProvider(c, http.StatusOK, p)
	return nil
}

func (s *Server) writeProvider(c *gin.Context, status int, p mapping.Provider) {
	c.Header("ETag", etag(p.Version))
	writeJSON(c, status, p)
}

func etag(version int) string { return fmt.Sprintf(`"v%d"`, version) }

// ifMatch reads If-Match: "" gives 0 (no precondition), a malformed value
// is invalid.
func ifMatch(c *gin.Context) (int, error) {
	h := strings.TrimSpace(c.GetHeader("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	h = strings.TrimPrefix(h, "W/")
	n, err := strconv.Atoi(strings.TrimPrefix(strings.Trim(h, `"`), "v"))
	if err != nil || n <= 0 {
		return 0, &haven.Error{Kind: haven.KindInvalid, Message: "invalid If-Match",
			Fields: []haven.FieldError{{Field: "If-Match", Message: `must be the ETag you read, such as "v3"`}}}
	}
	return n, nil
}

func (s *Server) patchProvider(c *gin.Context) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var patch map[string]json.RawMessage
	if err := readJSON(c, &patch); err != nil {
		return err
	}
	u, _ := currentUser(c)
	p, err := s.deps.Directory.Patch(c.Request.Context(), u, c.Param("id"), version, patch)
	if err != nil {
		return err
	}
	s.writeProvider(c, http.StatusOK, p)
	return nil
}

func (s *Server) deleteProvider(c *gin.Context) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	if err := s.deps.Directory.Delete(c.Request.Context(), u, c.Param("id"), version); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (s *Server) providerHistory(c *gin.Context) error {
	u, _ := currentUser(c)
	changes, err := s.deps.Directory.History(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(changes, ""))
	return nil
}

func (s *Server) providerTemplate(c *gin.Context) error {
	format := c.DefaultQuery("format", "csv")
	var buf bytes.Buffer
	if err := mapping.BulkTemplate(&buf, format); err != nil {
		return err
	}
	ctype := "text/csv; charset=utf-8"
	if format == "xlsx" {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	c.Header("Content-Disposition", `attachment; filename="haven-providers-template.`+format+`"`)
	c.Data(http.StatusOK, ctype, buf.Bytes())
	return nil
}

func (s *Server) importProviders(c *gin.Context) error {
	f, fh, err := uploadedFile(c)
	if err != nil {
		return err
	}
	defer f.Close()
	u, _ := currentUser(c)
	rep, err := s.deps.Directory.ImportBulk(c.Request.Context(), u, f, fh.Filename, c.PostForm("mode") == "lenient")
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusCreated, rep)
	return nil
}
