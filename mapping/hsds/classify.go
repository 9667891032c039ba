package hsds

import (
	"fmt"
	"slices"
	"strings"

	"github.com/haven-project/haven/mapping"
)

// termRef is a taxonomy term as an import meets it.
type termRef struct {
	id, code, name, taxonomy string
	value                    string // the attribute's value
	file                     string // where the attribute came from
}

// UnmatchedTerm is a foreign term that matched no Haven service type: the
// raw material of a taxonomy map file.
type UnmatchedTerm struct {
	ID       string `json:"id"`
	Code     string `json:"code,omitempty"`
	Name     string `json:"name,omitempty"`
	Taxonomy string `json:"taxonomy,omitempty"`
	Services int    `json:"services"`
}

// classifier finds Haven service types for the terms of imported services:
// Haven's own taxonomy first, then the user's map, then a code that is a
// Haven code.
type classifier struct {
	terms     map[string]mapping.Term // Haven's, by code
	mapped    map[string]string       // normalised foreign id, code or name → Haven code; "" ignores the term
	unmatched map[string]*UnmatchedTerm
	order     []string
}

func newClassifier(terms []mapping.Term) *classifier {
	c := &classifier{terms: map[string]mapping.Term{}, mapped: map[string]string{}, unmatched: map[string]*UnmatchedTerm{}}
	for _, t := range terms {
		c.terms[t.Code] = t
	}
	return c
}

func normaliseTerm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// loadMap reads a taxonomy map: CSV with the columns foreign_term (a
// term's id, code or name) and haven_code (empty to ignore the term on
// purpose). Other columns, such as notes, are ignored.
func (c *classifier) loadMap(name string, body []byte, ps *problems) error {
	f, err := parseCSV(name, body)
	if err != nil {
		return err
	}
	if !slices.Contains(f.header, "foreign_term") || !slices.Contains(f.header, "haven_code") {
		ps.add(Problem{File: name, Message: "needs the columns foreign_term and haven_code; the map is not used"})
		return nil
	}
	for i, r := range f.rows() {
		key, code := normaliseTerm(r["foreign_term"]), strings.TrimSpace(r["haven_code"])
		where := Problem{File: name, Object: "taxonomy_map", ID: fmt.Sprintf("line %d", i+2)}
		switch _, known := c.terms[code]; {
		case key == "":
			where.Field, where.Message = "foreign_term", "is empty; the line is ignored"
		case code != "" && !known:
			where.Field, where.Message = "haven_code", fmt.Sprintf("%s is not a Haven service type; see GET /api/v1/taxonomy", quote(code))
		case c.mapped[key] != "" && c.mapped[key] != code:
			where.Field, where.Message = "foreign_term", fmt.Sprintf("%s is mapped twice; the first, %s, is kept", quote(r["foreign_term"]), c.mapped[key])
		default:
			if _, dup := c.mapped[key]; !dup {
				c.mapped[key] = code
			}
			continue
		}
		ps.add(where)
	}
	return nil
}

// match returns the Haven code of a term; ignored is true when the map
// says to leave the term out.
func (c *classifier) match(t termRef) (code string, ignored, ok bool) {
	if t.taxonomy == taxServices {
		if _, known := c.terms[t.code]; known {
			return t.code, false, true
		}
	}
	for _, key := range []string{t.id, t.code, t.name} {
		if code, found := c.mapped[normaliseTerm(key)]; found && key != "" {
			return code, code == "", code != ""
		}
	}
	if _, known := c.terms[strings.ToLower(t.code)]; known {
		return strings.ToLower(t.code), false, true
	}
	return "", false, false
}

// classify returns the Haven codes of a service's terms, in term order,
// and counts the terms that match none.
func (c *classifier) classify(terms []termRef) (codes []string, unmatched []termRef) {
	for _, t := range terms {
		code, ignored, ok := c.match(t)
		switch {
		case ok && !slices.Contains(codes, code):
			codes = append(codes, code)
		case !ok && !ignored:
			unmatched = append(unmatched, t)
			u, seen := c.unmatched[t.id]
			if !seen {
				u = &UnmatchedTerm{ID: t.id, Code: t.code, Name: t.name, Taxonomy: t.taxonomy}
				c.unmatched[t.id] = u
				c.order = append(c.order, t.id)
			}
			u.Services++
		}
	}
	return codes, unmatched
}

func (c *classifier) unmatchedTerms() []UnmatchedTerm {
	out := make([]UnmatchedTerm, len(c.order))
	for i, id := range c.order {
		out[i] = *c.unmatched[id]
	}
	return out
}
