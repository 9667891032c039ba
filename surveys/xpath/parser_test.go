package xpath

import (
	"errors"
	"slices"
	"testing"

	"github.com/haven-project/haven"
)

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		name string
		expr string
		want string
	}{
		// The example in the brief: the 14th character is the stray ')'.
		{"extra closing paren", "${age} >= 18 )", "unexpected ')' at character 14"},
		{"unclosed paren", "(1 + 2", "expected ')', found end of expression at character 7"},
		{"unclosed call", "concat('a', 'b'", "expected ',' or ')', found end of expression at character 16"},
		{"unbalanced nested", "not((. > 1)", "expected ',' or ')', found end of expression at character 12"},
		{"lone closing paren", ")", "unexpected ')' at character 1"},
		{"empty parens", "()", "unexpected ')' at character 2"},
		{"empty", "", "empty expression at character 1"},
		{"blank", "   ", "empty expression at character 4"},
		{"dangling plus", "1 +", "unexpected end of expression at character 4"},
		{"dangling and", ". > 1 and", "unexpected end of expression at character 10"},
		{"dangling minus", "-", "unexpected end of expression at character 2"},
		{"leading operator", "= 3", "unexpected '=' at character 1"},
		{"two operators", "1 + * 2", "wildcards ('*') are not supported in paths at character 5"},
		{"double equals", ". == 1", "unexpected '=' at character 4"},
		{"two values", "1 2", "unexpected '2' at character 3"},
		{"two strings", "'a' 'b'", "unexpected ''b'' at character 5"},
		{"trailing comma", "concat('a',)", "unexpected ')' at character 12"},
		{"leading comma", "concat(,'a')", "unexpected ',' at character 8"},
		{"lone bang", ". ! 1", "unexpected '!' at character 3"},
		{"unterminated string", "concat('abc, 'd')", "unterminated string at character 16"},
		{"unterminated string at end", ". = 'abc", "unterminated string at character 5"},
		{"unknown character", ". # 1", "unexpected '#' at character 3"},
		{"character count not bytes", "'été' = )", "unexpected ')' at character 9"},
		{"unknown function", "foo(1)", "unknown function 'foo' at character 1"},
		{"unknown prefixed function", "2 + jr:foo(1)", "unknown function 'jr:foo' at character 5"},
		{"lower-case is not ODK", "lower-case(.)", "unknown function 'lower-case' at character 1"},
		{"unsupported function", "count(/data/r)", "function 'count' is not supported at character 1"},
		{"position unsupported", "position(..) = 1", "function 'position' is not supported at character 1"},
		{"too few arguments", "selected(.)", "selected() takes 2 arguments, not 1 at character 1"},
		{"too many arguments", "not(1, 2)", "not() takes 1 argument, not 2 at character 1"},
		{"optional argument", "round(1, 2, 3)", "round() takes 1 or 2 arguments, not 3 at character 1"},
		{"variadic", "concat()", "concat() takes at least 1 argument, not 0 at character 1"},
		{"no arguments allowed", "today(1)", "today() takes 0 arguments, not 1 at character 1"},
		{"substring arity", "substring('a')", "substring() takes 2 or 3 arguments, not 1 at character 1"},
		{"bad regex", "regex(., '[0-9')", "regex pattern '[0-9' is not supported: missing closing ]: `[0-9` at character 10"},
		{"lookahead regex", "regex(., '^(?=a)')", "regex pattern '^(?=a)' is not supported: invalid or unsupported Perl syntax: `(?=` at character 10"},
		{"empty ref", "${} = 1", "empty reference '${}' at character 1"},
		{"unclosed ref", "${age = 1", "expected '}' to close '${age' at character 6"},
		{"ref with space", "${ age} = 1", "expected a question name after '${' at character 3"},
		{"ref with bad start", "${1age}", "expected a question name after '${' at character 3"},
		{"variable", "$age > 1", "XPath variables such as '$age' are not supported; use ${name} at character 1"},
		{"lone dollar", "$ > 1", "unexpected '$' at character 1"},
		{"predicate", "/data/r[1]", "predicates '[...]' are not supported at character 8"},
		{"predicate on call", "concat('a')[1]", "predicates '[...]' are not supported at character 12"},
		{"path after call", "concat('a')/b", "a path cannot follow 'concat' at character 12"},
		{"path after ref", "${grp}/q1", "a path cannot follow '${grp}' at character 7"},
		{"descendant", "//q1", "'//' is not supported; write the full path at character 1"},
		{"descendant inside", "/data//q1", "'//' is not supported; write the full path at character 6"},
		{"attribute", "/data/@id", "attributes ('@') are not supported at character 7"},
		{"axis", "parent::q1", "axes such as 'parent::' are not supported at character 1"},
		{"node test", "/data/text()", "node tests such as 'text()' are not supported in paths at character 7"},
		{"wildcard", "/data/*", "wildcards ('*') are not supported in paths at character 7"},
		{"union", "/a | /b", "the union operator '|' is not supported at character 4"},
		{"root alone", "/", "expected a name after '/', found end of expression at character 2"},
		{"path ends in slash", "/data/", "unexpected end of expression at character 7"},
		{"exponent", "1e3", "unexpected 'e3' at character 2"},
		{"too deep", deep(150), "expression nested too deeply at character 101"},
		{"too many minus", minuses(150), "expression nested too deeply at character 100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Compile(tc.expr)
			if err == nil {
				t.Fatalf("Compile(%q) = %v, want error %q", tc.expr, e, tc.want)
			}
			if err.Error() != tc.want {
				t.Errorf("Compile(%q) error\n got %q\nwant %q", tc.expr, err.Error(), tc.want)
			}
			var xe *Error
			if !errors.As(err, &xe) || xe.Pos < 1 {
				t.Errorf("error %T is not an *Error with a position", err)
			}
			if !errors.Is(err, haven.ErrInvalid) || haven.KindOf(err) != haven.KindInvalid {
				t.Errorf("error is not of kind invalid")
			}
		})
	}
}

