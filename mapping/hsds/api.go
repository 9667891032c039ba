package hsds

import (
	"context"
	"fmt"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
)

// Service publishes the directory as HSDS and imports HSDS into it.
type Service struct {
	dir *mapping.Directory
	tax *mapping.Taxonomy
}

// New returns the HSDS service of a directory.
func New(dir *mapping.Directory, tax *mapping.Taxonomy) *Service { return &Service{dir: dir, tax: tax} }

// View is the HSDS form of what one user may see of the directory: built
// from the same redacted providers the API returns to that user, so that a
// hidden location, or the point and address of a region_only one, cannot
// appear in it.
type View struct {
	d *dataset
}

// View builds the view of user u.
func (s *Service) View(ctx context.Context, u accounts.User) (*View, error) {
	ps, err := s.dir.All(ctx, u)
	if err != nil {
		return nil, err
	}
	terms, err := s.tax.Terms(ctx)
	if err != nil {
		return nil, err
	}
	return &View{d: buildDataset(ps, terms)}, nil
}

// Root is the body of GET / of an HSDS API.
type Root struct {
	Version    string `json:"version"`
	Profile    string `json:"profile"`
	OpenAPIURL string `json:"openapi_url"`
}

// APIRoot says which HSDS version and profile Haven's API follows.
func APIRoot() Root { return Root{Version: HSDSVersion, Profile: ProfileURI, OpenAPIURL: openAPIURL} }

// Page is the HSDS paging envelope. Counts are of what the reader may see.
type Page struct {
	TotalItems int   `json:"total_items"`
	TotalPages int   `json:"total_pages"`
	PageNumber int   `json:"page_number"`
	Size       int   `json:"size"`
	FirstPage  bool  `json:"first_page"`
	LastPage   bool  `json:"last_page"`
	Empty      bool  `json:"empty"`
	Contents   []any `json:"contents"`
}

// ListQuery is a list request: HSDS paging and filters. Zero filters do not
// filter.
type ListQuery struct {
	Page, PerPage  int // 1-based; PerPage defaults to DefaultPerPage
	Full           bool
	OrganizationID string
	TaxonomyTermID string
	TaxonomyID     string
	ParentID       string // taxonomy terms
	TopOnly        bool   // taxonomy terms without a parent
}

// Paging defaults and bounds.
const (
	DefaultPerPage = 50
	MaxPerPage     = 500
)

func (q *ListQuery) check() error {
	var v haven.Validation
	if q.Page == 0 {
		q.Page = 1
	}
	if q.PerPage == 0 {
		q.PerPage = DefaultPerPage
	}
	v.Check(q.Page >= 1, "page", "must be 1 or more")
	v.Check(q.PerPage >= 1 && q.PerPage <= MaxPerPage, "per_page", fmt.Sprintf("must be from 1 to %d", MaxPerPage))
	return v.Err()
}

// page cuts one page out of rows and renders its items.
func page(q ListQuery, rows []Row, render func(Row) any) (Page, error) {
	if err := q.check(); err != nil {
		return Page{}, err
	}
	total := len(rows)
	pages := (total + q.PerPage - 1) / q.PerPage
	start := min((q.Page-1)*q.PerPage, total)
	end := min(start+q.PerPage, total)
	p := Page{TotalItems: total, TotalPages: pages, PageNumber: q.Page, Size: end - start,
		FirstPage: q.Page == 1, LastPage: q.Page >= pages, Empty: end == start, Contents: make([]any, 0, end-start)}
	for _, r := range rows[start:end] {
		p.Contents = append(p.Contents, render(r))
	}
	return p, nil
}

