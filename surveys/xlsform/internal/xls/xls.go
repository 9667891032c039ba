// Package xls reads the cell values of legacy Excel 97–2003 workbooks
// (.xls, BIFF8 records in an OLE compound file): strings, numbers, dates,
// booleans and the cached results of formulas. It ignores everything else
// (styles, charts, macros). Older BIFF5 (Excel 95) files are refused.
package xls

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
)

// Kind says what a cell holds.
type Kind int

// Cell kinds.
const (
	Empty  Kind = iota
	String      // Text
	Number      // Num
	Date        // Num is an Excel serial date (days since 1899-12-30 in the 1900 system)
	Bool        // Num is 1 or 0
	Error       // a formula error such as #DIV/0!
)

// Cell is one cell's value.
type Cell struct {
	Kind Kind
	Text string
	Num  float64
}

// Sheet is one worksheet: Rows[r][c] is the cell at row r, column c (0-based).
type Sheet struct {
	Name string
	Rows [][]Cell
}

// Workbook is what Read found.
type Workbook struct {
	Sheets []Sheet
	// Date1904 is true when serial dates count from 1904-01-01.
	Date1904 bool
}

// ErrNotXLS is returned for data that is not an OLE compound file with a workbook.
var ErrNotXLS = errors.New("not an Excel 97-2003 workbook")

// ErrBIFF5 is returned for Excel 5.0/95 workbooks, which this package does not read.
var ErrBIFF5 = errors.New("an Excel 5.0/95 workbook: open it in a spreadsheet program and save it as .xlsx")

// Limits that keep a hostile file from exhausting memory.
const (
	maxRows  = 100_000
	maxCols  = 256
	maxCells = 2_000_000 // cells allocated over the whole workbook, empty ones included
)

// Read reads every worksheet of an .xls file.
func Read(data []byte) (*Workbook, error) {
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, ErrNotXLS
	}
	var stream []byte
	for entry, err := doc.Next(); err == nil; entry, err = doc.Next() {
		switch entry.Name {
		case "Workbook":
			stream, err = io.ReadAll(entry)
			if err != nil {
				return nil, fmt.Errorf("reading the workbook stream: %w", err)
			}
		case "Book":
			if stream == nil {
				return nil, ErrBIFF5
			}
		}
	}
	if stream == nil {
		return nil, ErrNotXLS
	}
	return parse(stream)
}

type record struct {
	id   uint16
	data []byte
	pos  int // offset of the record header in the stream
}

// records splits a BIFF stream starting at off into records up to and
// including the EOF record that closes the substream.
func records(stream []byte, off int) ([]record, error) {
	var out []record
	depth := 0
	for off+4 <= len(stream) {
		id := binary.LittleEndian.Uint16(stream[off:])
		n := int(binary.LittleEndian.Uint16(stream[off+2:]))
		if off+4+n > len(stream) {
			return nil, fmt.Errorf("record %#04x at %d runs past the end of the stream", id, off)
		}
		out = append(out, record{id: id, data: stream[off+4 : off+4+n], pos: off})
		off += 4 + n
		switch id {
		case recBOF:
			depth++
		case recEOF:
			depth--
			if depth <= 0 {
				return out, nil
			}
		}
	}
	return out, nil
}

const (
	recBOF        = 0x0809
	recEOF        = 0x000A
	recContinue   = 0x003C
	recDatemode   = 0x0022
	recFormat     = 0x041E
	recXF         = 0x00E0
	recBoundsheet = 0x0085
	recSST        = 0x00FC
	recLabelSST   = 0x00FD
	recLabel      = 0x0204
	recRString    = 0x00D6
	recNumber     = 0x0203
	recRK         = 0x027E
	recMulRK      = 0x00BD
	recBoolErr    = 0x0205
	recFormula    = 0x0006
	recString     = 0x0207
)

type sheetRef struct {
	name string
	pos  int
}

