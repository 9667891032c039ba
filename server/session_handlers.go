package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven/accounts"
)

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type sessionResponse struct {
	User      accounts.User `json:"user"`
	CSRFToken string        `json:"csrf_token,omitempty"`
}

func (s *Server) login(c *gin.Context) error {
	var req loginRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	sess, err := s.deps.Accounts.Login(c.Request.Context(), req.Email, req.Password, c.ClientIP())
	if err != nil {
		return err
	}
	// A fresh session ID at every login: a planted cookie is worthless.
	s.setSessionCookie(c, sess.ID, int(accounts.SessionMax.Seconds()))
	writeJSON(c, http.StatusOK, sessionResponse{User: sess.User, CSRFToken: sess.CSRFToken})
	return nil
}

func (s *Server) logout(c *gin.Context) error {
	if sess, ok := currentSession(c); ok {
		if err := s.deps.Accounts.Logout(c.Request.Context(), sess.ID); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	c.Status(http.StatusNoContent)
	return nil
}

func (s *Server) setSessionCookie(c *gin.Context, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     sessionCookie,
		Value:    value,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   s.cfg.SecureCookies || c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https",
	})
}

func (s *Server) clearSessionCookie(c *gin.Context) { s.setSessionCookie(c, "", -1) }

// me returns the caller and, for a web session, the CSRF token its page
// must send with every change.
func (s *Server) me(c *gin.Context) error {
	u, _ := currentUser(c)
	resp := sessionResponse{User: u}
	if sess, ok := currentSession(c); ok {
		resp.CSRFToken = sess.CSRFToken
	}
	writeJSON(c, http.StatusOK, resp)
	return nil
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

func (s *Server) changePassword(c *gin.Context) error {
	var req passwordRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	u, _ := currentUser(c)
	sess, _ := currentSession(c)
	if err := s.deps.Accounts.ChangePassword(c.Request.Context(), u.ID, req.CurrentPassword, req.NewPassword, sess.ID); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

type setupStatus struct {
	// Needed is true while Haven has no admin and waits for its set-up link.
	Needed bool `json:"needed"`
	// DemoLogin names the demo admin when the demo dataset is loaded, so the
	// login page can tell a first-time visitor how to get in.
	DemoLogin string `json:"demo_login,omitempty"`
}

func (s *Server) setupStatus(c *gin.Context) error {
	hasAdmin, err := s.deps.Accounts.HasAdmin(c.Request.Context())
	if err != nil {
		return err
	}
	demo, err := s.deps.Accounts.DemoLogin(c.Request.Context())
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, setupStatus{Needed: !hasAdmin, DemoLogin: demo})
	return nil
}

type setupRequest struct {
	Token    string `json:"token"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Password string `json:"password"`
}

func (s *Server) completeSetup(c *gin.Context) error {
	var req setupRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	u, err := s.deps.Accounts.CompleteSetup(c.Request.Context(), req.Token,
		accounts.NewUser{Email: req.Email, Name: req.Name, Password: req.Password})
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusCreated, u)
	return nil
}
