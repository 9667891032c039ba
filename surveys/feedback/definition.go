package feedback

import (
	"strconv"

	"github.com/haven-project/haven/surveys"
)

// Names of the questions every test's survey asks. Per task, item and
// section the names are made by the functions below, from their codes.
const (
	qConsent         = "consent"
	qLanguage        = "language"
	qMode            = "mode"
	qGroup           = "group"
	qDraft           = "draft"
	qDraftOrder      = "draft_order"
	qPreferred       = "preferred_draft"
	qFreeText        = "free_text"
	qUnmet           = "unmet_needs"
	qUnmetService    = "unmet_service"
	qUnmetRegion     = "unmet_region"
	qProblems        = "problems"
	qProblemProvider = "problem_provider"
	qProblemKind     = "problem_kind"
	qProblemNote     = "problem_note"
)

func qTask(code string) string       { return "task_" + code }
func qChosen(code string) string     { return "task_" + code + "_chosen" }
func qSuccess(code string) string    { return "task_" + code + "_success" }
func qSeconds(code string) string    { return "task_" + code + "_seconds" }
func qDifficulty(code string) string { return "task_" + code + "_difficulty" }
func qLikert(code string) string     { return "likert_" + code }
func qComp(code string) string       { return "comp_" + code }
func qCompList(code string) string   { return "comp_" + code + "_choices" }
func qSection(i int) string          { return "section_" + strconv.Itoa(i+1) }
func qUnderstood(i int) string       { return qSection(i) + "_understood" }
func qUseful(i int) string           { return qSection(i) + "_useful" }
func qComment(i int) string          { return qSection(i) + "_comment" }

// Choice lists of the fixed questions.
const (
	listYesNo       = "yes_no"
	listConsent     = "consent_given"
	listLanguages   = "languages"
	listModes       = "modes"
	listGroups      = "groups"
	listDrafts      = "drafts"
	listEntries     = "entries"
	listLikert      = "likert"
	listDifficulty  = "difficulty"
	listSection     = "yes_partly_no"
	listServices    = "service_types"
	listRegions     = "regions"
	listProblemKind = "problem_kinds"
)

// Entry is a directory entry of a frozen draft, as a test needs it: what
// tasks pick and problems are reported against.
type Entry struct {
	ProviderID string       `json:"provider_id"`
	Name       surveys.Text `json:"name"`
	Country    string       `json:"country"`
}

// Area is a region participants may name for an unmet need.
type Area struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	ParentCode string `json:"parent_code,omitempty"`
}

// ServiceType is a top-level service type of the taxonomy.
type ServiceType struct {
	Code string       `json:"code"`
	Name surveys.Text `json:"name"`
}

// choices are the lists a test's survey picks from, read when it opens.
type choices struct {
	Entries  []Entry // every entry of every draft compared, once
	Areas    []Area
	Services []ServiceType
}

// FormID is the form ID of a test's survey.
func FormID(testID string) string { return surveys.FeedbackFormIDPrefix + testID }

