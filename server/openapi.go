package server

import (
	_ "embed"
	"net/http"

	"github.com/gin-gonic/gin"
)

// openAPIDoc describes every /api/v1 route. A test fails when a route is
// missing from it or it names a route that does not exist.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(c *gin.Context) error {
	c.Data(http.StatusOK, "application/json", openAPIDoc)
	return nil
}
