package analytics

import (
	"context"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
)

// FeatureCollection is a GeoJSON FeatureCollection of submission points,
// with two foreign members: how many points were withheld from the reader
// and how many submissions have no point.
type FeatureCollection struct {
	Type      string    `json:"type"` // FeatureCollection
	Features  []Feature `json:"features"`
	Withheld  int       `json:"withheld"`
	Unlocated int       `json:"unlocated"`
}

// Feature is one submission on the map.
type Feature struct {
	Type       string         `json:"type"` // Feature
	ID         string         `json:"id"`
	Geometry   Point          `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// Point is a GeoJSON Point: [longitude, latitude].
type Point struct {
	Type        string     `json:"type"` // Point
	Coordinates [2]float64 `json:"coordinates"`
}

func newFeature(r record, props map[string]any) Feature {
	return Feature{Type: "Feature", ID: r.ID, Properties: props,
		Geometry: Point{Type: "Point", Coordinates: [2]float64{*r.Longitude, *r.Latitude}}}
}

// Points returns the points of the survey's submissions matching f, with
// their ID, time and status only (no answers, so no raw_data grant is
// needed). The point of a submission whose place is region_only or hidden
// — by its answers or, once accepted, by the provider it is linked to
// (review.PlaceRule) — is left out for a reader without the confidential
// grant and counted in Withheld; a holder of the grant sees it, and the
// read is audited (submission.read_confidential, with the count). Every
// point of a response to a feedback test is withheld from a reader without
// the raw_data grant: each is one response. It fails like Summary.
func (s *Service) Points(ctx context.Context, u accounts.User, surveyID string, f Filter) (FeatureCollection, error) {
	sv, err := s.start(ctx, u, surveyID, f)
	if err != nil {
		return FeatureCollection{}, err
	}
	out := FeatureCollection{Type: "FeatureCollection", Features: []Feature{}}
	revealed := 0
	protect := protectsFeedback(u, sv)
	err = s.scanPlaced(ctx, sv.ID, f, mapping.ViewerOf(u), func(recs []record) error {
		for _, r := range recs {
			switch {
			case r.withheld, protect && r.Latitude != nil && r.Longitude != nil:
				out.Withheld++
				continue
			case r.Latitude == nil || r.Longitude == nil:
				out.Unlocated++
				continue
			}
			if r.confidentialPlace {
				revealed++
			}
			out.Features = append(out.Features, newFeature(r, map[string]any{
				"submitted_at": r.SubmittedAt.UTC().Format(time.RFC3339), "status": r.Status}))
		}
		return nil
	})
	if err != nil {
		return FeatureCollection{}, err
	}
	if revealed > 0 {
		if err := s.audit.Record(withActor(ctx, u), nil, "submission.read_confidential", "survey", sv.ID,
			map[string]any{"points": revealed}); err != nil {
			return FeatureCollection{}, err
		}
	}
	return out, nil
}
