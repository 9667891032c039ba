package xlsform

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/haven-project/haven/surveys/xlsform/internal/xls"
	"github.com/xuri/excelize/v2"
)

// sheet is one worksheet as text: every cell as pyxform would read it
// (numbers without a trailing .0, dates in ISO 8601, booleans as TRUE or
// FALSE), with the cells that could not be read.
type sheet struct {
	name string
	rows [][]string
	bad  map[[2]int]string // [row, col] (0-based) → why the cell cannot be used
}

func (s *sheet) cell(row, col int) string {
	if row < len(s.rows) && col < len(s.rows[row]) {
		return s.rows[row][col]
	}
	return ""
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// readWorkbook reads an .xlsx or .xls workbook, telling them apart by content.
func readWorkbook(data []byte, filename string) ([]*sheet, error) {
	lower := strings.ToLower(filename)
	switch {
	case len(data) == 0:
		return nil, errors.New("the file is empty")
	case bytes.HasPrefix(data, zipMagic):
		return readXLSX(data)
	case bytes.HasPrefix(data, oleMagic):
		return readXLS(data)
	case strings.HasSuffix(lower, ".csv") || strings.HasSuffix(lower, ".md"):
		return nil, errors.New("only Excel workbooks (.xlsx, .xls) are accepted, not CSV or Markdown XLSForms")
	case strings.HasSuffix(lower, ".xlsx") || strings.HasSuffix(lower, ".xls") || strings.HasSuffix(lower, ".xlsm"):
		return nil, errors.New("the file is not a readable Excel workbook (it may be damaged or only partly uploaded)")
	}
	return nil, errors.New("the file is not an Excel workbook: upload the XLSForm as .xlsx (or .xls)")
}

func readXLSX(data []byte) ([]*sheet, error) {
	// Bound what a small, hostile file may unpack to.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 256 << 20})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookPassword) {
			return nil, errors.New("the workbook is protected by a password: save it without one")
		}
		return nil, errors.New("the file is not a readable .xlsx workbook (it may be damaged or only partly uploaded)")
	}
	defer f.Close()
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	dateStyle := map[int]bool{}
	isDateStyle := func(idx int) bool {
		if v, ok := dateStyle[idx]; ok {
			return v
		}
		v := false
		if st, err := f.GetStyle(idx); err == nil && st != nil {
			custom := ""
			if st.CustomNumFmt != nil {
				custom = *st.CustomNumFmt
			}
			v = xls.IsDateFormat(st.NumFmt, custom)
		}
		dateStyle[idx] = v
		return v
	}
	var out []*sheet
	for _, name := range f.GetSheetList() {
		rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("sheet %q cannot be read", name)
		}
		s := &sheet{name: name, rows: rows, bad: map[[2]int]string{}}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
				typ, _ := f.GetCellType(name, axis)
				switch typ {
				case excelize.CellTypeBool:
					row[c] = boolText(v == "1" || strings.EqualFold(v, "true"))
				case excelize.CellTypeDate:
					if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
						row[c] = formatTime(t)
					}
				case excelize.CellTypeError:
					s.bad[[2]int{r, c}] = fmt.Sprintf("the cell holds the error %s", v)
				case excelize.CellTypeUnset, excelize.CellTypeNumber:
					num, err := strconv.ParseFloat(v, 64)
					if err != nil {
						continue
					}
					if idx, err := f.GetCellStyle(name, axis); err == nil && idx > 0 && isDateStyle(idx) {
						text, err := formatSerial(num, date1904)
						if err != nil {
							s.bad[[2]int{r, c}] = err.Error()
						}
						row[c] = text
						continue
					}
					row[c] = formatNumber(num)
				}
			}
		}
		out = append(out, s)
	}
	return out, nil
}

func readXLS(data []byte) ([]*sheet, error) {
	wb, err := xls.Read(data)
	switch {
	case errors.Is(err, xls.ErrBIFF5):
		return nil, errors.New("this is an Excel 5.0/95 workbook, which Haven cannot read: save it as .xlsx")
	case err != nil:
		return nil, errors.New("the file is not a readable .xls workbook (it may be damaged): save it as .xlsx and try again")
	}
	var out []*sheet
	for _, ws := range wb.Sheets {
		s := &sheet{name: ws.Name, bad: map[[2]int]string{}}
		for r, row := range ws.Rows {
			texts := make([]string, len(row))
			for c, cell := range row {
				switch cell.Kind {
				case xls.String:
					texts[c] = cell.Text
				case xls.Number:
					texts[c] = formatNumber(cell.Num)
				case xls.Bool:
					texts[c] = boolText(cell.Num != 0)
				case xls.Date:
					text, err := formatSerial(cell.Num, wb.Date1904)
					if err != nil {
						s.bad[[2]int{r, c}] = err.Error()
					}
					texts[c] = text
				case xls.Error:
					s.bad[[2]int{r, c}] = fmt.Sprintf("the cell holds the error %s", cell.Text)
				}
			}
			s.rows = append(s.rows, texts)
		}
		out = append(out, s)
	}
	return out, nil
}

func boolText(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}

// formatNumber writes whole numbers without a decimal point (2, not 2.0).
func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// formatSerial turns an Excel serial date into ISO 8601 text: a time
// (15:04:05) below 1, a date (2006-01-02) without a time of day, else a
// date and time (2006-01-02T15:04:05). Serials 1 to 60 in the 1900 date
// system are ambiguous (Excel counts a 29 February 1900 that never was),
// and are refused like pyxform refuses them.
func formatSerial(serial float64, date1904 bool) (string, error) {
	if serial < 0 || serial > 2958465 {
		return formatNumber(serial), fmt.Errorf("%s is not a date Excel can show", formatNumber(serial))
	}
	days := math.Floor(serial)
	secs := math.Round((serial - days) * 86400)
	if secs >= 86400 {
		days, secs = days+1, 0
	}
	clock := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(secs) * time.Second)
	if days == 0 && !date1904 {
		return clock.Format("15:04:05"), nil
	}
	if !date1904 && days < 61 {
		return formatNumber(serial), errors.New("the date is ambiguous (Excel's 1900 calendar counts a 29 February 1900 that never was): type it as text, such as 2024-01-31")
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return formatTime(base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)), nil
}

func formatTime(t time.Time) string {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02T15:04:05")
}
