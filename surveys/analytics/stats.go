package analytics

import (
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/review"
	"github.com/haven-project/haven/surveys"
)

// Summary reads its figures from submission_stats: counts of every
// survey's submissions, kept up to date by folding in each submission once
// (fold.go). A submission contributes, under its status:
//
//   - one to "@total", to its day ("@day") and to its collector ("@collector");
//   - one to "@place" (located, unlocated or withheld) and, when located, one
//     to the region it lies in at every level of every boundary set ("@region…");
//   - for every answer it holds (inside repeats, every instance), one to
//     its path and value. Free text is never kept: only that it was answered.
//
// Each count is kept twice: for all time (day "") and for the UTC day the
// submission arrived, which a summary of whole days adds up. Each count is
// kept for an audience: what RedactAnswers withholds from
// readers without the confidential grant counts only for readers with it,
// and "withheld" only for those without; the rest counts for everyone.
const (
	forEveryone     = 0
	forConfidential = 1
	forOthers       = 2
)

// rulesVersion numbers the way contributions are made: a change to
// contribution.reset, or to the redaction it follows (review.RedactAnswers),
// must bump it, so that the counts made the old way are made again.
// Version 2 keeps counts by day as well.
const rulesVersion = 2

// maxKeptValue is the longest answer (in bytes) kept as a value, well
// within what a PostgreSQL index entry holds. Choice codes and numbers are
// far shorter; a longer answer under a kept path (a text answer from a
// version where the question was not a choice) is counted under "@long",
// and Summary then reads the submissions instead.
const maxKeptValue = 1000

const (
	fieldTotal     = "@total"
	fieldDay       = "@day"
	fieldCollector = "@collector"
	fieldPlace     = "@place"
	fieldLong      = "@long"
	regionPrefix   = "@region\x1f"

	valueLocated   = "located"
	valueUnlocated = "unlocated"
	valueWithheld  = "withheld"
)

// statRow is one count of submission_stats.
type statRow struct {
	SurveyID string `gorm:"primaryKey"`
	Status   string `gorm:"primaryKey"`
	Audience int    `gorm:"primaryKey"`
	Day      string `gorm:"primaryKey"` // "" for all time, else YYYY-MM-DD (UTC)
	Field    string `gorm:"primaryKey"`
	Value    string `gorm:"primaryKey"`
	Label    string
	N        int64
}

func (statRow) TableName() string { return "submission_stats" }

// basisRow says what a survey's counts were made with.
type basisRow struct {
	SurveyID string `gorm:"primaryKey"`
	Valued   string // answer paths whose values are kept, one a line, sorted
	Regions  string // boundary set versions ("set\x1fversion"), one a line, sorted
	Rules    int
}

func (basisRow) TableName() string { return "submission_stats_bases" }

// Tables returns the row types this package stores, for the schema check.
func Tables() []any { return []any{&statRow{}, &basisRow{}} }

// basis is a basisRow ready for use.
type basis struct {
	valued  map[string]bool
	regions map[string]bool // "set\x1fversion"
}

