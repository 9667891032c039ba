// Package xlsform reads and writes survey definitions as XLSForm workbooks
// (.xlsx, and legacy .xls for reading), the spreadsheets field teams
// author surveys in (xlsform.org). It reads Haven's subset of XLSForm
// (see surveys.QuestionTypes) and refuses the rest with problems that name
// the sheet, row and column to fix.
package xlsform

import (
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/haven-project/haven/surveys"
)

// MaxFileSize is the largest workbook Parse reads.
const MaxFileSize = 10 << 20

// Parse reads an XLSForm workbook. filename gives the form ID and root name
// when the settings sheet does not (as pyxform does) and is used in
// messages. It returns the definition and the warnings about harmless
// oddities; when the workbook cannot be imported the error is an *Error
// listing every problem (errors.Is(err, haven.ErrInvalid) holds).
func Parse(r io.Reader, filename string) (surveys.Definition, []Warning, error) {
	base := path.Base(strings.ReplaceAll(filename, "\\", "/"))
	if base == "." || base == "/" {
		base = ""
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return surveys.Definition{}, nil, fmt.Errorf("reading %s: %w", base, err)
	}
	if len(data) > MaxFileSize {
		return surveys.Definition{}, nil, newError(base, []Problem{{Message: fmt.Sprintf("the file is larger than %d MB", MaxFileSize>>20)}})
	}
	sheets, err := readWorkbook(data, base)
	if err != nil {
		return surveys.Definition{}, nil, newError(base, []Problem{{Message: err.Error()}})
	}
	p := &parser{file: base, nodeAt: map[string]*node{}, choiceRow: map[string][]int{}}
	d := p.parse(sheets)
	if len(p.problems) > 0 {
		p.sortProblems()
		return surveys.Definition{}, p.warnings, newError(base, p.problems)
	}
	return d, p.warnings, nil
}

type parser struct {
	file        string
	doubleColon bool
	problems    []Problem
	warnings    []Warning
	defaultLang string

	survey, choices, settings *table
	roots                     []*node
	nodeAt                    map[string]*node // index path ("0/3/1") → node
	choiceRow                 map[string][]int // list → spreadsheet row of each choice
}

// table is a sheet with its classified header row.
type table struct {
	kind  string // survey, choices, settings
	sheet *sheet
	cols  []column
	byKey map[string]*column // "label::English" → column
}

// node is a question being built, with the row it came from.
type node struct {
	q        surveys.Question
	row      int
	children []*node
}

func (p *parser) problem(sheet string, row int, col *column, format string, args ...any) {
	pr := Problem{Sheet: sheet, Row: row, Message: fmt.Sprintf(format, args...)}
	if col != nil {
		pr.Column, pr.Header = col.letter, strings.TrimSpace(col.header)
	}
	p.problems = append(p.problems, pr)
}

func (p *parser) warn(sheet string, row int, col *column, format string, args ...any) {
	w := Warning{Problem{Sheet: sheet, Row: row, Message: fmt.Sprintf(format, args...)}}
	if col != nil {
		w.Column, w.Header = col.letter, strings.TrimSpace(col.header)
	}
	p.warnings = append(p.warnings, w)
}

func (p *parser) sortProblems() {
	rank := func(pr Problem) int {
		switch strings.ToLower(pr.Sheet) {
		case "":
			return 0
		case "survey":
			return 1
		case "choices":
			return 2
		case "settings":
			return 3
		}
		return 4
	}
	slices.SortStableFunc(p.problems, func(a, b Problem) int {
		if d := rank(a) - rank(b); d != 0 {
			return d
		}
		return a.Row - b.Row
	})
}

