package xlsform

import (
	"bytes"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/haven-project/haven/surveys"
)

func roundTrip(t *testing.T, d surveys.Definition) surveys.Definition {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		t.Fatalf("Write: %v", err)
	}
	got, _, err := Parse(&buf, "downloaded.xlsx")
	if err != nil {
		t.Fatalf("Parse of what Write wrote: %v", err)
	}
	return got
}

func TestWriteRoundTrip(t *testing.T) {
	for _, file := range []string{
		"example_xls/xlsform_spec_test.xlsx", "example_xls/or_other.xlsx", "example_xls/choice_filter_test.xlsx",
		"example_xls/repeat_date_test.xls", "example_xls/default_time_demo.xls", "example_xls/widgets.xls",
		"example_xls/cascading_select_test_equivalent.xls", "bug_example_xls/spaces_in_choices_header.xls",
	} {
		t.Run(filepath.Base(file), func(t *testing.T) {
			d, _, err := parseFile(t, filepath.Join(pyxformData, file))
			if err != nil {
				t.Fatal(err)
			}
			if got := roundTrip(t, d); !reflect.DeepEqual(got, d) {
				t.Errorf("round trip changed the definition:\n got %+v\nwant %+v", got, d)
			}
		})
	}
}

func TestWriteRoundTripByHand(t *testing.T) {
	d := surveys.Definition{
		FormID: "provider-mapping", Name: "providers", Title: "Provider mapping", Version: "2026-11-27.1",
		Kind: surveys.KindProviderMapping, DefaultLanguage: "English (en)", Languages: []string{"English (en)", "ภาษาไทย (th)"},
		InstanceName: "concat(${org}, ' ', ${visited})",
		Questions: []surveys.Question{
			{Type: surveys.TypeText, Name: "org", Required: true,
				Label:           surveys.Text{"English (en)": "Organisation", "ภาษาไทย (th)": "องค์กร"},
				RequiredMessage: surveys.Text{"English (en)": "Needed"}},
			{Type: surveys.TypeDate, Name: "visited", Default: "2026-01-31", Label: surveys.Text{"English (en)": "Visited on"}},
			{Type: surveys.TypeSelectMultiple, Name: "services", ListName: "services", OrOther: true, Appearance: "minimal",
				Label: surveys.Text{"English (en)": "Services"}, ChoiceFilter: "kind = 'care'"},
			{Type: surveys.TypeRepeat, Name: "sites", RepeatCount: "${n}", Label: surveys.Text{"English (en)": "Site"},
				Children: []surveys.Question{
					{Type: surveys.TypeGeopoint, Name: "where", Label: surveys.Text{"English (en)": "Where"}, Hint: surveys.Text{"ภาษาไทย (th)": "ที่ไหน"}},
					{Type: surveys.TypeDecimal, Name: "beds", Constraint: ". >= 0", ConstraintMessage: surveys.Text{"English (en)": "No negative beds"},
						Relevant: "${where} != ''", ReadOnly: true, Label: surveys.Text{"English (en)": "Beds"}},
				}},
			{Type: surveys.TypeInteger, Name: "n", Label: surveys.Text{"English (en)": "How many sites?"}},
			{Type: surveys.TypeCalculate, Name: "total", Calculation: "${n} * 2"},
			{Type: surveys.TypeStart, Name: "started"},
			{Type: surveys.TypeNote, Name: "_1", Label: surveys.Text{"English (en)": "FALSE"}},
		},
		ChoiceLists: map[string][]surveys.Choice{
			"services": {
				{Name: "shelter", Label: surveys.Text{"English (en)": "Shelter"}, Extra: map[string]string{"kind": "care"}},
				{Name: "legal", Label: surveys.Text{"English (en)": "Legal aid", "ภาษาไทย (th)": "ช่วยเหลือทางกฎหมาย"}, Extra: map[string]string{"kind": "law", "order": "2"}},
				{Name: "1", Label: surveys.Text{"English (en)": "TRUE"}},
			},
		},
		AllowChoiceDuplicates: false,
	}
	if err := d.Validate(); err != nil {
		t.Fatalf("the test definition is invalid: %v", err)
	}
	if got := roundTrip(t, d); !reflect.DeepEqual(got, d) {
		t.Errorf("round trip changed the definition:\n got %+v\nwant %+v", got, d)
	}
}
