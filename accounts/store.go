package accounts

import (
	"strings"
	"time"
)

// Row types: how accounts are stored. They stay unexported so a change to the
// API never ripples into the schema.

type userRow struct {
	ID           string `gorm:"primaryKey"`
	Email        string
	Name         string
	PasswordHash string
	Role         string
	Countries    string
	Grants       string
	Disabled     bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

type sessionRow struct {
	IDHash     string `gorm:"primaryKey"`
	UserID     string
	CSRFToken  string `gorm:"column:csrf_token"`
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
}

func (sessionRow) TableName() string { return "sessions" }

type tokenRow struct {
	ID         string `gorm:"primaryKey"`
	UserID     string
	Name       string
	TokenHash  string
	Prefix     string
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

func (tokenRow) TableName() string { return "api_tokens" }

type loginFailureRow struct {
	ID      int64 `gorm:"primaryKey"`
	KeyHash string
	At      time.Time
}

func (loginFailureRow) TableName() string { return "login_failures" }

type settingRow struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

func (settingRow) TableName() string { return "settings" }

// Tables returns the row types this package stores, for schema checks.
func Tables() []any {
	return []any{&userRow{}, &sessionRow{}, &tokenRow{}, &loginFailureRow{}, &settingRow{}}
}

func (r userRow) user() User {
	u := User{ID: r.ID, Email: r.Email, Name: r.Name, Role: Role(r.Role), Disabled: r.Disabled,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Countries: splitList(r.Countries), Grants: []Grant{}}
	for _, g := range splitList(r.Grants) {
		u.Grants = append(u.Grants, Grant(g))
	}
	return u
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

func joinGrants(gs []Grant) string {
	s := make([]string, len(gs))
	for i, g := range gs {
		s[i] = string(g)
	}
	return strings.Join(s, ",")
}
