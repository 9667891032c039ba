// Package audit keeps Haven's append-only audit log: who did what to which
// object, when, in which request. The database refuses updates and deletes of
// audit rows (see the migrations), so the log can only grow.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"gorm.io/gorm"
)

// Actor is who performed an action.
type Actor struct {
	ID    string
	Email string
}

type ctxKey int

const (
	actorKey ctxKey = iota
	requestIDKey
)

// WithActor returns a context that records actor as the one acting.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey, a)
}

// ActorFrom returns the actor recorded in ctx, if any.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey).(Actor)
	return a
}

// WithRequestID returns a context that carries the request ID into audit events.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestIDFrom returns the request ID in ctx, or "".
func RequestIDFrom(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Event is one audit log entry.
type Event struct {
	ID         int64          `json:"id"`
	At         time.Time      `json:"at"`
	ActorID    string         `json:"actor_id"`
	ActorEmail string         `json:"actor_email"`
	Action     string         `json:"action"`
	ObjectType string         `json:"object_type"`
	ObjectID   string         `json:"object_id"`
	RequestID  string         `json:"request_id"`
	Detail     map[string]any `json:"detail,omitempty"`
}

type row struct {
	ID         int64 `gorm:"primaryKey"`
	At         time.Time
	ActorID    string
	ActorEmail string
	Action     string
	ObjectType string
	ObjectID   string
	RequestID  string
	Detail     string
}

func (row) TableName() string { return "audit_events" }

// Tables returns the row types this package stores, for schema checks.
func Tables() []any { return []any{&row{}} }

// Log writes and reads audit events.
type Log struct {
	db  *gorm.DB
	now func() time.Time
}

// New returns a Log on db.
func New(db *gorm.DB) *Log {
	return &Log{db: db, now: func() time.Time { return time.Now().UTC() }}
}

// Record appends an event. Actor and request ID come from ctx. Pass a
// transaction as tx to make the event part of the change it describes; nil
// uses the log's own connection.
func (l *Log) Record(ctx context.Context, tx *gorm.DB, action, objectType, objectID string, detail map[string]any) error {
	if tx == nil {
		tx = l.db
	}
	actor := ActorFrom(ctx)
	r := row{
		At:         l.now(),
		ActorID:    actor.ID,
		ActorEmail: actor.Email,
		Action:     action,
		ObjectType: objectType,
		ObjectID:   objectID,
		RequestID:  RequestIDFrom(ctx),
	}
	if len(detail) > 0 {
		b, err := json.Marshal(detail)
		if err != nil {
			return fmt.Errorf("audit detail: %w", err)
		}
		r.Detail = string(b)
	}
	if err := tx.WithContext(ctx).Create(&r).Error; err != nil {
		return fmt.Errorf("write audit event %s: %w", action, err)
	}
	return nil
}

// Filter narrows a listing. Zero fields do not filter.
type Filter struct {
	ActorID    string
	Action     string // exact, or a prefix ending in "." such as "user."
	ObjectType string
	ObjectID   string
	Since      time.Time
	Until      time.Time
	// Cursor continues a listing: events older than this ID.
	Cursor string
	Limit  int
}

// likeEscaper makes % and _ in a prefix match themselves, not any text.
var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// List returns events newest first and the cursor for the next page ("" at the end).
// It fails with haven.ErrInvalid for a malformed cursor.
func (l *Log) List(ctx context.Context, f Filter) ([]Event, string, error) {
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := l.db.WithContext(ctx).Model(&row{})
	if f.ActorID != "" {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		if strings.HasSuffix(f.Action, ".") {
			q = q.Where(`action LIKE ? ESCAPE '\'`, likeEscaper.Replace(f.Action)+"%")
		} else {
			q = q.Where("action = ?", f.Action)
		}
	}
	if f.ObjectType != "" {
		q = q.Where("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		q = q.Where("object_id = ?", f.ObjectID)
	}
	if !f.Since.IsZero() {
		q = q.Where("at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		q = q.Where("at < ?", f.Until.UTC())
	}
	if f.Cursor != "" {
		before, err := strconv.ParseInt(f.Cursor, 10, 64)
		if err != nil || before <= 0 {
			return nil, "", &haven.Error{Kind: haven.KindInvalid, Message: "invalid cursor",
				Fields: []haven.FieldError{{Field: "cursor", Message: "pass back the value of next from the previous page"}}}
		}
		q = q.Where("id < ?", before)
	}
	var rows []row
	if err := q.Order("id DESC").Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list audit events: %w", err)
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		next = strconv.FormatInt(rows[len(rows)-1].ID, 10)
	}
	events := make([]Event, len(rows))
	for i, r := range rows {
		events[i] = Event{ID: r.ID, At: r.At, ActorID: r.ActorID, ActorEmail: r.ActorEmail, Action: r.Action,
			ObjectType: r.ObjectType, ObjectID: r.ObjectID, RequestID: r.RequestID}
		if r.Detail != "" {
			_ = json.Unmarshal([]byte(r.Detail), &events[i].Detail)
		}
	}
	return events, next, nil
}
