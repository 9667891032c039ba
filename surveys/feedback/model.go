package feedback

import (
	"time"

	"github.com/haven-project/haven/surveys"
)

// Status is where a test is in its life: editors build it as a draft,
// participants answer while it is open, and a closed test takes no more
// answers.
type Status string

const (
	StatusDraft  Status = "draft"
	StatusOpen   Status = "open"
	StatusClosed Status = "closed"
)

// Languages every test is written in, by ISO 639-1 code: every text of a
// test (surveys.Text) is keyed by these codes. Participants pick one.
const (
	English = "en"
	Thai    = "th"
	Burmese = "my"
)

// Languages lists the languages of every test, in the order the language
// switch shows them.
var Languages = []string{English, Thai, Burmese}

// surveyLanguages names each language as the survey engine's texts do
// (label::English (en)).
var surveyLanguages = map[string]string{English: "English (en)", Thai: "Thai (th)", Burmese: "Burmese (my)"}

// Test is one feedback test: which frozen drafts it compares, with whom,
// and what it asks. A test is a survey of kind feedback: SurveyID names the
// survey generated from it, whose submissions hold the responses.
type Test struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Country string `json:"country"` // ISO 3166-1 alpha-2; editors of this country manage the test
	Status  Status `json:"status"`
	// SurveyID and FormID name the generated survey; empty until the test
	// is first opened.
	SurveyID string `json:"survey_id,omitempty"`
	FormID   string `json:"form_id"`
	// Drafts are the frozen draft versions compared, labelled A, B, …
	Drafts []DraftRef `json:"drafts"`
	Groups []Group    `json:"groups"`
	// Breakdowns are the variables results may be broken down by (see
	// Breakdown*); a breakdown not declared here is never shown.
	Breakdowns []string `json:"breakdowns"`
	// Attributes are the optional coarse attributes participants are asked
	// (see Attribute*); none are required.
	Attributes []string `json:"attributes"`
	// AreaSet and AreaLevel (1 or 2) are the regions participants pick
	// from when they say where they needed a service they could not find.
	AreaSet       string                  `json:"area_set"`
	AreaLevel     int                     `json:"area_level"`
	Consent       surveys.Text            `json:"consent"` // by language
	Tasks         []Task                  `json:"tasks"`
	Likert        []LikertItem            `json:"likert"`
	Comprehension []ComprehensionQuestion `json:"comprehension"`
	Sections      []SectionQuestion       `json:"sections"`
	CreatedBy     string                  `json:"created_by,omitempty"`
	CreatedAt     time.Time               `json:"created_at"`
	UpdatedAt     time.Time               `json:"updated_at"`
	OpenedAt      *time.Time              `json:"opened_at,omitempty"`
	ClosedAt      *time.Time              `json:"closed_at,omitempty"`
}

// DraftRef names one frozen draft version a test compares (a
// mapping/drafts Version: draft ID and version number).
type DraftRef struct {
	Label   string `json:"label"` // A, B, …: what responses and results call it
	DraftID string `json:"draft_id"`
	Version int    `json:"version"` // the frozen version number participants see
	Title   string `json:"title,omitempty"`
}

// Group is one participant group (survivor, frontline practitioner, …).
type Group struct {
	Code  string       `json:"code"`
	Label surveys.Text `json:"label"`
}

// DefaultGroups are the groups a new test starts with.
var DefaultGroups = []Group{
	{Code: "survivor", Label: surveys.Text{English: "Survivor", Thai: "ผู้รอดชีวิต", Burmese: "အသက်ရှင်ကျန်ရစ်သူ"}},
	{Code: "frontline", Label: surveys.Text{English: "Frontline practitioner", Thai: "ผู้ปฏิบัติงานภาคสนาม", Burmese: "ရှေ့တန်း လုပ်ငန်းလုပ်ကိုင်သူ"}},
	{Code: "provider", Label: surveys.Text{English: "Service provider", Thai: "ผู้ให้บริการ", Burmese: "ဝန်ဆောင်မှုပေးသူ"}},
	{Code: "other", Label: surveys.Text{English: "Other", Thai: "อื่น ๆ", Burmese: "အခြား"}},
}

// Task is a scenario participants solve with the draft: they pick the
// entries they would contact. An answer is a success when every picked
// provider is in CorrectProviders (and at least one is picked).
type Task struct {
	Code             string       `json:"code"`
	Scenario         surveys.Text `json:"scenario"`
	CorrectProviders []string     `json:"correct_providers,omitempty"` // provider IDs; left out for participants
}

// Likert dimensions the issue names; an item measures one of them.
const (
	DimensionClarity    = "clarity"
	DimensionTrust      = "trust"
	DimensionUsefulness = "usefulness"
	DimensionLanguage   = "language"
	DimensionLayout     = "layout"
)

// LikertItem is a statement rated from 1 (strongly disagree) to 5
// (strongly agree).
type LikertItem struct {
	Code      string       `json:"code"`
	Dimension string       `json:"dimension"`
	Statement surveys.Text `json:"statement"`
}

// LikertPoints is the number of points on every Likert scale.
const LikertPoints = 5

// ComprehensionQuestion checks that a participant understood the draft: one
// choice is correct.
type ComprehensionQuestion struct {
	Code     string       `json:"code"`
	Question surveys.Text `json:"question"`
	Choices  []Choice     `json:"choices"`
	Correct  string       `json:"correct,omitempty"` // the code of the correct choice; left out for participants
}

// Choice is one answer to a comprehension question.
type Choice struct {
	Code  string       `json:"code"`
	Label surveys.Text `json:"label"`
}

