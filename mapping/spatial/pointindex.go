package spatial

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
)

// EarthRadiusKm is the mean radius of the WGS84 ellipsoid, the sphere
// DistanceKm measures on.
const EarthRadiusKm = 6371.0088

// DistanceKm is the great-circle distance between a and b in kilometres,
// by the haversine formula on a sphere of radius 6371.0088 km (the WGS84
// mean radius). Against the ellipsoid it errs by up to about 0.5 %, most
// for north–south distances near the equator.
func DistanceKm(a, b orb.Point) float64 {
	lat1, lat2 := a[1]*math.Pi/180, b[1]*math.Pi/180
	sinLat := math.Sin((lat2 - lat1) / 2)
	sinLon := math.Sin((b[0] - a[0]) * math.Pi / 360)
	h := sinLat*sinLat + math.Cos(lat1)*math.Cos(lat2)*sinLon*sinLon
	return 2 * EarthRadiusKm * math.Asin(math.Sqrt(min(h, 1)))
}

// Errors from PointIndex updates.
var (
	ErrDuplicateID  = errors.New("id already in the index")
	ErrUnknownID    = errors.New("id not in the index")
	ErrInvalidPoint = errors.New("point outside lon -180..180, lat -90..90")
)

// pointCellDeg is the side of a PointIndex cell in degrees (about 28 km
// north–south): a 50 km search looks at a handful of cells.
const pointCellDeg = 0.25

const (
	pointCols = 360 / pointCellDeg
	pointRows = 180 / pointCellDeg
)

// PointIndex finds points, such as provider locations, near a place. Each
// point has a unique ID and carries a value of type T. It is safe for
// concurrent use: any number of readers, writers one at a time.
type PointIndex[T any] struct {
	mu    sync.RWMutex
	byID  map[string]pointCellKey
	cells map[pointCellKey][]pointEntry[T]
}

// pointCellKey numbers a cell of a global grid: columns from longitude
// −180 eastwards, rows from latitude −90 northwards.
type pointCellKey struct{ col, row int32 }

type pointEntry[T any] struct {
	id    string
	p     orb.Point
	value T
}

// Hit is a point found by Near.
type Hit[T any] struct {
	ID         string
	DistanceKm float64
	Value      T
}

// NewPointIndex returns an empty index.
func NewPointIndex[T any]() *PointIndex[T] {
	return &PointIndex[T]{byID: map[string]pointCellKey{}, cells: map[pointCellKey][]pointEntry[T]{}}
}

func pointCellOf(p orb.Point) pointCellKey {
	col := int32(math.Floor((p[0] + 180) / pointCellDeg))
	row := int32(math.Floor((p[1] + 90) / pointCellDeg))
	// Longitude 180 is longitude −180; latitude 90 joins the top row.
	return pointCellKey{col % pointCols, min(row, pointRows-1)}
}

func validPoint(p orb.Point) bool {
	return p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90
}

// Len is the number of points in the index.
func (ix *PointIndex[T]) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.byID)
}

// Insert adds a point. It fails with ErrDuplicateID if id is present and
// ErrInvalidPoint if p is out of range or NaN.
func (ix *PointIndex[T]) Insert(id string, p orb.Point, value T) error {
	if !validPoint(p) {
		return fmt.Errorf("insert %s at %v: %w", id, p, ErrInvalidPoint)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if _, ok := ix.byID[id]; ok {
		return fmt.Errorf("insert %s: %w", id, ErrDuplicateID)
	}
	ix.add(pointEntry[T]{id, p, value})
	return nil
}

// Update moves the point id to p, keeping its value. It fails with
// ErrUnknownID or ErrInvalidPoint.
func (ix *PointIndex[T]) Update(id string, p orb.Point) error {
	if !validPoint(p) {
		return fmt.Errorf("update %s to %v: %w", id, p, ErrInvalidPoint)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	e, ok := ix.take(id)
	if !ok {
		return fmt.Errorf("update %s: %w", id, ErrUnknownID)
	}
	e.p = p
	ix.add(e)
	return nil
}

// Remove deletes the point id and reports whether it was there.
func (ix *PointIndex[T]) Remove(id string) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	_, ok := ix.take(id)
	return ok
}

// Get returns the point and value stored under id.
func (ix *PointIndex[T]) Get(id string) (orb.Point, T, bool) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if key, ok := ix.byID[id]; ok {
		for _, e := range ix.cells[key] {
			if e.id == id {
				return e.p, e.value, true
			}
		}
	}
	var zero T
	return orb.Point{}, zero, false
}

func (ix *PointIndex[T]) add(e pointEntry[T]) {
	key := pointCellOf(e.p)
	ix.byID[e.id] = key
	ix.cells[key] = append(ix.cells[key], e)
}

