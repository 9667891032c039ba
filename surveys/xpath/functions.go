package xpath

import (
	"crypto/rand"
	"encoding/hex"
	"math"
	mathrand "math/rand/v2"
	"regexp"
	"strconv"
	"strings"
)

type call struct {
	name string
	pos  int
	fn   *function
	args []node
	re   *regexp.Regexp // regex() with a literal pattern, compiled once
}

// function describes one function: how many arguments it takes (max < 0:
// any number) and either eager, which receives the evaluated arguments, or
// lazy, which evaluates only the arguments it needs.
type function struct {
	min, max int
	eager    func(ctx Context, c *call, args []Value) (Value, error)
	lazy     func(ctx Context, c *call) (Value, error)
}

func (c *call) eval(ctx Context) (Value, error) {
	if c.fn.lazy != nil {
		return c.fn.lazy(ctx, c)
	}
	args := make([]Value, len(c.args))
	for i, a := range c.args {
		v, err := a.eval(ctx)
		if err != nil {
			return Value{}, err
		}
		args[i] = v
	}
	return c.fn.eager(ctx, c, args)
}

// Helpers that adapt plain Go functions to the function table.

func num1(f func(float64) float64) *function {
	return &function{min: 1, max: 1, eager: func(_ Context, _ *call, a []Value) (Value, error) {
		return Number(f(a[0].Number())), nil
	}}
}

func num2(f func(float64, float64) float64) *function {
	return &function{min: 2, max: 2, eager: func(_ Context, _ *call, a []Value) (Value, error) {
		return Number(f(a[0].Number(), a[1].Number())), nil
	}}
}

func str2(f func(string, string) Value) *function {
	return &function{min: 2, max: 2, eager: func(_ Context, _ *call, a []Value) (Value, error) {
		return f(a[0].String(), a[1].String()), nil
	}}
}

// orCurrent adapts a one-argument function whose argument defaults to the
// current node, as XPath's string(), number() and friends do.
func orCurrent(f func(Value) Value) *function {
	return &function{min: 0, max: 1, eager: func(ctx Context, _ *call, a []Value) (Value, error) {
		if len(a) == 0 {
			return f(ctx.Current()), nil
		}
		return f(a[0]), nil
	}}
}

func constant(v func() Value) *function {
	return &function{eager: func(Context, *call, []Value) (Value, error) { return v(), nil }}
}

var functions = map[string]*function{
	// Boolean
	"true":    constant(func() Value { return Bool(true) }),
	"false":   constant(func() Value { return Bool(false) }),
	"not":     {min: 1, max: 1, eager: func(_ Context, _ *call, a []Value) (Value, error) { return Bool(!a[0].Bool()), nil }},
	"boolean": {min: 1, max: 1, eager: func(_ Context, _ *call, a []Value) (Value, error) { return Bool(a[0].Bool()), nil }},
	"boolean-from-string": {min: 1, max: 1, eager: func(_ Context, _ *call, a []Value) (Value, error) {
		s := a[0].String()
		return Bool(s == "true" || s == "1"), nil
	}},
	"if":       {min: 3, max: 3, lazy: evalIf},
	"coalesce": {min: 2, max: 2, lazy: evalCoalesce},
	"once":     {min: 1, max: 1, lazy: evalOnce},
	"regex":    {min: 2, max: 2, eager: evalRegex},

	// Number
	"number":  orCurrent(func(v Value) Value { return Number(v.Number()) }),
	"int":     num1(math.Trunc),
	"round":   {min: 1, max: 2, eager: evalRound},
	"floor":   num1(math.Floor),
	"ceiling": num1(math.Ceil),
	"abs":     num1(math.Abs),
	"pow":     num2(math.Pow),
	"min":     {min: 1, max: -1, eager: extreme(math.Min)},
	"max":     {min: 1, max: -1, eager: extreme(math.Max)},
	"sqrt":    num1(math.Sqrt),
	"exp":     num1(math.Exp),
	"exp10":   num1(func(x float64) float64 { return math.Pow(10, x) }),
	"log":     num1(math.Log),
	"log10":   num1(math.Log10),
	"sin":     num1(math.Sin),
	"cos":     num1(math.Cos),
	"tan":     num1(math.Tan),
	"asin":    num1(math.Asin),
	"acos":    num1(math.Acos),
	"atan":    num1(math.Atan),
	"atan2":   num2(math.Atan2),
	"pi":      constant(func() Value { return Number(math.Pi) }),
	"random":  constant(func() Value { return Number(mathrand.Float64()) }),

	// String
	"string":           orCurrent(func(v Value) Value { return String(v.String()) }),
	"string-length":    orCurrent(func(v Value) Value { return Number(float64(len([]rune(v.String())))) }),
	"normalize-space":  orCurrent(func(v Value) Value { return String(strings.Join(fields(v.String()), " ")) }),
	"concat":           {min: 1, max: -1, eager: evalConcat},
	"contains":         str2(func(s, sub string) Value { return Bool(strings.Contains(s, sub)) }),
	"starts-with":      str2(func(s, pre string) Value { return Bool(strings.HasPrefix(s, pre)) }),
	"ends-with":        str2(func(s, suf string) Value { return Bool(strings.HasSuffix(s, suf)) }),
	"substring":        {min: 2, max: 3, eager: evalSubstring},
	"substring-before": str2(substringBefore),
	"substring-after":  str2(substringAfter),
	"translate":        {min: 3, max: 3, eager: evalTranslate},
	"uuid":             {min: 0, max: 1, eager: evalUUID},

	// Select
	"selected": str2(func(list, v string) Value {
		v = strings.Trim(v, " \t\r\n")
		for _, item := range fields(list) {
			if item == v {
				return Bool(true)
			}
		}
		return Bool(false)
	}),
	"count-selected": {min: 1, max: 1, eager: func(_ Context, _ *call, a []Value) (Value, error) {
		return Number(float64(len(fields(a[0].String())))), nil
	}},
	"selected-at":    {min: 2, max: 2, eager: evalSelectedAt},
	"jr:choice-name": {min: 2, max: 2, eager: func(_ Context, _ *call, a []Value) (Value, error) { return String(a[0].String()), nil }},

	// Date and time
	"today": {eager: func(ctx Context, _ *call, _ []Value) (Value, error) {
		return String(ctx.Now().Format(dateLayout)), nil
	}},
	"now": {eager: func(ctx Context, _ *call, _ []Value) (Value, error) {
		return String(ctx.Now().Format(dateTimeLayout)), nil
	}},
	"date":              {min: 1, max: 1, eager: evalDate},
	"decimal-date-time": num1(func(x float64) float64 { return x }), // number() already reads dateTimes
	"format-date":       {min: 2, max: 2, eager: evalFormatDate},
	"format-date-time":  {min: 2, max: 2, eager: evalFormatDate},
}

