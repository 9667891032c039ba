package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/builtin"
)

// How many demo submissions the demo collector sends, and how many of them
// an editor accepted or rejected; the rest wait for review.
const (
	submissionCount = 200
	acceptedCount   = 60
	rejectedCount   = 30
)

// rejectNotes are the reasons a reviewer gives, as a collector reads them.
var rejectNotes = []string{
	"The hotline number does not answer. Please call it again and check the number with the provider.",
	"The opening hours differ from what the provider told us last month. Please ask them again.",
	"This provider is in the directory already; update that entry instead of mapping it as a new one.",
	"The map point is in the river. Please record it again at the entrance.",
	"Please ask who may see the address: the place looks like a shelter and may need to stay hidden.",
	"The services list is empty. Ask which help they give and add one entry per kind of help.",
}

// newProviders are fictional organizations the collector found that are
// not in the directory yet.
var newProviders = []struct{ name, city, orgType string }{
	{"Riverside Migrant Workers Help Point (demo)", "Mae Sot", "community"},
	{"Northern Youth Shelter (demo)", "Chiang Rai", "ngo"},
	{"Harbour Seafarers Support Desk (demo)", "Songkhla", "ngo"},
	{"Border Legal Aid Caravan (demo)", "Aranyaprathet", "ngo"},
	{"Sisters Safe Room (demo)", "Khon Kaen", "faith_based"},
	{"Factory Workers Advice Line (demo)", "Samut Sakhon", "community"},
	{"Phnom Penh Returnee Network (demo)", "Phnom Penh", "ngo"},
	{"Siem Reap Family Tracing Desk (demo)", "Siem Reap", "international"},
}

// loadSubmissions makes the demo collector's submissions of the built-in
// provider-mapping survey: most describe demo providers in Thailand and
// Cambodia (the collector's countries) with small changes, a few describe
// new ones. Then the admin accepts some (linked to the provider they
// describe, which they update) and rejects some with a note.
func loadSubmissions(ctx context.Context, svc *surveys.Service, rev *review.Service, providers []mapping.Provider,
	admin, collector accounts.User) error {
	if _, err := svc.Ensure(ctx, builtin.ProviderMapping(), "built in"); err != nil {
		return fmt.Errorf("demo survey: %w", err)
	}
	sv, err := svc.Survey(ctx, builtin.ProviderMappingFormID)
	if err != nil {
		return err
	}
	var near []mapping.Provider // in the collector's countries
	for _, p := range providers {
		if p.Country == "TH" || p.Country == "KH" {
			near = append(near, p)
		}
	}
	if len(near) == 0 {
		return fmt.Errorf("demo submissions: no demo providers in Thailand or Cambodia")
	}
	rng := rand.New(rand.NewPCG(2026, 12))
	type sent struct {
		id       string
		provider string // the provider it describes; "" for a new one
		country  string
	}
	var subs []sent
	actor := audit.Actor{ID: collector.ID, Email: collector.Email}
	for i := range submissionCount {
		var answers builtin.Answers
		target := ""
		if i%25 == 7 {
			answers = newProviderAnswers(rng, newProviders[(i/25)%len(newProviders)])
		} else {
			p := near[rng.IntN(len(near))]
			answers = vary(rng, builtin.FieldsFor(p))
			target = p.ID
		}
		answers["verified_today"] = []string{"yes", "no"}[rng.IntN(2)]
		if rng.IntN(6) == 0 {
			answers["final_note"] = "Staff were friendly; the manager will send photos of the new rooms."
		}
		sub, _, err := svc.Submit(ctx, surveys.NewSubmission{VersionID: sv.Latest.ID, InstanceID: demoUUID(rng),
			Answers: surveys.Answers(answers), Channel: surveys.ChannelOpenRosa, Collector: actor})
		if err != nil {
			return fmt.Errorf("demo submission %d: %w", i+1, err)
		}
		country, _ := answers["country"].(string)
		subs = append(subs, sent{id: sub.ID, provider: target, country: country})
	}
	// The oldest are reviewed, as an editor works through the queue; the
	// newest wait. Accepted ones update the provider they describe; those
	// about new organizations are left for an editor to create (the demo
	// directory keeps its size).
	accepted, rejected := 0, 0
	for _, s := range subs {
		switch {
		case accepted < acceptedCount && s.provider != "" && rng.IntN(3) > 0:
			if _, err := rev.Accept(ctx, admin, s.id, s.provider); err != nil {
				return fmt.Errorf("demo accept %s: %w", s.id, err)
			}
			accepted++
		case rejected < rejectedCount:
			if _, err := rev.Reject(ctx, admin, s.id, rejectNotes[rng.IntN(len(rejectNotes))]); err != nil {
				return fmt.Errorf("demo reject %s: %w", s.id, err)
			}
			rejected++
		}
		if accepted == acceptedCount && rejected == rejectedCount {
			break
		}
	}
	return nil
}

