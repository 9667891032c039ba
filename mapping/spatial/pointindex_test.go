package spatial

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func TestDistanceKm(t *testing.T) {
	degree := 2 * math.Pi * EarthRadiusKm / 360
	tests := []struct {
		name string
		a, b orb.Point
		want float64
	}{
		{"same point", orb.Point{100.5, 13.75}, orb.Point{100.5, 13.75}, 0},
		{"one degree along the equator", orb.Point{0, 0}, orb.Point{1, 0}, degree},
		{"one degree along a meridian", orb.Point{100, 10}, orb.Point{100, 11}, degree},
		{"across the antimeridian", orb.Point{179.5, 0}, orb.Point{-179.5, 0}, degree},
		{"pole to pole", orb.Point{0, 90}, orb.Point{123, -90}, 180 * degree},
		{"antipodes", orb.Point{100, 10}, orb.Point{-80, -10}, 180 * degree},
		{"longitude means nothing at a pole", orb.Point{0, 90}, orb.Point{90, 89}, degree},
		// One degree of longitude at latitude 60 spans half as much as at the
		// equator, but the great circle cuts slightly inside the parallel.
		{"along a parallel", orb.Point{0, 60}, orb.Point{1, 60}, 55.597011},
	}
	for _, tt := range tests {
		got := DistanceKm(tt.a, tt.b)
		if math.Abs(got-tt.want) > 1e-3 {
			t.Errorf("%s: DistanceKm(%v, %v) = %.6f, want %.6f", tt.name, tt.a, tt.b, got, tt.want)
		}
		if back := DistanceKm(tt.b, tt.a); math.Abs(back-got) > 1e-9 {
			t.Errorf("%s: not symmetric: %v vs %v", tt.name, got, back)
		}
	}
}

func TestPointIndexUpdates(t *testing.T) {
	ix := NewPointIndex[int]()
	if err := ix.Insert("a", orb.Point{100, 13}, 1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		want error
	}{
		{"duplicate insert", ix.Insert("a", orb.Point{101, 13}, 2), ErrDuplicateID},
		{"insert out of range", ix.Insert("b", orb.Point{181, 13}, 2), ErrInvalidPoint},
		{"insert NaN", ix.Insert("b", orb.Point{100, math.NaN()}, 2), ErrInvalidPoint},
		{"update unknown", ix.Update("zzz", orb.Point{100, 13}), ErrUnknownID},
		{"update out of range", ix.Update("a", orb.Point{100, -91}), ErrInvalidPoint},
		{"insert on the antimeridian", ix.Insert("c", orb.Point{180, 0}, 3), nil},
		{"insert at a pole", ix.Insert("d", orb.Point{0, 90}, 4), nil},
		{"update", ix.Update("a", orb.Point{100.1, 13}), nil},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, tt.err, tt.want)
		}
	}
	if p, v, ok := ix.Get("a"); !ok || p != (orb.Point{100.1, 13}) || v != 1 {
		t.Errorf("Get(a) = %v, %v, %v; want the moved point with its value", p, v, ok)
	}
	if ix.Len() != 3 {
		t.Errorf("Len() = %d, want 3", ix.Len())
	}
	if !ix.Remove("c") || ix.Remove("c") {
		t.Error("Remove(c) should succeed once")
	}
	if _, _, ok := ix.Get("c"); ok || ix.Len() != 2 {
		t.Errorf("c still there after Remove (Len %d)", ix.Len())
	}
	// Found from the other side of the antimeridian and across the pole.
	if err := ix.Insert("c", orb.Point{-180, 0}, 3); err != nil {
		t.Fatal(err)
	}
	hits := ix.Near(orb.Point{179.9, 0}, 20, nil)
	if len(hits) != 1 || hits[0].ID != "c" || hits[0].Value != 3 {
		t.Errorf("Near the antimeridian = %v, want c", hits)
	}
	hits = ix.Near(orb.Point{180, 89.9}, 20, nil)
	if len(hits) != 1 || hits[0].ID != "d" {
		t.Errorf("Near the pole = %v, want d", hits)
	}
}

