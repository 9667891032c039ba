package feedback

import (
	"context"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
)

// Who reads results, at which k, and with free text only for the raw_data
// grant, which is audited.
func TestResultsAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newTestWorld(t, db)
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: "u-raw", Email: "raw@example.org"})
		test := w.openTest()
		for i := range 6 {
			in := w.answer("survivor", []string{"A", "B"}, i%2 == 0)
			in.FreeText = "The map was too small"
			if _, _, err := w.svc.Facilitate(ctx, testCollector, test.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		rawResearcher := accounts.User{ID: "u-raw", Email: "raw@example.org", Role: accounts.RoleResearcher,
			Countries: []string{"TH"}, Grants: []accounts.Grant{accounts.GrantRawData}}
		tests := []struct {
			name     string
			u        accounts.User
			aud      Audience
			k        int
			freeText bool
			err      haven.Kind
		}{
			{"researcher", testResearcher, ForAnalyst, KAnalyst, false, 0},
			{"editor of the country", testEditorTH, ForAnalyst, KAnalyst, false, 0},
			{"raw data grant", rawResearcher, ForAnalyst, 0, true, 0},
			{"raw data grant, export", rawResearcher, ForExport, KExport, false, 0},
			{"editor of another country", testEditorKH, ForAnalyst, 0, false, haven.KindNotFound},
			{"collector", testCollector, ForAnalyst, 0, false, haven.KindNotFound},
			{"viewer", testViewer, ForAnalyst, 0, false, haven.KindNotFound},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				res, err := w.svc.Results(ctx, tc.u, test.ID, tc.aud)
				if tc.err != 0 {
					if haven.KindOf(err) != tc.err {
						t.Fatalf("err %v, want kind %v", err, tc.err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if res.K != tc.k || (len(res.FreeText) > 0) != tc.freeText {
					t.Errorf("k %d, %d free text items; want k %d, free text %v", res.K, len(res.FreeText), tc.k, tc.freeText)
				}
				// Six participants: shown at k = 5, hidden at k = 11.
				if shown := res.Total.N != nil && *res.Total.N == 6; shown != (tc.k < 6) {
					t.Errorf("total %+v at k = %d", res.Total, tc.k)
				}
			})
		}
		events, _, err := audit.New(db.DB).List(context.Background(), audit.Filter{Action: "feedback.free_text_read"})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].ObjectID != test.ID || events[0].ActorID != "u-raw" {
			t.Errorf("free text reads audited: %+v, want one by u-raw", events)
		}
		if _, err := w.svc.ExportResults(context.Background(), "no-such-test"); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("export of an unknown test: %v", err)
		}
	})
}
