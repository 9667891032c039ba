package analytics

import (
	"strconv"
	"strings"

	"github.com/haven-project/haven/surveys"
)

// column is one answer a submission can hold: a question, or the
// <name>_other text of an or_other select.
type column struct {
	Name    string // the answer's key
	Type    surveys.QuestionType
	Label   string
	Q       *surveys.Question
	Other   bool     // the _other text of Q
	Repeats []string // the enclosing repeats, outermost first
}

// repeat returns the name of the innermost enclosing repeat, or "".
func (c column) repeat() string {
	if len(c.Repeats) == 0 {
		return ""
	}
	return c.Repeats[len(c.Repeats)-1]
}

// columns lists the answers of d in document order (groups add no nesting,
// notes hold no answer), and the repeats, outermost first.
func columns(d surveys.Definition, lang string) (cols []column, repeats [][]string) {
	var rec func(qs []surveys.Question, reps []string)
	rec = func(qs []surveys.Question, reps []string) {
		for i := range qs {
			q := &qs[i]
			switch q.Type {
			case surveys.TypeGroup:
				rec(q.Children, reps)
			case surveys.TypeRepeat:
				inner := append(append([]string{}, reps...), q.Name)
				repeats = append(repeats, inner)
				rec(q.Children, inner)
			case surveys.TypeNote:
			default:
				cols = append(cols, column{Name: q.Name, Type: q.Type, Label: q.Label.Get(lang), Q: q, Repeats: reps})
				if q.OrOther {
					cols = append(cols, column{Name: q.Name + "_other", Type: surveys.TypeText, Label: q.Label.Get(lang) + " (other)", Q: q, Other: true, Repeats: reps})
				}
			}
		}
	}
	rec(d.Questions, nil)
	return cols, repeats
}

// instances calls fn with every instance of the repeat path in a, with its
// 1-based position ("2" or, nested, "2.1"). An empty path is a itself.
func instances(a map[string]any, path []string, pos string, fn func(inst map[string]any, pos string)) {
	if len(path) == 0 {
		fn(a, pos)
		return
	}
	list, _ := a[path[0]].([]any)
	for i, item := range list {
		var m map[string]any
		switch v := item.(type) {
		case map[string]any:
			m = v
		case surveys.Answers:
			m = v
		default:
			continue
		}
		p := strconv.Itoa(i + 1)
		if pos != "" {
			p = pos + "." + p
		}
		instances(m, path[1:], p, fn)
	}
}

// text returns an answer as text; "" for none.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// labeller turns select codes into labels in one language.
type labeller struct {
	d    surveys.Definition
	lang string
}

// choiceLabel returns the label of choice code in q's list, else the code.
func (l labeller) choiceLabel(q *surveys.Question, code string) string {
	if q.OrOther && code == surveys.OtherChoice {
		return "Other"
	}
	for _, c := range l.d.ChoiceLists[q.ListName] {
		if c.Name == code {
			if s := c.Label.Get(l.lang); s != "" {
				return s
			}
			return code
		}
	}
	return code
}

// format returns the answer of c as an export cell: select codes, or with
// labels true their labels (select_multiple labels joined by "; ", since
// labels hold spaces).
func (l labeller) format(c column, v string, labels bool) string {
	if !labels || c.Other || !c.Type.IsSelect() || v == "" {
		return v
	}
	if c.Type == surveys.TypeSelectOne {
		return l.choiceLabel(c.Q, v)
	}
	codes := strings.Fields(v)
	out := make([]string, len(codes))
	for i, code := range codes {
		out[i] = l.choiceLabel(c.Q, code)
	}
	return strings.Join(out, "; ")
}
