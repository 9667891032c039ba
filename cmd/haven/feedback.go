package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/haven-project/haven/surveys/feedback"
	"github.com/spf13/cobra"
)

func newFeedbackCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{Use: "feedback", Short: "Feedback tests of directory drafts: list them and export their results"}
	cmd.AddCommand(newFeedbackListCommand(opts), newFeedbackResultsCommand(opts))
	return cmd
}

func newFeedbackListCommand(opts *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the feedback tests, one a line: ID, status, country, responses, title",
		Long: `List prints every feedback test, newest first, one a line with tab-separated
fields: its ID (what "haven feedback results" takes), its status (draft, open
or closed), its country, how many responses it holds, and its title.`,
		Example: "  haven feedback list\n  haven feedback list | cut -f1",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			ctx := cliContext(cmd.Context())
			fb, err := a.Feedback(ctx)
			if err != nil {
				return err
			}
			tests, err := fb.Tests(ctx, cliUser())
			if err != nil {
				return err
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			for _, t := range tests {
				rs, err := fb.Responses(ctx, t.ID)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\n", t.ID, t.Status, t.Country, len(rs), t.Title)
			}
			if len(tests) == 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), "no feedback tests")
			}
			return w.Flush()
		},
	}
}

func newFeedbackResultsCommand(opts *globalOptions) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "results TEST_ID [--format csv|json]",
		Short: "Print a feedback test's results, suppressed as for an export (k = 11)",
		Long: `Results prints the results of a feedback test as the export of the results
page gives them: counts from 1 to 10 suppressed, and further counts hidden so
that none of those can be worked out from the totals; no rate, mean or
interval computed from a hidden count; no free text. The command line stands
for no particular user, so it gets what any export gets.

CSV has one figure a row (section, item, draft, segment, measure, n, figure,
95 % interval, suppressed, reason); JSON is the results document of
GET /api/v1/feedback-tests/{id}/results?audience=export.`,
		Example: "  haven feedback results 0193f1c2-… --format csv > results.csv",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var write func(io.Writer, feedback.Results) error
			switch format {
			case "csv":
				write = feedback.WriteCSV
			case "json":
				write = func(w io.Writer, r feedback.Results) error {
					enc := json.NewEncoder(w)
					enc.SetIndent("", "  ")
					return enc.Encode(r)
				}
			default:
				return fmt.Errorf("--format must be csv or json, not %q", format)
			}
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			ctx := cliContext(cmd.Context())
			fb, err := a.Feedback(ctx)
			if err != nil {
				return err
			}
			res, err := fb.ExportResults(ctx, args[0])
			if err != nil {
				return err
			}
			w := bufio.NewWriter(cmd.OutOrStdout())
			if err := write(w, res); err != nil {
				return err
			}
			return w.Flush()
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "csv or json")
	return cmd
}
