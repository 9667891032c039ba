package accounts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
)

// Service manages accounts. It records every change in the audit log, in the
// same transaction as the change.
type Service struct {
	db     *gorm.DB
	audit  *audit.Log
	now    func() time.Time
	basic  basicAuth   // Basic passwords checked lately (basic.go)
	recent recentUsers // users found lately by a token or Basic credentials (recent.go)
}

// NewService returns a Service storing in db and auditing to log.
func NewService(db *gorm.DB, log *audit.Log) *Service {
	return &Service{db: db, audit: log, now: func() time.Time { return time.Now().UTC() }}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// CreateUser creates a user. It fails with haven.ErrInvalid listing every bad
// field, or haven.ErrConflict when the e-mail is taken.
func (s *Service) CreateUser(ctx context.Context, n NewUser) (User, error) {
	var v haven.Validation
	n.Email = normalizeEmail(n.Email)
	checkEmail(&v, n.Email)
	checkRole(&v, n.Role)
	countries := normalizeCountries(&v, n.Role, n.Countries)
	grants := normalizeGrants(&v, n.Grants)
	if n.Password != "" {
		checkPassword(&v, "password", n.Password)
	}
	v.Check(len(n.Name) <= 200, "name", "must be at most 200 characters")
	if err := v.Err(); err != nil {
		return User{}, err
	}
	hash := ""
	if n.Password != "" {
		var err error
		if hash, err = hashPassword(n.Password); err != nil {
			return User{}, err
		}
	}
	now := s.now()
	r := userRow{ID: newID(), Email: n.Email, Name: strings.TrimSpace(n.Name), PasswordHash: hash, Role: string(n.Role),
		Countries: strings.Join(countries, ","), Grants: joinGrants(grants), CreatedAt: now, UpdatedAt: now}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&r).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return &haven.Error{Kind: haven.KindConflict, Message: "a user with this e-mail already exists",
					Fields: []haven.FieldError{{Field: "email", Message: "is already in use"}}}
			}
			return fmt.Errorf("create user: %w", err)
		}
		return s.audit.Record(ctx, tx, "user.create", "user", r.ID,
			map[string]any{"email": r.Email, "role": r.Role, "countries": countries, "grants": grants})
	})
	if err != nil {
		return User{}, err
	}
	return r.user(), nil
}

// User returns one user. It fails with haven.ErrNotFound.
func (s *Service) User(ctx context.Context, id string) (User, error) {
	r, err := s.userRow(ctx, s.db, "id = ?", id)
	return r.user(), err
}

// UserByEmail returns the user with this e-mail. It fails with haven.ErrNotFound.
func (s *Service) UserByEmail(ctx context.Context, email string) (User, error) {
	r, err := s.userRow(ctx, s.db, "email = ?", normalizeEmail(email))
	return r.user(), err
}

func (s *Service) userRow(ctx context.Context, db *gorm.DB, where string, arg any) (userRow, error) {
	var r userRow
	err := db.WithContext(ctx).Where(where, arg).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return r, haven.Errorf(haven.KindNotFound, "no such user")
	}
	if err != nil {
		return r, fmt.Errorf("read user: %w", err)
	}
	return r, nil
}

// ListUsers returns users ordered by creation, limit at a time, and the
// cursor of the next page ("" at the end).
func (s *Service) ListUsers(ctx context.Context, cursor string, limit int) ([]User, string, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := s.db.WithContext(ctx).Order("id")
	if cursor != "" {
		if _, err := uuid.Parse(cursor); err != nil {
			return nil, "", &haven.Error{Kind: haven.KindInvalid, Message: "invalid cursor",
				Fields: []haven.FieldError{{Field: "cursor", Message: "pass back the value of next from the previous page"}}}
		}
		q = q.Where("id > ?", cursor)
	}
	var rows []userRow
	if err := q.Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list users: %w", err)
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		next = rows[limit-1].ID
	}
	users := make([]User, len(rows))
	for i, r := range rows {
		users[i] = r.user()
	}
	return users, next, nil
}

