package server

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/frontend"
	"github.com/haven-project/haven/mapping/drafts"
)

// Directory drafts: content sections, drafts, their frozen versions, and
// the outputs of a version — booklet, web directory, hotline card — as
// pages rendered on the server.
//
// Who reads the outputs: editors and every signed-in user under
// /drafts/{id}/v/{number}/…; anyone, without logging in, under
// /d/{id}/{number}/… but only for versions frozen for public distribution.
// A version frozen for testing is shown to participants only through the
// feedback-test participant flow. Every version holds only what the tiers
// let anyone see (drafts.Service.Freeze), so no output needs a grant.

func (s *Server) listSections(c *gin.Context) error {
	secs, err := s.deps.Drafts.Sections(c.Request.Context(), drafts.SectionFilter{Country: c.Query("country"), Kind: c.Query("kind")})
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(secs, ""))
	return nil
}

func (s *Server) createSection(c *gin.Context) error {
	var in drafts.SectionInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	sec, err := s.deps.Drafts.CreateSection(c.Request.Context(), u, in)
	if err != nil {
		return err
	}
	c.Header("Location", apiBase+"/content-sections/"+sec.ID)
	c.Header("ETag", etag(sec.Version))
	writeJSON(c, http.StatusCreated, sec)
	return nil
}

func (s *Server) getSection(c *gin.Context) error {
	sec, err := s.deps.Drafts.Section(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.Header("ETag", etag(sec.Version))
	writeJSON(c, http.StatusOK, sec)
	return nil
}

func (s *Server) updateSection(c *gin.Context) error {
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in drafts.SectionInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	sec, err := s.deps.Drafts.UpdateSection(c.Request.Context(), u, c.Param("id"), version, in)
	if err != nil {
		return err
	}
	c.Header("ETag", etag(sec.Version))
	writeJSON(c, http.StatusOK, sec)
	return nil
}

func (s *Server) sectionHistory(c *gin.Context) error {
	hist, err := s.deps.Drafts.SectionHistory(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(hist, ""))
	return nil
}

func (s *Server) listDrafts(c *gin.Context) error {
	ds, err := s.deps.Drafts.Drafts(c.Request.Context())
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(ds, ""))
	return nil
}

func (s *Server) createDraft(c *gin.Context) error {
	var in drafts.DraftInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	d, err := s.deps.Drafts.CreateDraft(c.Request.Context(), u, in)
	if err != nil {
		return err
	}
	c.Header("Location", apiBase+"/drafts/"+d.ID)
	c.Header("ETag", etag(d.Revision))
	writeJSON(c, http.StatusCreated, d)
	return nil
}

func (s *Server) getDraft(c *gin.Context) error {
	d, err := s.deps.Drafts.Draft(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	c.Header("ETag", etag(d.Revision))
	writeJSON(c, http.StatusOK, d)
	return nil
}

func (s *Server) updateDraft(c *gin.Context) error {
	revision, err := ifMatch(c)
	if err != nil {
		return err
	}
	var in drafts.DraftInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	d, err := s.deps.Drafts.UpdateDraft(c.Request.Context(), u, c.Param("id"), revision, in)
	if err != nil {
		return err
	}
	c.Header("ETag", etag(d.Revision))
	writeJSON(c, http.StatusOK, d)
	return nil
}

// previewRequest is a draft's settings, saved or not, to resolve now.
type previewRequest struct {
	Countries []string        `json:"countries"`
	Settings  drafts.Settings `json:"settings"`
}

func (s *Server) previewDraft(c *gin.Context) error {
	var req previewRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	p, err := s.deps.Drafts.Preview(c.Request.Context(), req.Countries, req.Settings)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, p)
	return nil
}

func (s *Server) listDraftVersions(c *gin.Context) error {
	vs, err := s.deps.Drafts.Versions(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(vs, ""))
	return nil
}

// freezeRequest is the optional body of a freeze: a note for the version list.
type freezeRequest struct {
	Note string `json:"note"`
}

func (s *Server) freezeDraft(c *gin.Context) error {
	var req freezeRequest
	if c.Request.ContentLength != 0 {
		if err := readJSON(c, &req); err != nil {
			return err
		}
	}
	u, _ := currentUser(c)
	v, err := s.deps.Drafts.Freeze(c.Request.Context(), u, c.Param("id"), req.Note)
	if err != nil {
		return err
	}
	c.Header("Location", fmt.Sprintf("%s/drafts/%s/versions/%d", apiBase, v.DraftID, v.Number))
	writeJSON(c, http.StatusCreated, v.Summary())
	return nil
}

func versionNumber(c *gin.Context) (int, error) {
	n, err := strconv.Atoi(c.Param("number"))
	if err != nil || n <= 0 {
		return 0, haven.Errorf(haven.KindNotFound, "a version number is a whole number from 1")
	}
	return n, nil
}

