package surveys

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
)

// newBatchService is a Service on a fresh PostgreSQL schema with a small
// survey published; batches exist only there.
func newBatchService(t *testing.T) (*Service, *database.DB, Version) {
	t.Helper()
	db := dbtest.OpenPostgres(t)
	s := NewService(db.DB, audit.New(db.DB), func(Definition) ([]byte, error) { return []byte("<h:html/>"), nil })
	v, err := s.Publish(context.Background(), Definition{FormID: "batch", Name: "batch", Title: "Batch", Kind: KindGeneral,
		Questions: []Question{{Type: TypeText, Name: "org", Label: Text{"": "Organisation"}, Required: true}}}, "")
	if err != nil {
		t.Fatal(err)
	}
	return s, db, v
}

// pending is a submission of v as insertWithAudit queues it.
func pending(v Version, instanceID, actor string) *pendingInsert {
	lat, lon := 16.7, 98.5
	return &pendingInsert{
		row: submissionRow{ID: newID(), SurveyID: v.SurveyID, SurveyVersionID: v.ID, InstanceID: instanceID,
			ContentHash: strings.Repeat("0", 64), Answers: `{"org":"x"}`, Status: StatusSubmitted, Channel: string(ChannelAPI),
			CollectorID: actor, CollectorEmail: actor + "@example.org", Latitude: &lat, Longitude: &lon, SubmittedAt: time.Now().UTC()},
		actor: audit.Actor{ID: actor, Email: actor + "@example.org"}, requestID: "req-" + actor, detail: `{"channel":"api"}`,
		done: make(chan struct{}),
	}
}

// eventsOf returns the submission.create events of a submission as actor and request ID.
func eventsOf(t *testing.T, db *database.DB, submissionID string) []string {
	t.Helper()
	var got []struct{ ActorID, ActorEmail, RequestID, Detail string }
	if err := db.Raw("SELECT actor_id, actor_email, request_id, detail FROM audit_events WHERE action = 'submission.create' AND object_id = ?",
		submissionID).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range got {
		out = append(out, e.ActorID+" "+e.ActorEmail+" "+e.RequestID+" "+e.Detail)
	}
	return out
}

