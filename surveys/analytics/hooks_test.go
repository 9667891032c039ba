package analytics

import (
	"context"

	"github.com/haven-project/haven/accounts"
)

// Hooks for the external tests.

// SummaryFromCounts is Summary from the counts; counted is false when they
// could not answer and the submissions were read instead.
func SummaryFromCounts(ctx context.Context, s *Service, u accounts.User, surveyID string, f Filter) (sum Summary, counted bool, err error) {
	return s.summary(ctx, u, surveyID, f, true)
}

// SummaryFromScan is Summary reading every submission.
func SummaryFromScan(ctx context.Context, s *Service, u accounts.User, surveyID string, f Filter) (Summary, error) {
	sum, _, err := s.summary(ctx, u, surveyID, f, false)
	return sum, err
}

// SetFoldFirst sets about how many submissions Summary counts in first.
func SetFoldFirst(s *Service, n int) { s.foldFirst = n }

// FoldSome counts about n of the survey's uncounted submissions.
func FoldSome(ctx context.Context, s *Service, surveyID string, n int) (int, error) {
	return s.foldSurvey(ctx, surveyID, n)
}
