package feedback

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/surveys"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// RespondByLink stores a response sent through a self-complete link. It
// fails with haven.ErrNotFound for a link that does not work, and
// haven.ErrInvalid — storing nothing — without consent or with answers the
// test does not take. created is false when the same instance ID was stored
// before (a retry), which is answered with the stored response.
func (s *Service) RespondByLink(ctx context.Context, token string, in ResponseInput) (r Response, created bool, err error) {
	t, err := s.testByToken(ctx, token)
	if err != nil {
		return Response{}, false, err
	}
	return s.respond(ctx, t, ModeSelf, in)
}

// Facilitate stores a response a facilitator entered for a participant. The
// facilitator is not recorded with it (see the package doc). It fails with
// haven.ErrForbidden when u may not facilitate the test's country,
// haven.ErrConflict when the test is not open, and as RespondByLink.
func (s *Service) Facilitate(ctx context.Context, u accounts.User, testID string, in ResponseInput) (Response, bool, error) {
	t, err := s.facilitated(ctx, u, testID)
	if err != nil {
		return Response{}, false, err
	}
	if t.Status != StatusOpen {
		return Response{}, false, haven.Errorf(haven.KindConflict, "the test is %s: it takes no responses", t.Status)
	}
	return s.respond(ctx, t, ModeFacilitated, in)
}

// facilitated reads a test u may enter responses for.
func (s *Service) facilitated(ctx context.Context, u accounts.User, testID string) (Test, error) {
	t, err := s.read(ctx, s.db, testID)
	if err != nil {
		return Test{}, err
	}
	if !canFacilitate(u, t.Country) {
		if canRead(u, t.Country) {
			return Test{}, forbidden(u, "enter responses", t.Country)
		}
		return Test{}, errNoTest
	}
	return t, nil
}

func (s *Service) respond(ctx context.Context, t Test, mode Mode, in ResponseInput) (Response, bool, error) {
	// Nothing of the request may reach the audit log: not who sent it (a
	// facilitator's session) nor which request it was (logs).
	ctx = audit.WithRequestID(audit.WithActor(ctx, audit.Actor{}), "")
	answers, err := t.answers(in, mode)
	if err != nil {
		return Response{}, false, err
	}
	sv, err := s.surveys.Survey(ctx, t.SurveyID)
	if err != nil {
		return Response{}, false, err
	}
	sub, created, err := s.surveys.Submit(ctx, surveys.NewSubmission{VersionID: sv.Latest.ID, InstanceID: in.InstanceID,
		Answers: answers, Channel: surveys.ChannelWeb})
	if err != nil {
		return Response{}, false, inputFields(err, in)
	}
	r := t.Response(sub)
	// Also after a retry: a first attempt may have stored the response and
	// failed before this.
	if err := s.feedBack(ctx, t, r); err != nil {
		return Response{}, false, err
	}
	return r, created, nil
}

// feedBack stores what a response feeds back into Haven: its unmet needs
// for the gap report, and its problems as issues in the providers' review
// queues. Each is stored once per response, whatever the retries.
func (s *Service) feedBack(ctx context.Context, t Test, r Response) error {
	if len(r.UnmetNeeds) == 0 && len(r.Problems) == 0 {
		return nil
	}
	areas, err := s.areaIndex(ctx, t)
	if err != nil {
		return err
	}
	entries, err := s.entries(ctx, t)
	if err != nil {
		return err
	}
	now := s.now()
	var needs []unmetRow
	for i, n := range r.UnmetNeeds {
		needs = append(needs, unmetRow{ID: newID(), TestID: t.ID, SubmissionID: r.ID, Seq: i, RegionSet: t.AreaSet,
			RegionLevel: t.AreaLevel, RegionCode: n.RegionCode, ParentCode: areas[n.RegionCode].ParentCode,
			ServiceType: n.ServiceType, CreatedAt: now})
	}
	var issues []issueRow
	for i, p := range r.Problems {
		issues = append(issues, issueRow{ID: newID(), ProviderID: p.ProviderID, Country: entries[p.ProviderID].Country,
			Kind: string(p.Kind), Note: p.Note, Source: IssueSourceFeedback, TestID: t.ID, SubmissionID: r.ID, Seq: i,
			Status: IssueOpen, CreatedAt: now})
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// ON CONFLICT DO NOTHING on (submission_id, seq): a retry, or a
		// concurrent duplicate, adds nothing.
		if len(needs) > 0 {
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&needs).Error; err != nil {
				return fmt.Errorf("store unmet needs: %w", err)
			}
		}
		if len(issues) > 0 {
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&issues).Error; err != nil {
				return fmt.Errorf("store provider issues: %w", err)
			}
		}
		return nil
	})
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return nil
	}
	return err
}

