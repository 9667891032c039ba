package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/spf13/cobra"
)

func newProvidersCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{Use: "providers", Short: "Bulk-import providers from the CSV or XLSX template"}
	var format string
	template := &cobra.Command{
		Use:   "template [--format csv|xlsx]",
		Short: "Print the bulk import template",
		Long: `Template prints the bulk import template on standard output: a header row, a
row explaining each column, and an example row. One row is one service a
provider offers at one place; rows with the same provider_key make one
provider.`,
		Example: "  haven providers template --format xlsx > providers.xlsx",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return mapping.BulkTemplate(cmd.OutOrStdout(), format)
		},
	}
	template.Flags().StringVar(&format, "format", "csv", "csv or xlsx")

	var lenient, strict bool
	imp := &cobra.Command{
		Use:   "import FILE [--strict|--lenient]",
		Short: "Import providers from a filled-in template (CSV or XLSX)",
		Long: `Import reads a CSV or XLSX file in the template's layout and adds its
providers, with their locations assigned to regions. Every problem is listed
on standard error by row and column. --strict (the default) writes nothing
when any row is bad; --lenient adds the providers without problems. The
report (JSON) goes to standard output. The command acts as an admin.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if lenient && strict {
				return fmt.Errorf("give --strict or --lenient, not both")
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			dir, err := a.directory(cmd.Context())
			if err != nil {
				return err
			}
			rep, err := dir.ImportBulk(cliContext(cmd.Context()), cliUser(), f, filepath.Base(args[0]), lenient)
			for _, p := range rep.Problems {
				fmt.Fprintf(cmd.ErrOrStderr(), "row %d, column %s: %s\n", p.Row, p.Column, p.Message)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "imported %d of %d providers from %d rows\n", rep.Imported, rep.Providers, rep.Rows)
			return printJSON(cmd, rep)
		},
	}
	imp.Flags().BoolVar(&strict, "strict", false, "write nothing when any row is bad (the default)")
	imp.Flags().BoolVar(&lenient, "lenient", false, "import the good providers and report the bad rows")
	cmd.AddCommand(template, imp)
	return cmd
}

// cliUser is who the command line acts as: it runs on the server, with the
// database in reach, so it has every right.
func cliUser() accounts.User {
	return accounts.User{Email: "cli", Role: accounts.RoleAdmin,
		Grants: []accounts.Grant{accounts.GrantConfidential, accounts.GrantRawData}}
}
