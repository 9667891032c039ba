package xpath

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/haven-project/haven"
)

var (
	yes = Bool(true)
	no  = Bool(false)
	nan = Number(math.NaN())
)

func TestLiteralsAndReferences(t *testing.T) {
	runEval(t, []evalCase{
		{"'single'", String("single")},
		{`"double"`, String("double")},
		{`"it's"`, String("it's")},
		{`'say "hi"'`, String(`say "hi"`)},
		{"''", String("")},
		{"42", Number(42)},
		{"1.50", Number(1.5)},
		{".5", Number(0.5)},
		{"7.", Number(7)},
		{"00012", Number(12)},
		{".", Node("42")},
		{"${age}", Node("15")},
		{"${missing}", Node("")},
		{"/data/age", Node("15")},
		{"/data/group/q1", Node("7")},
		{"../q1", Node("sibling")},
		{"./q2", Node("child")},
		{"/data/orx:meta", Node("meta")},
		{"..", Node("")},
		{"/data/nowhere", Node("")},
		{"(((${y})))", Node("3")},
	})
}

func TestArithmetic(t *testing.T) {
	runEval(t, []evalCase{
		{"1 + 2", Number(3)},
		{"1 - 2", Number(-1)},
		{"2 * 3", Number(6)},
		{"7 div 2", Number(3.5)},
		{"7 mod 3", Number(1)},
		{"-7 mod 3", Number(-1)},
		{"7 mod -3", Number(1)},
		{"5.5 mod 2", Number(1.5)},
		{"1 div 0", Number(math.Inf(1))},
		{"-1 div 0", Number(math.Inf(-1))},
		{"0 div 0", nan},
		{"1 mod 0", nan},
		{"-3", Number(-3)},
		{"- -3", Number(3)},
		{"--3", Number(3)},
		{"-${y}", Number(-3)},
		{"-'abc'", nan},
		{"-true()", Number(-1)},
		{"1 + 2 * 3", Number(7)},
		{"(1 + 2) * 3", Number(9)},
		{"10 - 4 - 3", Number(3)},
		{"12 div 3 div 2", Number(2)},
		{"2 * 3 mod 4", Number(2)},
		{"-2 * 3", Number(-6)},
		{"1 + -1", Number(0)},
		{"'3' + '4'", Number(7)},
		{"${y} * 2", Number(6)},
		{"${y} + ${age}", Number(18)},
		{"${x} + 1", nan},
		{"${missing} + 1", nan},
		{"'abc' + 1", nan},
		{"true() + true()", Number(2)},
		{"false() * 5", Number(0)},
		{"0.1 + 0.2", Number(0.30000000000000004)},
		{"${dob} + 1", Number(11017)},
		{"'2026-01-02' - '2026-01-01'", Number(1)},
		{"today() - ${dob}", Number(20527 - 11016)},
		{"int((today() - ${dob}) div 365.25)", Number(26)},
	})
}

func TestComparison(t *testing.T) {
	runEval(t, []evalCase{
		// number with number
		{"1 = 1", yes},
		{"1 = 2", no},
		{"1 != 2", yes},
		{"1 < 2", yes},
		{"2 <= 2", yes},
		{"3 > 2", yes},
		{"2 >= 3", no},
		{"1 = 1.0", yes},
		// NaN is equal to nothing, not even itself, and != everything
		{"number('x') = number('x')", no},
		{"number('x') != number('x')", yes},
		{"number('x') < 1", no},
		{"number('x') >= 1", no},
		{"0 div 0 = 0 div 0", no},
		// string with string: equality compares strings, order compares numbers
		{"'a' = 'a'", yes},
		{"'a' = 'A'", no},
		{"'a' != 'b'", yes},
		{"'1' = '1.0'", no},
		{"'abc' < 'abd'", no},
		{"'abc' >= 'abc'", no},
		{"'10' > '9'", yes},
		{"'' = ''", yes},
		// string with number: the string becomes a number
		{"'1.0' = 1", yes},
		{"' 5 ' = 5", yes},
		{"'abc' = 0", no},
		{"'abc' != 0", yes},
		{"'' = 0", no},
		{"'' != 0", yes},
		// boolean with anything: both become booleans
		{"true() = 1", yes},
		{"true() = 2", yes},
		{"false() = 0", yes},
		{"true() = 'false'", yes},
		{"false() = ''", yes},
		{"true() = number('x')", no},
		{"true() != false()", yes},
		{"true() > false()", yes},
		{"true() < 2", yes},
		// nodes compare like their string content
		{"${age} = 15", yes},
		{"${age} = '15'", yes},
		{"${age} = '15.0'", no},
		{"${age} = 15.0", yes},
		{"${age} < 18", yes},
		{"${age} > ${y}", yes},
		{"${age} = /data/age", yes},
		{"${guardian} = 'yes'", yes},
		{"${x} = ''", yes},
		{"${x} != ''", no},
		{"${missing} = ''", yes},
		{"${x} = 0", no},
		{"${x} < 1", no},
		{"${x} = false()", yes},
		{"${flag} = true()", yes}, // "false" is a non-empty string
		{". = 42", yes},
		// dates: strings, but numbers of days in order comparisons
		{"${dob} = '2000-02-29'", yes},
		{"${dob} < '2000-03-01'", yes},
		{"${dob} < today()", yes},
		{"today() = '2026-03-15'", yes},
		{"${dob} = 11016", yes},
		{"'2026-01-01' < '2025-12-31'", no},
		{"${visit} < today()", yes},
		{"${visit} > '2026-03-10'", yes},
		{"now() > today()", yes},
		// precedence: comparison binds tighter than and/or, looser than +
		{"1 + 1 = 2", yes},
		{"1 < 2 = true()", yes},
		{"3 > 2 > 1", no}, // (3 > 2) > 1 is true() > 1, 1 > 1
		{"1 = 1 and 2 = 2", yes},
		{"1 = 2 or 2 = 2", yes},
	})
}

