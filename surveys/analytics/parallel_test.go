package analytics

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/haven-project/haven/mapping"
	"github.com/haven-project/haven/surveys"
)

// parallelRows are n rows of varied answers: selects, numbers, a repeat
// and places of every tier, some confidential.
func parallelRows(n int) []row {
	rows := make([]row, n)
	tiers := []string{"public", "region_only", "hidden", ""}
	for i := range rows {
		tier := ""
		if t := tiers[i%len(tiers)]; t != "" {
			tier = fmt.Sprintf(`"location_tier":%q,`, t)
		}
		rows[i] = row{ID: fmt.Sprint(i), SubmittedAt: time.Unix(int64(i), 0), Answers: fmt.Sprintf(
			`{%s"colour":%q,"tags":%q,"age":"%d","score":%d.5,"location_point":"10 100 0 0","visits":[{"nights":"%d"},{"nights":" %d "}]}`,
			tier, []string{"red", "green", "blue", "teal"}[i%4], []string{"a b", "c", "a  a", ""}[i%4], i%90, i%7, i%5, i%11)}
	}
	return rows
}

// TestDecodeAllParallel checks that decoding a batch among goroutines gives
// the records, and the first error, of decoding it in order.
func TestDecodeAllParallel(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	for _, v := range []mapping.Viewer{{}, {Confidential: true}} {
		rows := parallelRows(1000)
		want := make([]record, len(rows))
		for i, r := range rows {
			var err error
			if want[i], err = decode(r, v); err != nil {
				t.Fatal(err)
			}
		}
		got := make([]record, len(rows))
		if err := decodeAll(rows, got, v); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("viewer %+v: parallel decoding differs from decoding in order", v)
		}
		rows[700].Answers, rows[300].Answers, rows[999].Answers = "{", "[", "x"
		err := decodeAll(rows, got, v)
		if err == nil || !strings.Contains(err.Error(), "decode submission 300:") {
			t.Errorf("error = %v, want that of submission 300", err)
		}
	}
}

// TestAddAllParallel checks that accumulating among goroutines gives the
// summary of accumulating in order.
func TestAddAllParallel(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	}
	d := surveys.Definition{Questions: []surveys.Question{
		{Type: surveys.TypeSelectOne, Name: "colour", ListName: "colours"},
		{Type: surveys.TypeSelectMultiple, Name: "tags", ListName: "tags"},
		{Type: surveys.TypeInteger, Name: "age"},
		{Type: surveys.TypeDecimal, Name: "score"},
		{Type: surveys.TypeGeopoint, Name: "location_point"},
		{Type: surveys.TypeRepeat, Name: "visits", Children: []surveys.Question{{Type: surveys.TypeInteger, Name: "nights"}}},
	}}
	cols, _ := columns(d, "")
	rows := parallelRows(1000)
	recs := make([]record, len(rows))
	if err := decodeAll(rows, recs, mapping.Viewer{}); err != nil {
		t.Fatal(err)
	}
	newAccs := func() []*questionAcc {
		accs := make([]*questionAcc, len(cols))
		for i, c := range cols {
			accs[i] = &questionAcc{col: c, choices: map[string]int{}}
		}
		return accs
	}
	serial, parallel := newAccs(), newAccs()
	for _, r := range recs {
		for _, acc := range serial {
			acc.add(r.answers)
		}
	}
	addAll(parallel, recs[:500])
	addAll(parallel, recs[500:])
	l := labeller{d: d}
	for i := range serial {
		if s, p := serial[i].summary(l), parallel[i].summary(l); !reflect.DeepEqual(s, p) {
			t.Errorf("%s: parallel %+v, in order %+v", cols[i].Name, p, s)
		}
	}
}
