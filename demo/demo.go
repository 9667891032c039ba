// Package demo loads Haven's demo dataset: clearly fictional accounts (and,
// as later parts of Haven land, providers, surveys and feedback) so that a
// first run shows a working system.
package demo

import (
	"context"
	"fmt"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/reports"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/feedback"
)

// Password is every demo account's password. The demo is for trying Haven
// on one's own machine; never load it into a real deployment.
const Password = "haven-demo-2026"

// Users are the demo accounts, one per role.
var Users = []accounts.NewUser{
	{Email: "admin@demo.haven.example", Name: "Demo Admin", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential, accounts.GrantRawData}},
	{Email: "editor@demo.haven.example", Name: "Demo Editor (Thailand)", Role: accounts.RoleEditor, Countries: []string{"TH"}},
	{Email: "collector@demo.haven.example", Name: "Demo Collector (Thailand, Cambodia)", Role: accounts.RoleCollector, Countries: []string{"TH", "KH"}},
	{Email: "researcher@demo.haven.example", Name: "Demo Researcher", Role: accounts.RoleResearcher},
	{Email: "viewer@demo.haven.example", Name: "Demo Viewer", Role: accounts.RoleViewer},
}

// Services are what the demo loads data through.
type Services struct {
	Accounts  *accounts.Service
	Regions   *mapping.Regions
	Directory *mapping.Directory
	// Surveys and Review, when given, get demo submissions of the built-in
	// provider-mapping survey, some of them reviewed.
	Surveys *surveys.Service
	Review  *review.Service
	// Drafts, when given, gets content sections and two drafts of a
	// directory for Mae Sot and Tak, frozen for testing.
	Drafts *drafts.Service
	// Feedback, with Drafts, gets a finished feedback test comparing the
	// two drafts, answered by 64 fictional participants.
	Feedback *feedback.Service
	// Reports, when given, gets the GeoNames places as population points
	// and a first coverage report of the ASEAN provinces and of the Thai
	// districts, so that the gap map opens with data.
	Reports *reports.Service
}

// Load loads the demo dataset unless it was loaded before, and reports
// whether it did: accounts, the ASEAN and Thai boundaries, a fictional
// directory of providers at real towns and, with Surveys and Review, about
// 200 submissions of the provider-mapping survey, some accepted or rejected,
// and with Drafts two drafts of a Mae Sot and Tak directory, frozen for testing,
// and with Feedback a finished feedback test comparing them, and with
// Reports population points and a coverage report per boundary set.
func Load(ctx context.Context, s Services) (bool, error) {
	acc := s.Accounts
	done, err := acc.DemoLogin(ctx)
	if err != nil || done != "" {
		return false, err
	}
	// Fictional data must never mix with a real directory.
	if users, _, err := acc.ListUsers(ctx, "", 1); err != nil {
		return false, err
	} else if len(users) > 0 {
		return false, haven.Errorf(haven.KindConflict, "this database has users already; the demo loads only into an empty database (use another --data-dir or DATABASE_URL)")
	}
	var admin, collector, researcher accounts.User
	for i, u := range Users {
		u.Password = Password
		created, err := acc.CreateUser(ctx, u)
		if err != nil {
			return false, fmt.Errorf("demo user %s: %w", u.Email, err)
		}
		switch i {
		case 0:
			admin = created
		case 2:
			collector = created
		case 3:
			researcher = created
		}
	}
	if err := loadBoundaries(ctx, s.Regions); err != nil {
		return false, err
	}
	providers, err := loadDirectory(ctx, s.Directory, admin)
	if err != nil {
		return false, err
	}
	if s.Surveys != nil && s.Review != nil {
		if err := loadSubmissions(ctx, s.Surveys, s.Review, providers, admin, collector); err != nil {
			return false, err
		}
	}
	if s.Drafts != nil {
		versions, err := loadDrafts(ctx, s.Drafts, admin)
		if err != nil {
			return false, err
		}
		if s.Feedback != nil {
			if err := loadFeedback(ctx, s.Feedback, versions, admin); err != nil {
				return false, err
			}
		}
	}
	// Last, so that the reports count the directory as the demo leaves it.
	if s.Reports != nil {
		if err := loadReports(ctx, s.Reports, researcher); err != nil {
			return false, err
		}
	}
	if err := acc.SetDemoLogin(ctx, Users[0].Email+" / "+Password); err != nil {
		return false, fmt.Errorf("mark demo loaded: %w", err)
	}
	return true, nil
}
