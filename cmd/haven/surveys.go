package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/haven-project/haven/surveys/xlsform"
	"github.com/spf13/cobra"
)

func newSurveyCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{Use: "survey", Short: "Import surveys from XLSForm"}
	cmd.AddCommand(&cobra.Command{
		Use:   "import FILE.xlsx",
		Short: "Import an XLSForm as a new survey, or a new version of one, and print its ID",
		Long: `Import reads an XLSForm (.xlsx, or legacy .xls) and publishes it: a new survey
when its form ID is new, else a new version of that survey (published
versions never change; submissions keep the version they answered). The form
ID and title come from the settings sheet, else from the file name. The
survey's kind comes from the settings column haven_kind (provider_mapping
or general; default general). Feedback surveys are made by feedback tests
when a test opens (web app or API), never imported: a form of kind feedback,
a new version of a test's survey and a new form ID starting with
feedback- are refused. Anything outside Haven's subset of
XLSForm is refused, each problem named by sheet, row and column; harmless
oddities are printed as warnings. The survey ID goes to standard output.`,
		Example: "  haven survey import mapping_round2.xlsx",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			def, warnings, err := xlsform.Parse(f, filepath.Base(args[0]))
			for _, w := range warnings {
				fmt.Fprintln(cmd.ErrOrStderr(), "warning:", w)
			}
			if err != nil {
				var xe *xlsform.Error
				if errors.As(err, &xe) {
					for _, p := range xe.Problems {
						fmt.Fprintln(cmd.ErrOrStderr(), p)
					}
					return fmt.Errorf("%s cannot be imported: %d problem(s), listed above", filepath.Base(args[0]), len(xe.Problems))
				}
				return err
			}
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			v, err := a.surveys.Publish(cliContext(cmd.Context()), def, filepath.Base(args[0]))
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), v.SurveyID)
			fmt.Fprintf(cmd.ErrOrStderr(), "published %s (%s) as version %d, form version %s\n", def.FormID, def.Title, v.Number, v.FormVersion)
			return nil
		},
	})
	return cmd
}
