package mapping

import (
	"encoding/json"
	"time"
)

// Row types of the provider tables.

type providerRow struct {
	ID                 string `gorm:"primaryKey"`
	Name               string
	Country            string
	Status             string
	VerificationStatus string
	Version            int
	Doc                string
	SourceRef          *string // "survey:<submission ID>" for providers made from a submission
	CreatedAt          time.Time
	UpdatedAt          time.Time
	DeletedAt          *time.Time
}

func (providerRow) TableName() string { return "providers" }

type locationRow struct {
	ID         string `gorm:"primaryKey"`
	ProviderID string
	Latitude   *float64
	Longitude  *float64
	Tier       string
}

func (locationRow) TableName() string { return "provider_locations" }

type locationRegionRow struct {
	LocationID string `gorm:"primaryKey"`
	SetName    string `gorm:"primaryKey"`
	SetVersion int
	Level      int `gorm:"primaryKey"`
	RegionCode string
	How        string
}

func (locationRegionRow) TableName() string { return "location_regions" }

type changeRow struct {
	ID         int64 `gorm:"primaryKey"`
	ProviderID string
	Version    int
	At         time.Time
	ActorID    string
	ActorEmail string
	Field      string
	OldValue   string
	NewValue   string
}

func (changeRow) TableName() string { return "provider_changes" }

func rowOf(p Provider) (providerRow, error) {
	doc, err := json.Marshal(p)
	if err != nil {
		return providerRow{}, err
	}
	row := providerRow{ID: p.ID, Name: p.Name, Country: p.Country, Status: p.Status,
		VerificationStatus: p.Verification.Status, Version: p.Version, Doc: string(doc),
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
	if ref := sourceRef(p.Provenance); ref != "" {
		row.SourceRef = &ref
	}
	return row, nil
}

func (r providerRow) provider() (Provider, error) {
	var p Provider
	if err := json.Unmarshal([]byte(r.Doc), &p); err != nil {
		return Provider{}, err
	}
	return p, nil
}

func locationRows(p Provider) ([]locationRow, []locationRegionRow) {
	locs := make([]locationRow, 0, len(p.Locations))
	var regs []locationRegionRow
	for _, l := range p.Locations {
		locs = append(locs, locationRow{ID: l.ID, ProviderID: p.ID, Latitude: l.Latitude, Longitude: l.Longitude, Tier: string(l.Tier)})
		for _, r := range l.Regions {
			regs = append(regs, locationRegionRow{LocationID: l.ID, SetName: r.Set, SetVersion: r.SetVersion, Level: r.Level, RegionCode: r.Code, How: r.How})
		}
	}
	return locs, regs
}

// sourceRef is the unique source of a provider made from a survey
// submission, "" for any other provenance.
func sourceRef(pv Provenance) string {
	if pv.Kind != "survey" || pv.Ref == "" {
		return ""
	}
	return "survey:" + pv.Ref
}
