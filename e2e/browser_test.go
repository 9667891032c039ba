package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/haven-project/haven/accounts"
)

const (
	adminEmail    = "admin@e2e.haven.example"
	adminPassword = "correct horse battery"
)

// An admin logs in (after one wrong password), adds an editor limited to
// Thailand, logs out; the editor logs in and sees a home page for an editor,
// without the admin links, and is kept out of the users page.
func TestAdminCreatesUser(t *testing.T) {
	a := startApp(t)
	a.createUser(t, accounts.NewUser{Email: adminEmail, Name: "Ada Admin", Role: accounts.RoleAdmin, Password: adminPassword})
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	// Nobody is logged in: the users page sends them to log in, and back after.
	b.viewport(phone)
	b.open("/admin/users")
	b.waitPath("/login")
	if got := b.text("#status"); !strings.Contains(got, "Log in to see this page") {
		t.Errorf("login page after redirect says %q; want it to ask to log in", got)
	}

	// A wrong password shows an error the person can read, and keeps them here.
	b.login(adminEmail, "not the password")
	b.waitText("#status", "Wrong e-mail or password")
	if b.text("#password") != "" || !b.isVisible("#login-form") {
		t.Error("after a wrong password the form should stay, with the password field emptied")
	}
	b.screenshot("01-login-wrong-password-phone")

	b.viewport(desktop)
	b.login(adminEmail, adminPassword)
	b.waitPath("/admin/users")
	b.waitText("#users-body", adminEmail)
	if !b.isVisible("[data-testid=nav-users]") || !b.isVisible("[data-testid=nav-audit]") {
		t.Error("an admin should see the Users and Audit log links")
	}

	// Add an editor limited to Thailand, with the raw data grant.
	b.click("#add-user-toggle")
	b.fill("#new-email", "somchai@e2e.haven.example")
	b.fill("#new-name", "Somchai Field")
	b.choose("#new-role", "editor")
	b.waitVisible("#new-countries")
	b.fill("#new-countries", "th")
	b.click("#new-grant-raw_data")
	b.fill("#new-password", "mango sticky rice")
	b.screenshot("02-add-user-form-desktop")
	b.viewport(phone)
	b.screenshot("02b-add-user-form-phone")
	b.viewport(desktop)
	b.click("#add-user-submit")
	b.waitText("#list-status", "can now log in as Editor")
	row := `#users-body tr[data-email="somchai@e2e.haven.example"]`
	b.waitVisible(row)
	if got := b.text(row); !strings.Contains(got, "Editor") || !strings.Contains(got, "TH") || !strings.Contains(got, "Raw survey data") {
		t.Errorf("new user's row reads %q; want Editor, TH and Raw survey data", got)
	}
	b.screenshot("03-user-created-desktop")

	// The same list on a phone: one card per user.
	b.viewport(phone)
	b.screenshot("04-users-phone")
	b.click(row + " [data-testid=edit-user]")
	b.waitVisible("#edit-dialog")
	if got := eval[string](b, "read edit countries", `document.querySelector("#edit-countries").value`); got != "TH" {
		t.Errorf("edit dialog shows countries %q; want TH", got)
	}
	b.screenshot("05-edit-user-phone")
	b.click("#edit-cancel")

	// The audit log records the creation.
	b.viewport(desktop)
	b.open("/admin/audit")
	b.waitText("#events", "User created")
	b.screenshot("06-audit-desktop")
	b.choose("#f-action", "login.failed")
	b.click("#filter-submit")
	b.waitFor("only failed logins listed", `[...document.querySelectorAll("#events > li")].length > 0 &&
		[...document.querySelectorAll("#events > li")].every(li => li.dataset.action === "login.failed")`)
	if loc := b.location(); !strings.Contains(loc, "action=login.failed") {
		t.Errorf("the audit filter should be kept in the address; it is %s", loc)
	}
	// On a phone the filters fold away, saying what they are set to.
	b.viewport(phone)
	b.open("/admin/audit?action=login.failed")
	b.waitText("#events", "Failed login")
	b.waitText("#filter-summary", "Failed login")
	if b.isVisible("#f-action") {
		t.Error("on a phone the audit filters should start folded")
	}
	b.screenshot("07-audit-filtered-phone")

	b.click("#logout")
	b.waitPath("/login")
	b.waitText("#status", "You have logged out")

	// The new editor logs in on a phone.
	b.viewport(phone)
	b.login("somchai@e2e.haven.example", "mango sticky rice")
	b.waitPath("/")
	b.waitText("#greeting", "Somchai Field")
	b.waitText("[data-testid=role]", "Editor")
	if got := b.text("#who"); !strings.Contains(got, "TH") {
		t.Errorf("home page says %q; want it to name the editor's country TH", got)
	}
	if b.isVisible("[data-testid=nav-users]") || b.isVisible("[data-testid=nav-audit]") {
		t.Error("an editor must not see the admin links Users and Audit log")
	}
	b.screenshot("08-home-editor-phone")

	// Typing the address of an admin page shows a plain refusal, no data.
	b.open("/admin/users")
	b.waitText("#denied", "Only for admins")
	if b.isVisible("#users-table") {
		t.Error("the users table must not show for an editor")
	}
}

