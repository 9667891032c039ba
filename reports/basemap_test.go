package reports_test

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// TestBaseMap dissolves the demo's ASEAN provinces into the ten countries
// of the gap map's base layer: one feature per country, as much land as
// its provinces (no province lost, no border left inside), wound as RFC
// 7946 says, with a label point on land; the Thai set, naming one country,
// is not the one used; the layer is kept until a set changes.
func TestBaseMap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		env := newIOEnv(t, db)
		researcher := user(accounts.RoleResearcher)
		empty := baseMap(t, env, researcher)
		if len(empty.Features) != 0 {
			t.Errorf("no boundaries: %d countries", len(empty.Features))
		}

		env.importThaiProvinces()
		env.importRegions("asean_admin1_ne.geojson", mapping.RegionImport{Set: "ne_admin1", Level: 1, CodeProp: "adm1_code",
			NameProp: "name", CountryProp: "iso_a2", Source: "Natural Earth"})
		fc := baseMap(t, env, researcher)
		if fc.ExtraMembers["set"] != "ne_admin1" || fc.ExtraMembers["source"] != "Natural Earth" {
			t.Errorf("made from %v (%v), want ne_admin1, the set naming the most countries", fc.ExtraMembers["set"], fc.ExtraMembers["source"])
		}
		provinceArea := map[string]float64{}
		_, shapes, err := env.regions.LevelShapes(cli(), "ne_admin1", 0, 1, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range shapes {
			provinceArea[s.Country] += planar.Area(s.Geometry)
		}
		if len(fc.Features) != len(provinceArea) || len(fc.Features) != 10 {
			t.Fatalf("%d countries, want the 10 of the provinces", len(fc.Features))
		}
		for _, f := range fc.Features {
			code := f.Properties.MustString("country")
			land, ok := f.Geometry.(orb.MultiPolygon)
			if !ok {
				t.Errorf("%s: %T, want a MultiPolygon", code, f.Geometry)
				continue
			}
			// Simplified outlines keep the area to well within a per cent;
			// a province left out, or an inner border kept as a hole, would not.
			if got, want := planar.Area(land), provinceArea[code]; math.Abs(got-want) > 0.01*want {
				t.Errorf("%s: land of %.4f square degrees, its provinces %.4f", code, got, want)
			}
			for _, poly := range land {
				if planar.Area(poly[0]) <= 0 {
					t.Errorf("%s: an outer ring wound clockwise", code)
				}
				for _, hole := range poly[1:] {
					if planar.Area(hole) >= 0 {
						t.Errorf("%s: a hole wound counter-clockwise", code)
					}
				}
			}
			label, _ := f.Properties["label"].([]any)
			if len(label) != 2 || !planar.MultiPolygonContains(land, orb.Point{label[0].(float64), label[1].(float64)}) {
				t.Errorf("%s: label %v is not on its land", code, f.Properties["label"])
			}
		}
		th := countryFeature(fc, "TH")
		if th == nil || th.Properties.MustString("name") != "Thailand" {
			t.Fatalf("Thailand: %v", th)
		}
		// Thailand's 77 provinces are one outline: the land has a few parts
		// (the mainland and islands), not one per province.
		if parts := len(th.Geometry.(orb.MultiPolygon)); parts == 0 || parts > 40 {
			t.Errorf("Thailand in %d parts", parts)
		}
		if size := len(mustMarshal(t, fc)); size > 1<<20 {
			t.Errorf("the base layer is %d bytes; it should stay well under a megabyte", size)
		}

		// A new version of a set makes a new layer: the Thai set, now
		// naming two countries, is still not the widest.
		env.importRegions("th_adm1.geojson", mapping.RegionImport{Set: "ne_admin1", Level: 1, CodeProp: "ADM1_PCODE", NameProp: "ADM1_EN", Country: "TH"})
		if again := baseMap(t, env, researcher); len(again.Features) != 1 || countryFeature(again, "TH") == nil {
			t.Errorf("after ne_admin1 became Thailand alone: %d countries, want the one", len(again.Features))
		}

		if _, err := env.svc.BaseMap(cli(), user(accounts.RoleViewer)); !errors.Is(err, haven.ErrForbidden) {
			t.Errorf("a viewer: %v, want forbidden", err)
		}
	})
}

func baseMap(t *testing.T, env *ioEnv, u accounts.User) *geojson.FeatureCollection {
	t.Helper()
	body, err := env.svc.BaseMap(cli(), u)
	if err != nil {
		t.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(body)
	if err != nil {
		t.Fatalf("not GeoJSON: %v", err)
	}
	var raw map[string]any
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	if _, ok := raw["crs"]; ok {
		t.Error("a crs member: RFC 7946 has none")
	}
	return fc
}

func countryFeature(fc *geojson.FeatureCollection, code string) *geojson.Feature {
	for _, f := range fc.Features {
		if f.Properties.MustString("country") == code {
			return f
		}
	}
	return nil
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
