package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/haven-project/haven"
)

// list is the one envelope every listing uses. Next is null on the last page;
// otherwise the client passes it back as ?cursor=.
type list[T any] struct {
	Items []T     `json:"items"`
	Next  *string `json:"next"`
}

func newList[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	l := list[T]{Items: items}
	if next != "" {
		l.Next = &next
	}
	return l
}

func writeJSON(c *gin.Context, status int, v any) {
	c.Header("Content-Type", "application/json; charset=utf-8")
	c.Status(status)
	writeJSONBody(c, v)
}

func writeJSONBody(c *gin.Context, v any) {
	enc := json.NewEncoder(c.Writer)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client went away; nothing left to tell it
}

// errUnsupportedMedia marks a body that is not JSON.
var errUnsupportedMedia = errors.New("unsupported media type")

// readJSON decodes the request body into dst. It refuses a body that is not
// application/json (415), too large (413), malformed or with unknown fields
// (400), saying where the problem is without echoing internals.
func readJSON(c *gin.Context, dst any) error {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return errUnsupportedMedia
	}
	dec := json.NewDecoder(c.Request.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return haven.Errorf(haven.KindInvalid, "malformed JSON: the body holds more than one JSON value")
	}
	if _, err := dec.Token(); err != io.EOF {
		return haven.Errorf(haven.KindInvalid, "malformed JSON: unexpected data after the JSON value")
	}
	return nil
}

func jsonError(err error) error {
	var maxErr *http.MaxBytesError
	var syntaxErr *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &maxErr):
		return haven.Errorf(haven.KindTooLarge, "the request body is larger than %d bytes", maxErr.Limit)
	case errors.Is(err, io.EOF):
		return haven.Errorf(haven.KindInvalid, "malformed JSON: the body is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return haven.Errorf(haven.KindInvalid, "malformed JSON: the body ends too early")
	case errors.As(err, &syntaxErr):
		return haven.Errorf(haven.KindInvalid, "malformed JSON at byte %d", syntaxErr.Offset)
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "(body)"
		}
		return &haven.Error{Kind: haven.KindInvalid, Message: "a field has the wrong type",
			Fields: []haven.FieldError{{Field: field, Message: "must be " + jsonTypeName(typeErr.Type.Kind().String())}}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return &haven.Error{Kind: haven.KindInvalid, Message: "the body has a field this endpoint does not take",
			Fields: []haven.FieldError{{Field: name, Message: "is not a known field"}}}
	}
	return haven.Errorf(haven.KindInvalid, "malformed JSON")
}

func jsonTypeName(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "slice", "array":
		return "an array"
	case "struct", "map":
		return "an object"
	case "int", "int64", "int32", "uint", "uint64", "float64", "float32":
		return "a number"
	}
	return fmt.Sprintf("of type %s", kind)
}

// tooLarge reports whether err comes from reading past the body limit.
func tooLarge(err error) bool {
	var maxErr *http.MaxBytesError
	return errors.As(err, &maxErr) || strings.Contains(err.Error(), "request body too large")
}
