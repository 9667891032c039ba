package xpath

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// ODK stores dates as "2026-01-31" and dateTimes as
// "2026-01-31T14:05:09.123+02:00" (offset or Z optional here). When used as a
// number, either becomes the number of days since 1970-01-01 UTC: a date
// counts from its own midnight UTC, so date and number convert back and forth
// exactly whatever the server's time zone; a dateTime is an instant.

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02T15:04:05.000-07:00"
	secondsPerDay  = 86400
	// Days of 0001-01-01 and 9999-12-31: the years a date string can hold.
	minDays = -719162
	maxDays = 2932896
)

// parseISO parses an ISO date or dateTime. Dates come back at midnight UTC;
// dateTimes without an offset are taken as UTC.
func parseISO(s string) (t time.Time, isDateTime, ok bool) {
	if len(s) < len(dateLayout) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false, false
	}
	if !allDigits(s[:4]) || !allDigits(s[5:7]) || !allDigits(s[8:10]) {
		return time.Time{}, false, false
	}
	d, err := time.Parse(dateLayout, s[:10])
	if err != nil { // month or day out of range
		return time.Time{}, false, false
	}
	if len(s) == 10 {
		return d, false, true
	}
	if s[10] != 'T' {
		return time.Time{}, false, false
	}
	clock, loc, ok := parseClock(s[11:])
	if !ok {
		return time.Time{}, false, false
	}
	t = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).Add(clock)
	return t, true, true
}

// parseClock parses "HH:MM[:SS[.fff]][Z|±HH[:MM]]" into the time since
// midnight and the zone.
func parseClock(s string) (time.Duration, *time.Location, bool) {
	num := func(part string, max int) (int, bool) {
		if len(part) != 2 || !allDigits(part) {
			return 0, false
		}
		n, _ := strconv.Atoi(part)
		return n, n <= max
	}
	zoneAt := strings.IndexAny(s, "Z+-")
	clock, zone := s, ""
	if zoneAt >= 0 {
		clock, zone = s[:zoneAt], s[zoneAt:]
	}
	clock, frac, hasFrac := strings.Cut(clock, ".")
	parts := strings.Split(clock, ":")
	if len(parts) < 2 || len(parts) > 3 || (hasFrac && (len(parts) != 3 || frac == "" || !allDigits(frac))) {
		return 0, nil, false
	}
	h, okH := num(parts[0], 23)
	m, okM := num(parts[1], 59)
	sec, okS := 0, true
	if len(parts) == 3 {
		sec, okS = num(parts[2], 59)
	}
	if !okH || !okM || !okS {
		return 0, nil, false
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second
	if hasFrac {
		frac = (frac + "000000000")[:9]
		ns, _ := strconv.Atoi(frac)
		d += time.Duration(ns)
	}
	loc, ok := parseZone(zone)
	return d, loc, ok
}

func parseZone(zone string) (*time.Location, bool) {
	switch zone {
	case "", "Z":
		return time.UTC, true
	}
	sign := 1
	if zone[0] == '-' {
		sign = -1
	}
	zone = zone[1:]
	hh, mm, hasColon := strings.Cut(zone, ":")
	if !hasColon && len(zone) == 4 {
		hh, mm = zone[:2], zone[2:]
	} else if !hasColon {
		mm = "00"
	}
	if len(hh) != 2 || len(mm) != 2 || !allDigits(hh) || !allDigits(mm) {
		return nil, false
	}
	h, _ := strconv.Atoi(hh)
	m, _ := strconv.Atoi(mm)
	if h > 14 || m > 59 {
		return nil, false
	}
	return time.FixedZone("", sign*(h*3600+m*60)), true
}

// dateToDays converts an ISO date or dateTime string to days since the epoch.
func dateToDays(s string) (float64, bool) {
	if len(s) < len(dateLayout) || s[4] != '-' { // fast path for ordinary numbers
		return 0, false
	}
	t, _, ok := parseISO(s)
	if !ok {
		return 0, false
	}
	return timeToDays(t), true
}

func timeToDays(t time.Time) float64 {
	return float64(t.Unix())/secondsPerDay + float64(t.Nanosecond())/(secondsPerDay*1e9)
}

// daysToTime converts days since the epoch to a UTC time, refusing numbers
// outside the years 1 to 9999.
func daysToTime(days float64) (time.Time, bool) {
	if math.IsNaN(days) || days < minDays || days >= maxDays+1 {
		return time.Time{}, false
	}
	secs := days * secondsPerDay
	whole := math.Floor(secs)
	ns := math.Round((secs - whole) * 1e9)
	return time.Unix(int64(whole), int64(ns)).UTC(), true
}

// toTime interprets v as a date for date(), format-date() and friends:
// a number (or a string holding one) counts days since the epoch; a string
// must be an ISO date or dateTime. empty is true for "" and NaN, which
// ODK treats as "no date" rather than as an error.
func toTime(v Value) (t time.Time, isDateTime, empty, ok bool) {
	if v.kind == KindBool {
		return time.Time{}, false, false, false
	}
	if v.kind == KindNumber {
		if math.IsNaN(v.n) {
			return time.Time{}, false, true, true
		}
		t, ok := daysToTime(v.n)
		return t, false, false, ok
	}
	s := strings.Trim(v.s, " \t\r\n")
	if s == "" {
		return time.Time{}, false, true, true
	}
	if t, isDT, ok := parseISO(s); ok {
		return t, isDT, false, true
	}
	if isXPathNumber(s) {
		n, _ := strconv.ParseFloat(s, 64)
		t, ok := daysToTime(n)
		return t, false, false, ok
	}
	return time.Time{}, false, false, false
}

var (
	shortMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	shortDays   = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
)

// formatDate implements format-date's %-directives. Unknown directives are
// copied as they are; names are English.
func formatDate(t time.Time, format string) string {
	var b strings.Builder
	pad := func(n, width int) {
		s := strconv.Itoa(n)
		for i := len(s); i < width; i++ {
			b.WriteByte('0')
		}
		b.WriteString(s)
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		switch format[i] {
		case 'Y':
			pad(t.Year(), 4)
		case 'y':
			pad(t.Year()%100, 2)
		case 'm':
			pad(int(t.Month()), 2)
		case 'n':
			pad(int(t.Month()), 1)
		case 'b':
			b.WriteString(shortMonths[t.Month()-1])
		case 'd':
			pad(t.Day(), 2)
		case 'e':
			pad(t.Day(), 1)
		case 'a':
			b.WriteString(shortDays[t.Weekday()])
		case 'H':
			pad(t.Hour(), 2)
		case 'h':
			pad(t.Hour(), 1)
		case 'M':
			pad(t.Minute(), 2)
		case 'S':
			pad(t.Second(), 2)
		case '3':
			pad(t.Nanosecond()/1e6, 3)
		default:
			b.WriteByte('%')
			b.WriteByte(format[i])
		}
	}
	return b.String()
}