func parse(stream []byte) (*Workbook, error) {
	globals, err := records(stream, 0)
	if err != nil {
		return nil, err
	}
	if len(globals) == 0 || globals[0].id != recBOF || len(globals[0].data) < 4 {
		return nil, ErrNotXLS
	}
	if v := binary.LittleEndian.Uint16(globals[0].data); v != 0x0600 {
		return nil, ErrBIFF5
	}
	wb := &Workbook{}
	var (
		sst     []string
		formats = map[uint16]string{}
		xfFmt   []uint16
		sheets  []sheetRef
	)
	for i := 0; i < len(globals); i++ {
		r := globals[i]
		switch r.id {
		case recDatemode:
			wb.Date1904 = len(r.data) >= 2 && binary.LittleEndian.Uint16(r.data) == 1
		case recFormat:
			if len(r.data) >= 2 {
				s, _, err := unicodeString(r.data[2:], 2)
				if err == nil {
					formats[binary.LittleEndian.Uint16(r.data)] = s
				}
			}
		case recXF:
			if len(r.data) >= 4 {
				xfFmt = append(xfFmt, binary.LittleEndian.Uint16(r.data[2:]))
			}
		case recBoundsheet:
			if len(r.data) < 8 {
				return nil, fmt.Errorf("short BOUNDSHEET record")
			}
			name, _, err := unicodeString(r.data[6:], 1)
			if err != nil {
				return nil, fmt.Errorf("sheet name: %w", err)
			}
			if r.data[5] == 0 { // a worksheet, not a chart or macro sheet
				sheets = append(sheets, sheetRef{name: name, pos: int(binary.LittleEndian.Uint32(r.data))})
			}
		case recSST:
			segs := [][]byte{r.data}
			for i+1 < len(globals) && globals[i+1].id == recContinue {
				i++
				segs = append(segs, globals[i].data)
			}
			if sst, err = readSST(segs); err != nil {
				return nil, fmt.Errorf("shared strings: %w", err)
			}
		}
	}
	isDate := func(xf uint16) bool {
		if int(xf) >= len(xfFmt) {
			return false
		}
		return IsDateFormat(int(xfFmt[xf]), formats[xfFmt[xf]])
	}
	budget := maxCells
	for _, ref := range sheets {
		if ref.pos < 0 || ref.pos >= len(stream) {
			return nil, fmt.Errorf("sheet %q starts outside the workbook stream", ref.name)
		}
		recs, err := records(stream, ref.pos)
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %w", ref.name, err)
		}
		s, err := readSheet(ref.name, recs, sst, isDate, &budget)
		if err != nil {
			return nil, fmt.Errorf("sheet %q: %w", ref.name, err)
		}
		wb.Sheets = append(wb.Sheets, s)
	}
	return wb, nil
}