// definition generates the survey of a test: a question per thing a
// response holds (see Response), in the order the participant page asks.
// Task success is not the participant's to say: the server computes it
// from the chosen entries and stores it with the answers.
func (t Test) definition(c choices) surveys.Definition {
	qs := []surveys.Question{
		{Type: surveys.TypeSelectOne, Name: qConsent, Label: textConsent, ListName: listConsent, Required: true,
			Constraint: ". = 'yes'", ConstraintMessage: textConsent},
		{Type: surveys.TypeSelectOne, Name: qLanguage, Label: textLanguage, ListName: listLanguages, Required: true},
		{Type: surveys.TypeSelectOne, Name: qMode, Label: textMode, ListName: listModes, Required: true},
		{Type: surveys.TypeSelectOne, Name: qGroup, Label: textGroup, ListName: listGroups, Required: true},
	}
	for _, a := range t.Attributes {
		qs = append(qs, surveys.Question{Type: surveys.TypeSelectOne, Name: a, Label: attributeText(a), ListName: a})
	}
	qs = append(qs,
		surveys.Question{Type: surveys.TypeSelectOne, Name: qDraft, Label: textDraft, ListName: listDrafts, Required: true},
		surveys.Question{Type: surveys.TypeSelectMultiple, Name: qDraftOrder, Label: textOrder, ListName: listDrafts, Required: true},
	)
	for _, task := range t.Tasks {
		qs = append(qs, surveys.Question{Type: surveys.TypeGroup, Name: qTask(task.Code), Label: task.Scenario, Children: []surveys.Question{
			{Type: surveys.TypeSelectMultiple, Name: qChosen(task.Code), Label: textChosen, ListName: listEntries},
			{Type: surveys.TypeSelectOne, Name: qSuccess(task.Code), Label: textSuccess, ListName: listYesNo, Required: true},
			{Type: surveys.TypeInteger, Name: qSeconds(task.Code), Label: textSeconds, Constraint: ". >= 0 and . <= 86400"},
			{Type: surveys.TypeSelectOne, Name: qDifficulty(task.Code), Label: textDifficulty, ListName: listDifficulty},
		}})
	}
	for _, item := range t.Likert {
		qs = append(qs, surveys.Question{Type: surveys.TypeSelectOne, Name: qLikert(item.Code), Label: item.Statement, ListName: listLikert})
	}
	for _, cq := range t.Comprehension {
		qs = append(qs, surveys.Question{Type: surveys.TypeSelectOne, Name: qComp(cq.Code), Label: cq.Question, ListName: qCompList(cq.Code)})
	}
	for i, s := range t.Sections {
		qs = append(qs, surveys.Question{Type: surveys.TypeGroup, Name: qSection(i), Label: s.Title, Children: []surveys.Question{
			{Type: surveys.TypeSelectOne, Name: qUnderstood(i), Label: textUnderstood, ListName: listSection},
			{Type: surveys.TypeSelectOne, Name: qUseful(i), Label: textUseful, ListName: listSection},
			{Type: surveys.TypeText, Name: qComment(i), Label: textComment},
		}})
	}
	if len(t.Drafts) > 1 {
		qs = append(qs, surveys.Question{Type: surveys.TypeSelectOne, Name: qPreferred, Label: textPreferred, ListName: listDrafts})
	}
	qs = append(qs,
		surveys.Question{Type: surveys.TypeText, Name: qFreeText, Label: textFreeText, Appearance: "multiline"},
		surveys.Question{Type: surveys.TypeRepeat, Name: qUnmet, Label: textUnmet, Children: []surveys.Question{
			{Type: surveys.TypeSelectOne, Name: qUnmetService, Label: textUnmetService, ListName: listServices, Required: true},
			{Type: surveys.TypeSelectOne, Name: qUnmetRegion, Label: textUnmetRegion, ListName: listRegions, Required: true},
		}},
		surveys.Question{Type: surveys.TypeRepeat, Name: qProblems, Label: textProblems, Children: []surveys.Question{
			{Type: surveys.TypeSelectOne, Name: qProblemProvider, Label: textProblemEntry, ListName: listEntries, Required: true},
			{Type: surveys.TypeSelectOne, Name: qProblemKind, Label: textProblemKind, ListName: listProblemKind, Required: true},
			{Type: surveys.TypeText, Name: qProblemNote, Label: textProblemNote},
		}},
	)
	d := surveys.Definition{
		FormID: FormID(t.ID), Name: "feedback", Title: t.Title, Kind: surveys.KindFeedback,
		DefaultLanguage: surveyLanguages[English], Questions: qs, ChoiceLists: t.choiceLists(c),
	}
	renameLanguages(&d)
	return d
}

