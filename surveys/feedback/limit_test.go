package feedback

import (
	"strings"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	l := NewLimiter()
	l.now = func() time.Time { return now }

	// One client gets its burst, then waits for the bucket to refill.
	allowed := 0
	for range int(clientBurst) + 10 {
		if l.Allow("link-one", "192.0.2.7") {
			allowed++
		}
	}
	if allowed != int(clientBurst) {
		t.Errorf("one client was allowed %d requests at once, want %v", allowed, clientBurst)
	}
	if !l.Allow("link-one", "192.0.2.8") {
		t.Error("another client on the same link was refused")
	}
	now = now.Add(time.Second)
	if !l.Allow("link-one", "192.0.2.7") {
		t.Error("the client was still refused after its bucket refilled")
	}

	// A link shared by many clients stops at the link's burst.
	l2 := NewLimiter()
	l2.now = l.now
	allowed = 0
	for i := range int(linkBurst) + 10 {
		if l2.Allow("link-two", "198.51.100."+string(rune('0'+i%10))+"/"+strings.Repeat("x", i)) {
			allowed++
		}
	}
	if allowed != int(linkBurst) {
		t.Errorf("a link was allowed %d requests at once, want %v", allowed, linkBurst)
	}

	// Nothing kept holds a client's address.
	for k := range l.buckets {
		if strings.Contains(k, "192.0.2") {
			t.Errorf("a bucket key holds the address: %s", k)
		}
	}
}
