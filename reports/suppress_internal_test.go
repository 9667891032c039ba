package reports

import (
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/haven-project/haven"
)

// unmetRows is a report of districts (level 2) in two provinces of one
// country, with unmet demand of two service types: by service, region code
// and count (0: none reported, nil).
func unmetRows(counts map[string]map[string]float64) []*Row {
	parentOf := map[string]string{"D1": "P1", "D2": "P1", "D3": "P2", "P1": "", "P2": ""}
	var rows []*Row
	for _, svc := range slices.Sorted(maps.Keys(counts)) {
		c := counts[svc]
		add := func(code string, level int, n float64) {
			r := &Row{RegionCode: code, Level: level, ParentCode: parentOf[code], Service: svc}
			if n > 0 {
				r.UnmetDemand = &n
			}
			rows = append(rows, r)
		}
		for _, d := range []string{"D1", "D2", "D3"} {
			add(d, 2, c[d])
		}
		add("P1", 1, c["D1"]+c["D2"])
		add("P2", 1, c["D3"])
		add("TH", 0, c["D1"]+c["D2"]+c["D3"])
	}
	return rows
}

// shown is what rows show of unmet demand, by service/code: the count, or
// "withheld"; rows without unmet demand are left out.
func shown(rows []*Row) map[string]string {
	out := map[string]string{}
	for _, r := range rows {
		switch {
		case r.UnmetDemandSuppressed && r.UnmetDemand != nil:
			out[r.Service+"/"+r.RegionCode] = "withheld but shown"
		case r.UnmetDemandSuppressed:
			out[r.Service+"/"+r.RegionCode] = "withheld"
		case r.UnmetDemand != nil:
			out[r.Service+"/"+r.RegionCode] = num(r.UnmetDemand)
		}
	}
	return out
}

func TestSuppressUnmet(t *testing.T) {
	counts := map[string]map[string]float64{
		"accommodation": {"D1": 3, "D2": 20, "D3": 15},
		"legal_aid":     {"D1": 12, "D3": 7},
	}
	tests := []struct {
		k    int
		want map[string]string
	}{
		{5, map[string]string{
			// D1's 3 is withheld, and so is every sum holding it: P1 and the
			// country. P1 − D2 or TH − D2 − D3 would give D1 away.
			"accommodation/D1": "withheld", "accommodation/D2": "20", "accommodation/D3": "15",
			"accommodation/P1": "withheld", "accommodation/P2": "15", "accommodation/TH": "withheld",
			"legal_aid/D1": "12", "legal_aid/D3": "7", "legal_aid/P1": "12", "legal_aid/P2": "7", "legal_aid/TH": "19",
		}},
		{11, map[string]string{
			"accommodation/D1": "withheld", "accommodation/D2": "20", "accommodation/D3": "15",
			"accommodation/P1": "withheld", "accommodation/P2": "15", "accommodation/TH": "withheld",
			"legal_aid/D1": "12", "legal_aid/D3": "withheld", "legal_aid/P1": "12", "legal_aid/P2": "withheld", "legal_aid/TH": "withheld",
		}},
		{1, map[string]string{
			"accommodation/D1": "3", "accommodation/D2": "20", "accommodation/D3": "15",
			"accommodation/P1": "23", "accommodation/P2": "15", "accommodation/TH": "38",
			"legal_aid/D1": "12", "legal_aid/D3": "7", "legal_aid/P1": "12", "legal_aid/P2": "7", "legal_aid/TH": "19",
		}},
	}
	for _, tc := range tests {
		rows := unmetRows(counts)
		n := suppressUnmet(rows, tc.k)
		got := shown(rows)
		if !maps.Equal(got, tc.want) {
			t.Errorf("k = %d:\n got %v\nwant %v", tc.k, got, tc.want)
		}
		withheld := 0
		for _, v := range tc.want {
			if v == "withheld" {
				withheld++
			}
		}
		if n != withheld {
			t.Errorf("k = %d: %d withheld, want %d", tc.k, n, withheld)
		}
		checkNoneRecoverable(t, rows)
	}

	// Withholding again for a file keeps what the API withheld: k = 5
	// then k = 11 is k = 11.
	twice := unmetRows(counts)
	suppressUnmet(twice, 5)
	suppressUnmet(twice, 11)
	once := unmetRows(counts)
	suppressUnmet(once, 11)
	if !maps.Equal(shown(twice), shown(once)) {
		t.Errorf("k = 5 then 11: %v\nk = 11: %v", shown(twice), shown(once))
	}
}