func readSheet(name string, recs []record, sst []string, isDate func(uint16) bool, budget *int) (Sheet, error) {
	s := Sheet{Name: name}
	set := func(row, col int, c Cell) error {
		if row >= maxRows || col >= maxCols {
			return fmt.Errorf("cell at row %d, column %d is beyond %d rows or %d columns", row+1, col+1, maxRows, maxCols)
		}
		for len(s.Rows) <= row {
			s.Rows = append(s.Rows, nil)
		}
		if grow := col + 1 - len(s.Rows[row]); grow > 0 {
			if *budget -= grow; *budget < 0 {
				return fmt.Errorf("the workbook has more than %d cells", maxCells)
			}
			s.Rows[row] = append(s.Rows[row], make([]Cell, grow)...)
		}
		s.Rows[row][col] = c
		return nil
	}
	number := func(xf uint16, v float64) Cell {
		if isDate(xf) {
			return Cell{Kind: Date, Num: v}
		}
		return Cell{Kind: Number, Num: v}
	}
	for i := 0; i < len(recs); i++ {
		r := recs[i]
		d := r.data
		if len(d) < 6 { // row, column and XF index lead every cell record
			continue
		}
		var err error
		switch r.id {
		case recLabelSST:
			if len(d) < 10 {
				continue
			}
			idx := int(binary.LittleEndian.Uint32(d[6:]))
			if idx >= len(sst) {
				return s, fmt.Errorf("shared string %d of %d", idx, len(sst))
			}
			err = set(u16(d), u16(d[2:]), Cell{Kind: String, Text: sst[idx]})
		case recLabel, recRString:
			str, _, e := unicodeString(d[6:], 2)
			if e != nil {
				return s, e
			}
			err = set(u16(d), u16(d[2:]), Cell{Kind: String, Text: str})
		case recNumber:
			if len(d) < 14 {
				continue
			}
			v := math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))
			err = set(u16(d), u16(d[2:]), number(uint16(u16(d[4:])), v))
		case recRK:
			if len(d) < 10 {
				continue
			}
			err = set(u16(d), u16(d[2:]), number(uint16(u16(d[4:])), rk(binary.LittleEndian.Uint32(d[6:]))))
		case recMulRK:
			if len(d) < 6 {
				continue
			}
			row, first := u16(d), u16(d[2:])
			for j, off := 0, 4; off+6 <= len(d)-2; j, off = j+1, off+6 {
				xf := uint16(u16(d[off:]))
				if err = set(row, first+j, number(xf, rk(binary.LittleEndian.Uint32(d[off+2:])))); err != nil {
					break
				}
			}
		case recBoolErr:
			if len(d) < 8 {
				continue
			}
			if d[7] == 0 {
				err = set(u16(d), u16(d[2:]), Cell{Kind: Bool, Num: float64(d[6])})
			} else {
				err = set(u16(d), u16(d[2:]), Cell{Kind: Error, Text: errorText(d[6])})
			}
		case recFormula:
			if len(d) < 14 {
				continue
			}
			row, col, xf := u16(d), u16(d[2:]), uint16(u16(d[4:]))
			res := d[6:14]
			if res[6] != 0xFF || res[7] != 0xFF {
				err = set(row, col, number(xf, math.Float64frombits(binary.LittleEndian.Uint64(res))))
				break
			}
			switch res[0] {
			case 0: // string: the next STRING record holds it
				for j := i + 1; j < len(recs); j++ {
					if recs[j].id == recString {
						segs := [][]byte{recs[j].data}
						for k := j + 1; k < len(recs) && recs[k].id == recContinue; k++ {
							segs = append(segs, recs[k].data)
						}
						sr := &segReader{segs: segs}
						str, e := sr.xlString(2)
						if e != nil {
							return s, e
						}
						err = set(row, col, Cell{Kind: String, Text: str})
						break
					}
					if recs[j].id == recFormula || recs[j].id == recLabelSST || recs[j].id == recNumber {
						break
					}
				}
			case 1:
				err = set(row, col, Cell{Kind: Bool, Num: float64(res[2])})
			case 2:
				err = set(row, col, Cell{Kind: Error, Text: errorText(res[2])})
			case 3:
				err = set(row, col, Cell{Kind: String, Text: ""})
			}
		}
		if err != nil {
			return s, err
		}
	}
	return s, nil
}

func u16(b []byte) int { return int(binary.LittleEndian.Uint16(b)) }

// rk decodes Excel's compressed RK number.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&0xFFFFFFFC) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

func errorText(code byte) string {
	switch code {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	}
	return "#ERROR"
}

// unicodeString reads a BIFF8 string whose character count takes lenSize
// (1 or 2) bytes, followed by a flags byte. It returns the string and the
// bytes it used.
func unicodeString(b []byte, lenSize int) (string, int, error) {
	sr := &segReader{segs: [][]byte{b}}
	s, err := sr.xlString(lenSize)
	return s, sr.off, err
}

// segReader reads data split over a record and its CONTINUE records.
type segReader struct {
	segs [][]byte
	seg  int
	off  int
}

var errShort = errors.New("string runs past the end of its record")

func (r *segReader) atSegEnd() bool { return r.off >= len(r.segs[r.seg]) }

func (r *segReader) nextSeg() error {
	if r.seg+1 >= len(r.segs) {
		return errShort
	}
	r.seg++
	r.off = 0
	return nil
}

// raw reads n bytes that may cross into the next segment (no flag byte there).
func (r *segReader) raw(n int) ([]byte, error) {
	out := make([]byte, 0, n)
	for len(out) < n {
		if r.atSegEnd() {
			if err := r.nextSeg(); err != nil {
				return nil, err
			}
			continue
		}
		k := min(n-len(out), len(r.segs[r.seg])-r.off)
		out = append(out, r.segs[r.seg][r.off:r.off+k]...)
		r.off += k
	}
	return out, nil
}

