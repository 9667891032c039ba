package accounts

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/haven-project/haven"
)

// BasicUser checks the credentials of HTTP Basic authentication, as ODK
// Collect and Enketo send them with every request: an e-mail and its
// password, or an API token as the password (the user name is then not
// looked at, so a device may show any name). No session is made and a
// success is not audited: it happens at every request.
//
// A password is checked as Login checks it, throttled the same way, so
// Basic is no way around the limit; client identifies the caller (its
// network address) and is kept only as a hash. Because devices repeat
// their credentials with every request, often several at once, a checked
// e-mail and password are then remembered for basicRemember, and the same
// credentials arriving together are checked once: a device's own requests
// neither pay for a password check each nor count as guesses. The user
// itself is read afresh after recentFor at the latest, so a changed
// password, a disabled user or a changed role take effect at once when
// made through this Service, and within recentFor when made by another
// haven process (recent.go says why that is acceptable).
//
// It fails with haven.ErrUnauthenticated for wrong or unknown credentials
// (without saying which) and haven.ErrTooManyRequests while throttled.
func (s *Service) BasicUser(ctx context.Context, username, password, client string) (User, error) {
	if strings.HasPrefix(password, tokenPrefix) {
		return s.UserByToken(ctx, password)
	}
	email := normalizeEmail(username)
	key := s.basic.keyOf(email, password)
	now := s.now()
	u, ok, gen := s.recent.get(key, now)
	if ok {
		return u, nil
	}
	if e, ok := s.basic.lookup(key, now); ok {
		r, err := s.userRow(ctx, s.db, "id = ?", e.userID)
		if err != nil && haven.KindOf(err) != haven.KindNotFound {
			return User{}, err
		}
		if err == nil && r.Email == email && r.PasswordHash == e.passwordHash && !r.Disabled {
			u := r.user()
			s.recent.put(key, u, gen, now)
			return u, nil
		}
		s.basic.forget(key)
	}
	for {
		call, leader := s.basic.join(key)
		if leader {
			s.checkOnce(ctx, key, call, email, password, client)
			return call.user.user(), call.err
		}
		select {
		case <-call.done:
		case <-ctx.Done():
			return User{}, ctx.Err()
		}
		if !errors.Is(call.err, context.Canceled) && !errors.Is(call.err, context.DeadlineExceeded) {
			return call.user.user(), call.err
		}
		// The request that checked went away before the end: check again.
	}
}

// checkOnce checks a password for everyone waiting on call.
func (s *Service) checkOnce(ctx context.Context, key [sha256.Size]byte, call *basicCall, email, password, client string) {
	defer s.basic.leave(key, call)
	call.user, call.err = s.checkBasicPassword(ctx, email, password, client)
	if call.err == nil {
		s.basic.remember(key, call.user, s.now())
	}
}

// checkBasicPassword is Login's password check, without a session.
func (s *Service) checkBasicPassword(ctx context.Context, email, password, client string) (userRow, error) {
	return s.checkCredentials(ctx, email, password, client, "basic")
}

// How long, and for how many credentials at most, checked Basic
// credentials are remembered.
const (
	basicRemember = 15 * time.Minute
	basicMaxKept  = 10_000
)

// basicAuth remembers Basic credentials checked lately, by an HMAC of the
// e-mail and password under a key made at start: it holds no password, nor
// a hash of one that could be attacked without the key. The zero value is
// ready to use.
type basicAuth struct {
	once     sync.Once
	secret   []byte
	mu       sync.Mutex
	checked  map[[sha256.Size]byte]basicEntry
	checking map[[sha256.Size]byte]*basicCall
}

// basicEntry is a checked credential: whose, against which password hash
// (a changed password makes it worthless), until when.
type basicEntry struct {
	userID       string
	passwordHash string
	until        time.Time
}

// basicCall is one password check that requests with the same
// credentials wait for.
type basicCall struct {
	done chan struct{}
	user userRow
	err  error
}

func (b *basicAuth) keyOf(email, password string) [sha256.Size]byte {
	b.once.Do(func() {
		b.secret = make([]byte, 32)
		if _, err := rand.Read(b.secret); err != nil {
			panic(err) // the system's random source is broken; nothing is safe
		}
	})
	m := hmac.New(sha256.New, b.secret)
	m.Write([]byte(email))
	m.Write([]byte{0})
	m.Write([]byte(password))
	var k [sha256.Size]byte
	copy(k[:], m.Sum(nil))
	return k
}

func (b *basicAuth) lookup(k [sha256.Size]byte, now time.Time) (basicEntry, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.checked[k]
	if ok && !now.Before(e.until) {
		delete(b.checked, k)
		return basicEntry{}, false
	}
	return e, ok
}

func (b *basicAuth) remember(k [sha256.Size]byte, r userRow, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.checked == nil {
		b.checked = map[[sha256.Size]byte]basicEntry{}
	}
	if len(b.checked) >= basicMaxKept {
		for key, e := range b.checked {
			if !now.Before(e.until) {
				delete(b.checked, key)
			}
		}
		if len(b.checked) >= basicMaxKept {
			clear(b.checked) // devices check their password once more; nothing breaks
		}
	}
	b.checked[k] = basicEntry{userID: r.ID, passwordHash: r.PasswordHash, until: now.Add(basicRemember)}
}

func (b *basicAuth) forget(k [sha256.Size]byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.checked, k)
}

// join returns the check under way for k, or starts one (leader true),
// which the caller must end with leave.
func (b *basicAuth) join(k [sha256.Size]byte) (*basicCall, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c, ok := b.checking[k]; ok {
		return c, false
	}
	if b.checking == nil {
		b.checking = map[[sha256.Size]byte]*basicCall{}
	}
	c := &basicCall{done: make(chan struct{})}
	b.checking[k] = c
	return c, true
}

func (b *basicAuth) leave(k [sha256.Size]byte, c *basicCall) {
	b.mu.Lock()
	delete(b.checking, k)
	b.mu.Unlock()
	close(c.done)
}
