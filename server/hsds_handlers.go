package server

import (
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping/hsds"
)

// The HSDS API (Open Referral HSDS 3.0, Haven profile) under /hsds: every
// answer is built from the providers the caller may see, redacted as the
// rest of the API redacts them.

func (s *Server) hsdsService() *hsds.Service { return hsds.New(s.deps.Directory, s.deps.Taxonomy) }

// hsdsView builds the caller's view and marks the response as not to be
// cached: it depends on who asks.
func (s *Server) hsdsView(c *gin.Context) (*hsds.View, error) {
	c.Header("Cache-Control", "no-store")
	c.Header("Vary", "Authorization, Cookie")
	u, _ := currentUser(c)
	return s.hsdsService().View(c.Request.Context(), u)
}

func (s *Server) hsdsRoot(c *gin.Context) error {
	writeJSON(c, http.StatusOK, hsds.APIRoot())
	return nil
}

// hsdsQuery reads the HSDS paging and filter parameters.
func hsdsQuery(c *gin.Context) (hsds.ListQuery, error) {
	var v haven.Validation
	q := hsds.ListQuery{
		Page: intQuery(&v, c, "page"), PerPage: intQuery(&v, c, "per_page"),
		Full: boolQuery(&v, c, "full"), TopOnly: boolQuery(&v, c, "top_only"),
		OrganizationID: c.Query("organization_id"), TaxonomyTermID: c.Query("taxonomy_term_id"),
		TaxonomyID: c.Query("taxonomy_id"), ParentID: c.Query("parent_id"),
	}
	// 0 means "the default" to the domain: a 0 given here is a mistake.
	v.Check(c.Query("page") == "" || q.Page >= 1, "page", "must be 1 or more")
	v.Check(c.Query("per_page") == "" || q.PerPage >= 1, "per_page", "must be 1 or more")
	if f := c.Query("format"); f != "" && f != "json" {
		v.Add("format", "only json is served")
	}
	return q, v.Err()
}

func boolQuery(v *haven.Validation, c *gin.Context, name string) bool {
	s := c.Query(name)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		v.Add(name, "must be true or false")
	}
	return b
}

// hsdsList answers a list endpoint with one HSDS page.
func (s *Server) hsdsList(c *gin.Context, list func(*hsds.View, hsds.ListQuery) (hsds.Page, error)) error {
	q, err := hsdsQuery(c)
	if err != nil {
		return err
	}
	v, err := s.hsdsView(c)
	if err != nil {
		return err
	}
	p, err := list(v, q)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, p)
	return nil
}

// hsdsOne answers a single-record endpoint; fullService is the
// full_service parameter of /organizations/{id}.
func (s *Server) hsdsOne(c *gin.Context, one func(v *hsds.View, id string, fullService bool) (any, error)) error {
	var v haven.Validation
	fullService := boolQuery(&v, c, "full_service")
	if err := v.Err(); err != nil {
		return err
	}
	view, err := s.hsdsView(c)
	if err != nil {
		return err
	}
	item, err := one(view, c.Param("id"), fullService)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, item)
	return nil
}

func (s *Server) hsdsServices(c *gin.Context) error { return s.hsdsList(c, (*hsds.View).Services) }
func (s *Server) hsdsOrganizations(c *gin.Context) error {
	return s.hsdsList(c, (*hsds.View).Organizations)
}
func (s *Server) hsdsServiceAtLocations(c *gin.Context) error {
	return s.hsdsList(c, (*hsds.View).ServiceAtLocations)
}
func (s *Server) hsdsTaxonomies(c *gin.Context) error { return s.hsdsList(c, (*hsds.View).Taxonomies) }
func (s *Server) hsdsTaxonomyTerms(c *gin.Context) error {
	return s.hsdsList(c, (*hsds.View).TaxonomyTerms)
}

func (s *Server) hsdsServiceByID(c *gin.Context) error {
	return s.hsdsOne(c, func(v *hsds.View, id string, _ bool) (any, error) { return v.Service(id) })
}
func (s *Server) hsdsOrganizationByID(c *gin.Context) error {
	return s.hsdsOne(c, (*hsds.View).Organization)
}
func (s *Server) hsdsServiceAtLocationByID(c *gin.Context) error {
	return s.hsdsOne(c, func(v *hsds.View, id string, _ bool) (any, error) { return v.ServiceAtLocation(id) })
}
func (s *Server) hsdsTaxonomyByID(c *gin.Context) error {
	return s.hsdsOne(c, func(v *hsds.View, id string, _ bool) (any, error) { return v.Taxonomy(id) })
}
func (s *Server) hsdsTaxonomyTermByID(c *gin.Context) error {
	return s.hsdsOne(c, func(v *hsds.View, id string, _ bool) (any, error) { return v.TaxonomyTerm(id) })
}

// hsdsImportProblem is the 400 answer of a refused import: the problem and
// the report that lists what is wrong.
type hsdsImportProblem struct {
	problem
	Report hsds.Report `json:"report"`
}

// maxTaxonomyMap bounds the taxonomy map file of an upload.
const maxTaxonomyMap = 1 << 20

func (s *Server) importHSDS(c *gin.Context) error {
	f, fh, err := uploadedFile(c)
	if err != nil {
		return err
	}
	defer f.Close()
	var v haven.Validation
	mode := c.PostForm("mode")
	v.Check(mode == "" || mode == "strict" || mode == "lenient", "mode", "must be strict or lenient")
	opts := hsds.ImportOptions{Lenient: mode == "lenient", Country: c.PostForm("country")}
	if mh, err := c.FormFile("taxonomy_map"); err == nil {
		m, err := mh.Open()
		if err != nil {
			return err
		}
		opts.TaxonomyMap, err = io.ReadAll(io.LimitReader(m, maxTaxonomyMap+1))
		m.Close()
		if err != nil {
			return err
		}
		v.Check(len(opts.TaxonomyMap) <= maxTaxonomyMap, "taxonomy_map", "must be at most 1 MiB")
		opts.TaxonomyMapName = mh.Filename
	}
	if err := v.Err(); err != nil {
		return err
	}
	u, _ := currentUser(c)
	rep, err := s.hsdsService().Import(c.Request.Context(), u, fh.Filename, f, opts)
	if err != nil && haven.KindOf(err) == haven.KindInvalid && len(rep.Problems) > 0 {
		body := hsdsImportProblem{problem: problem{Type: problemType(http.StatusBadRequest), Title: http.StatusText(http.StatusBadRequest),
			Status: http.StatusBadRequest, Detail: err.Error(), Instance: c.Request.URL.Path, RequestID: requestID(c)}, Report: rep}
		c.Header("Content-Type", "application/problem+json")
		c.Status(http.StatusBadRequest)
		writeJSONBody(c, body)
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusCreated, rep)
	return nil
}