func TestLogic(t *testing.T) {
	runEval(t, []evalCase{
		{"true() and true()", yes},
		{"true() and false()", no},
		{"false() or true()", yes},
		{"false() or false()", no},
		{"1 and 'a'", yes},
		{"0 or ''", no},
		{"${x} or ${age}", yes},
		{"${x} and ${age}", no},
		{"true() or false() and false()", yes}, // and binds tighter
		{"(true() or false()) and false()", no},
		{"not(false()) and not(0)", yes},
	})
}

func TestShortCircuit(t *testing.T) {
	// The right side would fail (bad run-time regex) if it were evaluated.
	for _, expr := range []string{
		"true() or regex('a', ${bad})",
		"false() and regex('a', ${bad})",
		"if(true(), 1, regex('a', ${bad}))",
		"coalesce('x', regex('a', ${bad}))",
	} {
		ctx := newContext("")
		ctx.refs["bad"] = Node("(")
		if _, err := mustCompile(t, expr).Eval(ctx); err != nil {
			t.Errorf("%s: %v", expr, err)
		}
	}
	ctx := newContext("")
	ctx.refs["bad"] = Node("(")
	_, err := mustCompile(t, "false() or regex('a', ${bad})").Eval(ctx)
	if err == nil {
		t.Fatal("the right side of 'or' was not evaluated")
	}
	if want := "regex pattern '(' is not supported: missing closing ): `(` at character 12"; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
	if !errors.Is(err, haven.ErrInvalid) {
		t.Error("run-time error is not of kind invalid")
	}
}

func mustCompile(t *testing.T, expr string) *Expr {
	t.Helper()
	e, err := Compile(expr)
	if err != nil {
		t.Fatalf("Compile(%q): %v", expr, err)
	}
	return e
}

