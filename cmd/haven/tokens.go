package main

import (
	"context"
	"fmt"

	"github.com/haven-project/haven/accounts"
	"github.com/spf13/cobra"
)

func newTokenCommand(opts *globalOptions) *cobra.Command {
	cmd := &cobra.Command{Use: "token", Short: "Create and revoke API tokens"}
	var email, name string
	create := &cobra.Command{
		Use:   "create --email E [--name N]",
		Short: "Create an API token and print it once",
		Long: `Create makes an API token for a user and prints it on standard output. It is
shown only this once: Haven stores only its hash. Send it as
"Authorization: Bearer <token>".`,
		Example: `  TOKEN=$(haven token create --email analyst@example.org --name "R scripts")
  curl -H "Authorization: Bearer $TOKEN" http://localhost:8080/api/v1/me`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withUser(cmd, opts, email, func(ctx context.Context, a *app, u accounts.User) error {
				if name == "" {
					name = "made with haven token create"
				}
				tok, secret, err := a.accounts.CreateToken(ctx, u.ID, name)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), secret)
				fmt.Fprintf(cmd.ErrOrStderr(), "token %s (ID %s) created for %s; it will not be shown again\n", tok.Prefix, tok.ID, u.Email)
				return nil
			})
		},
	}
	create.Flags().StringVar(&email, "email", "", "the user the token acts as (required)")
	create.Flags().StringVar(&name, "name", "", "what the token is for, to recognise it later")
	create.MarkFlagRequired("email")

	var revokeEmail, which string
	revoke := &cobra.Command{
		Use:   "revoke --email E --token ID_OR_PREFIX",
		Short: "Revoke an API token; it stops working at once",
		Long:  "Revoke takes the token's ID or its shown prefix (such as hvn_AbC123), as listed in the web UI under Account.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withUser(cmd, opts, revokeEmail, func(ctx context.Context, a *app, u accounts.User) error {
				tok, err := a.accounts.RevokeTokenByPrefix(ctx, u.ID, which)
				if err != nil {
					return err
				}
				fmt.Fprintln(cmd.OutOrStdout(), tok.ID)
				fmt.Fprintf(cmd.ErrOrStderr(), "token %s revoked\n", tok.Prefix)
				return nil
			})
		},
	}
	revoke.Flags().StringVar(&revokeEmail, "email", "", "the token's user (required)")
	revoke.Flags().StringVar(&which, "token", "", "the token's ID or prefix (required)")
	revoke.MarkFlagRequired("email")
	revoke.MarkFlagRequired("token")
	cmd.AddCommand(create, revoke)
	return cmd
}
