package drafts

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
)

// Directory is where drafts find providers: mapping.Directory.
type Directory interface {
	// All returns every live provider as u may see it, redacted.
	All(ctx context.Context, u accounts.User) ([]mapping.Provider, error)
}

// Taxonomy names service types: mapping.Taxonomy.
type Taxonomy interface {
	Terms(ctx context.Context) ([]mapping.Term, error)
}

// Service writes and reads sections, drafts and their frozen versions.
type Service struct {
	store Store
	dir   Directory
	tax   Taxonomy
	now   func() time.Time
}

// NewService returns the draft service on store, selecting from dir.
func NewService(store Store, dir Directory, tax Taxonomy) *Service {
	return &Service{store: store, dir: dir, tax: tax,
		// Microseconds: what PostgreSQL keeps, so a value read back equals the one written.
		now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// reader is who outputs are made for: nobody in particular, without any
// grant. Participants of feedback tests and the public hold none, so every
// draft, for testing or public distribution, holds only what the
// confidentiality tiers let anyone see.
var reader = accounts.User{}

// canEditAll reports whether u may change content for every one of countries.
func canEditAll(u accounts.User, countries []string) bool {
	if len(countries) == 0 {
		return mapping.CanEdit(u, "")
	}
	for _, c := range countries {
		if !mapping.CanEdit(u, c) {
			return false
		}
	}
	return true
}

func forbidden(u accounts.User, what string, countries []string) error {
	where := "every country"
	if len(countries) > 0 {
		where = strings.Join(countries, ", ")
	}
	scope := "all countries"
	if len(u.Countries) > 0 {
		scope = strings.Join(u.Countries, ", ")
	}
	return haven.Errorf(haven.KindForbidden, "as %s for %s you may not change %s for %s", u.Role, scope, what, where)
}

func preconditionFailed(what string, now, had int) error {
	return haven.Errorf(haven.KindPreconditionFailed,
		"the %s changed since you read it (now %d, you had %d); reload it and apply your change again", what, now, had)
}
