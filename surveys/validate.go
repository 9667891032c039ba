package surveys

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/surveys/xpath"
)

// maxProblems caps how many problems one error lists.
const maxProblems = 200

// Validate checks the definition as a whole: names are XML names unique
// among their siblings, types are in Haven's subset, selects name existing
// choice lists, expressions are XPath and refer to existing questions. It
// returns nil or a haven.KindInvalid *haven.Error listing every problem.
func (d *Definition) Validate() error {
	ps := d.Check()
	if len(ps) == 0 {
		return nil
	}
	var v haven.Validation
	for _, p := range ps[:min(len(ps), maxProblems)] {
		v.Add(p.place(d), p.Message)
	}
	return v.Err()
}

// Check returns every problem with the definition, in document order. An
// empty result means Validate returns nil.
func (d *Definition) Check() []Problem {
	c := checker{d: d, names: map[string]int{}, reported: map[string]bool{}}
	c.indexNames(d.Questions)
	c.definition()
	c.questions(d.Questions, nil, true)
	c.choices()
	return c.problems
}

type checker struct {
	d        *Definition
	names    map[string]int // how many questions bear each name, for ${name}
	reported map[string]bool
	problems []Problem
}

func (c *checker) add(loc Location, field, format string, args ...any) {
	c.problems = append(c.problems, Problem{Location: loc, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) indexNames(qs []Question) {
	for _, q := range qs {
		c.names[q.Name]++
		if q.OrOther {
			c.names[q.Name+"_other"]++
		}
		c.indexNames(q.Children)
	}
}

var top = Location{Choice: -1}

func (c *checker) definition() {
	d := c.d
	switch {
	case strings.TrimSpace(d.FormID) == "":
		c.add(top, "form_id", "the form needs an ID")
	case d.FormID != strings.TrimSpace(d.FormID) || strings.ContainsFunc(d.FormID, unicode.IsControl) || utf8.RuneCountInString(d.FormID) > 255:
		c.add(top, "form_id", "the form ID must be at most 255 characters, with no spaces at either end and no control characters")
	}
	if !IsXMLName(d.Name) {
		c.add(top, "name", "%q is not an XML name: use letters, digits, _ - and ., starting with a letter or _", d.Name)
	}
	if strings.TrimSpace(d.Title) == "" {
		c.add(top, "form_title", "the form needs a title")
	}
	if len(d.Version) > 64 || strings.ContainsFunc(d.Version, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		c.add(top, "version", "the version must be at most 64 characters without spaces")
	}
	if !d.Kind.Valid() {
		c.add(top, "kind", "the kind must be one of %s", joinKinds())
	}
	for _, lang := range d.UsedLanguages() {
		if !slices.Contains(d.Languages, lang) {
			c.add(top, "languages", "language %q has texts but is not listed", lang)
		}
	}
	if d.DefaultLanguage != "" && len(d.Languages) > 0 && !slices.Contains(d.Languages, d.DefaultLanguage) {
		c.add(top, "default_language", "no text is written in the default language %q (languages: %s)",
			d.DefaultLanguage, strings.Join(d.Languages, ", "))
	}
	if d.InstanceName != "" {
		c.expression(top, "instance_name", d.InstanceName)
	}
}

func joinKinds() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

func (c *checker) questions(qs []Question, path []int, atRoot bool) {
	siblings := map[string]bool{}
	claim := func(loc Location, name, what string) {
		if name == "" {
			return
		}
		if siblings[name] {
			c.add(loc, "name", "%s %q is used twice at the same level", what, name)
		} else if c.names[name] > 1 && !c.reported[name] {
			// Submissions keep answers by question name (repeats nested), so
			// a name must mean one question in the whole form.
			c.reported[name] = true
			c.add(loc, "name", "%s %q is used by %d questions in different groups; give each question its own name", what, name, c.names[name])
		}
		siblings[name] = true
	}
	for i := range qs {
		q := &qs[i]
		loc := Location{Question: append(slices.Clip(path), i), Choice: -1}
		claim(loc, q.Name, "the name")
		if q.OrOther {
			claim(loc, q.Name+"_other", "the name of the or_other question")
		}
		if q.Type == TypeRepeat && q.RepeatCount != "" && !IsSingleRef(q.RepeatCount) {
			claim(loc, q.Name+"_count", "the name of the repeat count")
		}
		if atRoot && q.Name == "meta" {
			c.add(loc, "name", `"meta" is reserved for the form's metadata`)
		}
		c.question(q, loc)
		if q.Type.IsSection() {
			c.questions(q.Children, loc.Question, false)
		}
	}
}

func (c *checker) question(q *Question, loc Location) {
	t := q.Type
	if !t.Valid() {
		c.add(loc, "type", "type %q is not supported", t)
		return
	}
	switch {
	case q.Name == "":
		c.add(loc, "name", "the %s needs a name", t)
	case !IsXMLName(q.Name):
		c.add(loc, "name", "%q is not an XML name: use letters, digits, _ - and ., starting with a letter or _", q.Name)
	}
	if t.IsSelect() {
		switch {
		case q.ListName == "":
			c.add(loc, "type", "%s needs a choice list: %s LIST_NAME", t, t)
		case c.d.ChoiceLists[q.ListName] == nil:
			c.add(loc, "type", "choice list %q is not on the choices sheet", q.ListName)
		case q.OrOther && slices.ContainsFunc(c.d.ChoiceLists[q.ListName], func(ch Choice) bool { return ch.Name == OtherChoice }):
			c.add(loc, "type", "or_other adds a choice %q, but list %q has one already", OtherChoice, q.ListName)
		}
	} else {
		if q.ListName != "" {
			c.add(loc, "type", "only select_one and select_multiple take a choice list")
		}
		if q.OrOther {
			c.add(loc, "type", "only select_one and select_multiple take or_other")
		}
		if q.ChoiceFilter != "" {
			c.add(loc, "choice_filter", "only select_one and select_multiple take a choice filter")
		}
	}
	if t.IsSection() {
		if q.Required {
			c.add(loc, "required", "a %s cannot be required; make its questions required", t)
		}
		if q.Calculation != "" || q.Constraint != "" || q.Default != "" {
			c.add(loc, "type", "a %s takes no calculation, constraint or default", t)
		}
	} else if len(q.Children) > 0 {
		c.add(loc, "type", "a %s cannot hold other questions", t)
	}
	if strings.Contains(q.Default, "${") {
		c.add(loc, "default", "defaults that refer to other questions are not supported: use a calculation")
	}
	if q.RepeatCount != "" && t != TypeRepeat {
		c.add(loc, "repeat_count", "only a repeat takes a repeat count")
	}
	if t == TypeCalculate && strings.TrimSpace(q.Calculation) == "" {
		c.add(loc, "calculation", "a calculate needs a calculation")
	}
	if c.d.Kind == KindFeedback && t.IdentifiesRespondent() {
		c.add(loc, "type", "feedback surveys are anonymous: %s would record who answered", t)
	}
	for _, e := range []struct{ field, expr string }{
		{"relevant", q.Relevant}, {"constraint", q.Constraint}, {"calculation", q.Calculation},
		{"choice_filter", q.ChoiceFilter}, {"repeat_count", q.RepeatCount},
	} {
		if e.expr != "" {
			c.expression(loc, e.field, e.expr)
		}
	}
	for _, tx := range []struct {
		field string
		text  Text
	}{{"label", q.Label}, {"hint", q.Hint}, {"constraint_message", q.ConstraintMessage}, {"required_message", q.RequiredMessage}} {
		for _, lang := range sortedKeys(tx.text) {
			c.refs(loc, TextField(tx.field, lang), tx.text[lang])
		}
	}
}

// TextField names the column of a text in a language: label, label::English.
func TextField(field, lang string) string {
	if lang == "" {
		return field
	}
	return field + "::" + lang
}

// expression checks the syntax of expr and its ${name} references.
func (c *checker) expression(loc Location, field, expr string) {
	if !c.refs(loc, field, expr) {
		return
	}
	if err := compileErr(expr); err != nil {
		c.add(loc, field, "%v", err)
	}
}

// refs checks that every ${name} in s names exactly one question.
func (c *checker) refs(loc Location, field, s string) bool {
	ok := true
	for _, r := range xpath.Placeholders(s) {
		switch n := c.names[r.Name]; {
		case n == 0:
			c.add(loc, field, "${%s} refers to no question", r.Name)
			ok = false
		case n > 1:
			c.add(loc, field, "${%s} is ambiguous: %d questions have that name", r.Name, n)
			ok = false
		}
	}
	return ok
}

func (c *checker) choices() {
	for _, list := range c.d.ChoiceListNames() {
		cs := c.d.ChoiceLists[list]
		loc := Location{List: list, Choice: -1}
		if !IsXMLName(list) {
			c.add(loc, "list_name", "%q is not a usable list name: use letters, digits, _ - and ., starting with a letter or _", list)
		}
		if len(cs) == 0 {
			c.add(loc, "list_name", "list %q has no choices", list)
		}
		seen := map[string]bool{}
		for i, ch := range cs {
			loc := Location{List: list, Choice: i}
			switch {
			case strings.TrimSpace(ch.Name) == "":
				c.add(loc, "name", "the choice needs a name")
			case seen[ch.Name] && !c.d.AllowChoiceDuplicates:
				c.add(loc, "name", "choice %q is in list %q twice (set allow_choice_duplicates to yes on the settings sheet if that is intended)", ch.Name, list)
			case strings.ContainsFunc(ch.Name, unicode.IsSpace):
				c.add(loc, "name", "choice %q has a space: select_multiple answers are separated by spaces", ch.Name)
			}
			seen[ch.Name] = true
			for _, k := range sortedKeys(ch.Extra) {
				if !IsXMLName(k) || k == "name" || k == "label" || k == "itextId" {
					c.add(loc, k, "%q cannot be a choice column: use an XML name other than name, label and itextId", k)
				}
			}
		}
	}
}

// IsSingleRef reports whether expr is exactly one ${name} reference.
func IsSingleRef(expr string) bool {
	refs := xpath.Placeholders(expr)
	return len(refs) == 1 && strings.TrimSpace(expr) == expr[refs[0].Start:refs[0].End]
}

// IsXMLName reports whether s is an XML NCName (a name without a colon).
func IsXMLName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '·'):
		default:
			return false
		}
	}
	return true
}

// compileErr checks that expr is an expression Haven can evaluate as the
// phones do: the same subset that server-side validation runs.
func compileErr(expr string) error {
	_, err := xpath.Compile(expr)
	return err
}
