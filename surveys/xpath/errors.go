package xpath

import (
	"fmt"

	"github.com/haven-project/haven"
)

// Error is a syntax error found by Compile or a failure of Eval. Pos is the
// 1-based character (not byte) position in the expression where the problem
// starts. Error wraps haven.ErrInvalid: a bad expression is bad input.
type Error struct {
	Pos int
	Msg string
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s at character %d", e.Msg, e.Pos)
}

// Unwrap makes errors.Is(err, haven.ErrInvalid) hold.
func (e *Error) Unwrap() error { return haven.ErrInvalid }

func errorf(pos int, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}