func (p *parser) parse(sheets []*sheet) surveys.Definition {
	found := map[string]*sheet{}
	for _, s := range sheets {
		key := strings.ToLower(strings.TrimSpace(s.name))
		switch key {
		case "survey", "choices", "settings":
			if prev := found[key]; prev != nil {
				p.problem(s.name, 0, nil, "the workbook has two %s sheets (%q and %q)", key, prev.name, s.name)
				continue
			}
			found[key] = s
		case "external_choices", "entities", "osm":
			if hasValues(s) {
				p.problem(s.name, 0, nil, "the %s sheet is not supported by Haven", key)
			}
		default:
			if hasValues(s) {
				p.warn(s.name, 0, nil, "sheet %q is not an XLSForm sheet (survey, choices, settings); ignored", s.name)
			}
		}
	}
	if found["survey"] == nil {
		names := make([]string, len(sheets))
		for i, s := range sheets {
			names[i] = fmt.Sprintf("%q", s.name)
		}
		p.problem("", 0, nil, "the workbook has no survey sheet (its sheets: %s); an XLSForm needs sheets named survey, choices and settings", strings.Join(names, ", "))
		return surveys.Definition{}
	}
	for _, s := range found {
		for _, row := range s.rows[:min(1, len(s.rows))] {
			for _, h := range row {
				if strings.Contains(h, "::") {
					p.doubleColon = true
				}
			}
		}
	}
	p.survey = p.table("survey", found["survey"])
	if found["choices"] != nil {
		p.choices = p.table("choices", found["choices"])
	}
	if found["settings"] != nil {
		p.settings = p.table("settings", found["settings"])
	}
	if p.survey == nil {
		return surveys.Definition{}
	}
	d := p.readSettings()
	p.defaultLang = d.DefaultLanguage
	p.readSurvey()
	d.ChoiceLists = p.readChoices()
	d.Questions = p.questions(p.roots, "")
	d.Languages = d.UsedLanguages()
	if len(p.problems) == 0 {
		p.locate(&d, d.Check())
	}
	p.lint(p.roots)
	return d
}

func hasValues(s *sheet) bool {
	for _, row := range s.rows {
		for _, v := range row {
			if strings.TrimSpace(v) != "" {
				return true
			}
		}
	}
	return false
}

// table classifies the header row of s and reports duplicate, unsupported
// and ignored columns.
func (p *parser) table(kind string, s *sheet) *table {
	t := &table{kind: kind, sheet: s, byKey: map[string]*column{}}
	if len(s.rows) == 0 || !slices.ContainsFunc(s.rows[0], func(v string) bool { return strings.TrimSpace(v) != "" }) {
		if kind == "survey" {
			p.problem(s.name, 1, nil, "the first row must hold the column headers (type, name, label, …) but it is empty")
			return nil
		}
		if hasValues(s) {
			p.problem(s.name, 1, nil, "the first row must hold the column headers but it is empty")
		}
		return t
	}
	width := 0
	for _, row := range s.rows {
		width = max(width, len(row))
	}
	for i := 0; i < width; i++ {
		c := classify(kind, s.cell(0, i), p.doubleColon)
		c.idx, c.letter = i, columnLetter(i)
		t.cols = append(t.cols, c)
	}
	for i := range t.cols {
		c := &t.cols[i]
		used, first := 0, 0
		for r := 1; r < len(s.rows); r++ {
			if strings.TrimSpace(s.cell(r, i)) != "" {
				if used == 0 {
					first = r + 1
				}
				used++
			}
		}
		switch c.role {
		case roleField, roleExtra:
			key := c.key
			if c.lang != "" {
				key += "::" + c.lang
			}
			if prev := t.byKey[key]; prev != nil {
				p.problem(s.name, 1, c, "duplicate column: %s is also column %s", key, prev.letter)
				continue
			}
			t.byKey[key] = c
		case roleUnsupported:
			if used > 0 && (kind != "settings" || !falsy(s.cell(1, i))) {
				p.problem(s.name, first, c, "%s (column %q)", c.why, strings.TrimSpace(c.header))
			}
		case roleIgnored:
			if used > 0 && c.why != "-" && (kind != "settings" || !falsy(s.cell(1, i))) {
				msg := fmt.Sprintf("column %q is ignored", strings.TrimSpace(c.header))
				if c.why != "" {
					msg += ": " + c.why
				}
				p.warn(s.name, 1, c, "%s", msg)
			}
		case roleUnknown:
			if used > 0 {
				p.warn(s.name, 1, c, "column %q is not an XLSForm column; ignored", strings.TrimSpace(c.header))
			}
		case roleNoHeader:
			if used > 0 {
				p.warn(s.name, first, c, "%d value(s) in column %s, which has no header, are ignored", used, c.letter)
			}
		}
	}
	return t
}

// get returns the trimmed value of column key (without language) in row r (0-based).
func (t *table) get(r int, key string) string {
	c := t.byKey[key]
	if c == nil {
		return ""
	}
	return strings.TrimSpace(t.sheet.cell(r, c.idx))
}

// col returns the column of key, or nil.
func (t *table) col(key string) *column { return t.byKey[key] }

