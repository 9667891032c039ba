package server

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/surveys"
)

// OpenRosa (docs.getodk.org/openrosa-*), so that ODK Collect and Enketo
// list Haven's surveys, download them and submit what they collect.
// Devices authenticate with HTTP Basic and read XML: these routes never
// answer problem+json.

const openRosaBase = "/openrosa"

// submissionPart names the multipart part that holds the form's XML.
const submissionPart = "xml_submission_file"

// isOpenRosa reports whether a request path is under the OpenRosa routes.
func isOpenRosa(path string) bool {
	return path == openRosaBase || strings.HasPrefix(path, openRosaBase+"/")
}

// authenticateOpenRosa finds the device's user: HTTP Basic with an e-mail
// and password, or with an API token as the password (ODK Collect and
// Enketo), or a Bearer token (scripts). Session cookies count for nothing
// here, so no CSRF token is needed. Every OpenRosa route needs a user, so
// a request without credentials gets the Basic challenge.
func (s *Server) authenticateOpenRosa(c *gin.Context) {
	writeOpenRosaHeaders(c)
	c.Header("X-OpenRosa-Accept-Content-Length", strconv.FormatInt(s.cfg.BodyLimit, 10))
	ctx := c.Request.Context()
	auth := c.GetHeader("Authorization")
	scheme, secret, _ := strings.Cut(auth, " ")
	var u accounts.User
	var err error
	switch {
	case auth == "":
		if r, ok := s.rules[c.Request.Method+" "+c.FullPath()]; !ok || r.public {
			c.Next() // no such route, or a public one: let it answer
			return
		}
		writeProblem(c, http.StatusUnauthorized, "sign in with your Haven e-mail and password, or with an API token as the password", nil)
		return
	case strings.EqualFold(scheme, "Basic"):
		name, password, ok := c.Request.BasicAuth()
		if !ok {
			writeProblem(c, http.StatusUnauthorized, "the Authorization: Basic header is malformed", nil)
			return
		}
		u, err = s.deps.Accounts.BasicUser(ctx, name, password, c.ClientIP())
	case strings.EqualFold(scheme, "Bearer"):
		u, err = s.deps.Accounts.UserByToken(ctx, strings.TrimSpace(secret))
	default:
		writeProblem(c, http.StatusUnauthorized, "use Basic authentication: your Haven e-mail and password, or an API token as the password", nil)
		return
	}
	if err != nil {
		renderError(c, s.log, err)
		return
	}
	s.setUser(c, u)
	c.Next()
}

