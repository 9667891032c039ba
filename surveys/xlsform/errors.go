package xlsform

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/haven-project/haven"
)

// Problem is one thing wrong in a workbook, located as a spreadsheet
// program shows it.
type Problem struct {
	Sheet string `json:"sheet,omitempty"`
	// Row is the 1-based spreadsheet row; 0 when the problem is about a
	// whole sheet or column.
	Row int `json:"row,omitempty"`
	// Column is the column letter (C); "" when the problem is about a whole row.
	Column string `json:"column,omitempty"`
	// Header is the column's header as written (relevant, label::English).
	Header  string `json:"header,omitempty"`
	Message string `json:"message"`
}

// Cell names the place of the problem: survey!C12, survey!12 (a row),
// survey!C (a column), survey (a sheet), or "" for the file.
func (p Problem) Cell() string {
	if p.Sheet == "" {
		return ""
	}
	switch {
	case p.Column != "" && p.Row > 0:
		return p.Sheet + "!" + p.Column + strconv.Itoa(p.Row)
	case p.Row > 0:
		return p.Sheet + "!" + strconv.Itoa(p.Row)
	case p.Column != "":
		return p.Sheet + "!" + p.Column
	}
	return p.Sheet
}

// String reads as "survey!C12 (relevant): message".
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Cell())
	if p.Header != "" {
		fmt.Fprintf(&b, " (%s)", p.Header)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Warning is something odd but harmless that Parse passed over: a column
// Haven ignores, a row without a label. The form imports all the same.
type Warning struct {
	Problem
}

// Error is why a workbook could not be imported, with every problem found.
// errors.Is(err, haven.ErrInvalid) holds, and errors.As finds a
// *haven.Error whose Fields are named like survey!C12.
type Error struct {
	File     string
	Problems []Problem
	kinded   *haven.Error
}

// maxFields caps the problems the wrapped haven.Error lists.
const maxFields = 200

func newError(file string, problems []Problem) *Error {
	e := &Error{File: file, Problems: problems}
	fields := make([]haven.FieldError, 0, min(len(problems), maxFields))
	for _, p := range problems[:min(len(problems), maxFields)] {
		field := p.Cell()
		if field == "" {
			field = "file"
		}
		msg := p.Message
		if p.Header != "" {
			msg = p.Header + ": " + msg
		}
		fields = append(fields, haven.FieldError{Field: field, Message: msg})
	}
	e.kinded = &haven.Error{Kind: haven.KindInvalid, Fields: fields, Message: e.summary()}
	return e
}

func (e *Error) summary() string {
	name := e.File
	if name == "" {
		name = "the XLSForm"
	}
	if len(e.Problems) == 1 {
		return name + " cannot be imported"
	}
	return fmt.Sprintf("%s cannot be imported: %d problems", name, len(e.Problems))
}

func (e *Error) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return e.summary() + ": " + strings.Join(parts, "; ")
}

// Unwrap gives the error its kind: a bad form is bad input.
func (e *Error) Unwrap() error { return e.kinded }

// columnLetter turns a 0-based column index into A, B, … Z, AA, …
func columnLetter(i int) string {
	s := ""
	for i >= 0 {
		s = string(rune('A'+i%26)) + s
		i = i/26 - 1
	}
	return s
}