// text returns the texts of a translatable column in row r, by language.
// Text without a language counts as the default language when there is one.
func (p *parser) text(t *table, r int, key string) surveys.Text {
	var out surveys.Text
	for i := range t.cols {
		c := &t.cols[i]
		if c.role != roleField || c.key != key {
			continue
		}
		v := strings.TrimSpace(t.sheet.cell(r, c.idx))
		if v == "" {
			continue
		}
		lang := c.lang
		if lang == "" && p.defaultLang != "" {
			lang = p.defaultLang
			if t.byKey[key+"::"+lang] != nil && strings.TrimSpace(t.sheet.cell(r, t.byKey[key+"::"+lang].idx)) != "" {
				continue // the column in the default language wins
			}
		}
		if out == nil {
			out = surveys.Text{}
		}
		out[lang] = v
	}
	return out
}

// rowEmpty reports whether the columns Haven reads are all empty in row r.
func (t *table) rowEmpty(r int) bool {
	for i := range t.cols {
		c := &t.cols[i]
		if (c.role == roleField || c.role == roleExtra || c.role == roleUnsupported) && strings.TrimSpace(t.sheet.cell(r, c.idx)) != "" {
			return false
		}
	}
	return true
}

// badCells reports the cells of row r that could not be read.
func (p *parser) badCells(t *table, r int) bool {
	bad := false
	for i := range t.cols {
		c := &t.cols[i]
		if c.role != roleField && c.role != roleExtra {
			continue
		}
		if why, ok := t.sheet.bad[[2]int{r, c.idx}]; ok {
			p.problem(t.sheet.name, r+1, c, "%s", why)
			bad = true
		}
	}
	return bad
}

func falsy(v string) bool {
	b, ok := parseBool(v)
	return strings.TrimSpace(v) == "" || (ok && !b)
}

// parseBool reads yes/no cells as pyxform does.
func parseBool(v string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "true()", "1", "y":
		return true, true
	case "no", "false", "false()", "0", "n", "":
		return false, true
	}
	return false, false
}

func (p *parser) readSettings() surveys.Definition {
	stem := strings.TrimSpace(strings.TrimSuffix(p.file, path.Ext(p.file)))
	d := surveys.Definition{Kind: surveys.KindGeneral}
	if t := p.settings; t != nil && len(t.sheet.rows) > 1 {
		p.badCells(t, 1)
		d.Title = t.get(1, "form_title")
		d.FormID = t.get(1, "form_id")
		d.Version = t.get(1, "version")
		d.DefaultLanguage = t.get(1, "default_language")
		d.InstanceName = t.get(1, "instance_name")
		d.Name = t.get(1, "name")
		d.AllowChoiceDuplicates, _ = parseBool(t.get(1, "allow_choice_duplicates"))
		if k := t.get(1, "haven_kind"); k != "" {
			d.Kind = surveys.Kind(k)
		}
		for r := 2; r < len(t.sheet.rows); r++ {
			if !t.rowEmpty(r) {
				p.warn(t.sheet.name, r+1, nil, "only the second row of the settings sheet is read; this row is ignored")
				break
			}
		}
	}
	if d.FormID == "" {
		d.FormID = stem
	}
	if d.FormID == "" {
		d.FormID = "data"
	}
	if d.Name == "" {
		d.Name = xmlName(stem)
	}
	if d.Title == "" {
		d.Title = d.FormID
	}
	return d
}

// xmlName turns a file name into an XML name, as the root element needs.
func xmlName(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
			b.WriteRune(r)
		case i > 0 && (r == '-' || r == '.' || unicode.IsDigit(r)):
			b.WriteRune(r)
		case i == 0 && unicode.IsDigit(r):
			b.WriteString("_")
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 {
		return "data"
	}
	return b.String()
}

var simpleTypes = map[string]surveys.QuestionType{
	"text": surveys.TypeText, "string": surveys.TypeText,
	"integer": surveys.TypeInteger, "int": surveys.TypeInteger,
	"decimal":  surveys.TypeDecimal,
	"date":     surveys.TypeDate,
	"time":     surveys.TypeTime,
	"datetime": surveys.TypeDateTime,
	"geopoint": surveys.TypeGeopoint, "gps": surveys.TypeGeopoint, "location": surveys.TypeGeopoint,
	"note":        surveys.TypeNote,
	"calculate":   surveys.TypeCalculate,
	"acknowledge": surveys.TypeAcknowledge, "trigger": surveys.TypeAcknowledge,
	"barcode": surveys.TypeBarcode,
	"image":   surveys.TypeImage, "photo": surveys.TypeImage,
	"audio": surveys.TypeAudio,
	"video": surveys.TypeVideo,
	"start": surveys.TypeStart, "end": surveys.TypeEnd, "today": surveys.TypeToday,
	"deviceid": surveys.TypeDeviceID, "imei": surveys.TypeDeviceID,
	"phonenumber": surveys.TypePhoneNumber, "simserial": surveys.TypeSimSerial,
	"subscriberid": surveys.TypeSubscriberID, "username": surveys.TypeUsername, "email": surveys.TypeEmail,
	"uri:deviceid": surveys.TypeURIDeviceID, "uri:phonenumber": surveys.TypeURIPhoneNumber,
	"uri:username": surveys.TypeURIUsername, "uri:email": surveys.TypeURIEmail,
}

