package feedback

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"gorm.io/gorm"
)

// Link is a self-complete link: anyone holding it can answer the test,
// without an account, while the test is open and the link not revoked.
type Link struct {
	ID        string     `json:"id"`
	TestID    string     `json:"test_id"`
	Label     string     `json:"label"`
	CreatedBy string     `json:"created_by"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedBy string     `json:"revoked_by,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
	// Token is set only when the link is issued: only its hash is kept.
	Token string `json:"token,omitempty"`
}

// LinkPath is where a link's token leads: the participant page.
func LinkPath(token string) string { return "/t/" + token }

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// newToken is 16 random bytes, URL-safe: short enough to type from paper.
func newToken() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// IssueLink makes a new self-complete link for a test and returns it with
// its token, which is never shown again. label says for whom it is (a
// place or session, never a person). It fails with haven.ErrForbidden,
// haven.ErrNotFound and haven.ErrConflict for a closed test.
func (s *Service) IssueLink(ctx context.Context, u accounts.User, testID, label string) (Link, error) {
	t, err := s.manageable(ctx, u, testID, "issue participant links")
	if err != nil {
		return Link{}, err
	}
	label = strings.TrimSpace(label)
	if utf8.RuneCountInString(label) > 100 {
		return Link{}, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "label", Message: "must be at most 100 characters"}}}
	}
	if t.Status == StatusClosed {
		return Link{}, haven.Errorf(haven.KindConflict, "the test is closed; open it again to issue links")
	}
	token := newToken()
	row := linkRow{ID: newID(), TestID: t.ID, TokenHash: hashToken(token), Label: label, CreatedBy: u.Email, CreatedAt: s.now()}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store link: %w", err)
		}
		return s.audit.Record(ctx, tx, "feedback_link.issue", "feedback_test", t.ID, map[string]any{"link_id": row.ID, "label": label})
	})
	if err != nil {
		return Link{}, err
	}
	l := row.link()
	l.Token = token
	return l, nil
}

// Links lists a test's links, newest first, without their tokens.
func (s *Service) Links(ctx context.Context, u accounts.User, testID string) ([]Link, error) {
	if _, err := s.manageable(ctx, u, testID, "see participant links"); err != nil {
		return nil, err
	}
	var rows []linkRow
	if err := s.db.WithContext(ctx).Where("test_id = ?", testID).Order("created_at DESC, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list links: %w", err)
	}
	out := make([]Link, len(rows))
	for i, r := range rows {
		out[i] = r.link()
	}
	return out, nil
}

// RevokeLink stops a link working, for good. Revoking a revoked link is
// fine. It fails with haven.ErrNotFound for a link of another test.
func (s *Service) RevokeLink(ctx context.Context, u accounts.User, testID, linkID string) (Link, error) {
	if _, err := s.manageable(ctx, u, testID, "revoke participant links"); err != nil {
		return Link{}, err
	}
	var out Link
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row linkRow
		err := tx.Where("id = ? AND test_id = ?", linkID, testID).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return haven.Errorf(haven.KindNotFound, "the test has no such link")
		}
		if err != nil {
			return fmt.Errorf("read link: %w", err)
		}
		if row.RevokedAt == nil {
			now := s.now()
			row.RevokedAt, row.RevokedBy = &now, u.Email
			if err := tx.Model(&linkRow{}).Where("id = ?", row.ID).
				Updates(map[string]any{"revoked_at": now, "revoked_by": u.Email}).Error; err != nil {
				return fmt.Errorf("revoke link: %w", err)
			}
			if err := s.audit.Record(ctx, tx, "feedback_link.revoke", "feedback_test", testID, map[string]any{"link_id": row.ID}); err != nil {
				return err
			}
		}
		out = row.link()
		return nil
	})
	return out, err
}

func (r linkRow) link() Link {
	return Link{ID: r.ID, TestID: r.TestID, Label: r.Label, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt,
		RevokedBy: r.RevokedBy, RevokedAt: r.RevokedAt}
}

// errNoLink is all a participant learns of a link that does not work: not
// whether it never existed, was revoked, or its test closed.
var errNoLink = haven.Errorf(haven.KindNotFound, "this link does not work (any more); ask the person who gave it to you for a new one")

// testByToken returns the open test a link leads to. It fails with
// haven.ErrNotFound for an unknown or revoked link and a test that is not
// open.
func (s *Service) testByToken(ctx context.Context, token string) (Test, error) {
	if token == "" || len(token) > 64 {
		return Test{}, errNoLink
	}
	var row linkRow
	err := s.db.WithContext(ctx).Where("token_hash = ?", hashToken(token)).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && row.RevokedAt != nil) {
		return Test{}, errNoLink
	}
	if err != nil {
		return Test{}, fmt.Errorf("read link: %w", err)
	}
	t, err := s.read(ctx, s.db, row.TestID)
	if err != nil {
		return Test{}, err
	}
	if t.Status != StatusOpen {
		return Test{}, errNoLink
	}
	return t, nil
}

// manageable reads a test u manages. It fails with haven.ErrNotFound when
// u may not see the test at all, and haven.ErrForbidden when u sees it but
// may not do what.
func (s *Service) manageable(ctx context.Context, u accounts.User, id, what string) (Test, error) {
	t, err := s.read(ctx, s.db, id)
	if err != nil {
		return Test{}, err
	}
	if !canManage(u, t.Country) {
		if canRead(u, t.Country) || canFacilitate(u, t.Country) {
			return Test{}, forbidden(u, what, t.Country)
		}
		return Test{}, errNoTest
	}
	return t, nil
}
