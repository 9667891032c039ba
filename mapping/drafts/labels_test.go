package drafts

import "testing"

func TestSentences(t *testing.T) {
	cases := []struct {
		lang  string
		items []string
		want  string
	}{
		{"en", []string{"Walk in, no appointment needed", "First step: Call the hotline first.", "Bring: passport"},
			"Walk in, no appointment needed. First step: Call the hotline first. Bring: passport"},
		{"en", []string{"Everyone"}, "Everyone"},
		{"en", nil, ""},
		{"th", []string{"ผู้ใหญ่", "เฉพาะ: ชาวต่างชาติ"}, "ผู้ใหญ่ · เฉพาะ: ชาวต่างชาติ"},
		{"my", []string{"လူကြီးများ။", "သီးသန့်: နိုင်ငံခြားသားများ"}, "လူကြီးများ။ သီးသန့်: နိုင်ငံခြားသားများ"},
	}
	for _, c := range cases {
		if got := LabelsFor(c.lang).sentences(c.items); got != c.want {
			t.Errorf("%s %q: got %q, want %q", c.lang, c.items, got, c.want)
		}
	}
}

// Every language has every fixed text: an empty label would print as
// nothing in a booklet.
func TestLabelsComplete(t *testing.T) {
	en := LabelsFor("en")
	for _, lang := range Languages {
		l := LabelsFor(lang)
		if l.Lang != lang {
			t.Fatalf("no labels for %s", lang)
		}
		for _, m := range []struct {
			name     string
			got, ref map[string]string
		}{{"channels", l.Channels, en.Channels}, {"costs", l.Costs, en.Costs}, {"days", l.Days, en.Days},
			{"legal statuses", l.LegalStatuses, en.LegalStatuses}, {"forms", l.Forms, en.Forms},
			{"victim statuses", l.VictimStatuses, en.VictimStatuses}, {"languages", l.LanguageNames, en.LanguageNames}} {
			for k := range m.ref {
				if m.got[k] == "" {
					t.Errorf("%s: no %s label for %q", lang, m.name, k)
				}
			}
		}
		for _, s := range []string{l.Version, l.InfoAsOf, l.TestingBanner, l.Contents, l.WhereToGetHelp, l.Anywhere, l.OtherAreas,
			l.Contact, l.Hours, l.Cost, l.Who, l.Languages, l.HowToGetIn, l.Address, l.Area, l.PlaceWithheld, l.Accessibility,
			l.TempClosed, l.LastChecked, l.NotChecked, l.AlsoListed, l.Interpreter, l.EveryDay24, l.Hours24, l.WalkIn, l.Referral,
			l.WhoCanRefer, l.NextStep, l.Bring, l.ResponseTime, l.Everyone, l.WomenGirls, l.MenBoys, l.Women, l.Girls, l.Men, l.Boys,
			l.Adults, l.Children, l.People, l.AgeRange, l.AgeFrom, l.AgeTo, l.LGBTQI, l.OnlyFor, l.ForSurvivorsOf, l.HowToTitle,
			l.HowToBody, l.Search, l.SearchHint, l.Service, l.AllServices, l.AllAreas, l.ShownOf, l.NoMatch, l.OfflineReady, l.Clear,
			l.CardTitle, l.EmergencyNumbers, l.Hotlines, l.KeepSafe, l.Call, l.MoreNumbers, l.MadeWith, l.Print, l.PrintA4, l.PrintA5,
			l.ListSep, l.Stop} {
			if s == "" {
				t.Errorf("%s: a fixed text is empty", lang)
			}
		}
	}
}
