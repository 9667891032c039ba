package reports_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/reports"
	"github.com/paulmach/orb/geojson"
)

// BenchmarkRunFromDatabase measures a whole stored run on SQLite — load the
// ASEAN provinces (371 regions, 96,865 vertices), the 8,441 GeoNames
// places and 20,000 providers from the database, compute every measure
// with E2SFCA for the sixteen service types, store the run — and then its
// exports. The engine alone is measured by the engine's own benchmarks.
func BenchmarkRunFromDatabase(b *testing.B) {
	env := newIOEnv(b, dbtest.OpenSQLite(b))
	env.importRegions("asean_admin1_ne.geojson", mapping.RegionImport{Set: "ne_admin1", Level: 1, CodeProp: "adm1_code", NameProp: "name", CountryProp: "iso_a2"})
	if _, err := env.svc.ImportPopulation(cli(), open(b, "../demo/data/asean_cities_geonames.csv"),
		reports.PopulationImport{Source: "geonames", LonCol: "lon", LatCol: "lat", PopCol: "population"}); err != nil {
		b.Fatal(err)
	}
	all := mapping.SyntheticProviders(20_000, 7)
	for i := 0; i < len(all); i += 5000 {
		if _, err := env.dir.CreateMany(cli(), cleared, all[i:i+5000]); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	researcher := user(accounts.RoleResearcher)
	params := reports.RunParams{Level: 1, Params: reports.Params{Method: reports.MethodE2SFCA, CatchmentKm: 30}}
	run, err := env.svc.Run(ctx, researcher, params)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("run", func(b *testing.B) {
		for b.Loop() {
			if _, err := env.svc.Run(ctx, researcher, params); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(run.RowCount), "rows")
	})
	for _, f := range []reports.Format{reports.FormatCSV, reports.FormatJSON, reports.FormatGeoJSON, reports.FormatXLSX} {
		b.Run("export-"+string(f), func(b *testing.B) {
			for b.Loop() {
				if err := env.svc.Export(ctx, run, reports.ExportOptions{Format: f}, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("get", func(b *testing.B) {
		for b.Loop() {
			if _, err := env.svc.Get(ctx, researcher, run.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkRunFromDatabaseFullScale stores the performance case —
// 5,000 regions with 2,005,000 vertices, 200,000 population points and
// 100,000 providers over 16 service types (reports.BenchInput) — in SQLite
// through Haven's own imports, then measures a whole stored run: load
// from the database, E2SFCA with a 30 km catchment, store. Setting the
// data up takes minutes, so it runs only with HAVEN_BENCH_FULL=1:
//
//	HAVEN_BENCH_FULL=1 go test ./reports/ -run '^$' -bench RunFromDatabaseFullScale -benchtime 2x -benchmem
func BenchmarkRunFromDatabaseFullScale(b *testing.B) {
	if os.Getenv("HAVEN_BENCH_FULL") != "1" {
		b.Skip("set HAVEN_BENCH_FULL=1: the set-up imports 2 million vertices and 100,000 providers")
	}
	in := reports.BenchInput(reports.DefaultBenchConfig())
	env := newIOEnv(b, dbtest.OpenSQLite(b))
	ctx := cli()

	var fc bytes.Buffer
	fc.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, r := range in.Regions {
		if i > 0 {
			fc.WriteByte(',')
		}
		g, err := json.Marshal(geojson.NewGeometry(r.Geometry))
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(&fc, `{"type":"Feature","properties":{"code":%q,"name":%q},"geometry":%s}`, r.Code, r.Name, g)
	}
	fc.WriteString("]}")
	start := time.Now()
	if _, err := env.regions.Import(ctx, &fc, mapping.RegionImport{Set: "synthetic", Level: 1, CodeProp: "code", NameProp: "name", Country: "TH"}, nil); err != nil {
		b.Fatal(err)
	}
	b.Logf("imported %d regions in %s", len(in.Regions), time.Since(start).Round(time.Millisecond))

	var pop bytes.Buffer
	pop.WriteString("lon,lat,population\n")
	for _, p := range in.Population {
		fmt.Fprintf(&pop, "%v,%v,%v\n", p.Lon, p.Lat, p.Population)
	}
	start = time.Now()
	if _, err := env.svc.ImportPopulation(ctx, &pop, reports.PopulationImport{Source: "synthetic", LonCol: "lon", LatCol: "lat", PopCol: "population"}); err != nil {
		b.Fatal(err)
	}
	b.Logf("imported %d population points in %s", len(in.Population), time.Since(start).Round(time.Millisecond))

	providers := make([]mapping.Provider, len(in.Providers))
	for i, s := range in.Providers {
		lat, lon := s.Point.Lat(), s.Point.Lon()
		p := mapping.Provider{Name: s.ID, Country: "TH",
			Locations: []mapping.Location{{Tier: mapping.Tier(s.Tier), Latitude: &lat, Longitude: &lon}}}
		for _, o := range s.Services {
			svc := mapping.Service{Type: o.Type, Languages: o.Languages, Eligibility: mapping.Eligibility{Genders: o.Genders}}
			if o.Capacity != nil {
				total := int(*o.Capacity)
				svc.Capacity = &mapping.Capacity{Unit: "beds", Total: &total}
			}
			if o.RadiusKm != nil {
				svc.Area = &mapping.ServiceArea{RadiusKm: o.RadiusKm}
			}
			p.Services = append(p.Services, svc)
		}
		providers[i] = p
	}
	start = time.Now()
	for i := 0; i < len(providers); i += 10_000 {
		if _, err := env.dir.CreateMany(ctx, cleared, providers[i:min(i+10_000, len(providers))]); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("imported %d providers in %s", len(providers), time.Since(start).Round(time.Millisecond))

	researcher := user(accounts.RoleResearcher)
	params := reports.RunParams{Level: 1, Params: reports.Params{Method: reports.MethodE2SFCA, CatchmentKm: 30}}
	// The first run after start-up also builds mapping's index of the
	// level, which later runs reuse: it is timed on its own.
	start, cpu := time.Now(), cpuTime()
	run, err := env.svc.Run(context.Background(), researcher, params)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("first run: %s wall, %s CPU (user+sys)", time.Since(start).Round(time.Millisecond), (cpuTime() - cpu).Round(time.Millisecond))
	cpu = cpuTime()
	for b.Loop() {
		if run, err = env.svc.Run(context.Background(), researcher, params); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(run.RowCount), "rows")

	// The engine alone on the same data, for the loading and storing's share.
	start, cpu = time.Now(), cpuTime()
	if _, err := reports.Compute(in, params.Params); err != nil {
		b.Fatal(err)
	}
	b.Logf("the engine alone (building its own index): %s wall, %s CPU", time.Since(start).Round(time.Millisecond), (cpuTime() - cpu).Round(time.Millisecond))
}

// cpuTime is the CPU time the process has used, user and system: on a
// shared machine the wall time depends on the others.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
