package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
)

// listSubmissions answers the submissions the caller may read, newest
// first, each with where it is as far as the caller may know.
func (s *Server) listSubmissions(c *gin.Context) error {
	limit, err := pageLimit(c)
	if err != nil {
		return err
	}
	var v haven.Validation
	since := parseTime(&v, c, "since", false)
	until := parseTime(&v, c, "until", true)
	if err := v.Err(); err != nil {
		return err
	}
	ctx := c.Request.Context()
	f := review.Filter{SubmissionFilter: surveys.SubmissionFilter{Status: c.Query("status"), CollectorID: c.Query("collector_id"),
		Since: since, Until: until, Cursor: c.Query("cursor"), Limit: limit},
		Region: c.Query("region"), RegionSet: c.Query("region_set")}
	if name := c.Query("survey"); name != "" {
		sv, err := s.deps.Surveys.Survey(ctx, name)
		if err != nil {
			return err
		}
		f.SurveyID = sv.ID
	}
	u, _ := currentUser(c)
	subs, next, err := s.deps.Review.List(ctx, u, f)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(subs, next))
	return nil
}

func (s *Server) getSubmission(c *gin.Context) error {
	u, _ := currentUser(c)
	sub, err := s.deps.Review.Get(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, sub)
	return nil
}

func (s *Server) submissionDiff(c *gin.Context) error {
	u, _ := currentUser(c)
	changes, err := s.deps.Review.Diff(c.Request.Context(), u, c.Param("id"), c.Query("provider"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(changes, ""))
	return nil
}

type acceptRequest struct {
	ProviderID string `json:"provider_id"` // empty: create a new provider
}

func (s *Server) acceptSubmission(c *gin.Context) error {
	var req acceptRequest
	if c.Request.ContentLength != 0 {
		if err := readJSON(c, &req); err != nil {
			return err
		}
	}
	u, _ := currentUser(c)
	p, err := s.deps.Review.Accept(c.Request.Context(), u, c.Param("id"), req.ProviderID)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, p)
	return nil
}

type rejectRequest struct {
	Note string `json:"note"`
}

func (s *Server) rejectSubmission(c *gin.Context) error {
	var req rejectRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	u, _ := currentUser(c)
	sub, err := s.deps.Review.Reject(c.Request.Context(), u, c.Param("id"), req.Note)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, sub)
	return nil
}