// Assign gives the next participant of group the order in which to see
// the drafts: the next row of the balanced Latin square for that group.
func (s *Service) assign(ctx context.Context, t Test, group string) ([]string, error) {
	if !slices.ContainsFunc(t.Groups, func(g Group) bool { return g.Code == group }) {
		return nil, &haven.Error{Kind: haven.KindInvalid, Message: "some fields are invalid",
			Fields: []haven.FieldError{{Field: "group", Message: "is not a group of this test"}}}
	}
	if len(t.Drafts) == 1 {
		return []string{t.Drafts[0].Label}, nil
	}
	var started int
	// One statement, so that two participants starting at once get
	// different rows, on SQLite and PostgreSQL alike.
	err := s.db.WithContext(ctx).Raw(`INSERT INTO feedback_assignments (test_id, group_code, started) VALUES (?, ?, 1)
		ON CONFLICT (test_id, group_code) DO UPDATE SET started = feedback_assignments.started + 1
		RETURNING started`, t.ID, group).Scan(&started).Error
	if err != nil {
		return nil, fmt.Errorf("assign draft order: %w", err)
	}
	return t.order(started - 1), nil
}

// AssignByLink gives a participant on a self-complete link the order of
// the drafts for their group.
func (s *Service) AssignByLink(ctx context.Context, token, group string) ([]string, error) {
	t, err := s.testByToken(ctx, token)
	if err != nil {
		return nil, err
	}
	return s.assign(ctx, t, group)
}

// Assign gives the participant a facilitator is with the order of the
// drafts for their group.
func (s *Service) Assign(ctx context.Context, u accounts.User, testID, group string) ([]string, error) {
	t, err := s.facilitated(ctx, u, testID)
	if err != nil {
		return nil, err
	}
	if t.Status != StatusOpen {
		return nil, haven.Errorf(haven.KindConflict, "the test is %s: it takes no responses", t.Status)
	}
	return s.assign(ctx, t, group)
}

// Responses returns every response to a test, oldest first, decoded. It
// does not check access: its callers (the analytics) do, and they decide
// what of the free text a reader may see.
func (s *Service) Responses(ctx context.Context, testID string) ([]Response, error) {
	t, err := s.read(ctx, s.db, testID)
	if err != nil {
		return nil, err
	}
	out := []Response{}
	if t.SurveyID == "" {
		return out, nil
	}
	cursor := ""
	for {
		subs, next, err := s.surveys.Submissions(ctx, surveys.SubmissionFilter{SurveyID: t.SurveyID, Cursor: cursor, Limit: 500})
		if err != nil {
			return nil, err
		}
		for _, sub := range subs {
			out = append(out, t.Response(sub))
		}
		if next == "" {
			break
		}
		cursor = next
	}
	slices.Reverse(out) // the listing is newest first
	return out, nil
}

// inputFields names the fields of the survey engine's validation errors as
// the response input names them ("problems[0].provider_id", not the
// survey's "problems[0].problem_provider"), so that a caller sees what to
// fix in what it sent.
func inputFields(err error, in ResponseInput) error {
	var e *haven.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	names := map[string]string{}
	for i, task := range in.Tasks {
		names[qChosen(task.Task)] = fmt.Sprintf("tasks[%d].chosen", i)
		names[qSeconds(task.Task)] = fmt.Sprintf("tasks[%d].seconds", i)
		names[qDifficulty(task.Task)] = fmt.Sprintf("tasks[%d].difficulty", i)
	}
	children := map[string]string{qProblemProvider: "provider_id", qProblemKind: "kind", qProblemNote: "note",
		qUnmetService: "service_type", qUnmetRegion: "region_code"}
	out := &haven.Error{Kind: e.Kind, Message: e.Message, Fields: make([]haven.FieldError, len(e.Fields))}
	for i, f := range e.Fields {
		if name, ok := names[f.Field]; ok {
			f.Field = name
		} else if list, child, ok := strings.Cut(f.Field, "."); ok && children[child] != "" {
			f.Field = list + "." + children[child]
		}
		out.Fields[i] = f
	}
	return out
}
