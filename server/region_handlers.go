package server

import (
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb/geojson"
)

func (s *Server) listTaxonomy(c *gin.Context) error {
	terms, err := s.deps.Taxonomy.Terms(c.Request.Context())
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(terms, ""))
	return nil
}

type termRequest struct {
	Code         string                             `json:"code"`
	ParentCode   string                             `json:"parent_code"`
	Name         string                             `json:"name"`
	Description  string                             `json:"description"`
	Translations map[string]mapping.TermTranslation `json:"translations"`
}

func (s *Server) createTerm(c *gin.Context) error {
	var req termRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	term, err := s.deps.Taxonomy.AddTerm(c.Request.Context(), mapping.NewTerm{Code: req.Code, ParentCode: req.ParentCode,
		Name: req.Name, Description: req.Description, Translations: req.Translations})
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusCreated, term)
	return nil
}

func (s *Server) listRegionSets(c *gin.Context) error {
	sets, err := s.deps.Regions.Sets(c.Request.Context())
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(sets, ""))
	return nil
}

func (s *Server) listRegions(c *gin.Context) error {
	limit, err := pageLimit(c)
	if err != nil {
		return err
	}
	var v haven.Validation
	level := intQuery(&v, c, "level")
	if err := v.Err(); err != nil {
		return err
	}
	regions, next, err := s.deps.Regions.List(c.Request.Context(), mapping.RegionFilter{
		Set: c.Query("set"), Level: level, Parent: c.Query("parent"), Cursor: c.Query("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(regions, next))
	return nil
}

// getRegion answers one region as a GeoJSON Feature (RFC 7946).
func (s *Server) getRegion(c *gin.Context) error {
	r, err := s.deps.Regions.Region(c.Request.Context(), c.Query("set"), c.Param("code"), c.Query("display") == "true")
	if err != nil {
		return err
	}
	f := geojson.NewFeature(r.Geometry)
	f.ID = r.Code
	f.Properties = geojson.Properties{"set": r.Set, "set_version": r.SetVersion, "code": r.Code, "name": r.Name,
		"level": r.Level, "parent_code": r.ParentCode, "country": r.Country, "population": r.Population}
	body, err := json.Marshal(f)
	if err != nil {
		return err
	}
	c.Data(http.StatusOK, "application/geo+json", body)
	return nil
}

// uploadedFile opens the multipart file field "file".
func uploadedFile(c *gin.Context) (multipart.File, *multipart.FileHeader, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		if tooLarge(err) {
			return nil, nil, haven.Errorf(haven.KindTooLarge, "the upload is larger than the server's limit")
		}
		return nil, nil, &haven.Error{Kind: haven.KindInvalid, Message: "send the file as multipart/form-data",
			Fields: []haven.FieldError{{Field: "file", Message: "is required"}}}
	}
	f, err := fh.Open()
	if err != nil {
		return nil, nil, err
	}
	return f, fh, nil
}

func (s *Server) importRegions(c *gin.Context) error {
	f, fh, err := uploadedFile(c)
	if err != nil {
		return err
	}
	defer f.Close()
	var v haven.Validation
	opts := mapping.RegionImport{
		Set: c.PostForm("set"), Level: formInt(&v, c, "level"), Source: fh.Filename,
		CodeProp: c.PostForm("code"), NameProp: c.PostForm("name"), ParentCodeProp: c.PostForm("parent_code"),
		PopulationProp: c.PostForm("population"), Country: c.PostForm("country"), CountryProp: c.PostForm("country_prop"),
		Lenient: c.PostForm("mode") == "lenient",
	}
	if err := v.Err(); err != nil {
		return err
	}
	rep, err := s.deps.Regions.Import(c.Request.Context(), f, opts, nil)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusCreated, rep)
	return nil
}

func (s *Server) importPopulation(c *gin.Context) error {
	f, _, err := uploadedFile(c)
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := s.deps.Regions.ImportPopulation(c.Request.Context(), f, c.PostForm("set"), c.PostForm("code"),
		c.PostForm("population"), c.PostForm("mode") == "lenient")
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, rep)
	return nil
}

func intQuery(v *haven.Validation, c *gin.Context, name string) int {
	return parseIntField(v, name, c.Query(name))
}

func formInt(v *haven.Validation, c *gin.Context, name string) int {
	return parseIntField(v, name, c.PostForm(name))
}

func parseIntField(v *haven.Validation, name, s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(name, "must be a whole number")
	}
	return n
}
