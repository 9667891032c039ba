package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
	"github.com/haven-project/haven/surveys/feedback"
)

// FeedbackTestTitle is the title of the demo's finished feedback test.
const FeedbackTestTitle = "Mae Sot & Tak directory: draft A or draft B? (demo)"

// Demo participants per group: enough that results show some cells and
// hide others (fewer than 5 respondents is hidden from analysts, fewer
// than 11 from exports and public summaries).
var demoParticipants = []struct {
	group string
	n     int
}{{"survivor", 32}, {"frontline", 28}, {"provider", 4}}

// loadFeedback builds the demo's feedback test comparing the two demo
// drafts, answers it with fictional participants — on a link, and through
// a facilitator — and closes it. The answers are made up; draft A is made
// a little easier to use than draft B, so that the comparison has
// something to show.
func loadFeedback(ctx context.Context, fb *feedback.Service, versions []drafts.Version, admin accounts.User) error {
	if len(versions) < 2 {
		return fmt.Errorf("the feedback demo needs the two demo drafts")
	}
	a, b := versions[0], versions[1]
	shelters := correctEntries(a, b, "accommodation", "TH63")
	wages := correctEntries(a, b, "labour_rights", "TH63")
	if len(wages) == 0 {
		wages = correctEntries(a, b, "legal_aid", "TH63")
	}
	safety := ""
	rights := ""
	for _, s := range b.Sections {
		switch s.Kind {
		case drafts.KindSafety:
			safety = s.ID
		case drafts.KindRights:
			rights = s.ID
		}
	}
	tr := func(en, th, my string) map[string]string { return map[string]string{"en": en, "th": th, "my": my} }
	in := feedback.TestInput{
		Title: FeedbackTestTitle, Country: "TH",
		Drafts:     []feedback.DraftRef{{DraftID: a.DraftID, Version: a.Number}, {DraftID: b.DraftID, Version: b.Number}},
		Breakdowns: []string{feedback.BreakdownDraft, feedback.BreakdownGroup, feedback.BreakdownAgeBand},
		Attributes: []string{feedback.AttributeAgeBand, feedback.AttributeGender},
		AreaSet:    "th", AreaLevel: 1,
		Consent: tr("This is a test of a directory of services, not a test of you. Your answers are anonymous: we do not keep your name, phone number or where you are. You can stop at any time.",
			"นี่คือการทดสอบสมุดรายชื่อบริการ ไม่ใช่การทดสอบตัวคุณ คำตอบของคุณไม่ระบุตัวตน เราไม่เก็บชื่อ เบอร์โทรศัพท์ หรือตำแหน่งของคุณ คุณหยุดได้ทุกเมื่อ",
			"ဤသည်မှာ ဝန်ဆောင်မှုလမ်းညွှန်ကို စမ်းသပ်ခြင်းဖြစ်ပြီး သင့်ကို စမ်းသပ်ခြင်း မဟုတ်ပါ။ သင့်အဖြေများသည် အမည်မဖော်ပါ။ အချိန်မရွေး ရပ်နိုင်သည်။"),
		Tasks: []feedback.Task{
			{Code: "shelter", CorrectProviders: shelters, Scenario: tr("A 16-year-old girl from Myanmar in Mae Sot needs a safe place to sleep tonight. Who would you contact?",
				"เด็กหญิงอายุ 16 ปีจากเมียนมาในแม่สอดต้องการที่พักที่ปลอดภัยคืนนี้ คุณจะติดต่อใคร",
				"မဲဆောက်ရှိ မြန်မာမှ အသက် ၁၆ နှစ် မိန်းကလေးသည် ယနေ့ည ဘေးကင်းသော အိပ်စရာနေရာ လိုအပ်သည်။ မည်သူ့ကို ဆက်သွယ်မည်နည်း။")},
			{Code: "wages", CorrectProviders: wages, Scenario: tr("A man from Cambodia escaped a fishing boat in Tak. He wants to claim the wages he was never paid. Who would you contact?",
				"ชายชาวกัมพูชาหนีออกจากเรือประมงในตาก เขาต้องการเรียกร้องค่าจ้างที่ไม่เคยได้รับ คุณจะติดต่อใคร",
				"ကမ္ဘောဒီးယားမှ အမျိုးသားတစ်ဦး တာ့ခ်ရှိ ငါးဖမ်းလှေမှ လွတ်မြောက်လာသည်။ မရခဲ့သော လုပ်ခကို တောင်းဆိုလိုသည်။ မည်သူ့ကို ဆက်သွယ်မည်နည်း။")},
		},
		Likert: []feedback.LikertItem{
			{Code: "clear", Dimension: feedback.DimensionClarity, Statement: tr("The directory is easy to understand.", "สมุดรายชื่อนี้เข้าใจง่าย", "ဤလမ်းညွှန်သည် နားလည်ရလွယ်ကူသည်။")},
			{Code: "trust", Dimension: feedback.DimensionTrust, Statement: tr("I would trust the services listed.", "ฉันเชื่อถือบริการที่ระบุไว้", "ဖော်ပြထားသော ဝန်ဆောင်မှုများကို ယုံကြည်မည်။")},
			{Code: "useful", Dimension: feedback.DimensionUsefulness, Statement: tr("It would help someone in danger.", "จะช่วยคนที่ตกอยู่ในอันตรายได้", "အန္တရာယ်ရှိသူကို ကူညီနိုင်မည်။")},
			{Code: "language", Dimension: feedback.DimensionLanguage, Statement: tr("The language is easy for me.", "ภาษาง่ายสำหรับฉัน", "ဘာသာစကားသည် ကျွန်ုပ်အတွက် လွယ်ကူသည်။")},
			{Code: "layout", Dimension: feedback.DimensionLayout, Statement: tr("I found things quickly.", "ฉันหาสิ่งที่ต้องการได้เร็ว", "လိုသည်ကို မြန်မြန် ရှာတွေ့သည်။")},
		},
		Comprehension: []feedback.ComprehensionQuestion{{Code: "share", Correct: "no",
			Question: tr("Will a service listed here share what you tell them without asking you?", "บริการที่ระบุไว้จะเปิดเผยสิ่งที่คุณบอกโดยไม่ถามคุณก่อนหรือไม่",
				"ဤနေရာတွင် ဖော်ပြထားသော ဝန်ဆောင်မှုများက သင်ပြောသည်များကို သင့်ကို မမေးဘဲ မျှဝေမည်လား။"),
			Choices: []feedback.Choice{{Code: "no", Label: tr("No", "ไม่", "မဟုတ်ပါ")}, {Code: "yes", Label: tr("Yes", "ใช่", "ဟုတ်ကဲ့")},
				{Code: "unsure", Label: tr("I do not know", "ไม่ทราบ", "မသိပါ")}}}},
	}
	for _, id := range []string{rights, safety} {
		if id != "" {
			in.Sections = append(in.Sections, feedback.SectionQuestion{SectionID: id})
		}
	}
	t, err := fb.Create(ctx, admin, in)
	if err != nil {
		return fmt.Errorf("demo feedback test: %w", err)
	}
	if t, err = fb.Open(ctx, admin, t.ID); err != nil {
		return fmt.Errorf("open demo feedback test: %w", err)
	}
	link, err := fb.IssueLink(ctx, admin, t.ID, "Demo: Mae Sot drop-in centre")
	if err != nil {
		return err
	}
	entries := map[string][]string{"A": entryIDs(a), "B": entryIDs(b)}
	rng := rand.New(rand.NewPCG(2026, 5))
	n := 0
	for _, g := range demoParticipants {
		for k := range g.n {
			// Survivors mostly on the link, on their own phones; the others
			// with a facilitator, as they often are at a workshop.
			byLink := g.group == "survivor" && k%3 != 2
			var order []string
			if byLink {
				order, err = fb.AssignByLink(ctx, link.Token, g.group)
			} else {
				order, err = fb.Assign(ctx, admin, t.ID, g.group)
			}
			if err != nil {
				return err
			}
			r := demoResponse(rng, t, order, entries[order[0]], g.group, n)
			if byLink {
				_, _, err = fb.RespondByLink(ctx, link.Token, r)
			} else {
				_, _, err = fb.Facilitate(ctx, admin, t.ID, r)
			}
			if err != nil {
				return fmt.Errorf("demo feedback response %d: %w", n, err)
			}
			n++
		}
	}
	_, err = fb.Close(ctx, admin, t.ID)
	return err
}