// SectionQuestion asks about one content section of the drafts (rights,
// getting help safely, …): was it understood, was it useful, and a comment.
type SectionQuestion struct {
	SectionID string       `json:"section_id"`
	Title     surveys.Text `json:"title"`
}

// Variables results may be broken down by.
const (
	BreakdownDraft       = "draft"
	BreakdownGroup       = "group"
	BreakdownAgeBand     = "age_band"
	BreakdownGender      = "gender"
	BreakdownNationality = "nationality_group"
	BreakdownOrder       = "draft_order"
)

// Coarse attributes a participant may give; each is optional and coarse
// enough not to identify anyone by itself.
const (
	AttributeAgeBand     = "age_band"
	AttributeGender      = "gender"
	AttributeNationality = "nationality_group"
)

// AttributeChoices lists the codes each attribute takes. "undisclosed" is
// always allowed and means the participant chose not to say.
var AttributeChoices = map[string][]string{
	AttributeAgeBand:     {"under_18", "18_24", "25_34", "35_49", "50_plus", Undisclosed},
	AttributeGender:      {"female", "male", "other", Undisclosed},
	AttributeNationality: {"national", "neighbouring_country", "other_country", "stateless", Undisclosed},
}

// Undisclosed is the answer of a participant who chose not to say.
const Undisclosed = "undisclosed"

// Mode says how a response was taken.
type Mode string

const (
	ModeSelf        Mode = "self"        // the participant on a link, alone
	ModeFacilitated Mode = "facilitated" // a facilitator entered the answers
)

// Response is one participant's answers, decoded from its survey
// submission. It holds nothing that identifies the participant: no name,
// phone, e-mail, IP address, precise location, and no facilitator either
// (see doc.go for why).
type Response struct {
	ID     string `json:"id"` // the submission ID
	TestID string `json:"test_id"`
	// Draft is the label (A, B, …; Test.Drafts maps it to its frozen
	// version) of the draft the participant solved the tasks on and rated.
	// DraftOrder is the counterbalanced order, by label, in which the
	// drafts were shown (DraftOrder[0] == Draft), and PreferredDraft the
	// label of the one the participant liked best after seeing them all
	// ("" if unsaid, or with one draft).
	Draft          string            `json:"draft"`
	DraftOrder     []string          `json:"draft_order"`
	PreferredDraft string            `json:"preferred_draft,omitempty"`
	Group          string            `json:"group"`
	AgeBand        string            `json:"age_band,omitempty"`
	Gender         string            `json:"gender,omitempty"`
	Nationality    string            `json:"nationality_group,omitempty"`
	Language       string            `json:"language"`
	Mode           Mode              `json:"mode"`
	Consent        bool              `json:"consent"`
	Tasks          []TaskAnswer      `json:"tasks"`
	Likert         map[string]int    `json:"likert"`        // item code → 1..5; missing when skipped
	Comprehension  map[string]string `json:"comprehension"` // question code → choice code
	Sections       []SectionAnswer   `json:"sections"`
	FreeText       string            `json:"free_text,omitempty"` // masked: no e-mails or phone numbers
	UnmetNeeds     []UnmetNeed       `json:"unmet_needs"`
	Problems       []ProblemReport   `json:"problems"`
	SubmittedAt    time.Time         `json:"submitted_at"`
}

// TaskAnswer is how a participant did on one task.
type TaskAnswer struct {
	Task    string   `json:"task"`
	Chosen  []string `json:"chosen"` // provider IDs
	Success bool     `json:"success"`
	// Seconds is the time from showing the task to answering it; null
	// when it was not timed (answers typed in afterwards, or a task the
	// participant never reached). A measured 0 is a time.
	Seconds    *int `json:"seconds"`
	Difficulty int  `json:"difficulty,omitempty"` // 1 very easy … 5 very hard; 0 when skipped
}

// Answers to SectionQuestion.
const (
	SectionYes    = "yes"
	SectionPartly = "partly"
	SectionNo     = "no"
)

// SectionAnswer is what a participant said about one content section.
type SectionAnswer struct {
	SectionID  string `json:"section_id"`
	Understood string `json:"understood,omitempty"` // yes, partly, no
	Useful     string `json:"useful,omitempty"`     // yes, partly, no
	Comment    string `json:"comment,omitempty"`    // masked like FreeText
}

// UnmetNeed is something a participant needed and could not find: a
// service type of the taxonomy in a coarse area (a region code at level 1
// or 2, never finer).
type UnmetNeed struct {
	ServiceType string `json:"service_type"`
	RegionCode  string `json:"region_code"`
}

// ProblemKind says what is wrong with a directory entry.
type ProblemKind string

const (
	ProblemWrongPhone     ProblemKind = "wrong_phone"
	ProblemClosed         ProblemKind = "closed"
	ProblemRefusedService ProblemKind = "refused_service"
	ProblemWrongAddress   ProblemKind = "wrong_address"
	ProblemOther          ProblemKind = "other"
)

// ProblemKinds lists every kind, in the order forms show them.
var ProblemKinds = []ProblemKind{ProblemWrongPhone, ProblemClosed, ProblemRefusedService, ProblemWrongAddress, ProblemOther}

// ProblemReport is a problem a participant reported against an entry. It
// becomes an issue in that provider's review queue.
type ProblemReport struct {
	ProviderID string      `json:"provider_id"`
	Kind       ProblemKind `json:"kind"`
	Note       string      `json:"note,omitempty"` // masked like FreeText
}
