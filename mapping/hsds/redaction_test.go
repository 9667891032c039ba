package hsds_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/hsds"
)

// secrets are what a reader without the confidential grant must never get
// from richProviders: the name, address and point of the region_only and
// hidden locations, and the channels that are not public.
var secrets = []string{
	"region_only house", "12 region_only Road", "16.7222", "98.5822", "@richregion_only", "+66 55 000 11r",
	"hidden house", "12 hidden Road", "16.7333", "98.5933", "help-hidden@example.org", "+66 55 000 11h", "@richhidden",
}

// TestExportRedaction checks the zip and every API view of a reader without
// the confidential grant against the secrets, and that a cleared reader
// gets them all.
func TestExportRedaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		ctx := context.Background()
		w := newWorld(t, db)
		var hiddenShelter string
		for _, p := range richProviders() {
			created, err := w.dir.Create(ctx, admin, p)
			if err != nil {
				t.Fatal(err)
			}
			if p.Locations[0].Tier == mapping.TierHidden {
				hiddenShelter = created.Services[0].ID
			}
		}
		public := texts(t, w, viewer)
		for name, body := range public {
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s of the public view holds %q", name, s)
				}
			}
		}
		if !strings.Contains(public["locations.csv"], "16.7111") || !strings.Contains(public["addresses.csv"], "12 public Road") {
			t.Errorf("the public view lacks what it may show:\n%s", public["locations.csv"])
		}
		saysRegionOnly := false
		for name, body := range public {
			if strings.HasPrefix(name, "/service_at_locations/") && strings.Contains(body, `"code":"region_only"`) {
				saysRegionOnly = true
			}
		}
		if !saysRegionOnly {
			t.Error("no service at a location of the public view says its location is region_only")
		}
		full := strings.Join(values(texts(t, w, admin)), "\n")
		for _, s := range secrets {
			if !strings.Contains(full, s) {
				t.Errorf("the confidential view lacks %q", s)
			}
		}
		v, _ := w.hsds.View(ctx, viewer)
		if _, err := v.Service(hiddenShelter); haven.KindOf(err) != haven.KindNotFound {
			t.Errorf("a service offered only at a hidden location: %v", err)
		}
	})
}

// texts is everything a reader can get: the zip's files and every API view.
func texts(t *testing.T, w *world, u accounts.User) map[string]string {
	t.Helper()
	out := unzip(t, w.export(u))
	v, err := w.hsds.View(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	q := hsds.ListQuery{PerPage: hsds.MaxPerPage, Full: true}
	for name, list := range map[string]func(hsds.ListQuery) (hsds.Page, error){
		"services": v.Services, "organizations": v.Organizations, "service_at_locations": v.ServiceAtLocations,
		"taxonomies": v.Taxonomies, "taxonomy_terms": v.TaxonomyTerms,
	} {
		p, err := list(q)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(p)
		out["/"+name] = string(b)
		for _, item := range p.Contents {
			raw, _ := json.Marshal(item)
			var obj struct{ ID string }
			json.Unmarshal(raw, &obj)
			var one any
			switch name {
			case "services":
				one, err = v.Service(obj.ID)
			case "organizations":
				one, err = v.Organization(obj.ID, true)
			case "service_at_locations":
				one, err = v.ServiceAtLocation(obj.ID)
			default:
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			b, _ := json.Marshal(one)
			out["/"+name+"/"+obj.ID] = string(b)
		}
	}
	return out
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
