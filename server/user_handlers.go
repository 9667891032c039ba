package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
)

// pageLimit reads ?limit=, defaulting to 100 and refusing nonsense.
func pageLimit(c *gin.Context) (int, error) {
	s := c.Query("limit")
	if s == "" {
		return 100, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 500 {
		return 0, &haven.Error{Kind: haven.KindInvalid, Message: "invalid limit",
			Fields: []haven.FieldError{{Field: "limit", Message: "must be a whole number from 1 to 500"}}}
	}
	return n, nil
}

func (s *Server) listUsers(c *gin.Context) error {
	limit, err := pageLimit(c)
	if err != nil {
		return err
	}
	users, next, err := s.deps.Accounts.ListUsers(c.Request.Context(), c.Query("cursor"), limit)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(users, next))
	return nil
}

type createUserRequest struct {
	Email     string           `json:"email"`
	Name      string           `json:"name"`
	Role      accounts.Role    `json:"role"`
	Countries []string         `json:"countries"`
	Grants    []accounts.Grant `json:"grants"`
	Password  string           `json:"password"`
}

func (s *Server) createUser(c *gin.Context) error {
	var req createUserRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	u, err := s.deps.Accounts.CreateUser(c.Request.Context(), accounts.NewUser{
		Email: req.Email, Name: req.Name, Role: req.Role, Countries: req.Countries, Grants: req.Grants, Password: req.Password})
	if err != nil {
		return err
	}
	c.Header("Location", apiBase+"/users/"+u.ID)
	writeJSON(c, http.StatusCreated, u)
	return nil
}

func (s *Server) getUser(c *gin.Context) error {
	u, err := s.deps.Accounts.User(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, u)
	return nil
}

type updateUserRequest struct {
	Name      *string           `json:"name"`
	Role      *accounts.Role    `json:"role"`
	Countries *[]string         `json:"countries"`
	Grants    *[]accounts.Grant `json:"grants"`
	Disabled  *bool             `json:"disabled"`
	Password  *string           `json:"password"`
}

func (s *Server) updateUser(c *gin.Context) error {
	var req updateUserRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	u, err := s.deps.Accounts.UpdateUser(c.Request.Context(), c.Param("id"), accounts.UserPatch{
		Name: req.Name, Role: req.Role, Countries: req.Countries, Grants: req.Grants, Disabled: req.Disabled, Password: req.Password})
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, u)
	return nil
}
