package analytics

import (
	"testing"

	"github.com/haven-project/haven/surveys"
)

func TestDefuseKeepsFormulasOut(t *testing.T) {
	text := column{Type: surveys.TypeText}
	number := column{Type: surveys.TypeInteger}
	for _, tc := range []struct {
		c        column
		in, want string
	}{
		{text, `=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{text, "+1", "'+1"},
		{text, "@SUM(A1)", "'@SUM(A1)"},
		{text, "plain", "plain"},
		{number, "-5", "-5"},
		{number, "-x", "'-x"},
	} {
		if got := defuse(tc.c, tc.in); got != tc.want {
			t.Errorf("defuse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
