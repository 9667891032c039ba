package hsds_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/hsds"
)

// want is a problem an import must report: where, and words of its message.
type want struct{ file, id, field, says string }

func (w want) in(ps []hsds.Problem) bool {
	return slices.ContainsFunc(ps, func(p hsds.Problem) bool {
		return p.File == w.file && p.ID == w.id && p.Field == w.field && strings.Contains(p.Message, w.says)
	})
}

// The data problems of the official HSDS 3.0 examples (the task notes §4).
var csvExampleProblems = []want{
	{"organizations.csv", "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "parent_organization_id", "cd09a387-91f4-4555-94ec-e799c35344cd, which is not in the data"},
	{"organizations.csv", "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "tax_id", "placeholder"},
	{"locations.csv", "3a19ff88-4620-4d17-9830-ac1d859eb5d5", "latitude", "100 is outside -90..90"},
	{"locations.csv", "3a19ff88-4620-4d17-9830-ac1d859eb5d5", "organization_id", "985e4a42-bd9f-4edc-911d-0243a4640aca, which is not in the data"},
	{"contacts.csv", "1e7efce3-639b-4880-940c-b95cd30cdb50", "organization_id", "ae67a707-5893-4225-b0b1-320ab9cb596b, which is not in the data"},
	{"contacts.csv", "1e7efce3-639b-4880-940c-b95cd30cdb50", "service_at_location_id", "93eaf18d-1cd2-4ec7-bffb-3c9172ee5070, which is not in the data"},
	{"attributes.csv", "ae58cc39-8b70-4ab1-8aea-786882e5ac8e", "link_id", "matches no record"},
	{"attributes.csv", "ae58cc39-8b70-4ab1-8aea-786882e5ac8e", "link_entity", "is not an HSDS object"},
	{"attributes.csv", "ae58cc39-8b70-4ab1-8aea-786882e5ac8e", "link_type", "placeholder"},
	{"taxonomy_terms.csv", "3f7b145d-84af-42d7-8fae-eaca714b02b2", "parent_id", "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2, which is not in the data"},
	{"taxonomy_terms.csv", "3f7b145d-84af-42d7-8fae-eaca714b02b2", "taxonomy_id", "07ff6aee-a219-438c-b694-d2fcb6c5373b, which is not in the data"},
	{"taxonomy_terms.csv", "3f7b145d-84af-42d7-8fae-eaca714b02b2", "code", "placeholder"},
	{"metadata.csv", "6cd71e9f-1013-49d9-8370-26b8f59d3e5a", "resource_id", "matches no record"},
	{"phones.csv", "1554f2e2-a373-45db-a3fa-9fc48a61c15e", "number", "quotes"},
	{"schedules.csv", "48102e86-bb50-41c4-8f1e-e269368c41d1", "count", "count and until are both given"},
	{"schedules.csv", "48102e86-bb50-41c4-8f1e-e269368c41d1", "bymonthday", "does not go with freq WEEKLY"},
	{"service_areas.csv", "381c64f1-a724-4884-9c21-ac96c21cca3e", "extent", "is not GeoJSON"},
	{"cost_options.csv", "1fdf4d39-3d80-484d-9f92-a8ffa08621e7", "currency", `"gbp" is written GBP`},
	{"cost_options.csv", "1fdf4d39-3d80-484d-9f92-a8ffa08621e7", "valid_to", "2022-12-31 has passed"},
	{"services.csv", "ac148810-d857-441c-9679-408f346de14b", "assured_date", "more than 3 years ago"},
	{"services.csv", "ac148810-d857-441c-9679-408f346de14b", "wait_time", "placeholder"},
	{"services.csv", "ac148810-d857-441c-9679-408f346de14b", "attributes", "no taxonomy term that matches a Haven service type"},
}

// The JSON examples repeat those problems at every nesting (reported once)
// and add their own.
var jsonExampleProblems = []want{
	{"base.json", "", "", "API root document"},
	{"organization_full.json", "3a19ff88-4620-4d17-9830-ac1d859eb5d5", "external_identifier", `"///cheer.parent.mole", then "10092008082"`},
	{"organization_full.json", "6cd71e9f-1013-49d9-8370-26b8f59d3e5a", "resource_type", "says location but is nested in a service"},
	{"tabular.json", "d4dbcebc-0802-47cb-8651-b937ac4f2f3e", "identifier", "is a number; HSDS wants text"},
	{"organization_full.json", "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610", "parent_organization_id", "which is not in the data"},
	{"location.json", "3a19ff88-4620-4d17-9830-ac1d859eb5d5", "latitude", "100 is outside -90..90"},
	{"location.json", "1554f2e2-a373-45db-a3fa-9fc48a61c15e", "number", "quotes"},
	{"location.json", "48102e86-bb50-41c4-8f1e-e269368c41d1", "count", "count and until"},
	{"organization_full.json", "381c64f1-a724-4884-9c21-ac96c21cca3e", "extent", "is not GeoJSON"},
	{"organization_full.json", "1fdf4d39-3d80-484d-9f92-a8ffa08621e7", "currency", "GBP"},
	{"organization_full.json", "3f7b145d-84af-42d7-8fae-eaca714b02b2", "parent_id", "which is not in the data"},
	{"organization_full.json", "ac148810-d857-441c-9679-408f346de14b", "attributes", `taxonomy term "name" (code "code", taxonomy "name") matches no Haven service type`},
}

// importBoth imports path strictly and then leniently into empty databases
// and checks that strict mode wrote nothing and both list the same problems.
func importBoth(t *testing.T, db *database.DB, path string, opts hsds.ImportOptions) (*world, hsds.Report) {
	t.Helper()
	ctx := context.Background()
	strict := newWorld(t, fresh(t, db))
	opts.Today, opts.Lenient = today, false
	refused, err := strict.hsds.ImportPath(ctx, admin, path, opts)
	if haven.KindOf(err) != haven.KindInvalid || refused.Written || len(refused.Problems) == 0 {
		t.Fatalf("strict import: err %v, report %+v", err, refused)
	}
	if all, _ := strict.dir.All(ctx, admin); len(all) != 0 {
		t.Errorf("strict mode wrote %d providers", len(all))
	}
	lenient := newWorld(t, fresh(t, db))
	opts.Lenient = true
	rep, err := lenient.hsds.ImportPath(ctx, admin, path, opts)
	if err != nil || !rep.Written {
		t.Fatalf("lenient import: %v", err)
	}
	if !reflect.DeepEqual(refused.Problems, rep.Problems) {
		t.Errorf("strict and lenient list different problems:\n%v\n%v", refused.Problems, rep.Problems)
	}
	return lenient, rep
}

func checkProblems(t *testing.T, got []hsds.Problem, wants []want) {
	t.Helper()
	for _, w := range wants {
		if !w.in(got) {
			t.Errorf("missing problem %+v", w)
		}
	}
	if t.Failed() {
		for _, p := range got {
			t.Log(p)
		}
	}
}

func TestOfficialHSDS3Examples(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		for _, tc := range []struct {
			name, path string
			wants      []want
		}{
			{"csv datapackage", hsds3Examples + "/csv", csvExampleProblems},
			{"json files", hsds3Examples, jsonExampleProblems},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w, rep := importBoth(t, db, tc.path, hsds.ImportOptions{})
				checkProblems(t, rep.Problems, tc.wants)
				if rep.Organizations != 1 || rep.Imported != 1 || rep.ImportedLocations != 1 || rep.ImportedServices != 0 {
					t.Errorf("report: %+v", rep)
				}
				all, _ := w.dir.All(context.Background(), admin)
				p := all[0]
				if p.ID != "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610" || p.Name != "Example Organization Inc." || p.Country != "US" ||
					p.Provenance.Kind != "import" || p.Locations[0].Latitude != nil || p.Locations[0].Address.City != "MyCity" {
					t.Errorf("imported provider: %+v", p)
				}
				if !slices.ContainsFunc(p.Channels, func(c mapping.Channel) bool { return c.Value == "+44 1234 234567 ext. 100" }) {
					t.Errorf("channels: %+v", p.Channels)
				}
			})
		}
	})
}

