package mapping_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb"
)

// shelter is a provider in Mae Sot (Tak, Thailand) with one service.
func shelter(name string, tier mapping.Tier, lat, lon float64) mapping.Provider {
	return mapping.Provider{
		Name: name, Country: "TH",
		Locations: []mapping.Location{{Name: name + " house", Tier: tier, Latitude: ptr(lat), Longitude: ptr(lon),
			Address: &mapping.Address{Line1: "12 Secret Lane", City: "Mae Sot"}}},
		Services: []mapping.Service{{Type: "accommodation.emergency", Languages: []string{"th", "my"},
			Eligibility: mapping.Eligibility{Genders: []string{"female"}, MinAge: ptr(12), MaxAge: ptr(17)}}},
		Channels: []mapping.Channel{{Kind: "hotline", Value: "1300", Tier: mapping.TierPublic},
			{Kind: "phone", Value: "+66 55 000 111", Tier: tier}},
	}
}

func TestCreateAssignsRegionsAndKeepsHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		w.thai()
		ctx := audit.WithActor(context.Background(), audit.Actor{ID: editor.ID, Email: editor.Email})
		p, err := w.dir.Create(ctx, editor, shelter("Mae Sot Safe House", mapping.TierPublic, 16.7167, 98.5667))
		if err != nil {
			t.Fatal(err)
		}
		if p.Version != 1 || p.ID == "" || p.Verification.Status != "unverified" || p.Provenance.Kind != "manual" {
			t.Errorf("defaults: %+v", p)
		}
		regions := p.Locations[0].Regions
		if len(regions) != 2 || regions[0].Code != "TH63" || regions[1].Code != "TH6306" || regions[1].Name != "Mae Sot" {
			t.Errorf("regions = %+v, want Tak (TH63) and Mae Sot (TH6306)", regions)
		}
		etag := p.Version
		patch := map[string]json.RawMessage{"name": json.RawMessage(`"Mae Sot Safe House for Girls"`),
			"status": json.RawMessage(`"temporarily closed"`)}
		p2, err := w.dir.Patch(ctx, editor, p.ID, etag, patch)
		if err != nil {
			t.Fatal(err)
		}
		if p2.Version != 2 || p2.Name != "Mae Sot Safe House for Girls" || len(p2.Services) != 1 {
			t.Errorf("after patch: %+v", p2)
		}
		if _, err := w.dir.Patch(ctx, editor, p.ID, etag, patch); haven.KindOf(err) != haven.KindPreconditionFailed {
			t.Errorf("stale write: err = %v, want precondition failed", err)
		}
		history, err := w.dir.History(ctx, admin, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var nameChange *mapping.Change
		for i, c := range history {
			if c.Field == "name" && c.Version == 2 {
				nameChange = &history[i]
			}
		}
		if nameChange == nil || nameChange.Old != "Mae Sot Safe House" || nameChange.New != "Mae Sot Safe House for Girls" || nameChange.ActorEmail != editor.Email {
			t.Errorf("history lacks the name change: %+v", history)
		}
		if err := w.dir.Delete(ctx, editor, p.ID, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := w.dir.Provider(ctx, admin, p.ID); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("deleted provider still readable: %v", err)
		}
		var kept int64
		db.Raw("SELECT COUNT(*) FROM providers WHERE id = ?", p.ID).Scan(&kept)
		if kept != 1 {
			t.Error("delete was not soft")
		}
	})
}

func TestProviderValidation(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	bad := mapping.Provider{Name: " ", Country: "XX", OrgType: "club",
		Locations: []mapping.Location{{Tier: "secret", Latitude: ptr(95.0), Longitude: ptr(100.0)}},
		Services: []mapping.Service{{Type: "shelter", Languages: []string{"Thai"},
			Eligibility: mapping.Eligibility{MinAge: ptr(18), MaxAge: ptr(12), Genders: []string{"x"}},
			Schedules:   []mapping.Schedule{{Days: []string{"mo"}, Opens: "8am"}}}},
		Channels: []mapping.Channel{{Kind: "pigeon"}},
	}
	_, err := w.dir.Create(context.Background(), admin, bad)
	var he *haven.Error
	if !asError(err, &he) || he.Kind != haven.KindInvalid {
		t.Fatalf("err = %v", err)
	}
	got := map[string]bool{}
	for _, f := range he.Fields {
		got[f.Field] = true
	}
	for _, want := range []string{"name", "country", "org_type", "locations[0].tier", "locations[0].latitude", "services[0].type",
		"services[0].languages", "services[0].eligibility.max_age", "services[0].eligibility.genders",
		"services[0].schedules[0].opens", "services[0].schedules[0].closes", "channels[0].kind", "channels[0].value"} {
		if !got[want] {
			t.Errorf("no error for %s; got %v", want, he.Fields)
		}
	}
	var n int64
	w.db.Raw("SELECT COUNT(*) FROM providers").Scan(&n)
	if n != 0 {
		t.Error("an invalid provider was stored")
	}
}