// skip skips n bytes that may cross segments.
func (r *segReader) skip(n int) error {
	_, err := r.raw(n)
	return err
}

// xlString reads an XLUnicodeString or XLUnicodeRichExtendedString.
func (r *segReader) xlString(lenSize int) (string, error) {
	if r.atSegEnd() { // a string may start at the beginning of a CONTINUE
		if err := r.nextSeg(); err != nil {
			return "", err
		}
	}
	hdr, err := r.raw(lenSize + 1)
	if err != nil {
		return "", err
	}
	cch := int(hdr[0])
	if lenSize == 2 {
		cch = int(binary.LittleEndian.Uint16(hdr))
	}
	flags := hdr[lenSize]
	var runs, ext int
	if flags&0x08 != 0 {
		b, err := r.raw(2)
		if err != nil {
			return "", err
		}
		runs = int(binary.LittleEndian.Uint16(b))
	}
	if flags&0x04 != 0 {
		b, err := r.raw(4)
		if err != nil {
			return "", err
		}
		ext = int(int32(binary.LittleEndian.Uint32(b)))
	}
	high := flags&0x01 != 0
	units := make([]uint16, 0, cch)
	for len(units) < cch {
		if r.atSegEnd() {
			// Characters continue in the next record, which starts with
			// a fresh flags byte saying whether they are compressed.
			if err := r.nextSeg(); err != nil {
				return "", err
			}
			f, err := r.raw(1)
			if err != nil {
				return "", err
			}
			high = f[0]&0x01 != 0
			continue
		}
		seg := r.segs[r.seg]
		if high {
			if r.off+2 > len(seg) {
				return "", errShort
			}
			units = append(units, binary.LittleEndian.Uint16(seg[r.off:]))
			r.off += 2
		} else {
			units = append(units, uint16(seg[r.off]))
			r.off++
		}
	}
	if err := r.skip(4*runs + max(ext, 0)); err != nil {
		return "", err
	}
	return string(utf16.Decode(units)), nil
}

func readSST(segs [][]byte) ([]string, error) {
	if len(segs[0]) < 8 {
		return nil, errShort
	}
	unique := int(binary.LittleEndian.Uint32(segs[0][4:]))
	r := &segReader{segs: segs, off: 8}
	out := make([]string, 0, min(unique, 1<<16))
	for i := 0; i < unique; i++ {
		if r.atSegEnd() && r.seg == len(r.segs)-1 {
			break // some writers overstate the count
		}
		s, err := r.xlString(2)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// IsDateFormat reports whether number format id (with its code, for custom
// formats) shows numbers as dates or times.
func IsDateFormat(id int, code string) bool {
	switch {
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47, id >= 50 && id <= 58:
		return true
	case id < 164 && code == "":
		return false
	}
	// A custom format: look for date or time letters outside quotes, brackets and escapes.
	code = strings.ToLower(code)
	if i := strings.IndexByte(code, ';'); i >= 0 {
		code = code[:i]
	}
	inQuote, inBracket := false, false
	for i := 0; i < len(code); i++ {
		ch := code[i]
		switch {
		case inQuote:
			inQuote = ch != '"'
		case inBracket:
			inBracket = ch != ']'
		case ch == '"':
			inQuote = true
		case ch == '[':
			// [h], [mm] and [ss] are elapsed times; [red] or [$-409] are not.
			if j := strings.IndexByte(code[i:], ']'); j > 0 {
				inner := code[i+1 : i+j]
				if strings.Trim(inner, "hms") == "" && inner != "" {
					return true
				}
			}
			inBracket = true
		case ch == '\\' || ch == '_' || ch == '*':
			i++
		case ch == 'y' || ch == 'd' || ch == 'h' || ch == 's' || ch == 'm':
			return true
		case ch == 'g' && strings.HasPrefix(code[i:], "general"):
			i += len("general") - 1
		}
	}
	return false
}
