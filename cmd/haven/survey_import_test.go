package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haven-project/haven/audit"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/xform"
	"github.com/haven-project/haven/surveys/xlsform"
)

// haven survey import publishes no feedback survey: not a new one, not a
// version over a feedback test's survey, and no form ID kept for tests.
// Each refusal exits non-zero with nothing on standard output, and the
// test's survey keeps its one version.
func TestSurveyImportRefusesFeedbackSurveys(t *testing.T) {
	for name, db := range databases(t) {
		t.Run(name, func(t *testing.T) {
			dataDir := t.TempDir()
			cfg := database.Config{DataDir: dataDir}
			if name == "postgres" {
				cfg.URL = dbtest.EmptyPostgresSchema(t)
				db = []string{"--database", cfg.URL}
			} else {
				db = []string{"--data-dir", dataDir, "--database", ""}
			}
			with := func(args ...string) []string { return append(append([]string{}, args...), db...) }
			if _, _, err := run(t, "", with("migrate", "up")...); err != nil {
				t.Fatal(err)
			}
			// The survey a feedback test publishes when it opens.
			conn, err := database.Open(cfg)
			if err != nil {
				t.Fatal(err)
			}
			svc := surveys.NewService(conn.DB, audit.New(conn.DB), xform.Render)
			if _, err := svc.PublishFeedback(context.Background(), form("feedback-t1", surveys.KindFeedback), "feedback test t1"); err != nil {
				t.Fatal(err)
			}
			conn.Close()

			dir := t.TempDir()
			for _, tc := range []struct {
				name, formID string
				kind         surveys.Kind
				says         string
			}{
				{"over a test's survey", "feedback-t1", surveys.KindFeedback, "belongs to a feedback test"},
				{"a general version over a test's survey", "feedback-t1", surveys.KindGeneral, "belongs to a feedback test"},
				{"a new feedback survey", "exit_poll", surveys.KindFeedback, "create a feedback test"},
				{"a form ID kept for tests", "feedback-t2", surveys.KindGeneral, "kept for the surveys of feedback tests"},
			} {
				file := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".xlsx")
				writeForm(t, file, form(tc.formID, tc.kind))
				out, _, err := run(t, "", with("survey", "import", file)...)
				if err == nil || !strings.Contains(err.Error(), tc.says) || out != "" {
					t.Errorf("import %s: %v, stdout %q; want a refusal saying %q", tc.name, err, out, tc.says)
				}
			}
			file := filepath.Join(dir, "general.xlsx")
			writeForm(t, file, form("feedback_round2", surveys.KindGeneral))
			if out, _, err := run(t, "", with("survey", "import", file)...); err != nil || len(strings.TrimSpace(out)) != 36 {
				t.Errorf("a general survey: %v, stdout %q", err, out)
			}

			conn, err = database.Open(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var versions int64
			conn.Table("survey_versions").Joins("JOIN surveys ON surveys.id = survey_versions.survey_id").
				Where("surveys.form_id = ?", "feedback-t1").Count(&versions)
			var refused int64
			conn.Table("surveys").Where("form_id IN ?", []string{"exit_poll", "feedback-t2"}).Count(&refused)
			if versions != 1 || refused != 0 {
				t.Errorf("after the refusals: the test's survey has %d versions, %d refused surveys were stored; want 1 and 0", versions, refused)
			}
		})
	}
}

func form(formID string, kind surveys.Kind) surveys.Definition {
	return surveys.Definition{FormID: formID, Name: "data", Title: "Form " + formID, Kind: kind,
		Questions: []surveys.Question{{Type: surveys.TypeText, Name: "comment", Label: surveys.Text{"": "Comment"}}}}
}

func writeForm(t *testing.T, path string, d surveys.Definition) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := xlsform.Write(f, d); err != nil {
		t.Fatal(err)
	}
}
