package analytics_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/analytics"
	"github.com/haven-project/haven/surveys/builtin"
	"github.com/haven-project/haven/surveys/xform"
)

// TestAcceptedPointsInheritProviderTiers: three public offices of the
// built-in mapping survey are accepted into the directory; then editors
// make one provider's place region_only and another's hidden. Their points
// must leave the map and every export for readers without the
// confidential grant, though the answers still say "public".
func TestAcceptedPointsInheritProviderTiers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		log := audit.New(db.DB)
		regions := mapping.NewRegions(db.DB, log)
		geo, err := os.Open("../../demo/data/th_adm1.geojson")
		if err != nil {
			t.Fatal(err)
		}
		defer geo.Close()
		if _, err := regions.Import(ctx, geo, mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"}, nil); err != nil {
			t.Fatal(err)
		}
		dir, err := mapping.NewDirectory(ctx, db.DB, log, mapping.NewTaxonomy(db.DB, log), regions)
		if err != nil {
			t.Fatal(err)
		}
		ss := surveys.NewService(db.DB, log, xform.Render)
		v, err := ss.Publish(ctx, builtin.ProviderMapping(), "built in")
		if err != nil {
			t.Fatal(err)
		}
		rev := review.NewService(ss, dir, regions, log)
		svc := analytics.NewService(db.DB, ss, regions, log)
		admin := accounts.User{ID: "adm", Email: "adm@example.org", Role: accounts.RoleAdmin, Grants: []accounts.Grant{accounts.GrantConfidential}}

		// Points that appear nowhere else, by the tier the provider gets.
		points := map[mapping.Tier]string{
			mapping.TierPublic:     "13.7563 100.5018",
			mapping.TierRegionOnly: "16.7233 98.5733",
			mapping.TierHidden:     "16.7344 98.5844",
		}
		for tier, point := range points {
			a := surveys.Answers{"org_name": "Office " + string(tier), "org_type": "ngo", "country": "TH", "org_status": "active",
				"location_tier": "public", "location_point": point + " 0 5",
				"services": []any{map[string]any{"service_type": "legal_aid", "cost_kind": "free"}}, "verified_today": "no"}
			sub, _, err := ss.Submit(ctx, surveys.NewSubmission{VersionID: v.ID, InstanceID: uuid.NewString(), Answers: a,
				Channel: surveys.ChannelAPI, Collector: audit.Actor{ID: "c", Email: "c@example.org"}})
			if err != nil {
				t.Fatal(err)
			}
			p, err := rev.Accept(ctx, admin, sub.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			if tier == mapping.TierPublic {
				continue
			}
			locs := p.Locations
			locs[0].Tier = tier
			raw, _ := json.Marshal(locs)
			if _, err := dir.Patch(ctx, admin, p.ID, 0, map[string]json.RawMessage{"locations": raw}); err != nil {
				t.Fatal(err)
			}
		}
		secret := []string{"16.7233", "98.5733", "16.7344", "98.5844"}

		fc, err := svc.Points(ctx, rawOnly, v.SurveyID, analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(fc.Features) != 1 || fc.Withheld != 2 || fc.Features[0].Geometry.Coordinates != [2]float64{100.5018, 13.7563} {
			t.Errorf("without the grant: %d features (%+v), %d withheld; want the public one, 2 withheld", len(fc.Features), fc.Features, fc.Withheld)
		}
		fc, err = svc.Points(ctx, confidential, v.SurveyID, analytics.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(fc.Features) != 3 || fc.Withheld != 0 {
			t.Errorf("with the grant: %d features, %d withheld; want 3, 0", len(fc.Features), fc.Withheld)
		}
		evs, _, _ := log.List(ctx, audit.Filter{Action: "submission.read_confidential"})
		if len(evs) == 0 || evs[0].Detail["points"] != float64(2) {
			t.Errorf("the grant holder's map read is audited as %+v; want 2 points", evs)
		}

		for _, format := range []analytics.Format{analytics.FormatCSV, analytics.FormatXLSX, analytics.FormatGeoJSON} {
			out := func(u accounts.User) (string, int) {
				t.Helper()
				e, err := svc.Export(ctx, u, v.SurveyID, analytics.ExportOptions{Format: format})
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				rows, err := e.Stream(ctx, &buf)
				if err != nil {
					t.Fatal(err)
				}
				if format == analytics.FormatXLSX {
					return unzipText(t, buf.Bytes()), rows
				}
				return buf.String(), rows
			}
			text, rows := out(rawOnly)
			for _, s := range secret {
				if strings.Contains(text, s) {
					t.Errorf("%s without the grant holds %q", format, s)
				}
			}
			if !strings.Contains(text, "100.5018") {
				t.Errorf("%s without the grant lost the public point", format)
			}
			wantRows := 3
			if format == analytics.FormatGeoJSON {
				wantRows = 1
			}
			if rows != wantRows {
				t.Errorf("%s without the grant: %d rows, want %d", format, rows, wantRows)
			}
			text, _ = out(confidential)
			for _, s := range secret {
				if !strings.Contains(text, s) {
					t.Errorf("%s with the grant lacks %q", format, s)
				}
			}
		}
	})
}

// unzipText is the text of every file in an XLSX workbook.
func unzipText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		sb.Write(data)
	}
	return sb.String()
}
