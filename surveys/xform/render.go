// Package xform renders survey definitions as ODK XForms (XForms 1.0 with
// the ODK and JavaRosa extensions), the XML that ODK Collect and Enketo
// download. The output follows what pyxform, the reference XLSForm
// converter, produces for the same form, so that a form behaves the same
// whether it was converted by Haven or by pyxform.
package xform

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/haven-project/haven/surveys"
	"github.com/haven-project/haven/surveys/xpath"
)

// OtherLabel is the label of the choice an or_other select adds, and
// OtherQuestionLabel the label of the question that asks what the other is.
const (
	OtherLabel         = "Other"
	OtherQuestionLabel = "Specify other."
)

// Render returns the XForm of d. The output depends only on d (no maps are
// iterated unsorted), so the same definition always gives the same bytes,
// and so the same OpenRosa hash. It fails with the error of d.Validate
// when d is not valid.
func Render(d surveys.Definition) ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	r := newRenderer(&d)
	return r.render(), nil
}

// node is a question with what rendering needs to know about its place.
type node struct {
	q        *surveys.Question
	path     []string // element names from the root element down to this node
	repeats  int      // how many of its ancestors (and itself) are repeats
	parent   *node
	children []*node
	// generated nodes: the text question of an or_other select, the
	// calculate that holds a repeat's count.
	other *node
	count *node
	// relevant replaces the question's own relevant (for generated nodes).
	relevant string
}

func (n *node) xpath() string { return "/" + strings.Join(n.path, "/") }

type renderer struct {
	d      *surveys.Definition
	roots  []*node
	byName map[string]*node
	itext  bool // whether texts in languages go to <itext>
	langs  []string
	texts  []itextEntry
	other  map[string]string // list name → instance id of the list with "other" added
	out    bytes.Buffer
	indent int
}

type itextEntry struct {
	id   string
	text surveys.Text
}

func newRenderer(d *surveys.Definition) *renderer {
	r := &renderer{d: d, byName: map[string]*node{}, other: map[string]string{}}
	r.roots = r.build(d.Questions, nil, []string{d.Name})
	for _, lang := range d.Languages {
		if lang != "" {
			r.itext = true
		}
	}
	if r.itext {
		r.langs = slices.Clone(d.Languages)
		if len(r.langs) == 0 {
			r.langs = []string{""}
		}
	}
	return r
}

func (r *renderer) build(qs []surveys.Question, parent *node, prefix []string) []*node {
	var out []*node
	for i := range qs {
		q := &qs[i]
		n := &node{q: q, path: append(slices.Clip(prefix), q.Name), parent: parent}
		if parent != nil {
			n.repeats = parent.repeats
		}
		if q.Type == surveys.TypeRepeat {
			n.repeats++
			if q.RepeatCount != "" && !surveys.IsSingleRef(q.RepeatCount) {
				cq := &surveys.Question{Type: surveys.TypeCalculate, Name: q.Name + "_count", Calculation: q.RepeatCount, ReadOnly: true}
				n.count = &node{q: cq, path: append(slices.Clip(prefix), cq.Name), parent: parent}
				if parent != nil {
					n.count.repeats = parent.repeats
				}
				r.byName[cq.Name] = n.count
				out = append(out, n.count)
			}
		}
		r.byName[q.Name] = n
		out = append(out, n)
		if q.Type.IsSection() {
			n.children = r.build(q.Children, n, n.path)
		}
		if q.OrOther {
			oq := &surveys.Question{
				Type: surveys.TypeText, Name: q.Name + "_other",
				Label: surveys.Text{"": OtherQuestionLabel},
			}
			if r.hasLanguages() {
				oq.Label = surveys.Text{}
				for _, lang := range r.d.Languages {
					oq.Label[lang] = OtherQuestionLabel
				}
			}
			n.other = &node{q: oq, path: append(slices.Clip(prefix), oq.Name), parent: parent,
				relevant: fmt.Sprintf("selected(../%s, '%s')", q.Name, surveys.OtherChoice)}
			if parent != nil {
				n.other.repeats = parent.repeats
			}
			r.byName[oq.Name] = n.other
			out = append(out, n.other)
		}
	}
	return out
}

func (r *renderer) hasLanguages() bool {
	return slices.ContainsFunc(r.d.Languages, func(l string) bool { return l != "" })
}

