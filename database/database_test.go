package database_test

import (
	"context"
	"strings"
	"testing"

	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
)

func TestSQLiteSettings(t *testing.T) {
	db, err := database.Open(database.Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Dialect != database.SQLite || !strings.HasSuffix(db.Location, "haven.db") {
		t.Errorf("dialect %s at %s", db.Dialect, db.Location)
	}
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000"} {
		var got string
		if err := db.Raw("PRAGMA " + pragma).Scan(&got).Error; err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
	if err := db.Ping(context.Background()); err != nil {
		t.Error(err)
	}
}

func TestOpenRefusesUnknownURLs(t *testing.T) {
	for _, url := range []string{"mysql://root@localhost/x", "redis://localhost"} {
		if _, err := database.Open(database.Config{URL: url}); err == nil {
			t.Errorf("%s: opened", url)
		}
	}
}

func TestPostgresErrorsHideThePassword(t *testing.T) {
	_, err := database.Open(database.Config{URL: "postgres://haven:s3cret-pw@127.0.0.1:1/haven?connect_timeout=1"})
	if err == nil {
		t.Skip("something answers on port 1")
	}
	if strings.Contains(err.Error(), "s3cret-pw") {
		t.Errorf("error leaks the password: %v", err)
	}
}

func TestPostgresPool(t *testing.T) {
	db := dbtest.OpenPostgres(t)
	if db.Dialect != database.Postgres || strings.Contains(db.Location, "@") {
		t.Errorf("dialect %s, location %q", db.Dialect, db.Location)
	}
	sqlDB, _ := db.DB.DB()
	if got := sqlDB.Stats().MaxOpenConnections; got != 8 {
		t.Errorf("pool size = %d, want the configured 8", got)
	}
}
