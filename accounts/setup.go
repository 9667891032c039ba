package accounts

import (
	"context"
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
	refused := haven.Errorf(haven.KindForbidden, "this set-up link is not valid or was used already; run haven user create --role admin")
	if n.Password == "" {
		return User{}, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "password", Message: "is required"}}}
	}
	// Spend the secret first, in its own transaction: of two people racing
	// with the same link, one deletes it and the other is refused. A link
	// is dead once any admin exists, however that admin was made.
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("key = ? AND value = ?", setupKey, hashSecret(secret)).Delete(&settingRow{})
		if res.Error != nil {
			return fmt.Errorf("spend set-up secret: %w", res.Error)
		}
		if res.RowsAffected != 1 {
			return refused
		}
		if err := requireNoActiveAdmin(tx); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return User{}, err
	}
	n.Role = RoleAdmin
	return s.CreateUser(ctx, n)
}

func requireNoActiveAdmin(tx *gorm.DB) error {
	var n int64
	if err := tx.Model(&userRow{}).Where("role = ? AND disabled = ?", string(RoleAdmin), false).Count(&n).Error; err != nil {
		return fmt.Errorf("count admins: %w", err)
	}
	if n > 0 {
		return haven.Errorf(haven.KindForbidden, "Haven has an admin already; this set-up link is no longer valid")
	}
	return nil
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