// The demo login hint, the home page, the account page (a new API token, a
// wrong current password) and the 404 page.
func TestAccountAndTokens(t *testing.T) {
	a := startApp(t)
	a.createUser(t, accounts.NewUser{Email: adminEmail, Name: "Ada Admin", Role: accounts.RoleAdmin, Password: adminPassword})
	if err := a.Accounts.SetDemoLogin(context.Background(), adminEmail+" / "+adminPassword); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	// With the demo loaded, the login page offers the demo login.
	b.viewport(desktop)
	b.open("/login")
	b.waitText("#demo-hint", adminEmail+" / "+adminPassword)
	b.screenshot("09-login-demo-desktop")
	b.click("#use-demo")
	b.click("#login-submit")
	b.waitPath("/")
	b.waitText("#greeting", "Ada Admin")
	b.waitText("#next-steps", "Add your team under Users")
	b.screenshot("10-home-admin-desktop")

	b.click("a[href='/account']")
	b.waitPath("/account")
	b.waitText("#profile", adminEmail)
	b.fill("#token-name", "survey export")
	b.click("#token-submit")
	b.waitText("#new-token", "You will not see it again")
	secret := eval[string](b, "read token", `document.querySelector("#new-token-secret").value`)
	if !strings.HasPrefix(secret, "hvn_") {
		t.Errorf("new token secret is %q; want one starting hvn_", secret)
	}
	b.waitText("#tokens-body", "survey export")
	b.screenshot("11-account-token-desktop")

	// Revoking asks first, then marks the token revoked.
	b.click("#token-done")
	b.click("[data-testid=revoke-token]")
	b.waitText("dialog[open]", "Revoke this token?")
	b.click("[data-testid=confirm-yes]")
	b.waitText("#tokens-body", "Revoked")
	b.waitText("#token-status", "is revoked")

	// A wrong current password is reported next to its field.
	b.fill("#current-password", "not my password")
	b.fill("#new-password", "a brand new password")
	b.fill("#confirm-password", "a brand new password")
	b.click("#password-submit")
	b.waitText("#current-password-error", "wrong")

	b.viewport(phone)
	b.screenshot("12-account-phone")

	b.open("/no/such/page")
	b.waitText("h1", "could not find this page")
	b.screenshot("13-not-found-phone")
}

// The first admin is created through the one-time set-up link.
func TestSetupFirstAdmin(t *testing.T) {
	a := startApp(t)
	secret, err := a.Accounts.StartSetup(context.Background())
	if err != nil || secret == "" {
		t.Fatalf("start set-up: %q, %v", secret, err)
	}
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	b.viewport(phone)
	b.open("/login")
	b.waitVisible("#setup-hint")

	b.open("/setup#" + secret)
	b.waitVisible("#setup-form")
	if b.isVisible("#token") {
		t.Error("the set-up code field should stay hidden when the link carries the code")
	}
	b.fill("#name", "First Admin")
	b.fill("#email", "first@e2e.haven.example")
	b.fill("#password", "a long first password")
	b.fill("#password2", "a long first password")
	b.screenshot("20-setup-phone")
	b.click("#setup-submit")
	b.waitPath("/")
	b.waitText("#greeting", "First Admin")
	b.waitText("[data-testid=role]", "Admin")

	// The link works once.
	b.open("/setup#" + secret)
	b.waitText("#done", "set up already")
}

// With more users than one page holds, "Load more users" fetches the rest;
// an admin changes a user's role and countries, then disables the account.
func TestUsersListAndEdit(t *testing.T) {
	a := startApp(t)
	a.createUser(t, accounts.NewUser{Email: adminEmail, Name: "Ada Admin", Role: accounts.RoleAdmin, Password: adminPassword})
	const extra = 60 // the page asks for 50 at a time
	for i := range extra {
		a.createUser(t, accounts.NewUser{Email: fmt.Sprintf("viewer%02d@e2e.haven.example", i), Role: accounts.RoleViewer})
	}
	b := newBrowser(t, a.URL)
	defer b.checkConsole()

	b.viewport(desktop)
	b.open("/login?next=/admin/users")
	b.login(adminEmail, adminPassword)
	b.waitPath("/admin/users")
	b.waitVisible("#users-more")
	if n := eval[int](b, "count rows", `document.querySelectorAll("#users-body tr").length`); n != 50 {
		t.Errorf("first page shows %d users; want 50", n)
	}
	b.click("#users-more")
	b.waitFor("all users listed", fmt.Sprintf(`document.querySelectorAll("#users-body tr").length === %d`, extra+1))
	if b.isVisible("#users-more") {
		t.Error("Load more users should go away after the last page")
	}

	row := `#users-body tr[data-email="viewer00@e2e.haven.example"]`
	b.click(row + " [data-testid=edit-user]")
	b.waitVisible("#edit-dialog")
	b.choose("#edit-role", "collector")
	b.waitVisible("#edit-countries")
	b.fill("#edit-countries", "kh, th")
	b.click("#edit-save")
	b.waitText("#list-status", "Saved changes")
	if got := b.text(row); !strings.Contains(got, "Collector") || !strings.Contains(got, "(KH)") || !strings.Contains(got, "(TH)") {
		t.Errorf("edited row reads %q; want Collector in KH and TH", got)
	}

	b.click(row + " [data-testid=edit-user]")
	b.click("#edit-toggle-disabled")
	b.waitText("dialog[open] h2#confirm-title", "Disable")
	b.click("[data-testid=confirm-yes]")
	b.waitText("#access-status", "The account is disabled")
	b.screenshot("30-user-disabled-desktop")
	b.click("#edit-close")
	b.waitText(row, "Disabled")
}
