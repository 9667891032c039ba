// Package migrations holds Haven's versioned SQL migrations, one folder per
// database dialect, embedded in the binary, and applies them in order.
//
// A file is named NNNN_description.sql. Both folders must hold the same
// versions; a test checks it. Each migration runs in its own transaction and
// records itself in schema_migrations, so a failed one leaves nothing behind.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
)

//go:embed sqlite/*.sql postgres/*.sql
var files embed.FS

// Migration is one versioned SQL file.
type Migration struct {
	Version string
	Name    string
	SQL     string
}

// Status is a migration and when it was applied (zero when pending).
type Status struct {
	Migration
	AppliedAt time.Time
}

// List returns the migrations for a dialect ("sqlite" or "postgres") in version order.
func List(dialect string) ([]Migration, error) {
	entries, err := fs.ReadDir(files, dialect)
	if err != nil {
		return nil, fmt.Errorf("no migrations for dialect %q", dialect)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		version, desc, ok := strings.Cut(strings.TrimSuffix(name, ".sql"), "_")
		if !ok || len(version) != 4 {
			return nil, fmt.Errorf("migration file %s: want NNNN_description.sql", name)
		}
		body, err := fs.ReadFile(files, path.Join(dialect, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: version, Name: desc, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

const createTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version VARCHAR(16) PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TIMESTAMP NOT NULL
)`

// Up applies every pending migration and returns the versions it applied.
// On PostgreSQL an advisory lock keeps several haven processes that start at
// once from racing each other.
func Up(ctx context.Context, db *gorm.DB, dialect string) ([]string, error) {
	all, err := List(dialect)
	if err != nil {
		return nil, err
	}
	if dialect == "postgres" {
		// The lock is per session, so hold one connection for the whole run.
		conn, err := db.DB()
		if err != nil {
			return nil, err
		}
		c, err := conn.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		if _, err := c.ExecContext(ctx, "SELECT pg_advisory_lock(7262773)"); err != nil {
			return nil, fmt.Errorf("take migration lock: %w", err)
		}
		defer c.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(7262773)")
	}
	if err := db.WithContext(ctx).Exec(createTable).Error; err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	// Migrations run on database/sql directly: a file holds several
	// statements, which a prepared statement (GORM's PrepareStmt) cannot.
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	applied, err := appliedVersions(ctx, db)
	if err != nil {
		return nil, err
	}
	var done []string
	for _, m := range all {
		if _, ok := applied[m.Version]; ok {
			continue
		}
		err := apply(ctx, sqlDB, m)
		if err != nil {
			return done, fmt.Errorf("migration %s_%s: %w", m.Version, m.Name, err)
		}
		done = append(done, m.Version)
	}
	return done, nil
}

// apply runs one migration and records it, in one transaction.
func apply(ctx context.Context, db *sql.DB, m Migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
		m.Version, m.Name, time.Now().UTC()); err != nil {
		return err
	}
	return tx.Commit()
}

// State lists every known migration with when it was applied.
func State(ctx context.Context, db *gorm.DB, dialect string) ([]Status, error) {
	all, err := List(dialect)
	if err != nil {
		return nil, err
	}
	applied := map[string]time.Time{}
	if db.Migrator().HasTable("schema_migrations") {
		if applied, err = appliedVersions(ctx, db); err != nil {
			return nil, err
		}
	}
	out := make([]Status, len(all))
	for i, m := range all {
		out[i] = Status{Migration: m, AppliedAt: applied[m.Version]}
	}
	return out, nil
}

func appliedVersions(ctx context.Context, db *gorm.DB) (map[string]time.Time, error) {
	var rows []struct {
		Version   string
		AppliedAt time.Time
	}
	if err := db.WithContext(ctx).Raw("SELECT version, applied_at FROM schema_migrations").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	out := make(map[string]time.Time, len(rows))
	for _, r := range rows {
		out[r.Version] = r.AppliedAt
	}
	return out, nil
}
