package review

import (
	"context"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/surveys"
)

// Responses to feedback tests are survey submissions too, but survivor
// feedback — free text included — must not be browsed one response at a
// time by anyone without the raw_data grant: for them review knows no
// feedback submission (not found, and left out of listings), and each read
// by a holder of the grant is audited (submission.read_feedback). The
// feedback test's results are where everyone else reads them, with small
// cells suppressed.

// errFeedbackUndecided refuses accepting or rejecting a feedback response.
var errFeedbackUndecided = haven.Errorf(haven.KindConflict,
	"this is a response to a feedback test: it describes no provider, so it is neither accepted nor rejected; problems participants report reach the providers' review queues")

// errFeedbackNoDiff refuses comparing a feedback response with an entry.
var errFeedbackNoDiff = haven.Errorf(haven.KindConflict,
	"this is a response to a feedback test: it describes no provider, so there is nothing to compare with the directory")

// mayReadFeedback reports whether u may read feedback responses one by one.
func mayReadFeedback(u accounts.User) bool { return u.Has(accounts.GrantRawData) }

// feedback reports whether sub is a response to a feedback test, and
// fails with haven.ErrNotFound when it is one and u may not read it:
// without the grant, or outside what u reads at all (readable: a response
// names no country, so editors of some countries never read one).
func (s *Service) feedback(ctx context.Context, u accounts.User, sub surveys.Submission) (bool, error) {
	sv, err := s.surveys.Survey(ctx, sub.SurveyID)
	if err != nil {
		return false, err
	}
	if sv.Kind != surveys.KindFeedback {
		return false, nil
	}
	if !mayReadFeedback(u) || !readable(u, sub) {
		return true, haven.Errorf(haven.KindNotFound, "no such submission")
	}
	return true, nil
}

// feedbackIDs returns the IDs of the responses to feedback tests among items.
func (s *Service) feedbackIDs(ctx context.Context, items []Item) ([]string, error) {
	kinds := map[string]surveys.Kind{}
	var ids []string
	for _, it := range items {
		kind, ok := kinds[it.SurveyID]
		if !ok {
			sv, err := s.surveys.Survey(ctx, it.SurveyID)
			if err != nil {
				return nil, err
			}
			kind = sv.Kind
			kinds[it.SurveyID] = kind
		}
		if kind == surveys.KindFeedback {
			ids = append(ids, it.ID)
		}
	}
	return ids, nil
}

// auditFeedbackRead records that u read the feedback responses ids: one
// event for a single read (its object the submission), one for a listing.
func (s *Service) auditFeedbackRead(ctx context.Context, u accounts.User, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	ctx = audit.WithActor(ctx, actorOf(u))
	if len(ids) == 1 {
		return s.audit.Record(ctx, nil, "submission.read_feedback", "submission", ids[0], nil)
	}
	return s.audit.Record(ctx, nil, "submission.read_feedback", "submission", "", map[string]any{"submission_ids": ids})
}
