package surveys_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/database"
	"github.com/haven-project/haven/database/dbtest"
	"github.com/haven-project/haven/surveys"
)

// Publish is how people publish (the API, haven survey import): it takes
// no feedback survey, no version over one, and no new form ID that a
// feedback test's survey would have; PublishFeedback, the feedback
// package's way, does.
func TestPublishLeavesFeedbackSurveysToTheirTests(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db *database.DB) {
		s := newService(t, db)
		ctx := context.Background()
		feedbackSurvey := func(formID string) surveys.Definition {
			d := siteSurvey()
			d.FormID, d.Kind = formID, surveys.KindFeedback
			return d
		}
		general := func(formID string) surveys.Definition {
			d := siteSurvey()
			d.FormID, d.Kind = formID, surveys.KindGeneral
			return d
		}
		if _, err := s.PublishFeedback(ctx, feedbackSurvey("feedback-t1"), "feedback test t1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PublishFeedback(ctx, general("feedback-t2"), ""); !hasField(err, "kind") {
			t.Errorf("PublishFeedback of a general survey: %v, want kind invalid", err)
		}
		tests := []struct {
			name  string
			d     surveys.Definition
			kind  haven.Kind
			field string
		}{
			{"a version over a test's survey", feedbackSurvey("feedback-t1"), haven.KindConflict, ""},
			{"a general version over a test's survey", general("feedback-t1"), haven.KindConflict, ""},
			{"a new feedback survey", feedbackSurvey("anonymous-poll"), haven.KindInvalid, "kind"},
			{"a form ID kept for tests", general("feedback-t9"), haven.KindInvalid, "form_id"},
		}
		for _, tc := range tests {
			_, err := s.Publish(ctx, tc.d, "upload.xlsx")
			if haven.KindOf(err) != tc.kind || (tc.field != "" && !hasField(err, tc.field)) {
				t.Errorf("%s: %v, want kind %d on %q", tc.name, err, tc.kind, tc.field)
			}
		}
		sv, err := s.Survey(ctx, "feedback-t1")
		if err != nil || sv.Latest.Number != 1 || sv.Latest.Source != "feedback test t1" {
			t.Errorf("the test's survey after refused publishing: %+v %v", sv.Latest, err)
		}
		for _, id := range []string{"anonymous-poll", "feedback-t9"} {
			if _, err := s.Survey(ctx, id); haven.KindOf(err) != haven.KindNotFound {
				t.Errorf("refused survey %s was stored: %v", id, err)
			}
		}
		// The test itself publishes new versions, and other surveys are
		// published as before, a name like feedback_round2 included.
		if v, err := s.PublishFeedback(ctx, feedbackSurvey("feedback-t1"), "feedback test t1"); err != nil || v.Number != 2 {
			t.Errorf("the test's second version: %+v %v", v, err)
		}
		if _, err := s.Publish(ctx, general("feedback_round2"), "round2.xlsx"); err != nil {
			t.Errorf("a general survey: %v", err)
		}
	})
}

func hasField(err error, field string) bool {
	var he *haven.Error
	if !asHaven(err, &he) || he.Kind != haven.KindInvalid {
		return false
	}
	for _, f := range he.Fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// Only package feedback publishes feedback surveys: any other caller of
// PublishFeedback outside tests would reopen the way around the tests.
func TestOnlyFeedbackCallsPublishFeedback(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	allowed := filepath.Join(root, "surveys", "feedback")
	fset := token.NewFileSet()
	calls := 0
	err = filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if name := e.Name(); path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "test-output") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "PublishFeedback" {
				calls++
				if filepath.Dir(path) != allowed {
					t.Errorf("%s calls PublishFeedback: only package feedback may", fset.Position(call.Pos()))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 {
		t.Error("nothing calls PublishFeedback: the walk missed package feedback")
	}
}
