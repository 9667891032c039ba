package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"slices"
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
	r, err := s.checkCredentials(ctx, email, password, client, "password")
	if err != nil {
		return Session{}, err
	}
	ctx = audit.WithActor(ctx, audit.Actor{ID: r.ID, Email: r.Email})
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
		return s.audit.Record(ctx, tx, "login", "user", r.ID, nil)
	})
	if err != nil {
		return Session{}, err
	}
	return sess, nil
}

// checkCredentials checks an e-mail and password, with throttling: the
// attempt is recorded before the password is checked, so parallel guesses
// count against the limit too. A failure is audited (method says how the
// credentials came: "password" for the login form, "basic" for ODK). It
// fails with haven.ErrUnauthenticated without saying whether the e-mail
// exists, and haven.ErrTooManyRequests while throttled.
func (s *Service) checkCredentials(ctx context.Context, email, password, client, method string) (userRow, error) {
	email = normalizeEmail(email)
	accountKey, clientKey := hashSecret("account:"+email), hashSecret("client:"+client)
	// Only a well-formed address goes into the audit log: people type
	// passwords into the e-mail field.
	logged := ""
	if addr, err := mail.ParseAddress(email); err == nil && addr.Address == email {
		logged = email
	}
	clientAttempt, err := s.recordAttempt(ctx, accountKey, clientKey)
	if err != nil {
		if haven.KindOf(err) == haven.KindTooManyRequests {
			_ = s.audit.Record(ctx, nil, "login.throttled", "user", "", map[string]any{"email": logged, "method": method})
		}
		return userRow{}, err
	}
	r, err := s.userRow(ctx, s.db, "email = ?", email)
	if err != nil && haven.KindOf(err) != haven.KindNotFound {
		return userRow{}, err
	}
	hash := r.PasswordHash
	if hash == "" {
		hash = dummyHash // an unknown e-mail costs as much time as a known one
	}
	if !checkPasswordHash(hash, password) || r.ID == "" || r.PasswordHash == "" || r.Disabled {
		actx := audit.WithActor(ctx, audit.Actor{ID: r.ID, Email: logged})
		_ = s.audit.Record(actx, nil, "login.failed", "user", r.ID, map[string]any{"email": logged, "method": method})
		return userRow{}, errBadLogin
	}
	// Success clears the account's failures and this attempt of the
	// client's; the client's earlier failures stay.
	if err := s.db.WithContext(ctx).Where("key_hash = ? OR id = ?", accountKey, clientAttempt).Delete(&loginFailureRow{}).Error; err != nil {
		return userRow{}, fmt.Errorf("clear login failures: %w", err)
	}
	return r, nil
}

// recordAttempt records a login attempt for the account and the client
// and fails with haven.ErrTooManyRequests when either is over its limit
// within the window, counting this attempt. It returns the ID of the
// client's row, which a successful login removes again.
func (s *Service) recordAttempt(ctx context.Context, accountKey, clientKey string) (int64, error) {
	now := s.now()
	var clientRow int64
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if tx.Dialector.Name() == "postgres" {
			// Under READ COMMITTED, parallel attempts would not see each
			// other's rows; a lock per key makes them count one by one.
			// (SQLite runs write transactions one at a time already.)
			keys := []string{accountKey, clientKey}
			slices.Sort(keys)
			for _, k := range keys {
				if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext(?))", k).Error; err != nil {
					return fmt.Errorf("lock login attempts: %w", err)
				}
			}
		}
		// Old attempts are useless once out of the window; drop them as we go.
		if err := tx.Where("at <= ?", now.Add(-throttleWindow)).Delete(&loginFailureRow{}).Error; err != nil {
			return fmt.Errorf("prune login failures: %w", err)
		}
		rows := []loginFailureRow{{KeyHash: accountKey, At: now}, {KeyHash: clientKey, At: now}}
		if err := tx.Create(&rows).Error; err != nil {
			return fmt.Errorf("record login attempt: %w", err)
		}
		clientRow = rows[1].ID
		var counts []struct {
			KeyHash string
			N       int
		}
		if err := tx.Model(&loginFailureRow{}).Select("key_hash, COUNT(*) AS n").
			Where("key_hash IN ?", []string{accountKey, clientKey}).Group("key_hash").Scan(&counts).Error; err != nil {
			return fmt.Errorf("count login attempts: %w", err)
		}
		for _, c := range counts {
			if (c.KeyHash == accountKey && c.N > maxFailsPerAccount) || (c.KeyHash == clientKey && c.N > maxFailsPerClient) {
				return haven.Errorf(haven.KindTooManyRequests, "too many failed logins; try again in 15 minutes")
			}
		}
		return nil
	})
	return clientRow, err
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
	if err != nil && haven.KindOf(err) != haven.KindNotFound {
		return Session{}, err // a database fault is not a logout
	}
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