func (r basisRow) basis() basis {
	b := basis{valued: map[string]bool{}, regions: map[string]bool{}}
	for _, p := range lines(r.Valued) {
		b.valued[p] = true
	}
	for _, s := range lines(r.Regions) {
		b.regions[s] = true
	}
	return b
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// wanted is what a survey's counts must be made with now: the paths of the
// choice and number questions of its newest version and the current
// boundary set versions.
type wanted struct {
	valued  []string
	regions string
}

func wantedBasis(d surveys.Definition, sets []mapping.RegionSet) wanted {
	var w wanted
	cols, _ := columns(d, "")
	for _, c := range cols {
		if !c.Other && keepsValues(c.Type) {
			w.valued = append(w.valued, path(c))
		}
	}
	slices.Sort(w.valued)
	w.valued = slices.Compact(w.valued)
	w.regions = setVersions(sets)
	return w
}

func setVersions(sets []mapping.RegionSet) string {
	vs := make([]string, len(sets))
	for i, s := range sets {
		vs[i] = setVersion(s.Name, s.Version)
	}
	slices.Sort(vs)
	return strings.Join(vs, "\n")
}

func setVersion(set string, version int) string { return set + "\x1f" + strconv.Itoa(version) }

// keepsValues reports whether Summary needs the values of answers of type t.
func keepsValues(t surveys.QuestionType) bool {
	switch t {
	case surveys.TypeSelectOne, surveys.TypeSelectMultiple, surveys.TypeInteger, surveys.TypeDecimal:
		return true
	}
	return false
}

// path is where c's answers are counted: its repeats and name, by "/"
// (which no question name holds).
func path(c column) string {
	if len(c.Repeats) == 0 {
		return c.Name
	}
	return strings.Join(c.Repeats, "/") + "/" + c.Name
}

// fits reports whether counts made with r answer for w: then nothing has
// to be counted again.
func (r basisRow) fits(w wanted) bool {
	if r.Rules != rulesVersion || r.Regions != w.regions {
		return false
	}
	b := r.basis()
	for _, p := range w.valued {
		if !b.valued[p] {
			return false
		}
	}
	return true
}

// regionField is the field counting the regions of one level of a set version.
func regionField(set string, version, level int) string {
	return regionPrefix + setVersion(set, version) + "\x1f" + strconv.Itoa(level)
}

// statKey identifies one count.
type statKey struct {
	status   string
	audience int
	day      string
	field    string
	value    string
}

// tally holds counts to add to (or, negative, take from) submission_stats.
type tally struct {
	n      map[statKey]int64
	labels map[statKey]string
}

func newTally() *tally { return &tally{n: map[statKey]int64{}, labels: map[statKey]string{}} }

func (t *tally) merge(o *tally) {
	for k, n := range o.n {
		t.n[k] += n
	}
	for k, l := range o.labels {
		t.labels[k] = l
	}
}

// stored is a submission as the fold reads it.
type stored struct {
	ID             string
	Answers        string
	Status         string
	CountedStatus  string
	CollectorEmail string
	Latitude       *float64
	Longitude      *float64
	SubmittedAt    time.Time
}

func (stored) TableName() string { return "submissions" }

const storedColumns = "id, answers, status, counted_status, collector_email, latitude, longitude, submitted_at"

// change is what folding a submission in does: take its contribution from
// the status it was counted under, if any, and add it under its status.
func (s stored) change() (from, to string) { return s.CountedStatus, s.Status }

// contributions returns what folding rows in changes, given where their
// points lie (refs, by row; nil for a row without a point). Decoding is
// most of the work, so the rows are shared among GOMAXPROCS goroutines,
// each with its own tally; counts add up the same in any order.
func contributions(rows []stored, refs [][]mapping.RegionRef, b basis) (*tally, error) {
	workers := min(runtime.GOMAXPROCS(0), (len(rows)+minDecodeChunk-1)/minDecodeChunk)
	workers = max(workers, 1)
	chunk := (len(rows) + workers - 1) / workers
	tallies := make([]*tally, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*chunk, min((w+1)*chunk, len(rows))
		tallies[w] = newTally()
		wg.Go(func() {
			var c contribution
			for i := lo; i < hi; i++ {
				if err := c.reset(rows[i], refs[i], b); err != nil {
					errs[w] = err
					return
				}
				from, to := rows[i].change()
				if from != "" {
					c.addTo(tallies[w], from, -1)
				}
				c.addTo(tallies[w], to, 1)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	for _, t := range tallies[1:] {
		tallies[0].merge(t)
	}
	return tallies[0], nil
}

// contribution is what one submission adds to the counts of its status.
type contribution struct {
	day    string // the UTC day the submission arrived
	keys   []contribKey
	labels map[contribKey]string
}

type contribKey struct {
	audience     int
	field, value string
}

func (c *contribution) add(audience int, field, value string) {
	c.keys = append(c.keys, contribKey{audience, field, value})
}

func (c *contribution) addTo(t *tally, status string, sign int64) {
	for _, k := range c.keys {
		for _, day := range [2]string{"", c.day} {
			sk := statKey{status, k.audience, day, k.field, k.value}
			t.n[sk] += sign
			if l, ok := c.labels[k]; ok {
				t.labels[sk] = l
			}
		}
	}
}

// reset makes c the contribution of r, whose point lies in refs. It
// mirrors decode and Summary's scan: what a reader without the grant would
// not see there counts only for readers with it.
func (c *contribution) reset(r stored, refs []mapping.RegionRef, b basis) error {
	c.keys = c.keys[:0]
	clear(c.labels)
	var a surveys.Answers
	if err := json.Unmarshal([]byte(r.Answers), &a); err != nil {
		return fmt.Errorf("decode submission %s: %w", r.ID, err)
	}
	redacted, _ := review.RedactAnswers(a, mapping.Viewer{})
	c.day = r.SubmittedAt.UTC().Format(time.DateOnly)
	c.add(forEveryone, fieldTotal, "")
	c.add(forEveryone, fieldDay, c.day)
	if r.CollectorEmail != "" {
		c.add(forEveryone, fieldCollector, r.CollectorEmail)
	}
	place, located := forEveryone, r.Latitude != nil && r.Longitude != nil
	if placeWithheld(a, redacted) {
		c.add(forOthers, fieldPlace, valueWithheld)
		place = forConfidential
	}
	if !located {
		c.add(place, fieldPlace, valueUnlocated)
	} else {
		c.add(place, fieldPlace, valueLocated)
		for _, ref := range refs {
			if !b.regions[setVersion(ref.Set, ref.SetVersion)] {
				continue // placed in a version the counts are not made with
			}
			k := contribKey{place, regionField(ref.Set, ref.SetVersion, ref.Level), ref.Code}
			c.keys = append(c.keys, k)
			if c.labels == nil {
				c.labels = map[contribKey]string{}
			}
			c.labels[k] = ref.Name
		}
	}
	for name, v := range a {
		audience := forEveryone
		if _, kept := redacted[name]; !kept {
			audience = forConfidential
		}
		c.answers(audience, "", name, v, b)
	}
	return nil
}

// answers adds the answer v to question name (under the repeat path
// prefix) as instances and text find it in Summary's scan: a list holds
// repeat instances (maps), anything else is an answer if its text is.
func (c *contribution) answers(audience int, prefix, name string, v any, b basis) {
	if strings.HasPrefix(name, "@") || strings.Contains(name, "/") {
		return // no question bears such a name: nothing reads it
	}
	p := prefix + name
	if list, ok := v.([]any); ok {
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				for k, iv := range m {
					c.answers(audience, p+"/", k, iv, b)
				}
			}
		}
		return
	}
	t := strings.TrimSpace(text(v))
	switch {
	case t == "":
	case !b.valued[p]:
		c.add(audience, p, "")
	case len(t) > maxKeptValue:
		c.add(audience, fieldLong, p)
	default:
		c.add(audience, p, t)
	}
}