func TestHSDS1Sample(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		for _, tc := range []struct {
			name, path string
			wants      []want
			services   int
		}{
			{"simple", hsds1Sample + "/simple", []want{
				{"metadata.csv", "", "", "is not listed in datapackage.json"},
				{"metadata.csv", "f1457ed3-c8a6-4ba3-a649-8ed054e337be", "resource_id", `"14a49a8e-64a4-11e6-8b77-86f30ca893d3" matches no record`},
				{"services.csv", "c89eb05c-62dd-4b64-b494-0cc347b6ea7f", "attributes", "no taxonomy term"},
			}, 0},
			{"all resources", hsds1Sample + "/all_resources", []want{
				{"holiday_schedules.csv", "fa9dbdb0-1b0c-11e9-b56e-0800200c9a66", "id", "also used in regular_schedules.csv"},
				{"programs.csv", "7c92d010-1b0a-11e9-b56e-0800200c9a", "id", "is not a UUID"},
				{"taxonomy.csv", "df7be950-1b0f-11e9-b56e-0800200c9a66", "parent_id", "e9004840-1b0f-11e9-b56e-0800200c9a66, which is not in the data"},
				{"languages.csv", "76c2ad40-1b0f-11e9-b56e-0800200c9a66", "name", `"English" is a language name`},
				{"languages.csv", "8b01c840-1b0f-11e9-b56e-0800200c9a66", "name", `"Spanish" is a language name`},
				{"meta_table_descriptions.csv", "7bc6c950-1b11-11e9-b56e-0800200c9a66", "language", `"English" is a language name`},
				{"services.csv", "a27a0710-72d2-41a2-8947-9d0e0e69e257", "status", "is inactive while other services"},
			}, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w, rep := importBoth(t, db, tc.path, hsds.ImportOptions{Country: "US"})
				checkProblems(t, rep.Problems, tc.wants)
				if rep.Format != "HSDS 1.1 tabular" || rep.Organizations != 10 || rep.Imported != 10 || rep.ImportedServices != tc.services {
					t.Errorf("report: %+v", rep)
				}
				all, _ := w.dir.All(context.Background(), admin)
				if len(all) != 10 || all[0].Country != "US" {
					t.Errorf("imported: %+v", all)
				}
			})
		}
	})
}

