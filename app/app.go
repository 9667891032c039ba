// Package app builds Haven's services on one database and hands them to
// the HTTP server: the wiring the haven command and the browser tests
// share, so that there is one place where the parts are put together.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/demo"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/reports"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/server"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
	"github.com/haven-project/haven/surveys/builtin"
	"github.com/haven-project/haven/surveys/feedback"
	"github.com/haven-project/haven/surveys/xform"
)

// Services are Haven's domain services on one migrated database.
type Services struct {
	DB       *database.DB
	Audit    *audit.Log
	Accounts *accounts.Service
	Taxonomy *mapping.Taxonomy
	Regions  *mapping.Regions
	Surveys  *surveys.Service

	dir     *mapping.Directory // loaded on first use: it reads every provider
	reports *reports.Service
}

// New builds the services on db, which must be migrated, and installs the
// built-in provider-mapping survey when it is missing.
func New(ctx context.Context, db *database.DB) (*Services, error) {
	log := audit.New(db.DB)
	svc := surveys.NewService(db.DB, log, xform.Render)
	if _, err := svc.Ensure(ctx, builtin.ProviderMapping(), "built in"); err != nil {
		return nil, fmt.Errorf("install the built-in survey: %w", err)
	}
	return &Services{DB: db, Audit: log, Accounts: accounts.NewService(db.DB, log),
		Taxonomy: mapping.NewTaxonomy(db.DB, log), Regions: mapping.NewRegions(db.DB, log), Surveys: svc}, nil
}

// Directory returns the provider directory, loading it on first use.
func (s *Services) Directory(ctx context.Context) (*mapping.Directory, error) {
	if s.dir != nil {
		return s.dir, nil
	}
	dir, err := mapping.NewDirectory(ctx, s.DB.DB, s.Audit, s.Taxonomy, s.Regions)
	if err != nil {
		return nil, err
	}
	s.dir = dir
	return dir, nil
}

// Reports returns the coverage reports service. It reads the provider
// directory only when a report runs, so imports of population and need
// figures do not load it.
func (s *Services) Reports() *reports.Service {
	if s.reports == nil {
		s.reports = reports.NewService(s.DB.DB, s.Audit, s.Regions, s.Taxonomy, s.Directory, feedback.NewUnmetDemandReader(s.DB.DB))
	}
	return s.reports
}

// Drafts returns the directory drafts service.
func (s *Services) Drafts(ctx context.Context) (*drafts.Service, error) {
	dir, err := s.Directory(ctx)
	if err != nil {
		return nil, err
	}
	return drafts.NewService(drafts.NewStore(s.DB.DB, s.Audit), dir, s.Taxonomy), nil
}

// Feedback returns the feedback tests service.
func (s *Services) Feedback(ctx context.Context) (*feedback.Service, error) {
	dir, err := s.Directory(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := s.Drafts(ctx)
	if err != nil {
		return nil, err
	}
	return feedback.NewService(s.DB.DB, s.Audit, s.Surveys, ds, s.Regions, s.Taxonomy, dir), nil
}

// Review returns the review of submissions into the directory.
func (s *Services) Review(ctx context.Context) (*review.Service, error) {
	dir, err := s.Directory(ctx)
	if err != nil {
		return nil, err
	}
	return review.NewService(s.Surveys, dir, s.Regions, s.Audit), nil
}

// Server builds the HTTP server on the services.
func (s *Services) Server(ctx context.Context, cfg server.Config, logger *slog.Logger) (*server.Server, error) {
	dir, err := s.Directory(ctx)
	if err != nil {
		return nil, err
	}
	rev, err := s.Review(ctx)
	if err != nil {
		return nil, err
	}
	fb, err := s.Feedback(ctx)
	if err != nil {
		return nil, err
	}
	ds, err := s.Drafts(ctx)
	if err != nil {
		return nil, err
	}
	return server.New(cfg, server.Deps{DB: s.DB, Accounts: s.Accounts, Audit: s.Audit, Logger: logger,
		Taxonomy: s.Taxonomy, Regions: s.Regions, Directory: dir, Surveys: s.Surveys, Review: rev,
		Analytics: analytics.NewService(s.DB.DB, s.Surveys, s.Regions, s.Audit), Reports: s.Reports(), Feedback: fb, Drafts: ds})
}

// FoldSurveyCounts counts new submissions, and review decisions, into the
// counts survey analytics read, every few seconds in the background until
// stop is called (a count under way rolls back). Analytics stay exact
// without it — Summary counts in what is left first — but quick only
// with it.
func (s *Services) FoldSurveyCounts(logger *slog.Logger) (stop func()) {
	return analytics.NewService(s.DB.DB, s.Surveys, s.Regions, s.Audit).FoldEvery(foldEvery, logger)
}

// foldEvery is how often FoldSurveyCounts looks for submissions to count.
const foldEvery = 3 * time.Second

// LoadDemo loads the demo dataset unless it was loaded before, and reports
// whether it did.
func (s *Services) LoadDemo(ctx context.Context) (bool, error) {
	dir, err := s.Directory(ctx)
	if err != nil {
		return false, err
	}
	rev, err := s.Review(ctx)
	if err != nil {
		return false, err
	}
	ds, err := s.Drafts(ctx)
	if err != nil {
		return false, err
	}
	fb, err := s.Feedback(ctx)
	if err != nil {
		return false, err
	}
	return demo.Load(ctx, demo.Services{Accounts: s.Accounts, Regions: s.Regions, Directory: dir, Surveys: s.Surveys, Review: rev,
		Drafts: ds, Feedback: fb, Reports: s.Reports()})
}
