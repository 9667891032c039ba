package builtin

import (
	"reflect"
	"strings"
	"testing"

	"github.com/haven-project/haven/mapping"
)

func TestParseHours(t *testing.T) {
	weekdays := []string{"mo", "tu", "we", "th", "fr"}
	for _, tc := range []struct {
		in      string
		want    []mapping.Schedule
		problem string // part of the error; "" for none
	}{
		{in: "24/7", want: []mapping.Schedule{{Days: mapping.WeekDays, AllDay: true}}},
		{in: "mo-fr 08:30-16:30; sa 09:00-12:00", want: []mapping.Schedule{
			{Days: weekdays, Opens: "08:30", Closes: "16:30"}, {Days: []string{"sa"}, Opens: "09:00", Closes: "12:00"}}},
		{in: "  Mo-Fr 8.30 - 16.30 ;", want: []mapping.Schedule{{Days: weekdays, Opens: "08:30", Closes: "16:30"}}},
		{in: "fr,mo-tu,we 09:00-12:00", want: []mapping.Schedule{{Days: []string{"mo", "tu", "we", "fr"}, Opens: "09:00", Closes: "12:00"}}},
		{in: "sa-su 00:00-24:00", want: []mapping.Schedule{{Days: []string{"sa", "su"}, AllDay: true}}},
		{in: "mo-su 18:00-08:00", want: []mapping.Schedule{{Days: mapping.WeekDays, Opens: "18:00", Closes: "08:00"}}},
		{in: "fr 20:00-24:00", want: []mapping.Schedule{{Days: []string{"fr"}, Opens: "20:00", Closes: "00:00"}}},
		{in: "", problem: "write the days and times"},
		{in: "weekdays 8 to 5", problem: `"weekdays 8 to 5" is not days and times`},
		{in: "mo-fr 8-17", problem: "is not days and times"},
		{in: "mo-fr 08:00-17:00 sa 09:00-12:00", problem: "is not days and times"},
		{in: "mo-fr 08:00-25:00", problem: "is not days and times"},
		{in: "fr-mo 08:00-17:00", problem: "write fr-su,mo"},
		{in: "su-tu 08:00-17:00", problem: "write su,mo-tu"},
		{in: "mo 09:00-09:00", problem: "same time"},
		{in: "mo 24:00-08:00", problem: "opens at 00:00"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseHours(tc.in)
			switch {
			case tc.problem != "":
				if err == nil || !strings.Contains(err.Error(), tc.problem) {
					t.Errorf("error %v, want one saying %q", err, tc.problem)
				}
			case err != nil:
				t.Errorf("error %v", err)
			case !reflect.DeepEqual(got, tc.want):
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestFormatHoursReadsBack(t *testing.T) {
	for _, tc := range []struct {
		scs  []mapping.Schedule
		want string
	}{
		{[]mapping.Schedule{allWeek()}, "24/7"},
		{[]mapping.Schedule{weekdays()}, "mo-fr 08:00-17:00"},
		{[]mapping.Schedule{
			{Days: []string{"mo", "we", "fr", "th"}, Opens: "09:00", Closes: "15:30"},
			{Days: []string{"sa", "su"}, AllDay: true},
			{Days: []string{"tu"}, Opens: "18:00", Closes: "06:00"},
		}, "mo,we-fr 09:00-15:30; sa-su 00:00-24:00; tu 18:00-06:00"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			s := formatHours(tc.scs)
			if s != tc.want {
				t.Errorf("formatHours = %q, want %q", s, tc.want)
			}
			back, err := parseHours(s)
			if err != nil {
				t.Fatal(err)
			}
			if formatHours(back) != s {
				t.Errorf("read back as %+v", back)
			}
		})
	}
}
