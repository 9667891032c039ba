package drafts

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/haven-project/haven/mapping"
)

// Book is a frozen version laid out for readers in one language: what the
// booklet, the web directory and the hotline card show. It is made from
// the version alone, so it is as frozen as the version.
type Book struct {
	DraftID string
	Number  int
	Name    string
	Lang    string
	L       *Labels
	Testing bool   // a draft for testing: outputs say it is not for distribution
	Date    string // the day the version was frozen, in Lang
	HowTo   Block
	// Sections are the draft's content sections in order, without the
	// how-to section, which HowTo holds.
	Sections  []Block
	Emergency []Line // the numbers of the emergency sections
	Hotlines  []Line // the entries' hotlines
	// CardHotlines are the hotlines that fit the one-page card: those
	// without a fixed place first; CardMore says some were left off.
	CardHotlines []Line
	CardMore     bool
	Groups       []Group
	Regions      []Option // the areas entries are grouped in, for the web filter
	Services     []Option // the kinds of help, for the web filter
	Total        int      // entries
}

// Block is a content section.
type Block struct {
	Anchor, Kind, Title string
	Lang                string // the language of the text, which may differ from the book's
	Paragraphs          []Paragraph
	Numbers             []Line
}

// Paragraph is a paragraph of text, or a list when Items is set.
type Paragraph struct {
	Text  string
	Items []string
}

// Line is a way to reach someone: what it is and the number or address.
type Line struct {
	Label, Value, Hours string
	Href                string // tel:, mailto: or https:, empty when none fits
}

// Option is one choice of a filter.
type Option struct{ Value, Label string }

// Group is a heading of the directory part — an area or a kind of help —
// with its subgroups: the kinds of help in the area, or the areas.
type Group struct {
	Anchor, Title string
	Subgroups     []Subgroup
}

// Subgroup holds the entries under one area and kind of help. An entry
// with several kinds of help is shown in full under the first and named
// with a reference under the others, so that the booklet stays short.
type Subgroup struct {
	Anchor, Title string
	Entries       []Entry
	Refs          []Ref
}

// Entry is a provider as readers see it, at one area.
type Entry struct {
	Anchor, ID, Name, Description string
	Area                          string
	Addresses                     []string
	PlaceWithheld                 bool // a place here is shown by its area only
	Closed                        bool // temporarily closed
	Accessibility                 []string
	Contacts                      []Line
	Services                      []ServiceView
	Checked                       string
	Categories                    []string // kinds of help (top-level codes), for the web filter
	Region                        string   // the area's key, for the web filter
	Text                          string   // lower-cased words a search looks in
}

// ServiceView is one service of an entry, in words.
type ServiceView struct {
	Name, Description string
	Hours             []string
	Cost, Who         string
	Conditions        []string // eligibility beyond gender and age
	Languages         string
	Access            []string
	// Eligibility and HowToGetIn are Who with Conditions, and Access, as
	// sentences in the book's language.
	Eligibility, HowToGetIn string
}

// Ref names an entry shown in full under another heading.
type Ref struct {
	Name, Contact, Href, Under string
	Categories                 []string
	Region                     string
}

// Keys of the areas that are not regions.
const (
	areaNone  = "_anywhere" // no fixed place: hotlines, online services
	areaOther = "_other"    // placed, but in no region of the grouping
)

// cardHotlines is how many hotlines fit an A6 card under the emergency
// numbers, in a type size still readable.
const cardHotlines = 7

// categoryOrder is the order of the kinds of help (reference §2).
var categoryOrder = []string{"hotline", "accommodation", "medical", "mental_health", "legal_aid", "interpretation", "case_management",
	"child_protection", "law_enforcement", "labour_rights", "repatriation", "family_tracing", "documentation", "financial",
	"reintegration", "consular"}

// Book returns frozen version number of a draft laid out in lang (the
// version's language when empty). It fails with haven.ErrNotFound.
func (s *Service) Book(ctx context.Context, id string, number int, lang string) (Book, error) {
	v, err := s.store.Version(ctx, id, number)
	if err != nil {
		return Book{}, err
	}
	return BuildBook(v, lang), nil
}

