package xlsform

import (
	"fmt"
	"io"
	"slices"

	"github.com/haven-project/haven/surveys"
	"github.com/xuri/excelize/v2"
)

// Write writes d as an XLSForm workbook (.xlsx) with survey, choices and
// settings sheets, which Parse reads back to the same definition. Every
// cell is written as text, so names such as 1 or FALSE stay as they are.
func Write(w io.Writer, d surveys.Definition) error {
	f := excelize.NewFile()
	defer f.Close()
	langs := d.Languages
	if len(langs) == 0 {
		langs = d.UsedLanguages()
	}
	texts := func(base string) []string {
		out := make([]string, len(langs))
		for i, lang := range langs {
			out[i] = surveys.TextField(base, lang)
		}
		if len(out) == 0 {
			out = []string{base}
		}
		return out
	}
	translated := map[string]func(q *surveys.Question) surveys.Text{
		"label":              func(q *surveys.Question) surveys.Text { return q.Label },
		"hint":               func(q *surveys.Question) surveys.Text { return q.Hint },
		"required_message":   func(q *surveys.Question) surveys.Text { return q.RequiredMessage },
		"constraint_message": func(q *surveys.Question) surveys.Text { return q.ConstraintMessage },
	}
	plain := []struct {
		header string
		get    func(q *surveys.Question) string
	}{
		{"required", func(q *surveys.Question) string { return yesNo(q.Required) }},
		{"relevant", func(q *surveys.Question) string { return q.Relevant }},
		{"constraint", func(q *surveys.Question) string { return q.Constraint }},
		{"calculation", func(q *surveys.Question) string { return q.Calculation }},
		{"choice_filter", func(q *surveys.Question) string { return q.ChoiceFilter }},
		{"appearance", func(q *surveys.Question) string { return q.Appearance }},
		{"default", func(q *surveys.Question) string { return q.Default }},
		{"read_only", func(q *surveys.Question) string { return yesNo(q.ReadOnly) }},
		{"repeat_count", func(q *surveys.Question) string { return q.RepeatCount }},
	}

	// The survey sheet: only the columns some question uses, besides type, name and label.
	header := []string{"type", "name"}
	var cells []func(q *surveys.Question) string
	for _, base := range []string{"label", "hint", "required_message", "constraint_message"} {
		get := translated[base]
		for i, h := range texts(base) {
			lang := ""
			if len(langs) > 0 {
				lang = langs[i]
			}
			fn := func(q *surveys.Question) string { return get(q)[lang] }
			if base == "label" || uses(d, fn) {
				header = append(header, h)
				cells = append(cells, fn)
			}
		}
	}
	for _, p := range plain {
		if uses(d, p.get) {
			header = append(header, p.header)
			cells = append(cells, p.get)
		}
	}
	rows := [][]string{header}
	var add func(qs []surveys.Question)
	add = func(qs []surveys.Question) {
		for i := range qs {
			q := &qs[i]
			row := []string{typeCell(q), q.Name}
			for _, fn := range cells {
				row = append(row, fn(q))
			}
			rows = append(rows, row)
			if q.Type.IsSection() {
				add(q.Children)
				rows = append(rows, []string{"end_" + string(q.Type)})
			}
		}
	}
	add(d.Questions)
	if err := f.SetSheetName("Sheet1", "survey"); err != nil {
		return err
	}
	if err := writeRows(f, "survey", rows); err != nil {
		return err
	}

	// The choices sheet.
	var extras []string
	for _, cs := range d.ChoiceLists {
		for _, c := range cs {
			for k := range c.Extra {
				if !slices.Contains(extras, k) {
					extras = append(extras, k)
				}
			}
		}
	}
	slices.Sort(extras)
	choiceHeader := append(append([]string{"list_name", "name"}, texts("label")...), extras...)
	choiceRows := [][]string{choiceHeader}
	for _, list := range d.ChoiceListNames() {
		for _, c := range d.ChoiceLists[list] {
			row := []string{list, c.Name}
			if len(langs) == 0 {
				row = append(row, c.Label[""])
			}
			for _, lang := range langs {
				row = append(row, c.Label[lang])
			}
			for _, k := range extras {
				row = append(row, c.Extra[k])
			}
			choiceRows = append(choiceRows, row)
		}
	}
	if _, err := f.NewSheet("choices"); err != nil {
		return err
	}
	if err := writeRows(f, "choices", choiceRows); err != nil {
		return err
	}

	// The settings sheet.
	settings := [][]string{
		{"form_title", "form_id", "version", "default_language", "instance_name", "name", "haven_kind", "allow_choice_duplicates"},
		{d.Title, d.FormID, d.Version, d.DefaultLanguage, d.InstanceName, d.Name, string(d.Kind), yesNo(d.AllowChoiceDuplicates)},
	}
	if _, err := f.NewSheet("settings"); err != nil {
		return err
	}
	if err := writeRows(f, "settings", settings); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

func typeCell(q *surveys.Question) string {
	switch {
	case q.Type.IsSection():
		return "begin_" + string(q.Type)
	case q.Type.IsSelect():
		s := string(q.Type) + " " + q.ListName
		if q.OrOther {
			s += " or_other"
		}
		return s
	}
	return string(q.Type)
}

// uses reports whether fn gives some question of d a value.
func uses(d surveys.Definition, fn func(q *surveys.Question) string) bool {
	found := false
	d.Walk(func(_ []string, q *surveys.Question) bool {
		if fn(q) != "" {
			found = true
		}
		return !found
	})
	return found
}

func writeRows(f *excelize.File, sheet string, rows [][]string) error {
	for r, row := range rows {
		for c, v := range row {
			if v == "" {
				continue
			}
			axis, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, axis, v); err != nil {
				return fmt.Errorf("writing %s!%s: %w", sheet, axis, err)
			}
		}
	}
	return nil
}
