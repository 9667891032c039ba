package analytics

import (
	"encoding/json"
	"fmt"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/feedback"
)

// The responses to a feedback test are submissions of its survey, so
// survey analytics reach them too. For a reader without the raw_data grant
// they follow the test's own disclosure rules (reference §5), as its
// results do:
//
//   - Summary: every count of answers under feedback.KAnalyst is
//     suppressed, and so is any count that would give one away from the
//     totals shown (feedback.Grid: a select_one's choices add up to its
//     answers); no percentage, mean or median is computed from a
//     suppressed count. Responses over time are left out: days and weeks
//     of a handful of participants come close to each one's time.
//   - CrossTab: refused. Feedback is broken down only by the variables the
//     test declares, in its results.
//   - Points: each point is one response, so all are withheld (a test's
//     survey asks for none anyway), in Summary's regions too.
//   - Export: needs the grant, as for every survey.
//
// Free text is never summed up, for any survey.

// protectsFeedback reports whether analytics of sv are the disclosure-
// controlled ones above for u.
func protectsFeedback(u accounts.User, sv surveys.Survey) bool {
	return sv.Kind == surveys.KindFeedback && !u.Has(accounts.GrantRawData)
}

const feedbackTimeNote = "responses to a feedback test: counts under %d are suppressed, with any count that would give one away, and responses are not counted over time; the test's results break them down"

var errFeedbackCrossTab = haven.Errorf(haven.KindForbidden,
	"responses to a feedback test are broken down only by the variables the test declares, in its results (small cells suppressed); a free cross-tabulation needs the raw_data grant")

// protectSummary applies the rules above with minimum cell size k.
func protectSummary(sum Summary, k int) Summary {
	sum.MinCellSize = k
	sum.ByDay, sum.ByWeek = []Count{}, []Count{}
	// A place would be one response's, as a point would.
	r := &sum.ByRegion
	for _, c := range r.Counts {
		r.Withheld += c.N
	}
	r.Withheld += r.Outside
	r.Counts, r.Outside = []Count{}, 0
	if sum.Suppressed == "" {
		sum.Suppressed = fmt.Sprintf(feedbackTimeNote, k)
	}
	for i := range sum.Questions {
		sum.Questions[i] = protectQuestion(sum.Questions[i], k)
	}
	return sum
}

// protectQuestion suppresses the counts of one question's summary under k.
// A select_one's choices add up to its answers, so they are suppressed
// together (feedback.Grid); a select_multiple's need not, and only its
// small counts are. When the number of answers is hidden though it is k
// or more, it was hidden to protect a choice, and every choice is hidden
// with it: a required question's answers are the known total.
func protectQuestion(q QuestionSummary, k int) QuestionSummary {
	var g feedback.Grid
	cells := make([]feedback.Cell, len(q.Choices))
	for i, c := range q.Choices {
		cells[i] = g.Add(c.N)
	}
	var answered feedback.Cell
	if q.Type == string(surveys.TypeSelectOne) && len(cells) > 0 {
		answered = g.Total(cells...)
	} else {
		answered = g.Add(q.Answered)
	}
	g.Suppress(k)
	hideAll := g.Hidden(answered) && q.Answered >= k
	q.AnsweredSuppressed = g.Hidden(answered)
	if q.AnsweredSuppressed {
		q.Answered, q.Numbers = 0, nil
	}
	q.Choices = append([]ChoiceCount(nil), q.Choices...)
	for i := range q.Choices {
		c := &q.Choices[i]
		c.percentWithheld = q.AnsweredSuppressed
		if hideAll || g.Hidden(cells[i]) {
			c.N, c.Percent, c.Suppressed = 0, 0, true
		}
		if c.percentWithheld {
			c.Percent = 0
		}
	}
	return q
}

// MarshalJSON writes a suppressed count and its percentage as null, never
// as 0, and a percentage of suppressed answers as null.
func (c ChoiceCount) MarshalJSON() ([]byte, error) {
	out := struct {
		Name       string   `json:"name"`
		Label      string   `json:"label"`
		N          *int     `json:"n"`
		Percent    *float64 `json:"percent"`
		Suppressed bool     `json:"suppressed,omitempty"`
	}{Name: c.Name, Label: c.Label, Suppressed: c.Suppressed}
	if !c.Suppressed {
		out.N = &c.N
		if !c.percentWithheld {
			out.Percent = &c.Percent
		}
	}
	return json.Marshal(out)
}

// MarshalJSON writes suppressed answers as null, never as 0.
func (q QuestionSummary) MarshalJSON() ([]byte, error) {
	type plain QuestionSummary
	out := struct {
		plain
		Answered *int `json:"answered"`
	}{plain: plain(q)}
	if !q.AnsweredSuppressed {
		out.Answered = &q.Answered
	}
	return json.Marshal(out)
}
