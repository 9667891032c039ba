package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"gorm.io/gorm"
)

// Run is a stored coverage report: what it was asked, what data it read
// and what it found.
type Run struct {
	ID           string       `json:"id"`
	CreatedAt    time.Time    `json:"created_at"`
	CreatedBy    string       `json:"created_by"`
	Parameters   RunParams    `json:"parameters"`
	DataVersions DataVersions `json:"data_versions"`
	// RowCount is the number of region × service rows (roll-ups aside).
	RowCount int `json:"row_count"`
	// Report is the result; nil in listings.
	Report *Report `json:"report,omitempty"`
}

// Run computes a coverage report for u, stores it as a run and returns it
// as the API shows it (unmet demand withheld under the analysts' minimum,
// see suppressUnmet). It fails with haven.ErrForbidden for users who may
// not read reports (see Service), haven.ErrInvalid naming each bad
// parameter and haven.ErrNotFound for an unknown boundary set.
func (s *Service) Run(ctx context.Context, u accounts.User, p RunParams) (Run, error) {
	if err := checkReader(u); err != nil {
		return Run{}, err
	}
	if s.unmet != nil {
		_, export := s.unmetMinCounts()
		if err := checkUnmetNorms(p.Rules, export); err != nil {
			return Run{}, err
		}
	}
	ctx = withActor(ctx, u)
	ld, err := s.load(ctx, p)
	if err != nil {
		return Run{}, err
	}
	rep, err := compute(ld.input, ld.params)
	if err != nil {
		return Run{}, err
	}
	dropHiddenSites(&rep, ld.input.Providers)
	rep.Method.Notes = append(rep.Method.Notes, loaderNotes...)
	p.Set = ld.set.Name
	if p.Method == "" {
		p.Method = MethodCount
	}
	// Microseconds: what PostgreSQL keeps, so a run reads back as returned.
	run := Run{ID: uuid.Must(uuid.NewV7()).String(), CreatedAt: s.now().Truncate(time.Microsecond), CreatedBy: u.Email, Parameters: p,
		DataVersions: ld.input.Versions, RowCount: len(rep.Regions), Report: &rep}
	params, err := json.Marshal(run.Parameters)
	if err != nil {
		return Run{}, err
	}
	versions, err := json.Marshal(run.DataVersions)
	if err != nil {
		return Run{}, err
	}
	results, err := json.Marshal(rep)
	if err != nil {
		return Run{}, err
	}
	row := runRow{ID: run.ID, CreatedAt: run.CreatedAt, CreatedBy: run.CreatedBy, SetName: ld.set.Name, SetVersion: ld.set.Version,
		Level: p.Level, Method: string(p.Method), RowCount: run.RowCount, Parameters: string(params),
		DataVersions: string(versions), Results: string(results)}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("store report run: %w", err)
		}
		return s.audit.Record(ctx, tx, "report.run", "report_run", run.ID, map[string]any{
			"set": ld.set.Name, "set_version": ld.set.Version, "level": p.Level, "method": string(p.Method),
			"services": rep.Method.Services, "rows": run.RowCount})
	})
	if err != nil {
		return Run{}, err
	}
	return s.forAnalysts(run), nil
}

// loaderNotes say how the directory became the report's input (see sitesOf).
var loaderNotes = []string{
	"Providers are read from the directory as it was at the provider snapshot time; only active providers count (inactive, defunct and temporarily closed ones do not).",
	"Each location of a provider is one provider site, offering the services listed for it; a service type asked for takes in its sub-types (accommodation includes accommodation.emergency). Each service is filtered by its own eligibility first; what passes is then added up per site: capacities add, and the site states its capacity only if every service that passed states one.",
}

// dropHiddenSites removes hidden sites from the lists of serving sites
// (Params.ListServing) before a run is stored: a stored run is read by
// users without the confidential grant, and even a hidden site's ID says
// that it exists. Hidden sites still count in every number.
func dropHiddenSites(rep *Report, sites []Provider) {
	if rep.Serving == nil {
		return
	}
	hidden := map[string]bool{}
	for _, s := range sites {
		if s.Tier == string(mapping.TierHidden) {
			hidden[s.ID] = true
		}
	}
	if len(hidden) == 0 {
		return
	}
	for _, byService := range rep.Serving {
		for svc, ids := range byService {
			byService[svc] = slices.DeleteFunc(ids, func(id string) bool { return hidden[id] })
		}
	}
}

// List returns stored runs, newest first, without their results, and the
// cursor of the next page ("" on the last). It fails with
// haven.ErrForbidden like Run.
func (s *Service) List(ctx context.Context, u accounts.User, cursor string, limit int) ([]Run, string, error) {
	if err := checkReader(u); err != nil {
		return nil, "", err
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	// Run IDs are UUIDv7: in order of creation, so they are the cursor.
	q := s.db.WithContext(ctx).Model(&runRow{}).Select(runListColumns)
	if cursor != "" {
		if _, err := uuid.Parse(cursor); err != nil {
			return nil, "", fieldError("cursor", "pass back the value of next from the previous page")
		}
		q = q.Where("id < ?", cursor)
	}
	var rows []runRow
	if err := q.Order("id DESC").Limit(limit + 1).Find(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list report runs: %w", err)
	}
	next := ""
	if len(rows) > limit {
		rows = rows[:limit]
		next = rows[limit-1].ID
	}
	out := make([]Run, len(rows))
	for i, r := range rows {
		run, err := r.run(false)
		if err != nil {
			return nil, "", err
		}
		out[i] = run
	}
	return out, next, nil
}

// Get returns one stored run with its results as the API shows them (like
// Run), and audits the read. It fails with haven.ErrForbidden like Run and
// haven.ErrNotFound.
func (s *Service) Get(ctx context.Context, u accounts.User, id string) (Run, error) {
	if err := checkReader(u); err != nil {
		return Run{}, err
	}
	run, err := s.get(ctx, id)
	if err != nil {
		return Run{}, err
	}
	if err := s.audit.Record(withActor(ctx, u), nil, "report.read", "report_run", id, nil); err != nil {
		return Run{}, err
	}
	return s.forAnalysts(run), nil
}

var errNoRun = haven.Errorf(haven.KindNotFound, "no report run has that ID")

func (s *Service) get(ctx context.Context, id string) (Run, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Run{}, errNoRun
	}
	var row runRow
	err := s.db.WithContext(ctx).Where("id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return Run{}, errNoRun
	}
	if err != nil {
		return Run{}, fmt.Errorf("read report run: %w", err)
	}
	return row.run(true)
}

func (r runRow) run(withResults bool) (Run, error) {
	run := Run{ID: r.ID, CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy, RowCount: r.RowCount}
	if err := json.Unmarshal([]byte(r.Parameters), &run.Parameters); err != nil {
		return Run{}, fmt.Errorf("decode parameters of run %s: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.DataVersions), &run.DataVersions); err != nil {
		return Run{}, fmt.Errorf("decode data versions of run %s: %w", r.ID, err)
	}
	if withResults {
		var rep Report
		if err := json.Unmarshal([]byte(r.Results), &rep); err != nil {
			return Run{}, fmt.Errorf("decode results of run %s: %w", r.ID, err)
		}
		run.Report = &rep
	}
	return run, nil
}

// Label names a run for file names and listings: set, level, method, date.
func (r Run) Label() string {
	return r.Parameters.Set + "-level" + strconv.Itoa(r.Parameters.Level) + "-" + string(r.Parameters.Method) + "-" + r.CreatedAt.Format("20060102-150405")
}