func (s *Server) getDraftVersion(c *gin.Context) error {
	n, err := versionNumber(c)
	if err != nil {
		return err
	}
	v, err := s.deps.Drafts.Version(c.Request.Context(), c.Param("id"), n)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, v)
	return nil
}

func (s *Server) newDraftVersion(c *gin.Context) error {
	n, err := versionNumber(c)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	d, err := s.deps.Drafts.NewVersionFrom(c.Request.Context(), u, c.Param("id"), n)
	if err != nil {
		return err
	}
	c.Header("ETag", etag(d.Revision))
	writeJSON(c, http.StatusOK, d)
	return nil
}

// ------------------------------------------------------------- outputs

// DraftOutput says how to render an output of a frozen version for a route
// that has decided its caller may see it (the feedback participant flow
// among them).
type DraftOutput struct {
	DraftID string
	Number  int
	Output  string // booklet, web or card
	Lang    string // "" for the version's language
	Base    string // the path its outputs live under: links and the service worker's scope
	Offline bool   // register the service worker at Base + "/sw.js"
}

// writeDraftOutput renders an output of a frozen version as an HTML page.
// It fails with haven.ErrNotFound for an unknown version or output.
func (s *Server) writeDraftOutput(c *gin.Context, o DraftOutput) error {
	if !slices.Contains(frontend.DraftOutputs, o.Output) {
		return errNoDraftOutput
	}
	book, err := s.deps.Drafts.Book(c.Request.Context(), o.DraftID, o.Number, o.Lang)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	page := frontend.DraftPage{Book: book, Base: o.Base, Size: c.Query("size"), Offline: o.Offline && o.Output == "web",
		Languages: frontend.DraftLanguages()}
	if err := frontend.RenderDraft(&buf, o.Output, page); err != nil {
		return err
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", buf.Bytes())
	return nil
}

var errNoDraftOutput = haven.Errorf(haven.KindNotFound, "a draft is shown as booklet, web or card")

// draftOutputPage serves /drafts/{id}/v/{number}/{output} to signed-in users.
func (s *Server) draftOutputPage(c *gin.Context) error {
	n, err := versionNumber(c)
	if err != nil {
		return s.outputNotFound(c, err)
	}
	id := c.Param("id")
	base := fmt.Sprintf("/drafts/%s/v/%d", id, n)
	err = s.writeDraftOutput(c, DraftOutput{DraftID: id, Number: n, Output: c.Param("output"), Lang: c.Query("lang"), Base: base, Offline: true})
	return s.outputNotFound(c, err)
}

// publicDraftPage serves /d/{id}/{number}/{output} to anyone, for versions
// frozen for public distribution only.
func (s *Server) publicDraftPage(c *gin.Context) error {
	id, n, err := s.publicVersion(c)
	if err != nil {
		return s.outputNotFound(c, err)
	}
	base := fmt.Sprintf("/d/%s/%d", id, n)
	err = s.writeDraftOutput(c, DraftOutput{DraftID: id, Number: n, Output: c.Param("output"), Lang: c.Query("lang"), Base: base, Offline: true})
	return s.outputNotFound(c, err)
}

// publicDraftHome sends /d/{id}/{number} to the version's web directory.
func (s *Server) publicDraftHome(c *gin.Context) error {
	id, n, err := s.publicVersion(c)
	if err != nil {
		return s.outputNotFound(c, err)
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/d/%s/%d/web", id, n))
	return nil
}

// publicVersion finds the version a /d/ path names, as not found unless it
// was frozen for public distribution: a testing version's existence does
// not show.
func (s *Server) publicVersion(c *gin.Context) (string, int, error) {
	n, err := versionNumber(c)
	if err != nil {
		return "", 0, err
	}
	v, err := s.deps.Drafts.Version(c.Request.Context(), c.Param("id"), n)
	if err != nil {
		return "", 0, err
	}
	if v.Audience != drafts.AudiencePublic {
		return "", 0, haven.Errorf(haven.KindNotFound, "no public directory has this address")
	}
	return v.DraftID, v.Number, nil
}

// outputNotFound shows the not-found page for a missing version: a person
// opened a link, so a page answers, not problem+json.
func (s *Server) outputNotFound(c *gin.Context, err error) error {
	if haven.KindOf(err) == haven.KindNotFound {
		s.notFoundPage(c)
		return nil
	}
	return err
}

// draftServiceWorker serves the web directory's service worker under the
// version's path, so that its scope covers that version alone.
func (s *Server) draftServiceWorker(c *gin.Context) error {
	js, err := fs.ReadFile(frontend.Static(), "draft-sw.js")
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", js)
	return nil
}

// publicDraftServiceWorker is draftServiceWorker for public versions only.
func (s *Server) publicDraftServiceWorker(c *gin.Context) error {
	if _, _, err := s.publicVersion(c); err != nil {
		return s.outputNotFound(c, err)
	}
	return s.draftServiceWorker(c)
}
