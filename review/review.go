package review

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/builtin"
)

// Service reviews submissions into the directory.
type Service struct {
	surveys *surveys.Service
	dir     *mapping.Directory
	regions *mapping.Regions
	audit   *audit.Log
	// decide records decisions: surveys.Service.Decide, which tests replace
	// to make an Accept fail after the directory was written.
	decide func(ctx context.Context, id string, d surveys.Decision, reviewer audit.Actor) (surveys.Submission, error)
	// maxScan is the package's maxScan, which tests lower.
	maxScan int
}

// NewService returns a Service on the survey store, the directory and the
// boundary sets that place submissions in regions.
func NewService(s *surveys.Service, dir *mapping.Directory, regions *mapping.Regions, log *audit.Log) *Service {
	return &Service{surveys: s, dir: dir, regions: regions, audit: log, decide: s.Decide, maxScan: maxScan}
}

// reviewer reports whether u reviews submissions: editors and admins.
func reviewer(u accounts.User) bool {
	return u.Role == accounts.RoleAdmin || u.Role == accounts.RoleEditor
}

func forbidden(u accounts.User, country string) error {
	if country == "" {
		return haven.Errorf(haven.KindForbidden, "as %s you may not review submissions", u.Role)
	}
	return haven.Errorf(haven.KindForbidden, "as %s for %s you may not review submissions about %s",
		u.Role, strings.Join(u.Countries, ", "), country)
}

func actorOf(u accounts.User) audit.Actor { return audit.Actor{ID: u.ID, Email: u.Email} }

// readable reports whether u may read sub: admins every submission,
// editors those about the countries they may edit (mapping.CanEdit; a
// submission without a country answer only editors of every country),
// collectors their own.
func readable(u accounts.User, sub surveys.Submission) bool {
	switch u.Role {
	case accounts.RoleAdmin, accounts.RoleEditor:
		country, _ := sub.Answers["country"].(string)
		return mapping.CanEdit(u, country)
	case accounts.RoleCollector:
		return sub.CollectorID != "" && sub.CollectorID == u.ID
	}
	return false
}

// Get returns one submission as u may see it, auditing a read of
// confidential answers (submission.read_confidential) and of a response to
// a feedback test (submission.read_feedback). It fails with
// haven.ErrForbidden for roles that read no submissions, and with
// haven.ErrNotFound also for a submission u may not read (a collector's
// of someone else, an editor's of another country, a feedback response
// without the raw_data grant).
func (s *Service) Get(ctx context.Context, u accounts.User, id string) (Item, error) {
	sub, feedback, err := s.read(ctx, u, id)
	if err != nil {
		return Item{}, err
	}
	it, err := s.view(ctx, u, sub)
	if err != nil {
		return Item{}, err
	}
	if feedback {
		if err := s.auditFeedbackRead(ctx, u, []string{sub.ID}); err != nil {
			return Item{}, err
		}
	}
	return it, nil
}

// read returns the submission unredacted if u may read it, and whether it
// is a response to a feedback test.
func (s *Service) read(ctx context.Context, u accounts.User, id string) (sub surveys.Submission, feedback bool, err error) {
	if !reviewer(u) && u.Role != accounts.RoleCollector {
		return surveys.Submission{}, false, haven.Errorf(haven.KindForbidden, "as %s you may not read submissions", u.Role)
	}
	if sub, err = s.surveys.Submission(ctx, id); err != nil {
		return surveys.Submission{}, false, err
	}
	if !readable(u, sub) {
		return surveys.Submission{}, false, haven.Errorf(haven.KindNotFound, "no such submission")
	}
	if feedback, err = s.feedback(ctx, u, sub); err != nil {
		return surveys.Submission{}, false, err
	}
	return sub, feedback, nil
}

// view is what u may see of sub, auditing a read of confidential answers.
func (s *Service) view(ctx context.Context, u accounts.User, sub surveys.Submission) (Item, error) {
	items, revealed, err := s.items(ctx, []surveys.Submission{sub}, mapping.ViewerOf(u))
	if err != nil {
		return Item{}, err
	}
	if len(revealed) > 0 {
		if err := s.audit.Record(ctx, nil, "submission.read_confidential", "submission", sub.ID, nil); err != nil {
			return Item{}, err
		}
	}
	return items[0], nil
}

