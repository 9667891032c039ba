package drafts_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping/drafts"
)

// storedVersion reads a version's row as stored, column by column.
func storedVersion(t *testing.T, db *database.DB, draftID string, number int) map[string]any {
	t.Helper()
	row := map[string]any{}
	if err := db.Table("draft_versions").Where("draft_id = ? AND number = ?", draftID, number).Take(&row).Error; err != nil {
		t.Fatal(err)
	}
	return row
}

// A frozen version is what participants saw: editing its providers or its
// sections afterwards changes nothing in it, byte for byte.
func TestFrozenVersionIsUnchangedAfterProviderEdits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		d := w.takDraft(editorTH)
		frozen, err := w.drafts.Freeze(ctx, editorTH, d.ID, "first test round")
		if err != nil {
			t.Fatal(err)
		}
		if frozen.Number != 1 || !slices.Equal(names(frozen.Entries), []string{"Mae Sot Women's Shelter", "Tak Quiet Safe House"}) {
			t.Fatalf("froze version %d with %v", frozen.Number, names(frozen.Entries))
		}
		before, err := w.drafts.Version(ctx, d.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		beforeJSON, _ := json.Marshal(before)
		frozenJSON, _ := json.Marshal(frozen)
		if !bytes.Equal(beforeJSON, frozenJSON) {
			t.Errorf("the version read back differs from the one Freeze returned:\n%s\n%s", beforeJSON, frozenJSON)
		}
		beforeRow := storedVersion(t, db, d.ID, 1)

		// The shelter is renamed, its phone and hours change, the safe
		// house moves, and a section is rewritten.
		shelter := w.id("Mae Sot Women's Shelter")
		patch := map[string]json.RawMessage{
			"name":     json.RawMessage(`"Renamed Shelter"`),
			"channels": json.RawMessage(`[{"kind":"phone","value":"+66 99 999 999","tier":"public"}]`),
		}
		if _, err := w.dir.Patch(ctx, admin, shelter, 0, patch); err != nil {
			t.Fatal(err)
		}
		if _, err := w.dir.Patch(ctx, admin, w.id("Tak Quiet Safe House"), 0, map[string]json.RawMessage{
			"locations": json.RawMessage(`[{"id":"loc-quiet","tier":"public","latitude":13.75,"longitude":100.5}]`)}); err != nil {
			t.Fatal(err)
		}
		if err := w.dir.Delete(ctx, admin, w.id("Bangkok Legal Aid Clinic"), 0); err != nil {
			t.Fatal(err)
		}
		sec := w.sections[0]
		if _, err := w.drafts.UpdateSection(ctx, admin, sec.ID, 0, drafts.SectionInput{Kind: sec.Kind,
			Texts: map[string]drafts.SectionText{"en": {Title: "Rewritten", Body: "New text"}}}); err != nil {
			t.Fatal(err)
		}

		after, err := w.drafts.Version(ctx, d.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		afterJSON, _ := json.Marshal(after)
		if !bytes.Equal(beforeJSON, afterJSON) {
			t.Errorf("the frozen version changed after its providers were edited:\nbefore %s\nafter  %s", beforeJSON, afterJSON)
		}
		afterRow := storedVersion(t, db, d.ID, 1)
		for col, v := range beforeRow {
			if !bytesEqual(v, afterRow[col]) {
				t.Errorf("stored column %s changed: %v → %v", col, v, afterRow[col])
			}
		}
		if !strings.Contains(string(afterJSON), "+66 55 000 112") || strings.Contains(string(afterJSON), "Renamed Shelter") {
			t.Error("the frozen version does not hold the provider as it was")
		}

		// A new freeze takes the directory as it is now.
		second, err := w.drafts.Freeze(ctx, editorTH, d.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if second.Number != 2 || !slices.Equal(names(second.Entries), []string{"Renamed Shelter"}) {
			t.Errorf("second freeze: version %d with %v, want 2 with [Renamed Shelter] (the safe house moved out of Tak)", second.Number, names(second.Entries))
		}
		if second.Sections[0].Texts["en"].Title != "Rewritten" || after.Sections[0].Texts["en"].Title != "How to use this booklet" {
			t.Error("sections: version 1 must keep the old text, version 2 the new")
		}
	})
}

func bytesEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// A draft — for public distribution or for testing — holds only what the
// tiers let anyone see: region_only entries without address, point or
// non-public phones; hidden ones not at all.
func TestFrozenDraftHoldsOnlyWhatTiersAllow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		for _, audience := range drafts.Audiences {
			t.Run(audience, func(t *testing.T) {
				// An admin with the confidential grant builds it: the grant
				// must not leak into the draft.
				d, err := w.drafts.CreateDraft(ctx, admin, drafts.DraftInput{Name: "Tak " + audience, Countries: []string{"TH"}, Audience: audience,
					Settings: drafts.Settings{Rules: drafts.Rules{Regions: []string{"TH63"}}}})
				if err != nil {
					t.Fatal(err)
				}
				v, err := w.drafts.Freeze(ctx, admin, d.ID, "")
				if err != nil {
					t.Fatal(err)
				}
				raw, _ := json.Marshal(v)
				for _, secret := range []string{"16.7233", "98.5733", "77 Quiet Lane", "Quietville", "Quiet Lane house", "+66 55 QUIET 42",
					"Tak Ghost Shelter", "Ghost", "16.7344", "+66 55 GHOST 9"} {
					if strings.Contains(string(raw), secret) {
						t.Errorf("the frozen %s draft holds %q", audience, secret)
					}
				}
				var quiet bool
				for _, e := range v.Entries {
					if e.Name != "Tak Quiet Safe House" {
						continue
					}
					quiet = true
					l := e.Locations[0]
					if !l.Redacted || l.Latitude != nil || l.Address != nil || len(l.Regions) == 0 {
						t.Errorf("region_only location not reduced to its region: %+v", l)
					}
					if len(e.Channels) != 1 || e.Channels[0].Value != "1300" {
						t.Errorf("region_only entry channels %+v, want the public front office only", e.Channels)
					}
				}
				if !quiet {
					t.Error("the region_only entry is missing; it belongs in the draft with its public channel")
				}
			})
		}

		t.Run("including a hidden provider refuses to freeze", func(t *testing.T) {
			d, err := w.drafts.CreateDraft(ctx, admin, drafts.DraftInput{Name: "With ghost", Countries: []string{"TH"},
				Settings: drafts.Settings{Rules: drafts.Rules{Regions: []string{"TH63"}}, Include: []string{w.id("Tak Ghost Shelter")}}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = w.drafts.Freeze(ctx, admin, d.ID, "")
			if kindOf(err) != haven.KindInvalid || !slices.Contains(fieldsOf(err), "settings.include") {
				t.Errorf("freeze with a hidden include: %v, want invalid settings.include", err)
			}
		})
	})
}

