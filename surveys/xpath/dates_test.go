package xpath

import (
	"testing"
	"time"
)

func TestDateFunctions(t *testing.T) {
	runEval(t, []evalCase{
		{"today()", String("2026-03-15")},
		{"now()", String("2026-03-15T10:30:00.250+02:00")},
		{"date('2026-01-01')", String("2026-01-01")},
		{"date(' 2026-01-01 ')", String("2026-01-01")},
		{"date('2026-03-10T23:30:00-05:00')", String("2026-03-10")}, // its own calendar date
		{"date(20454)", String("2026-01-01")},
		{"date(20454.9)", String("2026-01-01")},
		{"date(0)", String("1970-01-01")},
		{"date(-1)", String("1969-12-31")},
		{"date(-0.5)", String("1969-12-31")},
		{"date(${days})", String("2026-01-01")},
		{"date(today() + 1)", String("2026-03-16")},
		{"date(${dob} + 1)", String("2000-03-01")},
		{"date('2026-01-01') + 1", Number(20455)},
		{"date(${x})", String("")},
		{"date(number(''))", String("")},
		{"date('') = ''", yes},
		{"decimal-date-time('1970-01-02T12:00:00Z')", Number(1.5)},
		{"decimal-date-time('1970-01-02')", Number(1)},
		{"decimal-date-time(2.25)", Number(2.25)},
		{"decimal-date-time('x')", nan},
		{"decimal-date-time(now()) - decimal-date-time('2026-03-15T08:30:00.250Z')", Number(0)},
		{"format-date('2026-03-05', '%Y-%m-%d')", String("2026-03-05")},
		{"format-date('2026-03-05', '%d/%m/%y')", String("05/03/26")},
		{"format-date('2026-03-05', '%e %b %Y, %a')", String("5 Mar 2026, Thu")},
		{"format-date('2026-11-25', '%n/%e')", String("11/25")},
		{"format-date('2026-03-05', '%H:%M:%S')", String("00:00:00")},
		{"format-date('2026-03-05T07:08:09.012+03:00', '%H:%M:%S.%3 %h')", String("07:08:09.012 7")},
		{"format-date-time('2026-03-05T17:08:09Z', '%Y %H:%M')", String("2026 17:08")},
		{"format-date(20454, '%Y-%m-%d')", String("2026-01-01")},
		{"format-date(today(), '%d %b')", String("15 Mar")},
		{"format-date('2026-03-05', '100%% %q %')", String("100%% %q %")},
		{"format-date(${x}, '%Y')", String("")},
		{"format-date('0001-01-01', '%Y %y')", String("0001 01")},
	})
}

func TestDateErrors(t *testing.T) {
	for expr, want := range map[string]string{
		"date('tomorrow')":                `date() cannot read "tomorrow" as a date at character 1`,
		"date('2026-02-30')":              `date() cannot read "2026-02-30" as a date at character 1`,
		"date(true())":                    `date() cannot read "true" as a date at character 1`,
		"date(1 div 0)":                   `date() cannot read "Infinity" as a date at character 1`,
		"date(3000000)":                   `date() cannot read "3000000" as a date at character 1`,
		"1 + format-date('x', '%Y')":      `format-date() cannot read "x" as a date at character 5`,
		"format-date-time('31/12', '%Y')": `format-date-time() cannot read "31/12" as a date at character 1`,
	} {
		_, err := mustCompile(t, expr).Eval(newContext(""))
		if err == nil || err.Error() != want {
			t.Errorf("%s: error = %v, want %q", expr, err, want)
		}
	}
}

