package server

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
)

// problem is an RFC 9457 problem details body.
type problem struct {
	Type      string             `json:"type"`
	Title     string             `json:"title"`
	Status    int                `json:"status"`
	Detail    string             `json:"detail,omitempty"`
	Instance  string             `json:"instance,omitempty"`
	RequestID string             `json:"request_id,omitempty"`
	Errors    []haven.FieldError `json:"errors,omitempty"`
}

// kindStatus is the one place where error kinds become HTTP statuses.
var kindStatus = map[haven.Kind]int{
	haven.KindInvalid:            http.StatusBadRequest,
	haven.KindNotFound:           http.StatusNotFound,
	haven.KindConflict:           http.StatusConflict,
	haven.KindForbidden:          http.StatusForbidden,
	haven.KindUnauthenticated:    http.StatusUnauthorized,
	haven.KindTooLarge:           http.StatusRequestEntityTooLarge,
	haven.KindTooManyRequests:    http.StatusTooManyRequests,
	haven.KindPreconditionFailed: http.StatusPreconditionFailed,
}

// Statuses the HTTP layer itself produces, beyond the domain kinds.
const (
	statusUnsupportedMedia = http.StatusUnsupportedMediaType
	statusMethodNotAllowed = http.StatusMethodNotAllowed
)

// retryAfterSeconds matches the login throttle window: the Retry-After of
// a 429 whose handler did not set its own.
const retryAfterSeconds = "900"

// problemType gives each status a stable, documented type URI.
func problemType(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "/problems/invalid"
	case http.StatusUnauthorized:
		return "/problems/unauthenticated"
	case http.StatusForbidden:
		return "/problems/forbidden"
	case http.StatusNotFound:
		return "/problems/not-found"
	case http.StatusMethodNotAllowed:
		return "/problems/method-not-allowed"
	case http.StatusConflict:
		return "/problems/conflict"
	case http.StatusPreconditionFailed:
		return "/problems/precondition-failed"
	case http.StatusRequestEntityTooLarge:
		return "/problems/too-large"
	case http.StatusUnsupportedMediaType:
		return "/problems/unsupported-media-type"
	case http.StatusTooManyRequests:
		return "/problems/too-many-requests"
	case http.StatusServiceUnavailable:
		return "/problems/unavailable"
	}
	return "/problems/internal"
}

// renderError writes err as problem+json. Errors without a kind are internal:
// they are logged with the request ID, and the client sees only that ID.
func renderError(c *gin.Context, log *slog.Logger, err error) {
	var he *haven.Error
	if errors.As(err, &he) {
		status, ok := kindStatus[he.Kind]
		if ok {
			writeProblem(c, status, he.Message, he.Fields)
			return
		}
	}
	log.ErrorContext(c.Request.Context(), "internal error", "request_id", requestID(c), "route", c.FullPath(), "error", err)
	writeProblem(c, http.StatusInternalServerError, "internal error; quote request ID "+requestID(c)+" when reporting it", nil)
}

// writeProblem writes a problem+json response and stops the handler chain.
// On OpenRosa routes it writes the OpenRosa XML envelope instead.
func writeProblem(c *gin.Context, status int, detail string, fields []haven.FieldError) {
	if isOpenRosa(c.Request.URL.Path) {
		writeOpenRosaError(c, status, detail, fields)
		return
	}
	p := problem{
		Type:      problemType(status),
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    detail,
		Instance:  c.Request.URL.Path,
		RequestID: requestID(c),
		Errors:    fields,
	}
	c.Header("Content-Type", "application/problem+json")
	c.Header("Cache-Control", "no-store")
	if status == http.StatusTooManyRequests && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", retryAfterSeconds)
	}
	c.AbortWithStatus(status)
	writeJSONBody(c, p)
}
