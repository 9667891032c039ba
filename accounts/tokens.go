package accounts

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"gorm.io/gorm"
)

// tokenPrefix marks Haven API tokens, so secret scanners and people can tell them apart.
const tokenPrefix = "hvn_"

// Token describes an API token. The secret itself is shown once, at creation.
type Token struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"` // the first characters, to recognise a token
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func (r tokenRow) token() Token {
	return Token{ID: r.ID, Name: r.Name, Prefix: r.Prefix, CreatedAt: r.CreatedAt, LastUsedAt: r.LastUsedAt, RevokedAt: r.RevokedAt}
}

// CreateToken makes a new API token for a user and returns it with its
// secret, which is stored only as a hash. It fails with haven.ErrNotFound for
// an unknown user and haven.ErrInvalid for a bad name.
func (s *Service) CreateToken(ctx context.Context, userID, name string) (Token, string, error) {
	name = strings.TrimSpace(name)
	var v haven.Validation
	v.Check(name != "", "name", "is required: say what the token is for, to recognise it later")
	v.Check(len(name) <= 100, "name", "must be at most 100 characters")
	if err := v.Err(); err != nil {
		return Token{}, "", err
	}
	if _, err := s.User(ctx, userID); err != nil {
		return Token{}, "", err
	}
	secret := tokenPrefix + newSecret()
	r := tokenRow{ID: newID(), UserID: userID, Name: name, TokenHash: hashSecret(secret),
		Prefix: secret[:len(tokenPrefix)+6], CreatedAt: s.now()}
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&r).Error; err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return s.audit.Record(ctx, tx, "token.create", "api_token", r.ID, map[string]any{"user_id": userID, "name": name})
	})
	if err != nil {
		return Token{}, "", err
	}
	return r.token(), secret, nil
}

// Tokens lists a user's tokens, newest first, revoked ones included.
func (s *Service) Tokens(ctx context.Context, userID string) ([]Token, error) {
	var rows []tokenRow
	if err := s.db.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	out := make([]Token, len(rows))
	for i, r := range rows {
		out[i] = r.token()
	}
	return out, nil
}

// RevokeToken revokes one of a user's tokens; it stops working at once.
// Revoking a revoked token is not an error. It fails with haven.ErrNotFound
// when the user has no such token.
func (s *Service) RevokeToken(ctx context.Context, userID, tokenID string) error {
	// After the commit: a lookup running meanwhile may have read the token
	// still valid, and must not keep it (see recentUsers.gen).
	defer s.recent.forgetAll()
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var r tokenRow
		err := tx.Where("id = ? AND user_id = ?", tokenID, userID).Take(&r).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return haven.Errorf(haven.KindNotFound, "no such token")
		}
		if err != nil {
			return fmt.Errorf("read token: %w", err)
		}
		if r.RevokedAt != nil {
			return nil
		}
		if err := tx.Model(&tokenRow{}).Where("id = ?", tokenID).Update("revoked_at", s.now()).Error; err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		return s.audit.Record(ctx, tx, "token.revoke", "api_token", tokenID, map[string]any{"user_id": userID})
	})
}

// RevokeTokenByPrefix revokes the token of a user whose shown prefix is
// prefix, for the command line where IDs are not at hand.
func (s *Service) RevokeTokenByPrefix(ctx context.Context, userID, prefix string) (Token, error) {
	var rows []tokenRow
	if err := s.db.WithContext(ctx).Where("user_id = ? AND (prefix = ? OR id = ?)", userID, prefix, prefix).Find(&rows).Error; err != nil {
		return Token{}, fmt.Errorf("find token: %w", err)
	}
	switch len(rows) {
	case 0:
		return Token{}, haven.Errorf(haven.KindNotFound, "no token of this user has ID or prefix %q", prefix)
	case 1:
		return rows[0].token(), s.RevokeToken(ctx, userID, rows[0].ID)
	default:
		return Token{}, haven.Errorf(haven.KindConflict, "several tokens start with %q; give the token ID", prefix)
	}
}

var errBadToken = haven.Errorf(haven.KindUnauthenticated, "the API token is not valid; it may have been revoked")

// UserByToken returns the user an API token belongs to. It fails with
// haven.ErrUnauthenticated for an unknown or revoked token or a disabled user.
func (s *Service) UserByToken(ctx context.Context, secret string) (User, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return User{}, errBadToken
	}
	key := sha256.Sum256([]byte(secret))
	now := s.now()
	u, ok, gen := s.recent.get(key, now)
	if ok {
		return u, nil
	}
	// One round trip for the token and its user: every API request asks.
	var found []struct {
		TokenID        string
		TokenLastUsed  *time.Time
		TokenRevokedAt *time.Time
		UserID         string
		Email          string
		Name           string
		Role           string
		Countries      string
		Grants         string
		Disabled       bool
		CreatedAt      time.Time
		UpdatedAt      time.Time
	}
	err := s.db.WithContext(ctx).Table("api_tokens AS t").
		Select("t.id AS token_id, t.last_used_at AS token_last_used, t.revoked_at AS token_revoked_at, "+
			"u.id AS user_id, u.email, u.name, u.role, u.countries, u.grants, u.disabled, u.created_at, u.updated_at").
		Joins("JOIN users AS u ON u.id = t.user_id").Where("t.token_hash = ?", hex.EncodeToString(key[:])).Limit(1).Scan(&found).Error
	if err != nil {
		return User{}, fmt.Errorf("read token: %w", err)
	}
	if len(found) == 0 || found[0].TokenRevokedAt != nil || found[0].Disabled {
		return User{}, errBadToken
	}
	f := found[0]
	ur := userRow{ID: f.UserID, Email: f.Email, Name: f.Name, Role: f.Role, Countries: f.Countries, Grants: f.Grants,
		Disabled: f.Disabled, CreatedAt: f.CreatedAt, UpdatedAt: f.UpdatedAt}
	r := tokenRow{ID: found[0].TokenID, LastUsedAt: found[0].TokenLastUsed}
	// A remembered token is not touched, but it is read again every
	// recentFor, much more often than it needs touching.
	if r.LastUsedAt == nil || now.Sub(*r.LastUsedAt) > sessionTouchEvery {
		if err := s.db.WithContext(ctx).Model(&tokenRow{}).Where("id = ?", r.ID).Update("last_used_at", now).Error; err != nil {
			return User{}, fmt.Errorf("touch token: %w", err)
		}
	}
	u = ur.user()
	s.recent.put(key, u, gen, now)
	return u, nil
}
