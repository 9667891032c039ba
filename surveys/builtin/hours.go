package builtin

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/haven-project/haven/mapping"
)

// Opening hours as field teams write them: "24/7", or rules separated by
// semicolons, each a list of days and a time span:
//
//	mo-fr 08:30-16:30; sa 09:00-12:00
//	mo,we,fr 9.00-12.00
//	sa-su 00:00-24:00        (the whole day)
//	mo-su 18:00-08:00        (overnight)
//
// Days are mo tu we th fr sa su, single or as ranges (mo-fr), separated by
// commas. Case does not matter. hoursPattern is what the form's constraint
// checks (on the lower-cased text); parseHours reads the same language.
const (
	dayPattern      = `(mo|tu|we|th|fr|sa|su)`
	dayRangePattern = dayPattern + `(\s*-\s*` + dayPattern + `)?`
	daysPattern     = dayRangePattern + `(\s*,\s*` + dayRangePattern + `)*`
	timePattern     = `(([01]?[0-9]|2[0-3])[:.][0-5][0-9]|24[:.]00)`
	rulePattern     = daysPattern + `\s+` + timePattern + `\s*-\s*` + timePattern
	hoursPattern    = `^\s*(24/7|` + rulePattern + `(\s*;\s*` + rulePattern + `)*\s*;?)\s*$`
)

var (
	hoursRule = regexp.MustCompile(`^(?P<days>` + daysPattern + `)\s+(?P<opens>` + timePattern + `)\s*-\s*(?P<closes>` + timePattern + `)$`)
	dayRange  = regexp.MustCompile(`^` + dayPattern + `(?:\s*-\s*` + dayPattern + `)?$`)
	clock     = regexp.MustCompile(`^([0-9]{1,2})[:.]([0-9]{2})$`)
)

// hoursExample is shown in messages about hours.
const hoursExample = "mo-fr 08:30-16:30; sa 09:00-12:00"

// parseHours reads opening hours. The error says, for people, what is wrong.
func parseHours(s string) ([]mapping.Schedule, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "24/7" {
		return []mapping.Schedule{allWeek()}, nil
	}
	var out []mapping.Schedule
	for _, part := range strings.Split(s, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		m := hoursRule.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("%q is not days and times such as %s", part, hoursExample)
		}
		days, err := parseDays(m[hoursRule.SubexpIndex("days")])
		if err != nil {
			return nil, err
		}
		opens, closes := clockTime(m[hoursRule.SubexpIndex("opens")]), clockTime(m[hoursRule.SubexpIndex("closes")])
		sc := mapping.Schedule{Days: days}
		switch {
		case opens == "00:00" && closes == "24:00":
			sc.AllDay = true
		case opens == "24:00":
			return nil, fmt.Errorf("%q: a day opens at 00:00, not 24:00", part)
		case opens == closes:
			return nil, fmt.Errorf("%q opens and closes at the same time; write 00:00-24:00 for the whole day", part)
		default:
			if closes == "24:00" {
				closes = "00:00" // open until midnight
			}
			sc.Opens, sc.Closes = opens, closes
		}
		out = append(out, sc)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("write the days and times, such as %s", hoursExample)
	}
	return out, nil
}

func allWeek() mapping.Schedule {
	return mapping.Schedule{Days: slices.Clone(mapping.WeekDays), AllDay: true}
}

// weekdays is what the "weekdays" answer means.
func weekdays() mapping.Schedule {
	return mapping.Schedule{Days: slices.Clone(mapping.WeekDays[:5]), Opens: "08:00", Closes: "17:00"}
}

// parseDays reads "mo-fr,su" into the days in week order.
func parseDays(s string) ([]string, error) {
	seen := map[int]bool{}
	for _, r := range strings.Split(s, ",") {
		m := dayRange.FindStringSubmatch(strings.TrimSpace(r))
		if m == nil {
			return nil, fmt.Errorf("%q is not a day or a range of days such as mo-fr", strings.TrimSpace(r))
		}
		from, to := slices.Index(mapping.WeekDays, m[1]), slices.Index(mapping.WeekDays, m[1])
		if m[2] != "" {
			to = slices.Index(mapping.WeekDays, m[2])
		}
		if to < from {
			return nil, fmt.Errorf("%q runs backwards: weeks run from mo to su (write %s,%s)", strings.TrimSpace(r),
				formatDays(mapping.WeekDays[from:]), formatDays(mapping.WeekDays[:to+1]))
		}
		for i := from; i <= to; i++ {
			seen[i] = true
		}
	}
	var days []string
	for i, d := range mapping.WeekDays {
		if seen[i] {
			days = append(days, d)
		}
	}
	return days, nil
}

// clockTime writes 8.30 as 08:30.
func clockTime(s string) string {
	m := clock.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	h := m[1]
	if len(h) == 1 {
		h = "0" + h
	}
	return h + ":" + m[2]
}

// formatHours writes schedules in the language parseHours reads.
func formatHours(scs []mapping.Schedule) string {
	if len(scs) == 1 && isAllWeek(scs[0]) {
		return "24/7"
	}
	parts := make([]string, 0, len(scs))
	for _, sc := range scs {
		span := sc.Opens + "-" + sc.Closes
		if sc.AllDay {
			span = "00:00-24:00"
		}
		parts = append(parts, formatDays(sc.Days)+" "+span)
	}
	return strings.Join(parts, "; ")
}

func isAllWeek(sc mapping.Schedule) bool {
	return sc.AllDay && slices.Equal(sortedDays(sc.Days), mapping.WeekDays)
}

// formatDays writes days as runs: mo-fr,su.
func formatDays(days []string) string {
	idx := []int{}
	for _, d := range sortedDays(days) {
		idx = append(idx, slices.Index(mapping.WeekDays, d))
	}
	var runs []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		run := mapping.WeekDays[idx[i]]
		if j > i {
			run += "-" + mapping.WeekDays[idx[j]]
		}
		runs = append(runs, run)
		i = j + 1
	}
	return strings.Join(runs, ",")
}

// sortedDays returns the known days among days, in week order, once each.
func sortedDays(days []string) []string {
	var out []string
	for _, d := range mapping.WeekDays {
		if slices.Contains(days, d) {
			out = append(out, d)
		}
	}
	return out
}
