package accounts

import "time"

// SetClock makes the service read the time from now, for tests of expiry.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// RecentFor is how long a user found by a credential is remembered, for tests.
const RecentFor = recentFor
