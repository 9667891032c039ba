package accounts_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
)

const goodPassword = "correct horse battery"

func newService(t *testing.T, db *database.DB) (*accounts.Service, *audit.Log) {
	t.Helper()
	log := audit.New(db.DB)
	return accounts.NewService(db.DB, log), log
}

func mustCreate(t *testing.T, s *accounts.Service, n accounts.NewUser) accounts.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), n)
	if err != nil {
		t.Fatalf("create %s: %v", n.Email, err)
	}
	return u
}

func fieldsOf(err error) []string {
	var he *haven.Error
	if !errors.As(err, &he) {
		return nil
	}
	var out []string
	for _, f := range he.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestCreateUserValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := newService(t, db)
		mustCreate(t, s, accounts.NewUser{Email: "taken@example.org", Role: accounts.RoleViewer})
		tests := []struct {
			name       string
			in         accounts.NewUser
			kind       haven.Kind
			wantFields []string
		}{
			{"every bad field at once", accounts.NewUser{Email: "not-an-email", Role: "boss", Password: "short"},
				haven.KindInvalid, []string{"email", "role", "password"}},
			{"unknown country code", accounts.NewUser{Email: "a@example.org", Role: accounts.RoleEditor, Countries: []string{"TH", "XX"}},
				haven.KindInvalid, []string{"countries"}},
			{"admin cannot be scoped", accounts.NewUser{Email: "b@example.org", Role: accounts.RoleAdmin, Countries: []string{"TH"}},
				haven.KindInvalid, []string{"countries"}},
			{"unknown grant", accounts.NewUser{Email: "c@example.org", Role: accounts.RoleViewer, Grants: []accounts.Grant{"everything"}},
				haven.KindInvalid, []string{"grants"}},
			{"e-mail taken, whatever its case", accounts.NewUser{Email: " Taken@Example.org ", Role: accounts.RoleViewer},
				haven.KindConflict, []string{"email"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.CreateUser(context.Background(), tc.in)
				if haven.KindOf(err) != tc.kind {
					t.Fatalf("err = %v (kind %d), want kind %d", err, haven.KindOf(err), tc.kind)
				}
				if got := fieldsOf(err); !slices.Equal(got, tc.wantFields) {
					t.Errorf("fields = %v, want %v", got, tc.wantFields)
				}
			})
		}
	})
}

func TestCreateUserNormalizes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := newService(t, db)
		u := mustCreate(t, s, accounts.NewUser{Email: " Field.Worker@Example.ORG", Role: accounts.RoleCollector,
			Countries: []string{"kh", "TH", "th"}, Grants: []accounts.Grant{"raw_data", "confidential", "raw_data"}})
		if u.Email != "field.worker@example.org" {
			t.Errorf("email = %q", u.Email)
		}
		if !slices.Equal(u.Countries, []string{"KH", "TH"}) {
			t.Errorf("countries = %v", u.Countries)
		}
		if !u.Has(accounts.GrantConfidential) || !u.Has(accounts.GrantRawData) || len(u.Grants) != 2 {
			t.Errorf("grants = %v", u.Grants)
		}
		if !u.InCountry("th") || u.InCountry("VN") {
			t.Errorf("InCountry wrong for %v", u.Countries)
		}
		got, err := s.UserByEmail(context.Background(), "FIELD.worker@example.org")
		if err != nil || got.ID != u.ID {
			t.Errorf("UserByEmail = %v, %v", got, err)
		}
	})
}

func TestPasswordIsNeverStoredInClear(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := newService(t, db)
		mustCreate(t, s, accounts.NewUser{Email: "a@example.org", Role: accounts.RoleViewer, Password: goodPassword})
		var hash string
		db.Raw("SELECT password_hash FROM users").Scan(&hash)
		if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, goodPassword) {
			t.Errorf("stored password hash %q is not an argon2id hash", hash)
		}
	})
}

