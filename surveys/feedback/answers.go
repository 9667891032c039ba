package feedback

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/surveys"
)

// ResponseInput is what a participant page or a facilitator sends.
type ResponseInput struct {
	// InstanceID is a UUID the page makes once per response and sends again
	// with every retry: the same response is stored once.
	InstanceID     string            `json:"instance_id"`
	Language       string            `json:"language"`
	Consent        bool              `json:"consent"`
	Group          string            `json:"group"`
	AgeBand        string            `json:"age_band,omitempty"`
	Gender         string            `json:"gender,omitempty"`
	Nationality    string            `json:"nationality_group,omitempty"`
	DraftOrder     []string          `json:"draft_order"`
	PreferredDraft string            `json:"preferred_draft,omitempty"`
	Tasks          []TaskInput       `json:"tasks"`
	Likert         map[string]int    `json:"likert,omitempty"`
	Comprehension  map[string]string `json:"comprehension,omitempty"`
	Sections       []SectionAnswer   `json:"sections,omitempty"`
	FreeText       string            `json:"free_text,omitempty"`
	UnmetNeeds     []UnmetNeed       `json:"unmet_needs,omitempty"`
	Problems       []ProblemReport   `json:"problems,omitempty"`
}

// TaskInput is a participant's answer to one task. Success is not sent:
// the server works it out from the chosen entries. Seconds is null (or
// left out) when the answer was not timed; the participant and
// facilitator pages time every task they show.
type TaskInput struct {
	Task       string   `json:"task"`
	Chosen     []string `json:"chosen"`
	Seconds    *int     `json:"seconds"`
	Difficulty int      `json:"difficulty,omitempty"`
}

// Limits on what one response holds: a phone's worth of typing.
const (
	maxFreeText = 5000
	maxNote     = 2000
	maxListed   = 20
)

// success reports whether chosen answers a task: at least one entry
// chosen, and every entry chosen is one that would help.
func (task Task) success(chosen []string) bool {
	if len(chosen) == 0 {
		return false
	}
	for _, id := range chosen {
		if !slices.Contains(task.CorrectProviders, id) {
			return false
		}
	}
	return true
}

// answers turns in into the answers of the test's survey, masking free
// text, and checks what the survey engine cannot: the task, item and
// section codes, and that the drafts were shown in a counterbalanced
// order. The survey engine checks the rest (choices, required answers).
func (t Test) answers(in ResponseInput, mode Mode) (surveys.Answers, error) {
	var v haven.Validation
	if !in.Consent {
		v.Add("consent", "was not given: without consent nothing is stored")
		return nil, v.Err()
	}
	a := surveys.Answers{qConsent: "yes", qLanguage: in.Language, qMode: string(mode), qGroup: in.Group}
	for attr, value := range map[string]string{AttributeAgeBand: in.AgeBand, AttributeGender: in.Gender, AttributeNationality: in.Nationality} {
		if value == "" {
			continue
		}
		if !slices.Contains(t.Attributes, attr) {
			v.Add(attr, "is not asked by this test")
			continue
		}
		a[attr] = value
	}
	labels := make([]string, len(t.Drafts))
	for i, d := range t.Drafts {
		labels[i] = d.Label
	}
	if !slices.Equal(slices.Sorted(slices.Values(in.DraftOrder)), slices.Sorted(slices.Values(labels))) {
		v.Add("draft_order", "must list every draft of the test once ("+strings.Join(labels, ", ")+"), in the order they were shown")
	} else {
		a[qDraft] = in.DraftOrder[0]
		a[qDraftOrder] = strings.Join(in.DraftOrder, " ")
	}
	if in.PreferredDraft != "" {
		a[qPreferred] = in.PreferredDraft
	}

	byCode := map[string]TaskInput{}
	for i, ti := range in.Tasks {
		f := fmt.Sprintf("tasks[%d]", i)
		switch {
		case !slices.ContainsFunc(t.Tasks, func(task Task) bool { return task.Code == ti.Task }):
			v.Add(f+".task", "is not a task of this test")
		case byCode[ti.Task].Task != "":
			v.Add(f+".task", "is answered twice")
		}
		v.Check(ti.Seconds == nil || *ti.Seconds >= 0 && *ti.Seconds <= 86400, f+".seconds", "must be from 0 to 86400, or null when not timed")
		v.Check(ti.Difficulty >= 0 && ti.Difficulty <= 5, f+".difficulty", "must be from 1 (very easy) to 5 (very hard), or 0 when not said")
		byCode[ti.Task] = ti
	}
	for _, task := range t.Tasks {
		// A task left unanswered counts as not solved: the participant did
		// not find a way to help.
		ti := byCode[task.Code]
		chosen := dedupe(ti.Chosen)
		a[qChosen(task.Code)] = strings.Join(chosen, " ")
		a[qSuccess(task.Code)] = map[bool]string{true: "yes", false: "no"}[task.success(chosen)]
		if ti.Task != "" && ti.Seconds != nil {
			a[qSeconds(task.Code)] = strconv.Itoa(*ti.Seconds)
		}
		if ti.Difficulty > 0 {
			a[qDifficulty(task.Code)] = strconv.Itoa(ti.Difficulty)
		}
	}
	for code, value := range in.Likert {
		switch {
		case !slices.ContainsFunc(t.Likert, func(item LikertItem) bool { return item.Code == code }):
			v.Add("likert."+code, "is not an item of this test")
		case value == 0:
		case value < 1 || value > LikertPoints:
			v.Add("likert."+code, fmt.Sprintf("must be from 1 to %d, or 0 when not said", LikertPoints))
		default:
			a[qLikert(code)] = strconv.Itoa(value)
		}
	}
	for code, choice := range in.Comprehension {
		if !slices.ContainsFunc(t.Comprehension, func(q ComprehensionQuestion) bool { return q.Code == code }) {
			v.Add("comprehension."+code, "is not a question of this test")
			continue
		}
		a[qComp(code)] = choice
	}
	for i, sa := range in.Sections {
		n := slices.IndexFunc(t.Sections, func(sq SectionQuestion) bool { return sq.SectionID == sa.SectionID })
		if n < 0 {
			v.Add(fmt.Sprintf("sections[%d].section_id", i), "is not a section this test asks about")
			continue
		}
		a[qUnderstood(n)] = sa.Understood
		a[qUseful(n)] = sa.Useful
		a[qComment(n)] = Mask(sa.Comment)
	}
	a[qFreeText] = Mask(in.FreeText)
	v.Check(utf8.RuneCountInString(in.FreeText) <= maxFreeText, "free_text", fmt.Sprintf("must be at most %d characters", maxFreeText))
	v.Check(len(in.UnmetNeeds) <= maxListed, "unmet_needs", fmt.Sprintf("must hold at most %d needs", maxListed))
	v.Check(len(in.Problems) <= maxListed, "problems", fmt.Sprintf("must hold at most %d problems", maxListed))
	for i, p := range in.Problems {
		v.Check(utf8.RuneCountInString(p.Note) <= maxNote, fmt.Sprintf("problems[%d].note", i), fmt.Sprintf("must be at most %d characters", maxNote))
	}
	for i, sa := range in.Sections {
		v.Check(utf8.RuneCountInString(sa.Comment) <= maxNote, fmt.Sprintf("sections[%d].comment", i), fmt.Sprintf("must be at most %d characters", maxNote))
	}
	var needs []any
	for _, n := range in.UnmetNeeds {
		needs = append(needs, map[string]any{qUnmetService: n.ServiceType, qUnmetRegion: n.RegionCode})
	}
	if len(needs) > 0 {
		a[qUnmet] = needs
	}
	var problems []any
	for _, p := range in.Problems {
		problems = append(problems, map[string]any{qProblemProvider: p.ProviderID, qProblemKind: string(p.Kind), qProblemNote: Mask(p.Note)})
	}
	if len(problems) > 0 {
		a[qProblems] = problems
	}
	return a, v.Err()
}

