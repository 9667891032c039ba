package builtin

import (
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
)

var submittedAt = time.Date(2026, 11, 27, 9, 41, 0, 0, time.FixedZone("ICT", 7*3600))

func ptr[T any](v T) *T { return &v }

func TestToProvider(t *testing.T) {
	for _, tc := range []struct {
		name    string
		answers Answers
		want    mapping.Provider
	}{
		{
			name: "hidden shelter with two services",
			answers: Answers{
				"instanceID": "uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
				"org_name":   "Safe House Mae Sot", "org_type": "ngo", "country": "TH", "org_status": "active",
				"description":    "Shelter for women and girls who escaped trafficking.",
				"local_language": "th", "name_local": "บ้านปลอดภัยแม่สอด",
				"location_name": "House M", "location_tier": "hidden",
				"location_city": "Mae Sot", "location_province": "Tak",
				"location_point_hidden":  "16.7167 98.5667 210 5",
				"location_accessibility": "Ground floor; staff meet people at the hospital",
				"services": []map[string]any{
					{
						"service_type": "accommodation.emergency", "service_description": "Emergency beds, day or night",
						"genders": "female", "lgbtqi": "yes", "min_age": "12", "legal_statuses": "national foreign_national stateless_undocumented",
						"victim_status": "none", "service_languages": "th my kar", "interpretation": "yes", "cost_kind": "free",
						"walk_in": "no", "referral_required": "yes", "who_can_refer": "Police, social workers, hotline 1300",
						"next_step": "Call the hotline first", "response_time": "Same day",
						"capacity_unit": "beds", "capacity_total": "12", "capacity_available": "3", "hours_kind": "24_7",
					},
					{
						"service_type": "mental_health.counselling", "genders": "female", "lgbtqi": "yes", "victim_status": "none",
						"service_languages": "th my", "interpretation": "no", "cost_kind": "free", "walk_in": "no",
						"referral_required": "yes", "hours_kind": "weekdays", "hours_note": "Closed on public holidays",
					},
				},
				"hotline": "1300", "hotline_hours": "24/7",
				"office_phone":   "๐๕๕ ๕๓๖ ๑๒๓", // typed with Thai digits; its tier follows the place
				"line":           "@safehouse-ms",
				"verified_today": "yes", "final_note": "The manager asked us not to photograph the house.",
			},
			want: mapping.Provider{
				Name: "Safe House Mae Sot", OrgType: "ngo", Country: "TH", Status: "active",
				Description:  "Shelter for women and girls who escaped trafficking.",
				Translations: map[string]mapping.ProviderText{"th": {Name: "บ้านปลอดภัยแม่สอด"}},
				Locations: []mapping.Location{{
					Name: "House M", Tier: mapping.TierHidden,
					Address:  &mapping.Address{City: "Mae Sot", Province: "Tak", Country: "TH"},
					Latitude: ptr(16.7167), Longitude: ptr(98.5667),
					Accessibility: "Ground floor; staff meet people at the hospital",
				}},
				Services: []mapping.Service{
					{
						Type: "accommodation.emergency", Description: "Emergency beds, day or night",
						Eligibility: mapping.Eligibility{Genders: []string{"female"}, LGBTQI: true, MinAge: ptr(12),
							LegalStatuses: []string{"national", "foreign_national", "stateless_undocumented"}, TraffickingForms: []string{}, VictimStatus: "none"},
						Languages: []string{"th", "my", "kar"}, Interpreting: true,
						Cost: mapping.Cost{Kind: "free"},
						Access: mapping.Access{ReferralRequired: true, WhoCanRefer: "Police, social workers, hotline 1300",
							NextStep: "Call the hotline first", ResponseTime: "Same day"},
						Capacity:  &mapping.Capacity{Unit: "beds", Total: ptr(12), Available: ptr(3), UpdatedAt: &submittedAt},
						Schedules: []mapping.Schedule{{Days: []string{"mo", "tu", "we", "th", "fr", "sa", "su"}, AllDay: true}},
					},
					{
						Type: "mental_health.counselling",
						Eligibility: mapping.Eligibility{Genders: []string{"female"}, LGBTQI: true,
							LegalStatuses: []string{}, TraffickingForms: []string{}, VictimStatus: "none"},
						Languages: []string{"th", "my"},
						Cost:      mapping.Cost{Kind: "free"},
						Access:    mapping.Access{ReferralRequired: true},
						Schedules: []mapping.Schedule{{Days: []string{"mo", "tu", "we", "th", "fr"}, Opens: "08:00", Closes: "17:00", Note: "Closed on public holidays"}},
					},
				},
				Channels: []mapping.Channel{
					{Kind: "hotline", Value: "1300", Hours: "24/7", Tier: mapping.TierPublic},
					{Kind: "phone", Value: "055 536 123", Tier: mapping.TierHidden},
					{Kind: "line", Value: "@safehouse-ms", Tier: mapping.TierPublic},
				},
				Verification: mapping.Verification{Status: "verified", VerifiedAt: &submittedAt, VerifiedBy: "mai@field.example.org"},
				Provenance:   mapping.Provenance{Kind: "survey", Ref: "uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427"},
			},
		},
		{
			name: "public legal aid office with custom hours",
			answers: Answers{
				"org_name": "Migrant Workers Legal Clinic", "org_type": "ngo", "country": "th", "org_status": "active",
				"website": "www.mwlc.example.org", "email": "info@mwlc.example.org",
				"location_name": "Bangkok office", "location_tier": "public",
				"location_address": "12 Soi Ari 4", "location_city": "Bangkok", "location_province": "Bangkok", "location_postal_code": "10400",
				"location_point": "13.7796 100.5447 12 6.5",
				// JSON from the web form: the repeat as []any, numbers as numbers.
				"services": []any{
					map[string]any{
						"service_type": "legal_aid.immigration", "service_description": "Advice on visas, work permits and unpaid wages",
						"legal_statuses": "foreign_national stateless_undocumented", "trafficking_forms": "forced_labour fishing_maritime",
						"victim_status": "none", "service_languages": "th en my km", "interpretation": "yes",
						"cost_kind": "conditions", "cost_note": "Free for workers; employers pay",
						"walk_in": "yes", "referral_required": "no", "next_step": "Come in or send a WhatsApp message",
						"documents": "Passport or ID card, work permit if any", "response_time": "Within 3 days",
						"hours_kind": "custom", "hours_text": "mo-fr 08:30-16:30; sa 09:00-12:00",
						"area_radius_km": float64(50), "min_age": float64(18),
					},
				},
				"office_phone": "+66 2 123 4567", "office_phone_tier": "public",
				"whatsapp": "+66 81 234 5678", "facebook": "facebook.com/mwlc", "contact_email": "help@mwlc.example.org",
				"complaints":     "complaints@mwlc.example.org or the box at the entrance",
				"verified_today": "no",
			},
			want: mapping.Provider{
				Name: "Migrant Workers Legal Clinic", OrgType: "ngo", Country: "TH", Status: "active",
				Website: "https://www.mwlc.example.org", Email: "info@mwlc.example.org",
				Locations: []mapping.Location{{
					Name: "Bangkok office", Tier: mapping.TierPublic,
					Address:  &mapping.Address{Line1: "12 Soi Ari 4", City: "Bangkok", Province: "Bangkok", PostalCode: "10400", Country: "TH"},
					Latitude: ptr(13.7796), Longitude: ptr(100.5447),
				}},
				Services: []mapping.Service{{
					Type: "legal_aid.immigration", Description: "Advice on visas, work permits and unpaid wages",
					Eligibility: mapping.Eligibility{Genders: []string{}, MinAge: ptr(18),
						LegalStatuses: []string{"foreign_national", "stateless_undocumented"}, TraffickingForms: []string{"forced_labour", "fishing_maritime"}, VictimStatus: "none"},
					Languages: []string{"th", "en", "my", "km"}, Interpreting: true,
					Cost: mapping.Cost{Kind: "conditions", Note: "Free for workers; employers pay"},
					Access: mapping.Access{WalkIn: true, NextStep: "Come in or send a WhatsApp message",
						Documents: []string{"Passport or ID card", "work permit if any"}, ResponseTime: "Within 3 days"},
					Schedules: []mapping.Schedule{
						{Days: []string{"mo", "tu", "we", "th", "fr"}, Opens: "08:30", Closes: "16:30"},
						{Days: []string{"sa"}, Opens: "09:00", Closes: "12:00"},
					},
					Area: &mapping.ServiceArea{RadiusKm: ptr(50.0)},
				}},
				Channels: []mapping.Channel{
					{Kind: "phone", Value: "+66 2 123 4567", Tier: mapping.TierPublic},
					{Kind: "whatsapp", Value: "+66 81 234 5678", Tier: mapping.TierPublic},
					{Kind: "facebook", Value: "facebook.com/mwlc", Tier: mapping.TierPublic},
					{Kind: "email", Value: "help@mwlc.example.org", Tier: mapping.TierPublic},
					{Kind: "other", Label: "Complaints and feedback", Value: "complaints@mwlc.example.org or the box at the entrance", Tier: mapping.TierPublic},
				},
				Verification: mapping.Verification{Status: "unverified"},
				Provenance:   mapping.Provenance{Kind: "survey"},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, problems, err := ToProvider(tc.answers, "mai@field.example.org", submittedAt)
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) > 0 {
				t.Errorf("problems: %v", problems)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ToProvider:\n got %s\nwant %s", dump(got), dump(tc.want))
			}
		})
	}
}

