package reports

import (
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// BenchmarkCountsVsPostGIS times the region × service counts done by
// PostGIS (ST_Contains, GiST indexes on both sides) and by Haven on the
// same regions and provider points, and reports both and their ratio.
// It loads a few hundred megabytes into a database of its own
// (haven_bench_postgis, next to the one HAVEN_TEST_POSTGRES names), so it
// runs only when asked:
//
//	HAVEN_BENCH_POSTGIS=1 HAVEN_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable \
//	  go test ./reports/ -run '^$' -bench CountsVsPostGIS -benchtime 3x
//
// PostGIS is Debian's postgresql-15-postgis-3. Without it the benchmark is
// skipped, except under CI=true, where it fails.
func BenchmarkCountsVsPostGIS(b *testing.B) {
	if os.Getenv("HAVEN_BENCH_POSTGIS") != "1" && os.Getenv("CI") != "true" {
		b.Skip("set HAVEN_BENCH_POSTGIS=1 to compare with PostGIS")
	}
	db := postgisDB(b)
	b.Run("synthetic", func(b *testing.B) {
		in := loadBenchInput(b)
		compareCounts(b, db, in.Regions, in.Providers)
	})
	b.Run("asean", func(b *testing.B) {
		compareCounts(b, db, aseanProvinces(b), aseanProviders(b, 100_000, 2))
	})
}

// postgisDB opens (creating it if needed) a database with PostGIS beside
// the test database.
func postgisDB(b *testing.B) *database.DB {
	b.Helper()
	base := dbtest.PostgresURL(b)
	admin, err := database.Open(database.Config{URL: base, MaxOpenConns: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	var available int64
	admin.Raw("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'").Scan(&available)
	if available == 0 {
		if os.Getenv("CI") == "true" {
			b.Fatal("PostGIS is not installed (apt-get install postgresql-15-postgis-3)")
		}
		b.Skip("PostGIS NOT COMPARED: it is not installed (apt-get install postgresql-15-postgis-3)")
	}
	const name = "haven_bench_postgis"
	var exists int64
	admin.Raw("SELECT count(*) FROM pg_database WHERE datname = ?", name).Scan(&exists)
	if exists == 0 {
		if err := admin.Exec("CREATE DATABASE " + name).Error; err != nil && !strings.Contains(err.Error(), "already exists") {
			b.Fatal(err)
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + name
	db, err := database.Open(database.Config{URL: u.String(), MaxOpenConns: 2})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Exec("CREATE EXTENSION IF NOT EXISTS postgis").Error; err != nil {
		b.Fatal(err)
	}
	return db
}

// compareCounts loads regions and points into PostGIS, then per
// iteration runs the counting query and Haven's count (locating every
// point with the region index, then tallying by region and service).
func compareCounts(b *testing.B, db *database.DB, regions []Region, providers []Provider) {
	loadPostGIS(b, db, regions, providers)
	shapes := make([]spatial.Shape, len(regions))
	for i, r := range regions {
		shapes[i] = spatial.Shape{Code: r.Code, Geometry: r.Geometry}
	}
	points := make([]orb.Point, len(providers))
	for i, p := range providers {
		points[i] = *p.Point
	}
	const query = `SELECT r.code, s.service, count(*) AS n
FROM bench_regions r JOIN bench_points p ON ST_Contains(r.geom, p.geom) JOIN bench_services s ON s.point_id = p.id
GROUP BY r.code, s.service`
	type count struct {
		Code, Service string
		N             int
	}
	var pgTime, havenTime, buildTime time.Duration
	var pg []count
	var haven map[[2]string]int
	for b.Loop() {
		start := time.Now()
		pg = nil
		if err := db.Raw(query).Scan(&pg).Error; err != nil {
			b.Fatal(err)
		}
		pgTime += time.Since(start)

		start = time.Now()
		ix := newRegionIndex(shapes)
		buildTime += time.Since(start)

		start = time.Now()
		haven = map[[2]string]int{}
		for i, m := range ix.LocateAll(points, workers()) {
			// PostGIS knows no sliver rule: compare what lies inside.
			if m.How == spatial.Inside || m.How == spatial.Border {
				for _, o := range providers[i].Services {
					haven[[2]string{m.Code, o.Type}]++
				}
			}
		}
		havenTime += time.Since(start)
	}
	// The two must agree before their times mean anything.
	differ := 0
	for _, c := range pg {
		if h := haven[[2]string{c.Code, c.Service}]; h != c.N {
			if differ < 10 {
				b.Logf("%s %s: PostGIS %d, Haven %d", c.Code, c.Service, c.N, h)
			}
			differ++
		}
		delete(haven, [2]string{c.Code, c.Service})
	}
	differ += len(haven)
	if differ > 0 {
		b.Errorf("%d region × service counts differ between PostGIS and Haven", differ)
	}
	n := float64(b.N)
	b.ReportMetric(float64(pgTime.Milliseconds())/n, "postgis-ms")
	b.ReportMetric(float64(havenTime.Milliseconds())/n, "haven-ms")
	b.ReportMetric(float64((havenTime+buildTime).Milliseconds())/n, "haven+index-ms")
	b.ReportMetric(pgTime.Seconds()/havenTime.Seconds(), "postgis/haven")
	b.ReportMetric(pgTime.Seconds()/(havenTime+buildTime).Seconds(), "postgis/(haven+index)")
	b.Logf("%d regions, %d points, %d region × service counts: PostGIS %v, Haven %v (%v with building its index)",
		len(regions), len(points), len(pg), pgTime/time.Duration(b.N), havenTime/time.Duration(b.N), (havenTime+buildTime)/time.Duration(b.N))
}

// loadPostGIS replaces the benchmark tables with regions and points, and
// indexes them as a GIS analyst would.
func loadPostGIS(b *testing.B, db *database.DB, regions []Region, providers []Provider) {
	b.Helper()
	for _, stmt := range []string{
		"DROP TABLE IF EXISTS bench_regions, bench_points, bench_services",
		"CREATE TABLE bench_regions (code text PRIMARY KEY, geom geometry(MultiPolygon, 4326) NOT NULL)",
		"CREATE TABLE bench_points (id integer PRIMARY KEY, geom geometry(Point, 4326) NOT NULL)",
		"CREATE TABLE bench_services (point_id integer NOT NULL, service text NOT NULL)",
	} {
		if err := db.Exec(stmt).Error; err != nil {
			b.Fatal(err)
		}
	}
	insert := func(head, row string, n, per int, args func(i int) []any) {
		for lo := 0; lo < n; lo += per {
			hi := min(lo+per, n)
			var sql strings.Builder
			sql.WriteString(head)
			var all []any
			for i := lo; i < hi; i++ {
				if i > lo {
					sql.WriteString(",")
				}
				sql.WriteString(row)
				all = append(all, args(i)...)
			}
			if err := db.Exec(sql.String(), all...).Error; err != nil {
				b.Fatal(err)
			}
		}
	}
	insert("INSERT INTO bench_regions VALUES ", "(?, ST_Multi(ST_GeomFromWKB(decode(?, 'hex'), 4326)))", len(regions), 100, func(i int) []any {
		data, err := wkb.Marshal(regions[i].Geometry)
		if err != nil {
			b.Fatal(err)
		}
		return []any{regions[i].Code, hex.EncodeToString(data)}
	})
	insert("INSERT INTO bench_points VALUES ", "(?, ST_SetSRID(ST_MakePoint(?, ?), 4326))", len(providers), 5000, func(i int) []any {
		return []any{i, providers[i].Point[0], providers[i].Point[1]}
	})
	var services [][2]any
	for i, p := range providers {
		for _, o := range p.Services {
			services = append(services, [2]any{i, o.Type})
		}
	}
	insert("INSERT INTO bench_services VALUES ", "(?, ?)", len(services), 10000, func(i int) []any {
		return slices.Clone(services[i][:])
	})
	for _, stmt := range []string{
		"CREATE INDEX ON bench_regions USING gist (geom)",
		"CREATE INDEX ON bench_points USING gist (geom)",
		"CREATE INDEX ON bench_services (point_id)",
		"ANALYZE bench_regions", "ANALYZE bench_points", "ANALYZE bench_services",
	} {
		if err := db.Exec(stmt).Error; err != nil {
			b.Fatal(fmt.Errorf("%s: %w", stmt, err))
		}
	}
}
