package review

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/builtin"
)

// FieldChange is one question whose answer differs from what the directory
// holds: the editor's field-by-field view before accepting.
type FieldChange struct {
	// Field is the question, as survey problems name it: min_age, or
	// services[1].min_age for the second service (from 0).
	Field    string `json:"field"`
	Current  string `json:"current"`  // what the provider says now; "" for nothing
	Proposed string `json:"proposed"` // what the submission says; "" for nothing
}

// serviceDefaults are what the directory writes for service answers left
// empty, which are no change then.
var serviceDefaults = map[string]string{"victim_status": "none"}

// notCompared are answers that describe the visit, not the provider.
var notCompared = []string{"instanceID", "meta", "verified_today", "final_note"}

// Diff compares a provider-mapping submission with provider providerID
// (nothing, for "": every answer is then new), both as u may see them,
// and returns the questions whose answers differ, by field name. Fields
// withheld from u on either side are left out, never shown as removed.
// It fails like Get, with haven.ErrForbidden for users who do not review,
// with haven.ErrNotFound for a provider u may not see, and with
// haven.ErrConflict for a feedback response, which describes no provider.
func (s *Service) Diff(ctx context.Context, u accounts.User, submissionID, providerID string) ([]FieldChange, error) {
	if !reviewer(u) {
		return nil, forbidden(u, "")
	}
	sub, feedback, err := s.read(ctx, u, submissionID)
	if err != nil {
		return nil, err
	}
	if feedback {
		return nil, errFeedbackNoDiff
	}
	if _, err := s.view(ctx, u, sub); err != nil { // audits a confidential read
		return nil, err
	}
	linked, err := s.linkedTiers(ctx, []surveys.Submission{sub})
	if err != nil {
		return nil, err
	}
	// Both sides in the form FieldsFor gives, so that only what would be
	// written shows: a point's accuracy or a default "no" is no change.
	p, _, err := builtin.ToProvider(builtin.Answers(sub.Answers), sub.CollectorEmail, sub.SubmittedAt)
	if err != nil {
		return nil, err
	}
	proposed := surveys.Answers(builtin.FieldsFor(p))
	if services, ok := proposed["services"].([]map[string]any); ok {
		for _, e := range services {
			for k, v := range serviceDefaults {
				if _, ok := e[k]; !ok {
					e[k] = v
				}
			}
		}
	}
	current := surveys.Answers{}
	if providerID != "" {
		existing, err := s.dir.Provider(ctx, u, providerID)
		if err != nil {
			return nil, err
		}
		current = surveys.Answers(builtin.FieldsFor(existing))
	}
	skip := func(string) bool { return false }
	if !mapping.ViewerOf(u).Confidential {
		// What is withheld on either side is left out, not shown as removed.
		skip = func(field string) bool {
			return withheld(sub.Answers, linked[sub.ProviderID], field) || withheld(proposed, "", field) || withheld(current, "", field)
		}
	}
	return compare(flatten(current), flatten(proposed), skip), nil
}

// compare lists the fields whose values differ, sorted by name.
func compare(current, proposed map[string]string, skip func(string) bool) []FieldChange {
	names := map[string]bool{}
	for k := range current {
		names[k] = true
	}
	for k := range proposed {
		names[k] = true
	}
	out := []FieldChange{}
	for k := range names {
		base := k
		if i := strings.LastIndexByte(k, '.'); i >= 0 {
			base = k[i+1:]
		}
		if slices.Contains(notCompared, base) || skip(base) || current[k] == proposed[k] {
			continue
		}
		out = append(out, FieldChange{Field: k, Current: current[k], Proposed: proposed[k]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Field < out[j].Field })
	return out
}

// flatten turns answers into text by field path, repeats as
// services[0].min_age; empty answers are left out.
func flatten(a map[string]any) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		if v == nil {
			continue
		}
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
			for i := 0; i < rv.Len(); i++ {
				entry, ok := asMap(rv.Index(i).Interface())
				if !ok {
					continue
				}
				for ek, ev := range flatten(entry) {
					out[fmt.Sprintf("%s[%d].%s", k, i, ek)] = ev
				}
			}
			continue
		}
		if s := strings.TrimSpace(fmt.Sprint(v)); s != "" {
			out[k] = s
		}
	}
	return out
}

func asMap(v any) (map[string]any, bool) {
	switch m := v.(type) {
	case map[string]any:
		return m, true
	case surveys.Answers:
		return m, true
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Map || rv.Type().Key().Kind() != reflect.String {
		return nil, false
	}
	m := make(map[string]any, rv.Len())
	for it := rv.MapRange(); it.Next(); {
		m[it.Key().String()] = it.Value().Interface()
	}
	return m, true
}
