package server

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
)

// rule is a route's access rule. Every route declares exactly one; a test
// fails if a registered route has none.
type rule struct {
	name   string
	public bool
	allow  func(u accounts.User) bool
	// loginPage sends a caller who is not logged in to the login page
	// rather than answering 401: the route is a page a person opened.
	loginPage bool
}

var (
	// public routes answer anyone: health checks, the login page, the API description.
	public = rule{name: "public", public: true}
	// signedIn routes answer any logged-in user, whatever the role.
	signedIn = rule{name: "signed-in", allow: func(accounts.User) bool { return true }}
	// adminOnly routes answer admins only.
	adminOnly = roles(accounts.RoleAdmin)
	// editors change directory content; the domain limits them to their countries.
	editors = roles(accounts.RoleAdmin, accounts.RoleEditor)
	// submitters fill in surveys: collectors, and editors and admins too.
	submitters = roles(accounts.RoleAdmin, accounts.RoleEditor, accounts.RoleCollector)
	// signedInPage pages rendered with data answer any logged-in user, and
	// send anyone else to log in first.
	signedInPage = rule{name: "signed-in (page)", allow: func(accounts.User) bool { return true }, loginPage: true}
)

// roles allows the listed roles.
func roles(rs ...accounts.Role) rule {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = string(r)
	}
	return rule{name: "roles:" + strings.Join(names, ","), allow: func(u accounts.User) bool { return slices.Contains(rs, u.Role) }}
}

const (
	sessionCookie = "haven_session"
	csrfHeader    = "X-CSRF-Token"
)

// csrfExempt are the writes a browser makes before it holds a session's
// CSRF token: logging in (perhaps as someone else, in another tab) and the
// first set-up. The cross-site check still guards them.
var csrfExempt = map[string]bool{
	"POST " + apiBase + "/session": true,
	"POST " + apiBase + "/setup":   true,
}

// authenticate finds who is calling: an API token (Authorization: Bearer) or
// a web session cookie; on the OpenRosa routes, HTTP Basic instead of the
// cookie (authenticateOpenRosa). It never refuses an anonymous caller — each
// route's rule does that — but it refuses a bad token, a cross-site write,
// and a session write without the session's CSRF token.
func (s *Server) authenticate(c *gin.Context) {
	unsafe := c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead && c.Request.Method != http.MethodOptions
	if unsafe && crossSite(c.Request) {
		writeProblem(c, http.StatusForbidden, "cross-site requests are refused", nil)
		return
	}
	if isOpenRosa(c.Request.URL.Path) {
		s.authenticateOpenRosa(c)
		return
	}
	ctx := c.Request.Context()
	if auth := c.GetHeader("Authorization"); auth != "" {
		scheme, secret, _ := strings.Cut(auth, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			writeProblem(c, http.StatusUnauthorized, "use Authorization: Bearer <API token>", nil)
			return
		}
		u, err := s.deps.Accounts.UserByToken(ctx, strings.TrimSpace(secret))
		if err != nil {
			renderError(c, s.log, err)
			return
		}
		s.setUser(c, u)
		c.Next()
		return
	}
	if id, err := c.Cookie(sessionCookie); err == nil && id != "" {
		sess, err := s.deps.Accounts.SessionByID(ctx, id)
		switch {
		case err == nil:
			if unsafe && !csrfExempt[c.Request.Method+" "+c.FullPath()] && c.GetHeader(csrfHeader) != sess.CSRFToken {
				writeProblem(c, http.StatusForbidden, "missing or wrong "+csrfHeader+" header; reload the page and try again", nil)
				return
			}
			c.Set("session", sess)
			s.setUser(c, sess.User)
		case haven.KindOf(err) == haven.KindUnauthenticated:
			s.clearSessionCookie(c) // stale cookie: carry on as anonymous
		default:
			renderError(c, s.log, err)
			return
		}
	}
	c.Next()
}

func (s *Server) setUser(c *gin.Context, u accounts.User) {
	c.Set("user", u)
	c.Request = c.Request.WithContext(audit.WithActor(c.Request.Context(), audit.Actor{ID: u.ID, Email: u.Email}))
}

// currentUser returns the caller, if authenticated.
func currentUser(c *gin.Context) (accounts.User, bool) {
	v, ok := c.Get("user")
	if !ok {
		return accounts.User{}, false
	}
	u, ok := v.(accounts.User)
	return u, ok
}

func currentSession(c *gin.Context) (accounts.Session, bool) {
	v, ok := c.Get("session")
	if !ok {
		return accounts.Session{}, false
	}
	sess, ok := v.(accounts.Session)
	return sess, ok
}

// crossSite reports whether a browser says the request comes from another
// site. Browsers send Origin on every cross-origin write; scripts send none.
func crossSite(r *http.Request) bool {
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" {
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err != nil || u.Host != r.Host
}

// enforce checks a route's rule before its handler runs.
func (s *Server) enforce(r rule) gin.HandlerFunc {
	return func(c *gin.Context) {
		if r.public {
			c.Next()
			return
		}
		u, ok := currentUser(c)
		if !ok && r.loginPage {
			c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
			c.Abort()
			return
		}
		if !ok {
			writeProblem(c, http.StatusUnauthorized, "log in, or send an API token as Authorization: Bearer", nil)
			return
		}
		if !r.allow(u) {
			writeProblem(c, http.StatusForbidden, "your role ("+string(u.Role)+") may not do this", nil)
			return
		}
		c.Next()
	}
}

// handle registers a route with its access rule and a handler that returns
// an error, which is rendered as problem+json.
func (s *Server) handle(g gin.IRoutes, base, method, path string, r rule, h func(c *gin.Context) error) {
	s.rules[method+" "+base+path] = r
	g.Handle(method, path, s.enforce(r), func(c *gin.Context) {
		if err := h(c); err != nil {
			if err == errUnsupportedMedia {
				writeProblem(c, statusUnsupportedMedia, "send the body as application/json", nil)
				return
			}
			renderError(c, s.log, err)
		}
	})
}
