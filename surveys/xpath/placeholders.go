package xpath

import (
	"regexp"
	"strings"
)

// Placeholder is one XLSForm ${name} reference in an expression or a label.
type Placeholder struct {
	Name       string
	Start, End int // byte offsets of "${" and just past "}"
}

var placeholderPattern = regexp.MustCompile(`\$\{([^{}]*)\}`)

// Placeholders returns the ${name} references in s, in order, names trimmed.
// Labels hold them too, so this reads plain text, not only expressions.
func Placeholders(s string) []Placeholder {
	var out []Placeholder
	for _, m := range placeholderPattern.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, Placeholder{Name: strings.TrimSpace(s[m[2]:m[3]]), Start: m[0], End: m[1]})
	}
	return out
}

// ReplacePlaceholders returns s with each ${name} replaced by fn(name), as
// a form is turned into an XForm whose expressions use paths.
func ReplacePlaceholders(s string, fn func(name string) string) string {
	refs := Placeholders(s)
	if len(refs) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, r := range refs {
		b.WriteString(s[last:r.Start])
		b.WriteString(fn(r.Name))
		last = r.End
	}
	b.WriteString(s[last:])
	return b.String()
}
