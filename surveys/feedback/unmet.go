package feedback

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// UnmetDemand counts the unmet needs participants reported, by region
// code and service type, for the gap report (reports.UnmetDemandSource).
// Needs recorded at a finer level than level count in their parent region
// (a district's need counts in its province); needs recorded at a coarser
// level cannot be placed and are left out. Sets other than set are not
// counted.
func (s *Service) UnmetDemand(ctx context.Context, set string, level int) (map[string]map[string]int, error) {
	var rows []struct {
		RegionLevel int
		RegionCode  string
		ParentCode  string
		ServiceType string
		N           int
	}
	err := s.db.WithContext(ctx).Model(&unmetRow{}).
		Select("region_level, region_code, parent_code, service_type, COUNT(*) AS n").
		Where("region_set = ? AND region_level >= ?", set, level).
		Group("region_level, region_code, parent_code, service_type").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("count unmet needs: %w", err)
	}
	out := map[string]map[string]int{}
	for _, r := range rows {
		code := r.RegionCode
		switch {
		case r.RegionLevel == level:
		case r.RegionLevel == level+1 && r.ParentCode != "":
			code = r.ParentCode
		default:
			continue // two levels down: its parent's parent is not kept
		}
		if out[code] == nil {
			out[code] = map[string]int{}
		}
		out[code][r.ServiceType] += r.N
	}
	return out, nil
}

// UnmetDemandReader counts unmet needs without the rest of the service:
// what the gap report is given, as it is built before the directory loads.
type UnmetDemandReader struct{ svc *Service }

// NewUnmetDemandReader returns a reader of the unmet needs stored in db.
func NewUnmetDemandReader(db *gorm.DB) UnmetDemandReader {
	return UnmetDemandReader{svc: &Service{db: db}}
}

// UnmetDemand is Service.UnmetDemand.
func (r UnmetDemandReader) UnmetDemand(ctx context.Context, set string, level int) (map[string]map[string]int, error) {
	return r.svc.UnmetDemand(ctx, set, level)
}

// MinCounts are the smallest unmet-demand counts the gap report may show:
// KAnalyst in the API and on pages, KExport in files (reference §5).
func (UnmetDemandReader) MinCounts() (analyst, export int) { return KAnalyst, KExport }
