package demo

import (
	"bytes"
	"context"
	"fmt"

	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/reports"
)

// populationSource names the demo's population points: GeoNames places
// (see data/NOTICE.md), the demand side of the coverage reports.
const populationSource = "geonames-cities1000"

// mainServiceTypes are the taxonomy's top-level service types: a report on
// one takes in its sub-types, so the demo's maps show each kind of help.
var mainServiceTypes = []string{"accommodation", "medical", "mental_health", "legal_aid", "interpretation", "case_management",
	"hotline", "repatriation", "reintegration", "family_tracing", "documentation", "financial", "child_protection",
	"law_enforcement", "labour_rights", "consular"}

// ReportRuns are the coverage reports the demo stores, so that the gap map
// opens with data: the ASEAN provinces, and the Thai districts with their
// provinces as roll-ups.
var ReportRuns = []reports.RunParams{
	{Set: "ne_admin1", Level: 1, PopulationSource: populationSource,
		Params: reports.Params{Services: mainServiceTypes, Method: reports.MethodE2SFCA}},
	{Set: "th", Level: 2, PopulationSource: populationSource,
		Params: reports.Params{Services: mainServiceTypes, Method: reports.MethodE2SFCA}},
}

// loadReports imports the GeoNames places as population points and stores
// a first coverage report of each demo boundary set, run by the researcher.
func loadReports(ctx context.Context, svc *reports.Service, researcher accounts.User) error {
	raw, err := data.ReadFile("data/asean_cities_geonames.csv")
	if err != nil {
		return err
	}
	ctx = audit.WithActor(ctx, audit.Actor{ID: researcher.ID, Email: researcher.Email})
	if _, err := svc.ImportPopulation(ctx, bytes.NewReader(raw), reports.PopulationImport{Source: populationSource,
		File: "asean_cities_geonames.csv", LonCol: "lon", LatCol: "lat", PopCol: "population", NameCol: "name"}); err != nil {
		return fmt.Errorf("demo population points: %w", err)
	}
	for _, p := range ReportRuns {
		if _, err := svc.Run(ctx, researcher, p); err != nil {
			return fmt.Errorf("demo report of %s level %d: %w", p.Set, p.Level, err)
		}
	}
	return nil
}