// TestTaxonomyMap classifies an HSDS 1.1 package whose services carry AIRS
// and Open Eligibility terms, through a map file, and reports what matches
// nothing.
func TestTaxonomyMap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		mapFile := mustRead(t, "testdata/airs_map.csv")
		w, rep := importBoth(t, db, "testdata/hsds1_airs", hsds.ImportOptions{TaxonomyMap: mapFile, TaxonomyMapName: "airs_map.csv"})
		checkProblems(t, rep.Problems, []want{
			{"airs_map.csv", "line 5", "haven_code", `"no_such_code" is not a Haven service type`},
			{"services.csv", "6c1b5e91-1b0a-11e9-b56e-0800200c9a66", "attributes", `taxonomy term "Bicycle Repair" (code "YZ-9999", taxonomy "AIRS") matches no Haven service type`},
			{"services.csv", "6c1b5e91-1b0a-11e9-b56e-0800200c9a66", "attributes", "not imported"},
			{"regular_schedules.csv", "b1609346-1b0a-11e9-b56e-0800200c9a66", "weekday", `"8" is not a weekday`},
		})
		for _, p := range rep.Problems {
			if p.ID == "6c1b5e92-1b0a-11e9-b56e-0800200c9a66" && strings.Contains(p.Message, "matches no Haven") {
				t.Errorf("a term the map leaves out on purpose is reported: %v", p)
			}
		}
		if len(rep.UnmatchedTerms) != 1 || rep.UnmatchedTerms[0].Code != "YZ-9999" || rep.UnmatchedTerms[0].Services != 1 {
			t.Errorf("unmatched terms: %+v", rep.UnmatchedTerms)
		}
		all, _ := w.dir.All(context.Background(), admin)
		if len(all) != 1 || len(all[0].Services) != 2 {
			t.Fatalf("imported: %+v", all)
		}
		p := all[0]
		byType := map[string]mapping.Service{}
		for _, s := range p.Services {
			byType[s.Type] = s
		}
		shelter, legal := byType["accommodation.emergency"], byType["legal_aid"]
		if shelter.ID != "6c1b5e8f-1b0a-11e9-b56e-0800200c9a66" || legal.ID != "6c1b5e90-1b0a-11e9-b56e-0800200c9a66" {
			t.Errorf("services: %+v", p.Services)
		}
		if !strings.HasPrefix(shelter.Description, "Night shelter\n\nBeds for the night.") || !strings.Contains(shelter.Description, "Eligibility: adult") {
			t.Errorf("description: %q", shelter.Description)
		}
		if !reflect.DeepEqual(shelter.Eligibility.Genders, []string{"female"}) || !reflect.DeepEqual(shelter.Languages, []string{"my", "kar"}) || !shelter.Interpreting {
			t.Errorf("shelter: %+v", shelter)
		}
		if len(shelter.Schedules) != 1 || !reflect.DeepEqual(shelter.Schedules[0].Days, []string{"mo", "tu"}) || shelter.Schedules[0].Opens != "18:00" {
			t.Errorf("schedules: %+v", shelter.Schedules)
		}
		if !reflect.DeepEqual(shelter.LocationIDs, []string{"9f4e8122-1b0a-11e9-b56e-0800200c9a66"}) || legal.LocationIDs != nil {
			t.Errorf("locations of services: %v, %v", shelter.LocationIDs, legal.LocationIDs)
		}
		if p.Country != "TH" || p.Locations[0].Address.Line2 != "Soi 5, Ban Tai" || p.Channels[0].Label != "Front desk (Shelter)" {
			t.Errorf("provider: %+v", p)
		}
	})
}

