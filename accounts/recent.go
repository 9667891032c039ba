package accounts

import (
	"crypto/sha256"
	"slices"
	"sync"
	"time"
)

// How long, and for how many credentials at most, a user found by a
// credential (an API token, or a Basic e-mail and password) is remembered.
//
// Every API and OpenRosa request presents a credential, and reading its
// user from the database was half of the CPU of ingest. A change made
// through this Service (a revoked token, a disabled user, a new role,
// countries, grants or password) forgets every remembered user at once,
// so this process never honours a stale credential. Another haven process
// (the CLI revoking a token, a second server behind a load balancer) has
// its own memory: there a revoked token, a changed password or a lowered
// role goes on working for at most recentFor. That is acceptable: a
// revocation is never instant for requests already under way (a slow
// upload runs for longer than that), the owner could have sent the same
// requests a few seconds earlier with the same effect, every write is
// still audited under the owner's name, and the database, the check of
// record, is asked again after a few seconds. surveys.Service bounds how
// long another process's new survey version goes unseen the same way.
const (
	recentFor     = 5 * time.Second
	recentMaxKept = 10_000
)

// recentUsers remembers users by a digest of their credential (SHA-256 of
// a token, an HMAC of an e-mail and password), so it holds no secret.
// Failed checks are never remembered: a guess costs what it did. The zero
// value is ready to use.
type recentUsers struct {
	mu      sync.Mutex
	entries map[[sha256.Size]byte]recentUser
	// gen counts changes to users and tokens. A lookup that missed notes
	// gen before it reads the database and keeps its result only if gen
	// is unchanged, so a read that raced with a change cannot put the old
	// answer back.
	gen uint64
}

type recentUser struct {
	user  User
	until time.Time
}

// get returns the remembered user of a credential, or the generation to
// pass to put after reading the database.
func (c *recentUsers) get(k [sha256.Size]byte, now time.Time) (User, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if ok && !now.Before(e.until) {
		delete(c.entries, k)
		ok = false
	}
	if !ok {
		return User{}, false, c.gen
	}
	return cloneUser(e.user), true, c.gen
}

// put remembers a credential's user unless users changed since gen.
func (c *recentUsers) put(k [sha256.Size]byte, u User, gen uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.entries == nil {
		c.entries = map[[sha256.Size]byte]recentUser{}
	}
	if len(c.entries) >= recentMaxKept {
		for key, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, key)
			}
		}
		if len(c.entries) >= recentMaxKept {
			clear(c.entries) // users are read once more; nothing breaks
		}
	}
	c.entries[k] = recentUser{user: cloneUser(u), until: now.Add(recentFor)}
}

// forgetAll forgets every user; call it once a change to users or tokens
// is committed. Such changes are rare next to requests, so forgetting all
// is simpler than finding the few entries concerned, and as correct.
func (c *recentUsers) forgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.entries)
}

// cloneUser copies the slices of u, so no caller can change a remembered user.
func cloneUser(u User) User {
	u.Countries = slices.Clone(u.Countries)
	u.Grants = slices.Clone(u.Grants)
	return u
}
