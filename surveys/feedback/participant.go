package feedback

import (
	"context"
	"slices"
	"strings"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/surveys"
)

// ParticipantTest is what a participant's page shows: the test without its
// correct answers, the drafts it compares as their entries and sections,
// and the lists the page picks from. Every text is in every language the
// test has, keyed by language code.
type ParticipantTest struct {
	ID            string                  `json:"id"`
	Title         string                  `json:"title"`
	Languages     []string                `json:"languages"`
	Consent       surveys.Text            `json:"consent"`
	Groups        []Group                 `json:"groups"`
	Attributes    []AttributeView         `json:"attributes"`
	Drafts        []DraftView             `json:"drafts"`
	Tasks         []Task                  `json:"tasks"`
	Likert        []LikertItem            `json:"likert"`
	Comprehension []ComprehensionQuestion `json:"comprehension"`
	Sections      []SectionQuestion       `json:"sections"`
	ServiceTypes  []ServiceType           `json:"service_types"`
	Areas         []Area                  `json:"areas"`
	ProblemKinds  []ChoiceView            `json:"problem_kinds"`
	LikertLabels  []surveys.Text          `json:"likert_labels"`
	Difficulty    []surveys.Text          `json:"difficulty_labels"`
}

// AttributeView is an optional coarse attribute with its choices.
type AttributeView struct {
	Code    string       `json:"code"`
	Label   surveys.Text `json:"label"`
	Choices []ChoiceView `json:"choices"`
}

// ChoiceView is a code with its label.
type ChoiceView struct {
	Code  string       `json:"code"`
	Label surveys.Text `json:"label"`
}

// DraftView is one frozen draft as a participant browses it.
type DraftView struct {
	Label    string `json:"label"`
	Title    string `json:"title"`
	Language string `json:"language"`
	// Entries are grouped by region, then by service, as the booklet is.
	Entries  []EntryView      `json:"entries"`
	Sections []drafts.Section `json:"sections"`
}

// EntryView is a directory entry as a participant reads it: what the
// frozen draft holds (already redacted for the public), trimmed to what
// helps choose.
type EntryView struct {
	ProviderID  string        `json:"provider_id"`
	Name        surveys.Text  `json:"name"`
	OrgType     string        `json:"org_type,omitempty"`
	Description string        `json:"description,omitempty"`
	Region      string        `json:"region,omitempty"` // the region it is grouped under
	Address     string        `json:"address,omitempty"`
	Services    []ServiceView `json:"services"`
	Channels    []ChannelView `json:"channels"`
}

// ServiceView is one service of an entry.
type ServiceView struct {
	Type     string       `json:"type"`
	Name     surveys.Text `json:"name"`
	Genders  []string     `json:"genders,omitempty"`
	MinAge   *int         `json:"min_age,omitempty"`
	MaxAge   *int         `json:"max_age,omitempty"`
	Cost     string       `json:"cost,omitempty"`
	WalkIn   bool         `json:"walk_in"`
	Referral bool         `json:"referral_required"`
}

// ChannelView is a way to reach an entry.
type ChannelView struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// ParticipantByLink returns what a self-complete link's page shows. It
// fails with haven.ErrNotFound for a link that does not work.
func (s *Service) ParticipantByLink(ctx context.Context, token string) (ParticipantTest, error) {
	t, err := s.testByToken(ctx, token)
	if err != nil {
		return ParticipantTest{}, err
	}
	return s.participantView(ctx, t)
}

// ParticipantForFacilitator returns the participant's view of a test for a
// facilitator, who may keep it on a device for working offline.
func (s *Service) ParticipantForFacilitator(ctx context.Context, u accounts.User, testID string) (ParticipantTest, error) {
	t, err := s.facilitated(ctx, u, testID)
	if err != nil {
		return ParticipantTest{}, err
	}
	return s.participantView(ctx, t)
}

