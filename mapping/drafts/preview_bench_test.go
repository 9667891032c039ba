package drafts_test

import (
	"context"
	"testing"

	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/drafts"
)

// BenchmarkPreview20k resolves a draft's rules against a directory of
// 20,000 providers, as the editor's live count does at every change of a
// rule.
//
//	go test ./mapping/drafts/ -run '^$' -bench Preview20k -benchtime 200x
func BenchmarkPreview20k(b *testing.B) {
	ctx := context.Background()
	db := dbtest.OpenSQLite(b)
	log := audit.New(db.DB)
	tax := mapping.NewTaxonomy(db.DB, log)
	dir, err := mapping.NewDirectory(ctx, db.DB, log, tax, mapping.NewRegions(db.DB, log))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := dir.CreateMany(ctx, admin, mapping.SyntheticProviders(20_000, 11)); err != nil {
		b.Fatal(err)
	}
	ds := drafts.NewService(drafts.NewStore(db.DB, log), dir, tax)
	settings := drafts.Settings{Rules: drafts.Rules{Services: []string{"accommodation", "legal_aid"}, Languages: []string{"th"},
		Genders: []string{"female"}, AgeFrom: ptr(12), AgeTo: ptr(17)}}
	b.ResetTimer()
	selected := 0
	for i := 0; i < b.N; i++ {
		p, err := ds.Preview(ctx, []string{"TH"}, settings)
		if err != nil {
			b.Fatal(err)
		}
		selected = p.Count
	}
	b.ReportMetric(float64(selected), "selected")
}