func TestVersions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		d := w.takDraft(editorTH)
		if _, err := w.drafts.Freeze(ctx, editorTH, d.ID, "A"); err != nil {
			t.Fatal(err)
		}
		// The working copy changes: Bangkok instead of Tak, another name.
		in := drafts.DraftInput{Name: "Bangkok", Countries: []string{"TH"}, Settings: d.Settings}
		in.Settings.Rules.Regions = []string{"TH10"}
		changed, err := w.drafts.UpdateDraft(ctx, editorTH, d.ID, d.Revision, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.drafts.UpdateDraft(ctx, editorTH, d.ID, d.Revision, in); kindOf(err) != haven.KindPreconditionFailed {
			t.Errorf("update with a stale revision: %v, want precondition failed", err)
		}
		v2, err := w.drafts.Freeze(ctx, editorTH, d.ID, "B")
		if err != nil {
			t.Fatal(err)
		}
		if v2.Number != 2 || v2.Name != "Bangkok" || !slices.Equal(names(v2.Entries), []string{"Bangkok Legal Aid Clinic"}) {
			t.Errorf("version 2: %d %q %v", v2.Number, v2.Name, names(v2.Entries))
		}

		// "New version from 1" brings back version 1's settings for the next freeze.
		reset, err := w.drafts.NewVersionFrom(ctx, editorTH, d.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if reset.Name != "Tak (A)" || !slices.Equal(reset.Settings.Rules.Regions, []string{"TH63"}) || reset.BasedOn != 1 ||
			reset.Revision != changed.Revision+1 || !slices.Equal(reset.Settings.Sections, w.sectionIDs()) {
			t.Errorf("new version from 1: %+v", reset)
		}
		v3, err := w.drafts.Freeze(ctx, editorTH, d.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if v3.Number != 3 || !slices.Equal(names(v3.Entries), []string{"Mae Sot Women's Shelter", "Tak Quiet Safe House"}) {
			t.Errorf("version 3: %d %v", v3.Number, names(v3.Entries))
		}

		list, err := w.drafts.Versions(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 3 || list[0].Number != 3 || list[2].Note != "A" || list[1].EntryCount != 1 || list[2].SectionCount != 3 {
			t.Errorf("versions: %+v", list)
		}
		got, _ := w.drafts.Draft(ctx, d.ID)
		if got.LatestVersion != 3 {
			t.Errorf("latest version %d, want 3", got.LatestVersion)
		}
		if _, err := w.drafts.Version(ctx, d.ID, 9); kindOf(err) != haven.KindNotFound {
			t.Errorf("version 9: %v, want not found", err)
		}

		// The database itself refuses to change a frozen version.
		if err := db.Exec("UPDATE draft_versions SET name = 'forged'").Error; err == nil {
			t.Error("UPDATE of draft_versions succeeded; frozen versions must never change")
		}
		if err := db.Exec("DELETE FROM draft_versions").Error; err == nil {
			t.Error("DELETE from draft_versions succeeded")
		}
	})
}

func TestDraftPermissions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		in := drafts.DraftInput{Name: "Tak", Countries: []string{"TH"}}
		for _, c := range []struct {
			name string
			err  error
			kind haven.Kind
		}{
			{"a Thai editor writes Thai drafts", func() error { _, err := w.drafts.CreateDraft(ctx, editorTH, in); return err }(), -1},
			{"a Cambodian editor may not", func() error { _, err := w.drafts.CreateDraft(ctx, editorKH, in); return err }(), haven.KindForbidden},
			{"a viewer may not", func() error { _, err := w.drafts.CreateDraft(ctx, viewer, in); return err }(), haven.KindForbidden},
		} {
			t.Run(c.name, func(t *testing.T) {
				if c.kind < 0 && c.err != nil || c.kind >= 0 && kindOf(c.err) != c.kind {
					t.Errorf("got %v", c.err)
				}
			})
		}
		d := w.takDraft(editorTH)
		if _, err := w.drafts.Freeze(ctx, editorKH, d.ID, ""); kindOf(err) != haven.KindForbidden {
			t.Errorf("a Cambodian editor froze a Thai draft: %v", err)
		}
		if _, err := w.drafts.NewVersionFrom(ctx, editorKH, d.ID, 1); kindOf(err) != haven.KindNotFound {
			t.Errorf("new version from a version that does not exist: %v", err)
		}
		moved := drafts.DraftInput{Name: "Tak", Countries: []string{"KH"}}
		if _, err := w.drafts.UpdateDraft(ctx, editorTH, d.ID, 0, moved); kindOf(err) != haven.KindForbidden {
			t.Errorf("a Thai editor moved a draft to Cambodia: %v", err)
		}
	})
}