// correctEntries are the entries of both drafts offering service (or a
// kind of it) in region; failing that, anywhere in the drafts.
func correctEntries(a, b drafts.Version, service, region string) []string {
	inB := map[string]bool{}
	for _, p := range b.Entries {
		inB[p.ID] = true
	}
	var here, anywhere []string
	for _, p := range a.Entries {
		if !inB[p.ID] || !slices.ContainsFunc(p.Services, func(s mapping.Service) bool {
			return s.Type == service || strings.HasPrefix(s.Type, service+".")
		}) {
			continue
		}
		anywhere = append(anywhere, p.ID)
		if slices.ContainsFunc(p.Locations, func(l mapping.Location) bool {
			return slices.ContainsFunc(l.Regions, func(r mapping.RegionRef) bool { return r.Code == region })
		}) {
			here = append(here, p.ID)
		}
	}
	if len(here) > 0 {
		return here
	}
	if len(anywhere) == 0 && len(a.Entries) > 0 {
		// A task needs a right answer; the demo directory is random.
		return []string{a.Entries[0].ID}
	}
	return anywhere
}

func entryIDs(v drafts.Version) []string {
	out := make([]string, len(v.Entries))
	for i, p := range v.Entries {
		out[i] = p.ID
	}
	return out
}

// Free text the demo participants write; the last two show the masking of
// phone numbers and names.
var demoComments = []string{
	"The hotline numbers at the top helped most.",
	"Too many pages before the list of places.",
	"ตัวหนังสือเล็กไปหน่อย แต่เข้าใจง่าย",
	"ဗမာလို ဖတ်ရတာ လွယ်တယ်။",
	"I did not know shelters are free.",
	"",
	"",
	"My friend said call 081 234 5678 but nobody answered.",
	"I am Somchai, the legal clinic was closed on Saturday.",
}

