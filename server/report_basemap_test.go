package server

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
)

// The gap map's base layer through the API: the Thai provinces merged into
// Thailand, as GeoJSON, for analysts only.
func TestReportBaseMapAPI(t *testing.T) {
	env := reportEnv(t, dbtest.OpenSQLite(t))
	w := env.do(request{method: "GET", path: "/api/v1/reports/basemap", token: env.token(accounts.RoleResearcher)})
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/geo+json" {
		t.Fatalf("base layer: %d %v", w.Code, w.Header())
	}
	var fc struct {
		Type     string `json:"type"`
		Set      string `json:"set"`
		Features []struct {
			Geometry struct {
				Type string `json:"type"`
			} `json:"geometry"`
			Properties struct {
				Country string    `json:"country"`
				Name    string    `json:"name"`
				Label   []float64 `json:"label"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" || fc.Set != "th" || len(fc.Features) != 1 {
		t.Fatalf("base layer: %s of set %q, %d features", fc.Type, fc.Set, len(fc.Features))
	}
	if f := fc.Features[0]; f.Geometry.Type != "MultiPolygon" || f.Properties.Country != "TH" || f.Properties.Name != "Thailand" || len(f.Properties.Label) != 2 {
		t.Errorf("Thailand: %+v", f)
	}
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/reports/basemap", token: env.token(accounts.RoleViewer)}), http.StatusForbidden)
	wantProblem(t, env.do(request{method: "GET", path: "/api/v1/reports/basemap"}), http.StatusUnauthorized)
}
