package audit_test

import (
	"context"
	"testing"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
)

func TestRecordAndFilter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		log := audit.New(db.DB)
		alice := audit.WithRequestID(audit.WithActor(context.Background(), audit.Actor{ID: "u1", Email: "alice@example.org"}), "req-1")
		bob := audit.WithActor(context.Background(), audit.Actor{ID: "u2", Email: "bob@example.org"})
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		must(log.Record(alice, nil, "user.create", "user", "u9", map[string]any{"role": "viewer"}))
		must(log.Record(alice, nil, "user.update", "user", "u9", nil))
		must(log.Record(bob, nil, "login", "user", "u2", nil))
		must(log.Record(bob, nil, "token.create", "api_token", "t1", nil))

		all, next, err := log.List(context.Background(), audit.Filter{})
		must(err)
		if len(all) != 4 || next != "" {
			t.Fatalf("all = %d events, next %q", len(all), next)
		}
		if all[0].Action != "token.create" || all[3].Action != "user.create" {
			t.Errorf("not newest first: %s … %s", all[0].Action, all[3].Action)
		}
		first := all[3]
		if first.ActorEmail != "alice@example.org" || first.RequestID != "req-1" || first.Detail["role"] != "viewer" || first.At.IsZero() {
			t.Errorf("event = %+v", first)
		}
		tests := []struct {
			name string
			f    audit.Filter
			want []string
		}{
			{"by actor", audit.Filter{ActorID: "u2"}, []string{"token.create", "login"}},
			{"by exact action", audit.Filter{Action: "login"}, []string{"login"}},
			{"by action prefix", audit.Filter{Action: "user."}, []string{"user.update", "user.create"}},
			{"by object", audit.Filter{ObjectType: "user", ObjectID: "u9"}, []string{"user.update", "user.create"}},
			{"wildcards match only themselves", audit.Filter{Action: "%."}, nil},
			{"since the future", audit.Filter{Since: time.Now().Add(time.Hour)}, nil},
			{"until the past", audit.Filter{Until: time.Now().Add(-time.Hour)}, nil},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, _, err := log.List(context.Background(), tc.f)
				must(err)
				var actions []string
				for _, e := range got {
					actions = append(actions, e.Action)
				}
				if len(actions) != len(tc.want) {
					t.Fatalf("got %v, want %v", actions, tc.want)
				}
				for i := range actions {
					if actions[i] != tc.want[i] {
						t.Errorf("got %v, want %v", actions, tc.want)
					}
				}
			})
		}

		page1, next, err := log.List(context.Background(), audit.Filter{Limit: 3})
		must(err)
		page2, last, err := log.List(context.Background(), audit.Filter{Limit: 3, Cursor: next})
		must(err)
		if len(page1) != 3 || len(page2) != 1 || last != "" || page2[0].ID >= page1[2].ID {
			t.Errorf("pages: %d then %d (next %q)", len(page1), len(page2), last)
		}
		if _, _, err := log.List(context.Background(), audit.Filter{Cursor: "abc"}); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("bad cursor: %v", err)
		}
	})
}

// TestRecordJoinsTheTransaction checks that an event written in a rolled
// back transaction disappears with the change it describes.
func TestRecordJoinsTheTransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		log := audit.New(db.DB)
		ctx := context.Background()
		tx := db.Begin()
		if err := log.Record(ctx, tx, "thing.create", "thing", "1", nil); err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		events, _, _ := log.List(ctx, audit.Filter{})
		if len(events) != 0 {
			t.Errorf("a rolled-back event survived: %+v", events)
		}
	})
}
