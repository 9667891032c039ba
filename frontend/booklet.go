package frontend

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"strings"
	"sync"

	"github.com/haven-project/haven/mapping/drafts"
)

// The outputs of a frozen draft — the printable booklet, the phone web
// directory and the hotline card — are rendered on the server from
// pages/booklet*.html, with the draft's data, and stand alone: they share
// neither the layout nor the navigation of Haven's own pages.

// DraftOutputs are the outputs a draft version is rendered as.
var DraftOutputs = []string{"booklet", "web", "card"}

// DraftPage is what an output is rendered from.
type DraftPage struct {
	Book drafts.Book
	// Base is the path the version's outputs live under, such as
	// /d/{id}/{number}: links between them are Base + "/web" and so on.
	Base string
	// Size is the booklet's paper: "a4" or "a5".
	Size string
	// Offline registers the service worker at Base + "/sw.js" (scope
	// Base + "/"), so that the web directory keeps working once loaded.
	Offline bool
	// Languages offered as links to the same output in another language.
	Languages []drafts.Option
}

var (
	outputsOnce sync.Once
	outputs     *template.Template
	outputsErr  error
)

// isOutputTemplate reports whether a file under pages/ is a draft output
// template rather than a page: renderAll leaves those to RenderDraft.
func isOutputTemplate(name string) bool { return strings.HasPrefix(name, "booklet") }

func parseOutputs() (*template.Template, error) {
	names, err := fs.Glob(files, "pages/booklet*.html")
	if err != nil {
		return nil, err
	}
	return template.New("outputs").Funcs(template.FuncMap{
		"sprintf": fmt.Sprintf,
		"add":     func(a, b int) int { return a + b },
		"dict":    dict,
	}).ParseFS(files, names...)
}

// RenderDraft writes output ("booklet", "web" or "card") of a draft page.
func RenderDraft(w io.Writer, output string, p DraftPage) error {
	outputsOnce.Do(func() { outputs, outputsErr = parseOutputs() })
	if outputsErr != nil {
		return outputsErr
	}
	name := "booklet-" + output
	if outputs.Lookup(name) == nil {
		return fmt.Errorf("no draft output named %q", output)
	}
	if p.Size != "a5" {
		p.Size = "a4"
	}
	return outputs.ExecuteTemplate(w, name, p)
}

// DraftLanguages are the languages the fixed texts of the outputs exist in.
func DraftLanguages() []drafts.Option {
	out := make([]drafts.Option, len(drafts.Languages))
	for i, l := range drafts.Languages {
		out[i] = drafts.Option{Value: l, Label: drafts.LabelsFor(l).LangName}
	}
	return out
}

// dict makes a map from key, value pairs, to hand a part several values.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key, value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}
