package feedback

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"gorm.io/gorm"
)

// Where a provider issue came from.
const IssueSourceFeedback = "feedback" // a participant of a feedback test

// Statuses of a provider issue.
const (
	IssueOpen     = "open"
	IssueResolved = "resolved"
)

// Issue is a problem reported against a directory entry: an item in the
// provider's review queue. It says nothing about who reported it.
type Issue struct {
	ID             string      `json:"id"`
	ProviderID     string      `json:"provider_id"`
	ProviderName   string      `json:"provider_name"`
	Country        string      `json:"country"`
	Kind           ProblemKind `json:"kind"`
	Note           string      `json:"note,omitempty"`
	Source         string      `json:"source"`
	TestID         string      `json:"test_id,omitempty"`
	Status         string      `json:"status"`
	CreatedAt      time.Time   `json:"created_at"`
	ResolvedBy     string      `json:"resolved_by,omitempty"`
	ResolvedAt     *time.Time  `json:"resolved_at,omitempty"`
	ResolutionNote string      `json:"resolution_note,omitempty"`
}

// IssueFilter narrows a listing of issues; zero fields do not filter.
type IssueFilter struct {
	ProviderID string
	Status     string // open or resolved
}

// reviewsIssues reports whether u reviews issues of country: those who
// may edit its providers.
func reviewsIssues(u accounts.User, country string) bool { return mapping.CanEdit(u, country) }

// Issues lists the issues u may review (editors of the provider's
// country, admins), newest first, at most 500. An issue about a provider u
// may not see is left out. It fails with haven.ErrForbidden for other roles
// and haven.ErrInvalid for an unknown status.
func (s *Service) Issues(ctx context.Context, u accounts.User, f IssueFilter) ([]Issue, error) {
	if u.Role != accounts.RoleAdmin && u.Role != accounts.RoleEditor {
		return nil, haven.Errorf(haven.KindForbidden, "as %s you may not review problems reported against entries", u.Role)
	}
	q := s.db.WithContext(ctx).Model(&issueRow{})
	switch f.Status {
	case "":
	case IssueOpen, IssueResolved:
		q = q.Where("status = ?", f.Status)
	default:
		return nil, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "status", Message: "must be open or resolved"}}}
	}
	if f.ProviderID != "" {
		q = q.Where("provider_id = ?", f.ProviderID)
	}
	if len(u.Countries) > 0 && u.Role != accounts.RoleAdmin {
		q = q.Where("country IN ?", u.Countries)
	}
	var rows []issueRow
	if err := q.Order("created_at DESC, id DESC").Limit(500).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list provider issues: %w", err)
	}
	out := []Issue{}
	for _, r := range rows {
		if !reviewsIssues(u, r.Country) {
			continue
		}
		p, err := s.dir.Provider(ctx, u, r.ProviderID)
		if haven.KindOf(err) == haven.KindNotFound {
			continue // deleted, or hidden from u: the issue would reveal it
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r.issue(p.Name))
	}
	return out, nil
}

// ResolveIssue marks an issue resolved with a note saying what was done,
// audited. Resolving a resolved issue fails with haven.ErrConflict; an
// issue u may not review is haven.ErrNotFound.
func (s *Service) ResolveIssue(ctx context.Context, u accounts.User, id, note string) (Issue, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 2000 {
		return Issue{}, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "note", Message: "must be at most 2000 characters"}}}
	}
	var out issueRow
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var r issueRow
		err := tx.Where("id = ?", id).Take(&r).Error
		if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !reviewsIssues(u, r.Country)) {
			return haven.Errorf(haven.KindNotFound, "no such provider issue")
		}
		if err != nil {
			return fmt.Errorf("read provider issue: %w", err)
		}
		if r.Status == IssueResolved {
			return haven.Errorf(haven.KindConflict, "the issue was resolved already by %s", r.ResolvedBy)
		}
		now := s.now()
		r.Status, r.ResolvedBy, r.ResolvedAt, r.ResolutionNote = IssueResolved, u.Email, &now, note
		if err := tx.Model(&issueRow{}).Where("id = ?", id).Updates(map[string]any{"status": IssueResolved,
			"resolved_by": u.Email, "resolved_at": now, "resolution_note": note}).Error; err != nil {
			return fmt.Errorf("resolve provider issue: %w", err)
		}
		out = r
		return s.audit.Record(ctx, tx, "provider_issue.resolve", "provider", r.ProviderID,
			map[string]any{"issue_id": id, "kind": r.Kind, "note": note})
	})
	if err != nil {
		return Issue{}, err
	}
	p, err := s.dir.Provider(ctx, u, out.ProviderID)
	if err != nil && haven.KindOf(err) != haven.KindNotFound {
		return Issue{}, err
	}
	return out.issue(p.Name), nil
}

func (r issueRow) issue(providerName string) Issue {
	return Issue{ID: r.ID, ProviderID: r.ProviderID, ProviderName: providerName, Country: r.Country, Kind: ProblemKind(r.Kind),
		Note: r.Note, Source: r.Source, TestID: r.TestID, Status: r.Status, CreatedAt: r.CreatedAt,
		ResolvedBy: r.ResolvedBy, ResolvedAt: r.ResolvedAt, ResolutionNote: r.ResolutionNote}
}
