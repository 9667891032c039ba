package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping/hsds"
	"github.com/spf13/cobra"
)

func newHSDSCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hsds",
		Short: "Export the directory as Open Referral HSDS, or import HSDS data into it",
		Long: `HSDS is the Open Referral Human Services Data Specification. Haven exports
HSDS 3.0 with the Haven profile (docs/hsds-profile.md) and imports HSDS 3.0/3.1
JSON and CSV datapackages and HSDS 1.1 CSV datapackages.

These commands run on the server with full rights, as an admin cleared for
confidential data would: the export decides what to leave out by the view
you choose, and an import may add providers in any country.`,
	}
	cmd.AddCommand(newHSDSExportCommand(opts), newHSDSImportCommand(opts))
	return cmd
}

// cliAdmin is who the command line acts as: it runs on the server.
var cliAdmin = accounts.User{Email: "cli", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential}}

func newHSDSExportCommand(opts *globalOptions) *cobra.Command {
	var as string
	var confidential bool
	cmd := &cobra.Command{
		Use:   "export FILE.zip [--as EMAIL | --confidential]",
		Short: "Write the directory as an HSDS tabular datapackage (zip)",
		Long: `Export writes the directory as an HSDS 3.0 tabular data package: a zip of
datapackage.json and one CSV file per table, following the Haven profile
(docs/hsds-profile.md). The same data always gives the same bytes.

What the file holds depends on the view, redacted exactly as the API redacts:
  (default)       the public view: what a signed-in user without the
                  confidential grant sees — no hidden locations, no point,
                  name or address of region_only ones, only public channels.
                  Safe to hand out.
  --as EMAIL      what that user may see.
  --confidential  everything, hidden locations included: for moving a
                  directory to another Haven. Treat the file as confidential.`,
		Example: `  haven hsds export directory.zip
  haven hsds export --as analyst@example.org analyst.zip
  haven hsds export --confidential backup.zip`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if as != "" && confidential {
				return errors.New("give --as or --confidential, not both")
			}
			ctx := cliContext(cmd.Context())
			a, err := openApp(ctx, opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			dir, err := a.directory(ctx)
			if err != nil {
				return err
			}
			reader, view := accounts.User{Role: accounts.RoleViewer}, "public"
			switch {
			case confidential:
				reader, view = cliAdmin, "confidential"
			case as != "":
				if reader, err = a.accounts.UserByEmail(ctx, as); err != nil {
					return fmt.Errorf("--as %s: %w", as, err)
				}
				view = "as " + reader.Email
			}
			v, err := hsds.New(dir, a.Taxonomy).View(ctx, reader)
			if err != nil {
				return err
			}
			if err := writeAtomically(args[0], v); err != nil {
				return err
			}
			if err := a.audit.Record(ctx, nil, "hsds.export", "directory", "", map[string]any{"view": view}); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "wrote the %s view to %s\n", view, args[0])
			return nil
		},
	}
	cmd.Flags().StringVar(&as, "as", "", "export what the user with this e-mail may see")
	cmd.Flags().BoolVar(&confidential, "confidential", false, "export everything, hidden locations included")
	return cmd
}

// writeAtomically writes the zip next to path and renames it into place,
// so that a failed export leaves no half-written file.
func writeAtomically(path string, v *hsds.View) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".hsds-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := v.WriteZip(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func newHSDSImportCommand(opts *globalOptions) *cobra.Command {
	var strict, lenient bool
	var mapFile, country string
	cmd := &cobra.Command{
		Use:   "import PATH [--strict|--lenient] [--taxonomy-map FILE.csv] [--country ISO2]",
		Short: "Import HSDS data: a datapackage folder or zip, or an HSDS JSON file",
		Long: `Import reads HSDS data and adds each organization, with its services,
locations and contact channels, as a provider that keeps its HSDS id. PATH is
a folder or zip holding a CSV datapackage (HSDS 3.x, or 1.1 as most 211
exports still are), or a JSON file of HSDS 3.x objects (a service, an
organization, an API page, tabular JSON) or a folder of such files.

Every record is checked; each problem is listed on standard error as
"file object id .field: message". --strict (the default) writes nothing when
there is any problem; --lenient imports what can be imported and lists the
same problems. The report (JSON) goes to standard output.

Services are classified by their taxonomy terms: Haven's own codes directly,
terms of another taxonomy (AIRS/211, Open Eligibility, …) through
--taxonomy-map, a CSV file with the columns foreign_term (a term's id, code
or name) and haven_code (empty to leave the term out on purpose). A service
with no matching term is not imported; unmatched terms are listed.`,
		Example: `  haven hsds import export.zip
  haven hsds import ./211-export --lenient --taxonomy-map airs-to-haven.csv --country TH
  haven hsds import service_full.json --lenient --country GB`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strict && lenient {
				return errors.New("give --strict or --lenient, not both")
			}
			o := hsds.ImportOptions{Lenient: lenient, Country: country}
			if mapFile != "" {
				body, err := os.ReadFile(mapFile)
				if err != nil {
					return err
				}
				o.TaxonomyMap, o.TaxonomyMapName = body, filepath.Base(mapFile)
			}
			ctx := cliContext(cmd.Context())
			a, err := openApp(ctx, opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			dir, err := a.directory(ctx)
			if err != nil {
				return err
			}
			rep, err := hsds.New(dir, a.Taxonomy).ImportPath(ctx, cliAdmin, args[0], o)
			for _, p := range rep.Problems {
				fmt.Fprintln(cmd.ErrOrStderr(), p)
			}
			for _, t := range rep.UnmatchedTerms {
				fmt.Fprintf(cmd.ErrOrStderr(), "unmatched term %s (code %q, name %q, taxonomy %q) on %d service(s)\n", t.ID, t.Code, t.Name, t.Taxonomy, t.Services)
			}
			if err != nil {
				return err
			}
			if err := printJSON(cmd, rep); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "imported %d of %d organizations (%d services, %d locations) from %s; %d problem(s)\n",
				rep.Imported, rep.Organizations, rep.ImportedServices, rep.ImportedLocations, rep.Format, len(rep.Problems))
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&strict, "strict", false, "write nothing when there is any problem (the default)")
	f.BoolVar(&lenient, "lenient", false, "import what can be imported and list the problems")
	f.StringVar(&mapFile, "taxonomy-map", "", "CSV file mapping foreign taxonomy terms to Haven codes (columns foreign_term, haven_code)")
	f.StringVar(&country, "country", "", "ISO 3166-1 alpha-2 country of organizations whose data names none")
	return cmd
}
