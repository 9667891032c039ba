package feedback

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
)

// TestInput is what an editor writes to build a test.
type TestInput struct {
	Title         string                  `json:"title"`
	Country       string                  `json:"country"`
	Drafts        []DraftRef              `json:"drafts"`
	Groups        []Group                 `json:"groups"`
	Breakdowns    []string                `json:"breakdowns"`
	Attributes    []string                `json:"attributes"`
	AreaSet       string                  `json:"area_set"`
	AreaLevel     int                     `json:"area_level"`
	Consent       surveys.Text            `json:"consent"`
	Tasks         []Task                  `json:"tasks"`
	Likert        []LikertItem            `json:"likert"`
	Comprehension []ComprehensionQuestion `json:"comprehension"`
	Sections      []SectionQuestion       `json:"sections"`
}

// Limits on a test, so that its survey stays one a phone can show.
const (
	maxDrafts = 4
	maxGroups = 8
	maxTasks  = 12
	maxItems  = 20
	maxText   = 2000
)

var codePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`)

var draftLabels = []string{"A", "B", "C", "D"}

// Dimensions lists the Likert dimensions.
var Dimensions = []string{DimensionClarity, DimensionTrust, DimensionUsefulness, DimensionLanguage, DimensionLayout}

// Breakdowns lists the variables a test may declare for breakdowns.
var Breakdowns = []string{BreakdownDraft, BreakdownGroup, BreakdownAgeBand, BreakdownGender, BreakdownNationality, BreakdownOrder}

// Attributes lists the coarse attributes a test may ask.
var Attributes = []string{AttributeAgeBand, AttributeGender, AttributeNationality}

// check validates in against the drafts, regions and taxonomy, and returns
// the test it describes (without ID or status). Every problem is reported
// at once, as haven.ErrInvalid.
func (s *Service) check(ctx context.Context, in TestInput) (Test, error) {
	var v haven.Validation
	t := Test{Title: strings.TrimSpace(in.Title), Country: strings.ToUpper(strings.TrimSpace(in.Country)),
		AreaSet: strings.TrimSpace(in.AreaSet), AreaLevel: in.AreaLevel}
	v.Check(t.Title != "" && utf8.RuneCountInString(t.Title) <= 200, "title", "must be 1 to 200 characters")
	v.Check(len(t.Country) == 2 && strings.Trim(t.Country, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "", "country",
		"must be a two-letter ISO 3166-1 code such as TH")

	entries, sections := s.checkDrafts(ctx, &v, &t, in.Drafts)
	t.Groups = checkGroups(&v, in.Groups)
	t.Attributes = checkedSubset(&v, "attributes", in.Attributes, Attributes)
	t.Breakdowns = checkedSubset(&v, "breakdowns", in.Breakdowns, Breakdowns)
	for _, b := range t.Breakdowns {
		if slices.Contains(Attributes, b) && !slices.Contains(t.Attributes, b) {
			v.Add("breakdowns", b+" is not asked (add it to attributes), so results cannot be broken down by it")
		}
	}
	t.Consent = cleanText(in.Consent)
	v.Check(t.Consent[English] != "", "consent", "needs the consent text in English at least (and in Thai and Burmese for participants who read those)")
	checkTextLength(&v, "consent", t.Consent)
	s.checkArea(ctx, &v, t)

	v.Check(len(in.Tasks) >= 1 && len(in.Tasks) <= maxTasks, "tasks", fmt.Sprintf("must hold 1 to %d tasks", maxTasks))
	codes := map[string]bool{}
	for i, task := range in.Tasks {
		f := fmt.Sprintf("tasks[%d]", i)
		checkCode(&v, f+".code", task.Code, codes)
		task.Scenario = cleanText(task.Scenario)
		v.Check(!task.Scenario.IsZero(), f+".scenario", "is required")
		checkTextLength(&v, f+".scenario", task.Scenario)
		task.CorrectProviders = dedupe(task.CorrectProviders)
		v.Check(len(task.CorrectProviders) > 0, f+".correct_providers", "must name at least one entry that answers the task")
		for _, id := range task.CorrectProviders {
			if entries != nil && !entries[id] {
				v.Add(f+".correct_providers", id+" is not an entry of the drafts compared")
			}
		}
		t.Tasks = append(t.Tasks, task)
	}
	v.Check(len(in.Likert) <= maxItems, "likert", fmt.Sprintf("must hold at most %d items", maxItems))
	codes = map[string]bool{}
	for i, item := range in.Likert {
		f := fmt.Sprintf("likert[%d]", i)
		checkCode(&v, f+".code", item.Code, codes)
		v.Check(slices.Contains(Dimensions, item.Dimension), f+".dimension", "must be one of "+strings.Join(Dimensions, ", "))
		item.Statement = cleanText(item.Statement)
		v.Check(!item.Statement.IsZero(), f+".statement", "is required")
		checkTextLength(&v, f+".statement", item.Statement)
		t.Likert = append(t.Likert, item)
	}
	v.Check(len(in.Comprehension) <= maxItems, "comprehension", fmt.Sprintf("must hold at most %d questions", maxItems))
	codes = map[string]bool{}
	for i, q := range in.Comprehension {
		f := fmt.Sprintf("comprehension[%d]", i)
		checkCode(&v, f+".code", q.Code, codes)
		q.Question = cleanText(q.Question)
		v.Check(!q.Question.IsZero(), f+".question", "is required")
		checkTextLength(&v, f+".question", q.Question)
		v.Check(len(q.Choices) >= 2 && len(q.Choices) <= 8, f+".choices", "must hold 2 to 8 choices")
		choiceCodes := map[string]bool{}
		for j, ch := range q.Choices {
			checkCode(&v, fmt.Sprintf("%s.choices[%d].code", f, j), ch.Code, choiceCodes)
			q.Choices[j].Label = cleanText(ch.Label)
			v.Check(!q.Choices[j].Label.IsZero(), fmt.Sprintf("%s.choices[%d].label", f, j), "is required")
		}
		v.Check(choiceCodes[q.Correct], f+".correct", "must be the code of one of the choices")
		t.Comprehension = append(t.Comprehension, q)
	}
	v.Check(len(in.Sections) <= maxItems, "sections", fmt.Sprintf("must hold at most %d sections", maxItems))
	seen := map[string]bool{}
	for i, sq := range in.Sections {
		f := fmt.Sprintf("sections[%d]", i)
		title, ok := sections[sq.SectionID]
		switch {
		case seen[sq.SectionID]:
			v.Add(f+".section_id", "is asked about twice")
		case sections != nil && !ok:
			v.Add(f+".section_id", "is not a content section of the drafts compared")
		}
		seen[sq.SectionID] = true
		sq.Title = cleanText(sq.Title)
		if sq.Title.IsZero() {
			sq.Title = title
		}
		t.Sections = append(t.Sections, sq)
	}
	t.normalize()
	return t, v.Err()
}

// checkDrafts checks the drafts compared and labels them A, B, …; it
// returns the provider IDs of their entries and the titles of their
// sections, by section ID (nil when a draft could not be read).
func (s *Service) checkDrafts(ctx context.Context, v *haven.Validation, t *Test, in []DraftRef) (map[string]bool, map[string]surveys.Text) {
	if len(in) < 1 || len(in) > maxDrafts {
		v.Add("drafts", fmt.Sprintf("must name 1 to %d frozen draft versions", maxDrafts))
		return nil, nil
	}
	entries, sections := map[string]bool{}, map[string]surveys.Text{}
	seen := map[string]bool{}
	ok := true
	for i, d := range in {
		f := fmt.Sprintf("drafts[%d]", i)
		key := fmt.Sprintf("%s/%d", d.DraftID, d.Version)
		if seen[key] {
			v.Add(f, "is compared twice")
		}
		seen[key] = true
		version, err := s.drafts.Version(ctx, d.DraftID, d.Version)
		if haven.KindOf(err) == haven.KindNotFound || d.Version <= 0 {
			v.Add(f, "is not a frozen draft version: freeze the draft first, then pick the version")
			ok = false
			continue
		}
		if err != nil {
			v.Add(f, "could not be read")
			ok = false
			continue
		}
		if t.Country != "" && len(version.Countries) > 0 && !slices.Contains(version.Countries, t.Country) {
			v.Add(f, fmt.Sprintf("is a directory for %s, not for %s", strings.Join(version.Countries, ", "), t.Country))
		}
		for _, p := range version.Entries {
			entries[p.ID] = true
		}
		for _, sec := range version.Sections {
			title := surveys.Text{}
			for code, lang := range map[string]string{"en": English, "th": Thai, "my": Burmese} {
				if tx, ok := sec.Texts[code]; ok && tx.Title != "" {
					title[lang] = tx.Title
				}
			}
			sections[sec.ID] = title
		}
		t.Drafts = append(t.Drafts, DraftRef{Label: draftLabels[i], DraftID: d.DraftID, Version: d.Version, Title: version.Name})
	}
	if !ok {
		return nil, nil
	}
	return entries, sections
}

func checkGroups(v *haven.Validation, in []Group) []Group {
	if len(in) == 0 {
		return slices.Clone(DefaultGroups)
	}
	v.Check(len(in) <= maxGroups, "groups", fmt.Sprintf("must hold at most %d groups", maxGroups))
	codes := map[string]bool{}
	out := make([]Group, 0, len(in))
	for i, g := range in {
		f := fmt.Sprintf("groups[%d]", i)
		checkCode(v, f+".code", g.Code, codes)
		g.Label = cleanText(g.Label)
		v.Check(!g.Label.IsZero(), f+".label", "is required")
		out = append(out, g)
	}
	return out
}

// checkArea checks that the area set has regions at the area level.
func (s *Service) checkArea(ctx context.Context, v *haven.Validation, t Test) {
	if t.AreaLevel != 1 && t.AreaLevel != 2 {
		v.Add("area_level", "must be 1 or 2: unmet needs are kept by coarse area, never finer")
		return
	}
	if t.AreaSet == "" {
		v.Add("area_set", "is required: the boundary set participants pick an area from")
		return
	}
	rs, _, err := s.regions.List(ctx, mapping.RegionFilter{Set: t.AreaSet, Level: t.AreaLevel, Limit: 1})
	switch {
	case haven.KindOf(err) == haven.KindNotFound:
		v.Add("area_set", "is not a boundary set")
	case err != nil:
		v.Add("area_set", "could not be read")
	case len(rs) == 0:
		v.Add("area_level", fmt.Sprintf("set %s has no regions at level %d", t.AreaSet, t.AreaLevel))
	}
}

func checkCode(v *haven.Validation, field, code string, seen map[string]bool) {
	switch {
	case !codePattern.MatchString(code):
		v.Add(field, "must be 1 to 32 lower-case letters, digits and _, starting with a letter")
	case seen[code]:
		v.Add(field, code+" is used twice")
	}
	seen[code] = true
}

func checkedSubset(v *haven.Validation, field string, in, allowed []string) []string {
	out := []string{}
	for _, x := range dedupe(in) {
		if !slices.Contains(allowed, x) {
			v.Add(field, x+" is not one of "+strings.Join(allowed, ", "))
			continue
		}
		out = append(out, x)
	}
	return out
}

func checkTextLength(v *haven.Validation, field string, t surveys.Text) {
	for _, lang := range Languages {
		if utf8.RuneCountInString(t[lang]) > maxText {
			v.Add(field, fmt.Sprintf("is longer than %d characters in %s", maxText, lang))
		}
	}
}

// cleanText keeps the test's languages, trimmed, dropping empty ones.
func cleanText(t surveys.Text) surveys.Text {
	out := surveys.Text{}
	for _, lang := range Languages {
		if s := strings.TrimSpace(t[lang]); s != "" {
			out[lang] = s
		}
	}
	return out
}

func dedupe(in []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, x := range in {
		x = strings.TrimSpace(x)
		if x != "" && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}
