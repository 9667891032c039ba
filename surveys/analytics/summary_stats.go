package analytics

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
	"gorm.io/gorm"
)

// summaryFold is how many submissions Summary counts in before reading
// the counts, so that counting goes on without the background fold
// (FoldEvery). Only a few: counting in stores a change to every
// submission, which takes several times longer than adding them up from
// the snapshot, as Summary does with the rest.
const summaryFold = 1000

// maxPending is how many uncounted submissions Summary adds up itself,
// from one snapshot with the counts. With more, the fold is far behind (a
// recount runs) and Summary reads every submission instead, rather than
// hold one snapshot open that long.
const maxPending = 50_000

// counts are a survey's counts for one reader and filter: by field, by value.
type counts struct {
	n      map[string]map[string]int64
	labels map[string]map[string]string
}

func (c counts) add(field, value, label string, n int64) {
	m := c.n[field]
	if m == nil {
		m = map[string]int64{}
		c.n[field] = m
	}
	m[value] += n
	if label != "" {
		if c.labels[field] == nil {
			c.labels[field] = map[string]string{}
		}
		c.labels[field][value] = label
	}
}

// prune drops the values counted zero times (a submission moved from one
// status to another), which reading the submissions would not find.
func (c counts) prune() {
	for _, m := range c.n {
		for v, n := range m {
			if n == 0 {
				delete(m, v)
			}
		}
	}
}

func (c counts) sum(field string) int64 {
	var s int64
	for _, n := range c.n[field] {
		s += n
	}
	return s
}

// audiences returns the audiences whose counts a reader sees.
func audiences(v mapping.Viewer) []int {
	if v.Confidential {
		return []int{forEveryone, forConfidential}
	}
	return []int{forEveryone, forOthers}
}

// readCounts returns the counts of the survey that v may see under f,
// counting in a little of what is left first, and adding up what is still
// left (or held by other folds) from the same snapshot as the counts, so
// they are exact. ok is false when the counts cannot answer: f narrows
// the time to other than whole UTC days, the counts were made for another
// version or other boundaries, too many submissions are left, or an answer
// was too long to keep.
func (s *Service) readCounts(ctx context.Context, sv surveys.Survey, sets []mapping.RegionSet, f Filter, v mapping.Viewer) (counts, bool, error) {
	out := counts{n: map[string]map[string]int64{}, labels: map[string]map[string]string{}}
	days, ok := daysOf(f)
	if !ok {
		return out, false, nil
	}
	w := wantedBasis(sv.Latest.Definition, sets)
	if _, err := s.fold(ctx, sv.ID, w, s.foldFirst); err != nil {
		return out, false, err
	}
	auds := audiences(v)
	add := func(st string, audience int, day, field, value, label string, n int64) {
		if (f.Status == "" || st == f.Status) && (audience == auds[0] || audience == auds[1]) && days.holds(day) {
			out.add(field, value, label, n)
		}
	}
	ok = false
	err := s.snapshot(ctx, func(tx *gorm.DB) error {
		if err := s.preferIndexes(tx); err != nil {
			return err
		}
		var b []basisRow
		if err := tx.Where("survey_id = ?", sv.ID).Limit(1).Find(&b).Error; err != nil {
			return fmt.Errorf("read the basis of the counts: %w", err)
		}
		if len(b) == 0 || !b[0].fits(w) {
			return nil
		}
		q := tx.Model(&stored{}).Where("survey_id = ? AND counted_status <> status", sv.ID)
		if f.Status != "" {
			q = q.Where("status = ? OR counted_status = ?", f.Status, f.Status)
		}
		if !f.Since.IsZero() {
			q = q.Where("submitted_at >= ?", f.Since)
		}
		if !f.Until.IsZero() {
			q = q.Where("submitted_at < ?", f.Until)
		}
		var ids []string
		if err := q.Limit(maxPending+1).Pluck("id", &ids).Error; err != nil {
			return fmt.Errorf("find submissions to count: %w", err)
		}
		if len(ids) > maxPending {
			return nil
		}
		for chunk := range slices.Chunk(ids, s.batch) {
			var pending []stored
			if err := tx.Select(storedColumns).Where("id IN ?", chunk).Find(&pending).Error; err != nil {
				return fmt.Errorf("read submissions to count: %w", err)
			}
			t, err := s.contributions(ctx, pending, b[0].basis())
			if err != nil {
				return err
			}
			for k, n := range t.n {
				add(k.status, k.audience, k.day, k.field, k.value, t.labels[k], n)
			}
		}
		// Added up by the database: a year of days holds hundreds of
		// thousands of counts, a summary a few thousand.
		var rows []statRow
		sq := tx.Model(&statRow{}).Select("field, value, MAX(label) AS label, CAST(SUM(n) AS BIGINT) AS n").
			Where("survey_id = ? AND audience IN ? AND n <> 0", sv.ID, auds)
		if f.Status != "" {
			sq = sq.Where("status = ?", f.Status)
		}
		sq = days.where(sq).Group("field, value")
		if err := sq.Find(&rows).Error; err != nil {
			return fmt.Errorf("read counts: %w", err)
		}
		for _, r := range rows {
			out.add(r.Field, r.Value, r.Label, r.N)
		}
		ok = true
		return nil
	})
	if err != nil || !ok {
		return out, false, err
	}
	out.prune()
	if out.sum(fieldLong) > 0 {
		return out, false, nil // an answer too long to keep: read them all
	}
	return out, true, nil
}

