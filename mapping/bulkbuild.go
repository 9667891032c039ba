package mapping

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/haven-project/haven"
)

// bulkBuilder turns template rows into providers, remembering which row
// made each part, so that a problem found later names its row and column.
type bulkBuilder struct {
	known     map[string]bool
	providers []Provider
	byKey     map[string]int
	firstRow  []int
	broken    []bool
	rowOf     []map[string]int // per provider: "services[2]" → row
	problems  []RowProblem
}

func newBulkBuilder(known map[string]bool) *bulkBuilder {
	return &bulkBuilder{known: known, byKey: map[string]int{}}
}

func (b *bulkBuilder) add(r tableRow) {
	c := r.cells
	bad := func(column, format string, args ...any) {
		b.problems = append(b.problems, RowProblem{Row: r.line, Column: column, Message: fmt.Sprintf(format, args...)})
	}
	key := c["provider_key"]
	if key == "" {
		bad("provider_key", "is empty; give every row of one provider the same key")
		return
	}
	i, seen := b.byKey[key]
	if !seen {
		i = len(b.providers)
		b.byKey[key] = i
		b.providers = append(b.providers, Provider{Name: c["name"], OrgType: c["org_type"], Country: c["country"],
			Description: c["description"], Website: c["website"], Email: c["email"], Status: c["status"],
			Provenance: Provenance{Kind: "import", Ref: "bulk template"}})
		b.firstRow = append(b.firstRow, r.line)
		b.broken = append(b.broken, false)
		b.rowOf = append(b.rowOf, map[string]int{})
	}
	p := &b.providers[i]
	problemsBefore := len(b.problems)

	locID := ""
	lat, okLat := floatCell(c["latitude"])
	lon, okLon := floatCell(c["longitude"])
	if !okLat {
		bad("latitude", "%q is not a number", c["latitude"])
	}
	if !okLon {
		bad("longitude", "%q is not a number", c["longitude"])
	}
	if c["location_name"] != "" || lat != nil || lon != nil || c["address"] != "" || c["city"] != "" {
		locID = b.location(i, r, lat, lon)
	}
	if c["service_type"] == "" {
		bad("service_type", "is empty; every row is one service, such as accommodation.emergency")
	} else {
		s := Service{Type: c["service_type"], Description: c["service_description"], Languages: listCell(c["languages"]),
			Eligibility: Eligibility{Genders: listCell(c["genders"]), LegalStatuses: listCell(c["legal_statuses"]),
				TraffickingForms: listCell(c["trafficking_forms"]), VictimStatus: c["victim_status"]},
			Cost: Cost{Kind: c["cost"], Note: c["cost_note"]}, Access: Access{NextStep: c["next_step"]}}
		if locID != "" {
			s.LocationIDs = []string{locID}
		}
		var ok bool
		if s.Eligibility.MinAge, ok = intCell(c["min_age"]); !ok {
			bad("min_age", "%q is not a whole number", c["min_age"])
		}
		if s.Eligibility.MaxAge, ok = intCell(c["max_age"]); !ok {
			bad("max_age", "%q is not a whole number", c["max_age"])
		}
		for col, dst := range map[string]*bool{"interpretation": &s.Interpreting, "walk_in": &s.Access.WalkIn, "referral_required": &s.Access.ReferralRequired} {
			if *dst, ok = yesNo(c[col]); !ok {
				bad(col, "%q is not yes or no", c[col])
			}
		}
		total, okT := intCell(c["capacity_total"])
		avail, okA := intCell(c["capacity_available"])
		if !okT {
			bad("capacity_total", "%q is not a whole number", c["capacity_total"])
		}
		if !okA {
			bad("capacity_available", "%q is not a whole number", c["capacity_available"])
		}
		if total != nil || avail != nil || c["capacity_unit"] != "" {
			s.Capacity = &Capacity{Unit: c["capacity_unit"], Total: total, Available: avail}
		}
		if s.Schedules, ok = parseHours(c["hours"]); !ok {
			bad("hours", "%q is not 24/7 or days and times such as mo-fr 08:30-16:30", c["hours"])
		}
		b.rowOf[i][fmt.Sprintf("services[%d]", len(p.Services))] = r.line
		p.Services = append(p.Services, s)
	}
	b.channel(i, r, "hotline", c["hotline"], TierPublic, "")
	phoneTier := Tier(c["phone_tier"])
	if phoneTier == "" {
		phoneTier = Tier(c["tier"])
	}
	b.channel(i, r, "phone", c["phone"], phoneTier, locID)
	if len(b.problems) > problemsBefore {
		b.broken[i] = true
	}
}

