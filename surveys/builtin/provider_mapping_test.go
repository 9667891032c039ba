package builtin

import (
	"bytes"
	"context"
	"encoding/xml"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/xform"
	"github.com/haven-project/haven/surveys/xlsform"
	"github.com/haven-project/haven/surveys/xpath"
)

var languages = []string{English, Thai, Burmese}

func TestProviderMappingValidates(t *testing.T) {
	d := ProviderMapping()
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if d.Kind != surveys.KindProviderMapping || d.FormID != "haven_provider_mapping" || d.DefaultLanguage != English {
		t.Errorf("kind %q, form_id %q, default language %q", d.Kind, d.FormID, d.DefaultLanguage)
	}
	if got := d.UsedLanguages(); !slices.Equal(got, d.Languages) {
		t.Errorf("Languages = %q, but the texts are in %q", d.Languages, got)
	}
}

// TestEveryTextInEveryLanguage: a field team reads the form in one language
// only, so no text may be missing in any.
func TestEveryTextInEveryLanguage(t *testing.T) {
	d := ProviderMapping()
	check := func(where string, text surveys.Text) {
		if text.IsZero() {
			return
		}
		for _, lang := range languages {
			if strings.TrimSpace(text[lang]) == "" {
				t.Errorf("%s has no %s text", where, lang)
			}
		}
		if len(text) != len(languages) {
			t.Errorf("%s has texts in %d languages, want %d", where, len(text), len(languages))
		}
	}
	d.Walk(func(path []string, q *surveys.Question) bool {
		where := strings.Join(path, "/")
		if q.Label.IsZero() {
			t.Errorf("%s has no label", where)
		}
		check(where+".label", q.Label)
		check(where+".hint", q.Hint)
		check(where+".constraint_message", q.ConstraintMessage)
		if (q.Constraint == "") != q.ConstraintMessage.IsZero() {
			t.Errorf("%s: a constraint needs a message in every language, and a message a constraint", where)
		}
		return true
	})
	for _, list := range d.ChoiceListNames() {
		for _, c := range d.ChoiceLists[list] {
			check("choice "+list+"/"+c.Name, c.Label)
		}
	}
}