// base is a small valid submission that the problem cases spoil.
func base() Answers {
	return Answers{
		"org_name": "Example Office", "org_type": "government", "country": "KH",
		"location_tier": "public", "location_point": "11.5564 104.9282 10 4",
		"services":       []map[string]any{{"service_type": "legal_aid", "cost_kind": "free"}},
		"verified_today": "no",
	}
}

func TestToProviderProblems(t *testing.T) {
	type want struct {
		field   string
		service int
		message string // a part of the message
	}
	svc := func(a Answers, k string, v any) { a["services"].([]map[string]any)[0][k] = v }
	for _, tc := range []struct {
		name  string
		spoil func(a Answers)
		want  []want
		check func(t *testing.T, p mapping.Provider)
	}{
		{name: "valid", spoil: func(Answers) {}},
		{
			name:  "non-numeric age",
			spoil: func(a Answers) { svc(a, "min_age", "twelve") },
			want:  []want{{"min_age", 1, "whole number"}},
			check: func(t *testing.T, p mapping.Provider) {
				if p.Services[0].Eligibility.MinAge != nil {
					t.Error("the age was kept")
				}
			},
		},
		{name: "age out of range", spoil: func(a Answers) { svc(a, "max_age", "150") }, want: []want{{"max_age", 1, "from 0 to 120"}}},
		{name: "fractional age", spoil: func(a Answers) { svc(a, "min_age", "12.5") }, want: []want{{"min_age", 1, "whole number"}}},
		{
			name:  "oldest below youngest",
			spoil: func(a Answers) { svc(a, "min_age", "18"); svc(a, "max_age", "12") },
			want:  []want{{"max_age", 1, "below the youngest age (18)"}},
			check: func(t *testing.T, p mapping.Provider) {
				if e := p.Services[0].Eligibility; e.MinAge == nil || *e.MinAge != 18 || e.MaxAge != nil {
					t.Errorf("ages %v %v", e.MinAge, e.MaxAge)
				}
			},
		},
		{
			name:  "geopoint out of range",
			spoil: func(a Answers) { a["location_point"] = "95.1 104.9 0 0" },
			want:  []want{{"location_point", 0, "latitude must be from -90 to 90"}},
			check: func(t *testing.T, p mapping.Provider) {
				if l := p.Locations[0]; l.Latitude != nil || l.Longitude != nil || l.Tier != mapping.TierPublic {
					t.Errorf("location %+v", l)
				}
			},
		},
		{name: "longitude out of range", spoil: func(a Answers) { a["location_point"] = "11.5 204.9" }, want: []want{{"location_point", 0, "longitude"}}},
		{name: "geopoint not numbers", spoil: func(a Answers) { a["location_point"] = "near the market" }, want: []want{{"location_point", 0, "not a point"}}},
		{name: "no GPS fix", spoil: func(a Answers) { a["location_point"] = "0 0 0 0" }, want: []want{{"location_point", 0, "no GPS fix"}}},
		{
			name:  "unparsable hours",
			spoil: func(a Answers) { svc(a, "hours_kind", "custom"); svc(a, "hours_text", "weekdays 8 to 5") },
			want:  []want{{"hours_text", 1, "not days and times"}},
			check: func(t *testing.T, p mapping.Provider) {
				if p.Services[0].Schedules != nil {
					t.Errorf("schedules %v", p.Services[0].Schedules)
				}
			},
		},
		{name: "hours running backwards", spoil: func(a Answers) { svc(a, "hours_kind", "custom"); svc(a, "hours_text", "fr-mo 08:00-17:00") }, want: []want{{"hours_text", 1, "backwards"}}},
		{name: "custom hours without text", spoil: func(a Answers) { svc(a, "hours_kind", "custom") }, want: []want{{"hours_text", 1, "required"}}},
		{name: "unknown hours kind", spoil: func(a Answers) { svc(a, "hours_kind", "sometimes") }, want: []want{{"hours_kind", 1, "not one of"}}},
		{
			name: "more free than total",
			spoil: func(a Answers) {
				svc(a, "capacity_unit", "beds")
				svc(a, "capacity_total", "10")
				svc(a, "capacity_available", "11")
			},
			want: []want{{"capacity_available", 1, "more than the total (10)"}},
		},
		{
			name:  "no tier keeps the place hidden",
			spoil: func(a Answers) { delete(a, "location_tier") },
			want:  []want{{"location_tier", 0, "kept hidden"}},
			check: func(t *testing.T, p mapping.Provider) {
				if p.Locations[0].Tier != mapping.TierHidden {
					t.Errorf("tier %q", p.Locations[0].Tier)
				}
			},
		},
		{
			name:  "unknown tier keeps the place and its phone hidden",
			spoil: func(a Answers) { a["location_tier"] = "private"; a["office_phone"] = "023 456 789" },
			want:  []want{{"location_tier", 0, "kept hidden"}},
			check: func(t *testing.T, p mapping.Provider) {
				if p.Locations[0].Tier != mapping.TierHidden || p.Channels[0].Tier != mapping.TierHidden {
					t.Errorf("tiers %q %q", p.Locations[0].Tier, p.Channels[0].Tier)
				}
			},
		},
		{name: "missing name and country", spoil: func(a Answers) { delete(a, "org_name"); a["country"] = "" },
			want: []want{{"org_name", 0, "required"}, {"country", 0, "required"}}},
		{name: "country not a code", spoil: func(a Answers) { a["country"] = "Cambodia" }, want: []want{{"country", 0, "two-letter"}}},
		{name: "unknown org type", spoil: func(a Answers) { a["org_type"] = "church" }, want: []want{{"org_type", 0, `"church" is not one of`}}},
		{name: "bad e-mail", spoil: func(a Answers) { a["email"] = "info at example.org" }, want: []want{{"email", 0, "e-mail"}}},
		{name: "bad website", spoil: func(a Answers) { a["website"] = "see facebook" }, want: []want{{"website", 0, "web address"}}},
		{name: "bad phone", spoil: func(a Answers) { a["hotline"] = "ask for Dara" }, want: []want{{"hotline", 0, "phone number"}}},
		{name: "bad postal code", spoil: func(a Answers) { a["location_postal_code"] = "12000 (Phnom Penh)" }, want: []want{{"location_postal_code", 0, "postal code"}}},
		{
			name:  "unknown choice among good ones",
			spoil: func(a Answers) { svc(a, "genders", "female nonbinary") },
			want:  []want{{"genders", 1, `"nonbinary" is not one of`}},
			check: func(t *testing.T, p mapping.Provider) {
				if g := p.Services[0].Eligibility.Genders; !slices.Equal(g, []string{"female"}) {
					t.Errorf("genders %v", g)
				}
			},
		},
		{name: "bad language code", spoil: func(a Answers) { svc(a, "service_languages", "th Burmese") }, want: []want{{"service_languages", 1, "ISO 639"}}},
		{name: "bad service type", spoil: func(a Answers) { svc(a, "service_type", "Legal aid") }, want: []want{{"service_type", 1, "service type code"}}},
		{name: "yes/no neither", spoil: func(a Answers) { a["verified_today"] = "maybe" }, want: []want{{"verified_today", 0, "yes or no"}}},
		{name: "local name without language", spoil: func(a Answers) { a["name_local"] = "ការិយាល័យ" }, want: []want{{"local_language", 0, "which language"}}},
		{name: "radius zero", spoil: func(a Answers) { svc(a, "area_radius_km", "0") }, want: []want{{"area_radius_km", 1, "above 0"}}},
		{name: "not an answer", spoil: func(a Answers) { a["description"] = struct{}{} }, want: []want{{"description", 0, "not an answer"}}},
		{
			name: "second service",
			spoil: func(a Answers) {
				a["services"] = append(a["services"].([]map[string]any), map[string]any{"service_type": "medical", "max_age": "x"})
			},
			want: []want{{"max_age", 2, "whole number"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := base()
			tc.spoil(a)
			p, problems, err := ToProvider(a, "", submittedAt)
			if err != nil {
				t.Fatal(err)
			}
			if len(problems) != len(tc.want) {
				t.Fatalf("problems %v, want %v", problems, tc.want)
			}
			for i, w := range tc.want {
				if pr := problems[i]; pr.Field != w.field || pr.Service != w.service || !strings.Contains(pr.Message, w.message) {
					t.Errorf("problem %d = %+v, want %+v", i, pr, w)
				}
			}
			if tc.check != nil {
				tc.check(t, p)
			}
		})
	}
}

func TestFieldProblemNames(t *testing.T) {
	for _, tc := range []struct {
		p            FieldProblem
		path, String string
	}{
		{FieldProblem{Field: "max_age", Service: 2, Message: "must be a whole number"}, "services[1].max_age", "max_age (service 2): must be a whole number"},
		{FieldProblem{Field: "location_point", Message: "the latitude must be from -90 to 90"}, "location_point", "location_point: the latitude must be from -90 to 90"},
	} {
		if tc.p.Path() != tc.path || tc.p.String() != tc.String {
			t.Errorf("Path %q, String %q; want %q, %q", tc.p.Path(), tc.p.String(), tc.path, tc.String)
		}
	}
}

// answers is a named map type, as the surveys package keeps answers in.
type answers map[string]any

func TestToProviderReadsNamedAnswerTypes(t *testing.T) {
	a := base()
	a["services"] = []answers{{"service_type": "legal_aid", "min_age": "18"}, {"service_type": "medical"}}
	a["meta"] = answers{"instanceID": "uuid:6f1e"}
	p, problems, err := ToProvider(map[string]any(answers(a)), "", submittedAt)
	if err != nil || len(problems) > 0 {
		t.Fatalf("%v %v", problems, err)
	}
	if len(p.Services) != 2 || *p.Services[0].Eligibility.MinAge != 18 || p.Services[1].Type != "medical" || p.Provenance.Ref != "uuid:6f1e" {
		t.Errorf("services %s, provenance %+v", dump(p.Services), p.Provenance)
	}
}

func TestToProviderRefusesMisshapenAnswers(t *testing.T) {
	for name, services := range map[string]any{
		"not a list":        "legal_aid",
		"list of non-maps":  []any{"legal_aid"},
		"map, not its list": map[string]any{"service_type": "legal_aid"},
	} {
		t.Run(name, func(t *testing.T) {
			a := base()
			a["services"] = services
			if _, _, err := ToProvider(a, "", submittedAt); !errors.Is(err, haven.ErrInvalid) {
				t.Errorf("err = %v, want an invalid-kind error", err)
			}
		})
	}
}

// fullProviders describe a provider in every field the survey maps, once
// with a region_only place and once with a hidden one.
func fullProviders() []mapping.Provider {
	region := mapping.Provider{
		ID: "p1", Version: 7, Name: "Hope Foundation", OrgType: "faith_based", Country: "MM", Status: "temporarily closed",
		Description: "Support for people returning from scam compounds.", Website: "https://hope.example.org", Email: "office@hope.example.org",
		Translations: map[string]mapping.ProviderText{"my": {Name: "မျှော်လင့်ချက် ဖောင်ဒေးရှင်း", Description: "လိမ်လည်ရေးစခန်းများမှ ပြန်လာသူများကို ကူညီသည်။"}},
		Locations: []mapping.Location{{
			ID: "l1", Name: "Myawaddy drop-in", Tier: mapping.TierRegionOnly,
			Address:  &mapping.Address{Line1: "5 Bayint Naung Road", City: "Myawaddy", Province: "Kayin", PostalCode: "13051", Country: "MM"},
			Latitude: ptr(16.6869), Longitude: ptr(98.5103),
			Regions:       []mapping.RegionRef{{Set: "gadm", Level: 1, Code: "MMR.6_1", Name: "Kayin", How: "inside"}},
			Accessibility: "Step-free entrance; outreach to the border crossing",
		}},
		Services: []mapping.Service{
			{
				ID: "s1", Type: "repatriation", Description: "Safe return to home villages",
				LocationIDs: []string{"l1"},
				Eligibility: mapping.Eligibility{Genders: []string{"female", "male"}, LGBTQI: true, MinAge: ptr(16), MaxAge: ptr(60),
					LegalStatuses: []string{"national"}, TraffickingForms: []string{"forced_criminality", "forced_labour"}, VictimStatus: "presumed"},
				Languages: []string{"my", "kar", "th"}, Interpreting: true,
				Cost: mapping.Cost{Kind: "fee", Note: "Transport only"},
				Access: mapping.Access{WalkIn: true, ReferralRequired: true, WhoCanRefer: "IOM, embassies", NextStep: "Message us on Viber",
					Documents: []string{"Any ID", "travel document"}, ResponseTime: "Within a week"},
				Capacity: &mapping.Capacity{Unit: "places", Total: ptr(40), Available: ptr(0), UpdatedAt: &submittedAt},
				Schedules: []mapping.Schedule{
					{Days: []string{"mo", "we", "fr"}, Opens: "09:00", Closes: "15:30", Note: "Closed on Thingyan"},
					{Days: []string{"sa", "su"}, AllDay: true, Note: "Closed on Thingyan"},
					{Days: []string{"tu"}, Opens: "18:00", Closes: "06:00", Note: "Closed on Thingyan"},
				},
				Area: &mapping.ServiceArea{RadiusKm: ptr(120.5)},
			},
			{
				ID: "s2", Type: "hotline",
				Eligibility: mapping.Eligibility{Genders: []string{}, LegalStatuses: []string{}, TraffickingForms: []string{}, VictimStatus: "none"},
				Languages:   []string{"my"}, Cost: mapping.Cost{Kind: "free"},
				Schedules: []mapping.Schedule{{Days: slices.Clone(mapping.WeekDays), AllDay: true}},
			},
			{
				ID: "s3", Type: "mental_health.trauma",
				Eligibility: mapping.Eligibility{Genders: []string{"male"}, LegalStatuses: []string{"foreign_national"}, TraffickingForms: []string{}, VictimStatus: "identified"},
				Languages:   []string{}, Cost: mapping.Cost{Kind: "free"},
				Schedules: []mapping.Schedule{{Days: []string{"mo", "tu", "we", "th", "fr"}, Opens: "08:00", Closes: "17:00"}},
			},
		},
		Channels: []mapping.Channel{
			{ID: "c1", Kind: "hotline", Value: "+95 9 450 000 111", Hours: "24/7", Tier: mapping.TierPublic},
			{ID: "c2", Kind: "phone", Value: "058 50 123", Tier: mapping.TierHidden, LocationID: "l1"},
			{ID: "c3", Kind: "whatsapp", Value: "+95 9 450 000 222", Tier: mapping.TierPublic},
			{ID: "c4", Kind: "line", Value: "hopefdn", Tier: mapping.TierPublic},
			{ID: "c5", Kind: "viber", Value: "+95 9 450 000 333", Tier: mapping.TierPublic},
			{ID: "c6", Kind: "telegram", Value: "@hopefdn", Tier: mapping.TierPublic},
			{ID: "c7", Kind: "facebook", Value: "https://facebook.com/hopefdn", Tier: mapping.TierPublic},
			{ID: "c8", Kind: "email", Value: "help@hope.example.org", Tier: mapping.TierPublic},
			{ID: "c9", Kind: "other", Label: "Complaints and feedback", Value: "feedback@hope.example.org", Tier: mapping.TierPublic},
		},
		Verification: mapping.Verification{Status: "verified", VerifiedAt: &submittedAt, VerifiedBy: "someone@example.org"},
		Provenance:   mapping.Provenance{Kind: "manual"},
		CreatedAt:    submittedAt, UpdatedAt: submittedAt,
	}
	hidden := mapping.Provider{
		Name: "Quiet House", OrgType: "ngo", Country: "PH", Status: "active",
		Locations: []mapping.Location{{Name: "QH", Tier: mapping.TierHidden, Latitude: ptr(14.5995), Longitude: ptr(120.9842)}},
		Services: []mapping.Service{{
			Type:        "accommodation.long_term",
			Eligibility: mapping.Eligibility{Genders: []string{"female"}, LegalStatuses: []string{}, TraffickingForms: []string{"sexual_exploitation"}, VictimStatus: "identified"},
			Languages:   []string{"fil", "en"}, Cost: mapping.Cost{Kind: "free"},
			Access: mapping.Access{ReferralRequired: true, WhoCanRefer: "DSWD"},
			Schedules: []mapping.Schedule{
				{Days: []string{"mo", "tu", "we", "th", "fr"}, Opens: "08:00", Closes: "17:00"},
				{Days: []string{"sa"}, Opens: "08:00", Closes: "12:00"},
			},
		}},
		Channels:     []mapping.Channel{{Kind: "phone", Value: "+63 2 8123 4567", Tier: mapping.TierHidden}},
		Verification: mapping.Verification{Status: "unverified"},
	}
	return []mapping.Provider{region, hidden}
}

// mapped keeps the fields the survey asks for: not IDs, derived regions,
// versions, timestamps, verification and provenance, which come from the
// directory and from who submits.
func mapped(p mapping.Provider) mapping.Provider {
	p.ID, p.Version, p.CreatedAt, p.UpdatedAt = "", 0, time.Time{}, time.Time{}
	p.Verification, p.Provenance = mapping.Verification{}, mapping.Provenance{}
	p.Locations = slices.Clone(p.Locations)
	for i := range p.Locations {
		p.Locations[i].ID, p.Locations[i].Regions, p.Locations[i].Redacted = "", nil, false
	}
	p.Services = slices.Clone(p.Services)
	for i := range p.Services {
		p.Services[i].ID, p.Services[i].LocationIDs, p.Services[i].Translations = "", nil, nil
	}
	p.Channels = slices.Clone(p.Channels)
	for i := range p.Channels {
		p.Channels[i].ID, p.Channels[i].LocationID = "", ""
	}
	return p
}

func TestFieldsForIsTheInverseOfToProvider(t *testing.T) {
	for _, p := range fullProviders() {
		t.Run(p.Name, func(t *testing.T) {
			a := FieldsFor(p)
			got, problems, err := ToProvider(a, "", submittedAt)
			if err != nil || len(problems) > 0 {
				t.Fatalf("ToProvider(FieldsFor(p)): %v %v", problems, err)
			}
			if want := mapped(p); !reflect.DeepEqual(mapped(got), want) {
				t.Errorf("ToProvider(FieldsFor(p)) lost something:\n got %s\nwant %s", dump(mapped(got)), dump(want))
			}
		})
	}
}

// TestFieldsForAnswersEveryQuestion: the answers FieldsFor gives are the
// survey's questions with answers the survey offers, and together the full
// providers answer every question but the two only a person can answer.
func TestFieldsForAnswersEveryQuestion(t *testing.T) {
	d := ProviderMapping()
	questions := map[string]*surveys.Question{}
	d.Walk(func(_ []string, q *surveys.Question) bool {
		if !q.Type.IsSection() && q.Type != surveys.TypeNote {
			questions[q.Name] = q
		}
		return true
	})
	answered := map[string]bool{"verified_today": true, "final_note": true}
	check := func(a map[string]any) {
		for name, v := range a {
			if name == "services" {
				continue
			}
			q := questions[name]
			if q == nil {
				t.Errorf("FieldsFor answers %s, which the survey does not ask", name)
				continue
			}
			answered[name] = true
			if !q.Type.IsSelect() {
				continue
			}
			for _, s := range strings.Fields(v.(string)) {
				if !slices.Contains(choiceNames(q.ListName), s) {
					t.Errorf("FieldsFor answers %s with %q, which is not a choice", name, s)
				}
			}
		}
	}
	for _, p := range fullProviders() {
		a := FieldsFor(p)
		check(a)
		for _, s := range a["services"].([]map[string]any) {
			check(s)
		}
	}
	for name := range questions {
		if !answered[name] {
			t.Errorf("question %s is never answered by FieldsFor", name)
		}
	}
	if len(answered) != len(questions) {
		t.Errorf("answered %v", slices.Sorted(maps.Keys(answered)))
	}
}

func dump(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}
