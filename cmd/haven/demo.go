package main

import (
	"fmt"

	"github.com/haven-project/haven/demo"
	"github.com/spf13/cobra"
)

func newDemoCommand(opts *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "demo",
		Short: "Load the fictional demo dataset, once",
		Long: `Demo loads Haven's demo dataset into the configured database: one account
per role (password ` + demo.Password + `), the Natural Earth admin-1 boundaries of
the ten ASEAN countries, Thailand's provinces and districts, and a fictional
directory of providers at real towns, and about 200 submissions of the built-in
provider-mapping survey by the demo collector (60 accepted, 30 rejected with a
note, the rest waiting for review), two drafts of a Mae Sot and Tak directory
frozen for testing, and a finished feedback test comparing them, answered by
64 fictional participants; and the GeoNames places as population points with
a first coverage report of the ASEAN provinces and of the Thai districts, for
the gap map. It does nothing when the demo was loaded before. For trying Haven only: never load it into a real deployment.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.db.Close()
			loaded, err := a.LoadDemo(cliContext(cmd.Context()))
			if err != nil {
				return err
			}
			if !loaded {
				fmt.Fprintln(cmd.ErrOrStderr(), "the demo dataset is loaded already")
				return nil
			}
			fmt.Fprintln(cmd.ErrOrStderr(), "demo dataset loaded; log in with one of:")
			for _, u := range demo.Users {
				fmt.Fprintf(cmd.ErrOrStderr(), "  %-32s %s\n", u.Email, u.Role)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "password for all: %s\n", demo.Password)
			return nil
		},
	}
}

func envInt(name string, fallback int64) int64 {
	var n int64
	if _, err := fmt.Sscan(envOr(name, ""), &n); err != nil || n <= 0 {
		return fallback
	}
	return n
}
