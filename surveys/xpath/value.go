package xpath

import (
	"math"
	"strconv"
	"strings"
)

// Kind says which of the XPath types a Value holds.
type Kind int

const (
	// KindString is an XPath string. The zero Value is the empty string.
	KindString Kind = iota
	// KindNumber is an XPath number (an IEEE 754 double).
	KindNumber
	// KindBool is an XPath boolean.
	KindBool
	// KindNode is the value of one instance node: its string content.
	KindNode
)

func (k Kind) String() string {
	switch k {
	case KindString:
		return "string"
	case KindNumber:
		return "number"
	case KindBool:
		return "boolean"
	case KindNode:
		return "node"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is the result of an expression or of one of its parts. It holds a
// string, a number, a boolean or the string content of an instance node, and
// converts between them with the XPath 1.0 rules plus ODK's date extension.
//
// A node converts exactly like its string content. That is what JavaRosa
// (ODK Collect) does, and it differs from plain XPath 1.0 in one place: the
// boolean value of an existing but empty node is false, not true, so an
// unanswered question behaves as "".
type Value struct {
	kind Kind
	s    string
	n    float64
	b    bool
}

// String returns a string Value.
func String(s string) Value { return Value{kind: KindString, s: s} }

// Number returns a number Value.
func Number(n float64) Value { return Value{kind: KindNumber, n: n} }

// Bool returns a boolean Value.
func Bool(b bool) Value { return Value{kind: KindBool, b: b} }

// Node returns the Value of an instance node whose content is s; an
// unanswered question is Node("").
func Node(s string) Value { return Value{kind: KindNode, s: s} }

// Kind reports which type v holds.
func (v Value) Kind() Kind { return v.kind }

// String converts v to a string as XPath's string() does: numbers print
// without an exponent and without a trailing ".0", NaN as "NaN", booleans as
// "true" and "false".
func (v Value) String() string {
	switch v.kind {
	case KindNumber:
		return formatNumber(v.n)
	case KindBool:
		if v.b {
			return "true"
		}
		return "false"
	}
	return v.s
}

// Number converts v to a number as XPath's number() does, extended as ODK
// extends it: a string in ISO date or dateTime form becomes the number of days
// since 1970-01-01 UTC. Any other string that is not an XPath number
// (optional minus, digits, optional fraction; surrounding whitespace allowed)
// is NaN, and so is "".
func (v Value) Number() float64 {
	switch v.kind {
	case KindNumber:
		return v.n
	case KindBool:
		if v.b {
			return 1
		}
		return 0
	}
	return parseNumber(v.s)
}

// Bool converts v to a boolean as XPath's boolean() does: a number is true
// unless it is zero or NaN, a string or node is true unless it is empty.
func (v Value) Bool() bool {
	switch v.kind {
	case KindNumber:
		return v.n != 0 && !math.IsNaN(v.n)
	case KindBool:
		return v.b
	}
	return v.s != ""
}

// formatNumber implements XPath's number-to-string conversion.
func formatNumber(n float64) string {
	switch {
	case math.IsNaN(n):
		return "NaN"
	case math.IsInf(n, 1):
		return "Infinity"
	case math.IsInf(n, -1):
		return "-Infinity"
	case n == 0:
		return "0" // also for negative zero
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}

// parseNumber implements XPath's string-to-number conversion with ODK's date
// extension.
func parseNumber(s string) float64 {
	s = strings.Trim(s, " \t\r\n")
	if days, ok := dateToDays(s); ok {
		return days
	}
	if !isXPathNumber(s) {
		return math.NaN()
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN()
	}
	return n
}

// isXPathNumber reports whether s matches '-'? (Digits ('.' Digits?)? | '.' Digits).
func isXPathNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(intPart) || !allDigits(frac) {
		return false
	}
	if hasDot {
		return intPart != "" || frac != ""
	}
	return intPart != ""
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// equal implements XPath's = operator. Nodes compare like strings (see Value).
func equal(a, b Value) bool {
	switch {
	case a.kind == KindBool || b.kind == KindBool:
		return a.Bool() == b.Bool()
	case a.kind == KindNumber || b.kind == KindNumber:
		return a.Number() == b.Number() // NaN is equal to nothing
	}
	return a.String() == b.String()
}