func count(t *testing.T, db *database.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Raw(query, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// One statement stores the new submissions of a batch, each with its own
// audit event, and leaves out instance IDs stored before or repeated.
func TestInsertMany(t *testing.T) {
	s, db, v := newBatchService(t)
	ctx := context.Background()
	earlier := pending(v, uuid.NewString(), "u0")
	if created, err := s.insertOne(ctx, earlier); err != nil || !created {
		t.Fatalf("insertOne = %v, %v", created, err)
	}
	a, b, c := pending(v, uuid.NewString(), "u1"), pending(v, uuid.NewString(), "u2"), pending(v, uuid.NewString(), "u3")
	c.row.Latitude, c.row.Longitude = nil, nil // no position
	againA := pending(v, a.row.InstanceID, "u4")
	againEarlier := pending(v, earlier.row.InstanceID, "u5")
	stored, err := s.insertMany(ctx, []*pendingInsert{a, againA, b, againEarlier, c})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		p    *pendingInsert
		want bool
	}{{"new", a, true}, {"same instance ID in the batch", againA, false}, {"another new", b, true},
		{"instance ID stored before", againEarlier, false}, {"new without a position", c, true}} {
		t.Run(tc.name, func(t *testing.T) {
			if stored[tc.p.row.ID] != tc.want {
				t.Errorf("stored = %v, want %v", stored[tc.p.row.ID], tc.want)
			}
			events := eventsOf(t, db, tc.p.row.ID)
			want := 0
			if tc.want {
				want = 1
				if exp := tc.p.actor.ID + " " + tc.p.actor.Email + " " + tc.p.requestID + " " + tc.p.detail; len(events) == 1 && events[0] != exp {
					t.Errorf("audit event %q, want %q", events[0], exp)
				}
			}
			if len(events) != want {
				t.Errorf("%d audit events, want %d", len(events), want)
			}
		})
	}
	if n := count(t, db, "SELECT COUNT(*) FROM submissions"); n != 4 {
		t.Errorf("%d submissions stored, want 4", n)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM submissions WHERE id = ? AND latitude IS NULL AND longitude IS NULL", c.row.ID); n != 1 {
		t.Error("a submission without a position was stored with one")
	}
	if n := count(t, db, "SELECT COUNT(*) FROM submissions WHERE id = ? AND latitude = 16.7 AND longitude = 98.5", a.row.ID); n != 1 {
		t.Error("a submission's position was not stored")
	}
}

// A submission the database refuses fails alone: the others of its
// batch are stored, and nothing of it is.
func TestStoreBatchFailsAlone(t *testing.T) {
	s, db, v := newBatchService(t)
	good1, bad, good2 := pending(v, uuid.NewString(), "u1"), pending(v, uuid.NewString(), "u2"), pending(v, uuid.NewString(), "u3")
	bad.row.CollectorEmail = strings.Repeat("x", 400) + "@example.org" // longer than the column
	batch := []*pendingInsert{good1, bad, good2}
	if _, err := s.insertMany(context.Background(), batch); err == nil {
		t.Fatal("the batch with a bad submission was stored")
	}
	s.storeBatch(batch)
	for _, p := range batch {
		<-p.done
	}
	if !good1.created || good1.err != nil || !good2.created || good2.err != nil {
		t.Errorf("good submissions: %v %v, %v %v; want both stored", good1.created, good1.err, good2.created, good2.err)
	}
	if bad.created || bad.err == nil {
		t.Errorf("bad submission: %v %v; want an error", bad.created, bad.err)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM submissions"); n != 2 {
		t.Errorf("%d submissions stored, want 2", n)
	}
	if n := len(eventsOf(t, db, bad.row.ID)); n != 0 {
		t.Errorf("%d audit events for the refused submission", n)
	}
}

// Many submissions at once, some repeated, through Submit: batches form,
// and each instance ID is stored once, with one audit event, and reported
// new to exactly one of its senders.
func TestSubmitConcurrentBatches(t *testing.T) {
	s, db, v := newBatchService(t)
	const distinct, repeats = 120, 3
	ids := make([]string, distinct)
	for i := range ids {
		ids[i] = uuid.NewString()
	}
	type result struct {
		instance, id string
		created      bool
		err          error
	}
	results := make(chan result, distinct*repeats)
	var wg sync.WaitGroup
	for range repeats {
		for _, instance := range ids {
			wg.Go(func() {
				ctx := audit.WithRequestID(audit.WithActor(context.Background(), audit.Actor{ID: "c", Email: "c@example.org"}), "r")
				sub, created, err := s.Submit(ctx, NewSubmission{VersionID: v.ID, InstanceID: instance,
					Answers: Answers{"org": "Org"}, Channel: ChannelAPI, Collector: audit.Actor{ID: "c", Email: "c@example.org"}})
				results <- result{instance, sub.ID, created, err}
			})
		}
	}
	wg.Wait()
	close(results)
	created := map[string]int{}
	subID := map[string]string{}
	for r := range results {
		if r.err != nil {
			t.Fatalf("submit: %v", r.err)
		}
		if r.created {
			created[r.instance]++
		}
		if prev, ok := subID[r.instance]; ok && prev != r.id {
			t.Errorf("instance %s answered as submissions %s and %s", r.instance, prev, r.id)
		}
		subID[r.instance] = r.id
	}
	for _, instance := range ids {
		if created[instance] != 1 {
			t.Errorf("instance %s reported new %d times, want once", instance, created[instance])
		}
	}
	if n := count(t, db, "SELECT COUNT(*) FROM submissions"); n != distinct {
		t.Errorf("%d submissions stored, want %d", n, distinct)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM audit_events WHERE action = 'submission.create' AND actor_id = 'c' AND request_id = 'r'"); n != distinct {
		t.Errorf("%d audit events, want %d", n, distinct)
	}
	if n := count(t, db, "SELECT COUNT(*) FROM submissions s WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.object_id = s.id)"); n != 0 {
		t.Errorf("%d submissions without an audit event", n)
	}
}