func TestParseISO(t *testing.T) {
	tests := []struct {
		in     string
		want   time.Time
		isDT   bool
		wantOK bool
	}{
		{"2026-01-31", time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC), false, true},
		{"2024-02-29", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), false, true},
		{"2026-01-31T14:05", time.Date(2026, 1, 31, 14, 5, 0, 0, time.UTC), true, true},
		{"2026-01-31T14:05:09", time.Date(2026, 1, 31, 14, 5, 9, 0, time.UTC), true, true},
		{"2026-01-31T14:05:09.5Z", time.Date(2026, 1, 31, 14, 5, 9, 500e6, time.UTC), true, true},
		{"2026-01-31T14:05:09.123456789+02:00", time.Date(2026, 1, 31, 12, 5, 9, 123456789, time.UTC), true, true},
		{"2026-01-31T14:05:09-0330", time.Date(2026, 1, 31, 17, 35, 9, 0, time.UTC), true, true},
		{"2026-01-31T14:05+05", time.Date(2026, 1, 31, 9, 5, 0, 0, time.UTC), true, true},
		{"2026-01-31T23:59:59.999-14:00", time.Date(2026, 2, 1, 13, 59, 59, 999e6, time.UTC), true, true},
		{"2025-02-29", time.Time{}, false, false},
		{"2026-1-31", time.Time{}, false, false},
		{"2026-01-31 14:05", time.Time{}, false, false},
		{"2026-01-31T", time.Time{}, false, false},
		{"2026-01-31T14", time.Time{}, false, false},
		{"2026-01-31T14:5", time.Time{}, false, false},
		{"2026-01-31T14:05:60", time.Time{}, false, false},
		{"2026-01-31T14:05:09.", time.Time{}, false, false},
		{"2026-01-31T14:05.5", time.Time{}, false, false},
		{"2026-01-31T14:05:09+15:00", time.Time{}, false, false},
		{"2026-01-31T14:05:09+02:60", time.Time{}, false, false},
		{"2026-01-31T14:05:09+2", time.Time{}, false, false},
		{"2026-01-31T14:05:09Zulu", time.Time{}, false, false},
		{"２０２６-01-31", time.Time{}, false, false},
		{"abcd-ef-gh", time.Time{}, false, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, isDT, ok := parseISO(tc.in)
			if ok != tc.wantOK || isDT != tc.isDT || (ok && !got.Equal(tc.want)) {
				t.Errorf("parseISO(%q) = %v, %v, %v; want %v, %v, %v", tc.in, got, isDT, ok, tc.want, tc.isDT, tc.wantOK)
			}
		})
	}
}

func TestDaysRoundTrip(t *testing.T) {
	for _, d := range []string{"0001-01-01", "1969-12-31", "1970-01-01", "2000-02-29", "2026-03-15", "9999-12-31"} {
		t.Run(d, func(t *testing.T) {
			days := String(d).Number()
			back, ok := daysToTime(days)
			if !ok || back.Format(dateLayout) != d {
				t.Errorf("%s -> %v days -> %v, %v", d, days, back, ok)
			}
		})
	}
	if d := String("0001-01-01").Number(); d != minDays {
		t.Errorf("0001-01-01 is %v days, minDays is %d", d, minDays)
	}
	if d := String("9999-12-31").Number(); d != maxDays {
		t.Errorf("9999-12-31 is %v days, maxDays is %d", d, maxDays)
	}
	for _, days := range []float64{minDays - 1, maxDays + 1} {
		if _, ok := daysToTime(days); ok {
			t.Errorf("daysToTime(%v) accepted a day outside years 1-9999", days)
		}
	}
}

func TestTodayUsesContextZone(t *testing.T) {
	// 23:30 on the 14th in UTC is already the 15th in Nairobi (UTC+3).
	ctx := newContext("")
	ctx.now = time.Date(2026, 3, 14, 23, 30, 0, 0, time.UTC).In(time.FixedZone("EAT", 3*3600))
	if got := mustEval(t, "today()", ctx).String(); got != "2026-03-15" {
		t.Errorf("today() = %q, want the local date 2026-03-15", got)
	}
	if got := mustEval(t, "now()", ctx).String(); got != "2026-03-15T02:30:00.000+03:00" {
		t.Errorf("now() = %q", got)
	}
}
