package surveys

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/haven-project/haven"
)

func validDefinition() Definition {
	return Definition{
		FormID: "mapping", Name: "mapping", Title: "Mapping", Version: "1", Kind: KindProviderMapping,
		Languages: []string{"", "th"},
		Questions: []Question{
			{Type: TypeText, Name: "org", Label: Text{"": "Organisation", "th": "องค์กร"}, Required: true},
			{Type: TypeSelectOne, Name: "kind", ListName: "kinds", Label: Text{"": "Kind"}, ChoiceFilter: "group = 'a'"},
			{Type: TypeGroup, Name: "contact", Relevant: "${kind} = 'ngo'", Children: []Question{
				{Type: TypeText, Name: "phone", Label: Text{"": "Phone of ${org}"}, Constraint: "regex(., '^[0-9+ ]+$')"},
			}},
			{Type: TypeRepeat, Name: "sites", RepeatCount: "3", Children: []Question{
				{Type: TypeGeopoint, Name: "where", Label: Text{"": "Where"}},
			}},
			{Type: TypeCalculate, Name: "n", Calculation: "count-selected(${sites})"},
		},
		ChoiceLists: map[string][]Choice{"kinds": {
			{Name: "ngo", Label: Text{"": "NGO"}, Extra: map[string]string{"group": "a"}},
			{Name: "gov", Label: Text{"": "Government", "th": "รัฐ"}},
		}},
	}
}

func TestValidate(t *testing.T) {
	if err := func() error { d := validDefinition(); return d.Validate() }(); err != nil {
		t.Fatalf("valid definition: %v", err)
	}
	cases := []struct {
		name   string
		change func(d *Definition)
		field  string // haven field that must be reported
		text   string
	}{
		{"no form id", func(d *Definition) { d.FormID = "" }, "form_id", "needs an ID"},
		{"root not a name", func(d *Definition) { d.Name = "1 root" }, "name", "not an XML name"},
		{"unknown kind", func(d *Definition) { d.Kind = "census" }, "kind", "must be one of"},
		{"unlisted language", func(d *Definition) { d.Languages = []string{""} }, "languages", `"th" has texts`},
		{"default language without texts", func(d *Definition) { d.DefaultLanguage = "fr" }, "default_language", `"fr"`},
		{"unsupported type", func(d *Definition) { d.Questions[0].Type = "geotrace" }, "questions/org.type", "not supported"},
		{"bad name", func(d *Definition) { d.Questions[0].Name = "my org" }, "questions/my org.name", "not an XML name"},
		{"duplicate sibling", func(d *Definition) {
			d.Questions[1].Name = "org"
			d.Questions[1].Type = TypeText
			d.Questions[1].ListName = ""
			d.Questions[1].ChoiceFilter = ""
		}, "questions/org.name", "used twice"},
		{"missing list", func(d *Definition) { d.Questions[1].ListName = "nope" }, "questions/kind.type", `"nope" is not on the choices sheet`},
		{"list on text", func(d *Definition) { d.Questions[0].ListName = "kinds" }, "questions/org.type", "only select_one and select_multiple"},
		{"calculate without calculation", func(d *Definition) { d.Questions[4].Calculation = "" }, "questions/n.calculation", "needs a calculation"},
		{"unknown reference", func(d *Definition) { d.Questions[2].Relevant = "${nobody} = 1" }, "questions/contact.relevant", "${nobody} refers to no question"},
		{"unknown reference in label", func(d *Definition) { d.Questions[2].Children[0].Label[""] = "Phone of ${who}" }, "questions/contact/phone.label", "${who}"},
		{"ambiguous reference", func(d *Definition) { d.Questions[3].Children[0].Name = "org" }, "questions/contact/phone.label", "${org} is ambiguous"},
		{"bad XPath", func(d *Definition) { d.Questions[0].Constraint = ". >" }, "questions/org.constraint", "unexpected end of expression"},
		{"required group", func(d *Definition) { d.Questions[2].Required = true }, "questions/contact.required", "cannot be required"},
		{"children of a text", func(d *Definition) { d.Questions[0].Children = []Question{{Type: TypeText, Name: "x"}} }, "questions/org.type", "cannot hold"},
		{"meta is reserved", func(d *Definition) { d.Questions[0].Name = "meta"; d.Questions[2].Children[0].Label[""] = "Phone" }, "questions/meta.name", "reserved"},
		{"anonymous feedback", func(d *Definition) {
			d.Kind = KindFeedback
			d.Questions = append(d.Questions, Question{Type: TypePhoneNumber, Name: "phone_no"})
		}, "questions/phone_no.type", "anonymous"},
		{"duplicate choice", func(d *Definition) { d.ChoiceLists["kinds"][1].Name = "ngo" }, "choice_lists/kinds[1].name", "twice"},
		{"choice with a space", func(d *Definition) { d.ChoiceLists["kinds"][1].Name = "local gov" }, "choice_lists/kinds[1].name", "space"},
		{"bad extra column", func(d *Definition) { d.ChoiceLists["kinds"][0].Extra["label"] = "x" }, "choice_lists/kinds[0].label", "cannot be a choice column"},
		{"repeat count on a group", func(d *Definition) { d.Questions[2].RepeatCount = "2" }, "questions/contact.repeat_count", "only a repeat"},
		{"or_other clash", func(d *Definition) {
			d.Questions[1].OrOther = true
			d.ChoiceLists["kinds"] = append(d.ChoiceLists["kinds"], Choice{Name: OtherChoice})
		}, "questions/kind.type", "has one already"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := validDefinition()
			tc.change(&d)
			err := d.Validate()
			if !errors.Is(err, haven.ErrInvalid) {
				t.Fatalf("Validate = %v, want haven.ErrInvalid", err)
			}
			var he *haven.Error
			errors.As(err, &he)
			for _, f := range he.Fields {
				if f.Field == tc.field && strings.Contains(f.Message, tc.text) {
					return
				}
			}
			t.Errorf("no field %q saying %q in %v", tc.field, tc.text, he.Fields)
		})
	}
}