// BuildBook lays out a frozen version in lang, the version's language when
// lang is empty or has no fixed texts.
func BuildBook(v Version, lang string) Book {
	if _, ok := labels[lang]; !ok {
		lang = v.Settings.Language
	}
	l := LabelsFor(lang)
	b := &bookBuilder{v: v, lang: lang, l: l}
	book := Book{DraftID: v.DraftID, Number: v.Number, Name: v.Name, Lang: lang, L: l,
		Testing: v.Audience != AudiencePublic, Date: formatDate(v.FrozenAt, lang), Total: len(v.Entries)}
	book.HowTo = Block{Anchor: "how-to", Kind: KindHowTo, Title: l.HowToTitle, Lang: lang, Paragraphs: paragraphs(l.HowToBody)}
	haveHowTo := false
	for i, sec := range v.Sections {
		blk := b.block(sec, fmt.Sprintf("section-%d", i+1))
		if sec.Kind == KindHowTo && !haveHowTo {
			blk.Anchor, book.HowTo, haveHowTo = "how-to", blk, true
			continue
		}
		book.Sections = append(book.Sections, blk)
		if sec.Kind == KindEmergency {
			book.Emergency = append(book.Emergency, blk.Numbers...)
		}
	}
	book.Hotlines = b.hotlines()
	book.CardHotlines = book.Hotlines[:min(len(book.Hotlines), cardHotlines)]
	book.CardMore = len(book.Hotlines) > cardHotlines
	book.Groups, book.Regions, book.Services = b.groups()
	return book
}

type bookBuilder struct {
	v    Version
	lang string
	l    *Labels
}

// text picks the translation in the book's language, then English, then any.
func pick[T any](m map[string]T, lang string) (T, string, bool) {
	if t, ok := m[lang]; ok {
		return t, lang, true
	}
	if t, ok := m["en"]; ok {
		return t, "en", true
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		return m[k], k, true
	}
	var zero T
	return zero, "", false
}

func (b *bookBuilder) block(sec Section, anchor string) Block {
	t, lang, _ := pick(sec.Texts, b.lang)
	blk := Block{Anchor: anchor, Kind: sec.Kind, Title: t.Title, Lang: lang, Paragraphs: paragraphs(t.Body)}
	for _, n := range sec.Numbers {
		label, _, _ := pick(n.Labels, b.lang)
		blk.Numbers = append(blk.Numbers, Line{Label: label, Value: n.Value, Href: telHref(n.Value)})
	}
	return blk
}

// paragraphs splits plain text: a blank line starts a paragraph; a
// paragraph whose lines all start with "- " is a list.
func paragraphs(body string) []Paragraph {
	var out []Paragraph
	for _, chunk := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n\n") {
		chunk = strings.TrimSpace(chunk)
		if chunk == "" {
			continue
		}
		lines := strings.Split(chunk, "\n")
		list := true
		for _, ln := range lines {
			list = list && strings.HasPrefix(strings.TrimSpace(ln), "- ")
		}
		if !list {
			out = append(out, Paragraph{Text: strings.Join(lines, " ")})
			continue
		}
		p := Paragraph{}
		for _, ln := range lines {
			p.Items = append(p.Items, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(ln), "- ")))
		}
		out = append(out, p)
	}
	return out
}

func (b *bookBuilder) name(p *mapping.Provider) string {
	if t, ok := p.Translations[b.lang]; ok && t.Name != "" {
		return t.Name
	}
	return p.Name
}

// hotlines are the entries' hotline channels, those without a fixed place
// first, each number once.
func (b *bookBuilder) hotlines() []Line {
	type hot struct {
		line     Line
		anywhere bool
	}
	var hs []hot
	for i := range b.v.Entries {
		p := &b.v.Entries[i]
		for _, c := range p.Channels {
			if c.Kind != "hotline" {
				continue
			}
			label := b.name(p)
			if c.Label != "" {
				label += " — " + c.Label
			}
			hs = append(hs, hot{Line{Label: label, Value: c.Value, Hours: c.Hours, Href: telHref(c.Value)}, len(p.Locations) == 0})
		}
	}
	slices.SortStableFunc(hs, func(a, c hot) int {
		if a.anywhere != c.anywhere {
			if a.anywhere {
				return -1
			}
			return 1
		}
		return compareFold(a.line.Label, c.line.Label)
	})
	var out []Line
	seen := map[string]bool{}
	for _, h := range hs {
		if !seen[h.line.Value] { // a shared number is named by the line that serves anywhere
			seen[h.line.Value] = true
			out = append(out, h.line)
		}
	}
	return out
}

