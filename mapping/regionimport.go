package mapping

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/mapping/spatial"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"gorm.io/gorm"
)

// RegionImport says how to read one level of boundaries from GeoJSON.
type RegionImport struct {
	Set            string // boundary set name, e.g. "ne_admin1" or "th"
	Level          int    // 1 for provinces, 2 for districts, …
	Source         string // where the file came from, kept with the version
	CodeProp       string // property holding the unique region code
	NameProp       string
	ParentCodeProp string // property holding the parent's code; empty: by containment
	PopulationProp string
	Country        string // ISO 3166-1 alpha-2 for every feature, or
	CountryProp    string // the property holding it
	// Lenient imports the good features and reports the bad; otherwise
	// (strict) any bad feature means nothing is written.
	Lenient bool
}

// FeatureProblem is something wrong with one feature of an import.
type FeatureProblem struct {
	Index   int    `json:"index"` // 0-based position in the features array
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
}

// RegionImportReport tells what an import did.
type RegionImportReport struct {
	Set      string           `json:"set"`
	Version  int              `json:"version"` // 0 when nothing was written
	Level    int              `json:"level"`
	Features int              `json:"features"`
	Imported int              `json:"imported"`
	Fixed    int              `json:"fixed_winding"`
	Problems []FeatureProblem `json:"problems"`
	// Parents tells how parents were found: "property", "containment" or "" (level 1).
	Parents string `json:"parents,omitempty"`
}

// Progress is told how many of the features are done.
type Progress func(done, total int)

