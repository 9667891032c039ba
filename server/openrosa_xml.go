package server

import (
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
)

// The XML documents of OpenRosa (docs.getodk.org/openrosa-form-list and
// openrosa-http): the form list, and the response envelope that carries a
// message for the person holding the device.

// xformsList is the form list.
type xformsList struct {
	XMLName xml.Name     `xml:"http://openrosa.org/xforms/xformsList xforms"`
	Forms   []xformEntry `xml:"xform"`
}

// xformEntry is one form in the list. The hash is that of the exact bytes
// served at DownloadURL, so a device fetches a form again only when it
// changed.
type xformEntry struct {
	FormID      string `xml:"formID"`
	Name        string `xml:"name"`
	Version     string `xml:"version"`
	Hash        string `xml:"hash"`
	DownloadURL string `xml:"downloadUrl"`
}

// openRosaResponse is the envelope of every submission answer and error.
type openRosaResponse struct {
	XMLName xml.Name        `xml:"http://openrosa.org/http/response OpenRosaResponse"`
	Message openRosaMessage `xml:"message"`
}

type openRosaMessage struct {
	Nature string `xml:"nature,attr,omitempty"`
	Text   string `xml:",chardata"`
}

// Message natures: devices may group messages by them.
const (
	natureSubmitSuccess = "submit_success"
	natureError         = "error"
)

// writeOpenRosaHeaders sets what OpenRosa asks of every response.
func writeOpenRosaHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-OpenRosa-Version", "1.0")
	h.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	h.Set("Cache-Control", "no-store")
}

// writeOpenRosaXML writes v as an XML document. A HEAD request gets the
// headers alone.
func writeOpenRosaXML(c *gin.Context, status int, v any) {
	writeOpenRosaHeaders(c)
	c.Header("Content-Type", "text/xml; charset=utf-8")
	c.Status(status)
	if c.Request.Method == http.MethodHead {
		return
	}
	body, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // only fixed struct types come here; they always marshal
	}
	_, _ = c.Writer.WriteString(xml.Header)
	_, _ = c.Writer.Write(body)
	_, _ = c.Writer.WriteString("\n") // the client went away; nothing left to tell it
}

// writeOpenRosaError is writeProblem for OpenRosa routes: devices show the
// envelope's message to the person holding them, so it carries the detail
// and every failing field. A 401 carries the Basic challenge.
func writeOpenRosaError(c *gin.Context, status int, detail string, fields []haven.FieldError) {
	msg := detail
	if len(fields) > 0 {
		parts := make([]string, len(fields))
		for i, f := range fields {
			parts[i] = f.Field + ": " + f.Message
		}
		msg = strings.TrimSuffix(msg, ".") + ": " + strings.Join(parts, "; ")
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Basic realm="Haven", charset="UTF-8"`)
	}
	if status == http.StatusTooManyRequests {
		c.Header("Retry-After", retryAfterSeconds)
	}
	c.Abort()
	writeOpenRosaXML(c, status, openRosaResponse{Message: openRosaMessage{Nature: natureError, Text: msg}})
}
