package analytics

import (
	"context"
	"fmt"

	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
)

// linkRow is the provider an accepted submission created or changed.
type linkRow struct {
	ID         string
	ProviderID string
}

func (linkRow) TableName() string { return "submissions" }

// scanPlaced is scan for outputs that show where submissions are (map
// points, exports): an accepted submission's place also takes the tier of
// the provider it is linked to (review.PlaceRule). scan redacts by the
// answers alone; this only ever withholds more, so the result is the rule
// applied to the stored answers and the provider together.
func (s *Service) scanPlaced(ctx context.Context, surveyID string, f Filter, v mapping.Viewer, fn func([]record) error) error {
	return s.scan(ctx, surveyID, f, v, func(recs []record) error {
		if err := s.inheritTiers(ctx, recs, v); err != nil {
			return err
		}
		return fn(recs)
	})
}

// inheritTiers applies the tiers of linked providers to a batch: two
// queries for the accepted submissions in it, none when there are none.
func (s *Service) inheritTiers(ctx context.Context, recs []record, v mapping.Viewer) error {
	var accepted []string
	for _, r := range recs {
		if r.Status == surveys.StatusAccepted {
			accepted = append(accepted, r.ID)
		}
	}
	if len(accepted) == 0 {
		return nil
	}
	var links []linkRow
	if err := s.db.WithContext(ctx).Model(&linkRow{}).Select("id, provider_id").
		Where("id IN ? AND provider_id <> ''", accepted).Find(&links).Error; err != nil {
		return fmt.Errorf("read linked providers: %w", err)
	}
	providerOf := make(map[string]string, len(links))
	providers := make([]string, 0, len(links))
	for _, l := range links {
		providerOf[l.ID] = l.ProviderID
		providers = append(providers, l.ProviderID)
	}
	tiers, err := mapping.StrictestTiers(ctx, s.db, providers)
	if err != nil {
		return err
	}
	for i := range recs {
		r := &recs[i]
		linked := tiers[providerOf[r.ID]]
		if linked == "" || linked == mapping.TierPublic {
			continue
		}
		r.confidentialPlace = true
		if v.Confidential {
			r.revealed = true
			continue
		}
		if _, seen := review.PlaceRule(r.answers, linked, v); seen != review.SeePoint {
			r.answers, _ = review.RedactPlace(r.answers, linked, v)
			r.withheld = true
		}
	}
	return nil
}