var unsupportedTypes = map[string]string{
	"geotrace": "", "geoshape": "", "range": "", "rank": "", "file": "", "hidden": "",
	"xml-external": "", "csv-external": "", "audit": "", "start-geopoint": "",
	"background-audio": "", "background-geopoint": "", "osm": "", "entity": "",
	"uri:simserial": "", "uri:subscriberid": "",
	"phone number":              `use text with a constraint such as regex(., '^[0-9+ ]+$')`,
	"select_one_from_file":      "put the choices on the choices sheet",
	"select_multiple_from_file": "put the choices on the choices sheet",
	"select one from file":      "put the choices on the choices sheet",
	"select multiple from file": "put the choices on the choices sheet",
	"select_one_external":       "put the choices on the choices sheet",
	"begin loop":                "use a repeat", "end loop": "use a repeat",
	"begin_loop": "use a repeat", "end_loop": "use a repeat",
}

var selectPattern = regexp.MustCompile(`(?i)^(select_one|select one|select1|select_multiple|select multiple|select all that apply|add select one prompt using|add select multiple prompt using)(?:\s+from)?(?:\s+(.*))?$`)

// parsedType is what a type cell says.
type parsedType struct {
	typ     surveys.QuestionType
	list    string
	orOther bool
	begin   bool // begin group / begin repeat
	end     bool // end group / end repeat
}

func parseType(cell string) (parsedType, error) {
	s := strings.Join(strings.Fields(cell), " ")
	lower := strings.ToLower(s)
	section := strings.ReplaceAll(lower, "_", " ")
	switch section {
	case "begin group":
		return parsedType{typ: surveys.TypeGroup, begin: true}, nil
	case "begin repeat", "begin lgroup", "begin looped group":
		return parsedType{typ: surveys.TypeRepeat, begin: true}, nil
	case "end group":
		return parsedType{typ: surveys.TypeGroup, end: true}, nil
	case "end repeat", "end lgroup", "end looped group":
		return parsedType{typ: surveys.TypeRepeat, end: true}, nil
	}
	if t, ok := simpleTypes[lower]; ok {
		return parsedType{typ: t}, nil
	}
	words := strings.Fields(lower)
	for n := len(words); n >= 1; n-- { // "begin loop over x" is a "begin loop"
		k := strings.Join(words[:n], " ")
		if hint, ok := unsupportedTypes[k]; ok {
			msg := fmt.Sprintf("type %q is not supported by Haven", k)
			if hint != "" {
				msg += ": " + hint
			}
			return parsedType{}, errors.New(msg)
		}
	}
	if m := selectPattern.FindStringSubmatch(s); m != nil {
		pt := parsedType{typ: surveys.TypeSelectOne}
		if strings.Contains(strings.ToLower(m[1]), "multiple") || strings.Contains(strings.ToLower(m[1]), "all") {
			pt.typ = surveys.TypeSelectMultiple
		}
		rest := strings.Fields(m[2])
		if len(rest) == 0 {
			return parsedType{}, fmt.Errorf("%s needs a choice list: %s LIST_NAME", pt.typ, pt.typ)
		}
		pt.list = rest[0]
		switch tail := strings.ToLower(strings.Join(rest[1:], " ")); tail {
		case "":
		case "or_other", "or specify other":
			pt.orOther = true
		default:
			return parsedType{}, fmt.Errorf("%q after the list name is not understood (only or_other may follow it)", strings.Join(rest[1:], " "))
		}
		return pt, nil
	}
	return parsedType{}, fmt.Errorf("unknown question type %q", s)
}

