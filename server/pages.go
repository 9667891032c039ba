package server

import (
	"net/http"

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
}

func (s *Server) pages() {
	for path, name := range pageRoutes {
		s.handle(s.engine, "", http.MethodGet, path, public, s.servePage(name))
	}
	static := http.StripPrefix("/static/", http.FileServer(http.FS(frontend.Static())))
	s.handle(s.engine, "", http.MethodGet, "/static/*file", public, func(c *gin.Context) error {
		c.Header("Cache-Control", "public, max-age=300")
		static.ServeHTTP(c.Writer, c.Request)
		return nil
	})
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