func TestAllowChoiceDuplicates(t *testing.T) {
	d := validDefinition()
	d.ChoiceLists["kinds"][1].Name = "ngo"
	d.AllowChoiceDuplicates = true
	if err := d.Validate(); err != nil {
		t.Errorf("Validate = %v", err)
	}
}

func TestJSON(t *testing.T) {
	d := validDefinition()
	data, err := d.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"form_id": "mapping"`, `"kind": "provider_mapping"`, `"list_name": "kinds"`, `"children": [`, `"th": "องค์กร"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	var back Definition
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, d) {
		t.Errorf("JSON round trip:\n got %+v\nwant %+v", back, d)
	}
}

func TestUsedLanguagesAndWalk(t *testing.T) {
	d := validDefinition()
	if got := d.UsedLanguages(); !reflect.DeepEqual(got, []string{"", "th"}) {
		t.Errorf("UsedLanguages = %q", got)
	}
	var paths []string
	d.Walk(func(path []string, q *Question) bool {
		paths = append(paths, strings.Join(path, "/"))
		return q.Name != "sites" // skip the repeat's children
	})
	want := []string{"org", "kind", "contact", "contact/phone", "sites", "n"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("Walk = %q, want %q", paths, want)
	}
}

func TestText(t *testing.T) {
	tx := Text{"": "plain", "th": "ไทย"}
	if tx.Get("th") != "ไทย" || tx.Get("fr") != "plain" || (Text{"th": "ไทย"}).Get("en") != "ไทย" {
		t.Error("Text.Get")
	}
	if !(Text{"en": ""}).IsZero() || tx.IsZero() {
		t.Error("Text.IsZero")
	}
}

func TestIsXMLName(t *testing.T) {
	for s, want := range map[string]bool{"a": true, "_1": true, "label-test": true, "FALSE": true, "ชื่อ": true,
		"": false, "1a": false, "a b": false, "a:b": false, "-a": false, "a/b": false} {
		if IsXMLName(s) != want {
			t.Errorf("IsXMLName(%q) = %v", s, !want)
		}
	}
}