// TestXLSFormConstraints runs expressions as forms write them, with the
// current answer (".") varying.
func TestXLSFormConstraints(t *testing.T) {
	tests := []struct {
		expr    string
		current string
		want    bool
	}{
		{". >= 0 and . <= 120", "0", true},
		{". >= 0 and . <= 120", "120", true},
		{". >= 0 and . <= 120", "35.5", true},
		{". >= 0 and . <= 120", "121", false},
		{". >= 0 and . <= 120", "-1", false},
		{". >= 0 and . <= 120", "abc", false},
		{". >= 0 and . <= 120", "", false},
		{"regex(., '^[0-9]{9,10}$')", "123456789", true},
		{"regex(., '^[0-9]{9,10}$')", "0123456789", true},
		{"regex(., '^[0-9]{9,10}$')", "12345678", false},
		{"regex(., '^[0-9]{9,10}$')", "01234567890", false},
		{"regex(., '^[0-9]{9,10}$')", "12345678a", false},
		{"regex(., '[0-9]+')", "abc123def", true}, // unanchored: found anywhere, as in ODK
		{"selected(${services}, 'shelter')", "", true},
		{"selected(${services}, 'legal')", "", false},
		{"count-selected(.) <= 3", "a b c", true},
		{"count-selected(.) <= 3", "a b c d", false},
		{"count-selected(.) <= 3", "", true},
		{"${age} < 18 or ${guardian} = 'yes'", "", true},
		{". <= today()", "2026-03-15", true},
		{". <= today()", "2026-03-14", true},
		{". <= today()", "2026-03-16", false},
		{". <= today()", "1999-12-31", true},
		{". >= today()", "2026-03-15", true},
		{". > decimal-date-time('2026-01-01T00:00:00Z')", "2026-01-02", true},
		{"string-length(.) > 2", "abc", true},
		{"string-length(.) > 2", "ab", false},
		{"string-length(.) > 2", "été", true},
		{"not(selected(., 'none') and count-selected(.) > 1)", "none", true},
		{"not(selected(., 'none') and count-selected(.) > 1)", "food shelter", true},
		{"not(selected(., 'none') and count-selected(.) > 1)", "none food", false},
		{"not(selected(., 'none') and count-selected(.) > 1)", "", true},
		{". != ''", "", false},
		{". = 'yes'", "yes", true},
		{"${age} >= 18", "", false},
		{"${adult} >= 18", "", true},
		{"${x} = '' or . > ${y}", "4", true},
		{"${x} != '' and . > ${y}", "4", false},
		{"/data/age < 18 and selected(${services}, 'food')", "", true},
		{". < date('2026-04-01') and . >= date(today() - 30)", "2026-03-01", true},
		{". < date('2026-04-01') and . >= date(today() - 30)", "2026-02-01", false},
	}
	for _, tc := range tests {
		t.Run(tc.expr+"/"+tc.current, func(t *testing.T) {
			got, err := mustCompile(t, tc.expr).EvalBool(newContext(tc.current))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("%s with . = %q: got %v, want %v", tc.expr, tc.current, got, tc.want)
			}
		})
	}
}

func TestXLSFormCalculations(t *testing.T) {
	tests := []struct {
		expr string
		x    Value
		want Value
	}{
		{"if(${x} = '', 0, ${x} * 2)", Node(""), Number(0)},
		{"if(${x} = '', 0, ${x} * 2)", Node("21"), Number(42)},
		{"if(${x} = '', 0, ${x} * 2)", Node("abc"), nan},
		{"coalesce(${x}, 'none')", Node(""), String("none")},
		{"coalesce(${x}, 'none')", Node("given"), String("given")},
		{"concat(${x}, ' (', ${age}, ')')", Node("Ana"), String("Ana (15)")},
		{"round(${x} * 1.15, 2)", Node("10"), Number(11.5)},
		{"format-date(${x}, '%e %b %Y')", Node("2026-03-05"), String("5 Mar 2026")},
	}
	for _, tc := range tests {
		t.Run(tc.expr+"/"+tc.x.String(), func(t *testing.T) {
			ctx := newContext("")
			ctx.refs["x"] = tc.x
			got := mustEval(t, tc.expr, ctx)
			if !same(got, tc.want) {
				t.Errorf("got %s, want %s", describe(got), describe(tc.want))
			}
		})
	}
}

func TestEvalNilContext(t *testing.T) {
	got := mustEval(t, ". = '' and ${q} = '' and /data/q = '' and today() != ''", nil)
	if !same(got, yes) {
		t.Errorf("got %s, want true", describe(got))
	}
	today := mustEval(t, "today()", nil).String()
	if want := time.Now().Format("2006-01-02"); today != want && today != time.Now().Add(-time.Minute).Format("2006-01-02") {
		t.Errorf("today() = %q with a nil context, want the system date %q", today, want)
	}
}

func TestEvalIsReusable(t *testing.T) {
	e := mustCompile(t, ". * 2")
	for i, want := range []float64{2, 4, 6} {
		v, err := e.Eval(newContext(Number(float64(i + 1)).String()))
		if err != nil || v.Number() != want {
			t.Errorf("Eval #%d = %v, %v, want %v", i, v, err, want)
		}
	}
}

func TestEvalConcurrent(t *testing.T) {
	// One compiled Expr serves many goroutines (run with -race).
	e := mustCompile(t, "regex(., '^[0-9]+$') and . * 2 > ${y} and format-date(today(), '%Y') = '2026'")
	done := make(chan bool)
	for i := range 8 {
		go func() {
			ok, err := e.EvalBool(newContext(Number(float64(i + 2)).String()))
			done <- ok && err == nil
		}()
	}
	for range 8 {
		if !<-done {
			t.Error("a concurrent evaluation failed")
		}
	}
}
