package reports

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// The printable report: one A4 HTML document, self-contained (its style
// inline, its maps inline SVG, nothing fetched), that reads well on screen
// and prints to PDF. It states where every number comes from.

func init() { printableHTML = writePrintable }

//go:embed printable.css
var printableCSS string

//go:embed printable.html
var printableTemplate string

var printableTmpl = template.Must(template.New("printable").Funcs(template.FuncMap{
	"num": func(x any) string {
		switch n := x.(type) {
		case int:
			return formatNumber(float64(n))
		case float64:
			return formatNumber(n)
		}
		return fmt.Sprint(x)
	},
	"inc": func(n int) int { return n + 1 },
	"css": func() template.CSS { return template.CSS(printableCSS) },
}).Parse(printableTemplate))

// PrintableCSP is the Content-Security-Policy to serve the printable report
// under: its one inline stylesheet, by hash, and nothing else — no script,
// no request anywhere.
func PrintableCSP() string {
	sum := sha256.Sum256([]byte(printableCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; img-src data:; " +
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

func writePrintable(w io.Writer, in PrintableInput) error {
	v, err := buildPrintView(in)
	if err != nil {
		return err
	}
	return printableTmpl.Execute(w, v)
}

// serviceLabel is "Name (code)", or the code alone when the taxonomy has
// no name for it.
func serviceLabel(names map[string]string, code string) string {
	if n := names[code]; n != "" && !strings.EqualFold(n, code) {
		return n + " (" + code + ")"
	}
	return code
}

// gapLabels are the gap classes as people read them.
var gapLabels = map[string]string{GapNoService: "No service", GapBelowNorm: "Below the norm", GapCovered: "Covered"}

// gapClass is the colour class of a gap class.
func gapClass(g string) string {
	switch g {
	case GapNoService:
		return "g-no"
	case GapBelowNorm:
		return "g-below"
	case GapCovered:
		return "g-cov"
	}
	return "g-na"
}
