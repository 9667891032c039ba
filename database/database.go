// Package database opens Haven's database — embedded SQLite or PostgreSQL —
// and applies the versioned migrations embedded in the binary.
package database

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names a supported database family; it is also the name of the
// migrations folder for that family.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Config says which database to open. An empty URL means embedded SQLite in DataDir.
type Config struct {
	URL     string
	DataDir string
	// MaxOpenConns sizes the PostgreSQL pool; zero picks a default.
	MaxOpenConns int
}

// DB is an open database with its dialect.
type DB struct {
	*gorm.DB
	Dialect Dialect
	// Location describes the database for messages, without credentials.
	Location string
}

// Open opens the database described by cfg. It does not migrate.
func Open(cfg Config) (*DB, error) {
	gcfg := &gorm.Config{
		TranslateError: true,
		// Prepared statements are cached per connection: the hot queries
		// (session and token lookups) are parsed once, not per request.
		PrepareStmt:        true,
		PrepareStmtMaxSize: 512,
		// Name the columns instead of SELECT *, so that a migration adding a
		// column, run by another haven process, cannot change the result of
		// a statement this one has prepared.
		QueryFields: true,
		Logger:      logger.Discard,
		NowFunc:     func() time.Time { return time.Now().UTC() },
	}
	switch {
	case cfg.URL == "" || strings.HasPrefix(cfg.URL, "sqlite:") || strings.HasPrefix(cfg.URL, "file:"):
		path := strings.TrimPrefix(strings.TrimPrefix(cfg.URL, "sqlite:"), "file:")
		if path == "" {
			dir := cfg.DataDir
			if dir == "" {
				dir = "data"
			}
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create data directory: %w", err)
			}
			path = filepath.Join(dir, "haven.db")
		}
		return openSQLite(path, gcfg)
	case strings.HasPrefix(cfg.URL, "postgres://") || strings.HasPrefix(cfg.URL, "postgresql://"):
		return openPostgres(cfg, gcfg)
	default:
		return nil, errors.New("database URL must start with postgres:// or sqlite: (or be empty for embedded SQLite)")
	}
}

func openSQLite(path string, gcfg *gorm.Config) (*DB, error) {
	// _txlock=immediate makes write transactions take the write lock at BEGIN,
	// so two writers wait on busy_timeout instead of failing on lock upgrade.
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	gdb, err := gorm.Open(sqlite.Open(dsn), gcfg)
	if err != nil {
		return nil, fmt.Errorf("open SQLite at %s: %w", path, err)
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	// WAL lets readers run beside the one writer; keep enough connections
	// open that busy moments reuse them instead of reopening the file.
	sqlDB.SetMaxOpenConns(16)
	sqlDB.SetMaxIdleConns(16)
	return &DB{DB: gdb, Dialect: SQLite, Location: "SQLite " + path}, nil
}

func openPostgres(cfg Config, gcfg *gorm.Config) (*DB, error) {
	gdb, err := gorm.Open(postgres.Open(cfg.URL), gcfg)
	if err != nil {
		return nil, fmt.Errorf("open PostgreSQL: %w", redact(err, cfg.URL))
	}
	sqlDB, err := gdb.DB()
	if err != nil {
		return nil, err
	}
	maxOpen := cfg.MaxOpenConns
	if maxOpen <= 0 {
		maxOpen = 20
	}
	sqlDB.SetMaxOpenConns(maxOpen)
	sqlDB.SetMaxIdleConns(maxOpen / 2)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	sqlDB.SetConnMaxLifetime(time.Hour)
	return &DB{DB: gdb, Dialect: Postgres, Location: "PostgreSQL " + hostOf(cfg.URL)}, nil
}

// Ping checks that the database answers within the context's deadline.
func (db *DB) Ping(ctx context.Context) error {
	sqlDB, err := db.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.PingContext(ctx)
}

// Close closes the connection pool.
func (db *DB) Close() error {
	sqlDB, err := db.DB.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// hostOf returns host/dbname of a PostgreSQL URL, without user or password.
func hostOf(url string) string {
	rest := url[strings.Index(url, "://")+3:]
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = rest[at+1:]
	}
	if q := strings.Index(rest, "?"); q >= 0 {
		rest = rest[:q]
	}
	return rest
}

// redact keeps a password in the URL out of an error message.
func redact(err error, url string) error {
	msg := err.Error()
	if strings.Contains(msg, url) {
		msg = strings.ReplaceAll(msg, url, "postgres://"+hostOf(url))
	}
	return errors.New(msg)
}