var setName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`)

// parentTolerance is how far, in degrees (about 55 km), a region may lie
// from the parent it is given by containment.
const parentTolerance = 0.5

// maxParentSamples bounds the points sampled per region to find its parent
// by overlap: enough for a stable majority, cheap for big files.
const maxParentSamples = 200

// Import reads a GeoJSON FeatureCollection of Polygon and MultiPolygon
// features and stores them as level opts.Level of a new version of the
// boundary set. The new version keeps the set's other levels and replaces
// this one. It checks every feature (rings, ranges, NaN, empty geometry,
// self-intersections, duplicate or missing codes, unknown parents) and
// normalises ring winding. In strict mode any problem fails the import with
// haven.ErrInvalid and nothing is written; the report lists every problem
// either way.
func (r *Regions) Import(ctx context.Context, src io.Reader, opts RegionImport, progress Progress) (RegionImportReport, error) {
	rep := RegionImportReport{Set: opts.Set, Level: opts.Level, Problems: []FeatureProblem{}}
	if err := checkImportOptions(opts); err != nil {
		return rep, err
	}
	raw, err := readFeatures(src)
	if err != nil {
		return rep, err
	}
	rep.Features = len(raw)
	if progress == nil {
		progress = func(int, int) {}
	}

	prev, hasPrev, err := r.currentVersion(ctx, r.db, opts.Set)
	if err != nil {
		return rep, err
	}
	parents, parentIndex, err := r.parentLevel(ctx, prev, hasPrev, opts)
	if err != nil {
		return rep, err
	}
	if opts.Level > 1 {
		rep.Parents = "containment"
		if opts.ParentCodeProp != "" {
			rep.Parents = "property"
		}
	}

	seen := map[string]int{}
	rows := make([]regionRow, 0, len(raw))
	for i, msg := range raw {
		row, fixed, problems := parseFeature(i, msg, opts, parents, parentIndex)
		if len(problems) == 0 {
			if first, dup := seen[row.Code]; dup {
				problems = append(problems, FeatureProblem{Index: i, Code: row.Code,
					Message: fmt.Sprintf("duplicate code %q (first at feature %d)", row.Code, first)})
			} else {
				seen[row.Code] = i
			}
		}
		if len(problems) > 0 {
			rep.Problems = append(rep.Problems, problems...)
		} else {
			rows = append(rows, row)
			if fixed {
				rep.Fixed++
			}
		}
		if (i+1)%25 == 0 || i+1 == len(raw) {
			progress(i+1, len(raw))
		}
	}
	if len(rep.Problems) > 0 && !opts.Lenient {
		return rep, &haven.Error{Kind: haven.KindInvalid, Fields: featureFields(rep.Problems),
			Message: fmt.Sprintf("%d of %d features have problems; nothing was imported (use lenient mode to import the good ones)", countFeatures(rep.Problems), len(raw))}
	}
	if len(rows) == 0 {
		return rep, haven.Errorf(haven.KindInvalid, "no feature could be imported")
	}
	version, err := r.storeVersion(ctx, prev, hasPrev, opts, rows)
	if err != nil {
		return rep, err
	}
	rep.Version = version
	rep.Imported = len(rows)
	for _, hook := range r.afterImport {
		if err := hook(ctx, opts.Set); err != nil {
			return rep, fmt.Errorf("the boundaries were imported, but re-assigning locations to regions failed: %w", err)
		}
	}
	return rep, nil
}

func checkImportOptions(opts RegionImport) error {
	var v haven.Validation
	v.Check(setName.MatchString(opts.Set), "set", "must be 1–100 letters, digits, '.', '_' or '-', starting with a letter or digit")
	v.Check(opts.Level >= 1 && opts.Level <= 6, "level", "must be from 1 to 6")
	v.Check(opts.CodeProp != "", "code", "name the property that holds each region's code")
	v.Check(opts.NameProp != "", "name", "name the property that holds each region's name")
	if opts.Country != "" {
		v.Check(accounts.IsCountryCode(strings.ToUpper(opts.Country)), "country", "must be an ISO 3166-1 alpha-2 code")
		v.Check(opts.CountryProp == "", "country", "give either a country or a country property, not both")
	}
	return v.Err()
}

// readFeatures splits a FeatureCollection into its raw features, so that one
// malformed feature is reported with its index instead of failing the file.
func readFeatures(src io.Reader) ([]json.RawMessage, error) {
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	dec := json.NewDecoder(src)
	if err := dec.Decode(&fc); err != nil {
		var syn *json.SyntaxError
		if ok := asSyntax(err, &syn); ok {
			return nil, haven.Errorf(haven.KindInvalid, "the file is not valid JSON (at byte %d); is it GeoJSON?", syn.Offset)
		}
		return nil, haven.Errorf(haven.KindInvalid, "the file is not a GeoJSON FeatureCollection: %s", plainJSONError(err))
	}
	if fc.Type != "FeatureCollection" {
		return nil, haven.Errorf(haven.KindInvalid, "the file is not a GeoJSON FeatureCollection (its type is %q)", fc.Type)
	}
	if len(fc.Features) == 0 {
		return nil, haven.Errorf(haven.KindInvalid, "the FeatureCollection has no features")
	}
	return fc.Features, nil
}

func parseFeature(i int, msg json.RawMessage, opts RegionImport, parents map[string]regionRow, parentIndex *spatial.RegionIndex) (regionRow, bool, []FeatureProblem) {
	problem := func(code, format string, args ...any) []FeatureProblem {
		return []FeatureProblem{{Index: i, Code: code, Message: fmt.Sprintf(format, args...)}}
	}
	f, err := geojson.UnmarshalFeature(msg)
	if err != nil {
		return regionRow{}, false, problem("", "not a valid GeoJSON feature: %s", plainJSONError(err))
	}
	code := propString(f.Properties, opts.CodeProp)
	if code == "" {
		return regionRow{}, false, problem("", "no value in the code property %q", opts.CodeProp)
	}
	if len(code) > 100 {
		return regionRow{}, false, problem(code[:20]+"…", "the code is longer than 100 characters")
	}
	var probs []FeatureProblem
	geom, geomProblems := spatial.CheckPolygonal(f.Geometry)
	for _, p := range geomProblems {
		probs = append(probs, FeatureProblem{Index: i, Code: code, Message: p.Message})
	}
	row := regionRow{Code: code, Name: propString(f.Properties, opts.NameProp), Level: opts.Level}
	if row.Name == "" {
		probs = append(probs, FeatureProblem{Index: i, Code: code, Message: fmt.Sprintf("no value in the name property %q", opts.NameProp)})
	}
	if opts.PopulationProp != "" {
		if pop, ok := propNumber(f.Properties, opts.PopulationProp); ok {
			if pop < 0 || pop > 1e10 || pop != math.Trunc(pop) {
				probs = append(probs, FeatureProblem{Index: i, Code: code, Message: fmt.Sprintf("population %v is not a whole number of people", pop)})
			} else {
				n := int64(pop)
				row.Population = &n
			}
		}
	}
	row.Country = strings.ToUpper(opts.Country)
	if opts.CountryProp != "" {
		row.Country = strings.ToUpper(propString(f.Properties, opts.CountryProp))
		if !accounts.IsCountryCode(row.Country) {
			probs = append(probs, FeatureProblem{Index: i, Code: code, Message: fmt.Sprintf("%q in %s is not an ISO 3166-1 alpha-2 country code", row.Country, opts.CountryProp)})
		}
	}
	if len(probs) > 0 {
		return row, false, probs
	}
	if opts.Level > 1 {
		switch {
		case opts.ParentCodeProp != "":
			row.ParentCode = propString(f.Properties, opts.ParentCodeProp)
			if _, ok := parents[row.ParentCode]; !ok {
				return row, false, problem(code, "parent %q (from %s) is not a level-%d region of set %s", row.ParentCode, opts.ParentCodeProp, opts.Level-1, opts.Set)
			}
		default:
			parent, share := spatial.ParentByOverlap(geom, parentIndex, maxParentSamples)
			if parent == "" {
				return row, false, problem(code, "lies inside no level-%d region of set %s", opts.Level-1, opts.Set)
			}
			_ = share
			row.ParentCode = parent
		}
		if row.Country == "" {
			row.Country = parents[row.ParentCode].Country
		}
	}
	b := geom.Bound()
	row.MinLon, row.MinLat, row.MaxLon, row.MaxLat = b.Min[0], b.Min[1], b.Max[0], b.Max[1]
	row.Geometry = spatial.EncodeWKB(geom)
	display := spatial.Simplify(geom, displayTolerance(b))
	if len(display) == 0 {
		display = geom // too small to simplify: a region must never vanish from a map
	}
	row.Display = spatial.EncodeWKB(display)
	return row, !sameWinding(f.Geometry, geom), nil
}

// displayTolerance simplifies a region to about 1/2000 of its size: enough
// for a choropleth, a fraction of the bytes.
func displayTolerance(b orb.Bound) float64 {
	return math.Max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) / 2000
}

// sameWinding reports whether the checked geometry kept the first ring's
// orientation, i.e. whether no winding had to be fixed.
func sameWinding(in orb.Geometry, out orb.MultiPolygon) bool {
	var first orb.Ring
	switch g := in.(type) {
	case orb.Polygon:
		if len(g) > 0 {
			first = g[0]
		}
	case orb.MultiPolygon:
		if len(g) > 0 && len(g[0]) > 0 {
			first = g[0][0]
		}
	}
	if len(first) == 0 || len(out) == 0 || len(out[0]) == 0 {
		return true
	}
	return first.Orientation() == out[0][0].Orientation()
}

// maxReportedFields bounds the problems carried in an error: a broken file
// can have thousands, and the first few hundred say what is wrong.
const maxReportedFields = 500

// featureFields turns feature problems into field errors named by their
// position in the file (features[12]), for an API error.
func featureFields(ps []FeatureProblem) []haven.FieldError {
	out := make([]haven.FieldError, 0, min(len(ps), maxReportedFields))
	for _, p := range ps[:min(len(ps), maxReportedFields)] {
		msg := p.Message
		if p.Code != "" {
			msg = p.Code + ": " + msg
		}
		out = append(out, haven.FieldError{Field: fmt.Sprintf("features[%d]", p.Index), Message: msg})
	}
	return out
}

func countFeatures(ps []FeatureProblem) int {
	seen := map[int]bool{}
	for _, p := range ps {
		seen[p.Index] = true
	}
	return len(seen)
}

// parentLevel loads the regions one level up in the current version of
// the set, by code, and their index when parents are found by containment.
func (r *Regions) parentLevel(ctx context.Context, prev regionSetRow, hasPrev bool, opts RegionImport) (map[string]regionRow, *spatial.RegionIndex, error) {
	if opts.Level == 1 {
		return nil, nil, nil
	}
	if !hasPrev {
		return nil, nil, &haven.Error{Kind: haven.KindInvalid, Message: "import the parent level first",
			Fields: []haven.FieldError{{Field: "level", Message: fmt.Sprintf("set %s has no level %d yet", opts.Set, opts.Level-1)}}}
	}
	var rows []regionRow
	if err := r.db.WithContext(ctx).Select(regionColumns).Where("set_version_id = ? AND level = ?", prev.ID, opts.Level-1).
		Find(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("read parent regions: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil, &haven.Error{Kind: haven.KindInvalid, Message: "import the parent level first",
			Fields: []haven.FieldError{{Field: "level", Message: fmt.Sprintf("set %s has no level %d yet", opts.Set, opts.Level-1)}}}
	}
	byCode := make(map[string]regionRow, len(rows))
	for _, row := range rows {
		byCode[row.Code] = row
	}
	if opts.ParentCodeProp != "" {
		return byCode, nil, nil
	}
	// Islands and coastal districts of simplified files can lie wholly
	// outside every parent polygon, so containment accepts a parent up to
	// parentTolerance away.
	shapes, _, err := r.shapes(ctx, r.db, prev.ID, opts.Level-1)
	if err != nil {
		return nil, nil, err
	}
	return byCode, spatial.NewRegionIndex(shapes, spatial.WithNearestTolerance(parentTolerance)), nil
}

// storeVersion writes a new version of the set: the previous version's
// other levels, copied, plus the new rows.
func (r *Regions) storeVersion(ctx context.Context, prev regionSetRow, hasPrev bool, opts RegionImport, rows []regionRow) (int, error) {
	var version int
	err := r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Re-read inside the transaction: another import may have landed.
		cur, ok, err := r.currentVersion(ctx, tx, opts.Set)
		if err != nil {
			return err
		}
		if ok != hasPrev || cur.ID != prev.ID {
			return haven.Errorf(haven.KindConflict, "set %s changed while this file was being checked; import it again", opts.Set)
		}
		set := regionSetRow{SetName: opts.Set, Version: prev.Version + 1, Source: opts.Source,
			CreatedBy: audit.ActorFrom(ctx).Email, CreatedAt: time.Now().UTC()}
		if err := tx.Create(&set).Error; err != nil {
			return fmt.Errorf("create set version: %w", err)
		}
		if hasPrev {
			// Copy the other levels in the database, without a round trip.
			copySQL := `INSERT INTO regions (set_version_id, code, name, level, parent_code, country, population,
				min_lon, min_lat, max_lon, max_lat, geometry, display)
				SELECT ?, code, name, level, parent_code, country, population, min_lon, min_lat, max_lon, max_lat, geometry, display
				FROM regions WHERE set_version_id = ? AND level <> ?`
			if err := tx.Exec(copySQL, set.ID, prev.ID, opts.Level).Error; err != nil {
				return fmt.Errorf("copy other levels: %w", err)
			}
		}
		for i := range rows {
			rows[i].SetVersionID = set.ID
		}
		if err := tx.CreateInBatches(rows, 200).Error; err != nil {
			return fmt.Errorf("store regions: %w", err)
		}
		var count int64
		if err := tx.Model(&regionRow{}).Where("set_version_id = ?", set.ID).Count(&count).Error; err != nil {
			return err
		}
		if err := tx.Model(&regionSetRow{}).Where("id = ?", set.ID).Update("region_count", count).Error; err != nil {
			return err
		}
		version = set.Version
		return r.audit.Record(ctx, tx, "regions.import", "region_set", fmt.Sprintf("%s@%d", opts.Set, set.Version),
			map[string]any{"level": opts.Level, "regions": len(rows), "source": opts.Source})
	})
	return version, err
}

func propString(props geojson.Properties, key string) string {
	switch v := props[key].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case nil:
		return ""
	default:
		return strings.TrimSpace(fmt.Sprint(v))
	}
}

func propNumber(props geojson.Properties, key string) (float64, bool) {
	switch v := props[key].(type) {
	case float64:
		return v, true
	case string:
		f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(v), ",", ""), 64)
		return f, err == nil
	}
	return 0, false
}
