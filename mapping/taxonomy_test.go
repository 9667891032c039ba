package mapping_test

import (
	"context"
	"slices"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
)

func TestSeededTaxonomy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		tax := mapping.NewTaxonomy(db.DB, audit.New(db.DB))
		terms, err := tax.Terms(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var top []string
		for _, term := range terms {
			if term.ParentCode == "" {
				top = append(top, term.Code)
			}
			if term.Translations["th"].Name == "" {
				t.Errorf("%s has no Thai name", term.Code)
			}
		}
		want := []string{"accommodation", "medical", "mental_health", "legal_aid", "interpretation", "case_management", "hotline",
			"repatriation", "reintegration", "family_tracing", "documentation", "financial", "child_protection", "law_enforcement",
			"labour_rights", "consular"}
		if !slices.Equal(top, want) {
			t.Errorf("top-level codes = %v, want reference §2's %v", top, want)
		}
		got, err := mapping.Expand(terms, []string{"accommodation", "hotline"})
		if err != nil || !slices.Equal(got, []string{"accommodation", "accommodation.emergency", "accommodation.long_term", "accommodation.child", "hotline"}) {
			t.Errorf("Expand = %v, %v", got, err)
		}
		if _, err := mapping.Expand(terms, []string{"shelter", "accommodation"}); haven.KindOf(err) != haven.KindInvalid {
			t.Errorf("unknown code: %v", err)
		}
	})
}

func TestAddTerm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		tax := mapping.NewTaxonomy(db.DB, audit.New(db.DB))
		term, err := tax.AddTerm(ctx, mapping.NewTerm{Code: "accommodation.men", Name: "Shelter for men",
			Translations: map[string]mapping.TermTranslation{"th": {Name: "ที่พักพิงสำหรับผู้ชาย"}}})
		if err != nil {
			t.Fatal(err)
		}
		if term.ParentCode != "accommodation" || term.Builtin || term.Translations["th"].Name == "" {
			t.Errorf("term = %+v", term)
		}
		for _, tc := range []struct {
			name string
			in   mapping.NewTerm
			kind haven.Kind
		}{
			{"taken", mapping.NewTerm{Code: "medical", Name: "x"}, haven.KindConflict},
			{"bad code", mapping.NewTerm{Code: "Medical Care", Name: "x"}, haven.KindInvalid},
			{"no name", mapping.NewTerm{Code: "medical.dental"}, haven.KindInvalid},
			{"unknown parent", mapping.NewTerm{Code: "dental.kids", Name: "x"}, haven.KindInvalid},
			{"bad language", mapping.NewTerm{Code: "medical.eyes", Name: "x", Translations: map[string]mapping.TermTranslation{"Thai": {Name: "y"}}}, haven.KindInvalid},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := tax.AddTerm(ctx, tc.in); haven.KindOf(err) != tc.kind {
					t.Errorf("err = %v, want kind %d", err, tc.kind)
				}
			})
		}
	})
}
