package feedback

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// Limiter rate-limits the participant routes without remembering who
// called: a token bucket for all participants together, one per link, and
// one per client keyed on a salted hash of the client's address. The salt
// is made when the process starts and lives only in memory, and so do the
// buckets: no address is ever stored, logged, or recoverable from what is.
type Limiter struct {
	mu      sync.Mutex
	salt    []byte
	global  bucket
	buckets map[string]*bucket
	now     func() time.Time
}

// Rates of the limiter's buckets: requests per second, and how many may
// come at once. A room of participants on one link (or behind one shared
// Wi-Fi address) loads a page and sends a response each, a handful of
// requests apiece.
const (
	globalRate, globalBurst = 50.0, 600.0
	linkRate, linkBurst     = 5.0, 300.0
	clientRate, clientBurst = 2.0, 100.0
	// maxBuckets bounds memory: idle buckets (full again) are dropped
	// when there are more.
	maxBuckets = 20_000
)

type bucket struct {
	tokens float64
	at     time.Time
}

// take refills b for the time passed and takes one token if there is one.
func (b *bucket) take(now time.Time, rate, burst float64) bool {
	if b.at.IsZero() {
		b.tokens, b.at = burst, now
	}
	b.tokens = min(burst, b.tokens+now.Sub(b.at).Seconds()*rate)
	b.at = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// NewLimiter returns a limiter with a fresh salt.
func NewLimiter() *Limiter {
	salt := make([]byte, 32)
	rand.Read(salt)
	return &Limiter{salt: salt, buckets: map[string]*bucket{}, now: time.Now}
}

// Allow reports whether a request on the link token from the client
// address may go ahead. It keeps neither: the link by its hash, the client
// by a salted hash.
func (l *Limiter) Allow(token, client string) bool {
	mac := hmac.New(sha256.New, l.salt)
	mac.Write([]byte(client))
	clientKey := "c:" + hex.EncodeToString(mac.Sum(nil)[:16])
	linkKey := "l:" + hashToken(token)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.buckets) > maxBuckets {
		l.sweep(now)
	}
	c, lk := l.bucket(clientKey), l.bucket(linkKey)
	// Every bucket must have a token; take from none when one is empty, so
	// a refused request costs the others nothing.
	probe := func(b *bucket, rate, burst float64) bool {
		trial := *b
		return trial.take(now, rate, burst)
	}
	if !probe(&l.global, globalRate, globalBurst) || !probe(lk, linkRate, linkBurst) || !probe(c, clientRate, clientBurst) {
		return false
	}
	l.global.take(now, globalRate, globalBurst)
	lk.take(now, linkRate, linkBurst)
	c.take(now, clientRate, clientBurst)
	return true
}

func (l *Limiter) bucket(key string) *bucket {
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{}
		l.buckets[key] = b
	}
	return b
}

// sweep drops buckets that have refilled: they hold nothing to remember.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		rate, burst := clientRate, clientBurst
		if k[0] == 'l' {
			rate, burst = linkRate, linkBurst
		}
		if b.tokens+now.Sub(b.at).Seconds()*rate >= burst {
			delete(l.buckets, k)
		}
	}
}
