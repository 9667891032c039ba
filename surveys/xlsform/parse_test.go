package xlsform

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/surveys"
	"github.com/xuri/excelize/v2"
)

const pyxformData = "../testdata/pyxform"

func parseFile(t *testing.T, path string) (surveys.Definition, []Warning, error) {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	return Parse(fh, filepath.Base(path))
}

// want is a problem or warning a test expects: its cell (survey!C12) and
// part of its message.
type want struct{ cell, text string }

func hasProblem(ps []Problem, w want) bool {
	for _, p := range ps {
		if p.Cell() == w.cell && strings.Contains(p.Message, w.text) {
			return true
		}
	}
	return false
}

func warningProblems(ws []Warning) []Problem {
	ps := make([]Problem, len(ws))
	for i, w := range ws {
		ps[i] = w.Problem
	}
	return ps
}

// TestBugExamples says, for each of pyxform's broken or odd forms, whether
// Haven refuses it (naming sheet, row and column) or imports it with warnings.
func TestBugExamples(t *testing.T) {
	cases := []struct {
		file     string
		refused  bool
		problems []want // each must be reported
		warnings []want // each must be among the warnings
		check    func(t *testing.T, d surveys.Definition)
	}{
		{file: "ODKValidateWarnings.xlsx", refused: true,
			problems: []want{{"survey!A3", `"phone number" is not supported`}},
			warnings: []want{{"survey!D2", "no header"}}},
		{file: "bad_calc.xlsx", refused: true,
			problems: []want{{"survey!D2", "unterminated string"}}},
		{file: "badly_named_choices_sheet.xls", // sheet names are case-insensitive, as in pyxform
			check: func(t *testing.T, d surveys.Definition) {
				if len(d.ChoiceLists["colors"]) != 4 || d.Questions[2].ListName != "colors" {
					t.Errorf("the Choices sheet was not read: %+v", d.ChoiceLists)
				}
			}},
		{file: "blank_second_row.xls",
			check: func(t *testing.T, d surveys.Definition) {
				if len(d.Questions) != 1 || d.Questions[0].Name != "value" || d.FormID != "ID" || d.Version != "1" || d.Title != "Title" {
					t.Errorf("got %+v", d)
				}
			}},
		{file: "calculate_without_calculation.xls", refused: true,
			problems: []want{{"survey!A34", "a calculate needs a calculation"}},
			warnings: []want{{"survey!14", `"labeled_select_group" holds no questions`}}},
		{file: "duplicate_columns.xlsx", refused: true,
			problems: []want{{"survey!E1", "duplicate column: label is also column D"}}},
		{file: "extra_columns.xls", refused: true,
			problems: []want{{"survey!A19999", `unknown question type "party like it's 19999"`}}},
		{file: "group_name_test.xls", refused: true,
			problems: []want{{"survey!B3", "the group needs a name"}, {"survey!A4", `"phone number" is not supported`}}},
		{file: "ict_survey_fails.xls", // whitespace-only cells under "bind: relevant" are empty
			check: func(t *testing.T, d surveys.Definition) {
				if len(d.Questions) != 1 || d.Questions[0].Relevant != "" || d.Questions[0].Constraint != "" {
					t.Errorf("got %+v", d.Questions)
				}
			}},
		{file: "spaces_in_choices_header.xls",
			warnings: []want{
				{"choices!D1", `"header with spaces" is ignored`},
				{"choices!F3", "no header"},
				{"settings!A1", "Haven receives this form's submissions itself"},
			},
			check: func(t *testing.T, d surveys.Definition) {
				if q := d.Questions[0]; q.Type != surveys.TypeSelectMultiple || q.Default != "a c" || q.ChoiceFilter != "true()" {
					t.Errorf("got %+v", q)
				}
			}},
		{file: "xl_date_ambiguous.xlsx", refused: true,
			problems: []want{{"survey!L5", "axes such as 'label::' are not supported"}},
			warnings: []want{{"changelog", "not an XLSForm sheet"}}},
		{file: "xl_date_ambiguous_v1.xlsx", refused: true,
			problems: []want{{"survey!D6", "the date is ambiguous"}}},
	}
	files, _ := filepath.Glob(filepath.Join(pyxformData, "bug_example_xls", "*"))
	if len(files) != len(cases) {
		t.Errorf("%d bug examples but %d cases: every file needs a verdict", len(files), len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			d, warnings, err := parseFile(t, filepath.Join(pyxformData, "bug_example_xls", tc.file))
			if tc.refused {
				var xe *Error
				if !errors.As(err, &xe) {
					t.Fatalf("Parse = %v, want an *Error", err)
				}
				if !errors.Is(err, haven.ErrInvalid) {
					t.Error("the error is not haven.ErrInvalid")
				}
				for _, w := range tc.problems {
					if !hasProblem(xe.Problems, w) {
						t.Errorf("no problem at %s saying %q; got %v", w.cell, w.text, xe.Problems)
					}
				}
				for _, p := range xe.Problems {
					if p.Sheet == "" || p.Row == 0 && p.Column == "" && !strings.Contains(p.Message, "sheet") {
						t.Errorf("problem %v does not name sheet, row and column", p)
					}
				}
			} else {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if vErr := d.Validate(); vErr != nil {
					t.Errorf("the imported definition is not valid: %v", vErr)
				}
				if tc.check != nil {
					tc.check(t, d)
				}
			}
			for _, w := range tc.warnings {
				if !hasProblem(warningProblems(warnings), w) {
					t.Errorf("no warning at %s saying %q; got %v", w.cell, w.text, warnings)
				}
			}
		})
	}
}

