package migrations_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/migrations"
	"github.com/haven-project/haven/reports"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
	"github.com/haven-project/haven/surveys/feedback"
	"gorm.io/gorm/schema"
)

// tables lists every row type the code stores. A package that adds tables
// adds its Tables() here, so the schema check covers it.
func tables() []any {
	return slices.Concat(accounts.Tables(), audit.Tables(), mapping.Tables(), drafts.Tables(), surveys.Tables(), analytics.Tables(), feedback.Tables(), reports.Tables())
}

func TestBothDialectsHoldTheSameVersions(t *testing.T) {
	sqlite, err := migrations.List("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	postgres, err := migrations.List("postgres")
	if err != nil {
		t.Fatal(err)
	}
	if len(sqlite) == 0 {
		t.Fatal("no migrations found")
	}
	names := func(ms []migrations.Migration) []string {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = m.Version + "_" + m.Name
		}
		return out
	}
	if a, b := names(sqlite), names(postgres); !slices.Equal(a, b) {
		t.Fatalf("sqlite migrations %v differ from postgres %v", a, b)
	}
	for i, m := range sqlite {
		if want := i + 1; m.Version != versionString(want) {
			t.Errorf("migration %s: versions must run 0001, 0002, … without gaps; want %s", m.Version, versionString(want))
		}
	}
}

func versionString(n int) string {
	return string([]byte{byte('0' + n/1000%10), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}

// TestSchemaMatchesCode checks that every column the code maps exists after
// migration, and that no migrated column is unknown to the code.
func TestSchemaMatchesCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		for _, model := range tables() {
			s, err := schema.Parse(model, &sync.Map{}, db.NamingStrategy)
			if err != nil {
				t.Fatalf("parse %T: %v", model, err)
			}
			if !db.Migrator().HasTable(s.Table) {
				t.Errorf("table %s (for %T) does not exist after migration", s.Table, model)
				continue
			}
			cols, err := db.Migrator().ColumnTypes(s.Table)
			if err != nil {
				t.Fatal(err)
			}
			inDB := map[string]bool{}
			for _, c := range cols {
				inDB[c.Name()] = true
			}
			for _, f := range s.Fields {
				if f.DBName != "" && !inDB[f.DBName] {
					t.Errorf("%s.%s is mapped by %T but missing from the schema", s.Table, f.DBName, model)
				}
				delete(inDB, f.DBName)
			}
			for c := range inDB {
				t.Errorf("%s.%s exists in the schema but no field of %T maps it", s.Table, c, model)
			}
		}
	})
}

func TestUpIsIdempotentAndStatusListsAll(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		applied, err := migrations.Up(ctx, db.DB, string(db.Dialect))
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second Up applied %v, want nothing", applied)
		}
		states, err := migrations.State(ctx, db.DB, string(db.Dialect))
		if err != nil {
			t.Fatal(err)
		}
		all, _ := migrations.List(string(db.Dialect))
		if len(states) != len(all) {
			t.Fatalf("status lists %d migrations, want %d", len(states), len(all))
		}
		for _, s := range states {
			if s.AppliedAt.IsZero() {
				t.Errorf("migration %s not applied", s.Version)
			}
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		log := audit.New(db.DB)
		if err := log.Record(ctx, nil, "test.event", "thing", "1", nil); err != nil {
			t.Fatal(err)
		}
		if err := db.Exec("UPDATE audit_events SET action = 'forged'").Error; err == nil {
			t.Error("UPDATE of audit_events succeeded; the log must be append-only")
		}
		if err := db.Exec("DELETE FROM audit_events").Error; err == nil {
			t.Error("DELETE from audit_events succeeded; the log must be append-only")
		}
	})
}
