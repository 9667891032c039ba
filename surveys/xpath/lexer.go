package xpath

import (
	"strconv"
	"unicode"
)

type tokenKind int

const (
	tokEOF        tokenKind = iota
	tokNumber               // 12, 1.5, .5
	tokString               // 'text' or "text"
	tokName                 // NCName or prefix:local, including and/or/div/mod
	tokRef                  // ${name}
	tokDot                  // .
	tokDotDot               // ..
	tokSlash                // /
	tokSlashSlash           // //
	tokLParen               // (
	tokRParen               // )
	tokLBracket             // [
	tokRBracket             // ]
	tokComma                // ,
	tokAt                   // @
	tokColonColon           // ::
	tokPipe                 // |
	tokVariable             // $name
	tokStar                 // *
	tokPlus                 // +
	tokMinus                // -
	tokEq                   // =
	tokNeq                  // !=
	tokLt                   // <
	tokLe                   // <=
	tokGt                   // >
	tokGe                   // >=
)

type exprToken struct {
	kind tokenKind
	pos  int    // 1-based character position
	text string // as written
	val  string // string literal content, ${} or $ name
	num  float64
}

// describe names a exprToken for an error message.
func (t exprToken) describe() string {
	if t.kind == tokEOF {
		return "end of expression"
	}
	return "'" + t.text + "'"
}

// lex splits expr into tokens, ending with tokEOF.
func tokenize(expr string) ([]exprToken, error) {
	l := lexer{src: []rune(expr)}
	var toks []exprToken
	for {
		t, err := l.next()
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
		if t.kind == tokEOF {
			return toks, nil
		}
	}
}

type lexer struct {
	src []rune
	i   int
}

func (l *lexer) peek(off int) rune {
	if l.i+off < len(l.src) {
		return l.src[l.i+off]
	}
	return 0
}

func (l *lexer) next() (exprToken, error) {
	for l.i < len(l.src) && isSpace(l.src[l.i]) {
		l.i++
	}
	start := l.i
	tok := func(kind tokenKind, n int) (exprToken, error) {
		l.i += n
		return exprToken{kind: kind, pos: start + 1, text: string(l.src[start:l.i])}, nil
	}
	if l.i == len(l.src) {
		return exprToken{kind: tokEOF, pos: start + 1}, nil
	}
	c := l.src[l.i]
	switch {
	case c == '\'' || c == '"':
		return l.string(c)
	case isDigit(c) || (c == '.' && isDigit(l.peek(1))):
		return l.number()
	case c == '$':
		return l.dollar()
	case isNCNameStart(c):
		return l.name()
	}
	two := string(c) + string(l.peek(1))
	switch two {
	case "..":
		return tok(tokDotDot, 2)
	case "//":
		return tok(tokSlashSlash, 2)
	case "::":
		return tok(tokColonColon, 2)
	case "!=":
		return tok(tokNeq, 2)
	case "<=":
		return tok(tokLe, 2)
	case ">=":
		return tok(tokGe, 2)
	}
	if kind, ok := singles[c]; ok {
		return tok(kind, 1)
	}
	return exprToken{}, errorf(start+1, "unexpected %s", strconv.QuoteRune(c))
}

var singles = map[rune]tokenKind{
	'.': tokDot, '/': tokSlash, '(': tokLParen, ')': tokRParen, '[': tokLBracket,
	']': tokRBracket, ',': tokComma, '@': tokAt, '|': tokPipe, '*': tokStar,
	'+': tokPlus, '-': tokMinus, '=': tokEq, '<': tokLt, '>': tokGt,
}

func (l *lexer) string(quote rune) (exprToken, error) {
	start := l.i
	for l.i++; l.i < len(l.src); l.i++ {
		if l.src[l.i] == quote {
			l.i++
			text := string(l.src[start:l.i])
			return exprToken{kind: tokString, pos: start + 1, text: text, val: text[1 : len(text)-1]}, nil
		}
	}
	return exprToken{}, errorf(start+1, "unterminated string")
}

func (l *lexer) number() (exprToken, error) {
	start := l.i
	for l.i < len(l.src) && isDigit(l.src[l.i]) {
		l.i++
	}
	if l.peek(0) == '.' && l.peek(1) != '.' {
		l.i++
		for l.i < len(l.src) && isDigit(l.src[l.i]) {
			l.i++
		}
	}
	text := string(l.src[start:l.i])
	n, _ := strconv.ParseFloat(text, 64) // digits only: at worst out of range, giving +Inf
	return exprToken{kind: tokNumber, pos: start + 1, text: text, num: n}, nil
}

// dollar lexes ${name} (an XLSForm reference) or $name (an XPath variable,
// which the compiler refuses).
func (l *lexer) dollar() (exprToken, error) {
	start := l.i
	if l.peek(1) != '{' {
		l.i++
		if !isNCNameStart(l.peek(0)) {
			return exprToken{}, errorf(start+1, "unexpected '$'")
		}
		n := l.ncname()
		return exprToken{kind: tokVariable, pos: start + 1, text: "$" + n, val: n}, nil
	}
	l.i += 2
	nameStart := l.i
	if !isNCNameStart(l.peek(0)) {
		if l.peek(0) == '}' {
			return exprToken{}, errorf(start+1, "empty reference '${}'")
		}
		return exprToken{}, errorf(nameStart+1, "expected a question name after '${'")
	}
	name := l.ncname()
	if l.peek(0) != '}' {
		return exprToken{}, errorf(l.i+1, "expected '}' to close '${%s'", name)
	}
	l.i++
	return exprToken{kind: tokRef, pos: start + 1, text: string(l.src[start:l.i]), val: name}, nil
}

// name lexes an NCName, or a QName prefix:local when a name follows the colon.
func (l *lexer) name() (exprToken, error) {
	start := l.i
	l.ncname()
	if l.peek(0) == ':' && isNCNameStart(l.peek(1)) {
		l.i++
		l.ncname()
	}
	text := string(l.src[start:l.i])
	return exprToken{kind: tokName, pos: start + 1, text: text, val: text}, nil
}

func (l *lexer) ncname() string {
	start := l.i
	l.i++
	for l.i < len(l.src) && isNCNameChar(l.src[l.i]) {
		l.i++
	}
	return string(l.src[start:l.i])
}

func isSpace(c rune) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
func isDigit(c rune) bool { return c >= '0' && c <= '9' }

func isNCNameStart(c rune) bool { return c == '_' || unicode.IsLetter(c) }

func isNCNameChar(c rune) bool {
	return isNCNameStart(c) || c == '-' || c == '.' || unicode.IsDigit(c) ||
		unicode.Is(unicode.Mn, c) || unicode.Is(unicode.Mc, c) || c == '\u00B7'
}
