// Package haven holds what every part of Haven shares: the kinds of error a
// domain operation can fail with. Domain packages wrap these kinds; the HTTP
// layer maps each kind to a status code in one place.
package haven

import (
	"errors"
	"fmt"
	"strings"
)

// Kind says what sort of failure an error is, independent of transport.
type Kind int

const (
	KindInternal Kind = iota
	KindInvalid
	KindNotFound
	KindConflict
	KindForbidden
	KindUnauthenticated
	KindTooLarge
	KindTooManyRequests
	KindPreconditionFailed
)

// Sentinel errors: wrap them with %w to give an error its kind.
var (
	ErrInvalid            = &Error{Kind: KindInvalid, Message: "invalid input"}
	ErrNotFound           = &Error{Kind: KindNotFound, Message: "not found"}
	ErrConflict           = &Error{Kind: KindConflict, Message: "conflict"}
	ErrForbidden          = &Error{Kind: KindForbidden, Message: "forbidden"}
	ErrUnauthenticated    = &Error{Kind: KindUnauthenticated, Message: "authentication required"}
	ErrTooLarge           = &Error{Kind: KindTooLarge, Message: "too large"}
	ErrTooManyRequests    = &Error{Kind: KindTooManyRequests, Message: "too many requests"}
	ErrPreconditionFailed = &Error{Kind: KindPreconditionFailed, Message: "precondition failed"}
)

// Error is a domain error with a kind, a message safe to show a client, and,
// for validation failures, every field that failed.
type Error struct {
	Kind    Kind
	Message string
	Fields  []FieldError
}

// FieldError names one bad input field and says what is wrong with it.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Is makes errors.Is match any *Error of the same kind, so a wrapped
// validation error still satisfies errors.Is(err, haven.ErrInvalid).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind
}

// Errorf returns an error of the given kind whose message is safe for clients.
func Errorf(kind Kind, format string, args ...any) error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// KindOf reports the kind of err, KindInternal when it has none.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}

// Validation collects field errors so that a caller can report every bad
// field at once. The zero value is ready to use.
type Validation struct {
	fields []FieldError
}

// Add records a problem with one field.
func (v *Validation) Add(field, message string) {
	v.fields = append(v.fields, FieldError{Field: field, Message: message})
}

// Check records message for field when ok is false.
func (v *Validation) Check(ok bool, field, message string) {
	if !ok {
		v.Add(field, message)
	}
}

// Err returns nil when no field failed, else an invalid-kind error listing them all.
func (v *Validation) Err() error {
	if len(v.fields) == 0 {
		return nil
	}
	return &Error{Kind: KindInvalid, Message: "some fields are invalid", Fields: v.fields}
}