// take removes id from the index and returns its entry.
func (ix *PointIndex[T]) take(id string) (pointEntry[T], bool) {
	key, ok := ix.byID[id]
	if !ok {
		return pointEntry[T]{}, false
	}
	delete(ix.byID, id)
	entries := ix.cells[key]
	i := slices.IndexFunc(entries, func(e pointEntry[T]) bool { return e.id == id })
	e := entries[i]
	entries[i] = entries[len(entries)-1]
	entries[len(entries)-1] = pointEntry[T]{} // drop references for the collector
	if entries = entries[:len(entries)-1]; len(entries) == 0 {
		delete(ix.cells, key)
	} else {
		ix.cells[key] = entries
	}
	return e, true
}

// kmPerDegree is the length of one degree of a great circle.
const kmPerDegree = EarthRadiusKm * math.Pi / 180

// Near returns the points within radiusKm of center (great-circle, see
// DistanceKm) that filter accepts (all, if filter is nil; it gets each point's ID and value), nearest first
// and by ID among equals. It is correct across the antimeridian and at the
// poles. filter must not call back into the index.
func (ix *PointIndex[T]) Near(center orb.Point, radiusKm float64, filter func(id string, value T) bool) []Hit[T] {
	if !validPoint(center) || !(radiusKm >= 0) {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	var hits []Hit[T]
	// The latitude difference alone bounds the distance from below (no
	// path between two latitudes is shorter than the meridian arc), so most
	// of the window's points are dropped without trigonometry.
	maxDLat := radiusKm / kmPerDegree
	visit := func(key pointCellKey) {
		for _, e := range ix.cells[key] {
			if math.Abs(e.p[1]-center[1]) > maxDLat {
				continue
			}
			if d := DistanceKm(center, e.p); d <= radiusKm && (filter == nil || filter(e.id, e.value)) {
				hits = append(hits, Hit[T]{e.id, d, e.value})
			}
		}
	}
	cols, rows, ok := searchWindow(center, radiusKm)
	windowCells := 0
	for _, span := range cols {
		windowCells += int(span[1]-span[0]+1) * int(rows[1]-rows[0]+1)
	}
	if !ok || windowCells > len(ix.cells) {
		// Looking up every cell of the window would cost more than
		// visiting the occupied ones.
		for key := range ix.cells {
			if !ok || (key.row >= rows[0] && key.row <= rows[1] && inColumns(key.col, cols)) {
				visit(key)
			}
		}
	} else {
		for _, span := range cols {
			for col := span[0]; col <= span[1]; col++ {
				for row := rows[0]; row <= rows[1]; row++ {
					visit(pointCellKey{col, row})
				}
			}
		}
	}
	slices.SortFunc(hits, func(a, b Hit[T]) int {
		return cmp.Or(cmp.Compare(a.DistanceKm, b.DistanceKm), cmp.Compare(a.ID, b.ID))
	})
	return hits
}

// searchWindow returns the grid rows and (one or two, when the window
// wraps at the antimeridian) column spans holding every point within
// radiusKm of center. ok is false when the search is so wide that every
// cell must be checked anyway.
func searchWindow(center orb.Point, radiusKm float64) (cols [][2]int32, rows [2]int32, ok bool) {
	angle := radiusKm / EarthRadiusKm // radians of arc
	if angle >= math.Pi/2 {
		return nil, rows, false
	}
	// A little slack so rounding never loses a point on the rim.
	const slack = 1e-9
	dLat := angle*180/math.Pi + slack
	lat := center[1]
	rows = [2]int32{pointCellOf(orb.Point{0, max(lat-dLat, -90)}).row, pointCellOf(orb.Point{0, min(lat+dLat, 90)}).row}
	if lat+dLat >= 90 || lat-dLat <= -90 {
		// The cap holds a pole: every longitude is in reach.
		return [][2]int32{{0, pointCols - 1}}, rows, true
	}
	// The widest longitude difference on a cap of this radius.
	dLon := math.Asin(math.Min(1, math.Sin(angle)/math.Cos(lat*math.Pi/180)))*180/math.Pi + slack
	if dLon >= 180 {
		return [][2]int32{{0, pointCols - 1}}, rows, true
	}
	west := int32(math.Floor((center[0] - dLon + 180) / pointCellDeg))
	east := int32(math.Floor((center[0] + dLon + 180) / pointCellDeg))
	switch {
	case east-west+1 >= pointCols:
		cols = [][2]int32{{0, pointCols - 1}}
	case west < 0:
		cols = [][2]int32{{0, east}, {west + pointCols, pointCols - 1}}
	case east >= pointCols:
		cols = [][2]int32{{west, pointCols - 1}, {0, east - pointCols}}
	default:
		cols = [][2]int32{{west, east}}
	}
	return cols, rows, true
}

func inColumns(col int32, spans [][2]int32) bool {
	for _, s := range spans {
		if col >= s[0] && col <= s[1] {
			return true
		}
	}
	return false
}
