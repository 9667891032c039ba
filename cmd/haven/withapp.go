package main

import (
	"context"
	"fmt"
	"os"

	"github.com/haven-project/haven/accounts"
	"github.com/spf13/cobra"
)

// withApp opens the app for cmd, runs fn on it and closes the database
// after.
func withApp(cmd *cobra.Command, opts *globalOptions, fn func(a *app) error) error {
	a, err := openApp(cmd.Context(), opts, cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer a.db.Close()
	return fn(a)
}

// withFileAndApp opens the file an import command reads, then the app, and
// runs fn on both. The file comes first, so that a wrong path fails before
// the database is opened and migrated.
func withFileAndApp(cmd *cobra.Command, opts *globalOptions, path string, fn func(a *app, f *os.File) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return withApp(cmd, opts, func(a *app) error { return fn(a, f) })
}

// withUser opens the app, finds the user a command names by e-mail and
// runs fn on both, in the command line's audit context.
func withUser(cmd *cobra.Command, opts *globalOptions, email string, fn func(ctx context.Context, a *app, u accounts.User) error) error {
	return withApp(cmd, opts, func(a *app) error {
		ctx := cliContext(cmd.Context())
		u, err := a.accounts.UserByEmail(ctx, email)
		if err != nil {
			return fmt.Errorf("%s: %w", email, err)
		}
		return fn(ctx, a, u)
	})
}
