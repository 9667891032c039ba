package reports

import (
	"os"
	"runtime"
	"slices"
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

// BenchmarkUpdateOneProvider changes one provider (it moves about 3 km
// and its capacity changes) and brings a live report up to date, 250
// times an op, and reports the time of one update and refresh: its mean,
// median, 99th percentile and maximum over all the updates of the run
// (b.N × 250), so that -benchtime 3x measures 750 updates. On Linux it
// reports the most CPU time one update took too (cpu-max-ms): on a busy
// machine the slowest updates are those that waited longest for a
// processor, not those that worked longest.
//
// "quiet" runs the updates alone. In "collecting" another goroutine keeps
// the garbage collector marking the heap (over a gigabyte, mostly the
// engine) the whole time, as a server allocating for other requests
// would: the updates must stay fast while a collection runs, not only
// between collections.
func BenchmarkUpdateOneProvider(b *testing.B) {
	in := loadBenchInput(b)
	e, err := NewEngine(in, benchParams)
	if err != nil {
		b.Fatal(err)
	}
	live := e.Live()
	var changed int // providers changed so far, over both sub-benchmarks
	run := func(b *testing.B) {
		const perOp = 250
		var took []time.Duration
		var mostCPU time.Duration
		runtime.LockOSThread() // for threadCPU
		defer runtime.UnlockOSThread()
		cpu := cpuTime()
		for b.Loop() {
			for range perOp {
				p := in.Providers[(changed*7919)%len(in.Providers)]
				changed++
				start := time.Now()
				startCPU, measured := threadCPU()
				moved := orb.Point{p.Point[0] + 0.03*float64(changed%3-1), p.Point[1] + 0.03}
				p.Point = &moved
				p.Services = append([]Offer(nil), p.Services...)
				p.Services[0].Capacity = new(float64(10 + changed%50))
				if err := e.Update(p); err != nil {
					b.Fatal(err)
				}
				live.Refresh()
				took = append(took, time.Since(start))
				if end, ok := threadCPU(); measured && ok {
					mostCPU = max(mostCPU, end-startCPU)
				}
			}
		}
		if len(live.Regions) == 0 {
			b.Fatal("empty report")
		}
		b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1000/float64(len(took)), "cpu-ms/update")
		reportLatencies(b, took)
		if mostCPU > 0 {
			b.ReportMetric(float64(mostCPU.Microseconds())/1000, "cpu-max-ms")
		}
	}
	b.Run("quiet", run)
	b.Run("collecting", func(b *testing.B) {
		stop := make(chan struct{})
		var wg sync.WaitGroup
		cycles := 0
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					runtime.GC()
					cycles++
				}
			}
		})
		run(b)
		close(stop)
		wg.Wait()
		b.ReportMetric(float64(cycles), "gc-cycles")
	})
}

// reportLatencies reports the mean, median, 99th percentile and maximum
// of a list of durations, in milliseconds.
func reportLatencies(b *testing.B, took []time.Duration) {
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	var sum time.Duration
	for _, d := range took {
		sum += d
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(sum/time.Duration(len(took))), "mean-ms")
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[min(len(took)*99/100, len(took)-1)]), "p99-ms")
	b.ReportMetric(ms(took[len(took)-1]), "max-ms")
	b.ReportMetric(float64(len(took)), "updates")
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