// mappingSubmission reads a submission of a provider-mapping survey for a
// decision by u. It fails with haven.ErrForbidden when u may not review,
// haven.ErrNotFound (a feedback response too, without the raw_data
// grant), haven.ErrConflict when it was decided already or is a feedback
// response, and haven.ErrInvalid for a submission of another kind of
// survey.
func (s *Service) mappingSubmission(ctx context.Context, u accounts.User, id string) (surveys.Submission, error) {
	if !reviewer(u) {
		return surveys.Submission{}, forbidden(u, "")
	}
	sub, err := s.surveys.Submission(ctx, id)
	if err != nil {
		return surveys.Submission{}, err
	}
	if feedback, err := s.feedback(ctx, u, sub); err != nil || feedback {
		return surveys.Submission{}, cmp.Or(err, errFeedbackUndecided)
	}
	if sub.Status != surveys.StatusSubmitted {
		return surveys.Submission{}, haven.Errorf(haven.KindConflict, "the submission was %s already; a decision cannot be changed", sub.Status)
	}
	sv, err := s.surveys.Survey(ctx, sub.SurveyID)
	if err != nil {
		return surveys.Submission{}, err
	}
	if sv.Kind != surveys.KindProviderMapping {
		return surveys.Submission{}, haven.Errorf(haven.KindInvalid,
			"only submissions of provider-mapping surveys go into the directory; this one is of a %s survey", sv.Kind)
	}
	return sub, nil
}

// proposal is the provider a submission describes. Problems fail with
// haven.ErrInvalid naming each question; what they say never quotes an
// answer, so a confidential place does not leak through the error.
func proposal(sub surveys.Submission) (mapping.Provider, error) {
	p, problems, err := builtin.ToProvider(builtin.Answers(sub.Answers), sub.CollectorEmail, sub.SubmittedAt)
	if err != nil {
		return mapping.Provider{}, err
	}
	if len(problems) > 0 {
		var v haven.Validation
		for _, pr := range problems {
			v.Add(pr.Path(), pr.Message)
		}
		he := v.Err().(*haven.Error)
		he.Message = "the submission cannot go into the directory as it is; reject it with a note, or correct the entry after accepting a corrected one"
		return mapping.Provider{}, he
	}
	// The submission's ID, not the device's instance ID, links the entry
	// back: it is how a retried Accept finds what an earlier attempt made.
	p.Provenance = mapping.Provenance{Kind: "survey", Ref: sub.ID}
	return p, nil
}

// Accept puts a provider-mapping submission into the directory as u: it
// creates a provider (providerID "") or changes the fields the survey
// covers of providerID, then marks the submission accepted and linked to
// it (submission.accept is audited, besides the provider's own events). It
// returns the provider as u may see it.
//
// It is safe to retry: a provider created from this submission by an
// earlier attempt that failed before the submission was marked is found
// (by its provenance) and linked instead of created again; a repeated
// change of an existing provider changes nothing.
//
// It fails with haven.ErrForbidden when u may not edit providers in the
// country, haven.ErrConflict for a submission decided already,
// haven.ErrInvalid listing the answers that cannot be used, and
// haven.ErrNotFound for an unknown submission or provider.
func (s *Service) Accept(ctx context.Context, u accounts.User, submissionID, providerID string) (mapping.Provider, error) {
	ctx = audit.WithActor(ctx, actorOf(u))
	sub, err := s.mappingSubmission(ctx, u, submissionID)
	if err != nil {
		return mapping.Provider{}, err
	}
	p, err := proposal(sub)
	if err != nil {
		return mapping.Provider{}, err
	}
	if !mapping.CanEdit(u, p.Country) {
		return mapping.Provider{}, forbidden(u, p.Country)
	}
	var out mapping.Provider
	earlier, found, err := s.dir.ProviderByProvenance(ctx, "survey", sub.ID)
	switch {
	case err != nil:
		return mapping.Provider{}, err
	case found:
		out = visibleTo(earlier, u)
	case providerID == "":
		out, err = s.dir.Create(ctx, u, p)
		if haven.KindOf(err) == haven.KindConflict {
			// Another accept of this submission created it a moment ago.
			if earlier, found, err2 := s.dir.ProviderByProvenance(ctx, "survey", sub.ID); err2 == nil && found {
				out, err = visibleTo(earlier, u), nil
			}
		}
		if err != nil {
			return mapping.Provider{}, err
		}
	default:
		if out, err = s.update(ctx, u, providerID, p); err != nil {
			return mapping.Provider{}, err
		}
	}
	if _, err := s.decide(ctx, sub.ID, surveys.Decision{Accept: true, ProviderID: out.ID}, actorOf(u)); err != nil {
		return mapping.Provider{}, err
	}
	return out, nil
}