func TestProviderMappingRendersAsXForm(t *testing.T) {
	x, err := xform.Render(ProviderMapping())
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if err := xml.Unmarshal(x, new(struct{})); err != nil {
		t.Fatalf("the XForm is not well-formed XML: %v", err)
	}
	s := string(x)
	for _, want := range []string{
		`<translation default="true()" lang="English (en)">`,
		`<translation lang="Thai (th)">`,
		`<translation lang="Burmese (my)">`,
		`<instance id="service_types">`,
		`<value>ใครดูที่ตั้งได้บ้าง</value>`,
		`<value>တည်နေရာကို ဘယ်သူ ကြည့်ခွင့်ရှိသလဲ</value>`,
		`<repeat nodeset="/provider_mapping/services">`,
		`<group ref="/provider_mapping/services/hours" appearance="field-list">`,
		// Inside the repeat, each entry compares its own ages.
		`constraint=". &gt;= 0 and . &lt;= 120 and ( ../min_age  = '' or . &gt;=  ../min_age )"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the XForm lacks %s", want)
		}
	}
	// The renderer writes "-" for a text missing in a language.
	if strings.Contains(s, "<value>-</value>") {
		t.Error("some text is missing in some language: the XForm holds <value>-</value>")
	}
	if n := strings.Count(s, "<translation "); n != 3 {
		t.Errorf("%d translations, want 3", n)
	}
}

func TestXLSFormRoundTrip(t *testing.T) {
	data, err := XLSForm()
	if err != nil {
		t.Fatal(err)
	}
	got, warnings, err := xlsform.Parse(bytes.NewReader(data), "haven_provider_mapping.xlsx")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	if want := ProviderMapping(); !reflect.DeepEqual(got, want) {
		t.Errorf("the round trip through XLSForm changed the definition:\n got %+v\nwant %+v", got, want)
	}
}

// TestServiceTypesMatchTheSeededTaxonomy keeps the survey's list in step
// with the terms the directory seeds: same codes, order and names.
func TestServiceTypesMatchTheSeededTaxonomy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		terms, err := mapping.NewTaxonomy(db.DB, audit.New(db.DB)).Terms(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var seeded []ServiceType
		for _, term := range terms {
			if term.Builtin {
				seeded = append(seeded, ServiceType{Code: term.Code, English: term.Name, Thai: term.Translations["th"].Name})
			}
		}
		var ours []ServiceType
		for _, st := range ServiceTypes {
			if st.Burmese == "" {
				t.Errorf("%s has no Burmese name", st.Code)
			}
			st.Burmese = ""
			ours = append(ours, st)
		}
		if !slices.Equal(ours, seeded) {
			t.Errorf("service types differ from the seeded taxonomy:\n got %v\nwant %v", ours, seeded)
		}
	})
}

// TestChoicesAreTheDirectoryVocabularies: a choice the directory does not
// know would be lost when a submission is accepted.
func TestChoicesAreTheDirectoryVocabularies(t *testing.T) {
	tiers := make([]string, len(mapping.Tiers))
	for i, tier := range mapping.Tiers {
		tiers[i] = string(tier)
	}
	statuses := slices.Clone(mapping.ProviderStatuses)
	statuses[slices.Index(statuses, "temporarily closed")] = statusTempClosed
	for _, tc := range []struct {
		list string
		want []string
	}{
		{"org_types", mapping.OrgTypes},
		{"genders", mapping.Genders},
		{"legal_statuses", mapping.LegalStatuses},
		{"trafficking_forms", mapping.TraffickingForms},
		{"victim_statuses", mapping.VictimStatuses},
		{"cost_kinds", mapping.CostKinds},
		{"tiers", tiers},
		{"countries", []string{"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}},
		{"yes_no", []string{"yes", "no"}},
		{"hours", []string{"24_7", "weekdays", "custom"}},
	} {
		t.Run(tc.list, func(t *testing.T) {
			got := choiceNames(tc.list)
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("choices %v, want %v", got, want)
			}
		})
	}
	got := choiceNames("org_statuses")
	slices.Sort(got)
	slices.Sort(statuses)
	if !slices.Equal(got, statuses) {
		t.Errorf("org_statuses %v, want %v", got, statuses)
	}
	for _, lang := range choiceNames("languages") {
		if !isoLanguage.MatchString(lang) {
			t.Errorf("language %q is not an ISO 639 code", lang)
		}
	}
}

// answerContext evaluates a question's expressions as a phone would: "."
// is the question's answer, ${name} the other answers.
type answerContext struct {
	current string
	refs    map[string]string
}

func (c answerContext) Current() xpath.Value { return xpath.Node(c.current) }
func (c answerContext) Ref(name string) (xpath.Value, bool) {
	v, ok := c.refs[name]
	return xpath.Node(v), ok
}
func (c answerContext) Path(string) (xpath.Value, bool) { return xpath.Value{}, false }
func (c answerContext) Now() time.Time                  { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }

func question(t *testing.T, name string) surveys.Question {
	t.Helper()
	var found *surveys.Question
	d := ProviderMapping()
	d.Walk(func(_ []string, q *surveys.Question) bool {
		if q.Name == name {
			found = q
		}
		return true
	})
	if found == nil {
		t.Fatalf("no question %s", name)
	}
	return *found
}

func evalBool(t *testing.T, expr string, ctx answerContext) bool {
	t.Helper()
	e, err := xpath.Compile(expr)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	ok, err := e.EvalBool(ctx)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return ok
}

// TestConstraints runs the form's constraints as the phone does.
func TestConstraints(t *testing.T) {
	for _, tc := range []struct {
		question string
		answer   string
		others   map[string]string
		ok       bool
	}{
		{"min_age", "0", nil, true},
		{"min_age", "120", nil, true},
		{"min_age", "121", nil, false},
		{"min_age", "-1", nil, false},
		{"max_age", "17", map[string]string{"min_age": ""}, true},
		{"max_age", "17", map[string]string{"min_age": "12"}, true},
		{"max_age", "12", map[string]string{"min_age": "12"}, true},
		{"max_age", "11", map[string]string{"min_age": "12"}, false},
		{"max_age", "130", map[string]string{"min_age": ""}, false},
		{"capacity_total", "0", nil, true},
		{"capacity_total", "-3", nil, false},
		{"capacity_available", "3", map[string]string{"capacity_total": "12"}, true},
		{"capacity_available", "12", map[string]string{"capacity_total": "12"}, true},
		{"capacity_available", "13", map[string]string{"capacity_total": "12"}, false},
		{"capacity_available", "4", map[string]string{"capacity_total": ""}, true},
		{"area_radius_km", "25.5", nil, true},
		{"area_radius_km", "0", nil, false},
		{"area_radius_km", "2001", nil, false},
		{"hotline", "1300", nil, true},
		{"hotline", "+66 (0)2 123-4567", nil, true},
		{"hotline", "๑๓๐๐", nil, true},
		{"office_phone", "၀၉ ၄၅၀ ၁၂၃ ၄၅၆", nil, true},
		{"office_phone", "call Khun Mai", nil, false},
		{"email", "info@example.org", nil, true},
		{"email", "info at example.org", nil, false},
		{"contact_email", "help@example.org", nil, true},
		{"website", "https://example.org/th", nil, true},
		{"website", "www.example.or.th", nil, true},
		{"website", "our facebook", nil, false},
		{"location_postal_code", "63110", nil, true},
		{"location_postal_code", "BS8711", nil, true},
		{"location_postal_code", "63-110!", nil, false},
	} {
		t.Run(tc.question+"="+tc.answer, func(t *testing.T) {
			q := question(t, tc.question)
			if got := evalBool(t, q.Constraint, answerContext{current: tc.answer, refs: tc.others}); got != tc.ok {
				t.Errorf("constraint %s on %q = %v, want %v", q.Constraint, tc.answer, got, tc.ok)
			}
		})
	}
}

// TestHoursConstraintAgreesWithParser: what the phone lets through,
// ToProvider can read, and the other way round.
func TestHoursConstraintAgreesWithParser(t *testing.T) {
	q := question(t, "hours_text")
	for _, s := range []string{
		"mo-fr 08:30-16:30; sa 09:00-12:00", "MO-FR 8.30-16.30", "mo,we,fr 09:00-12:00", "sa-su 00:00-24:00",
		"mo-su 18:00-08:00", "24/7", "mo - fr 08:00 - 17:00;", "th 13:00-17:00",
		"monday 9-5", "mo-fr 8-17", "mo-fr 08:00-25:00", "fr-mo 08:00-17:00", "mo-fr 09:00-09:00",
		"mo-fr 08:00-17:00 sa 09:00-12:00", "", "closed", "mo 24:00-08:00",
	} {
		t.Run(s, func(t *testing.T) {
			phone := evalBool(t, q.Constraint, answerContext{current: s})
			_, err := parseHours(s)
			// The regex cannot see that a range runs backwards or that a
			// span is empty; the parser reports those to the editor.
			if phone != (err == nil) && !(phone && err != nil && (strings.Contains(err.Error(), "backwards") || strings.Contains(err.Error(), "same time") || strings.Contains(err.Error(), "opens at 00:00"))) {
				t.Errorf("the phone accepts it: %v; parseHours: %v", phone, err)
			}
		})
	}
}

// TestRelevance checks the follow-ups that protect secret places.
func TestRelevance(t *testing.T) {
	for _, tc := range []struct {
		question, tier string
		shown          bool
	}{
		{"location_point", "public", true},
		{"location_point", "region_only", true},
		{"location_point", "hidden", false},
		{"location_point_hidden", "hidden", true},
		{"location_point_hidden", "public", false},
		{"tier_note", "public", false},
		{"tier_note", "region_only", true},
		{"tier_note", "hidden", true},
	} {
		q := question(t, tc.question)
		if got := evalBool(t, q.Relevant, answerContext{refs: map[string]string{"location_tier": tc.tier}}); got != tc.shown {
			t.Errorf("%s with tier %s: shown %v, want %v", tc.question, tc.tier, got, tc.shown)
		}
	}
	if q := question(t, "location_point"); !q.Required {
		t.Error("the point of a public or region_only place must be required")
	}
	if q := question(t, "location_point_hidden"); q.Required {
		t.Error("the point of a hidden place must be optional")
	}
}

// choiceNames returns the names of the choices of a list of the survey.
func choiceNames(list string) []string {
	var out []string
	for _, c := range choiceLists()[list] {
		out = append(out, c.Name)
	}
	return out
}
