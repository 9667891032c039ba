package drafts_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping/drafts"
)

// outline is a book's groups, subgroups and entry names, one line each.
func outline(b drafts.Book) []string {
	var out []string
	for _, g := range b.Groups {
		out = append(out, g.Title)
		for _, s := range g.Subgroups {
			out = append(out, "  "+s.Title)
			for _, e := range s.Entries {
				out = append(out, "    "+e.Name)
			}
			for _, r := range s.Refs {
				out = append(out, "    → "+r.Name+" ("+r.Under+")")
			}
		}
	}
	return out
}

func TestBookLayout(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	ctx := context.Background()
	// The hotline, a Tak shelter that also gives legal aid, and the Tak
	// safe house; the Hpa-an centre is in no Thai province.
	shelter := w.id("Mae Sot Women's Shelter")
	if _, err := w.dir.Patch(ctx, admin, shelter, 0, map[string]json.RawMessage{"services": json.RawMessage(`[
		{"type":"accommodation.emergency","languages":["th","my"],"eligibility":{"genders":["female"],"min_age":12},"schedules":[{"days":["mo","tu","we","th","fr","sa","su"],"all_day":true}]},
		{"type":"legal_aid","languages":["th"],"eligibility":{"legal_statuses":["foreign_national"]},"cost":{"kind":"conditions","note":"free for survivors"},
		 "schedules":[{"days":["mo","tu","we","th","fr"],"opens":"08:30","closes":"16:30"}],"access":{"referral_required":true,"who_can_refer":"Any NGO"}}]`)}); err != nil {
		t.Fatal(err)
	}
	d, err := w.drafts.CreateDraft(ctx, editorTH, drafts.DraftInput{Name: "Mae Sot & Tak (A)", Countries: []string{"TH"},
		Settings: drafts.Settings{Rules: drafts.Rules{Regions: []string{"TH63"}},
			Include: []string{w.id("National Anti-Trafficking Hotline"), w.id("Hpa-an Migrant Centre")}, Sections: w.sectionIDs()}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.drafts.Freeze(ctx, editorTH, d.ID, ""); err != nil {
		t.Fatal(err)
	}

	t.Run("region then service", func(t *testing.T) {
		b, err := w.drafts.Book(ctx, d.ID, 1, "en")
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"Hotlines you can call from anywhere",
			"  Hotline and helpline",
			"    National Anti-Trafficking Hotline",
			"Tak",
			"  Safe accommodation and shelter",
			"    Mae Sot Women's Shelter",
			"    Tak Quiet Safe House",
			"  Legal aid and representation",
			"    → Mae Sot Women's Shelter (Safe accommodation and shelter)",
			"Other areas",
			"  Case management and referral",
			"    Hpa-an Migrant Centre",
		}
		if got := outline(b); !slices.Equal(got, want) {
			t.Errorf("outline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if !b.Testing || b.HowTo.Title != "How to use this booklet" || len(b.Sections) != 2 || b.Total != 4 {
			t.Errorf("testing %v, how-to %q, %d sections, %d entries", b.Testing, b.HowTo.Title, len(b.Sections), b.Total)
		}
		if got := b.HowTo.Paragraphs; len(got) != 2 || len(got[1].Items) != 2 || got[1].Items[0] != "Call before you go." {
			t.Errorf("how-to paragraphs: %+v", got)
		}
		if len(b.Emergency) != 2 || b.Emergency[0] != (drafts.Line{Label: "Police", Value: "191", Href: "tel:191"}) {
			t.Errorf("emergency numbers: %+v", b.Emergency)
		}
		var hot []string
		for _, h := range b.Hotlines {
			hot = append(hot, h.Value)
		}
		if !slices.Equal(hot, []string{"1300", "+66 55 000 111"}) {
			t.Errorf("hotlines %v: the national line first, each number once", hot)
		}
		tak := b.Groups[1].Subgroups[0]
		full, quiet := tak.Entries[0], tak.Entries[1]
		if !slices.Equal(full.Addresses, []string{"12 Intharakiri Road, Mae Sot"}) || full.PlaceWithheld || full.Area != "Tak" {
			t.Errorf("public entry place: %+v", full)
		}
		if len(quiet.Addresses) != 0 || !quiet.PlaceWithheld || len(quiet.Contacts) != 1 {
			t.Errorf("region_only entry: addresses %v, withheld %v, contacts %+v", quiet.Addresses, quiet.PlaceWithheld, quiet.Contacts)
		}
		legal := full.Services[1]
		wantLegal := drafts.ServiceView{Name: "Legal aid and representation", Who: "Everyone", Cost: "Free under conditions — free for survivors",
			Hours: []string{"Mon–Fri 08:30–16:30"}, Conditions: []string{"Only for: foreign nationals"}, Languages: "Thai",
			Access: []string{"Referral needed", "Who can refer: Any NGO"}}
		if !equalService(legal, wantLegal) {
			t.Errorf("legal aid service:\n%+v\nwant\n%+v", legal, wantLegal)
		}
		if legal.Eligibility != "Everyone. Only for: foreign nationals" || legal.HowToGetIn != "Referral needed. Who can refer: Any NGO" {
			t.Errorf("legal aid in sentences: %q / %q", legal.Eligibility, legal.HowToGetIn)
		}
		if s := full.Services[0]; s.Who != "Women and girls aged 12 and over" || s.Hours[0] != "Open 24 hours, every day" || s.Languages != "Thai, Burmese" {
			t.Errorf("shelter service: %+v", s)
		}
		if quiet.Services[0].Who != "Children aged 17 and under" {
			t.Errorf("safe house: %q", quiet.Services[0].Who)
		}
	})

	t.Run("service then region, in Thai", func(t *testing.T) {
		in := drafts.DraftInput{Name: "Mae Sot & Tak (B)", Countries: []string{"TH"}, Settings: d.Settings}
		in.Settings.Grouping.Order = drafts.OrderServiceRegion
		in.Settings.Language = "th"
		if _, err := w.drafts.UpdateDraft(ctx, editorTH, d.ID, 0, in); err != nil {
			t.Fatal(err)
		}
		v, err := w.drafts.Freeze(ctx, editorTH, d.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		b := drafts.BuildBook(v, "")
		want := []string{
			"สายด่วนและสายช่วยเหลือ",
			"  สายด่วนที่โทรได้จากทุกที่",
			"    National Anti-Trafficking Hotline",
			"ที่พักพิงที่ปลอดภัย",
			"  Tak",
			"    Tak Quiet Safe House",
			"    บ้านพักหญิงแม่สอด",
		}
		got := outline(b)
		if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
			t.Errorf("outline:\n%s\nwant it to start with:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		year := v.FrozenAt.Year() + 543
		if b.Lang != "th" || !strings.HasSuffix(b.Date, " "+strconv.Itoa(year)) || b.HowTo.Title != "วิธีใช้คู่มือนี้" {
			t.Errorf("Thai book: lang %s, date %q, how-to %q", b.Lang, b.Date, b.HowTo.Title)
		}
		if s := b.Groups[1].Subgroups[0].Entries[1].Services[0]; s.Who != "ผู้หญิงและเด็กหญิง อายุ 12 ปีขึ้นไป" || s.Languages != "ไทย, พม่า" {
			t.Errorf("Thai service words: %+v", s)
		}
		// A section without Burmese text falls back to English, and says so.
		my := drafts.BuildBook(v, "my")
		if my.Sections[1].Lang != "en" || my.HowTo.Lang != "en" || my.L.Contact != "ဆက်သွယ်ရန်" {
			t.Errorf("Burmese book: rights section in %q, how-to in %q", my.Sections[1].Lang, my.HowTo.Lang)
		}
	})
}

func equalService(a, b drafts.ServiceView) bool {
	return a.Name == b.Name && a.Who == b.Who && a.Cost == b.Cost && slices.Equal(a.Hours, b.Hours) &&
		slices.Equal(a.Conditions, b.Conditions) && a.Languages == b.Languages && slices.Equal(a.Access, b.Access)
}
