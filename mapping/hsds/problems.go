package hsds

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with, or not kept from, the data being
// imported: where it is (file, object, id, field) and what it is.
type Problem struct {
	File    string `json:"file,omitempty"`
	Object  string `json:"object,omitempty"`
	ID      string `json:"id,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	var where []string
	for _, s := range []string{p.File, p.Object, p.ID} {
		if s != "" {
			where = append(where, s)
		}
	}
	loc := strings.Join(where, " ")
	if p.Field != "" {
		loc += " ." + p.Field
	}
	return loc + ": " + p.Message
}

// problems collects the problems of one import, each once, in the order found.
type problems struct {
	list []Problem
	seen map[Problem]bool
}

func (ps *problems) add(p Problem) {
	if ps.seen == nil {
		ps.seen = map[Problem]bool{}
	}
	if ps.seen[p] {
		return
	}
	ps.seen[p] = true
	ps.list = append(ps.list, p)
}

// at reports a problem with a row of a table of d.
func (ps *problems) at(d *dataset, table, id, field, format string, args ...any) {
	file := ""
	if t := d.table(table); t != nil {
		file = t.originOf(id).file
	}
	ps.add(Problem{File: file, Object: table, ID: id, Field: field, Message: fmt.Sprintf(format, args...)})
}