func TestEditorsStayInTheirCountries(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	ctx := context.Background()
	kh := shelter("Phnom Penh House", mapping.TierPublic, 11.55, 104.92)
	kh.Country = "KH"
	if _, err := w.dir.Create(ctx, editor, kh); haven.KindOf(err) != haven.KindForbidden {
		t.Errorf("editor for TH created in KH: %v", err)
	}
	p, err := w.dir.Create(ctx, admin, kh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.dir.Patch(ctx, editor, p.ID, 0, map[string]json.RawMessage{"name": json.RawMessage(`"x"`)}); haven.KindOf(err) != haven.KindForbidden {
		t.Errorf("editor for TH edited a KH provider: %v", err)
	}
	th, _ := w.dir.Create(ctx, editor, shelter("Tak House", mapping.TierPublic, 16.7, 98.5))
	if _, err := w.dir.Patch(ctx, editor, th.ID, 0, map[string]json.RawMessage{"country": json.RawMessage(`"KH"`)}); haven.KindOf(err) != haven.KindForbidden {
		t.Errorf("editor moved a provider out of their country: %v", err)
	}
	if _, err := w.dir.Patch(ctx, editor, th.ID, 0, map[string]json.RawMessage{"id": json.RawMessage(`"x"`)}); haven.KindOf(err) != haven.KindInvalid {
		t.Errorf("patching id: %v", err)
	}
}

func TestRedaction(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	w.thai()
	ctx := context.Background()
	regionOnly, _ := w.dir.Create(ctx, admin, shelter("Region House", mapping.TierRegionOnly, 16.72, 98.57))
	hidden, _ := w.dir.Create(ctx, admin, shelter("Hidden House", mapping.TierHidden, 16.73, 98.58))

	got, err := w.dir.Provider(ctx, viewer, regionOnly.ID)
	if err != nil {
		t.Fatal(err)
	}
	l := got.Locations[0]
	if l.Latitude != nil || l.Longitude != nil || l.Address != nil || l.Name != "" || !l.Redacted || len(l.Regions) != 2 {
		t.Errorf("region_only location as a viewer sees it: %+v", l)
	}
	if len(got.Channels) != 1 || got.Channels[0].Kind != "hotline" {
		t.Errorf("channels a viewer sees: %+v", got.Channels)
	}
	if _, err := w.dir.Provider(ctx, viewer, hidden.ID); haven.KindOf(err) != haven.KindNotFound {
		t.Errorf("hidden provider readable by a viewer: %v", err)
	}
	full, err := w.dir.Provider(ctx, admin, hidden.ID)
	if err != nil || full.Locations[0].Latitude == nil {
		t.Errorf("admin with the grant: %+v %v", full, err)
	}
	reads, _, _ := w.audit.List(ctx, audit.Filter{Action: "provider.read_confidential"})
	if len(reads) != 1 {
		t.Errorf("confidential reads audited: %d, want 1", len(reads))
	}

	// A viewer's edit of what they see must not wipe what they cannot see.
	ed := editor
	ed.Grants = nil
	p, err := w.dir.Patch(ctx, ed, regionOnly.ID, 0, map[string]json.RawMessage{
		"locations": mustJSON(t, got.Locations), "channels": mustJSON(t, got.Channels), "name": json.RawMessage(`"Renamed"`)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Locations[0].Latitude != nil || len(p.Channels) != 1 {
		t.Errorf("the answer to an edit without the grant shows confidential data: %+v", p)
	}
	stored, _ := w.dir.Provider(ctx, admin, regionOnly.ID)
	if stored.Locations[0].Latitude == nil || len(stored.Channels) != 2 || stored.Name != "Renamed" {
		t.Errorf("an edit without the grant lost confidential data: %+v", stored)
	}
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSearchFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		w := newWorld(t, db)
		w.thai()
		ctx := context.Background()
		mk := func(p mapping.Provider) string {
			t.Helper()
			got, err := w.dir.Create(ctx, admin, p)
			if err != nil {
				t.Fatal(err)
			}
			return got.ID
		}
		girls := mk(shelter("Girls Shelter Mae Sot", mapping.TierPublic, 16.7167, 98.5667))
		legal := mapping.Provider{Name: "Bangkok Legal Aid", Country: "TH", Verification: mapping.Verification{Status: "verified"},
			Description: "Lawyers for migrant workers",
			Locations:   []mapping.Location{{Tier: mapping.TierPublic, Latitude: ptr(13.7563), Longitude: ptr(100.5018)}},
			Services: []mapping.Service{{Type: "legal_aid.immigration", Languages: []string{"en", "th"},
				Eligibility: mapping.Eligibility{LegalStatuses: []string{"foreign_national"}, TraffickingForms: []string{"forced_labour"}}}}}
		legalID := mk(legal)
		men := shelter("Men's Shelter Tak", mapping.TierPublic, 16.88, 99.13)
		men.Services[0].Eligibility = mapping.Eligibility{Genders: []string{"male"}, MinAge: ptr(18)}
		menID := mk(men)
		hiddenID := mk(shelter("Hidden Shelter", mapping.TierHidden, 16.72, 98.57))
		regionOnlyID := mk(shelter("Region-only Shelter", mapping.TierRegionOnly, 16.71, 98.56))
		hotline := mapping.Provider{Name: "National Hotline", Country: "TH", Services: []mapping.Service{{Type: "hotline"}},
			Translations: map[string]mapping.ProviderText{"th": {Name: "สายด่วนแห่งชาติ"}}}
		hotlineID := mk(hotline)

		maeSot := orb.Point{98.5667, 16.7167}
		cases := []struct {
			name  string
			asWho string
			q     mapping.Query
			want  []string
		}{
			{"everything, by name", "admin", mapping.Query{}, []string{legalID, girls, hiddenID, menID, hotlineID, regionOnlyID}},
			{"a viewer never sees hidden", "viewer", mapping.Query{}, []string{legalID, girls, menID, hotlineID, regionOnlyID}},
			{"service with sub-terms", "admin", mapping.Query{Services: []string{"accommodation"}}, []string{girls, hiddenID, menID, regionOnlyID}},
			{"sub-term itself", "admin", mapping.Query{Services: []string{"legal_aid.immigration"}}, []string{legalID}},
			{"region at level 2", "viewer", mapping.Query{Region: "TH6306"}, []string{girls, regionOnlyID}},
			{"region at level 1", "viewer", mapping.Query{Region: "TH10"}, []string{legalID}},
			{"language", "admin", mapping.Query{Languages: []string{"en"}}, []string{legalID}},
			{"gender female", "admin", mapping.Query{Gender: "female", Services: []string{"accommodation"}}, []string{girls, hiddenID, regionOnlyID}},
			{"age 16", "admin", mapping.Query{Age: ptr(16)}, []string{legalID, girls, hiddenID, hotlineID, regionOnlyID}},
			{"age 30 male", "admin", mapping.Query{Age: ptr(30), Gender: "male"}, []string{legalID, menID, hotlineID}},
			{"legal status", "admin", mapping.Query{LegalStatus: "national", Services: []string{"legal_aid"}}, nil},
			{"trafficking form", "admin", mapping.Query{TraffickingForm: "forced_labour", Services: []string{"legal_aid"}}, []string{legalID}},
			{"verification", "admin", mapping.Query{Verification: "verified"}, []string{legalID}},
			{"free text, any case", "admin", mapping.Query{Text: "MIGRANT"}, []string{legalID}},
			{"free text in Thai", "viewer", mapping.Query{Text: "สายด่วน"}, []string{hotlineID}},
			{"free text never searches hidden addresses", "viewer", mapping.Query{Text: "secret lane"}, []string{girls, menID}},
			{"near Mae Sot, 20 km, nearest first", "admin", mapping.Query{Near: &maeSot, RadiusKm: 20}, []string{girls, hiddenID, regionOnlyID}},
			{"near as a viewer: public points only", "viewer", mapping.Query{Near: &maeSot, RadiusKm: 20}, []string{girls}},
			{"near and service", "admin", mapping.Query{Near: &maeSot, RadiusKm: 100, Services: []string{"accommodation"}, Gender: "male"}, []string{menID}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				u := admin
				if tc.asWho == "viewer" {
					u = viewer
				}
				hits, next, err := w.dir.Search(ctx, u, tc.q)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, h := range hits {
					got = append(got, h.ID)
					if tc.q.Near != nil && h.DistanceKm == nil {
						t.Errorf("%s has no distance", h.Name)
					}
					if tc.q.Near == nil && h.DistanceKm != nil {
						t.Errorf("%s has a distance without near", h.Name)
					}
				}
				if !slices.Equal(got, tc.want) || next != "" {
					t.Errorf("got %v (next %q), want %v", names(w, got), next, names(w, tc.want))
				}
			})
		}
		hits, _, _ := w.dir.Search(ctx, admin, mapping.Query{Near: &maeSot, RadiusKm: 20})
		for i := 1; i < len(hits); i++ {
			if *hits[i].DistanceKm < *hits[i-1].DistanceKm {
				t.Errorf("not sorted by distance: %v", hits)
			}
		}
		for _, tc := range []struct {
			name string
			q    mapping.Query
		}{
			{"unknown service", mapping.Query{Services: []string{"shelter"}}},
			{"radius without near", mapping.Query{RadiusKm: 5}},
			{"radius too big", mapping.Query{Near: &maeSot, RadiusKm: 5000}},
			{"bad gender", mapping.Query{Gender: "other"}},
			{"bad cursor", mapping.Query{Cursor: "!!"}},
		} {
			if _, _, err := w.dir.Search(ctx, admin, tc.q); haven.KindOf(err) != haven.KindInvalid {
				t.Errorf("%s: err = %v, want invalid", tc.name, err)
			}
		}
	})
}

