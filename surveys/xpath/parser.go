package xpath

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// maxDepth bounds nesting (parentheses, function calls, unary minus) so that a
// hostile expression cannot exhaust the stack.
const maxDepth = 100

// Compile parses an XLSForm expression (XPath 1.0, ODK dialect). The error, an
// *Error, gives the character where parsing failed, e.g.
// "unexpected ')' at character 14". Unknown functions, function calls with the
// wrong number of arguments and regex() patterns that Go cannot compile are
// refused here, as are the XPath features this package leaves out
// (predicates, axes, attributes, wildcards, '//', unions, variables).
func Compile(expr string) (*Expr, error) {
	toks, err := tokenize(expr)
	if err != nil {
		return nil, err
	}
	p := compiler{toks: toks, seen: map[string]bool{}}
	if p.peek().kind == tokEOF {
		return nil, errorf(p.peek().pos, "empty expression")
	}
	root, err := p.expr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, unexpected(t)
	}
	return &Expr{src: expr, root: root, refs: p.refs}, nil
}

type compiler struct {
	toks  []exprToken
	i     int
	depth int
	refs  []string
	seen  map[string]bool
}

func (p *compiler) peek() exprToken { return p.toks[p.i] }
func (p *compiler) peekAt(n int) exprToken {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}

func (p *compiler) advance() exprToken {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func unexpected(t exprToken) *Error { return errorf(t.pos, "unexpected %s", t.describe()) }

func (p *compiler) expect(kind tokenKind, what string) (exprToken, error) {
	t := p.peek()
	if t.kind != kind {
		return t, errorf(t.pos, "expected %s, found %s", what, t.describe())
	}
	return p.advance(), nil
}

func (p *compiler) addRef(r string) {
	if !p.seen[r] {
		p.seen[r] = true
		p.refs = append(p.refs, r)
	}
}

func (p *compiler) enter() error {
	p.depth++
	if p.depth > maxDepth {
		return errorf(p.peek().pos, "expression nested too deeply")
	}
	return nil
}

func (p *compiler) leave() { p.depth-- }

// Binary levels, loosest first. An operator name (and, or, div, mod) is only
// an operator where an operator can stand; elsewhere it is an element name.
var levels = []map[string]binaryOp{
	{"or": opOr},
	{"and": opAnd},
	{"=": opEq, "!=": opNeq},
	{"<": opLt, "<=": opLe, ">": opGt, ">=": opGe},
	{"+": opAdd, "-": opSub},
	{"*": opMul, "div": opDiv, "mod": opMod},
}

func (p *compiler) expr() (node, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	return p.binary(0)
}

func (p *compiler) binary(level int) (node, error) {
	if level == len(levels) {
		return p.unary()
	}
	left, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		op, ok := levels[level][operatorText(t)]
		if !ok {
			return left, nil
		}
		p.advance()
		right, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		left = &binary{op: op, left: left, right: right, pos: t.pos}
	}
}

// operatorText returns the text of t if t can be an operator after an operand.
func operatorText(t exprToken) string {
	switch t.kind {
	case tokName, tokStar, tokPlus, tokMinus, tokEq, tokNeq, tokLt, tokLe, tokGt, tokGe:
		return t.text
	}
	return ""
}

func (p *compiler) unary() (node, error) {
	t := p.peek()
	if t.kind != tokMinus {
		return p.union()
	}
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer p.leave()
	p.advance()
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &negate{x: x}, nil
}

func (p *compiler) union() (node, error) {
	x, err := p.pathOrPrimary()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind == tokPipe {
		return nil, errorf(t.pos, "the union operator '|' is not supported")
	}
	return x, nil
}

func (p *compiler) pathOrPrimary() (node, error) {
	t := p.peek()
	var x node
	var err error
	switch {
	case t.kind == tokNumber:
		p.advance()
		x = &literal{v: Number(t.num)}
	case t.kind == tokString:
		p.advance()
		x = &literal{v: String(t.val)}
	case t.kind == tokRef:
		p.advance()
		p.addRef(t.text)
		x = &ref{name: t.val}
	case t.kind == tokVariable:
		return nil, errorf(t.pos, "XPath variables such as '%s' are not supported; use ${name}", t.text)
	case t.kind == tokLParen:
		p.advance()
		if x, err = p.expr(); err != nil {
			return nil, err
		}
		if _, err = p.expect(tokRParen, "')'"); err != nil {
			return nil, err
		}
	case t.kind == tokName && p.peekAt(1).kind == tokLParen:
		if x, err = p.call(); err != nil {
			return nil, err
		}
	default:
		return p.locationPath()
	}
	// A filter expression may not be followed by a predicate or a path.
	switch n := p.peek(); n.kind {
	case tokLBracket:
		return nil, errorf(n.pos, "predicates '[...]' are not supported")
	case tokSlash, tokSlashSlash:
		return nil, errorf(n.pos, "a path cannot follow %s", t.describe())
	}
	return x, nil
}

