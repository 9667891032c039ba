package accounts_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
)

// Users found by a token are remembered for a few seconds; a change made through the same
// Service must still take effect at the very next request.
func TestTokenChangesTakeEffectAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		mustCreate(t, s, accounts.NewUser{Email: "admin@example.org", Role: accounts.RoleAdmin})
		u := mustCreate(t, s, accounts.NewUser{Email: "c@example.org", Role: accounts.RoleCollector, Countries: []string{"TH"}})
		tok, secret, err := s.CreateToken(ctx, u.ID, "phone")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.UserByToken(ctx, secret)
		if err != nil || got.Role != accounts.RoleCollector {
			t.Fatalf("UserByToken = %+v, %v", got, err)
		}
		got.Countries[0] = "LA" // a caller changing its copy changes nothing remembered
		if again, _ := s.UserByToken(ctx, secret); !again.InCountry("TH") || again.InCountry("LA") {
			t.Errorf("remembered user changed through a caller's copy: %+v", again)
		}

		researcher := accounts.RoleResearcher
		if _, err := s.UpdateUser(ctx, u.ID, accounts.UserPatch{Role: &researcher}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.UserByToken(ctx, secret); err != nil || got.Role != researcher {
			t.Errorf("after a role change: %+v, %v; want the new role at once", got, err)
		}
		grants := []accounts.Grant{accounts.GrantRawData}
		if _, err := s.UpdateUser(ctx, u.ID, accounts.UserPatch{Grants: &grants}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.UserByToken(ctx, secret); err != nil || !got.Has(accounts.GrantRawData) {
			t.Errorf("after a new grant: %+v, %v; want the grant at once", got, err)
		}
		disabled, enabled := true, false
		if _, err := s.UpdateUser(ctx, u.ID, accounts.UserPatch{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByToken(ctx, secret); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("the token of a disabled user: %v, want unauthenticated at once", err)
		}
		if _, err := s.UpdateUser(ctx, u.ID, accounts.UserPatch{Disabled: &enabled}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByToken(ctx, secret); err != nil {
			t.Fatalf("after enabling again: %v", err)
		}
		if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByToken(ctx, secret); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("a revoked token: %v, want unauthenticated at once", err)
		}
	})
}

// Another haven process (here: another Service on the same database) does
// not see this one's cache: a token it revokes stops working here after
// at most RecentFor.
func TestTokenRevokedElsewhereStopsWithinTTL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		server, _ := newService(t, db)
		cli, _ := newService(t, db)
		now := time.Now().UTC()
		server.SetClock(func() time.Time { return now })
		u := mustCreate(t, server, accounts.NewUser{Email: "c@example.org", Role: accounts.RoleCollector})
		tok, secret, err := server.CreateToken(ctx, u.ID, "phone")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := server.UserByToken(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if err := cli.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		now = now.Add(accounts.RecentFor - time.Millisecond)
		if _, err := server.UserByToken(ctx, secret); err != nil {
			t.Errorf("within the cache's lifetime the token is still remembered here: %v", err)
		}
		now = now.Add(time.Millisecond)
		if _, err := server.UserByToken(ctx, secret); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("%v after a revocation elsewhere: %v, want unauthenticated", accounts.RecentFor, err)
		}
	})
}

// Lookups running while a token is revoked must not put it back in the
// cache: once RevokeToken returns, the token is refused.
func TestTokenRevokeDuringLookups(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		u := mustCreate(t, s, accounts.NewUser{Email: "c@example.org", Role: accounts.RoleCollector})
		for round := range 20 {
			tok, secret, err := s.CreateToken(ctx, u.ID, "phone")
			if err != nil {
				t.Fatal(err)
			}
			var stop atomic.Bool
			var wg sync.WaitGroup
			for range 4 {
				wg.Go(func() {
					for !stop.Load() {
						s.UserByToken(ctx, secret)
					}
				})
			}
			if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
				t.Fatal(err)
			}
			_, err = s.UserByToken(ctx, secret)
			stop.Store(true)
			wg.Wait()
			if haven.KindOf(err) != haven.KindUnauthenticated {
				t.Fatalf("round %d: a token revoked while others looked it up: %v, want unauthenticated", round, err)
			}
		}
	})
}

// Basic credentials remember their user the same way: a change made
// through the same Service takes effect at the next request.
func TestBasicChangesTakeEffectAtOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		mustCreate(t, s, accounts.NewUser{Email: "admin@example.org", Role: accounts.RoleAdmin})
		u := mustCreate(t, s, accounts.NewUser{Email: "c@example.org", Role: accounts.RoleCollector, Password: goodPassword})
		for range 2 { // checked, then remembered
			if got, err := s.BasicUser(ctx, "c@example.org", goodPassword, "10.0.0.1"); err != nil || got.Role != accounts.RoleCollector {
				t.Fatalf("BasicUser = %+v, %v", got, err)
			}
		}
		researcher := accounts.RoleResearcher
		if _, err := s.UpdateUser(ctx, u.ID, accounts.UserPatch{Role: &researcher}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.BasicUser(ctx, "c@example.org", goodPassword, "10.0.0.1"); err != nil || got.Role != researcher {
			t.Errorf("after a role change: %+v, %v; want the new role at once", got, err)
		}
		newPassword := "a brand new password"
		if err := s.ChangePassword(ctx, u.ID, goodPassword, newPassword, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := s.BasicUser(ctx, "c@example.org", goodPassword, "10.0.0.1"); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("the old password after ChangePassword: %v, want unauthenticated at once", err)
		}
		if _, err := s.BasicUser(ctx, "c@example.org", newPassword, "10.0.0.1"); err != nil {
			t.Errorf("the new password: %v", err)
		}
	})
}

// A password changed by another haven process stops working here within
// RecentFor.
func TestBasicPasswordChangedElsewhereStopsWithinTTL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		server, _ := newService(t, db)
		cli, _ := newService(t, db)
		now := time.Now().UTC()
		server.SetClock(func() time.Time { return now })
		u := mustCreate(t, server, accounts.NewUser{Email: "c@example.org", Role: accounts.RoleCollector, Password: goodPassword})
		if _, err := server.BasicUser(ctx, "c@example.org", goodPassword, "10.0.0.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := server.BasicUser(ctx, "c@example.org", goodPassword, "10.0.0.1"); err != nil { // now remembered
			t.Fatal(err)
		}
		if err := cli.ChangePassword(ctx, u.ID, goodPassword, "a brand new password", ""); err != nil {
			t.Fatal(err)
		}
		now = now.Add(accounts.RecentFor - time.Millisecond)
		if _, err := server.BasicUser(ctx, "c@example.org", goodPassword, "10.0.0.1"); err != nil {
			t.Errorf("within the memory's lifetime the old password is still remembered here: %v", err)
		}
		now = now.Add(time.Millisecond)
		if _, err := server.BasicUser(ctx, "c@example.org", goodPassword, "10.0.0.1"); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("%v after a password change elsewhere: %v, want unauthenticated", accounts.RecentFor, err)
		}
	})
}
