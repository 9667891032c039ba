package xpath

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// The conformance vectors are shared with the web form's JavaScript port of
// this package (frontend/static/xpath.js, tested by xpath.test.mjs): both
// must give every vector's result, so a form validates in the browser
// exactly as the server checks it.

const conformanceFile = "testdata/conformance.json"

type conformanceDoc struct {
	About   string              `json:"about"`
	Now     string              `json:"now"`
	Answers map[string]string   `json:"answers"`
	Paths   map[string]string   `json:"paths"`
	Vectors []conformanceVector `json:"vectors"`
}

type conformanceVector struct {
	Expr    string            `json:"expr"`
	Current *string           `json:"current,omitempty"`
	Answers map[string]string `json:"answers,omitempty"`
	Kind    string            `json:"kind,omitempty"`
	Value   *string           `json:"value,omitempty"`
	Error   string            `json:"error,omitempty"` // "compile" or "eval"
}

type conformanceContext struct {
	current string
	answers map[string]string
	paths   map[string]string
	now     time.Time
}

func (c *conformanceContext) Current() Value { return Node(c.current) }
func (c *conformanceContext) Now() time.Time { return c.now }

func (c *conformanceContext) Ref(name string) (Value, bool) {
	v, ok := c.answers[name]
	return Node(v), ok
}

func (c *conformanceContext) Path(path string) (Value, bool) {
	v, ok := c.paths[path]
	return Node(v), ok
}

// runVector evaluates one vector: the kind and string of its result, or
// which stage failed.
func runVector(doc *conformanceDoc, v conformanceVector, now time.Time) (kind, value, stage string, err error) {
	answers := map[string]string{}
	for k, s := range doc.Answers {
		answers[k] = s
	}
	for k, s := range v.Answers {
		answers[k] = s
	}
	ctx := &conformanceContext{answers: answers, paths: doc.Paths, now: now}
	if v.Current != nil {
		ctx.current = *v.Current
	}
	e, err := Compile(v.Expr)
	if err != nil {
		return "", "", "compile", err
	}
	r, err := e.Eval(ctx)
	if err != nil {
		return "", "", "eval", err
	}
	return r.Kind().String(), r.String(), "", nil
}

func TestConformanceVectors(t *testing.T) {
	raw, err := os.ReadFile(conformanceFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc conformanceDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("read %s: %v", conformanceFile, err)
	}
	now, err := time.Parse(time.RFC3339Nano, doc.Now)
	if err != nil {
		t.Fatalf("now: %v", err)
	}
	if len(doc.Vectors) < 60 {
		t.Errorf("only %d vectors; the web form's port needs at least 60 to be trusted", len(doc.Vectors))
	}
	update := os.Getenv("HAVEN_UPDATE_CONFORMANCE") == "1"
	for i, v := range doc.Vectors {
		kind, value, stage, err := runVector(&doc, v, now)
		if update {
			v.Kind, v.Value, v.Error = "", nil, ""
			if stage != "" {
				v.Error = stage
			} else {
				v.Kind, v.Value = kind, &value
			}
			doc.Vectors[i] = v
			continue
		}
		switch {
		case v.Error != "":
			if stage != v.Error {
				t.Errorf("vector %d %q: got %s %q (stage %q, err %v); want a %s error", i, v.Expr, kind, value, stage, err, v.Error)
			} else {
				var xe *Error
				if !errors.As(err, &xe) || xe.Pos < 1 {
					t.Errorf("vector %d %q: error %v is not an *Error with a position", i, v.Expr, err)
				}
			}
		case stage != "":
			t.Errorf("vector %d %q: %s error %v; want %s %q", i, v.Expr, stage, err, v.Kind, deref(v.Value))
		case kind != v.Kind || !sameResult(kind, value, deref(v.Value)):
			t.Errorf("vector %d %q: got %s %q; want %s %q", i, v.Expr, kind, value, v.Kind, deref(v.Value))
		}
	}
	if update {
		out, err := json.MarshalIndent(doc, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.FromSlash(conformanceFile), append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("updated %s: review the diff", conformanceFile)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<none>"
	}
	return *s
}

// sameResult compares strings exactly and numbers within a relative 1e-12:
// the two languages' maths libraries may differ in the last bit.
func sameResult(kind, got, want string) bool {
	if got == want {
		return true
	}
	if kind != "number" {
		return false
	}
	a, err1 := strconv.ParseFloat(got, 64)
	b, err2 := strconv.ParseFloat(want, 64)
	if err1 != nil || err2 != nil {
		return false
	}
	return math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}
