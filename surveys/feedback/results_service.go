package feedback

import (
	"context"

	"github.com/haven-project/haven/accounts"
)

// Audience says who results are for, which sets how much is suppressed.
type Audience int

const (
	// ForAnalyst: the API and the results page. Counts under KAnalyst are
	// suppressed, except for a reader with the raw_data grant, who may
	// read every response anyway and sees everything, free text included.
	ForAnalyst Audience = iota
	// ForExport: CSV and XLSX exports, the printable summary and the
	// command line. Counts under KExport are suppressed for everyone and
	// there is no free text: an export leaves Haven, and its reader may be
	// anyone the file is passed on to.
	ForExport
)

// Results returns the results of test id as u may see them. Reading the
// free text is recorded in the audit log. It fails with haven.ErrNotFound
// for a test u may not read (those who manage the test and researchers of
// its country may).
func (s *Service) Results(ctx context.Context, u accounts.User, id string, aud Audience) (Results, error) {
	t, err := s.read(ctx, s.db, id)
	if err != nil {
		return Results{}, err
	}
	if !canRead(u, t.Country) {
		return Results{}, errNoTest
	}
	opts := ResultsOptions{K: KExport}
	if aud == ForAnalyst {
		opts.K = KAnalyst
		if u.Has(accounts.GrantRawData) {
			opts.K, opts.FreeText = 0, true
		}
	}
	return s.results(ctx, t, opts)
}

// ExportResults returns the results of test id for an export from the
// command line, which reads the database directly and so stands for no
// particular user: k = KExport and no free text, like any export. It
// fails with haven.ErrNotFound for an unknown test.
func (s *Service) ExportResults(ctx context.Context, id string) (Results, error) {
	t, err := s.read(ctx, s.db, id)
	if err != nil {
		return Results{}, err
	}
	return s.results(ctx, t, ResultsOptions{K: KExport})
}

func (s *Service) results(ctx context.Context, t Test, opts ResultsOptions) (Results, error) {
	rs, err := s.Responses(ctx, t.ID)
	if err != nil {
		return Results{}, err
	}
	entries, err := s.entries(ctx, t)
	if err != nil {
		return Results{}, err
	}
	opts.EntryNames = make(map[string]string, len(entries))
	for id, e := range entries {
		opts.EntryNames[id] = e.Name.Get(English)
	}
	res := Analyse(t, rs, opts)
	if len(res.FreeText) > 0 {
		err := s.audit.Record(ctx, nil, "feedback.free_text_read", "feedback_test", t.ID,
			map[string]any{"items": len(res.FreeText)})
		if err != nil {
			return Results{}, err
		}
	}
	return res, nil
}
