package main

import (
	"fmt"
	"time"

	"github.com/haven-project/haven/mapping"
	"github.com/spf13/cobra"
)

func newBenchDataCommand(opts *globalOptions) *cobra.Command {
	var providers int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "bench-data [--providers N] [--seed S]",
		Short: "Add synthetic providers for load tests",
		Long: `Bench-data adds N synthetic public providers spread over South-East Asia,
each with one to three of the sixteen top-level service types, for load tests
and benchmarks. The same seed gives the same providers. Never run it on a
real directory.`,
		Example: `  haven --data-dir /tmp/bench bench-data --providers 100000`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			dir, err := a.directory(cmd.Context())
			if err != nil {
				return err
			}
			start := time.Now()
			const batch = 10_000
			all := mapping.SyntheticProviders(providers, seed)
			bar := progressBar(cmd.ErrOrStderr(), "adding providers")
			for i := 0; i < len(all); i += batch {
				if _, err := dir.CreateMany(cliContext(cmd.Context()), cliUser(), all[i:min(i+batch, len(all))]); err != nil {
					return err
				}
				bar(min(i+batch, len(all)), len(all))
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "added %d synthetic providers in %s\n", len(all), time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&providers, "providers", 100_000, "how many providers to add")
	cmd.Flags().Uint64Var(&seed, "seed", 7, "random seed")
	return cmd
}