func (s *Service) participantView(ctx context.Context, t Test) (ParticipantTest, error) {
	t = t.withoutAnswers()
	c, err := s.choices(ctx, t)
	if err != nil {
		return ParticipantTest{}, err
	}
	view := ParticipantTest{ID: t.ID, Title: t.Title, Languages: Languages, Consent: t.Consent, Groups: t.Groups,
		Tasks: t.Tasks, Likert: t.Likert, Comprehension: t.Comprehension, Sections: t.Sections, ServiceTypes: c.Services,
		Areas: c.Areas, LikertLabels: likertLabels, Difficulty: difficultyLabels, Attributes: []AttributeView{}, Drafts: []DraftView{}}
	for _, a := range t.Attributes {
		av := AttributeView{Code: a, Label: attributeText(a)}
		for _, v := range AttributeChoices[a] {
			av.Choices = append(av.Choices, ChoiceView{Code: v, Label: attributeLabels[v]})
		}
		view.Attributes = append(view.Attributes, av)
	}
	for _, k := range ProblemKinds {
		view.ProblemKinds = append(view.ProblemKinds, ChoiceView{Code: string(k), Label: problemLabels[k]})
	}
	for _, d := range t.Drafts {
		v, err := s.version(ctx, d)
		if err != nil {
			return ParticipantTest{}, err
		}
		view.Drafts = append(view.Drafts, draftView(d, v))
	}
	return view, nil
}

func draftView(d DraftRef, v drafts.Version) DraftView {
	out := DraftView{Label: d.Label, Title: v.Name, Language: v.Settings.Language, Sections: v.Sections}
	if out.Sections == nil {
		out.Sections = []drafts.Section{}
	}
	for _, p := range v.Entries {
		out.Entries = append(out.Entries, entryView(p, v))
	}
	slices.SortStableFunc(out.Entries, func(a, b EntryView) int {
		if c := strings.Compare(a.Region, b.Region); c != 0 {
			return c
		}
		return strings.Compare(firstService(a), firstService(b))
	})
	return out
}

func firstService(e EntryView) string {
	if len(e.Services) == 0 {
		return ""
	}
	return e.Services[0].Type
}

func entryView(p mapping.Provider, v drafts.Version) EntryView {
	e := EntryView{ProviderID: p.ID, Name: entryOf(p).Name, OrgType: p.OrgType, Description: p.Description,
		Services: []ServiceView{}, Channels: []ChannelView{}}
	for _, l := range p.Locations {
		for _, r := range l.Regions {
			if r.Level == v.Settings.Grouping.RegionLevel || (e.Region == "" && r.Level == 1) {
				e.Region = r.Name
			}
		}
		if l.Address != nil && e.Address == "" {
			e.Address = strings.Join(nonEmpty(l.Address.Line1, l.Address.Line2, l.Address.City, l.Address.Province), ", ")
		}
	}
	for _, sv := range p.Services {
		name := surveys.Text{}
		for lang, n := range v.ServiceNames[sv.Type] {
			name[lang] = n
		}
		e.Services = append(e.Services, ServiceView{Type: sv.Type, Name: name, Genders: sv.Eligibility.Genders,
			MinAge: sv.Eligibility.MinAge, MaxAge: sv.Eligibility.MaxAge, Cost: sv.Cost.Kind,
			WalkIn: sv.Access.WalkIn, Referral: sv.Access.ReferralRequired})
	}
	for _, ch := range p.Channels {
		e.Channels = append(e.Channels, ChannelView{Kind: ch.Kind, Value: ch.Value})
	}
	return e
}

func nonEmpty(xs ...string) []string {
	out := []string{}
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// DraftByLink returns the draft with label that a working link's test
// compares: what the participant may open as the draft's own outputs (its
// web directory). It fails with haven.ErrNotFound for a link that does not
// work or a label the test does not have.
func (s *Service) DraftByLink(ctx context.Context, token, label string) (DraftRef, error) {
	t, err := s.testByToken(ctx, token)
	if err != nil {
		return DraftRef{}, err
	}
	for _, d := range t.Drafts {
		if d.Label == label {
			return d, nil
		}
	}
	return DraftRef{}, haven.Errorf(haven.KindNotFound, "the test compares no draft %s", label)
}