// TestDirectCodes classifies a service whose term is a Haven code, whatever
// its taxonomy.
func TestDirectCodes(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	doc := `{"id":"0a0a0a0a-0000-4000-8000-000000000001","name":"Lawyers","status":"active",
	  "organization":{"id":"0a0a0a0a-0000-4000-8000-000000000002","name":"Law Centre","description":"Free law."},
	  "attributes":[{"id":"0a0a0a0a-0000-4000-8000-000000000003","taxonomy_term":{"id":"0a0a0a0a-0000-4000-8000-000000000004",
	    "code":"legal_aid","name":"Legal aid","description":"Legal aid","taxonomy":"our-codes"}}]}`
	rep, err := w.hsds.Import(context.Background(), admin, "service.json", strings.NewReader(doc), hsds.ImportOptions{Country: "KH", Today: today})
	if err != nil {
		t.Fatalf("%v %v", err, rep.Problems)
	}
	all, _ := w.dir.All(context.Background(), admin)
	if len(all) != 1 || all[0].Services[0].Type != "legal_aid" || all[0].Services[0].Description != "Lawyers" || all[0].Country != "KH" {
		t.Errorf("imported: %+v", all)
	}
}

// TestHSDS31Capacity reads an HSDS 3.1 service's capacities (with their
// unit) and additional urls.
func TestHSDS31Capacity(t *testing.T) {
	w := newWorld(t, dbtest.OpenSQLite(t))
	doc := `{"id":"0b0b0b0b-0000-4000-8000-000000000001","name":"Shelter","status":"active",
	  "organization":{"id":"0b0b0b0b-0000-4000-8000-000000000002","name":"Safe House","description":"Beds.",
	    "additional_websites":[{"id":"0b0b0b0b-0000-4000-8000-000000000005","label":"Facebook","url":"https://facebook.com/safehouse"}]},
	  "capacities":[{"id":"0b0b0b0b-0000-4000-8000-000000000003","unit":{"id":"0b0b0b0b-0000-4000-8000-000000000004","name":"Bed"},
	    "available":3,"maximum":10,"updated":"2026-11-01T08:00:00.000+07:00"}],
	  "attributes":[{"id":"0b0b0b0b-0000-4000-8000-000000000006","taxonomy_term":{"id":"0b0b0b0b-0000-4000-8000-000000000007",
	    "code":"accommodation","name":"Shelter","description":"Shelter","taxonomy":"mine"}}]}`
	rep, err := w.hsds.Import(context.Background(), admin, "s.json", strings.NewReader(doc), hsds.ImportOptions{Country: "TH", Today: today})
	if err != nil {
		t.Fatalf("%v %v", err, rep.Problems)
	}
	all, _ := w.dir.All(context.Background(), admin)
	c := all[0].Services[0].Capacity
	if c == nil || c.Unit != "Bed" || *c.Total != 10 || *c.Available != 3 || c.UpdatedAt.Format("2006-01-02T15:04") != "2026-11-01T01:00" {
		t.Errorf("capacity: %+v", c)
	}
	if !hasChannel(all[0], "website", "https://facebook.com/safehouse") {
		t.Errorf("channels: %+v", all[0].Channels)
	}
}
