package surveys

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/surveys/xpath"
)

// Answers are a submission's answers by question name, as ODK keeps them:
// text for every question (select_multiple space-separated, geopoint
// "lat lon alt accuracy", dates YYYY-MM-DD), and for a repeat a list of
// Answers, one per time it was answered. Groups add no nesting.
type Answers map[string]any

// CheckAnswers checks answers against the definition with the rules the
// phone applied — types, required, relevance, constraints, choice lists,
// geopoint ranges — and returns them normalised (every value a string, the
// answers to questions that are not relevant dropped, as ODK drops them).
// Every problem is reported at once, by question name
// (services[2].min_age inside a repeat), as a haven.ErrInvalid error.
func (d Definition) CheckAnswers(in Answers, now time.Time) (Answers, error) {
	c := &answerCheck{d: &d, root: Answers{}, now: now, known: map[string]bool{}}
	d.Walk(func(_ []string, q *Question) bool {
		c.known[q.Name] = true
		if q.OrOther {
			c.known[q.Name+"_other"] = true
		}
		return true
	})
	for k := range in {
		if !c.known[k] && k != "meta" {
			c.v.Add(k, "is not a question of this survey")
		}
	}
	c.scope(d.Questions, in, c.root, "", true)
	if err := c.v.Err(); err != nil {
		return nil, err
	}
	return c.root, nil
}

type answerCheck struct {
	d     *Definition
	root  Answers
	now   time.Time
	known map[string]bool
	v     haven.Validation
}

// scope checks the questions qs, reading answers from in and writing the
// normalised ones to out; out is also where expressions look names up
// first (the current repeat instance), then the root.
func (c *answerCheck) scope(qs []Question, in, out Answers, prefix string, relevant bool) {
	for i := range qs {
		q := &qs[i]
		field := prefix + q.Name
		rel := relevant && (q.Relevant == "" || c.eval(q.Relevant, out, "", field+".relevant"))
		switch q.Type {
		case TypeGroup:
			c.scope(q.Children, in, out, prefix, rel)
		case TypeRepeat:
			c.repeat(q, in[q.Name], out, field, rel)
		case TypeNote:
			// Notes only show text; there is nothing to keep.
		default:
			c.question(q, in, out, field, rel)
		}
	}
}

func (c *answerCheck) repeat(q *Question, raw any, out Answers, field string, relevant bool) {
	if raw == nil || !relevant {
		return
	}
	items, ok := raw.([]any)
	if !ok {
		if typed, ok2 := raw.([]Answers); ok2 {
			for _, a := range typed {
				items = append(items, map[string]any(a))
			}
		} else {
			c.v.Add(field, "must be a list of answers, one per time the group is repeated")
			return
		}
	}
	var instances []any
	for n, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			if a, ok2 := item.(Answers); ok2 {
				m = a
			} else {
				c.v.Add(fmt.Sprintf("%s[%d]", field, n), "must be an object of answers")
				continue
			}
		}
		inst := Answers{}
		// Names resolve in the instance first, then outside it.
		c.scope(q.Children, m, inst, fmt.Sprintf("%s[%d].", field, n), true)
		instances = append(instances, inst)
	}
	if len(instances) > 0 {
		out[q.Name] = instances
	}
}

func (c *answerCheck) question(q *Question, in, out Answers, field string, relevant bool) {
	value, ok := text(in[q.Name])
	if !ok {
		c.v.Add(field, "must be text, a number or true/false")
		return
	}
	if !relevant {
		return // ODK clears answers to questions that do not apply
	}
	if q.OrOther {
		if other, _ := text(in[q.Name+"_other"]); other != "" {
			out[q.Name+"_other"] = other
		}
	}
	if value == "" {
		if q.Required && q.Calculation == "" {
			msg := q.RequiredMessage.Get(c.d.DefaultLanguage)
			if msg == "" {
				msg = "is required"
			}
			c.v.Add(field, msg)
		}
		return
	}
	if problem := c.typeProblem(q, value); problem != "" {
		c.v.Add(field, problem)
		return
	}
	out[q.Name] = value
	if q.Constraint != "" && !c.eval(q.Constraint, out, value, field+".constraint") {
		msg := q.ConstraintMessage.Get(c.d.DefaultLanguage)
		if msg == "" {
			msg = "does not meet the rule " + q.Constraint
		}
		c.v.Add(field, msg)
		delete(out, q.Name)
	}
}

