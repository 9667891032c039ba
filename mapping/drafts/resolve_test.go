package drafts_test

import (
	"context"
	"slices"
	"testing"

	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping/drafts"
)

func TestPreviewSelectsByRules(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		th := []string{"TH"}
		cases := []struct {
			name      string
			countries []string
			settings  drafts.Settings
			want      []string
		}{
			{"the draft's countries, without defunct or hidden providers", th, drafts.Settings{},
				[]string{"Bangkok Legal Aid Clinic", "Mae Sot Women's Shelter", "National Anti-Trafficking Hotline", "Tak Quiet Safe House"}},
			{"countries rule overrides the draft's", th, drafts.Settings{Rules: drafts.Rules{Countries: []string{"MM"}}},
				[]string{"Hpa-an Migrant Centre"}},
			{"a province, region_only places included", th, drafts.Settings{Rules: drafts.Rules{Regions: []string{"TH63"}}},
				[]string{"Mae Sot Women's Shelter", "Tak Quiet Safe House"}},
			{"a service with its sub-terms", th, drafts.Settings{Rules: drafts.Rules{Services: []string{"accommodation"}}},
				[]string{"Mae Sot Women's Shelter", "Tak Quiet Safe House"}},
			{"for men: services for women only are left out", th, drafts.Settings{Rules: drafts.Rules{Genders: []string{"male"}}},
				[]string{"Bangkok Legal Aid Clinic", "National Anti-Trafficking Hotline", "Tak Quiet Safe House"}},
			{"children 10 to 15", th, drafts.Settings{Rules: drafts.Rules{AgeFrom: ptr(10), AgeTo: ptr(15)}},
				[]string{"Mae Sot Women's Shelter", "National Anti-Trafficking Hotline", "Tak Quiet Safe House"}},
			{"age 8: only services open to 8-year-olds", th, drafts.Settings{Rules: drafts.Rules{AgeFrom: ptr(8), AgeTo: ptr(8)}},
				[]string{"National Anti-Trafficking Hotline", "Tak Quiet Safe House"}},
			{"nationals: services for foreigners only are left out", th, drafts.Settings{Rules: drafts.Rules{LegalStatuses: []string{"national"}}},
				[]string{"Mae Sot Women's Shelter", "National Anti-Trafficking Hotline", "Tak Quiet Safe House"}},
			{"speaks Burmese", th, drafts.Settings{Rules: drafts.Rules{Languages: []string{"my"}}},
				[]string{"Mae Sot Women's Shelter", "National Anti-Trafficking Hotline", "Tak Quiet Safe House"}},
			{"verified only", th, drafts.Settings{Rules: drafts.Rules{VerifiedOnly: true}},
				[]string{"Mae Sot Women's Shelter", "National Anti-Trafficking Hotline", "Tak Quiet Safe House"}},
			{"include and exclude", th, drafts.Settings{Rules: drafts.Rules{Regions: []string{"TH63"}},
				Include: []string{w.id("Hpa-an Migrant Centre")}, Exclude: []string{w.id("Tak Quiet Safe House")}},
				[]string{"Hpa-an Migrant Centre", "Mae Sot Women's Shelter"}},
			{"an included hidden provider stays out", th, drafts.Settings{Rules: drafts.Rules{Regions: []string{"TH10"}},
				Include: []string{w.id("Tak Ghost Shelter")}},
				[]string{"Bangkok Legal Aid Clinic"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				p, err := w.drafts.Preview(ctx, c.countries, c.settings)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, e := range p.Entries {
					got = append(got, e.Name)
				}
				slices.Sort(got)
				if !slices.Equal(got, c.want) || p.Count != len(c.want) {
					t.Errorf("selected %v (count %d), want %v", got, p.Count, c.want)
				}
			})
		}

		t.Run("preview marks includes, withheld places and missing IDs", func(t *testing.T) {
			p, err := w.drafts.Preview(ctx, th, drafts.Settings{Rules: drafts.Rules{Regions: []string{"TH63"}},
				Include: []string{w.id("Hpa-an Migrant Centre"), w.id("Tak Ghost Shelter")}})
			if err != nil {
				t.Fatal(err)
			}
			byName := map[string]drafts.PreviewEntry{}
			for _, e := range p.Entries {
				byName[e.Name] = e
			}
			if !byName["Hpa-an Migrant Centre"].Included || byName["Mae Sot Women's Shelter"].Included {
				t.Errorf("included flags wrong: %+v", p.Entries)
			}
			if !byName["Tak Quiet Safe House"].PlaceWithheld || byName["Mae Sot Women's Shelter"].PlaceWithheld {
				t.Errorf("place_withheld flags wrong: %+v", p.Entries)
			}
			if got := byName["Mae Sot Women's Shelter"].Regions; !slices.Equal(got, []string{"Tak"}) {
				t.Errorf("regions %v, want [Tak]", got)
			}
			if !slices.Equal(p.MissingIncludes, []string{w.id("Tak Ghost Shelter")}) {
				t.Errorf("missing includes %v, want the hidden provider's ID", p.MissingIncludes)
			}
		})

		t.Run("bad rules name their fields", func(t *testing.T) {
			_, err := w.drafts.Preview(ctx, th, drafts.Settings{Language: "fr", Formats: []string{"poster"},
				Rules:   drafts.Rules{Services: []string{"no_such"}, Genders: []string{"other"}, AgeFrom: ptr(20), AgeTo: ptr(10), Languages: []string{"Thai"}},
				Include: []string{"a"}, Exclude: []string{"a"}, Sections: []string{"no-such-section"}})
			want := []string{"settings.language", "settings.formats", "settings.rules.services", "settings.rules.genders",
				"settings.rules.age_to", "settings.rules.languages", "settings.exclude", "settings.sections"}
			got := fieldsOf(err)
			for _, f := range want {
				if !slices.Contains(got, f) {
					t.Errorf("no error for %s; got %v", f, got)
				}
			}
		})
	})
}