// placement is one entry at one area under one kind of help.
type placement struct {
	area, areaName, category string
	entry                    *mapping.Provider
	primary                  bool
}

func (b *bookBuilder) groups() ([]Group, []Option, []Option) {
	g := b.v.Settings.Grouping
	var places []placement
	areaNames := map[string]string{}
	categories := map[string]bool{}
	for i := range b.v.Entries {
		p := &b.v.Entries[i]
		cats := b.categories(p)
		for _, c := range cats {
			categories[c] = true
		}
		for _, area := range b.areas(p, g, areaNames) {
			for j, c := range cats {
				places = append(places, placement{area: area, areaName: areaNames[area], category: c, entry: p, primary: j == 0})
			}
		}
	}
	areaKeys := slices.Collect(maps.Keys(areaNames))
	slices.SortFunc(areaKeys, func(a, c string) int { return compareAreas(a, c, areaNames) })
	catKeys := slices.Collect(maps.Keys(categories))
	slices.SortFunc(catKeys, compareCategories)

	outer, inner := areaKeys, catKeys
	outerOf := func(pl placement) string { return pl.area }
	innerOf := func(pl placement) string { return pl.category }
	if g.Order == OrderServiceRegion {
		outer, inner = catKeys, areaKeys
		outerOf, innerOf = innerOf, outerOf
	}
	title := func(key string) string {
		if n, ok := areaNames[key]; ok {
			return n
		}
		return b.categoryName(key)
	}
	// Full entries first, so that a reference can point at its anchor.
	anchors := map[string]string{} // entry ID + area → anchor of its full entry
	var groups []Group
	for gi, o := range outer {
		grp := Group{Anchor: fmt.Sprintf("g%d", gi+1), Title: title(o)}
		for si, in := range inner {
			sub := Subgroup{Anchor: fmt.Sprintf("g%d-%d", gi+1, si+1), Title: title(in)}
			for _, pl := range places {
				if outerOf(pl) != o || innerOf(pl) != in || !pl.primary {
					continue
				}
				e := b.entry(pl.entry, pl.area, areaNames)
				anchors[pl.entry.ID+"|"+pl.area] = e.Anchor
				sub.Entries = append(sub.Entries, e)
			}
			slices.SortFunc(sub.Entries, func(a, c Entry) int { return cmp.Or(compareFold(a.Name, c.Name), strings.Compare(a.ID, c.ID)) })
			grp.Subgroups = append(grp.Subgroups, sub)
		}
		groups = append(groups, grp)
	}
	for gi := range groups {
		for si := range groups[gi].Subgroups {
			sub := &groups[gi].Subgroups[si]
			o, in := outer[gi], inner[si]
			for _, pl := range places {
				if outerOf(pl) != o || innerOf(pl) != in || pl.primary {
					continue
				}
				primary := b.categories(pl.entry)[0]
				ref := Ref{Name: b.name(pl.entry), Href: "#" + anchors[pl.entry.ID+"|"+pl.area], Under: b.categoryName(primary),
					Categories: b.categories(pl.entry), Region: pl.area}
				if len(pl.entry.Channels) > 0 {
					ref.Contact = pl.entry.Channels[0].Value
				}
				sub.Refs = append(sub.Refs, ref)
			}
			slices.SortFunc(sub.Refs, func(a, c Ref) int { return compareFold(a.Name, c.Name) })
		}
		groups[gi].Subgroups = slices.DeleteFunc(groups[gi].Subgroups, func(s Subgroup) bool { return len(s.Entries)+len(s.Refs) == 0 })
	}
	groups = slices.DeleteFunc(groups, func(g Group) bool { return len(g.Subgroups) == 0 })

	regions := make([]Option, len(areaKeys))
	for i, k := range areaKeys {
		regions[i] = Option{Value: k, Label: areaNames[k]}
	}
	services := make([]Option, len(catKeys))
	for i, k := range catKeys {
		services[i] = Option{Value: k, Label: b.categoryName(k)}
	}
	return groups, regions, services
}

