package server

import (
	"bytes"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/surveys/feedback"
)

// Results of feedback tests: analysts (researchers, editors, admins); the
// domain scopes them by country and suppresses small cells for the reader.

// resultsAudience reads ?audience=analyst|export: export asks for what a
// printable summary may show (k = 11, no free text).
func resultsAudience(c *gin.Context) (feedback.Audience, error) {
	switch c.DefaultQuery("audience", "analyst") {
	case "analyst":
		return feedback.ForAnalyst, nil
	case "export":
		return feedback.ForExport, nil
	}
	return 0, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
		Fields: []haven.FieldError{{Field: "audience", Message: "must be analyst or export"}}}
}

func (s *Server) feedbackResults(c *gin.Context) error {
	aud, err := resultsAudience(c)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	res, err := s.deps.Feedback.Results(c.Request.Context(), u, c.Param("id"), aud)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	writeJSON(c, http.StatusOK, res)
	return nil
}

func (s *Server) feedbackResultsCSV(c *gin.Context) error {
	return s.feedbackResultsFile(c, "csv", "text/csv; charset=utf-8", feedback.WriteCSV)
}

func (s *Server) feedbackResultsXLSX(c *gin.Context) error {
	return s.feedbackResultsFile(c, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", feedback.WriteXLSX)
}

// feedbackResultsFile writes an export: always suppressed at k = 11, for
// every reader. Results are small, so the file is built in memory and an
// error is still a problem+json answer.
func (s *Server) feedbackResultsFile(c *gin.Context, ext, contentType string, write func(io.Writer, feedback.Results) error) error {
	u, _ := currentUser(c)
	res, err := s.deps.Feedback.Results(c.Request.Context(), u, c.Param("id"), feedback.ForExport)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf, res); err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="feedback-`+res.TestID+`-results.`+ext+`"`)
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, contentType, buf.Bytes())
	return nil
}
