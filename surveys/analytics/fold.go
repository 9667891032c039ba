package analytics

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/haven-project/haven/mapping"
	"github.com/paulmach/orb"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Fold counts the submissions of a survey that are not counted yet — new
// ones, and those whose status changed since (a review decision) — into
// submission_stats, and returns how many it counted. Each batch is one
// transaction that counts the submissions and marks them counted, so a
// submission is counted once however many folds run at once: on
// PostgreSQL each takes the rows no other holds (FOR UPDATE SKIP LOCKED),
// on SQLite writers take turns.
//
// When the counts were made with other questions or boundaries than the
// survey's newest version and the current boundary sets need (a published
// version makes a text question a choice, boundaries are imported), they
// are dropped and every submission is counted again.
func (s *Service) Fold(ctx context.Context, surveyID string) (int, error) {
	return s.foldSurvey(ctx, surveyID, -1)
}

// foldSurvey is Fold stopping after about limit submissions (limit < 0: none).
func (s *Service) foldSurvey(ctx context.Context, surveyID string, limit int) (int, error) {
	sv, err := s.surveys.Survey(ctx, surveyID)
	if err != nil {
		return 0, err
	}
	sets, err := s.regions.Sets(ctx)
	if err != nil {
		return 0, err
	}
	return s.fold(ctx, sv.ID, wantedBasis(sv.Latest.Definition, sets), limit)
}

// fold counts about limit of the survey's uncounted submissions (limit <
// 0: all) with a basis serving w, counting them all again first when the
// basis does not.
func (s *Service) fold(ctx context.Context, surveyID string, w wanted, limit int) (int, error) {
	done, size := 0, s.foldBatch
	if limit >= 0 {
		size = min(size, limit)
	}
	for limit < 0 || done < limit {
		n, err := s.foldOnce(ctx, surveyID, w, size)
		if errors.Is(err, errStale) {
			err = s.recount(ctx, surveyID, w)
			n = -1 // go on
		}
		if err != nil {
			return done, err
		}
		if n == 0 {
			break
		}
		done += max(n, 0)
	}
	return done, nil
}

// errStale says the counts were made with another basis than wanted.
var errStale = errors.New("the survey's counts were made with another basis")

// foldOnce counts up to size of the survey's uncounted submissions and
// returns how many it counted.
func (s *Service) foldOnce(ctx context.Context, surveyID string, w wanted, size int) (int, error) {
	n := 0
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.preferIndexes(tx); err != nil {
			return err
		}
		b, err := s.lockBasis(tx, surveyID, w)
		if err != nil {
			return err
		}
		if !b.fits(w) {
			return errStale
		}
		q := tx.Model(&stored{}).Select(storedColumns).Where("survey_id = ? AND counted_status <> status", surveyID).Limit(size)
		if s.postgres {
			q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate, Options: clause.LockingOptionsSkipLocked})
		}
		var rows []stored
		if err := q.Find(&rows).Error; err != nil {
			return fmt.Errorf("read submissions to count: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		t, err := s.contributions(ctx, rows, b.basis())
		if err != nil {
			return err
		}
		if err := addCounts(tx, surveyID, t); err != nil {
			return err
		}
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
		}
		for c := range slices.Chunk(ids, maxParams) {
			if err := tx.Exec("UPDATE submissions SET counted_status = status WHERE id IN ?", c).Error; err != nil {
				return fmt.Errorf("mark submissions counted: %w", err)
			}
		}
		n = len(rows)
		return nil
	})
	return n, err
}

// preferIndexes makes PostgreSQL find uncounted submissions through the
// partial index submissions_uncounted. Its statistics may say most rows
// are uncounted (they were when it last analysed a table filled in bulk)
// and choose to read the whole table, which takes seconds on a million
// rows when none are left.
func (s *Service) preferIndexes(tx *gorm.DB) error {
	if !s.postgres {
		return nil
	}
	if err := tx.Exec("SET LOCAL enable_seqscan = off").Error; err != nil {
		return fmt.Errorf("prefer indexes: %w", err)
	}
	return nil
}

// maxParams keeps a statement under SQLite's limit of 32,766 parameters.
const maxParams = 4000

// contributions locates the points of rows and returns what counting
// them changes.
func (s *Service) contributions(ctx context.Context, rows []stored, b basis) (*tally, error) {
	var points []orb.Point
	for _, r := range rows {
		if r.Latitude != nil && r.Longitude != nil {
			points = append(points, orb.Point{*r.Longitude, *r.Latitude})
		}
	}
	located, err := s.regions.Locate(ctx, points)
	if err != nil {
		return nil, err
	}
	refs := make([][]mapping.RegionRef, len(rows))
	for i, r := range rows {
		if r.Latitude != nil && r.Longitude != nil {
			refs[i], located = located[0], located[1:]
		}
	}
	return contributions(rows, refs, b)
}