// typeProblem says what is wrong with value for q's type, or "".
func (c *answerCheck) typeProblem(q *Question, value string) string {
	switch q.Type {
	case TypeInteger:
		if _, err := strconv.ParseInt(value, 10, 64); err != nil {
			return "must be a whole number"
		}
	case TypeDecimal:
		if f, err := strconv.ParseFloat(value, 64); err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "must be a number"
		}
	case TypeDate:
		if _, err := time.Parse(time.DateOnly, value); err != nil {
			return "must be a date written YYYY-MM-DD"
		}
	case TypeGeopoint:
		return geopointProblem(value)
	case TypeSelectOne:
		if !c.hasChoice(q, value) {
			return fmt.Sprintf("%q is not one of the choices", value)
		}
	case TypeSelectMultiple:
		seen := map[string]bool{}
		for _, v := range strings.Fields(value) {
			if !c.hasChoice(q, v) {
				return fmt.Sprintf("%q is not one of the choices", v)
			}
			if seen[v] {
				return fmt.Sprintf("%q is chosen twice", v)
			}
			seen[v] = true
		}
	}
	return ""
}

func (c *answerCheck) hasChoice(q *Question, name string) bool {
	if q.OrOther && name == OtherChoice {
		return true
	}
	return slices.ContainsFunc(c.d.ChoiceLists[q.ListName], func(ch Choice) bool { return ch.Name == name })
}

// geopointProblem checks ODK's "lat lon [altitude [accuracy]]".
func geopointProblem(value string) string {
	parts := strings.Fields(value)
	if len(parts) < 2 || len(parts) > 4 {
		return "must be a position written as latitude and longitude, such as 16.7167 98.5667"
	}
	nums := make([]float64, len(parts))
	for i, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return "must be a position written as latitude and longitude, such as 16.7167 98.5667"
		}
		nums[i] = f
	}
	if nums[0] < -90 || nums[0] > 90 {
		return "latitude must be from -90 to 90"
	}
	if nums[1] < -180 || nums[1] > 180 {
		return "longitude must be from -180 to 180"
	}
	if len(nums) == 4 && nums[3] < 0 {
		return "accuracy must not be negative"
	}
	return ""
}

// text turns a JSON value into ODK's text form.
func text(v any) (string, bool) {
	switch t := v.(type) {
	case nil:
		return "", true
	case string:
		return strings.TrimSpace(t), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case json.Number:
		return t.String(), true
	case int:
		return strconv.Itoa(t), true
	case bool:
		return strconv.FormatBool(t), true
	case []any: // a select_multiple sent as a list
		parts := make([]string, 0, len(t))
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, " "), true
	}
	return "", false
}

// eval evaluates a rule in scope: names resolve in the current repeat
// instance (scope) first, then the root; current is the value of ".".
// A rule that cannot be evaluated is a problem of the form, reported
// against field.
func (c *answerCheck) eval(expr string, scope Answers, current, field string) bool {
	e, err := compileRule(expr)
	if err != nil {
		c.v.Add(field, "the form's rule cannot be read: "+err.Error())
		return true
	}
	ok, err := e.EvalBool(&evalContext{c: c, scope: scope, current: current})
	if err != nil {
		c.v.Add(field, "the form's rule failed: "+err.Error())
		return true
	}
	return ok
}

// rules keeps the rules of forms compiled, by their text: every
// submission evaluates them, and they come from published definitions,
// few and unchanging. An *xpath.Expr is safe for concurrent use. Past
// maxRulesKept (forms edited over and over) rules are compiled each time.
var (
	rules     sync.Map // string → *xpath.Expr
	rulesKept atomic.Int64
)

const maxRulesKept = 10_000

func compileRule(expr string) (*xpath.Expr, error) {
	if e, ok := rules.Load(expr); ok {
		return e.(*xpath.Expr), nil
	}
	e, err := xpath.Compile(expr)
	if err != nil {
		return nil, err
	}
	if rulesKept.Load() < maxRulesKept {
		if _, loaded := rules.LoadOrStore(expr, e); !loaded {
			rulesKept.Add(1)
		}
	}
	return e, nil
}

type evalContext struct {
	c       *answerCheck
	scope   Answers
	current string
}

func (e *evalContext) Current() xpath.Value { return xpath.Node(e.current) }

func (e *evalContext) Ref(name string) (xpath.Value, bool) {
	for _, a := range []Answers{e.scope, e.c.root} {
		if v, ok := a[name].(string); ok {
			return xpath.Node(v), true
		}
	}
	return xpath.Node(""), true
}

// Path resolves /form/group/q and ../q by their last step: names are unique
// in a form.
func (e *evalContext) Path(path string) (xpath.Value, bool) {
	steps := strings.Split(strings.Trim(path, "/"), "/")
	return e.Ref(steps[len(steps)-1])
}

func (e *evalContext) Now() time.Time { return e.c.now }
