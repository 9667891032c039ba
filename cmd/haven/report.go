package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/haven-project/haven/reports"
	"github.com/spf13/cobra"
)

func newReportCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{Use: "report", Short: "Coverage-gap reports: compute, list, export and compare runs"}
	cmd.AddCommand(newReportCoverageCommand(opts), newReportListCommand(opts), newReportExportCommand(opts), newReportCompareCommand(opts))
	return cmd
}

// reportOutput is where a report goes: --out FILE, else standard output.
type reportOutput struct {
	format  string
	hxl     bool
	out     string
	service string
	measure string
}

// flags adds the output flags; withService adds --service, which keeps one
// service type of a stored run.
func (o *reportOutput) flags(cmd *cobra.Command, withService bool) {
	cmd.Flags().StringVar(&o.format, "format", "csv", "csv, json, geojson, xlsx, html (printable A4 report) or pdf (the printable report, printed by headless Chromium)")
	cmd.Flags().BoolVar(&o.hxl, "hxl", false, "csv only: add a row of HXL hashtags under the header (the regions alone, without roll-ups)")
	cmd.Flags().StringVar(&o.out, "out", "", "write to FILE instead of standard output")
	cmd.Flags().StringVar(&o.measure, "measure", "", "html and pdf: colour the main map by "+strings.Join(reports.MapMeasures, ", ")+
		" (default: the gap class of a one-service report, else how many service types each region lacks)")
	if withService {
		cmd.Flags().StringVar(&o.service, "service", "", "keep one service type of the run (its code)")
	}
}

func (o *reportOutput) options() reports.ExportOptions {
	return reports.ExportOptions{Format: reports.Format(o.format), HXL: o.hxl, Service: o.service, Measure: o.measure}
}