// vary changes what a collector might find different on a visit, and
// leaves out some optional answers.
func vary(rng *rand.Rand, a builtin.Answers) builtin.Answers {
	services := []any{}
	if list, ok := a["services"].([]map[string]any); ok {
		for _, s := range list {
			if n, err := strconv.Atoi(fmt.Sprint(s["capacity_total"])); err == nil && rng.IntN(2) == 0 {
				s["capacity_available"] = strconv.Itoa(rng.IntN(n + 1))
			}
			if rng.IntN(4) == 0 {
				delete(s, "next_step")
			}
			if rng.IntN(5) == 0 {
				s["response_time"] = []string{"same day", "within 3 days", "within a week"}[rng.IntN(3)]
			}
			services = append(services, s)
		}
	}
	if len(services) > 0 {
		a["services"] = services
	}
	switch rng.IntN(5) {
	case 0:
		delete(a, "description")
	case 1:
		a["description"] = "A fictional provider in Haven's demo dataset. Staff say they now also visit factories once a month."
	}
	if rng.IntN(4) == 0 {
		a["hotline_hours"] = "mo-fr 08:00-20:00"
	}
	if rng.IntN(5) == 0 {
		delete(a, "location_accessibility")
		a["location_accessibility"] = "Ground floor, step-free entrance."
	}
	if rng.IntN(6) == 0 {
		a["website"] = "https://example.org/" + strings.ToLower(strings.Fields(fmt.Sprint(a["org_name"]))[0])
	}
	return a
}

// newProviderAnswers describes an organization not in the directory.
func newProviderAnswers(rng *rand.Rand, n struct{ name, city, orgType string }) builtin.Answers {
	country := "TH"
	lat, lon := 13.75+rng.Float64()*4, 99.5+rng.Float64()*3
	if strings.HasPrefix(n.name, "Phnom Penh") || strings.HasPrefix(n.name, "Siem Reap") {
		country, lat, lon = "KH", 11.55+rng.Float64(), 104.4+rng.Float64()
	}
	a := builtin.Answers{
		"org_name": n.name, "org_type": n.orgType, "country": country, "org_status": "active",
		"description":   "A fictional organization in Haven's demo dataset, found on a field visit.",
		"location_name": n.city + " office", "location_tier": "public",
		"location_address": fmt.Sprintf("%d Demo Lane", 1+rng.IntN(90)), "location_city": n.city,
		"location_point": fmt.Sprintf("%.5f %.5f 0 10", lat, lon),
		"hotline":        fmt.Sprintf("+00 %04d %04d", rng.IntN(10000), rng.IntN(10000)),
		"services": []any{map[string]any{
			"service_type": "case_management", "cost_kind": "free", "walk_in": "yes", "referral_required": "no",
			"service_languages": "th en", "hours_kind": "weekdays",
		}},
	}
	if rng.IntN(2) == 0 {
		delete(a, "description")
	}
	return a
}

// demoUUID is a random (version 4) UUID from rng, so the demo is the same
// every run.
func demoUUID(rng *rand.Rand) string {
	hi, lo := rng.Uint64(), rng.Uint64()
	hi = hi&^0xf000 | 0x4000
	lo = lo&^(0xc<<60) | 0x8<<60
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", hi>>32, (hi>>16)&0xffff, hi&0xffff, lo>>48, lo&0xffffffffffff)
}
