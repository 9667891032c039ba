package surveys

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Kind says what a survey is for.
type Kind string

// The kinds of survey Haven knows.
const (
	KindProviderMapping Kind = "provider_mapping" // field teams map service providers
	KindFeedback        Kind = "feedback"         // anonymous feedback on a directory draft
	KindGeneral         Kind = "general"          // anything else
)

// Kinds lists every kind, in the order a form shows them.
var Kinds = []Kind{KindProviderMapping, KindFeedback, KindGeneral}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// QuestionType is the type of a question, a group or a repeat, spelled as in
// XLSForm's survey sheet (without the choice list of a select).
type QuestionType string

// Question types in Haven's subset of XLSForm.
const (
	TypeText           QuestionType = "text"
	TypeInteger        QuestionType = "integer"
	TypeDecimal        QuestionType = "decimal"
	TypeSelectOne      QuestionType = "select_one"
	TypeSelectMultiple QuestionType = "select_multiple"
	TypeDate           QuestionType = "date"
	TypeTime           QuestionType = "time"
	TypeDateTime       QuestionType = "datetime"
	TypeGeopoint       QuestionType = "geopoint"
	TypeNote           QuestionType = "note"
	TypeCalculate      QuestionType = "calculate"
	TypeAcknowledge    QuestionType = "acknowledge"
	TypeBarcode        QuestionType = "barcode"
	TypeImage          QuestionType = "image"
	TypeAudio          QuestionType = "audio"
	TypeVideo          QuestionType = "video"
	TypeGroup          QuestionType = "group"
	TypeRepeat         QuestionType = "repeat"

	// Metadata the device fills in by itself; they have no label and no control.
	TypeStart          QuestionType = "start"
	TypeEnd            QuestionType = "end"
	TypeToday          QuestionType = "today"
	TypeDeviceID       QuestionType = "deviceid"
	TypePhoneNumber    QuestionType = "phonenumber"
	TypeSimSerial      QuestionType = "simserial"
	TypeSubscriberID   QuestionType = "subscriberid"
	TypeUsername       QuestionType = "username"
	TypeEmail          QuestionType = "email"
	TypeURIDeviceID    QuestionType = "uri:deviceid"
	TypeURIPhoneNumber QuestionType = "uri:phonenumber"
	TypeURIUsername    QuestionType = "uri:username"
	TypeURIEmail       QuestionType = "uri:email"
)

// QuestionTypes lists every supported type.
var QuestionTypes = []QuestionType{
	TypeText, TypeInteger, TypeDecimal, TypeSelectOne, TypeSelectMultiple, TypeDate, TypeTime,
	TypeDateTime, TypeGeopoint, TypeNote, TypeCalculate, TypeAcknowledge, TypeBarcode, TypeImage,
	TypeAudio, TypeVideo, TypeGroup, TypeRepeat,
	TypeStart, TypeEnd, TypeToday, TypeDeviceID, TypePhoneNumber, TypeSimSerial, TypeSubscriberID,
	TypeUsername, TypeEmail, TypeURIDeviceID, TypeURIPhoneNumber, TypeURIUsername, TypeURIEmail,
}

// Valid reports whether t is in Haven's subset.
func (t QuestionType) Valid() bool { return slices.Contains(QuestionTypes, t) }

// IsSelect reports whether t takes its answers from a choice list.
func (t QuestionType) IsSelect() bool { return t == TypeSelectOne || t == TypeSelectMultiple }

// IsSection reports whether t holds other questions (a group or a repeat).
func (t QuestionType) IsSection() bool { return t == TypeGroup || t == TypeRepeat }

// IsMetadata reports whether the device fills t in without asking anyone.
func (t QuestionType) IsMetadata() bool {
	switch t {
	case TypeStart, TypeEnd, TypeToday, TypeDeviceID, TypePhoneNumber, TypeSimSerial,
		TypeSubscriberID, TypeUsername, TypeEmail, TypeURIDeviceID, TypeURIPhoneNumber,
		TypeURIUsername, TypeURIEmail:
		return true
	}
	return false
}

// IdentifiesRespondent reports whether t records who or which device
// answered. Feedback surveys are anonymous and may not use these.
func (t QuestionType) IdentifiesRespondent() bool {
	return t.IsMetadata() && t != TypeStart && t != TypeEnd && t != TypeToday
}

// Text is a text in several languages, keyed by language name as written in
// the XLSForm column (label::English → "English"). The key "" holds text
// written without a language.
type Text map[string]string

// Get returns the text in lang, else the text without a language, else the
// first text by language name, else "".
func (t Text) Get(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	if s := t[""]; s != "" {
		return s
	}
	for _, k := range sortedKeys(t) {
		if t[k] != "" {
			return t[k]
		}
	}
	return ""
}

// IsZero reports whether t holds no text at all.
func (t Text) IsZero() bool {
	for _, s := range t {
		if s != "" {
			return false
		}
	}
	return true
}