func names(w *world, ids []string) []string {
	var out []string
	for _, id := range ids {
		p, err := w.dir.Provider(context.Background(), admin, id)
		if err != nil {
			out = append(out, id)
			continue
		}
		out = append(out, p.Name)
	}
	return out
}

func TestSearchPaginates(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	ctx := context.Background()
	for i := 0; i < 23; i++ {
		p := shelter("Shelter "+string(rune('A'+i)), mapping.TierPublic, 16.7+float64(i)*0.01, 98.5)
		if _, err := w.dir.Create(ctx, admin, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []mapping.Query{{Limit: 5}, {Limit: 5, Near: &orb.Point{98.5, 16.7}, RadiusKm: 100}} {
		var seen []string
		q := q
		for pages := 0; pages < 10; pages++ {
			hits, next, err := w.dir.Search(ctx, admin, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range hits {
				seen = append(seen, h.Name)
			}
			if next == "" {
				break
			}
			q.Cursor = next
		}
		if len(seen) != 23 || len(slices.Compact(slices.Clone(seen))) != 23 {
			t.Errorf("pages gave %d names (%v)", len(seen), seen)
		}
		if q.Near == nil && !slices.IsSorted(seen) {
			t.Errorf("not by name: %v", seen)
		}
		if q.Near != nil && !strings.HasPrefix(seen[0], "Shelter A") {
			t.Errorf("nearest first: %v", seen[:3])
		}
	}
}

func TestCapacityIsDatedWhenItChanges(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	ctx := context.Background()
	p := shelter("Beds", mapping.TierPublic, 16.7, 98.5)
	p.Services[0].Capacity = &mapping.Capacity{Unit: "beds", Total: ptr(10), Available: ptr(4)}
	created, err := w.dir.Create(ctx, admin, p)
	if err != nil {
		t.Fatal(err)
	}
	first := created.Services[0].Capacity.UpdatedAt
	if first == nil {
		t.Fatal("new capacity has no date")
	}
	services := created.Services
	services[0].Capacity = &mapping.Capacity{Unit: "beds", Total: ptr(10), Available: ptr(2)}
	updated, err := w.dir.Patch(ctx, admin, created.ID, 0, map[string]json.RawMessage{"services": mustJSON(t, services)})
	if err != nil {
		t.Fatal(err)
	}
	if got := updated.Services[0].Capacity.UpdatedAt; got == nil || !got.After(*first) {
		t.Errorf("changed capacity dated %v, want after %v", got, first)
	}
	history, _ := w.dir.History(ctx, admin, created.ID)
	for _, c := range history {
		if strings.Contains(c.Field, "regions") {
			t.Errorf("derived regions in the history: %+v", c)
		}
	}
}
