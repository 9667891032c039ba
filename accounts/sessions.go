package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"gorm.io/gorm"
)

// Session lifetimes: a web session ends after SessionIdle without use, and
// at the latest SessionMax after login.
const (
	SessionIdle = 12 * time.Hour
	SessionMax  = 7 * 24 * time.Hour
	// Sessions are touched at most this often, so reads do not each write.
	sessionTouchEvery = 5 * time.Minute
)

// Login throttling: after this many failures inside the window, further
// attempts for the same account, or from the same client, are refused.
const (
	throttleWindow     = 15 * time.Minute
	maxFailsPerAccount = 5
	maxFailsPerClient  = 20
)

// Session is a logged-in web session. ID is the secret the browser holds in
// its cookie; only its hash is stored.
type Session struct {
	ID        string
	CSRFToken string
	ExpiresAt time.Time
	User      User
}

// newSecret returns 32 random bytes, URL-safe base64 encoded.
func newSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's random source is broken; nothing is safe
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashSecret(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

var errBadLogin = &haven.Error{Kind: haven.KindUnauthenticated, Message: "wrong e-mail or password"}

// Login checks an e-mail and password and starts a new session. client
// identifies the caller (its network address) for throttling; it is stored
// only as a hash, for the throttle window. It fails with
// haven.ErrUnauthenticated for a wrong e-mail or password (without saying
// which) and haven.ErrTooManyRequests while throttled.
func (s *Service) Login(ctx context.Context, email, password, client string) (Session, error) {
	email = normalizeEmail(email)
	accountKey, clientKey := hashSecret("account:"+email), hashSecret("client:"+client)
	if err := s.checkThrottle(ctx, accountKey, clientKey); err != nil {
		_ = s.audit.Record(ctx, nil, "login.throttled", "user", "", map[string]any{"email": email})
		return Session{}, err
	}
	r, err := s.userRow(ctx, s.db, "email = ?", email)
	if err != nil && haven.KindOf(err) != haven.KindNotFound {
		return Session{}, err
	}
	ctx = audit.WithActor(ctx, audit.Actor{ID: r.ID, Email: email})
	hash := r.PasswordHash
	if hash == "" {
		hash = dummyHash
	}
	ok := checkPasswordHash(hash, password) && r.ID != "" && r.PasswordHash != "" && !r.Disabled
	if !ok {
		if err := s.recordFailure(ctx, accountKey, clientKey); err != nil {
			return Session{}, err
		}
		_ = s.audit.Record(ctx, nil, "login.failed", "user", r.ID, map[string]any{"email": email})
		return Session{}, errBadLogin
	}
	now := s.now()
	sess := Session{ID: newSecret(), CSRFToken: newSecret(), ExpiresAt: now.Add(SessionIdle), User: r.user()}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&sessionRow{IDHash: hashSecret(sess.ID), UserID: r.ID, CSRFToken: sess.CSRFToken,
			CreatedAt: now, ExpiresAt: sess.ExpiresAt, LastSeenAt: now}).Error; err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		// Sessions past their expiry are dead weight; sweep them at each login.
		if err := tx.Where("expires_at < ?", now).Delete(&sessionRow{}).Error; err != nil {
			return fmt.Errorf("sweep sessions: %w", err)
		}
		// A successful login clears the account's failures, not the client's.
		if err := tx.Where("key_hash = ?", accountKey).Delete(&loginFailureRow{}).Error; err != nil {
			return fmt.Errorf("clear login failures: %w", err)
		}
		return s.audit.Record(ctx, tx, "login", "user", r.ID, nil)
	})
	if err != nil {
		return Session{}, err
	}
	return sess, nil
}

func (s *Service) checkThrottle(ctx context.Context, accountKey, clientKey string) error {
	since := s.now().Add(-throttleWindow)
	var counts []struct {
		KeyHash string
		N       int
	}
	err := s.db.WithContext(ctx).Model(&loginFailureRow{}).Select("key_hash, COUNT(*) AS n").
		Where("key_hash IN ? AND at > ?", []string{accountKey, clientKey}, since).Group("key_hash").Scan(&counts).Error
	if err != nil {
		return fmt.Errorf("read login failures: %w", err)
	}
	for _, c := range counts {
		if (c.KeyHash == accountKey && c.N >= maxFailsPerAccount) || (c.KeyHash == clientKey && c.N >= maxFailsPerClient) {
			return haven.Errorf(haven.KindTooManyRequests, "too many failed logins; try again in 15 minutes")
		}
	}
	return nil
}

func (s *Service) recordFailure(ctx context.Context, keys ...string) error {
	now := s.now()
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Old failures are useless once out of the window; drop them as we go.
		if err := tx.Where("at <= ?", now.Add(-throttleWindow)).Delete(&loginFailureRow{}).Error; err != nil {
			return fmt.Errorf("prune login failures: %w", err)
		}
		rows := make([]loginFailureRow, len(keys))
		for i, k := range keys {
			rows[i] = loginFailureRow{KeyHash: k, At: now}
		}
		if err := tx.Create(&rows).Error; err != nil {
			return fmt.Errorf("record login failure: %w", err)
		}
		return nil
	})
}

// SessionByID returns the live session whose secret is id, sliding its
// expiry. It fails with haven.ErrUnauthenticated when the session is
// unknown, expired, or its user disabled.
func (s *Service) SessionByID(ctx context.Context, id string) (Session, error) {
	if id == "" {
		return Session{}, haven.ErrUnauthenticated
	}
	var sr sessionRow
	err := s.db.WithContext(ctx).Where("id_hash = ?", hashSecret(id)).Take(&sr).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Session{}, haven.Errorf(haven.KindUnauthenticated, "your session has ended; log in again")
	}
	if err != nil {
		return Session{}, fmt.Errorf("read session: %w", err)
	}
	now := s.now()
	if !now.Before(sr.ExpiresAt) || !now.Before(sr.CreatedAt.Add(SessionMax)) {
		return Session{}, haven.Errorf(haven.KindUnauthenticated, "your session has ended; log in again")
	}
	ur, err := s.userRow(ctx, s.db, "id = ?", sr.UserID)
	if err != nil || ur.Disabled {
		return Session{}, haven.Errorf(haven.KindUnauthenticated, "your session has ended; log in again")
	}
	if now.Sub(sr.LastSeenAt) > sessionTouchEvery {
		sr.ExpiresAt = now.Add(SessionIdle)
		err := s.db.WithContext(ctx).Model(&sessionRow{}).Where("id_hash = ?", sr.IDHash).
			Updates(map[string]any{"last_seen_at": now, "expires_at": sr.ExpiresAt}).Error
		if err != nil {
			return Session{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return Session{ID: id, CSRFToken: sr.CSRFToken, ExpiresAt: sr.ExpiresAt, User: ur.user()}, nil
}

// Logout ends a session. Ending an unknown session is not an error.
func (s *Service) Logout(ctx context.Context, id string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var sr sessionRow
		err := tx.Where("id_hash = ?", hashSecret(id)).Take(&sr).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read session: %w", err)
		}
		if err := tx.Where("id_hash = ?", sr.IDHash).Delete(&sessionRow{}).Error; err != nil {
			return fmt.Errorf("end session: %w", err)
		}
		return s.audit.Record(ctx, tx, "logout", "user", sr.UserID, nil)
	})
}
