package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/haven-project/haven/mapping"
	"github.com/spf13/cobra"
)

func newRegionsCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{Use: "regions", Short: "Import administrative boundaries and their population"}
	cmd.AddCommand(newRegionsImportCommand(opts), newRegionsPopulationCommand(opts), newRegionsListCommand(opts))
	return cmd
}

func newRegionsImportCommand(opts *globalOptions) *cobra.Command {
	var o mapping.RegionImport
	var strict, lenient bool
	cmd := &cobra.Command{
		Use:   "import FILE --set NAME --level N --code PROP --name PROP [--parent-code PROP] [--population PROP] [--country ISO2|--country-prop PROP] [--strict|--lenient]",
		Short: "Import one level of boundaries from GeoJSON as a new version of a boundary set",
		Long: `Import reads a GeoJSON FeatureCollection of Polygon and MultiPolygon features and
stores them as level N of a new version of the boundary set NAME; the set's
other levels are kept. Every feature is checked (closed rings of 4 or more
points, coordinate ranges, NaN, empty geometry, self-intersections, duplicate
codes) and ring winding is made counter-clockwise. Problems are listed with
the feature's index and code. --strict (the default) writes nothing when any
feature is bad; --lenient imports the good ones.

Parents: with --parent-code the parent's code comes from that property;
without it, for levels above 1, each region's parent is the region of level
N-1 it overlaps most. Provider locations are re-assigned to regions after.
The report (JSON) goes to standard output.`,
		Example: `  haven regions import asean_admin1_ne.geojson --set ne_admin1 --level 1 --code adm1_code --name name --country-prop iso_a2
  haven regions import th_adm1.geojson --set th --level 1 --code ADM1_PCODE --name ADM1_EN --country TH
  haven regions import th_adm2.geojson --set th --level 2 --code ADM2_PCODE --name ADM2_EN --parent-code ADM1_PCODE`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strict && lenient {
				return errors.New("give --strict or --lenient, not both")
			}
			o.Lenient = lenient
			o.Source = filepath.Base(args[0])
			return withFileAndApp(cmd, opts, args[0], func(a *app, f *os.File) error {
				if _, err := a.directory(cmd.Context()); err != nil {
					return err
				}
				rep, err := a.regions.Import(cliContext(cmd.Context()), f, o, progressBar(cmd.ErrOrStderr(), "checking features"))
				printProblems(cmd, rep.Problems)
				if err != nil {
					return err
				}
				if err := printJSON(cmd, rep); err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "imported %d of %d features as level %d of %s, version %d\n",
					rep.Imported, rep.Features, rep.Level, rep.Set, rep.Version)
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Set, "set", "", "boundary set name, such as ne_admin1 or th (required)")
	f.IntVar(&o.Level, "level", 0, "administrative level: 1 for provinces, 2 for districts (required)")
	f.StringVar(&o.CodeProp, "code", "", "property holding each region's unique code (required)")
	f.StringVar(&o.NameProp, "name", "", "property holding each region's name (required)")
	f.StringVar(&o.ParentCodeProp, "parent-code", "", "property holding the parent region's code")
	f.StringVar(&o.PopulationProp, "population", "", "property holding the population")
	f.StringVar(&o.Country, "country", "", "ISO 3166-1 alpha-2 country of every feature")
	f.StringVar(&o.CountryProp, "country-prop", "", "property holding each feature's ISO 3166-1 alpha-2 country")
	f.BoolVar(&strict, "strict", false, "write nothing when any feature is bad (the default)")
	f.BoolVar(&lenient, "lenient", false, "import the good features and report the bad ones")
	for _, name := range []string{"set", "level", "code", "name"} {
		cmd.MarkFlagRequired(name)
	}
	return cmd
}

func newRegionsPopulationCommand(opts *globalOptions) *cobra.Command {
	var set, codeCol, popCol string
	var lenient bool
	cmd := &cobra.Command{
		Use:   "population FILE.csv --set NAME --code COL --population COL [--lenient]",
		Short: "Set the population of regions from a CSV file",
		Long: `Population reads a CSV file with a header row and sets the population of the
regions of the current version of a boundary set. Unknown codes and numbers
that are not whole are listed by row; without --lenient nothing is changed
when any row is bad.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withFileAndApp(cmd, opts, args[0], func(a *app, f *os.File) error {
				rep, err := a.regions.ImportPopulation(cliContext(cmd.Context()), f, set, codeCol, popCol, lenient)
				for _, p := range rep.Problems {
					fmt.Fprintf(cmd.ErrOrStderr(), "row %d %s: %s\n", p.Row, p.Column, p.Message)
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "population set for %d of %d rows\n", rep.Updated, rep.Rows)
				return printJSON(cmd, rep)
			})
		},
	}
	cmd.Flags().StringVar(&set, "set", "", "boundary set name (required)")
	cmd.Flags().StringVar(&codeCol, "code", "", "column holding the region code (required)")
	cmd.Flags().StringVar(&popCol, "population", "", "column holding the population (required)")
	cmd.Flags().BoolVar(&lenient, "lenient", false, "set the good rows and report the bad ones")
	for _, name := range []string{"set", "code", "population"} {
		cmd.MarkFlagRequired(name)
	}
	return cmd
}

func newRegionsListCommand(opts *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "sets",
		Short: "List boundary sets: name, current version, regions per level",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withApp(cmd, opts, func(a *app) error {
				sets, err := a.regions.Sets(cmd.Context())
				if err != nil {
					return err
				}
				w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "SET\tVERSION\tREGIONS\tLEVELS\tSOURCE")
				for _, s := range sets {
					var levels []string
					for l, n := range s.Levels {
						levels = append(levels, fmt.Sprintf("%s:%d", l, n))
					}
					fmt.Fprintf(w, "%s\t%d\t%d\t%s\t%s\n", s.Name, s.Version, s.RegionCount, strings.Join(levels, " "), s.Source)
				}
				return w.Flush()
			})
		},
	}
}

// printProblems lists an import's problems on standard error, one a line.
func printProblems(cmd *cobra.Command, problems []mapping.FeatureProblem) {
	for _, p := range problems {
		code := ""
		if p.Code != "" {
			code = " (" + p.Code + ")"
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "feature %d%s: %s\n", p.Index, code, p.Message)
	}
}

func printJSON(cmd *cobra.Command, v any) error {
	enc := json.NewEncoder(cmd.OutOrStdout())
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