// ref turns ${name} into the path of that question as seen from the node
// ctx: relative (../name) when both are inside the same repeat, so each
// repeat instance sees its own answers, else absolute.
func (r *renderer) ref(ctx *node, name string) string {
	t := r.byName[name]
	if t == nil {
		return "${" + name + "}" // Validate has refused this already
	}
	if ctx != nil && ctx.repeats > 0 && t.repeats > 0 {
		common := 0
		for common < len(ctx.path) && common < len(t.path) && ctx.path[common] == t.path[common] {
			common++
		}
		// Is there a repeat among the shared ancestors?
		shared := false
		for a := t.parent; a != nil; a = a.parent {
			if len(a.path) <= common && a.q.Type == surveys.TypeRepeat {
				shared = true
				break
			}
		}
		if t.q.Type == surveys.TypeRepeat && len(t.path) <= common {
			shared = true
		}
		if shared {
			ups := len(ctx.path) - common
			rel := strings.Repeat("../", ups) + strings.Join(t.path[common:], "/")
			return strings.TrimSuffix(rel, "/")
		}
	}
	return t.xpath()
}

// expr converts an XLSForm expression for use in a bind on ctx.
func (r *renderer) expr(ctx *node, s string) string {
	return xpath.ReplacePlaceholders(s, func(name string) string { return " " + r.ref(ctx, name) + " " })
}

// filter converts a choice_filter for use in an itemset predicate, where
// the context is the choice: paths to answers go through current().
func (r *renderer) filter(ctx *node, s string) string {
	return xpath.ReplacePlaceholders(s, func(name string) string {
		p := r.ref(ctx, name)
		if !strings.HasPrefix(p, "/") {
			p = "current()/" + p
		}
		return " " + p + " "
	})
}

const header = `<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:ev="http://www.w3.org/2001/xml-events" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa" xmlns:odk="http://www.opendatakit.org/xforms" xmlns:orx="http://openrosa.org/xforms" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
`

func (r *renderer) render() []byte {
	r.otherLists()
	r.out.WriteString(header)
	r.indent = 1
	r.open("h:head")
	r.leaf("h:title", r.d.Title)
	r.open("model", "odk:xforms-version", "1.0.0")

	// Body first, into a side buffer: it decides which texts go to itext.
	main := r.out
	r.out = bytes.Buffer{}
	r.indent = 1
	r.open("h:body")
	for _, n := range r.roots {
		r.control(n)
	}
	r.close("h:body")
	body := r.out

	// Binds next, also aside: their messages may go to itext too.
	r.out = bytes.Buffer{}
	r.indent = 3
	for _, n := range r.roots {
		r.binds(n)
	}
	r.metaBinds()
	binds := r.out

	r.out = main
	r.indent = 3
	if r.itext {
		r.writeItext()
	}
	r.primaryInstance()
	r.choiceInstances()
	r.out.Write(binds.Bytes())
	r.close("model")
	r.close("h:head")
	r.out.Write(body.Bytes())
	r.out.WriteString("</h:html>\n")
	return r.out.Bytes()
}

func (r *renderer) primaryInstance() {
	r.open("instance")
	attrs := []string{"id", r.d.FormID}
	if r.d.Version != "" {
		attrs = append(attrs, "version", r.d.Version)
	}
	r.open(r.d.Name, attrs...)
	for _, n := range r.roots {
		r.instanceNode(n)
	}
	r.open("meta")
	r.empty("instanceID")
	if r.d.InstanceName != "" {
		r.empty("instanceName")
	}
	r.close("meta")
	r.close(r.d.Name)
	r.close("instance")
}

func (r *renderer) instanceNode(n *node) {
	q := n.q
	switch {
	case q.Type.IsSection():
		var attrs []string
		if q.Type == surveys.TypeRepeat {
			attrs = []string{"jr:template", ""}
		}
		if len(n.children) == 0 {
			r.empty(q.Name, attrs...)
			return
		}
		r.open(q.Name, attrs...)
		for _, c := range n.children {
			r.instanceNode(c)
		}
		r.close(q.Name)
	case q.Default != "":
		r.leaf(q.Name, q.Default)
	default:
		r.empty(q.Name)
	}
}

// listInstance returns the id of the secondary instance a select uses.
func (r *renderer) listInstance(q *surveys.Question) string {
	if q.OrOther {
		return r.other[q.ListName]
	}
	return q.ListName
}

