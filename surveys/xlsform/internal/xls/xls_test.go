package xls

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

const data = "../../../testdata/pyxform"

func read(t *testing.T, name string) *Workbook {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, name))
	if err != nil {
		t.Fatal(err)
	}
	wb, err := Read(b)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return wb
}

func TestReadAllSamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(data, "*", "*.xls"))
	if len(files) < 10 {
		t.Fatalf("only %d .xls samples", len(files))
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		if _, err := Read(b); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
		}
	}
}

func TestCells(t *testing.T) {
	wb := read(t, "example_xls/default_time_demo.xls")
	if len(wb.Sheets) != 2 || wb.Sheets[0].Name != "survey" || wb.Sheets[1].Name != "settings" {
		t.Fatalf("sheets = %+v", wb.Sheets)
	}
	rows := wb.Sheets[0].Rows
	if got := rows[1][0]; got.Kind != String || got.Text != "time" {
		t.Errorf("A2 = %+v", got)
	}
	// A time of day, formatted as a time: a date cell below 1.
	if got := rows[1][3]; got.Kind != Date || got.Num < 0.3958 || got.Num > 0.3959 {
		t.Errorf("D2 = %+v, want the date serial of 09:30", got)
	}

	wb = read(t, "example_xls/repeat_date_test.xls")
	// A Mac workbook: dates count from 1904, and 39793 is 2012-12-12.
	if got := wb.Sheets[0].Rows[1][3]; got.Kind != Date || got.Num != 39793 || !wb.Date1904 {
		t.Errorf("D2 = %+v (1904 dates: %v), want the 1904 date serial of 2012-12-12", got, wb.Date1904)
	}
	// Strings spread over SST CONTINUE records and other scripts survive.
	wb = read(t, "example_xls/tutorial.xls")
	if got := wb.Sheets[0].Rows[0][0]; got.Text != "tutorial notes" {
		t.Errorf("A1 = %+v", got)
	}
	wb = read(t, "example_xls/widgets.xls")
	if got := wb.Sheets[0].Rows[3][6]; got.Kind != Number || got.Num != 18.31 {
		t.Errorf("G4 = %+v, want 18.31", got)
	}
}

func TestNotXLS(t *testing.T) {
	for _, b := range [][]byte{nil, []byte("hello"), make([]byte, 4096)} {
		if _, err := Read(b); !errors.Is(err, ErrNotXLS) {
			t.Errorf("Read(%d bytes) = %v, want ErrNotXLS", len(b), err)
		}
	}
}

func TestRK(t *testing.T) {
	minus7 := int32(-7)
	cases := map[uint32]float64{
		0x00000002 | 5<<2:       5,     // integer
		0x00000003 | 1234<<2:    12.34, // integer / 100
		0x3FF00000:              1,     // float 1.0 (top 30 bits)
		uint32(minus7<<2) | 0x2: -7,
	}
	for in, want := range cases {
		if got := rk(in); got != want {
			t.Errorf("rk(%#x) = %v, want %v", in, got, want)
		}
	}
}

func TestIsDateFormat(t *testing.T) {
	cases := []struct {
		id   int
		code string
		want bool
	}{
		{14, "", true}, {22, "", true}, {0, "", false}, {2, "", false}, {49, "", false},
		{164, "yyyy-mm-dd", true}, {165, "[h]:mm", true}, {166, `0.00" days"`, false},
		{167, "[Red]0.00", false}, {168, "General", false}, {169, `[$-409]d-mmm-yy;@`, true}, {170, "#,##0", false},
	}
	for _, tc := range cases {
		if got := IsDateFormat(tc.id, tc.code); got != tc.want {
			t.Errorf("IsDateFormat(%d, %q) = %v", tc.id, tc.code, got)
		}
	}
}
