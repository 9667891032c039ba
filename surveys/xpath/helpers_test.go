package xpath

import (
	"testing"
	"time"
)

// fakeContext is a Context over fixed maps.
type fakeContext struct {
	current Value
	refs    map[string]Value
	paths   map[string]Value
	now     time.Time
}

func (c *fakeContext) Current() Value { return c.current }

func (c *fakeContext) Ref(name string) (Value, bool) {
	v, ok := c.refs[name]
	return v, ok
}

func (c *fakeContext) Path(path string) (Value, bool) {
	v, ok := c.paths[path]
	return v, ok
}

func (c *fakeContext) Now() time.Time { return c.now }

// fixedNow is 2026-03-15 10:30:00.250 at UTC+02:00 (08:30:00.250 UTC).
var fixedNow = time.Date(2026, 3, 15, 10, 30, 0, 250e6, time.FixedZone("", 2*3600))

// newContext returns a context whose current node holds current.
func newContext(current string) *fakeContext {
	return &fakeContext{
		current: Node(current),
		refs: map[string]Value{
			"age":      Node("15"),
			"adult":    Node("34"),
			"guardian": Node("yes"),
			"services": Node("food shelter  medical"),
			"none":     Node("none"),
			"empty":    Node(""),
			"x":        Node(""),
			"y":        Node("3"),
			"dob":      Node("2000-02-29"),
			"visit":    Node("2026-03-10T14:05:09.5-05:00"),
			"name":     Node("Maria da Silva"),
			"spaced":   Node("  padded \t text \n"),
			"days":     Node("20454"),
			"flag":     Node("false"),
		},
		paths: map[string]Value{
			"/data/age":       Node("15"),
			"/data/group/q1":  Node("7"),
			"../q1":           Node("sibling"),
			"..":              Node(""),
			"/data/orx:meta":  Node("meta"),
			"./q2":            Node("child"),
			"/data/group/div": Node("5"),
		},
		now: fixedNow,
	}
}

// same reports whether two values have the same kind and string form (which
// for numbers is exact: the shortest form of a float64 is unique).
func same(a, b Value) bool { return a.Kind() == b.Kind() && a.String() == b.String() }

func describe(v Value) string { return v.Kind().String() + " " + v.String() }

// mustEval compiles and evaluates expr, failing the test on any error.
func mustEval(t *testing.T, expr string, ctx Context) Value {
	t.Helper()
	e, err := Compile(expr)
	if err != nil {
		t.Fatalf("Compile(%q): %v", expr, err)
	}
	v, err := e.Eval(ctx)
	if err != nil {
		t.Fatalf("Eval(%q): %v", expr, err)
	}
	return v
}

type evalCase struct {
	expr string
	want Value
}

// runEval checks each case against newContext("42").
func runEval(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.expr, func(t *testing.T) {
			got := mustEval(t, tc.expr, newContext("42"))
			if !same(got, tc.want) {
				t.Errorf("%s = %s, want %s", tc.expr, describe(got), describe(tc.want))
			}
		})
	}
}
