package reports

import "time"

// Row types of the reports tables (migration 0009). They belong to the
// store: domain types are built from them by small converters, so a change
// of storage never ripples into the API.

type populationSourceRow struct {
	Name            string `gorm:"primaryKey"`
	File            string
	PointCount      int
	TotalPopulation float64
	ImportedBy      string
	ImportedAt      time.Time
}

func (populationSourceRow) TableName() string { return "population_sources" }

type populationPointRow struct {
	ID         int64 `gorm:"primaryKey"`
	Source     string
	Name       string
	Lon        float64
	Lat        float64
	Population float64
}

func (populationPointRow) TableName() string { return "population_points" }

type needFigureRow struct {
	ID         int64 `gorm:"primaryKey"`
	SetName    string
	Level      int
	RegionCode string
	Figure     float64
	Source     string
	Year       *int
	ImportedBy string
	ImportedAt time.Time
}

func (needFigureRow) TableName() string { return "need_figures" }

type runRow struct {
	ID           string `gorm:"primaryKey"`
	CreatedAt    time.Time
	CreatedBy    string
	SetName      string
	SetVersion   int
	Level        int
	Method       string
	RowCount     int
	Parameters   string
	DataVersions string
	Results      string
}

func (runRow) TableName() string { return "report_runs" }

// runListColumns are read for listings: never the results.
const runListColumns = "id, created_at, created_by, set_name, set_version, level, method, row_count, parameters, data_versions"

// Tables returns the row types this package stores, for the schema check.
func Tables() []any {
	return []any{&populationSourceRow{}, &populationPointRow{}, &needFigureRow{}, &runRow{}}
}