// externalBase is the scheme and host the device called, for the absolute
// URLs OpenRosa lists. A proxy that ends TLS says so in X-Forwarded-Proto.
func externalBase(c *gin.Context) string {
	scheme := "http"
	proto, _, _ := strings.Cut(c.GetHeader("X-Forwarded-Proto"), ",")
	if c.Request.TLS != nil || strings.EqualFold(strings.TrimSpace(proto), "https") {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// openRosaFormList lists the newest version of each survey collected on
// devices (feedback is not), or only ?formID= when given.
func (s *Server) openRosaFormList(c *gin.Context) error {
	list, err := s.deps.Surveys.Surveys(c.Request.Context())
	if err != nil {
		return err
	}
	only := c.Query("formID")
	base := externalBase(c)
	doc := xformsList{Forms: []xformEntry{}}
	for _, sv := range list {
		if !sv.Kind.OnDevices() || (only != "" && sv.FormID != only) {
			continue
		}
		doc.Forms = append(doc.Forms, xformEntry{FormID: sv.FormID, Name: sv.Title, Version: sv.Latest.FormVersion,
			Hash: "md5:" + sv.Latest.XFormMD5, DownloadURL: base + openRosaBase + "/forms/" + url.PathEscape(sv.FormID) + ".xml"})
	}
	writeOpenRosaXML(c, http.StatusOK, doc)
	return nil
}

// openRosaXForm serves the newest XForm of a survey, byte for byte as
// stored, so that its md5 is the hash the form list gave.
func (s *Server) openRosaXForm(c *gin.Context) error {
	formID := strings.TrimSuffix(strings.TrimPrefix(c.Param("form"), "/"), ".xml")
	sv, err := s.deps.Surveys.Survey(c.Request.Context(), formID)
	if err != nil {
		return err
	}
	if !sv.Kind.OnDevices() {
		return haven.Errorf(haven.KindNotFound, "%s is a %s survey: it is filled in on Haven's own page, not with ODK", sv.FormID, sv.Kind)
	}
	xform, err := s.deps.Surveys.XForm(c.Request.Context(), sv.Latest.ID)
	if err != nil {
		return err
	}
	writeOpenRosaHeaders(c)
	c.Data(http.StatusOK, "text/xml; charset=utf-8", xform)
	return nil
}

// openRosaSubmissionHead answers the HEAD a device sends before it posts:
// 204, with the largest body accepted in X-OpenRosa-Accept-Content-Length
// (set for every OpenRosa route by authenticateOpenRosa).
func (s *Server) openRosaSubmissionHead(c *gin.Context) error {
	c.Status(http.StatusNoContent)
	return nil
}

// openRosaSubmit takes one filled-in form with its media files. A new
// submission and one received before with the same content both answer
// 201 (a device that lost the first answer must stop retrying); the same
// instance ID with other content answers 409.
func (s *Server) openRosaSubmit(c *gin.Context) error {
	instance, files, err := readSubmission(c.Request)
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	sub, created, err := s.deps.Surveys.SubmitInstance(c.Request.Context(), surveys.InstanceSubmission{
		XML: instance, Attachments: files, Collector: audit.Actor{ID: u.ID, Email: u.Email}})
	if err != nil {
		return err
	}
	msg := "Received, thank you. Haven keeps it as submission " + sub.ID + "."
	if !created {
		msg = "Received before: Haven keeps it once, as submission " + sub.ID + "."
	}
	writeOpenRosaXML(c, http.StatusCreated, openRosaResponse{Message: openRosaMessage{Nature: natureSubmitSuccess, Text: msg}})
	return nil
}

// readSubmission reads a multipart submission: the form's XML and its
// media files, each read no further than its limit.
func readSubmission(r *http.Request) ([]byte, []surveys.Attachment, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, haven.Errorf(haven.KindInvalid,
			"send the submission as multipart/form-data, the form's XML in a part named %s", submissionPart)
	}
	var instance []byte
	var files []surveys.Attachment
	for parts := 1; ; parts++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, bodyError(err)
		}
		if parts > surveys.MaxAttachments+1 {
			return nil, nil, haven.Errorf(haven.KindInvalid, "the submission has more than %d files", surveys.MaxAttachments)
		}
		if p.FormName() == submissionPart {
			if instance != nil {
				return nil, nil, haven.Errorf(haven.KindInvalid, "the submission has two %s parts", submissionPart)
			}
			if instance, err = readPart(p, surveys.MaxInstanceSize, "the form's XML"); err != nil {
				return nil, nil, err
			}
			continue
		}
		name := p.FileName()
		if name == "" {
			name = p.FormName()
		}
		data, err := readPart(p, surveys.MaxAttachmentSize, "file "+strconv.Quote(name))
		if err != nil {
			return nil, nil, err
		}
		files = append(files, surveys.Attachment{Name: name, ContentType: p.Header.Get("Content-Type"), Data: data})
	}
	if instance == nil {
		return nil, nil, haven.Errorf(haven.KindInvalid, "the submission has no %s part holding the form's XML", submissionPart)
	}
	return instance, files, nil
}

// readPart reads a part of at most limit bytes, stopping just past it.
func readPart(p io.Reader, limit int64, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(p, limit+1))
	if err != nil {
		return nil, bodyError(err)
	}
	if int64(len(data)) > limit {
		return nil, haven.Errorf(haven.KindTooLarge, "%s is larger than the limit of %d bytes", what, limit)
	}
	return data, nil
}

// bodyError says why a multipart body could not be read.
func bodyError(err error) error {
	var maxErr *http.MaxBytesError
	if errors.As(err, &maxErr) {
		return haven.Errorf(haven.KindTooLarge, "the request body is larger than the limit of %d bytes", maxErr.Limit)
	}
	return haven.Errorf(haven.KindInvalid, "the multipart body cannot be read: %s", strings.TrimPrefix(err.Error(), "multipart: "))
}