// lockBasis returns the survey's basis row, made from w when the survey
// has none, locked against a recount until the transaction ends.
func (s *Service) lockBasis(tx *gorm.DB, surveyID string, w wanted) (basisRow, error) {
	row := basisRow{SurveyID: surveyID, Valued: strings.Join(w.valued, "\n"), Regions: w.regions, Rules: rulesVersion}
	if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row).Error; err != nil {
		return basisRow{}, fmt.Errorf("store the basis of the counts: %w", err)
	}
	q := tx.Where("survey_id = ?", surveyID)
	if s.postgres {
		q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthShare})
	}
	if err := q.Take(&row).Error; err != nil {
		return basisRow{}, fmt.Errorf("read the basis of the counts: %w", err)
	}
	return row, nil
}

// recount drops the survey's counts and marks every submission uncounted,
// with a basis that serves w and keeps the answer paths counted so far
// (a version may go back to an older question).
func (s *Service) recount(ctx context.Context, surveyID string, w wanted) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row basisRow
		q := tx.Where("survey_id = ?", surveyID)
		if s.postgres {
			q = q.Clauses(clause.Locking{Strength: clause.LockingStrengthUpdate})
		}
		if err := q.Take(&row).Error; err != nil {
			return fmt.Errorf("read the basis of the counts: %w", err)
		}
		if row.fits(w) {
			return nil // a concurrent fold did it
		}
		valued := slices.Concat(lines(row.Valued), w.valued)
		slices.Sort(valued)
		valued = slices.Compact(valued)
		if err := tx.Where("survey_id = ?", surveyID).Delete(&statRow{}).Error; err != nil {
			return fmt.Errorf("drop the counts: %w", err)
		}
		if err := tx.Exec("UPDATE submissions SET counted_status = '' WHERE survey_id = ? AND counted_status <> ''", surveyID).Error; err != nil {
			return fmt.Errorf("mark submissions uncounted: %w", err)
		}
		return tx.Model(&row).Updates(map[string]any{"valued": strings.Join(valued, "\n"), "regions": w.regions, "rules": rulesVersion}).Error
	})
}

// addCounts adds t to the survey's counts, in key order so that
// concurrent folds lock rows in the same order and never deadlock.
func addCounts(tx *gorm.DB, surveyID string, t *tally) error {
	keys := make([]statKey, 0, len(t.n))
	var fell [][]any // keys taken from, which may have fallen to zero
	for k, n := range t.n {
		if n != 0 {
			keys = append(keys, k)
		}
		if n < 0 {
			fell = append(fell, []any{k.status, k.audience, k.day, k.field, k.value})
		}
	}
	slices.SortFunc(keys, cmpKeys)
	const cols = 8
	for c := range slices.Chunk(keys, maxParams/cols) {
		var sb strings.Builder
		sb.WriteString("INSERT INTO submission_stats (survey_id, status, audience, day, field, value, label, n) VALUES ")
		args := make([]any, 0, len(c)*cols)
		for i, k := range c {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, surveyID, k.status, k.audience, k.day, k.field, k.value, t.labels[k], t.n[k])
		}
		sb.WriteString(" ON CONFLICT (survey_id, status, audience, day, field, value) DO UPDATE SET n = submission_stats.n + excluded.n, label = excluded.label")
		if err := tx.Exec(sb.String(), args...).Error; err != nil {
			return fmt.Errorf("add counts: %w", err)
		}
	}
	// A count that fell to zero would list a choice no one picked. Only
	// rows this transaction holds already are deleted: waiting for another
	// fold's rows here could deadlock with it.
	for c := range slices.Chunk(fell, maxParams/5) {
		if err := tx.Where("survey_id = ? AND n = 0 AND (status, audience, day, field, value) IN ?", surveyID, c).
			Delete(&statRow{}).Error; err != nil {
			return fmt.Errorf("drop empty counts: %w", err)
		}
	}
	return nil
}

func cmpKeys(a, b statKey) int {
	if c := strings.Compare(a.status, b.status); c != 0 {
		return c
	}
	if a.audience != b.audience {
		return a.audience - b.audience
	}
	if c := strings.Compare(a.day, b.day); c != 0 {
		return c
	}
	if c := strings.Compare(a.field, b.field); c != 0 {
		return c
	}
	return strings.Compare(a.value, b.value)
}

// FoldAll folds every survey with submissions to count and returns how
// many it counted.
func (s *Service) FoldAll(ctx context.Context) (int, error) {
	var ids []string
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.preferIndexes(tx); err != nil {
			return err
		}
		return tx.Raw("SELECT DISTINCT survey_id FROM submissions WHERE counted_status <> status").Scan(&ids).Error
	})
	if err != nil {
		return 0, fmt.Errorf("find surveys to count: %w", err)
	}
	done := 0
	for _, id := range ids {
		n, err := s.Fold(ctx, id)
		done += n
		if err != nil {
			return done, err
		}
	}
	return done, nil
}

// FoldEvery runs FoldAll every interval in the background, so that
// Summary finds little left to count, until stop is called; stop waits for
// a fold under way to give up (its batch rolls back).
func (s *Service) FoldEvery(every time.Duration, logger *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				if _, err := s.FoldAll(ctx); err != nil && ctx.Err() == nil {
					logger.Error("count survey submissions", "error", err)
				}
			}
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
