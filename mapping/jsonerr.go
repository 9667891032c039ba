package mapping

import (
	"encoding/json"
	"errors"
	"strings"
)

func asSyntax(err error, target **json.SyntaxError) bool { return errors.As(err, target) }

// plainJSONError turns a decoder error into words for a person, without Go
// type names.
func plainJSONError(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "json: ")
	if i := strings.Index(msg, " into Go "); i >= 0 {
		msg = msg[:i]
	}
	return msg
}
