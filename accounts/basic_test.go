package accounts_test

import (
	"context"
	"sync"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
)

func TestBasicUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, log := newService(t, db)
		mustCreate(t, s, accounts.NewUser{Email: "admin@example.org", Role: accounts.RoleAdmin, Password: goodPassword})
		u := mustCreate(t, s, accounts.NewUser{Email: "c@example.org", Role: accounts.RoleCollector, Password: goodPassword})
		off := mustCreate(t, s, accounts.NewUser{Email: "off@example.org", Role: accounts.RoleCollector, Password: goodPassword})
		disabled := true
		if _, err := s.UpdateUser(ctx, off.ID, accounts.UserPatch{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		_, token, err := s.CreateToken(ctx, u.ID, "phone")
		if err != nil {
			t.Fatal(err)
		}

		for _, tc := range []struct{ name, username, password string }{
			{"e-mail and password", "C@example.org", goodPassword},
			{"token under any name", "field phone 3", token},
			{"token without a name", "", token},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := s.BasicUser(ctx, tc.username, tc.password, "10.0.0.1")
				if err != nil || got.ID != u.ID {
					t.Errorf("BasicUser = %v, %v", got.ID, err)
				}
			})
		}
		for _, tc := range []struct{ name, username, password string }{
			{"wrong password", "c@example.org", "wrong password!"},
			{"unknown e-mail", "who@example.org", goodPassword},
			{"user name with a password", "Collector C", goodPassword},
			{"disabled user", "off@example.org", goodPassword},
			{"revoked-looking token", "c@example.org", "hvn_not-a-token"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := s.BasicUser(ctx, tc.username, tc.password, "10.0.0.2"); haven.KindOf(err) != haven.KindUnauthenticated {
					t.Errorf("err = %v, want unauthenticated", err)
				}
			})
		}
		// No session comes of it, and no login event: devices send Basic with every request.
		var sessions int64
		db.Raw("SELECT COUNT(*) FROM sessions").Scan(&sessions)
		logins, _, _ := log.List(ctx, audit.Filter{Action: "login"})
		if sessions != 0 || len(logins) != 0 {
			t.Errorf("%d sessions and %d login events, want none", sessions, len(logins))
		}

		// Guessing a password through Basic is throttled like logging in;
		// a device that proved the password before keeps working.
		mustCreate(t, s, accounts.NewUser{Email: "d@example.org", Role: accounts.RoleCollector, Password: goodPassword})
		for range 5 {
			s.BasicUser(ctx, "d@example.org", "guess guess guess", "10.0.0.3")
			s.BasicUser(ctx, "c@example.org", "guess guess guess", "10.0.0.5")
		}
		if _, err := s.BasicUser(ctx, "d@example.org", goodPassword, "10.0.0.4"); haven.KindOf(err) != haven.KindTooManyRequests {
			t.Errorf("after 5 failures: err = %v, want too many requests", err)
		}
		if _, err := s.BasicUser(ctx, "c@example.org", goodPassword, "10.0.0.1"); err != nil {
			t.Errorf("a device checked before, while guesses lock the account: %v", err)
		}
		if _, err := s.BasicUser(ctx, "anyone", token, "10.0.0.4"); err != nil {
			t.Errorf("a token still works while the password is throttled: %v", err)
		}

		// A device's requests arriving together are checked once, not taken for guesses.
		e := mustCreate(t, s, accounts.NewUser{Email: "e@example.org", Role: accounts.RoleCollector, Password: goodPassword})
		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for range 12 {
			wg.Go(func() {
				_, err := s.BasicUser(ctx, "e@example.org", goodPassword, "10.0.0.6")
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("a request among several at once: %v", err)
			}
		}

		// Remembered credentials end with a new password, and with a disabled user.
		newPassword := "another good password"
		if _, err := s.UpdateUser(ctx, e.ID, accounts.UserPatch{Password: &newPassword}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.BasicUser(ctx, "e@example.org", goodPassword, "10.0.0.6"); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("the old password after a change: %v", err)
		}
		if _, err := s.BasicUser(ctx, "e@example.org", newPassword, "10.0.0.6"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateUser(ctx, e.ID, accounts.UserPatch{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.BasicUser(ctx, "e@example.org", newPassword, "10.0.0.6"); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("a disabled user: %v", err)
		}
	})
}
