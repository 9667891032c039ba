package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/haven-project/haven/reports"
	"github.com/spf13/cobra"
)

func newPopulationCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{Use: "population", Short: "Import population points, the demand side of coverage reports"}
	cmd.AddCommand(newPopulationImportCommand(opts), newPopulationListCommand(opts))
	return cmd
}

func newPopulationImportCommand(opts *globalOptions) *cobra.Command {
	var o reports.PopulationImport
	cmd := &cobra.Command{
		Use:   "import FILE.csv --lon COL --lat COL --population COL [--name COL] [--source NAME]",
		Short: "Import population points (places or grid cells with a number of people) from CSV",
		Long: `Import reads a CSV file with a header row, one point a row: longitude and
latitude (WGS 84 degrees) and a number of people. Coverage reports use the
points as demand: population-weighted distances, the share of people within
reach of a provider, and the 2SFCA accessibility index.

The points are stored as the source NAME (default: the file name without
extension). Importing a source again replaces all its points, so an import
can be repeated safely. The file is read row by row; any bad row (a
coordinate out of range, a population that is not a number or negative)
is listed by row and column on standard error, and nothing is changed.
The report (JSON) goes to standard output.`,
		Example: `  haven population import asean_cities_geonames.csv --lon lon --lat lat --population population --name name --source geonames`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.File = filepath.Base(args[0])
			if o.Source == "" {
				o.Source = strings.TrimSuffix(o.File, filepath.Ext(o.File))
			}
			return withFileAndApp(cmd, opts, args[0], func(a *app, f *os.File) error {
				rep, err := a.Reports().ImportPopulation(cliContext(cmd.Context()), f, o)
				return reportRowImport(cmd, rep, rep.Problems, err, fmt.Sprintf("imported %d points (%.0f people) as source %s, replacing %d",
					rep.Imported, rep.TotalPopulation, rep.Source, rep.Replaced))
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.LonCol, "lon", "", "column holding the longitude (required)")
	f.StringVar(&o.LatCol, "lat", "", "column holding the latitude (required)")
	f.StringVar(&o.PopCol, "population", "", "column holding the number of people (required)")
	f.StringVar(&o.NameCol, "name", "", "column holding the place name")
	f.StringVar(&o.Source, "source", "", "name of the data set; re-importing a source replaces it (default: the file name)")
	for _, name := range []string{"lon", "lat", "population"} {
		cmd.MarkFlagRequired(name)
	}
	return cmd
}

func newPopulationListCommand(opts *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "sources",
		Short: "List imported population sources: name, points, people, when imported",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withApp(cmd, opts, func(a *app) error {
				sources, err := a.Reports().PopulationSources(cmd.Context())
				if err != nil {
					return err
				}
				w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(w, "SOURCE\tPOINTS\tPEOPLE\tIMPORTED\tFILE")
				for _, s := range sources {
					fmt.Fprintf(w, "%s\t%d\t%.0f\t%s\t%s\n", s.Name, s.Points, s.TotalPopulation, s.ImportedAt.Format("2006-01-02 15:04"), s.File)
				}
				return w.Flush()
			})
		},
	}
}

func newNeedCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{Use: "need", Short: "Import need figures per region (identified victims, people in need) for coverage reports"}
	var o reports.NeedImport
	imp := &cobra.Command{
		Use:   "import FILE.csv --set NAME --level N [--code COL] [--figure COL] [--source TEXT] [--year YYYY]",
		Short: "Replace the need figures of one level of a boundary set from CSV",
		Long: `Import reads a CSV file with a header row, one region a row: its code in the
boundary set and a figure, such as the number of identified victims or of
people in need. Coverage reports set supply against it.

The figures replace every figure of that set and level. Every code must be
a region of that level in the set's current version, at most once, and
every figure a number that is not negative; otherwise the bad rows are
listed on standard error and nothing is changed.`,
		Example: `  haven need import victims_2024.csv --set th --level 1 --code ADM1_PCODE --figure identified --source "DSDW annual report" --year 2024`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withFileAndApp(cmd, opts, args[0], func(a *app, f *os.File) error {
				rep, err := a.Reports().ImportNeed(cliContext(cmd.Context()), f, o)
				return reportRowImport(cmd, rep, rep.Problems, err, fmt.Sprintf("imported need figures for %d regions of %s level %d, replacing %d",
					rep.Imported, rep.Set, rep.Level, rep.Replaced))
			})
		},
	}
	f := imp.Flags()
	f.StringVar(&o.Set, "set", "", "boundary set the codes belong to (required)")
	f.IntVar(&o.Level, "level", 0, "administrative level of the regions (required)")
	f.StringVar(&o.CodeCol, "code", "region_code", "column holding the region code")
	f.StringVar(&o.FigureCol, "figure", "figure", "column holding the figure")
	f.StringVar(&o.Source, "source", "", "who published the figures, kept with them")
	f.IntVar(&o.Year, "year", 0, "the year the figures are for")
	imp.MarkFlagRequired("set")
	imp.MarkFlagRequired("level")
	cmd.AddCommand(imp)
	return cmd
}

// reportRowImport ends an import of CSV rows: the bad rows on standard
// error, one a line, then the error, or else the summary on standard error
// and the report as JSON on standard output.
func reportRowImport(cmd *cobra.Command, rep any, problems []reports.RowProblem, err error, summary string) error {
	for _, p := range problems {
		if p.Column != "" {
			fmt.Fprintf(cmd.ErrOrStderr(), "row %d, column %s: %s\n", p.Row, p.Column, p.Message)
		} else {
			fmt.Fprintf(cmd.ErrOrStderr(), "row %d: %s\n", p.Row, p.Message)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(cmd.ErrOrStderr(), summary)
	return printJSON(cmd, rep)
}
