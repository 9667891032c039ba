package feedback

// Results are the analytics of a feedback test as one reader may see them:
// every count already suppressed for that reader (see Grid.Suppress), and
// every rate, mean, median and interval left out when it would be computed
// from a suppressed count.
//
// Tables are laid out [segment][draft]: Segments are the rows (everyone,
// then one row per value of each breakdown the test declares), Drafts the
// columns (one per draft when the test declares the draft breakdown, else
// a single column for all drafts together).
type Results struct {
	TestID string `json:"test_id"`
	Title  string `json:"title"`
	Status Status `json:"status"`
	// K is the minimum cell size applied: 5 for analysts, 11 for exports
	// and public summaries, 0 when nothing is suppressed (a reader with the
	// raw_data grant).
	K        int       `json:"k"`
	Drafts   []Column  `json:"drafts"`
	Segments []Segment `json:"segments"`
	// Participants counts who took part, Participants[segment][draft].
	Participants [][]Count `json:"participants"`
	// Total counts everyone, all drafts together.
	Total              Count                 `json:"total"`
	Tasks              []TaskResult          `json:"tasks"`
	Likert             []LikertResult        `json:"likert"`
	Comprehension      []ComprehensionResult `json:"comprehension"`
	ComprehensionScore [][]Figure            `json:"comprehension_score"`
	Sections           []SectionResult       `json:"sections"`
	// Preference is present when the test compares two drafts or more.
	Preference *PreferenceResult `json:"preference,omitempty"`
	Entries    []EntryResult     `json:"entries"`
	// FreeText is present only for readers with the raw_data grant.
	FreeText []FreeTextItem `json:"free_text,omitempty"`
}

// Column is one draft of the results, or all drafts together (Label "").
type Column struct {
	Label string `json:"label"`
	Title string `json:"title"`
}

// Segment is one row of the results: everyone (Variable ""), or the
// participants with one value of a declared breakdown variable (Value ""
// for those who did not say).
type Segment struct {
	Variable string `json:"variable,omitempty"`
	Value    string `json:"value,omitempty"`
	Label    string `json:"label"`
}

// Count is a number of participants or answers. N is null when the count
// is suppressed.
type Count struct {
	N          *int   `json:"n"`
	Suppressed bool   `json:"suppressed,omitempty"`
	Reason     Reason `json:"reason,omitempty"`
}

// Figure is a rate, mean or median with the number of participants or
// answers it is computed from. Value is null when it is suppressed, or when
// there is nothing to compute it from (N is 0); CI is present when the
// figure has an interval and it can be computed (a mean needs two values).
type Figure struct {
	Value      *float64  `json:"value"`
	CI         *Interval `json:"ci,omitempty"`
	N          *int      `json:"n"`
	Suppressed bool      `json:"suppressed,omitempty"`
	Reason     Reason    `json:"reason,omitempty"`
}

// TaskResult is how participants did on one task.
type TaskResult struct {
	Code     string       `json:"code"`
	Scenario string       `json:"scenario"`
	Cells    [][]TaskCell `json:"cells"`
	// Differences compare the success of the first draft with each other
	// draft, in every segment.
	Differences []Difference `json:"differences,omitempty"`
}

// TaskCell is one segment's results on one draft. An unanswered task
// counts as not solved, so Successes + Failures is the segment's
// participants.
type TaskCell struct {
	Successes Count `json:"successes"`
	Failures  Count `json:"failures"`
	// Success is the success rate with its Wilson 95 % interval.
	Success Figure `json:"success"`
	// MedianSeconds is the median time to answer, over the answers that
	// were timed (Timed of them).
	MedianSeconds Figure `json:"median_seconds"`
	Timed         Count  `json:"timed"`
	// Difficulty counts self-rated difficulty from 1 (very easy) to 5
	// (very hard); NotRated those who did not say.
	Difficulty []Count `json:"difficulty"`
	NotRated   Count   `json:"not_rated"`
}

// Difference is the success rate of draft A minus that of draft B with its
// 95 % interval (Newcombe's hybrid score method), per segment.
type Difference struct {
	A     string       `json:"a"`
	B     string       `json:"b"`
	Cells []DiffFigure `json:"cells"` // by segment
}

// DiffFigure is one difference with the participants it compares.
type DiffFigure struct {
	Value      *float64  `json:"value"`
	CI         *Interval `json:"ci,omitempty"`
	NA         *int      `json:"n_a"`
	NB         *int      `json:"n_b"`
	Suppressed bool      `json:"suppressed,omitempty"`
	Reason     Reason    `json:"reason,omitempty"`
}