func TestLogin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, log := newService(t, db)
		u := mustCreate(t, s, accounts.NewUser{Email: "a@example.org", Role: accounts.RoleEditor, Password: goodPassword})
		mustCreate(t, s, accounts.NewUser{Email: "nopw@example.org", Role: accounts.RoleViewer})

		for _, tc := range []struct{ name, email, password string }{
			{"wrong password", "a@example.org", "wrong password!"},
			{"unknown e-mail", "who@example.org", goodPassword},
			{"user without password", "nopw@example.org", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := s.Login(ctx, tc.email, tc.password, "10.0.0.1")
				if haven.KindOf(err) != haven.KindUnauthenticated {
					t.Errorf("err = %v, want unauthenticated", err)
				}
			})
		}
		sess, err := s.Login(ctx, "A@example.org", goodPassword, "10.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if sess.User.ID != u.ID || sess.ID == "" || sess.CSRFToken == "" {
			t.Fatalf("session = %+v", sess)
		}
		got, err := s.SessionByID(ctx, sess.ID)
		if err != nil || got.User.ID != u.ID || got.CSRFToken != sess.CSRFToken {
			t.Fatalf("SessionByID = %+v, %v", got, err)
		}
		var stored int64
		db.Raw("SELECT COUNT(*) FROM sessions WHERE id_hash = ?", sess.ID).Scan(&stored)
		if stored != 0 {
			t.Error("the session secret is stored in clear")
		}
		if err := s.Logout(ctx, sess.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByID(ctx, sess.ID); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("session still valid after logout: %v", err)
		}
		events, _, err := log.List(ctx, audit.Filter{Action: "login"})
		if err != nil || len(events) != 1 || events[0].ActorID != u.ID {
			t.Errorf("login audit = %+v, %v", events, err)
		}
		failed, _, _ := log.List(ctx, audit.Filter{Action: "login.failed"})
		if len(failed) != 3 {
			t.Errorf("failed-login audit events = %d, want 3", len(failed))
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		mustCreate(t, s, accounts.NewUser{Email: "a@example.org", Role: accounts.RoleViewer, Password: goodPassword})
		mustCreate(t, s, accounts.NewUser{Email: "b@example.org", Role: accounts.RoleViewer, Password: goodPassword})
		for i := 0; i < 5; i++ {
			s.Login(ctx, "a@example.org", "wrong password", "client-1")
		}
		// The account is locked even for the right password and another client.
		if _, err := s.Login(ctx, "a@example.org", goodPassword, "client-2"); haven.KindOf(err) != haven.KindTooManyRequests {
			t.Errorf("after 5 failures: err = %v, want too many requests", err)
		}
		// Another account from another client is unaffected.
		if _, err := s.Login(ctx, "b@example.org", goodPassword, "client-2"); err != nil {
			t.Errorf("other account: %v", err)
		}
		// One client guessing across many accounts is stopped too.
		for i := 0; i < 20; i++ {
			s.Login(ctx, "guess"+string(rune('a'+i))+"@example.org", "x", "client-3")
		}
		if _, err := s.Login(ctx, "b@example.org", goodPassword, "client-3"); haven.KindOf(err) != haven.KindTooManyRequests {
			t.Errorf("after 20 failures from one client: err = %v, want too many requests", err)
		}
	})
}

func TestTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		u := mustCreate(t, s, accounts.NewUser{Email: "a@example.org", Role: accounts.RoleResearcher})
		other := mustCreate(t, s, accounts.NewUser{Email: "b@example.org", Role: accounts.RoleResearcher})
		tok, secret, err := s.CreateToken(ctx, u.ID, "R scripts")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, tok.Prefix) || len(secret) < 40 {
			t.Errorf("secret %q, prefix %q", secret, tok.Prefix)
		}
		var inClear int64
		db.Raw("SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? OR prefix = ?", secret, secret).Scan(&inClear)
		if inClear != 0 {
			t.Error("the token is stored in clear")
		}
		got, err := s.UserByToken(ctx, secret)
		if err != nil || got.ID != u.ID {
			t.Fatalf("UserByToken = %v, %v", got, err)
		}
		if _, err := s.UserByToken(ctx, secret+"x"); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("altered token accepted: %v", err)
		}
		if err := s.RevokeToken(ctx, other.ID, tok.ID); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("another user revoked the token: %v", err)
		}
		if err := s.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.UserByToken(ctx, secret); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("revoked token still works: %v", err)
		}
		list, _ := s.Tokens(ctx, u.ID)
		if len(list) != 1 || list[0].RevokedAt == nil {
			t.Errorf("tokens = %+v", list)
		}
	})
}

func TestUpdateUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, log := newService(t, db)
		admin := mustCreate(t, s, accounts.NewUser{Email: "admin@example.org", Role: accounts.RoleAdmin})
		u := mustCreate(t, s, accounts.NewUser{Email: "a@example.org", Role: accounts.RoleEditor, Countries: []string{"TH"}, Password: goodPassword})
		sess, err := s.Login(ctx, "a@example.org", goodPassword, "c")
		if err != nil {
			t.Fatal(err)
		}

		viewer := accounts.RoleViewer
		got, err := s.UpdateUser(ctx, u.ID, accounts.UserPatch{Role: &viewer})
		if err != nil {
			t.Fatal(err)
		}
		if got.Role != viewer || len(got.Countries) != 0 {
			t.Errorf("after role change to viewer: %+v (countries should be dropped)", got)
		}
		disabled := true
		if _, err := s.UpdateUser(ctx, u.ID, accounts.UserPatch{Disabled: &disabled}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByID(ctx, sess.ID); haven.KindOf(err) != haven.KindUnauthenticated {
			t.Errorf("a disabled user's session still works: %v", err)
		}
		if _, err := s.UpdateUser(ctx, admin.ID, accounts.UserPatch{Disabled: &disabled}); haven.KindOf(err) != haven.KindConflict {
			t.Errorf("disabling the last admin: err = %v, want conflict", err)
		}
		bad := accounts.Role("root")
		if _, err := s.UpdateUser(ctx, u.ID, accounts.UserPatch{Role: &bad}); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("bad role: %v", err)
		}
		if _, err := s.UpdateUser(ctx, "no-such-id", accounts.UserPatch{Role: &viewer}); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("unknown user: %v", err)
		}
		events, _, _ := log.List(ctx, audit.Filter{Action: "user.update", ObjectID: u.ID})
		if len(events) != 2 {
			t.Errorf("user.update events = %d, want 2", len(events))
		}
	})
}

func TestChangePassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		u := mustCreate(t, s, accounts.NewUser{Email: "a@example.org", Role: accounts.RoleViewer, Password: goodPassword})
		keep, _ := s.Login(ctx, u.Email, goodPassword, "c")
		other, _ := s.Login(ctx, u.Email, goodPassword, "c")
		if err := s.ChangePassword(ctx, u.ID, "wrong", "a new long password", keep.ID); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("wrong current password: %v", err)
		}
		if err := s.ChangePassword(ctx, u.ID, goodPassword, "a new long password", keep.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByID(ctx, keep.ID); err != nil {
			t.Errorf("the session that changed the password ended: %v", err)
		}
		if _, err := s.SessionByID(ctx, other.ID); err == nil {
			t.Error("other sessions survive a password change")
		}
		if _, err := s.Login(ctx, u.Email, "a new long password", "c"); err != nil {
			t.Errorf("login with new password: %v", err)
		}
	})
}

func TestListUsersPaginates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		for i := 0; i < 5; i++ {
			mustCreate(t, s, accounts.NewUser{Email: string(rune('a'+i)) + "@example.org", Role: accounts.RoleViewer})
		}
		var seen []string
		cursor := ""
		for pages := 0; ; pages++ {
			users, next, err := s.ListUsers(ctx, cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range users {
				seen = append(seen, u.Email)
			}
			if next == "" {
				break
			}
			if pages > 5 {
				t.Fatal("pagination does not end")
			}
			cursor = next
		}
		if want := []string{"a@example.org", "b@example.org", "c@example.org", "d@example.org", "e@example.org"}; !slices.Equal(seen, want) {
			t.Errorf("pages gave %v, want %v", seen, want)
		}
		if _, _, err := s.ListUsers(ctx, "garbage", 2); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("bad cursor: %v", err)
		}
	})
}

func TestSetup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		secret, err := s.StartSetup(ctx)
		if err != nil || secret == "" {
			t.Fatalf("StartSetup = %q, %v", secret, err)
		}
		if _, err := s.CompleteSetup(ctx, "wrong", accounts.NewUser{Email: "x@example.org", Password: goodPassword}); haven.KindOf(err) != haven.KindForbidden {
			t.Errorf("wrong secret: %v", err)
		}
		u, err := s.CompleteSetup(ctx, secret, accounts.NewUser{Email: "root@example.org", Password: goodPassword, Role: accounts.RoleViewer})
		if err != nil || u.Role != accounts.RoleAdmin {
			t.Fatalf("CompleteSetup = %+v, %v", u, err)
		}
		if _, err := s.CompleteSetup(ctx, secret, accounts.NewUser{Email: "y@example.org", Password: goodPassword}); haven.KindOf(err) != haven.KindForbidden {
			t.Errorf("secret reused: %v", err)
		}
		if again, _ := s.StartSetup(ctx); again != "" {
			t.Error("StartSetup offers a link although an admin exists")
		}
	})
}

func TestConcurrentCreateMakesOneUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := newService(t, db)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.CreateUser(context.Background(), accounts.NewUser{Email: "same@example.org", Role: accounts.RoleViewer})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		ok := 0
		for err := range errs {
			switch haven.KindOf(err) {
			case haven.KindConflict:
			default:
				if err != nil {
					t.Errorf("unexpected error: %v", err)
				} else {
					ok++
				}
			}
		}
		if ok != 1 {
			t.Errorf("%d creates succeeded, want exactly 1", ok)
		}
	})
}

func TestParallelGuessesAreThrottled(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s, _ := newService(t, db)
		mustCreate(t, s, accounts.NewUser{Email: "a@example.org", Role: accounts.RoleViewer, Password: goodPassword})
		var wg sync.WaitGroup
		var mu sync.Mutex
		throttled := 0
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Login(context.Background(), "a@example.org", "wrong guess", "client-"+string(rune('a'+i)))
				if haven.KindOf(err) == haven.KindTooManyRequests {
					mu.Lock()
					throttled++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if throttled < 15 {
			t.Errorf("only %d of 20 parallel guesses were throttled; at most 5 may be checked", throttled)
		}
	})
}
