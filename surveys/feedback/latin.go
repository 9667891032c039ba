package feedback

// LatinSquare returns the rows of a balanced Latin square (Williams
// design) for n conditions: every condition takes every position equally
// often, and follows every other condition equally often, so neither the
// order nor the carry-over from one draft to the next favours a draft. For
// even n there are n rows; for odd n above 1, 2n (each row and its mirror).
func LatinSquare(n int) [][]int {
	if n <= 0 {
		return nil
	}
	// The first row runs 0, 1, n-1, 2, n-2, …; each next row adds 1 mod n.
	first := make([]int, n)
	lo, hi := 1, n-1
	for i := 1; i < n; i++ {
		if i%2 == 1 {
			first[i] = lo
			lo++
		} else {
			first[i] = hi
			hi--
		}
	}
	rows := make([][]int, 0, 2*n)
	for r := range n {
		row := make([]int, n)
		for i, c := range first {
			row[i] = (c + r) % n
		}
		rows = append(rows, row)
	}
	if n%2 == 1 && n > 1 {
		for r := range n {
			mirror := make([]int, n)
			for i, c := range rows[r] {
				mirror[n-1-i] = c
			}
			rows = append(rows, mirror)
		}
	}
	return rows
}

// order returns the draft labels in the order the k-th participant of a
// group sees them (k from 0): rows of the Latin square taken in turn.
func (t Test) order(k int) []string {
	rows := LatinSquare(len(t.Drafts))
	if len(rows) == 0 {
		return nil
	}
	row := rows[k%len(rows)]
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = t.Drafts[c].Label
	}
	return out
}
