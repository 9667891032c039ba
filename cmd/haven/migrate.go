package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/migrations"
	"github.com/spf13/cobra"
)

func newMigrateCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Apply or list the database migrations",
		Long:  "Haven's schema changes are versioned SQL files embedded in the binary, one folder per database.",
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "up",
		Short: "Apply every pending migration",
		Long:  "Up applies pending migrations in order, each in its own transaction, and prints the versions it applied.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := database.Open(database.Config{URL: opts.database, DataDir: opts.dataDir})
			if err != nil {
				return err
			}
			defer db.Close()
			applied, err := migrations.Up(cmd.Context(), db.DB, string(db.Dialect))
			for _, v := range applied {
				fmt.Fprintln(cmd.OutOrStdout(), v)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d migration(s) applied, schema up to date\n", db.Location, len(applied))
			return nil
		},
	}, &cobra.Command{
		Use:   "status",
		Short: "List every migration and whether it is applied",
		Long:  "Status prints one line per migration: version, name, and the time it was applied or 'pending'.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := database.Open(database.Config{URL: opts.database, DataDir: opts.dataDir})
			if err != nil {
				return err
			}
			defer db.Close()
			states, err := migrations.State(cmd.Context(), db.DB, string(db.Dialect))
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "VERSION\tNAME\tAPPLIED")
			pending := 0
			for _, s := range states {
				at := "pending"
				if !s.AppliedAt.IsZero() {
					at = s.AppliedAt.UTC().Format("2006-01-02 15:04:05Z")
				} else {
					pending++
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", s.Version, s.Name, at)
			}
			w.Flush()
			fmt.Fprintf(cmd.ErrOrStderr(), "%s: %d migration(s), %s pending\n", db.Location, len(states), strconv.Itoa(pending))
			return nil
		},
	})
	return cmd
}