func TestSpecTestImports(t *testing.T) {
	d, warnings, err := parseFile(t, filepath.Join(pyxformData, "example_xls", "xlsform_spec_test.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if d.FormID != "Spec test" || d.Title != "Spec test" || d.Name != "xlsform_spec_test" || d.Kind != surveys.KindGeneral {
		t.Errorf("identity: %q %q %q %q", d.FormID, d.Title, d.Name, d.Kind)
	}
	if want := []string{"", "chinese", "english"}; !reflect.DeepEqual(d.Languages, want) {
		t.Errorf("languages = %q, want %q", d.Languages, want)
	}
	if d.InstanceName != "${my_name}" {
		t.Errorf("instance name = %q", d.InstanceName)
	}
	everything := d.Questions[1]
	if everything.Type != surveys.TypeGroup || everything.Relevant != "not(selected(${skip_to_end}, 'yes'))" {
		t.Errorf("everything = %+v", everything)
	}
	var rep surveys.Question
	for _, q := range everything.Children {
		if q.Name == "repeat_test" {
			rep = q
		}
	}
	if rep.Type != surveys.TypeRepeat || rep.RepeatCount != "2" || len(rep.Children) != 5 {
		t.Errorf("repeat_test = %+v", rep)
	}
	group := rep.Children[0]
	req := group.Children[0]
	if !req.Required || req.RequiredMessage[""] != "Custom required message." {
		t.Errorf("required_text = %+v", req)
	}
	sm := group.Children[1]
	if sm.Type != surveys.TypeSelectMultiple || sm.ListName != "yes_no" || sm.ConstraintMessage["chinese"] == "" || sm.Appearance != "minimal" {
		t.Errorf("select_multiple_test = %+v", sm)
	}
	if got := d.ChoiceLists["yes_no"]; len(got) != 2 || got[0].Label[""] != "Yes" || got[0].Label["chinese"] != "是" {
		t.Errorf("yes_no = %+v", got)
	}
	// Media, launching apps and encryption are ignored with a warning each.
	for _, w := range []want{{"survey!S1", "media"}, {"survey!Z1", "launching other apps"}, {"settings!C1", "encrypted"}} {
		if !hasProblem(warningProblems(warnings), w) {
			t.Errorf("no warning at %s about %s", w.cell, w.text)
		}
	}
}

func TestExamples(t *testing.T) {
	cases := []struct {
		file     string
		problems []want // nil: imports
	}{
		{file: "calculate.xls"},
		{file: "cascading_select_test_equivalent.xls"},
		{file: "choice_filter_test.xlsx"}, // allow_choice_duplicates: yes
		{file: "default_time_demo.xls"},
		{file: "or_other.xlsx"},
		// pulldata() reads a CSV attached to the form, which Haven does not serve.
		{file: "pull_data.xlsx", problems: []want{{"survey!D2", "function 'pulldata' is not supported"}}},
		{file: "repeat_date_test.xls"},
		{file: "table-list.xls"},
		{file: "tutorial.xls"},
		{file: "widgets.xls"},
		{file: "xml_escaping.xls"},
		{file: "case_insensitivity.xlsx", problems: []want{
			{"SURVEY!A3", `"select_one_external" is not supported`}, {"SURVEY!A4", `"osm" is not supported`},
			{"EXTERNAL_CHOICES", "not supported"}, {"ENTITIES", "not supported"}}},
		{file: "include.xlsx", problems: []want{{"survey!A3", `unknown question type "include"`}}},
		{file: "loop.xlsx", problems: []want{{"survey!A3", `"begin loop" is not supported by Haven: use a repeat`}}},
		{file: "survey_no_name.xlsx", problems: []want{{"", "no survey sheet"}}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			d, _, err := parseFile(t, filepath.Join(pyxformData, "example_xls", tc.file))
			if tc.problems == nil {
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				if len(d.Questions) == 0 {
					t.Error("no questions")
				}
				return
			}
			var xe *Error
			if !errors.As(err, &xe) {
				t.Fatalf("Parse = %v, want an *Error", err)
			}
			for _, w := range tc.problems {
				if !hasProblem(xe.Problems, w) {
					t.Errorf("no problem at %q saying %q; got %v", w.cell, w.text, xe.Problems)
				}
			}
		})
	}
}