// unsupportedFunctions are ODK functions this package knows of but does not
// implement; Compile names them as unsupported rather than unknown.
var unsupportedFunctions = map[string]bool{
	"position": true, "count": true, "count-non-empty": true, "sum": true, "last": true,
	"instance": true, "current": true, "pulldata": true, "indexed-repeat": true,
	"randomize": true, "join": true, "substr": true, "digest": true, "area": true,
	"distance": true, "geofence": true, "jr:itext": true, "checklist": true,
	"weighted-checklist": true, "decimal-time": true, "base64-decode": true,
	"local-name": true, "name": true, "namespace-uri": true, "id": true, "lang": true,
}

func fields(s string) []string { return strings.FieldsFunc(s, isSpace) }

func evalIf(ctx Context, c *call) (Value, error) {
	cond, err := c.args[0].eval(ctx)
	if err != nil {
		return Value{}, err
	}
	if cond.Bool() {
		return c.args[1].eval(ctx)
	}
	return c.args[2].eval(ctx)
}

// evalCoalesce returns the first of its arguments that is not empty, as a
// string; the second is only evaluated when the first is empty.
func evalCoalesce(ctx Context, c *call) (Value, error) {
	v, err := c.args[0].eval(ctx)
	if err != nil || v.String() != "" {
		return String(v.String()), err
	}
	v, err = c.args[1].eval(ctx)
	return String(v.String()), err
}

// evalOnce keeps the current node's value when it has one, as the ODK spec
// says, and otherwise evaluates its argument.
func evalOnce(ctx Context, c *call) (Value, error) {
	if cur := ctx.Current(); cur.String() != "" {
		return cur, nil
	}
	return c.args[0].eval(ctx)
}

func evalRegex(_ Context, c *call, a []Value) (Value, error) {
	re := c.re
	if re == nil {
		var err error
		if re, err = compileRegex(a[1].String()); err != nil {
			return Value{}, errorf(c.pos, "%s", err)
		}
	}
	return Bool(re.MatchString(a[0].String())), nil
}

func evalRound(_ Context, _ *call, a []Value) (Value, error) {
	digits := 0.0
	if len(a) == 2 {
		digits = math.Trunc(a[1].Number())
	}
	return Number(roundDecimal(a[0].Number(), digits)), nil
}

// roundDecimal rounds x to digits decimal places (negative digits round to
// tens, hundreds...), halves toward positive infinity as XPath's round() and
// JavaRosa do. It rounds the shortest decimal form of x, not its binary
// value, so round(1.005, 2) is 1.01 as a person expects.
func roundDecimal(x, digits float64) float64 {
	switch {
	case math.IsNaN(digits):
		return math.NaN()
	case math.IsNaN(x) || math.IsInf(x, 0) || x == 0:
		return x
	case digits > 400:
		return x
	case digits < -400:
		return math.Copysign(0, x)
	}
	d := int(digits)
	// The shortest digits that read back as x, and the exponent of the first.
	mant, expPart, _ := strings.Cut(strconv.FormatFloat(math.Abs(x), 'e', -1, 64), "e")
	all := strings.Replace(mant, ".", "", 1)
	exp, _ := strconv.Atoi(expPart)
	keep := exp + 1 + d // digits before the cut
	if keep >= len(all) {
		return x
	}
	var kept uint64
	if keep > 0 {
		kept, _ = strconv.ParseUint(all[:keep], 10, 64)
	}
	if keep >= 0 {
		rest := all[keep:]
		if rest[0] > '5' || (rest[0] == '5' && (x > 0 || strings.Trim(rest[1:], "0") != "")) {
			kept++
		}
	}
	sign := ""
	if x < 0 {
		sign = "-"
	}
	r, _ := strconv.ParseFloat(sign+strconv.FormatUint(kept, 10)+"e"+strconv.Itoa(-d), 64)
	return r
}