// demoResponse is one fictional participant's answers, shown the drafts in
// order. Draft A is made a little easier: more tasks solved, faster.
func demoResponse(rng *rand.Rand, t feedback.Test, order, shown []string, group string, n int) feedback.ResponseInput {
	easier := order[0] == "A"
	solve := func(p float64) bool {
		if easier {
			p += 0.15
		}
		return rng.Float64() < p
	}
	r := feedback.ResponseInput{InstanceID: demoUUID(rng), Language: []string{"en", "th", "my"}[rng.IntN(3)], Consent: true,
		Group: group, DraftOrder: order, Likert: map[string]int{}, Comprehension: map[string]string{}}
	if rng.IntN(4) > 0 {
		r.AgeBand = []string{"under_18", "18_24", "25_34", "35_49", "50_plus", feedback.Undisclosed}[rng.IntN(6)]
	}
	if rng.IntN(3) > 0 {
		r.Gender = []string{"female", "female", "male", "other", feedback.Undisclosed}[rng.IntN(5)]
	}
	if len(t.Drafts) > 1 && rng.IntN(5) > 0 {
		r.PreferredDraft = order[0]
		if rng.Float64() < 0.35 {
			r.PreferredDraft = order[1]
		}
	}
	for i, task := range t.Tasks {
		seconds := 30 + rng.IntN(90)
		ti := feedback.TaskInput{Task: task.Code, Difficulty: 1 + rng.IntN(3)}
		if !easier {
			seconds += 20 + rng.IntN(60)
			ti.Difficulty = min(5, ti.Difficulty+1)
		}
		ti.Seconds = &seconds
		wrong := slices.DeleteFunc(slices.Clone(shown), func(id string) bool { return slices.Contains(task.CorrectProviders, id) })
		switch {
		case solve([]float64{0.6, 0.45}[i%2]) && len(task.CorrectProviders) > 0:
			ti.Chosen = []string{task.CorrectProviders[rng.IntN(len(task.CorrectProviders))]}
		case len(wrong) > 0 && rng.IntN(4) > 0:
			ti.Chosen = []string{wrong[rng.IntN(len(wrong))]}
		}
		r.Tasks = append(r.Tasks, ti)
	}
	for _, item := range t.Likert {
		// Mostly agreeing, draft B a little less: with a few dozen
		// participants a 1 or 2 from a handful would hide the whole item.
		v := 3 + rng.IntN(3)
		if !easier && rng.IntN(3) == 0 {
			v--
		}
		r.Likert[item.Code] = v
	}
	for _, q := range t.Comprehension {
		if rng.Float64() < 0.75 {
			r.Comprehension[q.Code] = q.Correct
		} else {
			r.Comprehension[q.Code] = q.Choices[rng.IntN(len(q.Choices))].Code
		}
	}
	for _, s := range t.Sections {
		r.Sections = append(r.Sections, feedback.SectionAnswer{SectionID: s.SectionID,
			Understood: []string{feedback.SectionYes, feedback.SectionYes, feedback.SectionPartly, feedback.SectionNo}[rng.IntN(4)],
			Useful:     []string{feedback.SectionYes, feedback.SectionPartly, feedback.SectionNo}[rng.IntN(3)]})
	}
	r.FreeText = demoComments[n%len(demoComments)]
	if rng.IntN(3) == 0 {
		r.UnmetNeeds = []feedback.UnmetNeed{{ServiceType: []string{"legal_aid", "mental_health", "interpretation"}[rng.IntN(3)],
			RegionCode: []string{"TH63", "TH63", "TH50"}[rng.IntN(3)]}}
	}
	if n%10 == 3 && len(shown) > 0 {
		kind := []feedback.ProblemKind{feedback.ProblemWrongPhone, feedback.ProblemClosed, feedback.ProblemRefusedService}[n/10%3]
		r.Problems = []feedback.ProblemReport{{ProviderID: shown[rng.IntN(len(shown))], Kind: kind, Note: map[feedback.ProblemKind]string{
			feedback.ProblemWrongPhone:     "The number rang but nobody answered in the evening.",
			feedback.ProblemClosed:         "The office was shut and a neighbour said it moved.",
			feedback.ProblemRefusedService: "They said they only help people with papers.",
		}[kind]}}
	}
	return r
}