// checkNoneRecoverable checks that no withheld count of a region can be
// worked out from what is shown: every roll-up adding it up is withheld.
func checkNoneRecoverable(t *testing.T, rows []*Row) {
	t.Helper()
	deepest := 0
	for _, r := range rows {
		deepest = max(deepest, r.Level)
	}
	byCode := map[string]*Row{}
	for _, r := range rows {
		byCode[r.Service+"/"+r.RegionCode] = r
	}
	for _, r := range rows {
		if r.Level != deepest || !r.UnmetDemandSuppressed {
			continue
		}
		for p := byCode[r.Service+"/"+r.ParentCode]; p != nil; p = byCode[p.Service+"/"+p.ParentCode] {
			if !p.UnmetDemandSuppressed {
				t.Errorf("%s/%s is withheld but its parent %s shows %s", r.Service, r.RegionCode, p.RegionCode, num(p.UnmetDemand))
			}
			if p.ParentCode == "" {
				break
			}
		}
		for _, c := range rows {
			if c.Level == 0 && c.Service == r.Service && !c.UnmetDemandSuppressed {
				t.Errorf("%s/%s is withheld but the country total %s shows %s", r.Service, r.RegionCode, c.RegionCode, num(c.UnmetDemand))
			}
		}
	}
}

// A report without unmet demand is left as it is; one with it gets a copy
// with the counts withheld and one method note, however often withheld.
func TestWithUnmetWithheld(t *testing.T) {
	plain := &Report{Regions: []Row{{RegionCode: "D1", Level: 1, Service: "accommodation"}}, Method: MethodNote{Notes: []string{"a note"}}}
	if got := withUnmetWithheld(plain, 5); got != plain {
		t.Error("a report without unmet demand was copied")
	}
	three, twelve := 3.0, 12.0
	rep := &Report{
		Regions:   []Row{{RegionCode: "D1", Level: 1, Service: "accommodation", UnmetDemand: &three}, {RegionCode: "D2", Level: 1, Service: "accommodation", UnmetDemand: &twelve}},
		Countries: []Row{{RegionCode: "TH", Level: 0, Service: "accommodation", UnmetDemand: ptr(15.0)}},
		Method:    MethodNote{Notes: []string{"a note"}},
	}
	api := withUnmetWithheld(rep, 5)
	file := withUnmetWithheld(api, 11)
	if rep.Regions[0].UnmetDemand == nil || rep.Regions[0].UnmetDemandSuppressed || len(rep.Method.Notes) != 1 {
		t.Errorf("the report itself changed: %+v", rep)
	}
	if api.Regions[0].UnmetDemand != nil || !api.Regions[0].UnmetDemandSuppressed || api.Regions[1].UnmetDemand == nil || !api.Countries[0].UnmetDemandSuppressed {
		t.Errorf("for analysts: %+v %+v", api.Regions, api.Countries)
	}
	if file.Regions[1].UnmetDemand == nil || *file.Regions[1].UnmetDemand != 12 {
		t.Errorf("12 needs in a file: %+v", file.Regions[1])
	}
	notes := file.Method.Notes
	if len(notes) != 2 || notes[0] != "a note" || !strings.HasPrefix(notes[1], unmetNotePrefix) || !strings.Contains(notes[1], "at least 11 needs") {
		t.Errorf("notes: %q", notes)
	}
}

func ptr[T any](v T) *T { return &v }

func TestCheckUnmetNorms(t *testing.T) {
	tests := []struct {
		max   float64
		field string
	}{
		{0, ""}, {10, ""}, {25, ""}, {1, "rules.norms.legal_aid.max_unmet_demand"}, {9, "rules.norms.legal_aid.max_unmet_demand"},
	}
	for _, tc := range tests {
		err := checkUnmetNorms(&GapRules{Norms: map[string]Norm{"legal_aid": {MaxUnmetDemand: ptr(tc.max)}}}, 11)
		if (err == nil) != (tc.field == "") || (err != nil && !strings.Contains(err.Error()+fieldsOf(err), tc.field)) {
			t.Errorf("max %v: %v, want a problem on %q", tc.max, err, tc.field)
		}
	}
	if err := checkUnmetNorms(&GapRules{Default: &Norm{MaxUnmetDemand: ptr(3.0)}}, 11); err == nil || !strings.Contains(fieldsOf(err), "rules.default.max_unmet_demand") {
		t.Errorf("a default of 3: %v", err)
	}
	if err := checkUnmetNorms(nil, 11); err != nil {
		t.Errorf("no rules: %v", err)
	}
}

// fieldsOf lists the fields a haven.Error names.
func fieldsOf(err error) string {
	var he *haven.Error
	if !errors.As(err, &he) {
		return ""
	}
	var out []string
	for _, f := range he.Fields {
		out = append(out, f.Field)
	}
	return strings.Join(out, " ")
}