// categories are the kinds of help (top-level codes) of an entry's services
// that the draft selects for, in category order.
func (b *bookBuilder) categories(p *mapping.Provider) []string {
	wanted := b.v.Settings.Rules.Services
	var out []string
	for _, sv := range p.Services {
		if len(wanted) > 0 && !slices.ContainsFunc(wanted, func(w string) bool { return sv.Type == w || strings.HasPrefix(sv.Type, w+".") }) {
			continue
		}
		if c := topLevel(sv.Type); !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 { // brought in by the include list: every kind it offers
		for _, sv := range p.Services {
			if c := topLevel(sv.Type); !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	if len(out) == 0 {
		out = []string{"other"}
	}
	slices.SortFunc(out, compareCategories)
	return out
}

func topLevel(code string) string {
	top, _, _ := strings.Cut(code, ".")
	return top
}

func compareCategories(a, b string) int {
	ia, ib := slices.Index(categoryOrder, a), slices.Index(categoryOrder, b)
	if ia < 0 {
		ia = len(categoryOrder)
	}
	if ib < 0 {
		ib = len(categoryOrder)
	}
	return cmp.Or(cmp.Compare(ia, ib), strings.Compare(a, b))
}

// compareAreas puts places without a fixed place first, other areas last,
// and regions by name between.
func compareAreas(a, b string, names map[string]string) int {
	rank := func(k string) int {
		switch k {
		case areaNone:
			return 0
		case areaOther:
			return 2
		}
		return 1
	}
	return cmp.Or(cmp.Compare(rank(a), rank(b)), compareFold(names[a], names[b]), strings.Compare(a, b))
}

// areas are the keys of the areas p is placed in, naming each in names.
func (b *bookBuilder) areas(p *mapping.Provider, g Grouping, names map[string]string) []string {
	if len(p.Locations) == 0 {
		names[areaNone] = b.l.Anywhere
		return []string{areaNone}
	}
	var out []string
	for _, l := range p.Locations {
		key := areaOther
		if r, ok := regionAt(l, g); ok {
			key = r.Code
			names[key] = r.Name
		} else {
			names[areaOther] = b.l.OtherAreas
		}
		if !slices.Contains(out, key) {
			out = append(out, key)
		}
	}
	return out
}

func (b *bookBuilder) categoryName(code string) string {
	if code == areaNone || code == areaOther {
		return ""
	}
	if names, ok := b.v.ServiceNames[code]; ok {
		if n, ok := names[b.lang]; ok {
			return n
		}
	}
	if n, ok := b.l.ServiceNames[code]; ok {
		return n
	}
	if names, ok := b.v.ServiceNames[code]; ok && names["en"] != "" {
		return names["en"]
	}
	return code
}

// serviceName names a service type in the book's language, falling back
// to its kind of help's name there before English.
func (b *bookBuilder) serviceName(code string) string {
	if n, ok := b.v.ServiceNames[code][b.lang]; ok {
		return n
	}
	if b.lang != "en" {
		if top := topLevel(code); top != code {
			return b.categoryName(top)
		}
	}
	return b.categoryName(code)
}

func formatDate(t time.Time, lang string) string {
	m := months["en"]
	if ms, ok := months[lang]; ok {
		m = ms
	}
	month := m[t.Month()-1]
	switch lang {
	case "th":
		return fmt.Sprintf("%d %s %d", t.Day(), month, t.Year()+543) // Thai dates count Buddhist Era years
	case "my":
		return fmt.Sprintf("%d ခုနှစ် %s %d ရက်", t.Year(), month, t.Day())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), month, t.Year())
}
