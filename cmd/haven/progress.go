package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

// progressBar draws "label [#####     ] 120/371" on a terminal, redrawn in
// place; on anything else (a pipe, a log) it stays silent, so scripts get
// clean output.
func progressBar(w io.Writer, label string) func(done, total int) {
	f, ok := w.(*os.File)
	if !ok {
		return func(int, int) {}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return func(int, int) {}
	}
	return func(done, total int) {
		const width = 30
		filled := 0
		if total > 0 {
			filled = done * width / total
		}
		fmt.Fprintf(w, "\r%s [%s%s] %d/%d", label, strings.Repeat("#", filled), strings.Repeat(" ", width-filled), done, total)
		if done >= total {
			fmt.Fprintln(w)
		}
	}
}
