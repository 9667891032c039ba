package server

import (
	"bytes"
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/xlsform"
)

func (s *Server) listSurveys(c *gin.Context) error {
	list, err := s.deps.Surveys.Surveys(c.Request.Context())
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(list, ""))
	return nil
}

// published is what publishing a survey answers: the new version and any
// warnings about the XLSForm.
type published struct {
	surveys.Version
	Warnings []string `json:"warnings"`
}

// publishSurvey takes an XLSForm upload (multipart field "file") or a JSON
// definition.
func (s *Server) publishSurvey(c *gin.Context) error {
	var def surveys.Definition
	var source string
	warnings := []string{}
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt == "multipart/form-data" {
		f, fh, err := uploadedFile(c)
		if err != nil {
			return err
		}
		defer f.Close()
		var ws []xlsform.Warning
		def, ws, err = xlsform.Parse(f, fh.Filename)
		if err != nil {
			return err
		}
		for _, w := range ws {
			warnings = append(warnings, w.String())
		}
		source = fh.Filename
	} else if err := readJSON(c, &def); err != nil {
		return err
	}
	v, err := s.deps.Surveys.Publish(c.Request.Context(), def, source)
	if err != nil {
		return err
	}
	c.Header("Location", apiBase+"/surveys/"+v.SurveyID)
	writeJSON(c, http.StatusCreated, published{Version: v, Warnings: warnings})
	return nil
}

// surveyVersion finds the version a request names: ?version=N, else the newest.
func (s *Server) surveyVersion(c *gin.Context) (surveys.Survey, surveys.Version, error) {
	sv, err := s.deps.Surveys.Survey(c.Request.Context(), c.Param("id"))
	if err != nil {
		return sv, surveys.Version{}, err
	}
	want := c.Query("version")
	if want == "" || want == strconv.Itoa(sv.Latest.Number) {
		return sv, sv.Latest, nil
	}
	versions, err := s.deps.Surveys.Versions(c.Request.Context(), sv.ID)
	if err != nil {
		return sv, surveys.Version{}, err
	}
	for _, v := range versions {
		if strconv.Itoa(v.Number) == want {
			full, err := s.deps.Surveys.Version(c.Request.Context(), v.ID)
			return sv, full, err
		}
	}
	return sv, surveys.Version{}, haven.Errorf(haven.KindNotFound, "survey %s has no version %s", sv.FormID, want)
}

type surveyDetail struct {
	surveys.Survey
	Version    surveys.Version    `json:"version"`
	Definition surveys.Definition `json:"definition"`
}

func (s *Server) getSurvey(c *gin.Context) error {
	sv, v, err := s.surveyVersion(c)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, surveyDetail{Survey: sv, Version: v, Definition: v.Definition})
	return nil
}

func (s *Server) listSurveyVersions(c *gin.Context) error {
	sv, err := s.deps.Surveys.Survey(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	versions, err := s.deps.Surveys.Versions(c.Request.Context(), sv.ID)
	if err != nil {
		return err
	}
	writeJSON(c, http.StatusOK, newList(versions, ""))
	return nil
}

func (s *Server) getSurveyXForm(c *gin.Context) error {
	_, v, err := s.surveyVersion(c)
	if err != nil {
		return err
	}
	xml, err := s.deps.Surveys.XForm(c.Request.Context(), v.ID)
	if err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="`+v.Definition.FormID+`.xml"`)
	c.Data(http.StatusOK, "text/xml; charset=utf-8", xml)
	return nil
}

func (s *Server) getSurveyXLSForm(c *gin.Context) error {
	_, v, err := s.surveyVersion(c)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsform.Write(&buf, v.Definition); err != nil {
		return err
	}
	c.Header("Content-Disposition", `attachment; filename="`+v.Definition.FormID+`.xlsx"`)
	c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
	return nil
}

type submissionRequest struct {
	InstanceID string          `json:"instance_id"`
	Version    int             `json:"version"` // the version answered; default the newest
	Answers    surveys.Answers `json:"answers"`
}

// submit takes one submission as JSON. It answers 201 for a new record and
// 200 with the same record for a repeat of one already received.
func (s *Server) submit(c *gin.Context) error {
	var req submissionRequest
	if err := readJSON(c, &req); err != nil {
		return err
	}
	if req.Version != 0 {
		q := c.Request.URL.Query()
		q.Set("version", strconv.Itoa(req.Version))
		c.Request.URL.RawQuery = q.Encode()
	}
	sv, v, err := s.surveyVersion(c)
	if err != nil {
		return err
	}
	if owned, err := s.deps.Feedback.OwnsSurvey(c.Request.Context(), sv.FormID); err != nil || owned {
		if err != nil {
			return err
		}
		return haven.Errorf(haven.KindConflict, "this survey belongs to a feedback test: enter responses on its participant link or its facilitator page")
	}
	u, _ := currentUser(c)
	sub, created, err := s.deps.Surveys.Submit(c.Request.Context(), surveys.NewSubmission{VersionID: v.ID,
		InstanceID: req.InstanceID, Answers: req.Answers, Channel: channelOf(c), Collector: audit.Actor{ID: u.ID, Email: u.Email}})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(c, status, submissionReceipt{ID: sub.ID, InstanceID: sub.InstanceID, Status: sub.Status, SubmittedAt: sub.SubmittedAt, Created: created})
	return nil
}

// submissionReceipt confirms a submission without echoing its answers.
type submissionReceipt struct {
	ID          string    `json:"id"`
	InstanceID  string    `json:"instance_id"`
	Status      string    `json:"status"`
	SubmittedAt time.Time `json:"submitted_at"`
	Created     bool      `json:"created"` // false: this repeats a submission received before
}

// channelOf tells the web form (a browser session) from scripts (a token).
func channelOf(c *gin.Context) surveys.Channel {
	if _, ok := currentSession(c); ok {
		return surveys.ChannelWeb
	}
	return surveys.ChannelAPI
}
