package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven/accounts"
)

func (s *Server) listTokens(c *gin.Context) error {
	u, _ := currentUser(c)
	tokens, err := s.deps.Accounts.Tokens(c.Request.Context(), u.ID)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(tokens, ""))
	return nil
}

type tokenRequest struct {
	Name string `json:"name"`
}

type tokenCreated struct {
	accounts.Token
	// Secret is shown this once; Haven keeps only its hash.
	Secret string `json:"secret"`
}

func (s *Server) createToken(c *gin.Context) error {
	var req tokenRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	u, _ := currentUser(c)
	tok, secret, err := s.deps.Accounts.CreateToken(c.Request.Context(), u.ID, req.Name)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusCreated, tokenCreated{Token: tok, Secret: secret})
	return nil
}

func (s *Server) revokeToken(c *gin.Context) error {
	u, _ := currentUser(c)
	if err := s.deps.Accounts.RevokeToken(c.Request.Context(), u.ID, c.Param("id")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}