// otherLists names the copies of the lists that or_other selects use:
// they get an "other" choice, which the other selects of the same list
// must not offer.
func (r *renderer) otherLists() {
	names := r.d.ChoiceListNames()
	taken := map[string]bool{}
	for _, name := range names {
		taken[name] = true
	}
	r.d.Walk(func(_ []string, q *surveys.Question) bool {
		if q.OrOther && r.other[q.ListName] == "" {
			id := q.ListName + "-or_other"
			for taken[id] {
				id += "_"
			}
			taken[id] = true
			r.other[q.ListName] = id
		}
		return true
	})
}

func (r *renderer) choiceInstances() {
	for _, name := range r.d.ChoiceListNames() {
		r.choiceInstance(name, name, false)
		if id := r.other[name]; id != "" {
			r.choiceInstance(id, name, true)
		}
	}
}

func (r *renderer) listUsesItext(list string) bool {
	if !r.itext {
		return false
	}
	for _, c := range r.d.ChoiceLists[list] {
		if translated(c.Label) {
			return true
		}
	}
	return false
}

// translated reports whether a text goes to itext (it has a language).
func translated(t surveys.Text) bool {
	for k, v := range t {
		if k != "" && v != "" {
			return true
		}
	}
	return false
}

func (r *renderer) choiceInstance(id, list string, withOther bool) {
	choices := r.d.ChoiceLists[list]
	itext := r.listUsesItext(list)
	r.open("instance", "id", id)
	r.open("root")
	item := func(itextID, name string, label surveys.Text, extra map[string]string) {
		r.open("item")
		if itext {
			r.leaf("itextId", itextID)
		}
		if !itext {
			r.leaf("label", label.Get(r.d.DefaultLanguage))
		}
		r.leaf("name", name)
		for _, k := range sortedKeys(extra) {
			r.leaf(k, extra[k])
		}
		r.close("item")
	}
	for i, c := range choices {
		item(fmt.Sprintf("%s-%d", list, i), c.Name, c.Label, c.Extra)
	}
	if withOther {
		label := surveys.Text{"": OtherLabel}
		item(list+"-"+surveys.OtherChoice, surveys.OtherChoice, label, nil)
	}
	r.close("root")
	r.close("instance")
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

var bindTypes = map[surveys.QuestionType]string{
	surveys.TypeText: "string", surveys.TypeInteger: "int", surveys.TypeDecimal: "decimal",
	surveys.TypeSelectOne: "string", surveys.TypeSelectMultiple: "string", surveys.TypeDate: "date",
	surveys.TypeTime: "time", surveys.TypeDateTime: "dateTime", surveys.TypeGeopoint: "geopoint",
	surveys.TypeNote: "string", surveys.TypeCalculate: "string", surveys.TypeAcknowledge: "string",
	surveys.TypeBarcode: "barcode", surveys.TypeImage: "binary", surveys.TypeAudio: "binary",
	surveys.TypeVideo: "binary",
	surveys.TypeStart: "dateTime", surveys.TypeEnd: "dateTime", surveys.TypeToday: "date",
}

// preload gives the jr:preload and jr:preloadParams of a metadata type.
func preload(t surveys.QuestionType) (string, string) {
	switch t {
	case surveys.TypeStart, surveys.TypeEnd:
		return "timestamp", string(t)
	case surveys.TypeToday:
		return "date", "today"
	}
	return "property", string(t)
}

func (r *renderer) binds(n *node) {
	q := n.q
	a := map[string]string{"nodeset": n.xpath()}
	if q.Type.IsSection() {
		if q.Relevant != "" {
			a["relevant"] = r.expr(n, q.Relevant)
		}
		if q.ReadOnly {
			a["readonly"] = "true()"
		}
		if len(a) > 1 {
			r.bind(a)
		}
		for _, c := range n.children {
			r.binds(c)
		}
		return
	}
	if t, ok := bindTypes[q.Type]; ok {
		a["type"] = t
	} else {
		a["type"] = "string"
	}
	if q.Type.IsMetadata() {
		a["jr:preload"], a["jr:preloadParams"] = preload(q.Type)
	}
	if q.Required {
		a["required"] = "true()"
		if !q.RequiredMessage.IsZero() {
			a["jr:requiredMsg"] = r.message(n, "jr:requiredMsg", q.RequiredMessage)
		}
	}
	if q.Constraint != "" {
		a["constraint"] = r.expr(n, q.Constraint)
	}
	if !q.ConstraintMessage.IsZero() {
		a["jr:constraintMsg"] = r.message(n, "jr:constraintMsg", q.ConstraintMessage)
	}
	if q.Relevant != "" {
		a["relevant"] = r.expr(n, q.Relevant)
	}
	if n.relevant != "" {
		a["relevant"] = n.relevant
	}
	if q.Calculation != "" {
		a["calculate"] = r.expr(n, q.Calculation)
	}
	if q.ReadOnly || q.Type == surveys.TypeNote {
		a["readonly"] = "true()"
	}
	r.bind(a)
}

// message returns a bind's message attribute: the text itself, or a
// reference to it in itext when it is written in languages.
func (r *renderer) message(n *node, kind string, t surveys.Text) string {
	if r.itext && translated(t) {
		id := n.xpath() + ":" + kind
		r.texts = append(r.texts, itextEntry{id: id, text: t})
		return "jr:itext('" + id + "')"
	}
	return t.Get(r.d.DefaultLanguage)
}

func (r *renderer) metaBinds() {
	root := "/" + r.d.Name + "/meta/"
	r.bind(map[string]string{"nodeset": root + "instanceID", "type": "string", "readonly": "true()", "jr:preload": "uid"})
	if r.d.InstanceName != "" {
		ctx := &node{q: &surveys.Question{Name: "instanceName"}, path: []string{r.d.Name, "meta", "instanceName"}}
		r.bind(map[string]string{"nodeset": root + "instanceName", "type": "string", "calculate": r.expr(ctx, r.d.InstanceName)})
	}
}

var bindOrder = []string{"nodeset", "type", "required", "jr:requiredMsg", "relevant", "constraint", "jr:constraintMsg", "calculate", "readonly", "jr:preload", "jr:preloadParams"}

func (r *renderer) bind(a map[string]string) {
	var attrs []string
	for _, k := range bindOrder {
		if v, ok := a[k]; ok {
			attrs = append(attrs, k, v)
		}
	}
	r.empty("bind", attrs...)
}

// control writes the body element of a question.
func (r *renderer) control(n *node) {
	q := n.q
	ref := n.xpath()
	appearance := func(attrs []string) []string {
		if q.Appearance != "" {
			attrs = append(attrs, "appearance", q.Appearance)
		}
		return attrs
	}
	switch q.Type {
	case surveys.TypeCalculate:
		return
	case surveys.TypeGroup:
		r.open("group", appearance([]string{"ref", ref})...)
		if !q.Label.IsZero() {
			r.text(n, "label", q.Label)
		}
		for _, c := range n.children {
			r.control(c)
		}
		r.close("group")
		return
	case surveys.TypeRepeat:
		r.open("group", "ref", ref)
		if !q.Label.IsZero() {
			r.text(n, "label", q.Label)
		}
		attrs := []string{"nodeset", ref}
		if q.RepeatCount != "" {
			target := n.count
			if target == nil {
				attrs = append(attrs, "jr:count", r.expr(n, q.RepeatCount))
			} else {
				attrs = append(attrs, "jr:count", " "+target.xpath()+" ")
			}
		}
		r.open("repeat", appearance(attrs)...)
		for _, c := range n.children {
			r.control(c)
		}
		r.close("repeat")
		r.close("group")
		return
	}
	if q.Type.IsMetadata() {
		return
	}
	tag, attrs := "input", []string{"ref", ref}
	switch q.Type {
	case surveys.TypeSelectOne:
		tag = "select1"
	case surveys.TypeSelectMultiple:
		tag = "select"
	case surveys.TypeAcknowledge:
		tag = "trigger"
	case surveys.TypeImage, surveys.TypeAudio, surveys.TypeVideo:
		tag = "upload"
		attrs = append(attrs, "mediatype", string(q.Type)+"/*")
	}
	r.open(tag, appearance(attrs)...)
	r.text(n, "label", q.Label)
	if !q.Hint.IsZero() {
		r.text(n, "hint", q.Hint)
	}
	if q.Type.IsSelect() {
		nodeset := "instance('" + r.listInstance(q) + "')/root/item"
		if q.ChoiceFilter != "" {
			nodeset += "[" + r.filter(n, q.ChoiceFilter) + "]"
		}
		r.open("itemset", "nodeset", nodeset)
		r.empty("value", "ref", "name")
		if r.listUsesItext(q.ListName) {
			r.empty("label", "ref", "jr:itext(itextId)")
		} else {
			r.empty("label", "ref", "label")
		}
		r.close("itemset")
	}
	r.close(tag)
}

// text writes a label or hint: inline, or as a reference to itext when it
// is written in languages.
func (r *renderer) text(n *node, kind string, t surveys.Text) {
	if r.itext && translated(t) {
		id := n.xpath() + ":" + kind
		r.texts = append(r.texts, itextEntry{id: id, text: t})
		r.empty(kind, "ref", "jr:itext('"+id+"')")
		return
	}
	s := t.Get(r.d.DefaultLanguage)
	if s == "" {
		r.line("<" + kind + "/>")
		return
	}
	r.line("<" + kind + ">" + r.withOutputs(n, s) + "</" + kind + ">")
}

// withOutputs escapes s and turns each ${name} into an <output/>.
func (r *renderer) withOutputs(n *node, s string) string {
	var b strings.Builder
	last := 0
	for _, ref := range xpath.Placeholders(s) {
		b.WriteString(escapeText(s[last:ref.Start]))
		b.WriteString(`<output value="` + escapeAttr(" "+r.ref(n, ref.Name)+" ") + `"/>`)
		last = ref.End
	}
	b.WriteString(escapeText(s[last:]))
	return b.String()
}

func (r *renderer) writeItext() {
	entries := r.texts
	// Choice labels come after the questions' texts.
	for _, list := range r.d.ChoiceListNames() {
		if !r.listUsesItext(list) {
			continue
		}
		for i, c := range r.d.ChoiceLists[list] {
			entries = append(entries, itextEntry{id: fmt.Sprintf("%s-%d", list, i), text: c.Label})
		}
		if r.other[list] != "" {
			entries = append(entries, itextEntry{id: list + "-" + surveys.OtherChoice, text: surveys.Text{"": OtherLabel}})
		}
	}
	def := r.d.DefaultLanguage
	if def == "" || !slices.Contains(r.langs, def) {
		def = r.langs[0]
	}
	r.open("itext")
	for _, lang := range r.langs {
		name := lang
		if name == "" {
			name = "default"
		}
		if lang == def {
			r.open("translation", "default", "true()", "lang", name)
		} else {
			r.open("translation", "lang", name)
		}
		for _, e := range entries {
			v, ok := e.text[lang]
			if !ok || v == "" {
				if other := e.text[""]; other == OtherLabel || other == OtherQuestionLabel {
					v = other
				} else {
					v = "-" // as pyxform: every translation lists every text
				}
			}
			n := r.nodeForItext(e.id)
			r.open("text", "id", e.id)
			r.line("<value>" + r.withOutputs(n, v) + "</value>")
			r.close("text")
		}
		r.close("translation")
	}
	r.close("itext")
}

// nodeForItext finds the question an itext id belongs to, for ${name}
// references in its text; nil for choices.
func (r *renderer) nodeForItext(id string) *node {
	path, _, ok := strings.Cut(id, ":")
	if !ok || !strings.HasPrefix(path, "/") {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(parts) == 0 {
		return nil
	}
	return r.byName[parts[len(parts)-1]]
}

func (r *renderer) pad() {
	for i := 0; i < r.indent; i++ {
		r.out.WriteString("  ")
	}
}

func (r *renderer) line(s string) {
	r.pad()
	r.out.WriteString(s)
	r.out.WriteByte('\n')
}

func tag(name string, attrs []string) string {
	var b strings.Builder
	b.WriteString("<" + name)
	for i := 0; i+1 < len(attrs); i += 2 {
		b.WriteString(" " + attrs[i] + `="` + escapeAttr(attrs[i+1]) + `"`)
	}
	return b.String()
}

func (r *renderer) open(name string, attrs ...string) {
	r.line(tag(name, attrs) + ">")
	r.indent++
}

func (r *renderer) close(name string) {
	r.indent--
	r.line("</" + name + ">")
}

func (r *renderer) empty(name string, attrs ...string) {
	r.line(tag(name, attrs) + "/>")
}

func (r *renderer) leaf(name, text string, attrs ...string) {
	r.line(tag(name, attrs) + ">" + escapeText(text) + "</" + name + ">")
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;")
)

func escapeText(s string) string { return textEscaper.Replace(s) }
func escapeAttr(s string) string { return attrEscaper.Replace(s) }