func (p *compiler) locationPath() (node, error) {
	var b strings.Builder
	start := p.peek()
	switch start.kind {
	case tokSlash:
		p.advance()
		b.WriteString("/")
		if k := p.peek().kind; k != tokName && k != tokDot && k != tokDotDot && k != tokStar && k != tokAt {
			return nil, errorf(p.peek().pos, "expected a name after '/', found %s", p.peek().describe())
		}
	case tokSlashSlash:
		return nil, errorf(start.pos, "'//' is not supported; write the full path")
	}
	for {
		if err := p.step(&b); err != nil {
			return nil, err
		}
		t := p.peek()
		if t.kind == tokSlashSlash {
			return nil, errorf(t.pos, "'//' is not supported; write the full path")
		}
		if t.kind != tokSlash {
			break
		}
		p.advance()
		b.WriteString("/")
	}
	path := b.String()
	if path == "." {
		return current{}, nil
	}
	p.addRef(path)
	return &pathNode{path: path}, nil
}

func (p *compiler) step(b *strings.Builder) error {
	t := p.peek()
	switch t.kind {
	case tokDot, tokDotDot:
		p.advance()
		b.WriteString(t.text)
		return p.noPredicate()
	case tokName:
		next := p.peekAt(1)
		switch {
		case next.kind == tokColonColon:
			return errorf(t.pos, "axes such as '%s::' are not supported", t.text)
		case next.kind == tokLParen:
			return errorf(t.pos, "node tests such as '%s()' are not supported in paths", t.text)
		}
		p.advance()
		b.WriteString(t.text)
		return p.noPredicate()
	case tokAt:
		return errorf(t.pos, "attributes ('@') are not supported")
	case tokStar:
		return errorf(t.pos, "wildcards ('*') are not supported in paths")
	}
	return unexpected(t)
}

func (p *compiler) noPredicate() error {
	if t := p.peek(); t.kind == tokLBracket {
		return errorf(t.pos, "predicates '[...]' are not supported")
	}
	return nil
}

func (p *compiler) call() (node, error) {
	name := p.advance()
	p.advance() // (
	c := &call{name: name.text, pos: name.pos}
	fn, ok := functions[name.text]
	if !ok {
		if unsupportedFunctions[name.text] {
			return nil, errorf(name.pos, "function '%s' is not supported", name.text)
		}
		return nil, errorf(name.pos, "unknown function '%s'", name.text)
	}
	c.fn = fn
	var argPos []int
	if p.peek().kind != tokRParen {
		for {
			argPos = append(argPos, p.peek().pos)
			arg, err := p.expr()
			if err != nil {
				return nil, err
			}
			c.args = append(c.args, arg)
			if p.peek().kind != tokComma {
				break
			}
			p.advance()
		}
	}
	if _, err := p.expect(tokRParen, "',' or ')'"); err != nil {
		return nil, err
	}
	if n := len(c.args); n < fn.min || (fn.max >= 0 && n > fn.max) {
		return nil, errorf(name.pos, "%s() takes %s, not %d", name.text, arity(fn.min, fn.max), n)
	}
	if name.text == "regex" {
		if lit, ok := c.args[1].(*literal); ok {
			re, err := compileRegex(lit.v.String())
			if err != nil {
				return nil, errorf(argPos[1], "%s", err)
			}
			c.re = re
		}
	}
	return c, nil
}

func arity(min, max int) string {
	plural := func(n int) string {
		if n == 1 {
			return "1 argument"
		}
		return strconv.Itoa(n) + " arguments"
	}
	switch {
	case max < 0:
		return "at least " + plural(min)
	case min == max:
		return plural(min)
	case max == min+1:
		return strconv.Itoa(min) + " or " + plural(max)
	}
	return strconv.Itoa(min) + " to " + plural(max)
}

// compileRegex compiles a regex() pattern, explaining what Go's RE2 syntax
// refuses (ODK Collect uses Java patterns; lookarounds and backreferences
// have no equivalent here).
func compileRegex(pattern string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "error parsing regexp: ")
		return nil, fmt.Errorf("regex pattern '%s' is not supported: %s", pattern, msg)
	}
	return re, nil
}