// update changes the fields of provider id that the survey covers to what
// p says: the organization's fields, its first place (keeping its ID), its
// services, and its channels of the kinds the survey asks about. A
// verification is only written when the submission verified the entry.
func (s *Service) update(ctx context.Context, u accounts.User, id string, p mapping.Provider) (mapping.Provider, error) {
	current, err := s.dir.Provider(ctx, u, id)
	if err != nil {
		return mapping.Provider{}, err
	}
	if !mapping.CanEdit(u, current.Country) {
		return mapping.Provider{}, forbidden(u, current.Country)
	}
	locations := slices.Clone(current.Locations)
	if len(p.Locations) > 0 {
		if len(locations) > 0 {
			l := p.Locations[0]
			l.ID = locations[0].ID
			locations[0] = l
		} else {
			locations = append(locations, p.Locations[0])
		}
	}
	covered := map[string]bool{}
	for _, c := range p.Channels {
		covered[c.Kind] = true
	}
	channels := slices.DeleteFunc(slices.Clone(current.Channels), func(c mapping.Channel) bool { return covered[c.Kind] })
	channels = append(channels, p.Channels...)
	fields := map[string]any{
		"name": p.Name, "org_type": p.OrgType, "country": p.Country, "status": p.Status,
		"description": p.Description, "website": p.Website, "email": p.Email,
		"locations": locations, "services": p.Services, "channels": channels,
	}
	if len(p.Translations) > 0 {
		fields["translations"] = p.Translations
	}
	if p.Verification.Status == "verified" {
		fields["verification"] = p.Verification
	}
	patch := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		raw, err := json.Marshal(v)
		if err != nil {
			return mapping.Provider{}, fmt.Errorf("patch %s: %w", k, err)
		}
		patch[k] = raw
	}
	return s.dir.Patch(ctx, u, id, 0, patch)
}

// visibleTo is what u may see of a provider u wrote: the redacted entry,
// or its identity only when all of it is hidden from u (as the directory
// answers its writers).
func visibleTo(p mapping.Provider, u accounts.User) mapping.Provider {
	out, visible, _ := mapping.Redact(p, mapping.ViewerOf(u))
	if !visible {
		return mapping.Provider{ID: p.ID, Name: p.Name, Country: p.Country, Version: p.Version, CreatedAt: p.CreatedAt,
			UpdatedAt: p.UpdatedAt, Locations: []mapping.Location{}, Services: []mapping.Service{}, Channels: []mapping.Channel{}}
	}
	return out
}

// Reject marks a submission rejected with note, the reason its collector
// reads, and audits it (submission.reject). It fails with haven.ErrInvalid
// without a note, haven.ErrForbidden when u may not edit providers in the
// country the submission is about, haven.ErrConflict for a submission
// decided already or a feedback response, and haven.ErrNotFound (a
// feedback response too, without the raw_data grant).
func (s *Service) Reject(ctx context.Context, u accounts.User, submissionID, note string) (Item, error) {
	ctx = audit.WithActor(ctx, actorOf(u))
	if !reviewer(u) {
		return Item{}, forbidden(u, "")
	}
	sub, err := s.surveys.Submission(ctx, submissionID)
	if err != nil {
		return Item{}, err
	}
	if feedback, err := s.feedback(ctx, u, sub); err != nil || feedback {
		return Item{}, cmp.Or(err, errFeedbackUndecided)
	}
	// Without a country answer only admins and editors of every country
	// may reject: an editor's scope must not be escaped by a blank answer.
	if country, _ := sub.Answers["country"].(string); !mapping.CanEdit(u, country) {
		return Item{}, forbidden(u, country)
	}
	decided, err := s.surveys.Decide(ctx, sub.ID, surveys.Decision{Note: note}, actorOf(u))
	if err != nil {
		return Item{}, err
	}
	return s.view(ctx, u, decided)
}
