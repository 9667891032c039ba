package drafts_test

import (
	"context"
	"slices"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping/drafts"
)

func TestSections(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		rights := w.sections[2]

		t.Run("listing by country keeps sections for any country", func(t *testing.T) {
			th, err := w.drafts.Sections(ctx, drafts.SectionFilter{Country: "th"})
			if err != nil {
				t.Fatal(err)
			}
			kh, err := w.drafts.Sections(ctx, drafts.SectionFilter{Country: "KH"})
			if err != nil {
				t.Fatal(err)
			}
			if len(th) != 3 || len(kh) != 1 || kh[0].Kind != drafts.KindHowTo {
				t.Errorf("TH: %d sections, KH: %+v", len(th), kh)
			}
		})

		t.Run("edits make versions and keep history", func(t *testing.T) {
			in := drafts.SectionInput{Kind: drafts.KindRights, Country: "TH", Texts: map[string]drafts.SectionText{
				"en": {Title: "Your rights in Thailand", Body: "Updated."}, "my": {Title: "ထိုင်းနိုင်ငံတွင် သင်၏ အခွင့်အရေးများ", Body: "…"}}}
			v2, err := w.drafts.UpdateSection(ctx, editorTH, rights.ID, 1, in)
			if err != nil {
				t.Fatal(err)
			}
			if v2.Version != 2 || v2.UpdatedBy != editorTH.Email {
				t.Errorf("after an edit: version %d by %s", v2.Version, v2.UpdatedBy)
			}
			same, err := w.drafts.UpdateSection(ctx, editorTH, rights.ID, 2, in)
			if err != nil || same.Version != 2 {
				t.Errorf("an edit that changes nothing made version %d (%v)", same.Version, err)
			}
			if _, err := w.drafts.UpdateSection(ctx, editorTH, rights.ID, 1, in); kindOf(err) != haven.KindPreconditionFailed {
				t.Errorf("stale version: %v", err)
			}
			hist, err := w.drafts.SectionHistory(ctx, rights.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(hist) != 2 || hist[0].Version != 2 || hist[1].Texts["en"].Body != rights.Texts["en"].Body {
				t.Errorf("history: %+v", hist)
			}
		})

		t.Run("who may write", func(t *testing.T) {
			th := drafts.SectionInput{Kind: drafts.KindOther, Country: "TH", Texts: map[string]drafts.SectionText{"en": {Title: "T"}}}
			anywhere := th
			anywhere.Country = ""
			for _, c := range []struct {
				name string
				err  error
				want haven.Kind
			}{
				{"Thai editor, Thai section", errOf(w.drafts.CreateSection(ctx, editorTH, th)), -1},
				{"Cambodian editor, Thai section", errOf(w.drafts.CreateSection(ctx, editorKH, th)), haven.KindForbidden},
				{"scoped editor, section for any country", errOf(w.drafts.CreateSection(ctx, editorTH, anywhere)), haven.KindForbidden},
				{"admin, section for any country", errOf(w.drafts.CreateSection(ctx, admin, anywhere)), -1},
				{"viewer", errOf(w.drafts.CreateSection(ctx, viewer, th)), haven.KindForbidden},
				{"Cambodian editor edits a Thai section", errOf(w.drafts.UpdateSection(ctx, editorKH, rights.ID, 0, th)), haven.KindForbidden},
				{"Thai editor moves a Thai section to Cambodia", errOf(w.drafts.UpdateSection(ctx, editorTH, rights.ID, 0,
					drafts.SectionInput{Kind: drafts.KindOther, Country: "KH", Texts: th.Texts})), haven.KindForbidden},
			} {
				t.Run(c.name, func(t *testing.T) {
					if c.want < 0 && c.err != nil || c.want >= 0 && kindOf(c.err) != c.want {
						t.Errorf("got %v", c.err)
					}
				})
			}
		})

		t.Run("bad sections name their fields", func(t *testing.T) {
			_, err := w.drafts.CreateSection(ctx, admin, drafts.SectionInput{Kind: "poem", Country: "XX",
				Texts:   map[string]drafts.SectionText{"english": {Title: "x"}, "th": {Body: "no title"}},
				Numbers: []drafts.Number{{Value: "call me"}}})
			got := fieldsOf(err)
			for _, f := range []string{"kind", "country", "texts.english", "texts.th.title", "numbers[0].value", "numbers[0].labels"} {
				if !slices.Contains(got, f) {
					t.Errorf("no error for %s; got %v", f, got)
				}
			}
			if _, err := w.drafts.CreateSection(ctx, admin, drafts.SectionInput{Kind: drafts.KindOther}); !slices.Contains(fieldsOf(err), "texts") {
				t.Errorf("a section without text: %v", err)
			}
		})
	})
}

func errOf[T any](_ T, err error) error { return err }