// Definition is one version of a survey: what it asks, in which languages,
// with which answer lists. A published definition never changes; editing a
// survey makes a new Definition with a new Version.
type Definition struct {
	// FormID identifies the survey across versions (XForm id, OpenRosa formID).
	FormID string `json:"form_id"`
	// Name is the root element of the XForm instance (an XML name).
	Name    string `json:"name"`
	Title   string `json:"title"`
	Version string `json:"version,omitempty"`
	Kind    Kind   `json:"kind"`
	// DefaultLanguage is the language a device shows first; "" for none.
	DefaultLanguage string `json:"default_language,omitempty"`
	// Languages lists every language with some text, "" (no language) first.
	Languages []string `json:"languages,omitempty"`
	// InstanceName is an expression naming each submission on the device.
	InstanceName string `json:"instance_name,omitempty"`
	// Questions is the tree of questions: groups and repeats hold children.
	Questions []Question `json:"questions"`
	// ChoiceLists holds the answers of select questions, by list name.
	ChoiceLists map[string][]Choice `json:"choice_lists,omitempty"`
	// AllowChoiceDuplicates lets a list hold one choice name twice, as
	// cascading selects filtered by a choice_filter may need.
	AllowChoiceDuplicates bool `json:"allow_choice_duplicates,omitempty"`
}

// Question is one row of the survey: a question, a calculation, a note, or
// a group or repeat holding more questions. Expressions (Relevant,
// Constraint, Calculation, ChoiceFilter, RepeatCount) are XPath as written in
// XLSForm, referring to other questions as ${name}.
type Question struct {
	Type              QuestionType `json:"type"`
	Name              string       `json:"name"`
	Label             Text         `json:"label,omitempty"`
	Hint              Text         `json:"hint,omitempty"`
	Required          bool         `json:"required,omitempty"`
	RequiredMessage   Text         `json:"required_message,omitempty"`
	Relevant          string       `json:"relevant,omitempty"`
	Constraint        string       `json:"constraint,omitempty"`
	ConstraintMessage Text         `json:"constraint_message,omitempty"`
	Calculation       string       `json:"calculation,omitempty"`
	ChoiceFilter      string       `json:"choice_filter,omitempty"`
	// ListName names the choice list of a select question.
	ListName string `json:"list_name,omitempty"`
	// OrOther adds an "Other" choice and a text question <name>_other for it.
	OrOther    bool   `json:"or_other,omitempty"`
	Appearance string `json:"appearance,omitempty"`
	Default    string `json:"default,omitempty"`
	ReadOnly   bool   `json:"read_only,omitempty"`
	// RepeatCount fixes how many times a repeat is asked (an expression).
	RepeatCount string     `json:"repeat_count,omitempty"`
	Children    []Question `json:"children,omitempty"`
}

// Choice is one answer in a choice list. Extra holds the list's other
// columns (those a choice_filter can test), by column name.
type Choice struct {
	Name  string            `json:"name"`
	Label Text              `json:"label,omitempty"`
	Extra map[string]string `json:"extra,omitempty"`
}

// OtherChoice is the choice an or_other select adds to its list.
const OtherChoice = "other"

// JSON returns the definition as the API serves it.
func (d Definition) JSON() ([]byte, error) { return json.MarshalIndent(d, "", "  ") }

// Walk calls fn for every question in document order, with the names of its
// ancestors' path from the root (excluding the root element). Returning
// false from fn skips the question's children.
func (d Definition) Walk(fn func(path []string, q *Question) bool) {
	walk(d.Questions, nil, fn)
}

func walk(qs []Question, parent []string, fn func(path []string, q *Question) bool) {
	for i := range qs {
		q := &qs[i]
		path := append(slices.Clip(parent), q.Name)
		if fn(path, q) && q.Type.IsSection() {
			walk(q.Children, path, fn)
		}
	}
}

// UsedLanguages returns every language some text of d is written in, ""
// first and the others sorted: what Languages should hold.
func (d Definition) UsedLanguages() []string {
	seen := map[string]bool{}
	add := func(t Text) {
		for k, v := range t {
			if v != "" {
				seen[k] = true
			}
		}
	}
	d.Walk(func(_ []string, q *Question) bool {
		add(q.Label)
		add(q.Hint)
		add(q.RequiredMessage)
		add(q.ConstraintMessage)
		return true
	})
	for _, cs := range d.ChoiceLists {
		for _, c := range cs {
			add(c.Label)
		}
	}
	return sortedKeys(seen)
}

// sortedKeys returns the keys of m sorted, "" first.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// ChoiceListNames returns the names of d's choice lists, sorted.
func (d Definition) ChoiceListNames() []string { return sortedKeys(d.ChoiceLists) }

// Location says where in a definition a problem is: a question (by its
// index path through Children), a choice, or the definition itself.
type Location struct {
	// Question is the index path of the question, nil when not about one.
	Question []int
	// List and Choice name a choice (Choice is -1 for the list as a whole).
	List   string
	Choice int
}

// Problem is one thing wrong with a definition.
type Problem struct {
	Location Location
	// Field is the attribute at fault, named as its XLSForm column
	// (name, type, relevant, label::English …) or setting (form_id …).
	Field   string
	Message string
}

// place names where the problem is for people: "questions/everything/my_name.relevant".
func (p Problem) place(d *Definition) string {
	switch {
	case p.Location.Question != nil:
		names := []string{}
		qs := d.Questions
		for _, i := range p.Location.Question {
			if i < 0 || i >= len(qs) {
				break
			}
			names = append(names, qs[i].Name)
			qs = qs[i].Children
		}
		return "questions/" + strings.Join(names, "/") + "." + p.Field
	case p.Location.List != "":
		if p.Location.Choice < 0 {
			return fmt.Sprintf("choice_lists/%s.%s", p.Location.List, p.Field)
		}
		return fmt.Sprintf("choice_lists/%s[%d].%s", p.Location.List, p.Location.Choice, p.Field)
	}
	return p.Field
}
