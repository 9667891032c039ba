package review

import (
	"context"
	"errors"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/mapping/spatial"
	"github.com/haven-project/haven/surveys"
)

// Filter narrows a listing of submissions.
type Filter struct {
	surveys.SubmissionFilter
	// Region keeps the submissions whose point lies in the region with this
	// code — and so in any of its sub-regions — as far as the reader may
	// know where they are: a place hidden from the reader lies in no region.
	Region string
	// RegionSet names the boundary set of Region when several hold the code.
	RegionSet string
}

// maxScan bounds the submissions one listing reads when filters apply that
// the database cannot (country scope, region): a listing over many rows
// returns a short page, even an empty one, with a cursor to go on from.
const maxScan = 5000

// scanBatch is the most submissions a filtered listing reads per query.
const scanBatch = 500

// List returns the submissions u may read (readable), newest first, with
// the cursor of the next page ("" at the end). Answers are redacted and
// places shown as PlaceRule says, and a listing that shows confidential
// answers to a holder of the grant is audited (submission.read_confidential).
// Responses to feedback tests are listed only for holders of the raw_data
// grant, and each listing of them is audited (submission.read_feedback).
//
// Regions are found when listing, from the current boundary sets: nothing
// is stored at submit time, so ingest stays one write and a re-imported
// boundary set applies at once. The database narrows a region search to
// the region's bounding box; the point-in-region test and the scopes that
// depend on answers run here, reading at most maxScan submissions per call,
// so a page can be short while next is set.
//
// It fails with haven.ErrForbidden for roles that read no submissions, and
// with haven.ErrInvalid for an unknown status, region or boundary set.
func (s *Service) List(ctx context.Context, u accounts.User, f Filter) ([]Item, string, error) {
	scoped := false
	switch u.Role {
	case accounts.RoleAdmin:
	case accounts.RoleEditor:
		scoped = len(u.Countries) > 0
	case accounts.RoleCollector:
		f.CollectorID = u.ID
	default:
		return nil, "", haven.Errorf(haven.KindForbidden, "as %s you may not read submissions", u.Role)
	}
	var area mapping.Region
	if f.Region != "" {
		var err error
		if area, err = s.region(ctx, f.RegionSet, f.Region); err != nil {
			return nil, "", err
		}
		// A point just outside every region is placed in the nearest one.
		box := area.Bound.Pad(spatial.DefaultNearestTolerance)
		f.Within = &box
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	page := f.SubmissionFilter
	page.Limit = limit
	if !mayReadFeedback(u) {
		// Left out by the database, so that pages stay full.
		page.ExceptKinds = append(page.ExceptKinds, surveys.KindFeedback)
	}
	filtered := scoped || f.Region != ""
	if filtered {
		// Start small and read more each time: a page of matches often
		// lies in the first rows, and each row read is decoded.
		page.Limit = min(max(2*limit, 50), scanBatch, s.maxScan)
	}
	v := mapping.ViewerOf(u)
	out := []Item{}
	var revealed []string
	next, scanned := "", 0
	for {
		subs, more, err := s.surveys.Submissions(ctx, page)
		if err != nil {
			return nil, "", err
		}
		scanned += len(subs)
		kept := subs[:0]
		for _, sub := range subs {
			if readable(u, sub) {
				kept = append(kept, sub)
			}
		}
		items, shown, err := s.items(ctx, kept, v)
		if err != nil {
			return nil, "", err
		}
		confidential := map[string]bool{}
		for _, id := range shown {
			confidential[id] = true
		}
		full := false
		for _, it := range items {
			if f.Region != "" && !it.inRegion(area.Set, area.Code) {
				continue
			}
			if len(out) == limit {
				full = true
				break
			}
			out = append(out, it)
			if confidential[it.ID] {
				revealed = append(revealed, it.ID)
			}
		}
		switch {
		case full:
			next = out[len(out)-1].ID
		case more != "" && len(out) == limit:
			next = out[len(out)-1].ID
		case more != "" && scanned < s.maxScan:
			page.Cursor = more
			page.Limit = min(2*page.Limit, scanBatch, s.maxScan-scanned)
			continue
		case more != "":
			next = more
		}
		break
	}
	if len(revealed) > 0 {
		if err := s.audit.Record(ctx, nil, "submission.read_confidential", "submission", "",
			map[string]any{"submission_ids": revealed}); err != nil {
			return nil, "", err
		}
	}
	if mayReadFeedback(u) {
		feedback, err := s.feedbackIDs(ctx, out)
		if err != nil {
			return nil, "", err
		}
		if err := s.auditFeedbackRead(ctx, u, feedback); err != nil {
			return nil, "", err
		}
	}
	return out, next, nil
}

// region finds the region a listing is narrowed to. It fails with
// haven.ErrInvalid naming region (unknown code or boundary set) or
// region_set (a code several sets hold).
func (s *Service) region(ctx context.Context, set, code string) (mapping.Region, error) {
	r, err := s.regions.Region(ctx, set, code, true)
	var he *haven.Error
	switch {
	case err == nil:
		return r.Region, nil
	case !errors.As(err, &he) || (he.Kind != haven.KindNotFound && he.Kind != haven.KindConflict):
		return mapping.Region{}, err
	}
	var v haven.Validation
	if he.Kind == haven.KindConflict {
		v.Add("region_set", he.Message)
	} else {
		v.Add("region", he.Message)
	}
	return mapping.Region{}, v.Err()
}
