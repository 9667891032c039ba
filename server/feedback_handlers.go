package server

import (
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/frontend"
	"github.com/haven-project/haven/surveys/feedback"
)

// Feedback tests: editors build them, facilitators enter responses, and
// participants answer on a link (/t/…) without an account.

// feedbackReaders see tests: those who build them, facilitate them and
// analyse them. The domain scopes them by country and hides the correct
// answers from facilitators.
var feedbackReaders = roles(accounts.RoleAdmin, accounts.RoleEditor, accounts.RoleCollector, accounts.RoleResearcher)

func (s *Server) listFeedbackTests(c *gin.Context) error {
	u, _ := currentUser(c)
	tests, err := s.deps.Feedback.Tests(c.Request.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(tests, ""))
	return nil
}

func (s *Server) createFeedbackTest(c *gin.Context) error {
	var in feedback.TestInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	t, err := s.deps.Feedback.Create(c.Request.Context(), u, in)
	if err != nil {
		return err
	}
	c.Header("Location", apiBase+"/feedback-tests/"+t.ID)
	writeJSON(c, http.StatusCreated, t)
	return nil
}

func (s *Server) getFeedbackTest(c *gin.Context) error {
	u, _ := currentUser(c)
	t, err := s.deps.Feedback.Test(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, t)
	return nil
}

func (s *Server) updateFeedbackTest(c *gin.Context) error {
	var in feedback.TestInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	t, err := s.deps.Feedback.Update(c.Request.Context(), u, c.Param("id"), in)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, t)
	return nil
}

func (s *Server) deleteFeedbackTest(c *gin.Context) error {
	u, _ := currentUser(c)
	if err := s.deps.Feedback.Delete(c.Request.Context(), u, c.Param("id")); err != nil {
		return err
	}
	c.Status(http.StatusNoContent)
	return nil
}

func (s *Server) openFeedbackTest(c *gin.Context) error {
	u, _ := currentUser(c)
	t, err := s.deps.Feedback.Open(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, t)
	return nil
}

func (s *Server) closeFeedbackTest(c *gin.Context) error {
	u, _ := currentUser(c)
	t, err := s.deps.Feedback.Close(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, t)
	return nil
}

func (s *Server) listFeedbackLinks(c *gin.Context) error {
	u, _ := currentUser(c)
	links, err := s.deps.Feedback.Links(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(links, ""))
	return nil
}

// linkResponse is an issued link with the address to hand out.
type linkResponse struct {
	feedback.Link
	Path string `json:"path"`
}

func (s *Server) issueFeedbackLink(c *gin.Context) error {
	var in struct {
		Label string `json:"label"`
	}
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	l, err := s.deps.Feedback.IssueLink(c.Request.Context(), u, c.Param("id"), in.Label)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusCreated, linkResponse{Link: l, Path: feedback.LinkPath(l.Token)})
	return nil
}

func (s *Server) revokeFeedbackLink(c *gin.Context) error {
	u, _ := currentUser(c)
	l, err := s.deps.Feedback.RevokeLink(c.Request.Context(), u, c.Param("id"), c.Param("link"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, l)
	return nil
}

func (s *Server) listFrozenDrafts(c *gin.Context) error {
	u, _ := currentUser(c)
	ds, err := s.deps.Feedback.FrozenDrafts(c.Request.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(ds, ""))
	return nil
}

// Facilitators.

func (s *Server) facilitatorView(c *gin.Context) error {
	u, _ := currentUser(c)
	view, err := s.deps.Feedback.ParticipantForFacilitator(c.Request.Context(), u, c.Param("id"))
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, view)
	return nil
}

// assignmentRequest asks for the order of drafts for a participant of group.
type assignmentRequest struct {
	Group string `json:"group"`
}

type assignmentResponse struct {
	DraftOrder []string `json:"draft_order"`
}

func (s *Server) facilitatorAssignment(c *gin.Context) error {
	var in assignmentRequest
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	order, err := s.deps.Feedback.Assign(c.Request.Context(), u, c.Param("id"), in.Group)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, assignmentResponse{DraftOrder: order})
	return nil
}

func (s *Server) facilitatorResponse(c *gin.Context) error {
	var in feedback.ResponseInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	r, created, err := s.deps.Feedback.Facilitate(c.Request.Context(), u, c.Param("id"), in)
	if err != nil {
		return err
	}
	writeResponseStored(c, r, created)
	return nil
}

