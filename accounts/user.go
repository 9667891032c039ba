// Package accounts manages Haven's users, their roles and grants, web
// sessions, API tokens and login throttling.
package accounts

import (
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/haven-project/haven"
)

// Role is what a user may do in Haven.
type Role string

const (
	RoleAdmin      Role = "admin"      // manages users and everything else
	RoleEditor     Role = "editor"     // edits directory content
	RoleCollector  Role = "collector"  // submits surveys
	RoleResearcher Role = "researcher" // reads data and reports
	RoleViewer     Role = "viewer"     // reads published content
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleAdmin, RoleEditor, RoleCollector, RoleResearcher, RoleViewer}

// Scoped reports whether users of this role can be limited to countries.
func (r Role) Scoped() bool {
	return r == RoleEditor || r == RoleCollector || r == RoleResearcher
}

func (r Role) valid() bool { return slices.Contains(Roles, r) }

// Grant is a right given by an admin on top of a role. Every use is audited.
type Grant string

const (
	// GrantConfidential lets a user see the exact place of confidential locations.
	GrantConfidential Grant = "confidential"
	// GrantRawData lets a user read raw survey answers and feedback free text.
	GrantRawData Grant = "raw_data"
)

// Grants lists every grant.
var Grants = []Grant{GrantConfidential, GrantRawData}

// User is a person who can log in to Haven.
type User struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Countries []string  `json:"countries"`
	Grants    []Grant   `json:"grants"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Has reports whether the user holds grant g.
func (u User) Has(g Grant) bool { return slices.Contains(u.Grants, g) }

// InCountry reports whether the user may act in country (ISO 3166-1 alpha-2).
// A user with no country scope may act everywhere.
func (u User) InCountry(country string) bool {
	return len(u.Countries) == 0 || slices.Contains(u.Countries, strings.ToUpper(country))
}

// NewUser is what it takes to create a user.
type NewUser struct {
	Email     string
	Name      string
	Role      Role
	Countries []string
	Grants    []Grant
	// Password may be empty: the user then cannot log in until one is set,
	// but can still use API tokens.
	Password string
}

// UserPatch changes some fields of a user; nil fields stay as they are.
type UserPatch struct {
	Name      *string
	Role      *Role
	Countries *[]string
	Grants    *[]Grant
	Disabled  *bool
	Password  *string
}

const minPasswordLength = 10

func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func checkEmail(v *haven.Validation, email string) {
	addr, err := mail.ParseAddress(email)
	v.Check(err == nil && addr.Address == email && len(email) <= 320, "email", "must be an e-mail address such as name@example.org")
}

func checkPassword(v *haven.Validation, field, pw string) {
	v.Check(len([]rune(pw)) >= minPasswordLength, field, "must be at least 10 characters")
	v.Check(len(pw) <= 1024, field, "must be at most 1024 bytes")
}

// normalizeCountries upper-cases, de-duplicates and sorts country codes,
// recording an error for any code that is not ISO 3166-1 alpha-2.
func normalizeCountries(v *haven.Validation, role Role, in []string) []string {
	out := []string{}
	for _, c := range in {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		if !IsCountryCode(c) {
			v.Add("countries", c+" is not an ISO 3166-1 alpha-2 country code")
			continue
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	if len(out) > 0 && !role.Scoped() {
		v.Add("countries", "only editors, collectors and researchers can be limited to countries")
	}
	return out
}

func normalizeGrants(v *haven.Validation, in []Grant) []Grant {
	out := []Grant{}
	for _, g := range in {
		g = Grant(strings.TrimSpace(string(g)))
		if g == "" {
			continue
		}
		if !slices.Contains(Grants, g) {
			v.Add("grants", string(g)+" is not a grant; use confidential or raw_data")
			continue
		}
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

func checkRole(v *haven.Validation, r Role) {
	v.Check(r.valid(), "role", "must be one of admin, editor, collector, researcher, viewer")
}
