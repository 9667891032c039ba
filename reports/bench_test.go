package reports

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
)

// The performance case of the issue: 5,000 regions with 2,005,000
// vertices, 100,000 providers over 16 types, 200,000 population points,
// every measure, E2SFCA with a 30 km catchment.
//
//	go test ./reports/ -run '^$' -bench 'Report|Update' -benchtime 5x
var (
	benchOnce  sync.Once
	benchInput Input
)

func loadBenchInput(b *testing.B) Input {
	b.Helper()
	benchOnce.Do(func() { benchInput = BenchInput(DefaultBenchConfig()) })
	return benchInput
}

var benchParams = Params{Method: MethodE2SFCA, CatchmentKm: 30, Rules: &GapRules{
	Norms:   DefaultRules().Norms,
	Default: &Norm{MaxNearestKm: new(50.0), MinWithinShare: new(0.5)},
}}

// BenchmarkReportFull computes the whole report from the input, building
// the region index too.
func BenchmarkReportFull(b *testing.B) {
	in := loadBenchInput(b)
	reportVertices(b, in)
	cpu := cpuTime()
	for b.Loop() {
		if _, err := Compute(in, benchParams); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	reportMemory(b)
}

// BenchmarkReportIndexed is the full report with the region index already
// built, as mapping keeps one per boundary level between reports.
func BenchmarkReportIndexed(b *testing.B) {
	in := loadBenchInput(b)
	in.RegionIndex = regionIndexOf(in.Regions)
	cpu := cpuTime()
	for b.Loop() {
		if _, err := Compute(in, benchParams); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
	reportMemory(b)
}

// BenchmarkUpdateOneProvider changes one provider (it moves about 5 km
// and its capacity changes) and takes the updated report.
func BenchmarkUpdateOneProvider(b *testing.B) {
	in := loadBenchInput(b)
	e, err := NewEngine(in, benchParams)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	var slowest time.Duration
	cpu := cpuTime()
	for b.Loop() {
		start := time.Now()
		p := in.Providers[(i*7919)%len(in.Providers)]
		i++
		moved := orb.Point{p.Point[0] + 0.03*float64(i%3-1), p.Point[1] + 0.03}
		p.Point = &moved
		p.Services = append([]Offer(nil), p.Services...)
		p.Services[0].Capacity = new(float64(10 + i%50))
		if err := e.Update(p); err != nil {
			b.Fatal(err)
		}
		if rep := e.Report(); len(rep.Regions) == 0 {
			b.Fatal("empty report")
		}
		slowest = max(slowest, time.Since(start))
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(slowest.Microseconds())/1000, "slowest-ms")
}

// cpuTime is the CPU time the process has used, user and system. On a
// shared machine the wall time of a benchmark depends on the others; the
// CPU time it reports beside says how much work it did.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportCPU(b *testing.B, since time.Duration) {
	b.ReportMetric(float64((cpuTime()-since).Milliseconds())/float64(b.N), "cpu-ms/op")
}

func regionIndexOf(regions []Region) *spatial.RegionIndex {
	shapes := make([]spatial.Shape, len(regions))
	for i, r := range regions {
		shapes[i] = spatial.Shape{Code: r.Code, Geometry: r.Geometry}
	}
	return spatial.NewRegionIndex(shapes)
}

func reportVertices(b *testing.B, in Input) {
	n := 0
	for _, r := range in.Regions {
		for _, poly := range r.Geometry {
			for _, ring := range poly {
				n += len(ring)
			}
		}
	}
	b.ReportMetric(float64(n), "vertices")
}

// reportMemory reports the process's peak resident memory (VmHWM, which
// includes the generated input) and the Go heap's high-water mark as the
// runtime sees it (Sys: all memory obtained from the OS).
func reportMemory(b *testing.B) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MB")
	if data, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
				b.ReportMetric(kb/1024, "maxRSS-MB")
			}
		}
	}
}