// responseStored is all a sender learns back: that the response is kept.
// Echoing the answers would put them in one more place (a proxy's cache, a
// shared phone's history).
type responseStored struct {
	ID      string `json:"id"`
	Created bool   `json:"created"`
}

func writeResponseStored(c *gin.Context, r feedback.Response, created bool) {
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(c, status, responseStored{ID: r.ID, Created: created})
}

// Provider issues: the review queue of problems reported against entries.

func (s *Server) listProviderIssues(c *gin.Context) error {
	u, _ := currentUser(c)
	issues, err := s.deps.Feedback.Issues(c.Request.Context(), u,
		feedback.IssueFilter{ProviderID: c.Query("provider"), Status: c.Query("status")})
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(issues, ""))
	return nil
}

func (s *Server) resolveProviderIssue(c *gin.Context) error {
	var in struct {
		Note string `json:"note"`
	}
	if err := readJSON(c, &in); err != nil {
		return err
	}
	u, _ := currentUser(c)
	issue, err := s.deps.Feedback.ResolveIssue(c.Request.Context(), u, c.Param("id"), in.Note)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, issue)
	return nil
}

// Participants, on a self-complete link. These routes are public and
// rate-limited; the request log shows only their route template
// (/t/:token…), never the token, a query string, an address or a user
// agent (see logRequests), and nothing here logs more.

// limitParticipants refuses a participant request over the rate limits.
// The client's address is handed to the limiter, which keeps only a salted
// hash of it in memory.
func (s *Server) limitParticipants(c *gin.Context) error {
	if !s.participants.Allow(c.Param("token"), c.ClientIP()) {
		c.Header("Retry-After", "60")
		return haven.Errorf(haven.KindTooManyRequests, "too many requests on this link; wait a minute and try again")
	}
	return nil
}

func (s *Server) participantPage(c *gin.Context) error {
	if err := s.limitParticipants(c); err != nil {
		return err
	}
	return s.servePage("participant")(c)
}

func (s *Server) participantTest(c *gin.Context) error {
	if err := s.limitParticipants(c); err != nil {
		return err
	}
	view, err := s.deps.Feedback.ParticipantByLink(c.Request.Context(), c.Param("token"))
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	writeJSON(c, http.StatusOK, view)
	return nil
}

func (s *Server) participantAssignment(c *gin.Context) error {
	if err := s.limitParticipants(c); err != nil {
		return err
	}
	var in assignmentRequest
	if err := readJSON(c, &in); err != nil {
		return err
	}
	order, err := s.deps.Feedback.AssignByLink(c.Request.Context(), c.Param("token"), in.Group)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	writeJSON(c, http.StatusOK, assignmentResponse{DraftOrder: order})
	return nil
}

func (s *Server) participantResponse(c *gin.Context) error {
	if err := s.limitParticipants(c); err != nil {
		return err
	}
	var in feedback.ResponseInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	r, created, err := s.deps.Feedback.RespondByLink(c.Request.Context(), c.Param("token"), in)
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-store")
	writeResponseStored(c, r, created)
	return nil
}

// participantDraft serves a draft of the link's test as its own output —
// the web directory, booklet or card exactly as the drafts render them —
// under the link, so that only a working link reaches a draft frozen for
// testing. No service worker: nothing of the test stays on the phone.
func (s *Server) participantDraft(c *gin.Context) error {
	if err := s.limitParticipants(c); err != nil {
		return err
	}
	d, err := s.deps.Feedback.DraftByLink(c.Request.Context(), c.Param("token"), c.Param("label"))
	if err != nil {
		return s.outputNotFound(c, err)
	}
	base := "/t/" + c.Param("token") + "/drafts/" + d.Label
	err = s.writeDraftOutput(c, DraftOutput{DraftID: d.DraftID, Number: d.Version, Output: c.Param("output"), Lang: c.Query("lang"), Base: base})
	return s.outputNotFound(c, err)
}

// serveFeedbackServiceWorker serves the facilitator page's service worker
// (static/feedback-sw.js) under /feedback/, so that its scope may cover
// /feedback/facilitate. Never cached by the browser's HTTP cache, so a new
// version reaches phones at once.
func (s *Server) serveFeedbackServiceWorker(c *gin.Context) error {
	js, err := fs.ReadFile(frontend.Static(), "feedback-sw.js")
	if err != nil {
		return err
	}
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/javascript; charset=utf-8", js)
	return nil
}