// renameLanguages keys every text of d by the survey engine's language
// names instead of the codes tests use.
func renameLanguages(d *surveys.Definition) {
	rename := func(t surveys.Text) surveys.Text {
		if t == nil {
			return nil
		}
		out := surveys.Text{}
		for k, v := range t {
			if name, ok := surveyLanguages[k]; ok {
				k = name
			}
			out[k] = v
		}
		return out
	}
	var walk func(qs []surveys.Question)
	walk = func(qs []surveys.Question) {
		for i := range qs {
			q := &qs[i]
			q.Label, q.Hint = rename(q.Label), rename(q.Hint)
			q.RequiredMessage, q.ConstraintMessage = rename(q.RequiredMessage), rename(q.ConstraintMessage)
			walk(q.Children)
		}
	}
	walk(d.Questions)
	for _, cs := range d.ChoiceLists {
		for i := range cs {
			cs[i].Label = rename(cs[i].Label)
		}
	}
}

func attributeText(a string) surveys.Text {
	switch a {
	case AttributeAgeBand:
		return textAgeBand
	case AttributeGender:
		return textGender
	}
	return textNational
}

func (t Test) choiceLists(c choices) map[string][]surveys.Choice {
	lists := map[string][]surveys.Choice{
		listYesNo:   {{Name: "yes", Label: yesNoLabels["yes"]}, {Name: "no", Label: yesNoLabels["no"]}},
		listConsent: {{Name: "yes", Label: yesNoLabels["yes"]}},
	}
	for _, lang := range Languages {
		lists[listLanguages] = append(lists[listLanguages], surveys.Choice{Name: lang, Label: languageNames[lang]})
	}
	for _, m := range []Mode{ModeSelf, ModeFacilitated} {
		lists[listModes] = append(lists[listModes], surveys.Choice{Name: string(m), Label: modeLabels[string(m)]})
	}
	for _, g := range t.Groups {
		lists[listGroups] = append(lists[listGroups], surveys.Choice{Name: g.Code, Label: g.Label})
	}
	for _, a := range t.Attributes {
		for _, v := range AttributeChoices[a] {
			lists[a] = append(lists[a], surveys.Choice{Name: v, Label: attributeLabels[v]})
		}
	}
	for _, d := range t.Drafts {
		lists[listDrafts] = append(lists[listDrafts], surveys.Choice{Name: d.Label, Label: surveys.Text{English: d.Label + " " + d.Title}})
	}
	for _, e := range c.Entries {
		lists[listEntries] = append(lists[listEntries], surveys.Choice{Name: e.ProviderID, Label: e.Name})
	}
	if len(c.Entries) == 0 {
		// A list needs a choice; a test whose drafts hold no entry cannot
		// open (Open refuses it), so this only keeps the survey valid.
		lists[listEntries] = []surveys.Choice{{Name: "none", Label: surveys.Text{English: "none"}}}
	}
	for i := range LikertPoints {
		lists[listLikert] = append(lists[listLikert], surveys.Choice{Name: strconv.Itoa(i + 1), Label: likertLabels[i]})
		lists[listDifficulty] = append(lists[listDifficulty], surveys.Choice{Name: strconv.Itoa(i + 1), Label: difficultyLabels[i]})
	}
	for _, cq := range t.Comprehension {
		for _, ch := range cq.Choices {
			lists[qCompList(cq.Code)] = append(lists[qCompList(cq.Code)], surveys.Choice{Name: ch.Code, Label: ch.Label})
		}
	}
	for _, v := range []string{SectionYes, SectionPartly, SectionNo} {
		lists[listSection] = append(lists[listSection], surveys.Choice{Name: v, Label: sectionLabels[v]})
	}
	for _, s := range c.Services {
		lists[listServices] = append(lists[listServices], surveys.Choice{Name: s.Code, Label: s.Name})
	}
	for _, a := range c.Areas {
		lists[listRegions] = append(lists[listRegions], surveys.Choice{Name: a.Code, Label: surveys.Text{English: a.Name}})
	}
	for _, k := range ProblemKinds {
		lists[listProblemKind] = append(lists[listProblemKind], surveys.Choice{Name: string(k), Label: problemLabels[k]})
	}
	return lists
}