// LikertResult is the answers to one Likert item.
type LikertResult struct {
	Code      string         `json:"code"`
	Dimension string         `json:"dimension"`
	Statement string         `json:"statement"`
	Levels    []string       `json:"levels"` // labels of 1 … 5
	Cells     [][]LikertCell `json:"cells"`
}

// LikertCell is one segment's ratings of one draft.
type LikertCell struct {
	Counts  []Count `json:"counts"` // of 1 … 5
	Skipped Count   `json:"skipped"`
	// Percent is each rating's share of the answers, present only when
	// no rating count of the row is suppressed (for diverging stacked
	// bars).
	Percent []float64 `json:"percent,omitempty"`
	// Mean is the mean rating with its t-based 95 % interval; its n is
	// the number of ratings.
	Mean Figure `json:"mean"`
}

// ComprehensionResult is the answers to one comprehension question.
type ComprehensionResult struct {
	Code     string                `json:"code"`
	Question string                `json:"question"`
	Cells    [][]ComprehensionCell `json:"cells"`
}

// ComprehensionCell is one segment's answers on one draft.
type ComprehensionCell struct {
	Correct   Count `json:"correct"`
	Incorrect Count `json:"incorrect"`
	NoAnswer  Count `json:"no_answer"`
	// Share is the share of answers that were correct, with its Wilson
	// 95 % interval; its n is the number of answers.
	Share Figure `json:"share"`
}

// SectionResult is what participants said about one content section of
// the drafts (rights, getting help safely, …): did they understand it, was
// it useful. Each participant read the section in the draft they worked
// with, so the columns are those drafts.
type SectionResult struct {
	SectionID  string       `json:"section_id"`
	Title      string       `json:"title"`
	Understood AnswerResult `json:"understood"`
	Useful     AnswerResult `json:"useful"`
}

// AnswerResult is the answers to one yes / partly / no question.
type AnswerResult struct {
	Levels []string       `json:"levels"` // labels of yes, partly, no
	Cells  [][]AnswerCell `json:"cells"`
}

// AnswerCell is one segment's answers on one draft.
type AnswerCell struct {
	Counts   []Count `json:"counts"` // yes, partly, no
	NoAnswer Count   `json:"no_answer"`
	// Yes is the share of the answers that were yes, with its Wilson 95 %
	// interval; its n is the number of answers.
	Yes Figure `json:"yes"`
}

// PreferenceResult is which draft participants would give to a friend who
// needs help, asked after they worked with one draft and saw the others.
// Cells[segment][draft] are by the draft they worked with; All[segment]
// counts everyone in the segment, whichever draft they worked with
// (present when there is a column per draft).
type PreferenceResult struct {
	Choices []Column           `json:"choices"` // the drafts one could prefer
	Cells   [][]PreferenceCell `json:"cells"`
	All     []PreferenceCell   `json:"all,omitempty"`
}

// PreferenceCell counts the preferences of one segment.
type PreferenceCell struct {
	Counts  []Count `json:"counts"` // by Choices
	NotSaid Count   `json:"not_said"`
	// Share is, by Choices, the share of those who said that preferred it,
	// with its Wilson 95 % interval.
	Share []Figure `json:"share"`
}

// EntryResult is what participants did with one directory entry: how often
// they chose it for a task it does not answer, and the problems they
// reported against it.
type EntryResult struct {
	ProviderID    string      `json:"provider_id"`
	Name          string      `json:"name"`
	ChosenWrongly Count       `json:"chosen_wrongly"`
	Problems      []KindCount `json:"problems"`
}

// KindCount counts the problems of one kind.
type KindCount struct {
	Kind  ProblemKind `json:"kind"`
	Label string      `json:"label"`
	Count Count       `json:"count"`
}

// FreeTextItem is one piece of free text, masked when it was stored. Items
// are sorted by where they were written and then by text, not by response,
// so that they cannot be put back together into one person's answers.
type FreeTextItem struct {
	Draft  string `json:"draft"`
	Source string `json:"source"` // general, section or problem
	About  string `json:"about,omitempty"`
	Text   string `json:"text"`
}

// Sources of free text.
const (
	SourceGeneral = "general"
	SourceSection = "section"
	SourceProblem = "problem"
)
