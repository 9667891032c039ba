package analytics

import (

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/surveys"
)

// The responses to a feedback test are submissions of its survey, so
// survey analytics reach them too. A reader without the raw_data grant
// sees them only in the test's results, which break them down by draft
// and group with every small cell suppressed across all the tables
// together (reference §5). Survey analytics of the same responses,
// suppressed on their own, would give hidden cells away: a question's
// total across drafts less the shown draft is the hidden one. So for such
// a reader Summary and CrossTab are refused, Points withholds every point
// (each is one response) and Export needs the grant, as for every survey.
// Free text is never summed up, for any survey.

// protectsFeedback reports whether analytics of sv are refused to u, as
// above.
func protectsFeedback(u accounts.User, sv surveys.Survey) bool {
	return sv.Kind == surveys.KindFeedback && !u.Has(accounts.GrantRawData)
}

var (
	errFeedbackSummary = haven.Errorf(haven.KindForbidden,
		"these are the responses to a feedback test: its results page shows them by draft and group, with small counts suppressed; survey analytics of them need the raw_data grant")
	errFeedbackCrossTab = haven.Errorf(haven.KindForbidden,
		"responses to a feedback test are broken down only by the variables the test declares, in its results (small cells suppressed); a free cross-tabulation needs the raw_data grant")
)
