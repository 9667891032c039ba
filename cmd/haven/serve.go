package main

import (
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/haven-project/haven/server"
	"github.com/spf13/cobra"
)

func newServeCommand(opts *globalOptions) *cobra.Command {
	cfg := server.Config{}
	var trustedProxies string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Migrate the database and serve the web UI and API",
		Long: `Serve applies pending migrations, then serves the web UI and the JSON API
(described at /api/v1/openapi.json), /healthz, /readyz and /metrics.
SIGINT or SIGTERM stops it after requests in flight finish.
When no admin exists yet, it prints a one-time set-up link.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			stderr := cmd.ErrOrStderr()
			a, err := openApp(ctx, opts, stderr)
			if err != nil {
				return err
			}
			defer a.db.Close()
			logger := newLogger(stderr)
			dir, err := a.directory(ctx)
			if err != nil {
				return err
			}
			// Writes by other haven processes (or commands) on the same
			// database reach this one's in-memory search within seconds.
			go dir.Sync(ctx, syncEvery, logger)
			// Survey analytics read counts kept up to date in the background.
			stopFold := a.FoldSurveyCounts(logger)
			defer stopFold()
			cfg.TrustedProxies = splitFlag(trustedProxies)
			srv, err := a.Server(ctx, cfg, logger)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", cfg.Addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
			}
			secret, err := a.accounts.StartSetup(ctx)
			if err != nil {
				ln.Close()
				return err
			}
			base := "http://" + displayAddr(ln.Addr().String())
			if secret != "" {
				fmt.Fprintf(stderr, "\nNo admin yet. Open this one-time link to create one:\n  %s/setup#%s\n"+
					"or run: haven user create --email you@example.org --role admin --password-stdin\n\n", base, secret)
			}
			fmt.Fprintf(stderr, "Haven is serving on %s (database: %s)\n", base, a.db.Location)
			return srv.Run(ctx, ln)
		},
	}
	cmd.Flags().StringVar(&cfg.Addr, "addr", envOr("HAVEN_ADDR", ":8080"), "address to listen on (env HAVEN_ADDR)")
	cmd.Flags().Int64Var(&cfg.BodyLimit, "body-limit", envInt("HAVEN_BODY_LIMIT", server.DefaultBodyLimit),
		"largest request body in bytes; larger ones get 413 (env HAVEN_BODY_LIMIT)")
	cmd.Flags().BoolVar(&cfg.SecureCookies, "secure-cookies", envOr("HAVEN_SECURE_COOKIES", "") == "true",
		"always mark cookies Secure, for TLS terminated by a proxy that sends no X-Forwarded-Proto (env HAVEN_SECURE_COOKIES)")
	cmd.Flags().StringVar(&trustedProxies, "trusted-proxies", envOr("HAVEN_TRUSTED_PROXIES", ""),
		"comma-separated addresses or CIDRs of reverse proxies whose X-Forwarded-For is believed (env HAVEN_TRUSTED_PROXIES; default none)")
	return cmd
}

// syncEvery is how often serve looks for providers changed by other processes.
const syncEvery = 2 * time.Second

// displayAddr turns a listen address such as [::]:8080 into localhost:8080.
func displayAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" || host == "::" || host == "0.0.0.0" || strings.HasPrefix(host, "[") {
		return "localhost:" + port
	}
	return net.JoinHostPort(host, port)
}
