package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
)

//go:embed data/*.geojson data/*.csv
var data embed.FS

// boundaryImports are the boundary sets the demo loads, in order.
var boundaryImports = []struct {
	file string
	opts mapping.RegionImport
}{
	{"asean_admin1_ne.geojson", mapping.RegionImport{Set: "ne_admin1", Level: 1, CodeProp: "adm1_code", NameProp: "name",
		CountryProp: "iso_a2", Source: "Natural Earth 10m admin-1 v5.1 (public domain)"}},
	{"th_adm1.geojson", mapping.RegionImport{Set: "th", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH",
		Source: "OCHA COD-AB Thailand 2019 provinces (CC BY-IGO)"}},
	{"th_adm2.geojson", mapping.RegionImport{Set: "th", Level: 2, CodeProp: "ADM2_PCODE", NameProp: "ADM2_EN",
		ParentCodeProp: "ADM1_PCODE", Country: "TH", Source: "OCHA COD-AB Thailand 2019 districts (CC BY-IGO)"}},
}

func loadBoundaries(ctx context.Context, regions *mapping.Regions) error {
	for _, b := range boundaryImports {
		raw, err := data.ReadFile("data/" + b.file)
		if err != nil {
			return err
		}
		if _, err := regions.Import(ctx, bytes.NewReader(raw), b.opts, nil); err != nil {
			return fmt.Errorf("demo boundaries %s: %w", b.file, err)
		}
	}
	return nil
}

// place is a populated place from the GeoNames file.
type place struct {
	name       string
	country    string
	population int
	lat, lon   float64
}

func places() ([]place, error) {
	raw, err := data.ReadFile("data/asean_cities_geonames.csv")
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
	if err != nil {
		return nil, err
	}
	var out []place
	for _, r := range rows[1:] {
		pop, _ := strconv.Atoi(r[5])
		lat, err1 := strconv.ParseFloat(r[6], 64)
		lon, err2 := strconv.ParseFloat(r[7], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, place{name: r[1], country: r[2], population: pop, lat: lat, lon: lon})
	}
	return out, nil
}

// directorySize is how many fictional providers the demo makes.
const directorySize = 320

// languagesOf are the languages a provider in each country most likely speaks.
var languagesOf = map[string][]string{
	"TH": {"th", "en", "my", "km", "lo"}, "MM": {"my", "en"}, "KH": {"km", "en", "vi"}, "LA": {"lo", "th", "en"},
	"VN": {"vi", "en"}, "MY": {"ms", "en", "zh"}, "ID": {"id", "en"}, "PH": {"tl", "en"}, "SG": {"en", "zh", "ms"}, "BN": {"ms", "en"},
}

var kinds = []struct{ label, orgType string }{
	{"Women's Safe House", "ngo"}, {"Migrant Support Centre", "ngo"}, {"Legal Aid Clinic", "ngo"},
	{"Provincial Social Welfare Office", "government"}, {"Community Health Centre", "government"},
	{"Child Protection Network", "ngo"}, {"Hope Foundation", "faith_based"}, {"Labour Rights Desk", "community"},
	{"Counselling Service", "private"}, {"Return and Reintegration Programme", "international"},
}