// dayRange is the days a filter covers, as the counts keep them: from
// (inclusive) to until (exclusive), "" for no bound; all time when timed
// is false.
type dayRange struct {
	timed       bool
	from, until string
}

// daysOf returns the days f covers; false when f's bounds are not whole
// UTC days (then only reading the submissions answers).
func daysOf(f Filter) (dayRange, bool) {
	var r dayRange
	for _, b := range []struct {
		t   time.Time
		day *string
	}{{f.Since, &r.from}, {f.Until, &r.until}} {
		if b.t.IsZero() {
			continue
		}
		u := b.t.UTC()
		if !u.Equal(u.Truncate(24 * time.Hour)) {
			return r, false
		}
		r.timed = true
		*b.day = u.Format(time.DateOnly)
	}
	return r, true
}

// holds reports whether counts kept for day belong to the range.
func (r dayRange) holds(day string) bool {
	if !r.timed {
		return day == ""
	}
	return day != "" && (r.from == "" || day >= r.from) && (r.until == "" || day < r.until)
}

// where narrows a query of submission_stats to the range's counts.
func (r dayRange) where(q *gorm.DB) *gorm.DB {
	if !r.timed {
		return q.Where("day = ''")
	}
	q = q.Where("day <> ''")
	if r.from != "" {
		q = q.Where("day >= ?", r.from)
	}
	if r.until != "" {
		q = q.Where("day < ?", r.until)
	}
	return q
}

// snapshot runs fn in a read transaction that sees one state of the
// database throughout (on SQLite every transaction does).
func (s *Service) snapshot(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.postgres {
		return s.db.WithContext(ctx).Transaction(fn, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	}
	return s.db.WithContext(ctx).Transaction(fn)
}

// summaryFromCounts fills out (with its survey, set and level) from c.
func summaryFromCounts(u accounts.User, out Summary, c counts, sets []mapping.RegionSet, accs []*questionAcc, l labeller) Summary {
	out.Total = int(c.sum(fieldTotal))
	days, weeks := map[string]int{}, map[string]int{}
	for day, n := range c.n[fieldDay] {
		days[day] += int(n)
		if t, err := time.Parse(time.DateOnly, day); err == nil {
			y, w := t.ISOWeek()
			weeks[fmt.Sprintf("%04d-W%02d", y, w)] += int(n)
		}
	}
	out.ByDay = sortedCounts(days, nil, false)
	out.ByWeek = sortedCounts(weeks, nil, false)
	out.ByCollector = sortedCounts(ints(c.n[fieldCollector]), nil, true)
	place := c.n[fieldPlace]
	out.ByRegion.Withheld, out.ByRegion.Unlocated = int(place[valueWithheld]), int(place[valueUnlocated])
	located := int(place[valueLocated])
	out.ByRegion.Outside = located
	if set := out.ByRegion.Set; set != "" {
		field := regionField(set, setVersionOf(sets, set), out.ByRegion.Level)
		regions := ints(c.n[field])
		out.ByRegion.Counts = sortedCounts(regions, c.labels[field], true)
		for _, n := range regions {
			out.ByRegion.Outside -= n
		}
	}
	for _, acc := range accs {
		for value, n := range c.n[path(acc.col)] {
			acc.addCount(value, int(n))
		}
	}
	return finishSummary(u, out, accs, l)
}

func ints(m map[string]int64) map[string]int {
	out := make(map[string]int, len(m))
	for k, n := range m {
		out[k] = int(n)
	}
	return out
}

func setVersionOf(sets []mapping.RegionSet, name string) int {
	for _, s := range sets {
		if s.Name == name {
			return s.Version
		}
	}
	return 0
}

// addCount adds n answers of value v (trimmed, not empty) to acc, as n
// calls of add would.
func (acc *questionAcc) addCount(v string, n int) {
	acc.answered += n
	switch acc.col.Type {
	case surveys.TypeSelectOne:
		acc.choices[v] += n
	case surveys.TypeSelectMultiple:
		for _, code := range uniqueFields(v) {
			acc.choices[code] += n
		}
	case surveys.TypeInteger, surveys.TypeDecimal:
		if x, err := strconv.ParseFloat(v, 64); err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
			acc.addNumber(x, n)
		}
	}
}
