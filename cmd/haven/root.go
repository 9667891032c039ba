package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/haven-project/haven/accounts"
	services "github.com/haven-project/haven/app"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/migrations"
	"github.com/haven-project/haven/surveys"
	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// globalOptions are the options every command takes, also read from the environment.
type globalOptions struct {
	database string
	dataDir  string
}

func newRootCommand() *cobra.Command {
	opts := &globalOptions{}
	root := &cobra.Command{
		Use:   "haven",
		Short: "Haven: a directory of services for trafficking victims, its field surveys, feedback tests and coverage-gap maps",
		Long: `Haven helps counter-trafficking practitioners build a directory of services for
trafficking victims, test it with the people it is for, and see where services are missing.

Every command reads its database from --database (or DATABASE_URL): empty means
embedded SQLite at <data-dir>/haven.db; postgres://… means PostgreSQL.
Results go to standard output, messages to standard error; a failing command
exits non-zero.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&opts.database, "database", os.Getenv("DATABASE_URL"),
		"database URL: empty for embedded SQLite, or postgres://user@host:5432/db (env DATABASE_URL)")
	root.PersistentFlags().StringVar(&opts.dataDir, "data-dir", envOr("HAVEN_DATA_DIR", "./data"),
		"folder for the embedded SQLite database (env HAVEN_DATA_DIR)")
	root.AddCommand(
		newServeCommand(opts),
		newMigrateCommand(opts),
		newUserCommand(opts),
		newTokenCommand(opts),
		newDemoCommand(opts),
		newRegionsCommand(opts),
		newHSDSCommand(opts),
		newProvidersCommand(opts),
		newBenchDataCommand(opts),
		newSurveyCommand(opts),
		newPopulationCommand(opts),
		newNeedCommand(opts),
		newReportCommand(opts),
		newFeedbackCommand(opts),
		&cobra.Command{
			Use:   "version",
			Short: "Print Haven's version",
			Args:  cobra.NoArgs,
			Run:   func(cmd *cobra.Command, _ []string) { fmt.Fprintln(cmd.OutOrStdout(), version) },
		},
	)
	return root
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// app is what most commands need: the database and the services on it,
// with short names for the commands' code.
type app struct {
	*services.Services
	db       *database.DB
	audit    *audit.Log
	accounts *accounts.Service
	regions  *mapping.Regions
	surveys  *surveys.Service
}

// directory returns the provider directory, loading it on first use.
func (a *app) directory(ctx context.Context) (*mapping.Directory, error) { return a.Directory(ctx) }

// openApp opens and migrates the database and builds the services on it.
func openApp(ctx context.Context, opts *globalOptions, stderr io.Writer) (*app, error) {
	db, err := database.Open(database.Config{URL: opts.database, DataDir: opts.dataDir})
	if err != nil {
		return nil, err
	}
	applied, err := migrations.Up(ctx, db.DB, string(db.Dialect))
	if err != nil {
		db.Close()
		return nil, err
	}
	if len(applied) > 0 {
		fmt.Fprintf(stderr, "applied %d migration(s) to %s\n", len(applied), db.Location)
	}
	s, err := services.New(cliContext(ctx), db)
	if err != nil {
		db.Close()
		return nil, err
	}
	return &app{Services: s, db: db, audit: s.Audit, accounts: s.Accounts, regions: s.Regions, surveys: s.Surveys}, nil
}

// cliContext marks actions taken from the command line in the audit log.
func cliContext(ctx context.Context) context.Context {
	who := os.Getenv("USER")
	if who == "" {
		who = "unknown"
	}
	return audit.WithActor(audit.WithRequestID(ctx, "cli"), audit.Actor{Email: "cli:" + who})
}

func newLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo}))
}