// fictionalDirectory builds the demo's providers: clearly fictional names at
// real towns, a mix of tiers, services and eligibility, the same every run.
func fictionalDirectory(all []place) []mapping.Provider {
	rng := rand.New(rand.NewPCG(2026, 11))
	// Thailand gets most entries, so its district gap maps have something to show.
	var thai, rest []place
	for _, p := range all {
		switch {
		case p.country == "TH" && p.population >= 5000:
			thai = append(thai, p)
		case p.country != "TH" && p.population >= 50000:
			rest = append(rest, p)
		}
	}
	byPop := func(a, b place) int { return b.population - a.population }
	slices.SortFunc(thai, byPop)
	slices.SortFunc(rest, byPop)
	chosen := append(thai[:min(len(thai), directorySize/2)], rest[:min(len(rest), directorySize-directorySize/2)]...)

	types := []string{"accommodation.emergency", "accommodation.long_term", "accommodation.child", "medical", "mental_health.counselling",
		"legal_aid", "legal_aid.immigration", "interpretation", "case_management", "hotline", "repatriation", "reintegration.vocational",
		"family_tracing", "documentation", "financial", "child_protection", "law_enforcement", "labour_rights", "consular"}
	verifiedAt := time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)
	out := make([]mapping.Provider, 0, len(chosen))
	for i, pl := range chosen {
		k := kinds[rng.IntN(len(kinds))]
		tier := mapping.TierPublic
		switch r := rng.IntN(10); {
		case r == 0:
			tier = mapping.TierHidden
		case r <= 2:
			tier = mapping.TierRegionOnly
		}
		// Jitter within about a kilometre: the town is real, the address is not.
		lat := round6(pl.lat + (rng.Float64()-0.5)*0.02)
		lon := round6(pl.lon + (rng.Float64()-0.5)*0.02)
		langs := languagesOf[pl.country]
		p := mapping.Provider{
			Name:        fmt.Sprintf("%s %s (demo)", pl.name, k.label),
			OrgType:     k.orgType,
			Description: "A fictional provider in Haven's demo dataset. No such organisation exists.",
			Country:     pl.country,
			Locations: []mapping.Location{{ID: fmt.Sprintf("demo-loc-%03d", i), Name: pl.name + " office", Tier: tier,
				Latitude: &lat, Longitude: &lon,
				Address: &mapping.Address{Line1: fmt.Sprintf("%d Demo Road", 1+rng.IntN(200)), City: pl.name, Country: pl.country}}},
			Channels: []mapping.Channel{
				{Kind: "hotline", Value: fmt.Sprintf("+00 %04d %04d", rng.IntN(10000), rng.IntN(10000)), Label: "24-hour line (fictional)", Tier: mapping.TierPublic},
				{Kind: "phone", Value: fmt.Sprintf("+00 %04d %04d", rng.IntN(10000), rng.IntN(10000)), Label: "Office (fictional)", Tier: tier},
			},
			Verification: mapping.Verification{Status: []string{"verified", "unverified", "needs_update"}[rng.IntN(3)]},
			Provenance:   mapping.Provenance{Kind: "manual", Ref: "demo"},
		}
		if p.Verification.Status == "verified" {
			p.Verification.VerifiedAt, p.Verification.VerifiedBy = &verifiedAt, "editor@demo.haven.example"
		}
		for _, t := range pickN(rng, types, 1+rng.IntN(4)) {
			p.Services = append(p.Services, demoService(rng, t, langs))
		}
		out = append(out, p)
	}
	return out
}

func demoService(rng *rand.Rand, serviceType string, langs []string) mapping.Service {
	s := mapping.Service{Type: serviceType, Languages: pickN(rng, langs, 1+rng.IntN(len(langs))),
		Interpreting: rng.IntN(3) == 0, Cost: mapping.Cost{Kind: "free"},
		Access: mapping.Access{WalkIn: rng.IntN(2) == 0, ReferralRequired: rng.IntN(3) == 0, NextStep: "Call the hotline first."}}
	switch rng.IntN(4) {
	case 0:
		s.Eligibility.Genders = []string{"female"}
	case 1:
		s.Eligibility.Genders = []string{"male"}
	}
	if serviceType == "accommodation.child" || serviceType == "child_protection" {
		maxAge := 17
		s.Eligibility.MaxAge = &maxAge
	} else if rng.IntN(3) == 0 {
		minAge := 18
		s.Eligibility.MinAge = &minAge
	}
	if rng.IntN(2) == 0 {
		s.Eligibility.TraffickingForms = pickN(rng, mapping.TraffickingForms, 1+rng.IntN(3))
	}
	if rng.IntN(2) == 0 {
		s.Eligibility.LegalStatuses = pickN(rng, mapping.LegalStatuses, 1+rng.IntN(2))
	}
	if slices.Contains([]string{"accommodation.emergency", "accommodation.long_term", "accommodation.child"}, serviceType) {
		total := 5 + rng.IntN(40)
		avail := rng.IntN(total + 1)
		updated := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		s.Capacity = &mapping.Capacity{Unit: "beds", Total: &total, Available: &avail, UpdatedAt: &updated}
		s.Schedules = []mapping.Schedule{{Days: mapping.WeekDays, AllDay: true}}
	} else {
		s.Schedules = []mapping.Schedule{{Days: []string{"mo", "tu", "we", "th", "fr"}, Opens: "08:30", Closes: "16:30"}}
	}
	if rng.IntN(5) == 0 {
		s.Cost = mapping.Cost{Kind: "conditions", Note: "Free for identified victims."}
	}
	return s
}

func pickN[T any](rng *rand.Rand, from []T, n int) []T {
	idx := rng.Perm(len(from))[:min(n, len(from))]
	slices.Sort(idx)
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = from[j]
	}
	return out
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

// loadDirectory creates the fictional providers and returns them as stored.
func loadDirectory(ctx context.Context, dir *mapping.Directory, admin accounts.User) ([]mapping.Provider, error) {
	all, err := places()
	if err != nil {
		return nil, err
	}
	list := fictionalDirectory(all)
	out := make([]mapping.Provider, 0, len(list))
	for _, p := range list {
		created, err := dir.Create(ctx, admin, p)
		if err != nil {
			return nil, fmt.Errorf("demo provider %s: %w", p.Name, err)
		}
		out = append(out, created)
	}
	return out, nil
}