func (v *View) filter(table string, keep func(Row) bool) []Row {
	var out []Row
	for _, r := range v.d.table(table).rows {
		if keep == nil || keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// hasTerm reports whether a record carries an attribute with the term, or
// with a term of the taxonomy.
func (v *View) hasTerm(entity, id, termID, taxonomyID string) bool {
	if termID == "" && taxonomyID == "" {
		return true
	}
	for _, a := range v.d.attributesOf(entity, id) {
		t, _ := v.d.table("taxonomy_term").get(a["taxonomy_term_id"])
		if (termID == "" || a["taxonomy_term_id"] == termID) && (taxonomyID == "" || t["taxonomy_id"] == taxonomyID) {
			return true
		}
	}
	return false
}

var errNotFound = haven.Errorf(haven.KindNotFound, "no such record")

func (v *View) one(table, id string, render func(Row) any) (any, error) {
	r, ok := v.d.table(table).get(id)
	if !ok {
		return nil, errNotFound
	}
	return render(r), nil
}

// Services lists services (service_list shape, or fully nested with Full).
func (v *View) Services(q ListQuery) (Page, error) {
	rows := v.filter("service", func(r Row) bool {
		return (q.OrganizationID == "" || r["organization_id"] == q.OrganizationID) &&
			v.hasTerm("service", r["id"], q.TaxonomyTermID, q.TaxonomyID)
	})
	return page(q, rows, func(r Row) any { return v.serviceItem(r, q.Full) })
}

func (v *View) serviceItem(r Row, full bool) any {
	if full {
		return v.d.nested("service", r)
	}
	return v.d.withObjects("service", r)
}

// Service is one fully nested service. It fails with haven.ErrNotFound.
func (v *View) Service(id string) (any, error) {
	return v.one("service", id, func(r Row) any { return v.d.nested("service", r) })
}

// Organizations lists organizations (organization_list shape).
func (v *View) Organizations(q ListQuery) (Page, error) {
	rows := v.filter("organization", func(r Row) bool {
		return v.hasTerm("organization", r["id"], q.TaxonomyTermID, q.TaxonomyID)
	})
	return page(q, rows, func(r Row) any {
		if q.Full {
			return v.organization(r, false)
		}
		return scalars(tablesByName["organization"], r)
	})
}

// Organization is one fully nested organization with its services (list
// shape, or full with fullService). It fails with haven.ErrNotFound.
func (v *View) Organization(id string, fullService bool) (any, error) {
	return v.one("organization", id, func(r Row) any { return v.organization(r, fullService) })
}

func (v *View) organization(r Row, fullService bool) object {
	o := v.d.nested("organization", r)
	services := v.d.table("service").where("organization_id", r["id"])
	list := make([]any, len(services))
	for i, s := range services {
		if fullService {
			list[i] = v.d.nested("service", s)
		} else {
			list[i] = scalars(tablesByName["service"], s)
		}
	}
	return append(o, member{"services", list})
}

// ServiceAtLocations lists services at locations: each with its location
// and its service (list shapes).
func (v *View) ServiceAtLocations(q ListQuery) (Page, error) {
	rows := v.filter("service_at_location", func(r Row) bool {
		svc, _ := v.d.table("service").get(r["service_id"])
		return (q.OrganizationID == "" || svc["organization_id"] == q.OrganizationID) &&
			v.hasTerm("service", r["service_id"], q.TaxonomyTermID, q.TaxonomyID)
	})
	return page(q, rows, func(r Row) any { return v.serviceAtLocation(r, q.Full) })
}

func (v *View) serviceAtLocation(r Row, full bool) object {
	var o object
	if full {
		o = v.d.nested("service_at_location", r)
	} else {
		o = v.d.withObjects("service_at_location", r)
	}
	if svc, ok := v.d.table("service").get(r["service_id"]); ok {
		o = append(o, member{"service", v.serviceItem(svc, full)})
	}
	return o
}

// ServiceAtLocation is one fully nested service at a location. It fails
// with haven.ErrNotFound.
func (v *View) ServiceAtLocation(id string) (any, error) {
	return v.one("service_at_location", id, func(r Row) any { return v.serviceAtLocation(r, true) })
}

// Taxonomies lists the taxonomies the view uses.
func (v *View) Taxonomies(q ListQuery) (Page, error) {
	return page(q, v.filter("taxonomy", nil), func(r Row) any { return scalars(tablesByName["taxonomy"], r) })
}

// Taxonomy is one taxonomy. It fails with haven.ErrNotFound.
func (v *View) Taxonomy(id string) (any, error) {
	return v.one("taxonomy", id, func(r Row) any { return scalars(tablesByName["taxonomy"], r) })
}

// TaxonomyTerms lists taxonomy terms, each with its taxonomy_detail.
func (v *View) TaxonomyTerms(q ListQuery) (Page, error) {
	rows := v.filter("taxonomy_term", func(r Row) bool {
		return (q.TaxonomyID == "" || r["taxonomy_id"] == q.TaxonomyID) &&
			(q.ParentID == "" || r["parent_id"] == q.ParentID) && (!q.TopOnly || r["parent_id"] == "")
	})
	return page(q, rows, func(r Row) any { return v.d.withObjects("taxonomy_term", r) })
}

// TaxonomyTerm is one term with its taxonomy_detail. It fails with haven.ErrNotFound.
func (v *View) TaxonomyTerm(id string) (any, error) {
	return v.one("taxonomy_term", id, func(r Row) any { return v.d.withObjects("taxonomy_term", r) })
}