// Response decodes a submission of the test's survey.
func (t Test) Response(sub surveys.Submission) Response {
	a := sub.Answers
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	num := func(m map[string]any, k string) int { n, _ := strconv.Atoi(str(m, k)); return n }
	r := Response{ID: sub.ID, TestID: t.ID, Draft: str(a, qDraft), DraftOrder: strings.Fields(str(a, qDraftOrder)),
		PreferredDraft: str(a, qPreferred), Group: str(a, qGroup), AgeBand: str(a, AttributeAgeBand), Gender: str(a, AttributeGender),
		Nationality: str(a, AttributeNationality), Language: str(a, qLanguage), Mode: Mode(str(a, qMode)),
		Consent: str(a, qConsent) == "yes", FreeText: str(a, qFreeText), SubmittedAt: sub.SubmittedAt,
		Tasks: []TaskAnswer{}, Likert: map[string]int{}, Comprehension: map[string]string{}, Sections: []SectionAnswer{},
		UnmetNeeds: []UnmetNeed{}, Problems: []ProblemReport{}}
	for _, task := range t.Tasks {
		ta := TaskAnswer{Task: task.Code, Chosen: strings.Fields(str(a, qChosen(task.Code))),
			Success: str(a, qSuccess(task.Code)) == "yes", Difficulty: num(a, qDifficulty(task.Code))}
		// No answer to the seconds question: not timed.
		if n, err := strconv.Atoi(str(a, qSeconds(task.Code))); err == nil {
			ta.Seconds = &n
		}
		r.Tasks = append(r.Tasks, ta)
	}
	for _, item := range t.Likert {
		if n := num(a, qLikert(item.Code)); n > 0 {
			r.Likert[item.Code] = n
		}
	}
	for _, q := range t.Comprehension {
		if c := str(a, qComp(q.Code)); c != "" {
			r.Comprehension[q.Code] = c
		}
	}
	for i, sq := range t.Sections {
		sa := SectionAnswer{SectionID: sq.SectionID, Understood: str(a, qUnderstood(i)), Useful: str(a, qUseful(i)), Comment: str(a, qComment(i))}
		if sa.Understood != "" || sa.Useful != "" || sa.Comment != "" {
			r.Sections = append(r.Sections, sa)
		}
	}
	for _, m := range repeated(a[qUnmet]) {
		r.UnmetNeeds = append(r.UnmetNeeds, UnmetNeed{ServiceType: str(m, qUnmetService), RegionCode: str(m, qUnmetRegion)})
	}
	for _, m := range repeated(a[qProblems]) {
		r.Problems = append(r.Problems, ProblemReport{ProviderID: str(m, qProblemProvider), Kind: ProblemKind(str(m, qProblemKind)), Note: str(m, qProblemNote)})
	}
	return r
}

// repeated reads the instances of a repeat, whether fresh from the survey
// engine (Answers) or decoded from storage (maps).
func repeated(v any) []map[string]any {
	var out []map[string]any
	switch items := v.(type) {
	case []any:
		for _, item := range items {
			switch m := item.(type) {
			case map[string]any:
				out = append(out, m)
			case surveys.Answers:
				out = append(out, m)
			}
		}
	case []surveys.Answers:
		for _, m := range items {
			out = append(out, m)
		}
	}
	return out
}
