package feedback

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// ExportColumns are the columns of a results export: one row per figure,
// in long form, so that a spreadsheet can filter and pivot it.
var ExportColumns = []string{"section", "item", "item_label", "draft", "variable", "value", "segment",
	"measure", "n", "figure", "ci_low", "ci_high", "suppressed", "reason"}

// exportRow is one figure of an export.
type exportRow struct {
	section, item, itemLabel, draft string
	seg                             Segment
	measure                         string
	n                               *int
	figure                          *float64
	ci                              *Interval
	suppressed                      bool
	reason                          Reason
}

func (r exportRow) strings() []string {
	out := []string{r.section, r.item, defuse(r.itemLabel), r.draft, r.seg.Variable, r.seg.Value, defuse(r.seg.Label), r.measure,
		"", "", "", "", "no", string(r.reason)}
	if r.n != nil {
		out[8] = strconv.Itoa(*r.n)
	}
	if r.figure != nil {
		out[9] = formatFigure(*r.figure)
	}
	if r.ci != nil {
		out[10], out[11] = formatFigure(r.ci.Low), formatFigure(r.ci.High)
	}
	if r.suppressed {
		out[12] = "yes"
	}
	return out
}

// formatFigure writes rates, means and bounds to four decimals, enough to
// check against a hand computation and no more precise than the data.
func formatFigure(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

// defuse keeps a spreadsheet from running a label as a formula: text
// starting with = + - @ or a tab or return gets a leading apostrophe.
func defuse(s string) string {
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + s
		}
	}
	return s
}

// exportRows flattens results into figures.
func exportRows(r Results) []exportRow {
	var out []exportRow
	count := func(section, item, label, draft string, seg Segment, measure string, c Count) {
		out = append(out, exportRow{section: section, item: item, itemLabel: label, draft: draft, seg: seg,
			measure: measure, n: c.N, suppressed: c.Suppressed, reason: c.Reason})
	}
	figure := func(section, item, label, draft string, seg Segment, measure string, f Figure) {
		out = append(out, exportRow{section: section, item: item, itemLabel: label, draft: draft, seg: seg,
			measure: measure, n: f.N, figure: f.Value, ci: f.CI, suppressed: f.Suppressed, reason: f.Reason})
	}
	count("participants", "", "", "", Segment{Label: "Everyone, all drafts"}, "participants", r.Total)
	for s, seg := range r.Segments {
		for d, col := range r.Drafts {
			count("participants", "", "", col.Label, seg, "participants", r.Participants[s][d])
		}
	}
	for _, task := range r.Tasks {
		for s, seg := range r.Segments {
			for d, col := range r.Drafts {
				c := task.Cells[s][d]
				add := func(measure string, x Count) { count("task", task.Code, task.Scenario, col.Label, seg, measure, x) }
				add("successes", c.Successes)
				add("failures", c.Failures)
				figure("task", task.Code, task.Scenario, col.Label, seg, "success_rate", c.Success)
				add("timed", c.Timed)
				figure("task", task.Code, task.Scenario, col.Label, seg, "median_seconds", c.MedianSeconds)
				for i, x := range c.Difficulty {
					add(fmt.Sprintf("difficulty_%d", i+1), x)
				}
				add("difficulty_not_rated", c.NotRated)
			}
		}
		for _, diff := range task.Differences {
			for s, seg := range r.Segments {
				c := diff.Cells[s]
				out = append(out, exportRow{section: "task", item: task.Code, itemLabel: task.Scenario, draft: diff.A + "-" + diff.B,
					seg: seg, measure: "success_difference", figure: c.Value, ci: c.CI, suppressed: c.Suppressed, reason: c.Reason})
			}
		}
	}
	for _, item := range r.Likert {
		for s, seg := range r.Segments {
			for d, col := range r.Drafts {
				c := item.Cells[s][d]
				for i, x := range c.Counts {
					count("likert", item.Code, item.Statement, col.Label, seg, fmt.Sprintf("rating_%d", i+1), x)
				}
				count("likert", item.Code, item.Statement, col.Label, seg, "skipped", c.Skipped)
				figure("likert", item.Code, item.Statement, col.Label, seg, "mean", c.Mean)
			}
		}
	}
	for _, q := range r.Comprehension {
		for s, seg := range r.Segments {
			for d, col := range r.Drafts {
				c := q.Cells[s][d]
				count("comprehension", q.Code, q.Question, col.Label, seg, "correct", c.Correct)
				count("comprehension", q.Code, q.Question, col.Label, seg, "incorrect", c.Incorrect)
				count("comprehension", q.Code, q.Question, col.Label, seg, "no_answer", c.NoAnswer)
				figure("comprehension", q.Code, q.Question, col.Label, seg, "share_correct", c.Share)
			}
		}
	}
	for s, seg := range r.Segments {
		for d, col := range r.Drafts {
			if len(r.ComprehensionScore) > 0 {
				figure("comprehension", "", "Comprehension score (% of questions right)", col.Label, seg, "mean_score", r.ComprehensionScore[s][d])
			}
		}
	}
	for _, sec := range r.Sections {
		for _, q := range []struct {
			name string
			res  AnswerResult
		}{{"understood", sec.Understood}, {"useful", sec.Useful}} {
			for s, seg := range r.Segments {
				for d, col := range r.Drafts {
					c := q.res.Cells[s][d]
					for i, x := range c.Counts {
						count("section", sec.SectionID, sec.Title, col.Label, seg, q.name+"_"+sectionAnswers[i], x)
					}
					count("section", sec.SectionID, sec.Title, col.Label, seg, q.name+"_no_answer", c.NoAnswer)
					figure("section", sec.SectionID, sec.Title, col.Label, seg, q.name+"_share_yes", c.Yes)
				}
			}
		}
	}
	if p := r.Preference; p != nil {
		prefer := func(draft string, seg Segment, c PreferenceCell) {
			for i, x := range c.Counts {
				count("preference", "", "Draft they would give to a friend", draft, seg, "preferred_"+p.Choices[i].Label, x)
			}
			count("preference", "", "Draft they would give to a friend", draft, seg, "not_said", c.NotSaid)
			for i, f := range c.Share {
				figure("preference", "", "Draft they would give to a friend", draft, seg, "share_preferring_"+p.Choices[i].Label, f)
			}
		}
		for s, seg := range r.Segments {
			for d, col := range r.Drafts {
				prefer(col.Label, seg, p.Cells[s][d])
			}
			if p.All != nil {
				prefer("all", seg, p.All[s])
			}
		}
	}
	for _, e := range r.Entries {
		count("entry", e.ProviderID, e.Name, "", Segment{Label: "Everyone, all drafts"}, "chosen_wrongly", e.ChosenWrongly)
		for _, p := range e.Problems {
			count("entry", e.ProviderID, e.Name, "", Segment{Label: "Everyone, all drafts"}, "problem_"+string(p.Kind), p.Count)
		}
	}
	return out
}