func (p *parser) readSurvey() {
	t := p.survey
	name := t.sheet.name
	typeCol, nameCol := t.col("type"), t.col("name")
	if typeCol == nil {
		p.problem(name, 1, nil, "the survey sheet needs a type column")
		return
	}
	var stack []*node
	add := func(n *node) {
		if len(stack) == 0 {
			p.roots = append(p.roots, n)
		} else {
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
		}
	}
	for r := 1; r < len(t.sheet.rows); r++ {
		row := r + 1
		if t.rowEmpty(r) {
			continue
		}
		p.badCells(t, r)
		typeCell := t.get(r, "type")
		if typeCell == "" {
			if t.get(r, "name") != "" || p.text(t, r, "label") != nil {
				p.problem(name, row, typeCol, "the row has no type")
			} else {
				p.warn(name, row, nil, "the row has no type and no name; ignored")
			}
			continue
		}
		pt, err := parseType(typeCell)
		if err != nil {
			p.problem(name, row, typeCol, "%v", err)
			continue
		}
		if pt.end {
			if len(stack) == 0 {
				p.problem(name, row, typeCol, "end %s without a begin %s", pt.typ, pt.typ)
				continue
			}
			top := stack[len(stack)-1]
			if top.q.Type != pt.typ {
				p.problem(name, row, typeCol, "end %s, but the %s %q begun at row %d is still open", pt.typ, top.q.Type, top.q.Name, top.row)
				continue
			}
			stack = stack[:len(stack)-1]
			continue
		}
		q := surveys.Question{
			Type:              pt.typ,
			Name:              t.get(r, "name"),
			ListName:          pt.list,
			OrOther:           pt.orOther,
			Label:             p.text(t, r, "label"),
			Hint:              p.text(t, r, "hint"),
			RequiredMessage:   p.text(t, r, "required_message"),
			ConstraintMessage: p.text(t, r, "constraint_message"),
			Relevant:          t.get(r, "relevant"),
			Constraint:        t.get(r, "constraint"),
			Calculation:       t.get(r, "calculation"),
			ChoiceFilter:      t.get(r, "choice_filter"),
			Appearance:        t.get(r, "appearance"),
			Default:           t.get(r, "default"),
			RepeatCount:       t.get(r, "repeat_count"),
		}
		if q.Name == "" {
			if q.Type == surveys.TypeNote {
				q.Name = fmt.Sprintf("generated_note_name_%d", row)
			} else {
				p.problem(name, row, cmp(nameCol, typeCol), "the %s needs a name", q.Type)
			}
		}
		for _, f := range []struct {
			key string
			dst *bool
		}{{"required", &q.Required}, {"read_only", &q.ReadOnly}} {
			v := t.get(r, f.key)
			b, ok := parseBool(v)
			if !ok {
				p.problem(name, row, t.col(f.key), "%q is not yes or no (Haven does not support conditional %s)", v, f.key)
			}
			*f.dst = b
		}
		if q.Required && (q.Type.IsMetadata() || q.Type == surveys.TypeCalculate || q.Type == surveys.TypeNote) {
			p.warn(name, row, t.col("required"), "a %s cannot be required; ignored", q.Type)
			q.Required = false
		}
		if q.RepeatCount != "" && q.Type != surveys.TypeRepeat {
			p.warn(name, row, t.col("repeat_count"), "only a repeat takes a repeat count; ignored")
			q.RepeatCount = ""
		}
		n := &node{q: q, row: row}
		add(n)
		if pt.begin {
			stack = append(stack, n)
		}
	}
	for i := len(stack) - 1; i >= 0; i-- {
		p.problem(name, stack[i].row, typeCol, "the %s %q is never closed: add a row with type end %s", stack[i].q.Type, stack[i].q.Name, stack[i].q.Type)
	}
}

func cmp(cols ...*column) *column {
	for _, c := range cols {
		if c != nil {
			return c
		}
	}
	return nil
}