func deep(n int) string {
	s := "1"
	for range n {
		s = "(" + s + ")"
	}
	return s
}

func minuses(n int) string {
	s := ""
	for range n {
		s += "-"
	}
	return s + "1"
}

func TestCompileAccepts(t *testing.T) {
	for _, expr := range []string{
		".", "..", "../q1", "./q1", "/data/group/q1", "q1", "q1/q2", "/data/orx:meta/orx:instanceID",
		"${q1}", "${q_1.a-b}", "${Ünïcode}", "'a'", `"b"`, "''", "1", "1.", ".5", "-1", "- -1", "--1",
		"1+1", "1-1", "1 - 1", "2*3", "6 div 3", "7 mod 3", ". and .", ". or .", "/data/div div 2",
		"/data/mod mod 2", "/data/and and /data/or", "div", "and", "or or or", "jr:choice-name(., '/data/q1')",
		"if(., 1, 2)", "concat('a')", "regex(., ${pattern})", deep(99), minuses(98),
		" \t\r\n. \n", "today( )", "round( 1 , 2 )",
	} {
		if _, err := Compile(expr); err != nil {
			t.Errorf("Compile(%q): %v", expr, err)
		}
	}
}

func TestRefs(t *testing.T) {
	tests := []struct {
		expr string
		want []string
	}{
		{". >= 0 and . <= 120", nil},
		{"${age} < 18 or ${guardian} = 'yes'", []string{"${age}", "${guardian}"}},
		{"${a} + ${b} + ${a}", []string{"${a}", "${b}"}},
		{"/data/q1 + ../q2 + ${q3} + ..", []string{"/data/q1", "../q2", "${q3}", ".."}},
		{"if(${x} = '', 0, ${x} * 2)", []string{"${x}"}},
		{"/data / q1", []string{"/data/q1"}},
		{"'${not_a_ref}'", nil},
		{"concat(./a, ${b})", []string{"./a", "${b}"}},
	}
	for _, tc := range tests {
		t.Run(tc.expr, func(t *testing.T) {
			e, err := Compile(tc.expr)
			if err != nil {
				t.Fatal(err)
			}
			got := e.Refs()
			if !slices.Equal(got, tc.want) {
				t.Errorf("Refs() = %q, want %q", got, tc.want)
			}
			if len(got) > 0 {
				got[0] = "changed"
				if e.Refs()[0] == "changed" {
					t.Error("Refs() shares its slice with the Expr")
				}
			}
		})
	}
}

func TestExprString(t *testing.T) {
	const src = " ${a} +  1 "
	e, err := Compile(src)
	if err != nil {
		t.Fatal(err)
	}
	if e.String() != src {
		t.Errorf("String() = %q, want %q", e.String(), src)
	}
}

func TestLexOperatorNames(t *testing.T) {
	// and/or/div/mod are names where an operand is expected, operators after one.
	toks, err := tokenize("div div div")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []tokenKind
	for _, tk := range toks {
		kinds = append(kinds, tk.kind)
	}
	if want := []tokenKind{tokName, tokName, tokName, tokEOF}; !slices.Equal(kinds, want) {
		t.Fatalf("kinds = %v, want %v", kinds, want)
	}
	got := mustEval(t, "/data/group/div div /data/group/div", newContext(""))
	if !same(got, Number(1)) {
		t.Errorf("got %s, want number 1", describe(got))
	}
}

func TestLexNamesWithDashes(t *testing.T) {
	// As in XPath, '-' inside a name is part of it: "a-1" is one name, a path.
	e, err := Compile("a-1")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Refs(); !slices.Equal(got, []string{"a-1"}) {
		t.Errorf("Refs() = %q, want [a-1]", got)
	}
	got := mustEval(t, "${y}-1", newContext(""))
	if !same(got, Number(2)) {
		t.Errorf("${y}-1 = %s, want number 2", describe(got))
	}
}