// location returns the ID of the provider's location for this row, adding
// it on first sight. A location is known by its name, else its coordinates.
func (b *bulkBuilder) location(i int, r tableRow, lat, lon *float64) string {
	c := r.cells
	p := &b.providers[i]
	for _, l := range p.Locations {
		if (c["location_name"] != "" && l.Name == c["location_name"]) ||
			(c["location_name"] == "" && l.Name == "" && samePoint(l.Latitude, lat) && samePoint(l.Longitude, lon)) {
			return l.ID
		}
	}
	id := newID()
	l := Location{ID: id, Name: c["location_name"], Tier: Tier(c["tier"]), Latitude: lat, Longitude: lon}
	if c["address"] != "" || c["city"] != "" || c["province"] != "" || c["postal_code"] != "" {
		l.Address = &Address{Line1: c["address"], City: c["city"], Province: c["province"], PostalCode: c["postal_code"], Country: c["country"]}
	}
	b.rowOf[i][fmt.Sprintf("locations[%d]", len(p.Locations))] = r.line
	p.Locations = append(p.Locations, l)
	return id
}

func samePoint(a, b *float64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
}

// channel adds a phone or hotline once per provider.
func (b *bulkBuilder) channel(i int, r tableRow, kind, value string, tier Tier, locID string) {
	if value == "" {
		return
	}
	p := &b.providers[i]
	for _, ch := range p.Channels {
		if ch.Kind == kind && ch.Value == value {
			return
		}
	}
	b.rowOf[i][fmt.Sprintf("channels[%d]", len(p.Channels))] = r.line
	p.Channels = append(p.Channels, Channel{Kind: kind, Value: value, Tier: tier, LocationID: locID})
}

var itemPath = regexp.MustCompile(`^((?:services|locations|channels)\[\d+\])\.?(.*)$`)

// columnOf names the template column behind a field path of a provider.
var columnOf = map[string]string{
	"tier": "tier", "latitude": "latitude", "longitude": "longitude", "address.country": "country", "": "latitude",
	"type": "service_type", "languages": "languages", "eligibility.genders": "genders", "eligibility.min_age": "min_age",
	"eligibility.max_age": "max_age", "eligibility.legal_statuses": "legal_statuses", "eligibility.trafficking_forms": "trafficking_forms",
	"eligibility.victim_status": "victim_status", "cost.kind": "cost", "capacity.total": "capacity_total",
	"capacity.available": "capacity_available", "value": "phone", "kind": "phone",
}

// locate turns the field errors of provider i into row problems.
func (b *bulkBuilder) locate(i int, err error) []RowProblem {
	var he *haven.Error
	if !errors.As(err, &he) {
		return []RowProblem{{Row: b.firstRow[i], Message: err.Error()}}
	}
	var out []RowProblem
	for _, f := range he.Fields {
		row, column := b.firstRow[i], f.Field
		if m := itemPath.FindStringSubmatch(f.Field); m != nil {
			if r, ok := b.rowOf[i][m[1]]; ok {
				row = r
			}
			rest := m[2]
			if strings.HasPrefix(rest, "schedules") {
				column = "hours"
			} else if c, ok := columnOf[rest]; ok {
				column = c
			} else {
				column = rest
			}
			if strings.HasPrefix(m[1], "channels") && rest == "tier" {
				column = "phone_tier"
			}
		}
		out = append(out, RowProblem{Row: row, Column: column, Message: f.Message})
	}
	return out
}