// UpdateUser applies patch to a user inside one transaction and audits what
// changed. Disabling a user or changing their password ends their sessions.
// It fails with haven.ErrNotFound, haven.ErrInvalid, or haven.ErrConflict
// when the change would leave Haven without an active admin.
func (s *Service) UpdateUser(ctx context.Context, id string, p UserPatch) (User, error) {
	// Remembered users carry their role, scope and state: forget them
	// once the change is committed (see recentUsers).
	defer s.recent.forgetAll()
	var out userRow
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		r, err := s.userRow(ctx, tx, "id = ?", id)
		if err != nil {
			return err
		}
		var v haven.Validation
		changes := map[string]any{}
		changed := map[string]any{}
		role := Role(r.Role)
		if p.Role != nil {
			role = *p.Role
			checkRole(&v, role)
		}
		// Only real changes are written and audited: a form that sends every
		// field must not make every field look changed.
		if p.Name != nil {
			name := strings.TrimSpace(*p.Name)
			v.Check(len(name) <= 200, "name", "must be at most 200 characters")
			if name != r.Name {
				changes["name"], changed["name"] = name, name
			}
		}
		if p.Role != nil && string(role) != r.Role {
			changes["role"], changed["role"] = string(role), string(role)
		}
		countries := splitList(r.Countries)
		if p.Countries != nil {
			countries = *p.Countries
		} else if !role.Scoped() {
			countries = nil // a role without country scope drops the old scope
		}
		if cs := normalizeCountries(&v, role, countries); strings.Join(cs, ",") != r.Countries {
			changes["countries"], changed["countries"] = strings.Join(cs, ","), cs
		}
		if p.Grants != nil {
			if gs := normalizeGrants(&v, *p.Grants); joinGrants(gs) != r.Grants {
				changes["grants"], changed["grants"] = joinGrants(gs), gs
			}
		}
		if p.Disabled != nil && *p.Disabled != r.Disabled {
			changes["disabled"], changed["disabled"] = *p.Disabled, *p.Disabled
		}
		if p.Password != nil {
			checkPassword(&v, "password", *p.Password)
			changed["password"] = "changed"
		}
		if err := v.Err(); err != nil {
			return err
		}
		if p.Password != nil {
			hash, err := hashPassword(*p.Password)
			if err != nil {
				return err
			}
			changes["password_hash"] = hash
		}
		if len(changes) == 0 {
			out = r
			return nil
		}
		changes["updated_at"] = s.now()
		if err := tx.Model(&userRow{}).Where("id = ?", id).Updates(changes).Error; err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		if err := requireActiveAdmin(tx); err != nil {
			return err
		}
		if (p.Disabled != nil && *p.Disabled) || p.Password != nil {
			if err := tx.Where("user_id = ?", id).Delete(&sessionRow{}).Error; err != nil {
				return fmt.Errorf("end sessions: %w", err)
			}
		}
		if err := s.audit.Record(ctx, tx, "user.update", "user", id, changed); err != nil {
			return err
		}
		out, err = s.userRow(ctx, tx, "id = ?", id)
		return err
	})
	if err != nil {
		return User{}, err
	}
	return out.user(), nil
}

// requireActiveAdmin refuses a change that leaves no enabled admin, which
// would lock everyone out of user management.
func requireActiveAdmin(tx *gorm.DB) error {
	var n int64
	if err := tx.Model(&userRow{}).Where("role = ? AND disabled = ?", string(RoleAdmin), false).Count(&n).Error; err != nil {
		return fmt.Errorf("count admins: %w", err)
	}
	if n == 0 {
		return haven.Errorf(haven.KindConflict, "Haven must keep at least one enabled admin")
	}
	return nil
}

// HasAdmin reports whether any enabled admin exists.
func (s *Service) HasAdmin(ctx context.Context) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&userRow{}).Where("role = ? AND disabled = ?", string(RoleAdmin), false).Count(&n).Error
	return n > 0, err
}

// ChangePassword sets a new password after checking the current one. Other
// sessions of the user end; keepSession (a raw session ID, may be "") stays.
func (s *Service) ChangePassword(ctx context.Context, userID, current, next, keepSession string) error {
	var v haven.Validation
	checkPassword(&v, "new_password", next)
	if err := v.Err(); err != nil {
		return err
	}
	r, err := s.userRow(ctx, s.db, "id = ?", userID)
	if err != nil {
		return err
	}
	if r.PasswordHash == "" || !checkPasswordHash(r.PasswordHash, current) {
		return &haven.Error{Kind: haven.KindInvalid, Message: "the current password is wrong",
			Fields: []haven.FieldError{{Field: "current_password", Message: "is wrong"}}}
	}
	hash, err := hashPassword(next)
	if err != nil {
		return err
	}
	// The old password must stop working for Basic at once (recentUsers).
	defer s.recent.forgetAll()
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&userRow{}).Where("id = ?", userID).
			Updates(map[string]any{"password_hash": hash, "updated_at": s.now()}).Error; err != nil {
			return fmt.Errorf("change password: %w", err)
		}
		if err := tx.Where("user_id = ? AND id_hash <> ?", userID, hashSecret(keepSession)).Delete(&sessionRow{}).Error; err != nil {
			return fmt.Errorf("end other sessions: %w", err)
		}
		return s.audit.Record(ctx, tx, "user.password_change", "user", userID, nil)
	})
}