// randomPlace draws points where grids go wrong: around the antimeridian
// and the poles, as well as over South-East Asia.
func randomPlace(rng *rand.Rand) orb.Point {
	switch rng.IntN(4) {
	case 0: // either side of the antimeridian
		lon := 177 + rng.Float64()*6
		if lon > 180 {
			lon -= 360
		}
		return orb.Point{lon, -20 + rng.Float64()*40}
	case 1: // near the north pole
		return orb.Point{-180 + rng.Float64()*360, 85 + rng.Float64()*5}
	case 2: // near the south pole
		return orb.Point{-180 + rng.Float64()*360, -90 + rng.Float64()*5}
	}
	return orb.Point{92 + rng.Float64()*49, -11 + rng.Float64()*40}
}

func TestPointIndexMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	ix := NewPointIndex[int]()
	all := map[string]orb.Point{}
	for i := range 4000 {
		id := fmt.Sprintf("p%d", i)
		p := randomPlace(rng)
		if rng.IntN(50) == 0 {
			p = orb.Point{180, p[1]} // exactly on the antimeridian
		}
		if err := ix.Insert(id, p, i); err != nil {
			t.Fatal(err)
		}
		all[id] = p
	}
	// Move and remove some so the cells are exercised after changes.
	for i := range 1000 {
		id := fmt.Sprintf("p%d", rng.IntN(4000))
		if _, ok := all[id]; !ok {
			continue
		}
		if i%2 == 0 {
			ix.Remove(id)
			delete(all, id)
		} else {
			p := randomPlace(rng)
			if err := ix.Update(id, p); err != nil {
				t.Fatal(err)
			}
			all[id] = p
		}
	}

	for q := range 600 {
		center := randomPlace(rng)
		radius := []float64{0, 1, 50, 300, 2500, 12000}[q%6] * rng.Float64() * 1.2
		accept := func(id string, _ int) bool { return len(id)%3 != 0 }
		var want []Hit[int]
		for id, p := range all {
			if d := DistanceKm(center, p); d <= radius && accept(id, 0) {
				want = append(want, Hit[int]{ID: id, DistanceKm: d})
			}
		}
		slices.SortFunc(want, func(a, b Hit[int]) int {
			return cmp.Or(cmp.Compare(a.DistanceKm, b.DistanceKm), cmp.Compare(a.ID, b.ID))
		})
		got := ix.Near(center, radius, accept)
		if !slices.EqualFunc(got, want, func(a, b Hit[int]) bool { return a.ID == b.ID && a.DistanceKm == b.DistanceKm }) {
			t.Fatalf("Near(%v, %.1f km): got %d hits, want %d\n got %v\nwant %v", center, radius, len(got), len(want), got, want)
		}
	}
}

// TestPointIndexConcurrent reads while one writer moves points; run it
// with -race to check the locking.
func TestPointIndexConcurrent(t *testing.T) {
	ix := NewPointIndex[string]()
	for i := range 1000 {
		ix.Insert(fmt.Sprint(i), orb.Point{100 + float64(i%40)/10, 13 + float64(i/40)/10}, "x")
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		rng := rand.New(rand.NewPCG(1, 1))
		for range 2000 {
			id := fmt.Sprint(rng.IntN(1000))
			ix.Update(id, orb.Point{100 + rng.Float64()*4, 13 + rng.Float64()*2.5})
		}
	})
	for range 3 {
		wg.Go(func() {
			for range 300 {
				if hits := ix.Near(orb.Point{102, 14}, 100, nil); len(hits) == 0 {
					t.Error("no hits")
					return
				}
			}
		})
	}
	wg.Wait()
	if ix.Len() != 1000 {
		t.Errorf("Len() = %d after moves, want 1000", ix.Len())
	}
}

func BenchmarkNear100k(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	ix := NewPointIndex[int]()
	accepted := map[string]bool{}
	for i := range 100_000 {
		id := fmt.Sprintf("provider-%06d", i)
		ix.Insert(id, orb.Point{92 + rng.Float64()*49, -11 + rng.Float64()*40}, i)
		if rng.IntN(16) == 0 {
			accepted[id] = true
		}
	}
	filter := func(id string, _ int) bool { return accepted[id] }
	centers := make([]orb.Point, 4096)
	for i := range centers {
		centers[i] = orb.Point{92 + rng.Float64()*49, -11 + rng.Float64()*40}
	}
	var durations []time.Duration
	hits := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		hits += len(ix.Near(centers[i%len(centers)], 50, filter))
		durations = append(durations, time.Since(start))
	}
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)*95/100].Nanoseconds()), "p95-ns")
	b.ReportMetric(float64(hits)/float64(len(durations)), "hits/op")
}
