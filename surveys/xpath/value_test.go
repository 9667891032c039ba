package xpath

import (
	"math"
	"testing"
)

func TestValueString(t *testing.T) {
	tenth := 0.1 // a variable, so that the compiler does not add exactly
	tests := []struct {
		name string
		v    Value
		want string
	}{
		{"string", String("abc"), "abc"},
		{"node", Node("7"), "7"},
		{"zero value", Value{}, ""},
		{"integer", Number(42), "42"},
		{"negative integer", Number(-3), "-3"},
		{"fraction", Number(1.5), "1.5"},
		{"small fraction", Number(0.001), "0.001"},
		{"no exponent for big", Number(1e21), "1000000000000000000000"},
		{"no exponent for small", Number(1e-7), "0.0000001"},
		{"negative zero", Number(math.Copysign(0, -1)), "0"},
		{"NaN", Number(math.NaN()), "NaN"},
		{"Infinity", Number(math.Inf(1)), "Infinity"},
		{"-Infinity", Number(math.Inf(-1)), "-Infinity"},
		{"float noise kept", Number(tenth + 2*tenth), "0.30000000000000004"},
		{"true", Bool(true), "true"},
		{"false", Bool(false), "false"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v.String(); got != tc.want {
				t.Errorf("String() = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestValueNumber(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		v    Value
		want float64
	}{
		{"empty string is NaN", String(""), nan},
		{"empty node is NaN", Node(""), nan},
		{"integer", String("12"), 12},
		{"negative", String("-12"), -12},
		{"decimal", Node("1.25"), 1.25},
		{"leading dot", String(".5"), 0.5},
		{"trailing dot", String("5."), 5},
		{"surrounding whitespace", String(" \t42\n "), 42},
		{"inner whitespace", String("4 2"), nan},
		{"plus sign", String("+5"), nan},
		{"exponent", String("1e3"), nan},
		{"hex", String("0x10"), nan},
		{"word", String("abc"), nan},
		{"Infinity word", String("Infinity"), nan},
		{"NaN word", String("NaN"), nan},
		{"lone minus", String("-"), nan},
		{"lone dot", String("."), nan},
		{"two dots", String("1.2.3"), nan},
		{"double minus", String("--1"), nan},
		{"minus space", String("- 1"), nan},
		{"true", Bool(true), 1},
		{"false", Bool(false), 0},
		{"number", Number(2.5), 2.5},
		{"epoch date", String("1970-01-01"), 0},
		{"date", Node("2026-01-01"), 20454},
		{"date before epoch", String("1969-12-31"), -1},
		{"leap day", String("2000-02-29"), 11016},
		{"dateTime UTC", String("1970-01-02T12:00:00Z"), 1.5},
		{"dateTime no zone is UTC", String("1970-01-02T06:00"), 1.25},
		{"dateTime offset", String("1970-01-02T12:00:00.000+12:00"), 1},
		{"dateTime negative offset", String("1970-01-01T18:00:00-06:00"), 1},
		{"dateTime millis", String("1970-01-01T00:00:00.864Z"), 0.00001},
		{"invalid day", String("2026-02-30"), nan},
		{"invalid month", String("2026-13-01"), nan},
		{"short year", String("226-01-01"), nan},
		{"date with junk", String("2026-01-01x"), nan},
		{"dateTime bad hour", String("2026-01-01T24:00"), nan},
		{"dateTime bad zone", String("2026-01-01T10:00+1"), nan},
		{"slashes", String("2026/01/01"), nan},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.v.Number()
			if math.IsNaN(tc.want) {
				if !math.IsNaN(got) {
					t.Errorf("Number() = %v, want NaN", got)
				}
				return
			}
			if math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Number() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestValueBool(t *testing.T) {
	tests := []struct {
		name string
		v    Value
		want bool
	}{
		{"empty string", String(""), false},
		{"string", String("a"), true},
		{"string false is true", String("false"), true},
		{"string 0 is true", String("0"), true},
		{"space is true", String(" "), true},
		{"empty node (unanswered question)", Node(""), false},
		{"answered node", Node("no"), true},
		{"zero", Number(0), false},
		{"negative zero", Number(math.Copysign(0, -1)), false},
		{"NaN", Number(math.NaN()), false},
		{"one", Number(1), true},
		{"negative", Number(-0.1), true},
		{"infinity", Number(math.Inf(1)), true},
		{"true", Bool(true), true},
		{"false", Bool(false), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.v.Bool(); got != tc.want {
				t.Errorf("Bool() = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindString: "string", KindNumber: "number", KindBool: "boolean", KindNode: "node", Kind(9): "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}