// WriteCSV writes results as CSV, one figure per row under ExportColumns.
func WriteCSV(w io.Writer, r Results) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ExportColumns); err != nil {
		return err
	}
	for _, row := range exportRows(r) {
		if err := cw.Write(row.strings()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes results as a workbook: a "results" sheet like the CSV
// (counts and figures as numbers) and an "about" sheet saying what was
// suppressed and how the intervals are computed.
func WriteXLSX(w io.Writer, r Results) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "results"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("results")
	if err != nil {
		return err
	}
	header := make([]any, len(ExportColumns))
	for i, c := range ExportColumns {
		header[i] = c
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, row := range exportRows(r) {
		values := make([]any, 0, len(ExportColumns))
		for j, s := range row.strings() {
			// n, figure and the bounds are numbers when present.
			if j >= 8 && j <= 11 && s != "" {
				if x, err := strconv.ParseFloat(s, 64); err == nil {
					values = append(values, x)
					continue
				}
			}
			values = append(values, s)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if _, err := f.NewSheet("about"); err != nil {
		return err
	}
	for i, line := range aboutLines(r) {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetCellStr("about", cell, defuse(line)); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// aboutLines explain an export to whoever opens it.
func aboutLines(r Results) []string {
	k := "No counts are suppressed."
	if r.K > 0 {
		k = fmt.Sprintf("Counts from 1 to %d are suppressed, and so are other counts where showing them would let a suppressed one be worked out from the totals; "+
			"the two are not told apart. A rate, mean, median or interval computed from a suppressed count is suppressed too.", r.K-1)
	}
	return []string{
		"Feedback test results: " + r.Title + " (" + r.TestID + ")",
		k,
		"Success rates and shares correct: Wilson score 95 % interval.",
		"Differences between drafts: Newcombe's hybrid score 95 % interval (method 10 of Newcombe 1998), for independent groups (each participant used one draft).",
		"Means: mean ± t(0.975, n−1) · s/√n.",
		"Content sections (understood? useful?) by the draft the participant worked with; share_yes is the share of the answers that were yes, with its Wilson interval.",
		"Preferred draft: asked after working with one draft and seeing the others; draft \"all\" counts everyone, whichever draft they worked with. Shares are of those who said, with Wilson intervals.",
		"Median time: over the answers that were timed.",
		"An unanswered task counts as not solved.",
	}
}