func (p *parser) readChoices() map[string][]surveys.Choice {
	t := p.choices
	if t == nil || len(t.sheet.rows) == 0 {
		return nil
	}
	name := t.sheet.name
	listCol, nameCol := t.col("list_name"), t.col("name")
	if listCol == nil || nameCol == nil {
		if len(t.sheet.rows) > 1 && hasValues(&sheet{rows: t.sheet.rows[1:]}) {
			p.problem(name, 1, nil, "the choices sheet needs the columns list_name and name")
		}
		return nil
	}
	lists := map[string][]surveys.Choice{}
	for r := 1; r < len(t.sheet.rows); r++ {
		row := r + 1
		if t.rowEmpty(r) {
			continue
		}
		p.badCells(t, r)
		list, choice := t.get(r, "list_name"), t.get(r, "name")
		switch {
		case list == "":
			p.problem(name, row, listCol, "the choice has no list_name")
			continue
		case choice == "":
			p.problem(name, row, nameCol, "the choice has no name")
			continue
		}
		c := surveys.Choice{Name: choice, Label: p.text(t, r, "label")}
		for i := range t.cols {
			col := &t.cols[i]
			if col.role != roleExtra {
				continue
			}
			if v := strings.TrimSpace(t.sheet.cell(r, col.idx)); v != "" {
				if c.Extra == nil {
					c.Extra = map[string]string{}
				}
				c.Extra[col.key] = v
			}
		}
		lists[list] = append(lists[list], c)
		p.choiceRow[list] = append(p.choiceRow[list], row)
	}
	if len(lists) == 0 {
		return nil
	}
	return lists
}

// questions turns the nodes into the definition's tree, remembering where
// each came from.
func (p *parser) questions(nodes []*node, prefix string) []surveys.Question {
	if len(nodes) == 0 {
		return nil
	}
	out := make([]surveys.Question, len(nodes))
	for i, n := range nodes {
		key := prefix + strconv.Itoa(i)
		p.nodeAt[key] = n
		q := n.q
		q.Children = p.questions(n.children, key+"/")
		out[i] = q
	}
	return out
}

// locate reports the definition's problems at the cells they come from.
func (p *parser) locate(d *surveys.Definition, problems []surveys.Problem) {
	for _, pr := range problems {
		loc := pr.Location
		switch {
		case loc.Question != nil:
			parts := make([]string, len(loc.Question))
			for i, v := range loc.Question {
				parts[i] = strconv.Itoa(v)
			}
			n := p.nodeAt[strings.Join(parts, "/")]
			row := 0
			if n != nil {
				row = n.row
			}
			p.problem(p.survey.sheet.name, row, cmp(p.fieldColumn(p.survey, pr.Field), p.survey.col("type")), "%s", pr.Message)
		case loc.List != "":
			sheetName, row := "choices", 0
			if p.choices != nil {
				sheetName = p.choices.sheet.name
				if rows := p.choiceRow[loc.List]; loc.Choice >= 0 && loc.Choice < len(rows) {
					row = rows[loc.Choice]
				} else if len(rows) > 0 {
					row = rows[0]
				}
			}
			var col *column
			if p.choices != nil {
				col = p.fieldColumn(p.choices, pr.Field)
			}
			p.problem(sheetName, row, col, "%s", pr.Message)
		default:
			if pr.Field == "languages" {
				p.problem(p.survey.sheet.name, 1, nil, "%s", pr.Message)
				continue
			}
			field := map[string]string{"kind": "haven_kind"}[pr.Field]
			if field == "" {
				field = pr.Field
			}
			if p.settings != nil && p.settings.col(field) != nil {
				p.problem(p.settings.sheet.name, 2, p.settings.col(field), "%s", pr.Message)
			} else {
				p.problem("settings", 0, nil, "%s: %s", field, pr.Message)
			}
		}
	}
}

// fieldColumn finds the column of a definition field such as label::English.
func (p *parser) fieldColumn(t *table, field string) *column {
	if c := t.col(field); c != nil {
		return c
	}
	key, lang, _ := strings.Cut(field, "::")
	if lang == p.defaultLang {
		if c := t.col(key); c != nil {
			return c
		}
	}
	if field == "list_name" {
		return t.col("type")
	}
	return nil
}

// lint warns about harmless oddities in the questions.
func (p *parser) lint(nodes []*node) {
	sheetName := p.survey.sheet.name
	for _, n := range nodes {
		q := n.q
		switch {
		case q.Type.IsSection():
			if len(n.children) == 0 {
				p.warn(sheetName, n.row, nil, "the %s %q holds no questions", q.Type, q.Name)
			}
			p.lint(n.children)
		case q.Type == surveys.TypeCalculate || q.Type.IsMetadata():
		case q.Label.IsZero() && q.Hint.IsZero():
			p.warn(sheetName, n.row, p.survey.col("label"), "the %s %q has no label", q.Type, q.Name)
		}
		if !q.ConstraintMessage.IsZero() && q.Constraint == "" {
			p.warn(sheetName, n.row, p.survey.col("constraint_message"), "a constraint message without a constraint is never shown")
		}
	}
}
