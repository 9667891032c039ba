package hsds

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/mapping"
)

// ImportOptions say how to import.
type ImportOptions struct {
	// Lenient imports the organizations that can be imported and reports the
	// rest; otherwise (strict) any problem means nothing is written.
	Lenient bool
	// Country is the ISO 3166-1 alpha-2 code of organizations whose data
	// names none (no Haven country attribute, no address).
	Country string
	// TaxonomyMap is a CSV file mapping foreign taxonomy terms to Haven's
	// service types (columns foreign_term, haven_code); TaxonomyMapName names it.
	TaxonomyMap     []byte
	TaxonomyMapName string
	Limits          Limits
	// Today dates the checks of stale and expired data; zero means now.
	Today time.Time
}

// Report says what an import found and did. The same data gives the same
// problems, in the same order, in strict and lenient mode.
type Report struct {
	Source            string          `json:"source"`
	Format            string          `json:"format"`
	Mode              string          `json:"mode"`
	Organizations     int             `json:"organizations"`
	Services          int             `json:"services"`
	Locations         int             `json:"locations"`
	Imported          int             `json:"imported"` // providers written
	ImportedServices  int             `json:"imported_services"`
	ImportedLocations int             `json:"imported_locations"`
	Written           bool            `json:"written"`
	Problems          []Problem       `json:"problems"`
	UnmatchedTerms    []UnmatchedTerm `json:"unmatched_terms"`
}

// ImportPath imports a folder, a zip archive or a JSON file. See Import.
func (s *Service) ImportPath(ctx context.Context, u accounts.User, path string, opts ImportOptions) (Report, error) {
	in, err := readPath(path, opts.Limits)
	if err != nil {
		return s.emptyReport(filepath.Base(path), opts), err
	}
	return s.importInput(ctx, u, filepath.Base(path), in, opts)
}

// Import reads one uploaded file — a zip of a CSV datapackage (HSDS 3 or
// 1.1) or an HSDS 3 JSON document — checks it, classifies its services and
// adds its organizations as providers that keep their HSDS ids, in one
// transaction. It fails with haven.ErrInvalid for input it cannot read,
// and, in strict mode, when the report lists any problem (then nothing is
// written); haven.ErrTooLarge beyond the limits.
func (s *Service) Import(ctx context.Context, u accounts.User, name string, r io.Reader, opts ImportOptions) (Report, error) {
	in, err := readUpload(name, r, opts.Limits)
	if err != nil {
		return s.emptyReport(name, opts), err
	}
	return s.importInput(ctx, u, name, in, opts)
}

func (s *Service) emptyReport(source string, opts ImportOptions) Report {
	mode := "strict"
	if opts.Lenient {
		mode = "lenient"
	}
	return Report{Source: source, Mode: mode, Problems: []Problem{}, UnmatchedTerms: []UnmatchedTerm{}}
}

func (s *Service) importInput(ctx context.Context, u accounts.User, source string, in *input, opts ImportOptions) (Report, error) {
	rep := s.emptyReport(source, opts)
	today := opts.Today
	if today.IsZero() {
		today = time.Now().UTC()
	}
	d, ps := newDataset(), &problems{}
	format, err := readAny(in, d, ps)
	if err != nil {
		return rep, err
	}
	rep.Format = format
	rep.Organizations = len(d.table("organization").rows)
	rep.Services = len(d.table("service").rows)
	rep.Locations = len(d.table("location").rows)
	if empty(d) {
		return rep, haven.Errorf(haven.KindInvalid, "%s holds no HSDS records", source)
	}
	terms, err := s.tax.Terms(ctx)
	if err != nil {
		return rep, err
	}
	cls := newClassifier(terms)
	if opts.TaxonomyMap != nil {
		if err := cls.loadMap(firstNonEmpty(opts.TaxonomyMapName, "taxonomy map"), opts.TaxonomyMap, ps); err != nil {
			return rep, err
		}
	}
	validate(d, ps, today)
	conv := &converter{d: d, ps: ps, cls: cls, source: source, today: today, country: strings.ToUpper(strings.TrimSpace(opts.Country))}
	ones := conv.run()
	kept, err := s.check(ctx, u, d, ones, ps)
	if err != nil {
		return rep, err
	}
	rep.Problems = append(rep.Problems, ps.list...)
	rep.UnmatchedTerms = append(rep.UnmatchedTerms, cls.unmatchedTerms()...)
	if len(ps.list) > 0 && !opts.Lenient {
		return rep, haven.Errorf(haven.KindInvalid, "the import has %d problem(s), listed in the report; nothing was written (fix them, or import leniently)", len(ps.list))
	}
	if len(kept) > 0 {
		if _, err := s.dir.Import(ctx, u, kept, false); err != nil {
			return rep, err
		}
	}
	rep.Written = true
	rep.Imported = len(kept)
	for _, p := range kept {
		rep.ImportedServices += len(p.Services)
		rep.ImportedLocations += len(p.Locations)
	}
	return rep, nil
}

func empty(d *dataset) bool {
	for _, t := range d.tables {
		if len(t.rows) > 0 {
			return false
		}
	}
	return true
}

// readAny tells the format of the input and reads it.
func readAny(in *input, d *dataset, ps *problems) (string, error) {
	var csvs, jsons int
	for _, n := range in.names() {
		switch strings.ToLower(filepath.Ext(n)) {
		case ".csv":
			csvs++
		case ".json":
			jsons++
		}
	}
	_, pkg := in.files["datapackage.json"]
	switch {
	case csvs > 0 || pkg:
		if isHSDS2(in) {
			return "", haven.Errorf(haven.KindInvalid, "this is an HSDS 2.0 datapackage (service_attributes.csv); Haven reads HSDS 3.x and 1.1")
		}
		defer checkListing(in, ps)
		if isHSDS1(in) {
			return "HSDS 1.1 tabular", readTabular1(in, d, ps)
		}
		return "HSDS 3 tabular", readTabular3(in, d, ps)
	case jsons > 0:
		return "HSDS 3 JSON", readJSON(in, d, ps)
	}
	return "", haven.Errorf(haven.KindInvalid, "no HSDS data: give a datapackage folder or zip, or an HSDS JSON file")
}

var providerField = regexp.MustCompile(`^providers\[(\d+)\]\.?(.*)$`)

// check runs Haven's own checks on the providers without writing and turns
// what they refuse into problems; it returns the providers that pass.
func (s *Service) check(ctx context.Context, u accounts.User, d *dataset, ones []convertOne, ps *problems) ([]mapping.Provider, error) {
	providers := make([]mapping.Provider, len(ones))
	for i, o := range ones {
		providers[i] = o.provider
	}
	_, err := s.dir.Import(ctx, u, providers, true)
	var he *haven.Error
	if err == nil || !errors.As(err, &he) || he.Kind != haven.KindInvalid || len(he.Fields) == 0 {
		return providers, err
	}
	failed := map[int]bool{}
	for _, f := range he.Fields {
		m := providerField.FindStringSubmatch(f.Field)
		if m == nil {
			return nil, err
		}
		i, _ := strconv.Atoi(m[1])
		failed[i] = true
		ps.at(d, "organization", ones[i].org, m[2], "Haven refuses it: %s; the organization is not imported", f.Message)
	}
	var kept []mapping.Provider
	for i, p := range providers {
		if !failed[i] {
			kept = append(kept, p)
		}
	}
	slices.SortFunc(kept, func(a, b mapping.Provider) int { return strings.Compare(a.ID, b.ID) })
	return kept, nil
}
