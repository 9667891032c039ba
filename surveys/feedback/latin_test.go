package feedback

import (
	"fmt"
	"slices"
	"testing"
)

// A balanced Latin square puts every condition in every position equally
// often and lets every condition follow every other equally often.
func TestLatinSquareIsBalanced(t *testing.T) {
	for n := 1; n <= 6; n++ {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rows := LatinSquare(n)
			wantRows := n
			if n%2 == 1 && n > 1 {
				wantRows = 2 * n
			}
			if len(rows) != wantRows {
				t.Fatalf("%d rows, want %d", len(rows), wantRows)
			}
			position := map[[2]int]int{} // (condition, position) → count
			follows := map[[2]int]int{}  // (before, after) → count
			for _, row := range rows {
				if got := slices.Sorted(slices.Values(row)); !slices.Equal(got, upTo(n)) {
					t.Fatalf("row %v is not a permutation of 0..%d", row, n-1)
				}
				for i, c := range row {
					position[[2]int{c, i}]++
					if i > 0 {
						follows[[2]int{row[i-1], c}]++
					}
				}
			}
			per := len(rows) / n
			for c := range n {
				for i := range n {
					if position[[2]int{c, i}] != per {
						t.Errorf("condition %d is at position %d %d times, want %d", c, i, position[[2]int{c, i}], per)
					}
				}
			}
			if n > 1 {
				want := follows[[2]int{0, 1}]
				for a := range n {
					for b := range n {
						if a != b && follows[[2]int{a, b}] != want {
							t.Errorf("%d follows %d %d times, %d follows 0 %d times", b, a, follows[[2]int{a, b}], 1, want)
						}
					}
				}
			}
		})
	}
}

func upTo(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// Participants of a group alternate between A first and B first.
func TestOrderAlternates(t *testing.T) {
	test := Test{Drafts: []DraftRef{{Label: "A"}, {Label: "B"}}}
	var got []string
	for k := range 4 {
		got = append(got, fmt.Sprint(test.order(k)))
	}
	want := []string{"[A B]", "[B A]", "[A B]", "[B A]"}
	if !slices.Equal(got, want) {
		t.Errorf("orders %v, want %v", got, want)
	}
}