// extreme returns min() or max() over all arguments; NaN if any is NaN.
func extreme(pick func(a, b float64) float64) func(Context, *call, []Value) (Value, error) {
	return func(_ Context, _ *call, a []Value) (Value, error) {
		r := a[0].Number()
		for _, v := range a[1:] {
			r = pick(r, v.Number())
		}
		return Number(r), nil
	}
}

func evalConcat(_ Context, _ *call, a []Value) (Value, error) {
	var b strings.Builder
	for _, v := range a {
		b.WriteString(v.String())
	}
	return String(b.String()), nil
}

// evalSubstring follows XPath 1.0: characters are counted from 1, and those
// at positions p with round(start) <= p < round(start) + round(length) are kept.
func evalSubstring(_ Context, _ *call, a []Value) (Value, error) {
	runes := []rune(a[0].String())
	start := roundDecimal(a[1].Number(), 0)
	end := math.Inf(1)
	if len(a) == 3 {
		end = start + roundDecimal(a[2].Number(), 0)
	}
	var b strings.Builder
	for i, r := range runes {
		if p := float64(i + 1); p >= start && p < end {
			b.WriteRune(r)
		}
	}
	return String(b.String()), nil
}

func substringBefore(s, sep string) Value {
	before, _, found := strings.Cut(s, sep)
	if !found {
		return String("")
	}
	return String(before)
}

func substringAfter(s, sep string) Value {
	_, after, found := strings.Cut(s, sep)
	if !found {
		return String("")
	}
	return String(after)
}

func evalTranslate(_ Context, _ *call, a []Value) (Value, error) {
	from, to := []rune(a[1].String()), []rune(a[2].String())
	type mapping struct {
		to   rune
		drop bool
	}
	m := map[rune]mapping{}
	for i, r := range from {
		if _, dup := m[r]; dup {
			continue // the first occurrence wins
		}
		if i < len(to) {
			m[r] = mapping{to: to[i]}
		} else {
			m[r] = mapping{drop: true}
		}
	}
	var b strings.Builder
	for _, r := range a[0].String() {
		mp, ok := m[r]
		switch {
		case !ok:
			b.WriteRune(r)
		case !mp.drop:
			b.WriteRune(mp.to)
		}
	}
	return String(b.String()), nil
}

const maxUUIDLength = 1000

// evalUUID returns a random version 4 UUID, or with an argument a random
// string of that many letters and digits.
func evalUUID(_ Context, c *call, a []Value) (Value, error) {
	if len(a) == 0 {
		var u [16]byte
		_, _ = rand.Read(u[:]) // never fails: crypto/rand panics rather than return an error
		u[6] = u[6]&0x0f | 0x40
		u[8] = u[8]&0x3f | 0x80
		h := hex.EncodeToString(u[:])
		return String(h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]), nil
	}
	n := a[0].Number()
	if math.IsNaN(n) || n < 0 || n > maxUUIDLength {
		return Value{}, errorf(c.pos, "uuid() length must be between 0 and %d, not %s", maxUUIDLength, a[0].String())
	}
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	return String(randomString(alphabet, int(n))), nil
}

func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// evalSelectedAt returns the item at a 0-based index of a space-separated
// list, or "" when there is none.
func evalSelectedAt(_ Context, _ *call, a []Value) (Value, error) {
	items := fields(a[0].String())
	i := a[1].Number()
	if math.IsNaN(i) || i < 0 || i >= float64(len(items)) {
		return String(""), nil
	}
	return String(items[int(i)]), nil
}

// evalDate converts a date, a dateTime (keeping its calendar date) or a
// number of days since 1970-01-01 to an ISO date; "" stays "".
func evalDate(_ Context, c *call, a []Value) (Value, error) {
	t, _, empty, ok := toTime(a[0])
	switch {
	case empty:
		return String(""), nil
	case !ok:
		return Value{}, errorf(c.pos, "date() cannot read %s as a date", quote(a[0]))
	}
	return String(t.Format(dateLayout)), nil
}

func evalFormatDate(_ Context, c *call, a []Value) (Value, error) {
	t, _, empty, ok := toTime(a[0])
	switch {
	case empty:
		return String(""), nil
	case !ok:
		return Value{}, errorf(c.pos, "%s() cannot read %s as a date", c.name, quote(a[0]))
	}
	return String(formatDate(t, a[1].String())), nil
}

func quote(v Value) string {
	r := []rune(v.String())
	if len(r) > 40 {
		return strconv.Quote(string(r[:40]) + "...")
	}
	return strconv.Quote(string(r))
}