// write runs fn on the output, creating the file only when fn would
// succeed up to its first byte; a failed write removes the partial file.
func (o *reportOutput) write(cmd *cobra.Command, fn func(w io.Writer) error) error {
	if o.out == "" {
		bw := bufio.NewWriter(cmd.OutOrStdout())
		if err := fn(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	f, err := os.Create(o.out)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = fn(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(o.out)
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", o.out)
	return nil
}

func newReportCoverageCommand(opts *globalOptions) *cobra.Command {
	var p reports.RunParams
	var out reportOutput
	var method, gender string
	var minAge, maxAge int
	cmd := &cobra.Command{
		Use:   "coverage --level N [--set NAME] [--services a,b] [--method count|2sfca|e2sfca|gaussian] [--catchment-km D] [--within-km D] [--format csv|json|geojson|xlsx|html|pdf] [--hxl] [--out FILE]",
		Short: "Compute a coverage-gap report by region and service type, and store it as a run",
		Long: `Coverage computes, for every region of one level of a boundary set and every
service type: providers located in the region and serving it, capacity,
population, providers per 100,000 people, the distance from the region's
population-weighted point to the nearest public provider, the share of
people within --within-km of one, an accessibility index (2SFCA, E2SFCA with
stepped weights, or Gaussian 2SFCA over the population points, capacities
as supply), need and unmet demand where loaded, and a gap class
(no_service, below_norm, covered), with roll-ups to parent regions and
countries. Distances are great-circle (haversine) kilometres.

Every provider counts whatever its confidentiality tier, but distances go
to public providers only: region_only and hidden ones are left out of the
nearest distance and the within share, and stand at their region's
population-weighted point in the accessibility index and service radii.

No output carries a provider's position. The run is stored (haven report list) so
that rounds can be compared (haven report compare); its ID goes to
standard error, the report to standard output or --out.

CSV columns, in order: ` + strings.Join(reports.Columns, ", ") + `
(empty where not computed): the regions, then the parent and country
roll-ups. GeoJSON (RFC 7946) has a feature per region × service with the
region's simplified boundary; XLSX a sheet per service type; JSON is the
stored run. HTML is the printable A4 report: an SVG choropleth map (no
tiles), a region × service heatmap, the largest gaps, the change since the
previous run of the same set and level, and a methods section; PDF prints
it with headless Chromium (` + reports.ChromiumEnv + ` names the binary when it
is not /usr/bin/chromium).`,
		Example: `  haven report coverage --set th --level 2 --services accommodation,legal_aid --method e2sfca --catchment-km 30 --out th-districts.csv
  haven report coverage --level 1 --method 2sfca --catchment-km 45 --format geojson --out provinces.geojson
  haven report coverage --set th --level 2 --services accommodation --method e2sfca --format pdf --measure nearest_km --out shelters.pdf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			exp := out.options()
			if err := exp.Check(); err != nil {
				return err
			}
			p.Method = reports.Method(method)
			p.Filter.Gender = gender
			if cmd.Flags().Changed("min-age") {
				p.Filter.MinAge = &minAge
			}
			if cmd.Flags().Changed("max-age") {
				p.Filter.MaxAge = &maxAge
			}
			if err := p.Validate(); err != nil {
				return err
			}
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			ctx := cliContext(cmd.Context())
			svc := a.Reports()
			run, err := svc.Run(ctx, cliUser(), p)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "stored as run %s: %d regions × %d service types of %s level %d\n",
				run.ID, countRegions(run), len(run.Report.Method.Services), run.Parameters.Set, run.Parameters.Level)
			return out.write(cmd, func(w io.Writer) error { return svc.Export(ctx, run, exp, w) })
		},
	}
	f := cmd.Flags()
	f.IntVar(&p.Level, "level", 0, "administrative level of the regions (required)")
	f.StringVar(&p.Set, "set", "", "boundary set (default: the only set with regions at that level)")
	f.StringSliceVar(&p.Services, "services", nil, "service types, comma-separated (default: every type some provider offers); a type takes in its sub-types")
	f.StringVar(&method, "method", "count", "accessibility index: count (none), 2sfca, e2sfca or gaussian")
	f.Float64Var(&p.CatchmentKm, "catchment-km", 0, "catchment d0 of 2sfca and gaussian in km (default 30); e2sfca weighs by its steps, ≤10 km 1, ≤20 km 0.68, ≤30 km 0.22, and nothing beyond 30 km")
	f.Float64Var(&p.WithinKm, "within-km", 0, "d of the population share within d km of a provider (default: the catchment)")
	f.Float64Var(&p.SigmaKm, "sigma-km", 0, "gaussian method: σ in km (default: half the catchment)")
	f.StringVar(&p.PopulationSource, "population-source", "", "population points to use (default: the only source imported)")
	f.StringVar(&gender, "gender", "", "keep services open to this gender: female or male")
	f.IntVar(&minAge, "min-age", 0, "keep services that accept someone of this age or older")
	f.IntVar(&maxAge, "max-age", 0, "keep services that accept someone of this age or younger (17: for children)")
	f.StringSliceVar(&p.Filter.Languages, "languages", nil, "keep services offered in one of these ISO 639 languages")
	f.BoolVar(&p.Filter.AcceptInterpreting, "interpreting", false, "with --languages: also keep services with interpretation")
	out.flags(cmd, false)
	cmd.MarkFlagRequired("level")
	return cmd
}

func countRegions(run reports.Run) int {
	seen := map[string]bool{}
	for _, r := range run.Report.Regions {
		seen[r.RegionCode] = true
	}
	return len(seen)
}

func newReportListCommand(opts *globalOptions) *cobra.Command {
	var limit int
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List stored report runs, newest first, one a line, ID first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			runs, _, err := a.Reports().List(cliContext(cmd.Context()), cliUser(), "", limit)
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tCREATED\tBY\tSET\tLEVEL\tMETHOD\tSERVICES\tROWS")
			for _, r := range runs {
				services := strings.Join(r.Parameters.Services, ",")
				if services == "" {
					services = "(all)"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s@%d\t%d\t%s\t%s\t%d\n", r.ID, r.CreatedAt.Format("2006-01-02 15:04:05"), r.CreatedBy,
					r.Parameters.Set, r.DataVersions.BoundaryVersion, r.Parameters.Level, r.Parameters.Method, services, r.RowCount)
			}
			return w.Flush()
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 100, "at most this many runs (up to 500)")
	return cmd
}

func newReportExportCommand(opts *globalOptions) *cobra.Command {
	var out reportOutput
	cmd := &cobra.Command{
		Use:   "export RUN_ID [--format csv|json|geojson|xlsx|html|pdf] [--service CODE] [--measure M] [--hxl] [--out FILE]",
		Short: "Write a stored report run in a file format, or as the printable report (html, pdf)",
		Example: `  haven report export 01a21d7e-6f95-711c-ae9d-07cc098a68a2 --format pdf --out report.pdf
  haven report export 01a21d7e-6f95-711c-ae9d-07cc098a68a2 --format html --service legal_aid --measure nearest_km --out legal-aid.html`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			exp := out.options()
			if err := exp.Check(); err != nil {
				return err
			}
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			ctx := cliContext(cmd.Context())
			svc := a.Reports()
			run, err := svc.Get(ctx, cliUser(), args[0])
			if err != nil {
				return err
			}
			return out.write(cmd, func(w io.Writer) error { return svc.Export(ctx, run, exp, w) })
		},
	}
	out.flags(cmd, true)
	return cmd
}

func newReportCompareCommand(opts *globalOptions) *cobra.Command {
	var format, outFile string
	cmd := &cobra.Command{
		Use:   "compare RUN_A RUN_B [--format json|csv] [--out FILE]",
		Short: "Compare two report runs region × service: each measure before (A) and after (B), and how the gap class moved",
		Long: `Compare sets run A (before) beside run B (after), both of one boundary set
and level: per region (and roll-up) × service type, every measure in both
runs, the change of each, and whether the gap class improved, worsened or
stayed. A summary of the changes goes to standard error.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "csv" {
				return fmt.Errorf("--format must be json or csv")
			}
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			c, err := a.Reports().Compare(cliContext(cmd.Context()), cliUser(), args[0], args[1])
			if err != nil {
				return err
			}
			s := c.Summary
			fmt.Fprintf(cmd.ErrOrStderr(), "%d improved, %d worsened, %d unchanged, %d only in B, %d only in A\n",
				s.Improved, s.Worsened, s.Unchanged, s.Added, s.Removed)
			// Either format is a file that leaves Haven.
			c = a.Reports().ComparisonForExport(c)
			out := reportOutput{out: outFile}
			return out.write(cmd, func(w io.Writer) error {
				if format == "csv" {
					return reports.WriteComparisonCSV(w, c)
				}
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(c)
			})
		},
	}
	cmd.Flags().StringVar(&format, "format", "json", "json or csv")
	cmd.Flags().StringVar(&outFile, "out", "", "write to FILE instead of standard output")
	return cmd
}