// TestXLSMatchesXLSX reads the forms that pyxform keeps both as .xls and
// .xlsx: Haven's .xls reader must see what the .xlsx reader sees.
func TestXLSMatchesXLSX(t *testing.T) {
	for _, stem := range []string{"text_and_integer", "yes_or_no_question", "specify_other", "group", "case_insensitivity"} {
		t.Run(stem, func(t *testing.T) {
			d1, w1, err1 := parseFile(t, filepath.Join(pyxformData, "example_xls", stem+".xls"))
			d2, w2, err2 := parseFile(t, filepath.Join(pyxformData, "example_xls", stem+".xlsx"))
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf(".xls: %v; .xlsx: %v", err1, err2)
			}
			if err1 != nil {
				var e1, e2 *Error
				errors.As(err1, &e1)
				errors.As(err2, &e2)
				if !reflect.DeepEqual(e1.Problems, e2.Problems) {
					t.Errorf("problems differ:\n.xls  %v\n.xlsx %v", e1.Problems, e2.Problems)
				}
				return
			}
			if !reflect.DeepEqual(d1, d2) {
				t.Errorf("definitions differ:\n.xls  %+v\n.xlsx %+v", d1, d2)
			}
			if !reflect.DeepEqual(w1, w2) {
				t.Errorf("warnings differ:\n.xls  %v\n.xlsx %v", w1, w2)
			}
		})
	}
}

