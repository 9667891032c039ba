package reports

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/haven-project/haven"
	"github.com/haven-project/haven/accounts"
	"github.com/haven-project/haven/database/dbtest"
)

// TestHTMLCallsThePrintableHook checks both states of the html format:
// without the printable report installed it is refused, saying so; with
// one installed, Export hands it the run, its display boundaries, the
// previous run of the same set and level and the comparison with it.
func TestHTMLCallsThePrintableHook(t *testing.T) {
	installed := printableHTML
	t.Cleanup(func() { printableHTML = installed })

	printableHTML = nil
	err := ExportOptions{Format: FormatHTML}.Check()
	var he *haven.Error
	if !errors.As(err, &he) || he.Kind != haven.KindInvalid || !strings.Contains(he.Fields[0].Message, "not available yet") {
		t.Errorf("html without the printable report: %v", err)
	}

	db := dbtest.OpenSQLite(t)
	ctx := context.Background()
	s := workedExampleService(t, db)
	researcher := accounts.User{Email: "r@example.org", Role: accounts.RoleResearcher}
	first, err := s.Run(ctx, researcher, RunParams{Level: 1})
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Run(ctx, researcher, RunParams{Level: 1})
	if err != nil {
		t.Fatal(err)
	}

	var got PrintableInput
	printableHTML = func(w io.Writer, in PrintableInput) error {
		got = in
		_, err := io.WriteString(w, "<html>")
		return err
	}
	var buf bytes.Buffer
	if err := s.Export(ctx, second, ExportOptions{Format: FormatHTML}, &buf); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "<html>" || got.Run.ID != second.ID || got.Previous == nil || got.Previous.ID != first.ID ||
		got.Change == nil || got.Change.After.ID != second.ID || len(got.Shapes) != 3 || got.Shapes[0].Code != "WE1" {
		t.Errorf("the hook got %+v", got)
	}
	got = PrintableInput{}
	if err := s.Export(ctx, first, ExportOptions{Format: FormatHTML}, &buf); err != nil {
		t.Fatal(err)
	}
	if got.Previous != nil || got.Change != nil {
		t.Errorf("the first run has a previous one: %+v", got.Previous)
	}
}
