package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/haven-project/haven"
	"gorm.io/gorm"
)

// setupKey names the setting holding the hash of the one-time set-up secret.
const setupKey = "setup_token_hash"

// StartSetup returns a one-time secret that lets whoever holds it create the
// first admin. It returns "" when an admin exists already. A new call
// replaces the previous secret.
func (s *Service) StartSetup(ctx context.Context) (string, error) {
	if ok, err := s.HasAdmin(ctx); err != nil || ok {
		return "", err
	}
	secret := newSecret()
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("key = ?", setupKey).Delete(&settingRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&settingRow{Key: setupKey, Value: hashSecret(secret)}).Error
	})
	if err != nil {
		return "", fmt.Errorf("store set-up secret: %w", err)
	}
	return secret, nil
}

// CompleteSetup creates the first admin when secret matches the one from
// StartSetup, and spends the secret. It fails with haven.ErrForbidden for a
// wrong or spent secret and haven.ErrInvalid for bad fields.
func (s *Service) CompleteSetup(ctx context.Context, secret string, n NewUser) (User, error) {
	var stored settingRow
	err := s.db.WithContext(ctx).Where("key = ?", setupKey).Take(&stored).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && stored.Value != hashSecret(secret)) {
		return User{}, haven.Errorf(haven.KindForbidden, "this set-up link is not valid or was used already; run haven user create --role admin")
	}
	if err != nil {
		return User{}, fmt.Errorf("read set-up secret: %w", err)
	}
	if n.Password == "" {
		return User{}, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "password", Message: "is required"}}}
	}
	n.Role = RoleAdmin
	u, err := s.CreateUser(ctx, n)
	if err != nil {
		return User{}, err
	}
	if err := s.db.WithContext(ctx).Where("key = ?", setupKey).Delete(&settingRow{}).Error; err != nil {
		return User{}, fmt.Errorf("spend set-up secret: %w", err)
	}
	return u, nil
}

// demoLoginKey names the setting that holds the demo admin's e-mail and
// password while the demo dataset is loaded.
const demoLoginKey = "demo_login"

// SetDemoLogin records the demo admin's login ("email / password") so the
// login page can show it. It is only ever set by `haven demo`.
func (s *Service) SetDemoLogin(ctx context.Context, login string) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("key = ?", demoLoginKey).Delete(&settingRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&settingRow{Key: demoLoginKey, Value: login}).Error
	})
}

// DemoLogin returns what SetDemoLogin stored, or "".
func (s *Service) DemoLogin(ctx context.Context) (string, error) {
	var rows []settingRow
	if err := s.db.WithContext(ctx).Where("key = ?", demoLoginKey).Find(&rows).Error; err != nil {
		return "", fmt.Errorf("read demo login: %w", err)
	}
	if len(rows) == 0 {
		return "", nil
	}
	return rows[0].Value, nil
}