func xlsxBytes(t *testing.T, sheets map[string][][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for name, rows := range sheets {
		if first {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
			first = false
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		if err := writeRows(f, name, rows); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMalformed(t *testing.T) {
	spec, err := os.ReadFile(filepath.Join(pyxformData, "example_xls", "xlsform_spec_test.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	var plainZip bytes.Buffer
	zw := zip.NewWriter(&plainZip)
	fw, _ := zw.Create("hello.txt")
	fw.Write([]byte("hello"))
	zw.Close()
	cases := []struct {
		name, file string
		data       []byte
		want       want
	}{
		{"empty file", "form.xlsx", nil, want{"", "the file is empty"}},
		{"not a workbook", "form.xlsx", []byte("type,name,label\ntext,a,A\n"), want{"", "not a readable Excel workbook"}},
		{"csv", "form.csv", []byte("type,name,label\n"), want{"", "not CSV"}},
		{"unknown file", "form.pdf", []byte("%PDF-1.4"), want{"", "not an Excel workbook"}},
		{"zip that is no workbook", "form.xlsx", plainZip.Bytes(), want{"", "not a readable .xlsx workbook"}},
		{"truncated xlsx", "form.xlsx", spec[:len(spec)/2], want{"", "not a readable .xlsx workbook"}},
		{"truncated xls", "form.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 100)...), want{"", "not a readable .xls workbook"}},
		{"no survey sheet", "form.xlsx", xlsxBytes(t, map[string][][]string{"Sheet1": {{"type", "name"}}}), want{"", "no survey sheet"}},
		{"empty survey sheet", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": nil}), want{"survey!1", "must hold the column headers"}},
		{"no type column", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"name", "label"}, {"a", "A"}}}), want{"survey!1", "needs a type column"}},
		{"unclosed group", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label"}, {"begin group", "g", "G"}, {"text", "a", "A"}}}), want{"survey!A2", "never closed"}},
		{"end without begin", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label"}, {"text", "a", "A"}, {"end repeat"}}}), want{"survey!A3", "end repeat without a begin repeat"}},
		{"mismatched end", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label"}, {"begin repeat", "r", "R"}, {"text", "a", "A"}, {"end group"}}}), want{"survey!A4", "still open"}},
		{"missing list", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label"}, {"select_one colours", "c", "Colour?"}}}), want{"survey!A2", `choice list "colours" is not on the choices sheet`}},
		{"unknown reference", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label", "relevant"}, {"text", "a", "A", "${b} = 1"}}}), want{"survey!D2", "${b} refers to no question"}},
		{"conditional required", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label", "required"}, {"text", "a", "A", "${a} = 1"}}}), want{"survey!D2", "not yes or no"}},
		{"bad name", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label"}, {"text", "my name", "A"}}}), want{"survey!B2", "not an XML name"}},
		{"duplicate name", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label"}, {"text", "a", "A"}, {"integer", "a", "B"}}}), want{"survey!B3", `"a" is used twice`}},
		{"bad kind", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label"}, {"text", "a", "A"}}, "settings": {{"haven_kind"}, {"census"}}}), want{"settings!A2", "the kind must be one of"}},
		{"anonymous feedback", "form.xlsx", xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label"}, {"deviceid", "device"}, {"text", "a", "A"}}, "settings": {{"haven_kind"}, {"feedback"}}}), want{"survey!A2", "feedback surveys are anonymous"}},
		{"choice without name", "form.xlsx", xlsxBytes(t, map[string][][]string{
			"survey": {{"type", "name", "label"}, {"select_one yn", "q", "Q"}}, "choices": {{"list_name", "name", "label"}, {"yn", "yes", "Yes"}, {"yn", "", "No"}}}), want{"choices!B3", "the choice has no name"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse(bytes.NewReader(tc.data), tc.file)
			var xe *Error
			if !errors.As(err, &xe) {
				t.Fatalf("Parse = %v, want an *Error", err)
			}
			if !errors.Is(err, haven.ErrInvalid) {
				t.Error("the error is not haven.ErrInvalid")
			}
			if !hasProblem(xe.Problems, tc.want) {
				t.Errorf("no problem at %q saying %q; got %v", tc.want.cell, tc.want.text, xe.Problems)
			}
			var he *haven.Error
			if !errors.As(err, &he) || len(he.Fields) == 0 {
				t.Errorf("no haven.Error with fields inside %v", err)
			}
		})
	}
}

func TestErrorFields(t *testing.T) {
	_, _, err := parseFile(t, filepath.Join(pyxformData, "bug_example_xls", "group_name_test.xls"))
	var he *haven.Error
	if !errors.As(err, &he) {
		t.Fatalf("no *haven.Error in %v", err)
	}
	fields := map[string]string{}
	for _, f := range he.Fields {
		fields[f.Field] = f.Message
	}
	if !strings.Contains(fields["survey!B3"], "name") || !strings.Contains(fields["survey!A4"], "phone number") {
		t.Errorf("fields = %v", he.Fields)
	}
	if !strings.Contains(err.Error(), "group_name_test.xls cannot be imported: 2 problems") {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestCellValues(t *testing.T) {
	d, _, err := parseFile(t, filepath.Join(pyxformData, "example_xls", "repeat_date_test.xls"))
	if err != nil {
		t.Fatal(err)
	}
	// A date cell in a workbook with 1904 dates, as ISO 8601.
	if got := d.Questions[0].Label[""]; got != "2012-12-12" {
		t.Errorf("date label = %q, want 2012-12-12", got)
	}
	if d.Questions[0].Name != "generated_note_name_2" || d.Questions[2].RepeatCount != "${repeat_count}" {
		t.Errorf("questions = %+v", d.Questions)
	}
	d, _, err = parseFile(t, filepath.Join(pyxformData, "example_xls", "widgets.xls"))
	if err != nil {
		t.Fatal(err)
	}
	// Numbers without a trailing .0; TRUE/FALSE as text.
	if q := d.Questions[2]; q.Default != "18.31" {
		t.Errorf("decimal default = %q", q.Default)
	}
	if q := d.Questions[6]; q.Default != "8" {
		t.Errorf("select default = %q", q.Default)
	}
}

func TestFormIDFromFileName(t *testing.T) {
	data := xlsxBytes(t, map[string][][]string{"survey": {{"type", "name", "label"}, {"text", "a", "A"}}})
	d, _, err := Parse(bytes.NewReader(data), "uploads/2026 Mae Sot mapping.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if d.FormID != "2026 Mae Sot mapping" || d.Title != "2026 Mae Sot mapping" || d.Name != "_2026_Mae_Sot_mapping" {
		t.Errorf("got form_id %q, title %q, name %q", d.FormID, d.Title, d.Name)
	}
}

func TestDefaultLanguage(t *testing.T) {
	data := xlsxBytes(t, map[string][][]string{
		"survey":   {{"type", "name", "label", "label::ไทย (th)", "hint"}, {"text", "a", "Name?", "ชื่อ?", "Your name"}},
		"settings": {{"default_language"}, {"English (en)"}},
	})
	d, _, err := Parse(bytes.NewReader(data), "f.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	q := d.Questions[0]
	if q.Label["English (en)"] != "Name?" || q.Label["ไทย (th)"] != "ชื่อ?" || q.Hint["English (en)"] != "Your name" {
		t.Errorf("texts = %v %v", q.Label, q.Hint)
	}
	if want := []string{"English (en)", "ไทย (th)"}; !reflect.DeepEqual(d.Languages, want) {
		t.Errorf("languages = %q", d.Languages)
	}
}

func TestFormatSerial(t *testing.T) {
	cases := []struct {
		serial   float64
		date1904 bool
		want     string
		bad      bool
	}{
		{0.5, false, "12:00:00", false},
		{0.3958333333333333, false, "09:30:00", false},
		{1, false, "1", true}, // 1900-01-01 in Excel's broken 1900 calendar
		{60, false, "60", true},
		{61, false, "1900-03-01", false},
		{45000.5, false, "2023-03-15T12:00:00", false},
		{0, true, "1904-01-01", false},
		{39793, true, "2012-12-12", false},
		{-1, false, "-1", true},
	}
	for _, tc := range cases {
		got, err := formatSerial(tc.serial, tc.date1904)
		if got != tc.want || (err != nil) != tc.bad {
			t.Errorf("formatSerial(%v, %v) = %q, %v; want %q (error: %v)", tc.serial, tc.date1904, got, err, tc.want, tc.bad)
		}
	}
}
