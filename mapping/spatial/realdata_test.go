package spatial

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// demoData is where the repository keeps the real boundary files.
const demoData = "../../demo/data"

// loadFeatures reads one of the demo GeoJSON files.
func loadFeatures(tb testing.TB, name string) []*geojson.Feature {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(demoData, name))
	if err != nil {
		tb.Fatal(err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	return fc.Features
}

// loadShapes reads a demo file as shapes keyed by the property codeKey,
// passing each geometry through CheckPolygonal as an importer would.
func loadShapes(tb testing.TB, name, codeKey string) []Shape {
	tb.Helper()
	var shapes []Shape
	for _, f := range loadFeatures(tb, name) {
		mp, _ := CheckPolygonal(f.Geometry)
		shapes = append(shapes, Shape{Code: f.Properties.MustString(codeKey), Geometry: mp})
	}
	return shapes
}

// boundOf is the bound of every shape together.
func boundOf(shapes []Shape) orb.Bound {
	b := shapes[0].Geometry.Bound()
	for _, s := range shapes[1:] {
		b = b.Union(s.Geometry.Bound())
	}
	return b
}
