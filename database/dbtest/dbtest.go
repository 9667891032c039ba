// Package dbtest opens migrated, throw-away databases for tests: an SQLite
// file in a temporary folder and, when HAVEN_TEST_POSTGRES is set, a fresh
// schema in that PostgreSQL database. Storage tests run against both.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/migrations"
)

// PostgresEnv names the variable holding the PostgreSQL URL for tests.
const PostgresEnv = "HAVEN_TEST_POSTGRES"

// Each runs fn as a subtest once per database: "sqlite" and "postgres".
// Without HAVEN_TEST_POSTGRES the PostgreSQL run is skipped with a message,
// except under CI=true, where it fails: CI must never pass without it.
func Each(t *testing.T, fn func(t *testing.T, db *database.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, OpenSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, OpenPostgres(t)) })
}

// OpenSQLite returns a migrated SQLite database in a temporary folder.
func OpenSQLite(tb testing.TB) *database.DB {
	tb.Helper()
	db, err := database.Open(database.Config{URL: "sqlite:" + filepath.Join(tb.TempDir(), "haven.db")})
	if err != nil {
		tb.Fatalf("open SQLite: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	migrate(tb, db)
	return db
}

// PostgresURL returns the test PostgreSQL URL, skipping (or, under CI=true,
// failing) the test when none is configured.
func PostgresURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(PostgresEnv)
	if u == "" {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is not set: under CI every storage test must run on PostgreSQL", PostgresEnv)
		}
		tb.Skipf("PostgreSQL NOT TESTED: set %s=postgres://… (make test does this when PostgreSQL runs)", PostgresEnv)
	}
	return u
}

// OpenPostgres returns a migrated PostgreSQL database in a fresh schema that
// is dropped when the test ends.
func OpenPostgres(tb testing.TB) *database.DB {
	tb.Helper()
	db, err := database.Open(database.Config{URL: PostgresSchema(tb), MaxOpenConns: 8})
	if err != nil {
		tb.Fatalf("open PostgreSQL schema: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// PostgresSchema creates a fresh, migrated schema, dropped when the test
// ends, and returns a URL whose connections use it.
func PostgresSchema(tb testing.TB) string {
	tb.Helper()
	u := EmptyPostgresSchema(tb)
	db, err := database.Open(database.Config{URL: u, MaxOpenConns: 2})
	if err != nil {
		tb.Fatalf("open PostgreSQL schema: %v", err)
	}
	defer db.Close()
	migrate(tb, db)
	return u
}

// EmptyPostgresSchema creates a fresh schema with no tables, dropped when
// the test ends, and returns a URL whose connections use it.
func EmptyPostgresSchema(tb testing.TB) string {
	tb.Helper()
	base := PostgresURL(tb)
	admin, err := database.Open(database.Config{URL: base, MaxOpenConns: 2})
	if err != nil {
		tb.Fatalf("open PostgreSQL: %v", err)
	}
	buf := make([]byte, 6)
	rand.Read(buf)
	schema := "t_" + hex.EncodeToString(buf)
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		admin.Close()
		tb.Fatalf("PostgreSQL at %s does not answer or refuses CREATE SCHEMA: %v", admin.Location, err)
	}
	tb.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("parse %s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func migrate(tb testing.TB, db *database.DB) {
	tb.Helper()
	if _, err := migrations.Up(context.Background(), db.DB, string(db.Dialect)); err != nil {
		tb.Fatalf("migrate %s: %v", db.Dialect, err)
	}
}
