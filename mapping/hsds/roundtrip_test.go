package hsds_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/hsds"
)

// richProviders fill every field Haven has, with every tier, channel kind
// and eligibility value, in Tak province (TH63).
func richProviders() []mapping.Provider {
	verified := time.Date(2026, 10, 1, 9, 30, 0, 0, time.UTC)
	updated := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	var out []mapping.Provider
	for i, tier := range mapping.Tiers {
		tag := string(tier)
		lat, lon := []float64{16.7111, 16.7222, 16.7333}[i], []float64{98.5711, 98.5822, 98.5933}[i]
		p := mapping.Provider{
			Name: "Rich " + tag + " Shelter", OrgType: mapping.OrgTypes[i], Description: "Shelter and care, " + tag + ".",
			Website: "https://example.org/" + tag, Email: tag + "@example.org", Country: "TH", Status: "active",
			Translations: map[string]mapping.ProviderText{"th": {Name: "บ้าน " + tag, Description: "ที่พัก " + tag}},
			Verification: mapping.Verification{Status: "verified", VerifiedAt: &verified, VerifiedBy: "checker@example.org"},
			Locations: []mapping.Location{
				{ID: "loc-" + tag, Name: tag + " house", Tier: tier, Latitude: ptr(lat), Longitude: ptr(lon), Accessibility: "Ramp at the side door",
					Address: &mapping.Address{Line1: "12 " + tag + " Road", Line2: "Soi 3", City: "Mae Sot", Province: "Tak", PostalCode: "63110", Country: "TH"}},
				{ID: "office-" + tag, Name: tag + " office", Tier: mapping.TierPublic, Latitude: ptr(16.88), Longitude: ptr(99.12)},
			},
			Services: []mapping.Service{
				{Type: "accommodation.emergency", Description: "Beds tonight", LocationIDs: []string{"loc-" + tag},
					Eligibility: mapping.Eligibility{Genders: []string{"male", "female"}, LGBTQI: true, MinAge: ptr(12), MaxAge: ptr(17),
						LegalStatuses: mapping.LegalStatuses, TraffickingForms: mapping.TraffickingForms, VictimStatus: "presumed"},
					Languages: []string{"th", "my", "kar"}, Interpreting: true, Cost: mapping.Cost{Kind: "conditions", Note: "Free for identified victims"},
					Access: mapping.Access{WalkIn: true, ReferralRequired: true, WhoCanRefer: "Police, NGOs", NextStep: "Call the hotline",
						Documents: []string{"Any ID", "Referral letter"}, ResponseTime: "PT24H"},
					Capacity:     &mapping.Capacity{Unit: "beds", Total: ptr(20), Available: ptr(3), UpdatedAt: &updated},
					Schedules:    []mapping.Schedule{{Days: mapping.WeekDays, AllDay: true}, {Days: []string{"mo", "fr"}, Opens: "08:30", Closes: "16:30", Note: "Office"}},
					Area:         &mapping.ServiceArea{RegionCodes: []string{"TH63", "TH50"}, RadiusKm: ptr(25.5)},
					Translations: map[string]mapping.ServiceText{"th": {Description: "เตียงคืนนี้", NextStep: "โทรสายด่วน"}}},
				{Type: "legal_aid", Description: "Lawyers", Languages: []string{"en"}, Cost: mapping.Cost{Kind: "free"},
					Eligibility: mapping.Eligibility{VictimStatus: "identified"}},
				{Type: "hotline", Cost: mapping.Cost{Kind: "fee", Note: "Operator rates"}},
			},
			Channels: []mapping.Channel{
				{Kind: "hotline", Value: "1300", Label: "24-hour line", Hours: "24/7", Tier: mapping.TierPublic},
				{Kind: "phone", Value: "+66 55 000 11" + tag[:1], Label: "Desk", Tier: tier, LocationID: "loc-" + tag},
				{Kind: "whatsapp", Value: "+66 81 000 000" + string('0'+rune(i)), Tier: mapping.TierPublic},
				{Kind: "line", Value: "@rich" + tag, Tier: mapping.TierRegionOnly},
				{Kind: "viber", Value: "+66 82 000 0000", Tier: mapping.TierPublic},
				{Kind: "telegram", Value: "@richtg", Tier: mapping.TierPublic},
				{Kind: "facebook", Value: "https://facebook.com/rich" + tag, Label: "Page", Tier: mapping.TierPublic},
				{Kind: "website", Value: "https://example.org/" + tag + "/help", Tier: mapping.TierPublic, LocationID: "office-" + tag},
				{Kind: "email", Value: "help-" + tag + "@example.org", Label: "Help desk", Tier: mapping.TierHidden},
				{Kind: "other", Value: "Ask at the temple", Tier: mapping.TierPublic},
			},
			UpdatedAt: updated,
		}
		out = append(out, p)
	}
	return out
}

// TestRoundTrip exports a directory with every field filled, imports the
// export strictly into an empty database, exports again and compares the
// two exports byte for byte — the confidential view and the public one.
func TestRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		src := newWorld(t, db)
		src.thai()
		for _, p := range richProviders() {
			if _, err := src.dir.Create(ctx, admin, p); err != nil {
				t.Fatal(err)
			}
		}
		full, public := src.export(admin), src.export(viewer)

		dst := newWorld(t, fresh(t, db))
		dst.thai()
		rep, err := dst.hsds.Import(ctx, admin, "haven.zip", bytes.NewReader(full), hsds.ImportOptions{Today: today})
		if err != nil {
			t.Fatalf("strict import of Haven's own export: %v\n%v", err, rep.Problems)
		}
		if rep.Imported != 3 || rep.ImportedServices != 9 || rep.ImportedLocations != 6 || len(rep.Problems) != 0 {
			t.Errorf("report: %+v", rep)
		}
		compareZips(t, full, dst.export(admin))
		compareZips(t, public, dst.export(viewer))
	})
}

// compareZips fails with the first differing file when two exports differ.
func compareZips(t *testing.T, want, got []byte) {
	t.Helper()
	if bytes.Equal(want, got) {
		return
	}
	a, b := unzip(t, want), unzip(t, got)
	for name, body := range a {
		if b[name] != body {
			t.Errorf("%s differs:\n--- first export\n%s\n--- second export\n%s", name, body, b[name])
		}
	}
	if len(a) != len(b) {
		t.Errorf("the exports hold %d and %d files", len(a), len(b))
	}
	t.Error("the exports differ")
}

func unzip(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(body)
	}
	return out
}
