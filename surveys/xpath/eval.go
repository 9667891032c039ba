// Package xpath compiles and evaluates the expressions of an XLSForm
// (relevant, constraint, calculation, choice_filter, required), which are
// XPath 1.0 in the ODK XForms dialect, so that the server applies the same
// rules as ODK Collect.
//
// Compile once, evaluate many times: an *Expr is immutable and safe for
// concurrent use. Values follow XPath 1.0 conversions, with two ODK changes:
// a node converts like its string content (an unanswered question is "" and
// so false), and ISO dates and dateTimes convert to numbers of days since
// 1970-01-01 UTC, so ". <= today()" and "today() - ${dob}" work.
//
// Out of scope: node-sets (count(), sum(), position(), predicates, unions,
// '//', wildcards, axes, attributes), secondary instances (instance(),
// pulldata()), repeats (indexed-repeat()), XPath variables, translations
// (jr:itext()) and choice labels: jr:choice-name() returns the value itself.
package xpath

import (
	"math"
	"slices"
	"time"
)

// Context supplies what an expression reads while it is evaluated.
//
// Current is the value of the question the expression belongs to ("."). Ref
// resolves ${name}. Path resolves a path exactly as it was written, without
// whitespace: absolute ("/data/group/q1") or relative to the current node
// ("../q1" is a sibling of the current question, ".." its group). Ref and Path
// report false for what does not exist; the expression then sees an empty
// node, as ODK treats an unanswered question. Now gives today() and now();
// its location is the local time zone those functions use.
type Context interface {
	Current() Value
	Ref(name string) (Value, bool)
	Path(path string) (Value, bool)
	Now() time.Time
}

// Expr is a compiled expression.
type Expr struct {
	src  string
	root node
	refs []string
}

// String returns the expression as it was written.
func (e *Expr) String() string { return e.src }

// Refs lists, once each and in order of appearance, what the expression reads
// besides the current node: ${name} references written as "${name}" and paths
// written as Context.Path receives them ("/data/q1", "../q1", ".."). A
// definition can check that each one exists.
func (e *Expr) Refs() []string { return slices.Clone(e.refs) }

// Eval evaluates the expression. A nil ctx evaluates it with no current
// node, no questions and the system clock. Errors are *Error values: a regex()
// pattern computed at run time that Go cannot compile, or a value that
// date() or format-date() cannot read as a date.
func (e *Expr) Eval(ctx Context) (Value, error) {
	if ctx == nil {
		ctx = emptyContext{}
	}
	return e.root.eval(ctx)
}

// EvalBool evaluates the expression and converts the result with boolean(),
// as relevant, constraint and required do.
func (e *Expr) EvalBool(ctx Context) (bool, error) {
	v, err := e.Eval(ctx)
	if err != nil {
		return false, err
	}
	return v.Bool(), nil
}

type emptyContext struct{}

func (emptyContext) Current() Value            { return Node("") }
func (emptyContext) Ref(string) (Value, bool)  { return Value{}, false }
func (emptyContext) Path(string) (Value, bool) { return Value{}, false }
func (emptyContext) Now() time.Time            { return time.Now() }

type node interface {
	eval(ctx Context) (Value, error)
}

type literal struct{ v Value }

func (n *literal) eval(Context) (Value, error) { return n.v, nil }

type current struct{}

func (current) eval(ctx Context) (Value, error) { return ctx.Current(), nil }

type ref struct{ name string }

func (n *ref) eval(ctx Context) (Value, error) {
	if v, ok := ctx.Ref(n.name); ok {
		return v, nil
	}
	return Node(""), nil
}

type pathNode struct{ path string }

func (n *pathNode) eval(ctx Context) (Value, error) {
	if v, ok := ctx.Path(n.path); ok {
		return v, nil
	}
	return Node(""), nil
}

type negate struct{ x node }

func (n *negate) eval(ctx Context) (Value, error) {
	v, err := n.x.eval(ctx)
	if err != nil {
		return Value{}, err
	}
	return Number(-v.Number()), nil
}

type binaryOp int

const (
	opOr binaryOp = iota
	opAnd
	opEq
	opNeq
	opLt
	opLe
	opGt
	opGe
	opAdd
	opSub
	opMul
	opDiv
	opMod
)

type binary struct {
	op          binaryOp
	left, right node
	pos         int
}

func (n *binary) eval(ctx Context) (Value, error) {
	l, err := n.left.eval(ctx)
	if err != nil {
		return Value{}, err
	}
	// 'or' and 'and' do not evaluate their right side when the left decides.
	if n.op == opOr && l.Bool() {
		return Bool(true), nil
	}
	if n.op == opAnd && !l.Bool() {
		return Bool(false), nil
	}
	r, err := n.right.eval(ctx)
	if err != nil {
		return Value{}, err
	}
	switch n.op {
	case opOr, opAnd:
		return Bool(r.Bool()), nil
	case opEq:
		return Bool(equal(l, r)), nil
	case opNeq:
		return Bool(!equal(l, r)), nil
	}
	// Relational and arithmetic operators work on numbers; NaN compares false.
	a, b := l.Number(), r.Number()
	switch n.op {
	case opLt:
		return Bool(a < b), nil
	case opLe:
		return Bool(a <= b), nil
	case opGt:
		return Bool(a > b), nil
	case opGe:
		return Bool(a >= b), nil
	case opAdd:
		return Number(a + b), nil
	case opSub:
		return Number(a - b), nil
	case opMul:
		return Number(a * b), nil
	case opDiv:
		return Number(a / b), nil
	}
	return Number(math.Mod(a, b)), nil // opMod: sign of the dividend, as in XPath
}
