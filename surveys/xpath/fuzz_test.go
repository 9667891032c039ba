package xpath

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzCompile checks that Compile never panics, that its errors point inside
// the expression, and that whatever compiles also evaluates without panicking.
// Run it with: go test ./surveys/xpath/ -run '^$' -fuzz FuzzCompile -fuzztime 20s
func FuzzCompile(f *testing.F) {
	for _, seed := range []string{
		". >= 0 and . <= 120",
		"regex(., '^[0-9]{9,10}$')",
		"selected(${services}, 'shelter')",
		"count-selected(.) <= 3",
		"${age} < 18 or ${guardian} = 'yes'",
		". <= today()",
		"string-length(.) > 2",
		"if(${x} = '', 0, ${x} * 2)",
		"not(selected(., 'none') and count-selected(.) > 1)",
		"/data/group/q1 + ../q2 - -3 div 4 mod 5",
		"format-date(date(today() - 30), '%e %b %Y %H:%M:%S')",
		"round(1.005, 2) = 1.01 and substring('héllo', 2, 3) != ''",
		"jr:choice-name(${a}, '${a}')",
		"concat('a', \"b\", 1.5, true(), false())",
		"coalesce(${x}, once(uuid(8)))",
		"translate(normalize-space(.), 'abc', 'AB')",
		"(((1)))", "-", "()", "${", "${}", "'unterminated", "1 +", "a[1]", "//x", "@id", "$v",
		"regex(., '[')", "date('2026-02-30')", "selected-at(., -1)", "\xff\xfe", "é = ')'",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		e, err := Compile(expr)
		if err != nil {
			var xe *Error
			if !errors.As(err, &xe) {
				t.Fatalf("Compile(%q) error %T is not an *Error", expr, err)
			}
			if n := utf8.RuneCountInString(expr); xe.Pos < 1 || xe.Pos > n+1 {
				t.Fatalf("Compile(%q): position %d outside 1..%d", expr, xe.Pos, n+1)
			}
			return
		}
		_ = e.Refs()
		for _, current := range []string{"", "3", "a b", "2026-01-01"} {
			if _, err := e.Eval(newContext(current)); err != nil {
				var xe *Error
				if !errors.As(err, &xe) {
					t.Fatalf("Eval(%q) error %T is not an *Error", expr, err)
				}
			}
		}
	})
}
