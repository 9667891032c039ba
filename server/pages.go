package server

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven/frontend"
)

// Pages are static shells: each loads its script, which asks the API for
// data with the caller's session. So a page itself reveals nothing and
// every page route is public; the API enforces access.
var pageRoutes = map[string]string{
	"/":            "home",
	"/login":       "login",
	"/setup":       "setup",
	"/account":     "account",
	"/admin/users": "users",
	"/admin/audit": "audit",

	"/directory":          "directory",
	"/directory/provider": "provider",
	"/directory/edit":     "provider-edit",
	"/admin/regions":      "regions",

	"/surveys":           "surveys",
	"/submissions":       "submissions",
	"/submissions/view":  "submission",
	"/surveys/fill":      "survey-form",
	"/surveys/analytics": "survey-analytics",

	"/drafts":          "drafts",
	"/drafts/edit":     "draft-edit",
	"/drafts/sections": "draft-sections",

	"/feedback":            "feedback",
	"/feedback/test":       "feedback-test",
	"/feedback/edit":       "feedback-edit",
	"/feedback/facilitate": "feedback-facilitate",
	"/feedback/issues":     "feedback-issues",
	"/feedback/results":    "feedback-results",
	"/feedback/summary":    "feedback-results-summary",

	"/reports": "gapmap",
}

func (s *Server) pages() {
	// HEAD too, for uptime checks and link previews.
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		for path, name := range pageRoutes {
			s.handle(s.engine, "", method, path, public, s.servePage(name))
		}
		s.handle(s.engine, "", method, "/static/*file", public, s.serveStatic)
		s.handle(s.engine, "", method, "/surveys/sw.js", public, s.serveServiceWorker)
	}
}

var staticFiles = http.FileServer(http.FS(frontend.Static()))

// serveStatic serves the UI's files; a folder or a missing file gets the
// not-found page, never a listing.
func (s *Server) serveStatic(c *gin.Context) error {
	name := strings.TrimPrefix(c.Param("file"), "/")
	if st, err := fs.Stat(frontend.Static(), name); err != nil || st.IsDir() {
		s.notFoundPage(c)
		return nil
	}
	c.Header("Cache-Control", "public, max-age=300")
	c.Request.URL.Path = "/" + name
	staticFiles.ServeHTTP(c.Writer, c.Request)
	return nil
}

// serveServiceWorker serves the form's service worker (static/sw.js) under
// /surveys/, so that its scope may cover /surveys/fill. It is never cached
// by the browser's HTTP cache, so a new version reaches phones at once.
func (s *Server) serveServiceWorker(c *gin.Context) error {
	js, err := fs.ReadFile(frontend.Static(), "sw.js")
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", js)
	return nil
}

func (s *Server) servePage(name string) func(c *gin.Context) error {
	return func(c *gin.Context) error {
		html, err := frontend.Page(name)
		if err != nil {
			return err
		}
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", html)
		return nil
	}
}

func (s *Server) notFoundPage(c *gin.Context) {
	html, err := frontend.Page("notfound")
	if err != nil {
		c.String(http.StatusNotFound, "page not found")
		return
	}
	c.Data(http.StatusNotFound, "text/html; charset=utf-8", html)
}
