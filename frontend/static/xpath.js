// A JavaScript port of Haven's XLSForm expression evaluator (the Go package
// surveys/xpath), so that the web form applies exactly the rules the server
// applies: the same functions, the same conversions, the same errors.
// Shared vectors in surveys/xpath/testdata/conformance.json keep the two in
// step (xpath.test.mjs runs them here, conformance_test.go in Go).
//
// Values are XPath 1.0 strings, numbers and booleans, plus "node": the value
// of an answered (or unanswered, "") question, which converts like its text.
// ISO dates and dateTimes convert to numbers of days since 1970-01-01 UTC.
//
// Usage:
//   const e = compile("${age} >= 18");        // throws XPathError
//   e.evalBool({ current: node('20'), ref: (n) => node(answers[n]), now: nowOf(new Date()) });

// ------------------------------------------------------------------ values

export class Value {
  constructor(kind, s, n, b) {
    this.kind = kind; // 'string' | 'number' | 'boolean' | 'node'
    this.s = s;
    this.n = n;
    this.b = b;
  }

  string() {
    if (this.kind === 'number') return formatNumber(this.n);
    if (this.kind === 'boolean') return this.b ? 'true' : 'false';
    return this.s;
  }

  number() {
    if (this.kind === 'number') return this.n;
    if (this.kind === 'boolean') return this.b ? 1 : 0;
    return parseNumber(this.s);
  }

  bool() {
    if (this.kind === 'number') return this.n !== 0 && !Number.isNaN(this.n);
    if (this.kind === 'boolean') return this.b;
    return this.s !== '';
  }
}

export const str = (s) => new Value('string', String(s), 0, false);
export const num = (n) => new Value('number', '', n, false);
export const bool = (b) => new Value('boolean', '', 0, !!b);
export const node = (s) => new Value('node', s === undefined || s === null ? '' : String(s), 0, false);

/** XPath's number-to-string: no exponent, no trailing ".0". */
export function formatNumber(n) {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (n === 0) return '0';
  const s = String(n);
  if (!s.includes('e')) return s;
  // Expand the exponent form JavaScript uses for very large and small numbers.
  const neg = n < 0;
  const [mant, expPart] = Math.abs(n).toExponential().split('e');
  const exp = Number(expPart);
  const digits = mant.replace('.', '');
  let out;
  if (exp >= 0) {
    out = digits.length > exp + 1 ? digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1) : digits + '0'.repeat(exp + 1 - digits.length);
  } else {
    out = '0.' + '0'.repeat(-exp - 1) + digits;
  }
  return (neg ? '-' : '') + out;
}

const isSpaceChar = (c) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const trimXML = (s) => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
const allDigits = (s) => /^[0-9]*$/.test(s);
const fields = (s) => s.split(/[ \t\r\n]+/).filter((x) => x !== '');

function isXPathNumber(s) {
  if (s.startsWith('-')) s = s.slice(1);
  const dot = s.indexOf('.');
  const intPart = dot < 0 ? s : s.slice(0, dot);
  const frac = dot < 0 ? '' : s.slice(dot + 1);
  if (!allDigits(intPart) || !allDigits(frac)) return false;
  if (dot >= 0) return intPart !== '' || frac !== '';
  return intPart !== '';
}

function parseNumber(s) {
  s = trimXML(s);
  const days = dateToDays(s);
  if (days !== null) return days;
  if (!isXPathNumber(s)) return NaN;
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN; // Go's ParseFloat refuses what overflows
}

function equal(a, b) {
  if (a.kind === 'boolean' || b.kind === 'boolean') return a.bool() === b.bool();
  if (a.kind === 'number' || b.kind === 'number') return a.number() === b.number();
  return a.string() === b.string();
}

// ------------------------------------------------------------------- dates

const SECONDS_PER_DAY = 86400;
const MIN_DAYS = -719162;
const MAX_DAYS = 2932896;

// A time: whole seconds since the epoch (UTC), nanoseconds, and the zone
// offset in seconds in which it is shown.
function utcSeconds(y, m, d) {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m - 1, d);
  return dt.getTime() / 1000;
}

function validDate(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return d <= days;
}

function parseZone(zone) {
  if (zone === '' || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  zone = zone.slice(1);
  let hh;
  let mm;
  const colon = zone.indexOf(':');
  if (colon >= 0) {
    hh = zone.slice(0, colon);
    mm = zone.slice(colon + 1);
  } else if (zone.length === 4) {
    hh = zone.slice(0, 2);
    mm = zone.slice(2);
  } else {
    hh = zone;
    mm = '00';
  }
  if (hh.length !== 2 || mm.length !== 2 || !allDigits(hh) || !allDigits(mm)) return null;
  const h = Number(hh);
  const m = Number(mm);
  if (h > 14 || m > 59) return null;
  return sign * (h * 3600 + m * 60);
}

function parseClock(s) {
  const two = (part, max) => (part.length === 2 && allDigits(part) && Number(part) <= max ? Number(part) : null);
  const zoneAt = s.search(/[Z+-]/);
  let clock = s;
  let zone = '';
  if (zoneAt >= 0) {
    clock = s.slice(0, zoneAt);
    zone = s.slice(zoneAt);
  }
  const dot = clock.indexOf('.');
  const hasFrac = dot >= 0;
  const frac = hasFrac ? clock.slice(dot + 1) : '';
  if (hasFrac) clock = clock.slice(0, dot);
  const parts = clock.split(':');
  if (parts.length < 2 || parts.length > 3 || (hasFrac && (parts.length !== 3 || frac === '' || !allDigits(frac)))) return null;
  const h = two(parts[0], 23);
  const m = two(parts[1], 59);
  const sec = parts.length === 3 ? two(parts[2], 59) : 0;
  if (h === null || m === null || sec === null) return null;
  let ns = 0;
  if (hasFrac) ns = Number((frac + '000000000').slice(0, 9));
  const offset = parseZone(zone);
  if (offset === null) return null;
  return { secs: h * 3600 + m * 60 + sec, ns, offset };
}

/** Parses an ISO date or dateTime into {secs, ns, offset, isDateTime}, or null. */
function parseISO(s) {
  if (s.length < 10 || s[4] !== '-' || s[7] !== '-') return null;
  if (!allDigits(s.slice(0, 4)) || !allDigits(s.slice(5, 7)) || !allDigits(s.slice(8, 10))) return null;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  if (!validDate(y, m, d)) return null;
  const midnight = utcSeconds(y, m, d);
  if (s.length === 10) return { secs: midnight, ns: 0, offset: 0, isDateTime: false };
  if (s[10] !== 'T') return null;
  const c = parseClock(s.slice(11));
  if (!c) return null;
  return { secs: midnight + c.secs - c.offset, ns: c.ns, offset: c.offset, isDateTime: true };
}

function timeToDays(t) {
  return t.secs / SECONDS_PER_DAY + t.ns / (SECONDS_PER_DAY * 1e9);
}

function dateToDays(s) {
  if (s.length < 10 || s[4] !== '-') return null;
  const t = parseISO(s);
  return t ? timeToDays(t) : null;
}

function daysToTime(days) {
  if (Number.isNaN(days) || days < MIN_DAYS || days >= MAX_DAYS + 1) return null;
  const secs = days * SECONDS_PER_DAY;
  let whole = Math.floor(secs);
  let ns = Math.round((secs - whole) * 1e9);
  if (ns >= 1e9) {
    whole += 1;
    ns -= 1e9;
  }
  return { secs: whole, ns, offset: 0 };
}

/** {t, empty, ok} as the Go toTime: how date() and format-date() read a value. */
function toTime(v) {
  if (v.kind === 'boolean') return { ok: false };
  if (v.kind === 'number') {
    if (Number.isNaN(v.n)) return { empty: true, ok: true };
    const t = daysToTime(v.n);
    return { t, ok: !!t };
  }
  const s = trimXML(v.s);
  if (s === '') return { empty: true, ok: true };
  const iso = parseISO(s);
  if (iso) return { t: iso, ok: true };
  if (isXPathNumber(s)) {
    const t = daysToTime(Number(s));
    return { t, ok: !!t };
  }
  return { ok: false };
}

/** The calendar fields of a time in its own zone. */
function fieldsOf(t) {
  const d = new Date((t.secs + t.offset) * 1000);
  return {
    Y: d.getUTCFullYear(),
    m: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    H: d.getUTCHours(),
    M: d.getUTCMinutes(),
    S: d.getUTCSeconds(),
    wd: d.getUTCDay(),
    ns: t.ns,
  };
}

const pad = (n, w) => String(n).padStart(w, '0');

function formatDateOnly(t) {
  const f = fieldsOf(t);
  return `${pad(f.Y, 4)}-${pad(f.m, 2)}-${pad(f.d, 2)}`;
}

function formatDateTime(t) {
  const f = fieldsOf(t);
  const off = Math.abs(t.offset);
  const sign = t.offset < 0 ? '-' : '+';
  return `${formatDateOnly(t)}T${pad(f.H, 2)}:${pad(f.M, 2)}:${pad(f.S, 2)}.${pad(Math.floor(f.ns / 1e6), 3)}` +
    `${sign}${pad(Math.floor(off / 3600), 2)}:${pad(Math.floor((off % 3600) / 60), 2)}`;
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatDate(t, format) {
  const f = fieldsOf(t);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%' || i + 1 === format.length) {
      out += c;
      continue;
    }
    i++;
    switch (format[i]) {
      case 'Y': out += pad(f.Y, 4); break;
      case 'y': out += pad(f.Y % 100, 2); break;
      case 'm': out += pad(f.m, 2); break;
      case 'n': out += String(f.m); break;
      case 'b': out += SHORT_MONTHS[f.m - 1]; break;
      case 'd': out += pad(f.d, 2); break;
      case 'e': out += String(f.d); break;
      case 'a': out += SHORT_DAYS[f.wd]; break;
      case 'H': out += pad(f.H, 2); break;
      case 'h': out += String(f.H); break;
      case 'M': out += pad(f.M, 2); break;
      case 'S': out += pad(f.S, 2); break;
      case '3': out += pad(Math.floor(f.ns / 1e6), 3); break;
      default: out += '%' + format[i];
    }
  }
  return out;
}

/**
 * A clock for today() and now(): date is a Date (default: now), offsetMinutes
 * the zone (default: this browser's zone at that moment).
 */
export function nowOf(date = new Date(), offsetMinutes) {
  const ms = date.getTime();
  const off = offsetMinutes === undefined ? -date.getTimezoneOffset() : offsetMinutes;
  const secs = Math.floor(ms / 1000);
  return { secs, ns: (ms - secs * 1000) * 1e6, offset: off * 60 };
}

/** Reads an ISO dateTime with its offset as a clock (for tests). */
export function nowFromISO(s) {
  const t = parseISO(s);
  if (!t || !t.isDateTime) throw new Error('not an ISO dateTime: ' + s);
  return { secs: t.secs, ns: t.ns, offset: t.offset };
}

// ------------------------------------------------------------------ errors

export class XPathError extends Error {
  constructor(pos, msg) {
    super(`${msg} at character ${pos}`);
    this.pos = pos;
    this.msg = msg;
  }
}

const errorf = (pos, msg) => new XPathError(pos, msg);

// ------------------------------------------------------------------- lexer

const isDigit = (c) => c >= '0' && c <= '9';
const isNCNameStart = (c) => c === '_' || /^\p{L}$/u.test(c || '');
const isNCNameChar = (c) => isNCNameStart(c) || c === '-' || c === '.' || c === '\u00B7' || /^[\p{Nd}\p{Mn}\p{Mc}]$/u.test(c || '');

const SINGLES = { '.': 'dot', '/': 'slash', '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket', ',': 'comma', '@': 'at', '|': 'pipe', '*': 'star', '+': 'plus', '-': 'minus', '=': 'eq', '<': 'lt', '>': 'gt' };
const DOUBLES = { '..': 'dotdot', '//': 'slashslash', '::': 'coloncolon', '!=': 'neq', '<=': 'le', '>=': 'ge' };

function tokenize(expr) {
  const src = Array.from(expr);
  let i = 0;
  const peek = (off) => (i + off < src.length ? src[i + off] : '');
  const ncname = () => {
    const start = i;
    i++;
    while (i < src.length && isNCNameChar(src[i])) i++;
    return src.slice(start, i).join('');
  };
  const toks = [];
  for (;;) {
    while (i < src.length && isSpaceChar(src[i])) i++;
    const start = i;
    const tok = (kind, n) => {
      i += n;
      return { kind, pos: start + 1, text: src.slice(start, i).join('') };
    };
    if (i === src.length) {
      toks.push({ kind: 'eof', pos: start + 1, text: '' });
      return toks;
    }
    const c = src[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j++;
      if (j >= src.length) throw errorf(start + 1, 'unterminated string');
      i = j + 1;
      const text = src.slice(start, i).join('');
      toks.push({ kind: 'string', pos: start + 1, text, val: text.slice(1, -1) });
    } else if (isDigit(c) || (c === '.' && isDigit(peek(1)))) {
      while (i < src.length && isDigit(src[i])) i++;
      if (peek(0) === '.' && peek(1) !== '.') {
        i++;
        while (i < src.length && isDigit(src[i])) i++;
      }
      const text = src.slice(start, i).join('');
      toks.push({ kind: 'number', pos: start + 1, text, num: Number(text) });
    } else if (c === '$') {
      if (peek(1) !== '{') {
        i++;
        if (!isNCNameStart(peek(0))) throw errorf(start + 1, "unexpected '$'");
        const n = ncname();
        toks.push({ kind: 'variable', pos: start + 1, text: '$' + n, val: n });
      } else {
        i += 2;
        const nameStart = i;
        if (!isNCNameStart(peek(0))) {
          if (peek(0) === '}') throw errorf(start + 1, "empty reference '${}'");
          throw errorf(nameStart + 1, "expected a question name after '${'");
        }
        const name = ncname();
        if (peek(0) !== '}') throw errorf(i + 1, `expected '}' to close '\${${name}'`);
        i++;
        toks.push({ kind: 'ref', pos: start + 1, text: src.slice(start, i).join(''), val: name });
      }
    } else if (isNCNameStart(c)) {
      ncname();
      if (peek(0) === ':' && isNCNameStart(peek(1))) {
        i++;
        ncname();
      }
      const text = src.slice(start, i).join('');
      toks.push({ kind: 'name', pos: start + 1, text, val: text });
    } else if (DOUBLES[c + peek(1)]) {
      toks.push(tok(DOUBLES[c + peek(1)], 2));
    } else if (SINGLES[c]) {
      toks.push(tok(SINGLES[c], 1));
    } else {
      throw errorf(start + 1, `unexpected ${JSON.stringify(c)}`);
    }
  }
}

const describe = (t) => (t.kind === 'eof' ? 'end of expression' : `'${t.text}'`);

// ------------------------------------------------------------------ parser

const MAX_DEPTH = 100;

const LEVELS = [
  { or: 'or' },
  { and: 'and' },
  { '=': 'eq', '!=': 'neq' },
  { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' },
  { '+': 'add', '-': 'sub' },
  { '*': 'mul', div: 'div', mod: 'mod' },
];

const OPERATOR_KINDS = new Set(['name', 'star', 'plus', 'minus', 'eq', 'neq', 'lt', 'le', 'gt', 'ge']);

/** Compiles an expression; throws XPathError as the Go Compile fails. */
export function compile(expr) {
  const toks = tokenize(expr);
  let i = 0;
  let depth = 0;
  const refs = [];
  const seen = new Set();
  const peek = () => toks[i];
  const peekAt = (n) => toks[Math.min(i + n, toks.length - 1)];
  const advance = () => {
    const t = toks[i];
    if (t.kind !== 'eof') i++;
    return t;
  };
  const unexpected = (t) => errorf(t.pos, `unexpected ${describe(t)}`);
  const addRef = (r) => {
    if (!seen.has(r)) {
      seen.add(r);
      refs.push(r);
    }
  };
  const enter = () => {
    depth++;
    if (depth > MAX_DEPTH) throw errorf(peek().pos, 'expression nested too deeply');
  };

  function exprRule() {
    enter();
    try {
      return binary(0);
    } finally {
      depth--;
    }
  }

  function binary(level) {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const t = peek();
      const text = OPERATOR_KINDS.has(t.kind) ? t.text : '';
      const op = Object.hasOwn(LEVELS[level], text) ? LEVELS[level][text] : undefined;
      if (!op) return left;
      advance();
      const right = binary(level + 1);
      left = { type: 'binary', op, left, right };
    }
  }

  function unary() {
    if (peek().kind !== 'minus') return union();
    enter();
    try {
      advance();
      return { type: 'negate', x: unary() };
    } finally {
      depth--;
    }
  }

  function union() {
    const x = pathOrPrimary();
    const t = peek();
    if (t.kind === 'pipe') throw errorf(t.pos, "the union operator '|' is not supported");
    return x;
  }

  function pathOrPrimary() {
    const t = peek();
    let x;
    if (t.kind === 'number') {
      advance();
      x = { type: 'literal', v: num(t.num) };
    } else if (t.kind === 'string') {
      advance();
      x = { type: 'literal', v: str(t.val) };
    } else if (t.kind === 'ref') {
      advance();
      addRef(t.text);
      x = { type: 'ref', name: t.val };
    } else if (t.kind === 'variable') {
      throw errorf(t.pos, `XPath variables such as '${t.text}' are not supported; use \${name}`);
    } else if (t.kind === 'lparen') {
      advance();
      x = exprRule();
      const close = peek();
      if (close.kind !== 'rparen') throw errorf(close.pos, `expected ')', found ${describe(close)}`);
      advance();
    } else if (t.kind === 'name' && peekAt(1).kind === 'lparen') {
      x = call();
    } else {
      return locationPath();
    }
    const n = peek();
    if (n.kind === 'lbracket') throw errorf(n.pos, "predicates '[...]' are not supported");
    if (n.kind === 'slash' || n.kind === 'slashslash') throw errorf(n.pos, `a path cannot follow ${describe(t)}`);
    return x;
  }

  function noPredicate() {
    const t = peek();
    if (t.kind === 'lbracket') throw errorf(t.pos, "predicates '[...]' are not supported");
  }

  function step(parts) {
    const t = peek();
    if (t.kind === 'dot' || t.kind === 'dotdot') {
      advance();
      parts.push(t.text);
      return noPredicate();
    }
    if (t.kind === 'name') {
      const next = peekAt(1);
      if (next.kind === 'coloncolon') throw errorf(t.pos, `axes such as '${t.text}::' are not supported`);
      if (next.kind === 'lparen') throw errorf(t.pos, `node tests such as '${t.text}()' are not supported in paths`);
      advance();
      parts.push(t.text);
      return noPredicate();
    }
    if (t.kind === 'at') throw errorf(t.pos, "attributes ('@') are not supported");
    if (t.kind === 'star') throw errorf(t.pos, "wildcards ('*') are not supported in paths");
    throw unexpected(t);
  }

  function locationPath() {
    const parts = [];
    const start = peek();
    if (start.kind === 'slash') {
      advance();
      parts.push('/');
      const k = peek().kind;
      if (!['name', 'dot', 'dotdot', 'star', 'at'].includes(k)) {
        throw errorf(peek().pos, `expected a name after '/', found ${describe(peek())}`);
      }
    } else if (start.kind === 'slashslash') {
      throw errorf(start.pos, "'//' is not supported; write the full path");
    }
    for (;;) {
      step(parts);
      const t = peek();
      if (t.kind === 'slashslash') throw errorf(t.pos, "'//' is not supported; write the full path");
      if (t.kind !== 'slash') break;
      advance();
      parts.push('/');
    }
    const path = parts.join('');
    if (path === '.') return { type: 'current' };
    addRef(path);
    return { type: 'path', path };
  }

  function call() {
    const name = advance();
    advance(); // (
    const fn = Object.hasOwn(FUNCTIONS, name.text) ? FUNCTIONS[name.text] : undefined;
    if (!fn) {
      if (UNSUPPORTED.has(name.text)) throw errorf(name.pos, `function '${name.text}' is not supported`);
      throw errorf(name.pos, `unknown function '${name.text}'`);
    }
    const c = { type: 'call', name: name.text, pos: name.pos, fn, args: [], re: null };
    const argPos = [];
    if (peek().kind !== 'rparen') {
      for (;;) {
        argPos.push(peek().pos);
        c.args.push(exprRule());
        if (peek().kind !== 'comma') break;
        advance();
      }
    }
    const close = peek();
    if (close.kind !== 'rparen') throw errorf(close.pos, `expected ',' or ')', found ${describe(close)}`);
    advance();
    const n = c.args.length;
    if (n < fn.min || (fn.max >= 0 && n > fn.max)) {
      throw errorf(name.pos, `${name.text}() takes ${arity(fn.min, fn.max)}, not ${n}`);
    }
    if (name.text === 'regex' && c.args[1].type === 'literal') {
      try {
        c.re = compileRegex(c.args[1].v.string());
      } catch (err) {
        throw errorf(argPos[1], err.message);
      }
    }
    return c;
  }

  if (peek().kind === 'eof') throw errorf(peek().pos, 'empty expression');
  const root = exprRule();
  const t = peek();
  if (t.kind !== 'eof') throw unexpected(t);
  return new Expr(expr, root, refs);
}

function arity(min, max) {
  const plural = (n) => (n === 1 ? '1 argument' : `${n} arguments`);
  if (max < 0) return 'at least ' + plural(min);
  if (min === max) return plural(min);
  if (max === min + 1) return `${min} or ${plural(max)}`;
  return `${min} to ${plural(max)}`;
}

/**
 * Compiles a regex() pattern. Go's RE2 has no lookarounds or backreferences;
 * they are refused here too, so that a form behaves alike in both places.
 */
function compileRegex(pattern) {
  const refuse = (why) => new Error(`regex pattern '${pattern}' is not supported: ${why}`);
  if (/\(\?<?[=!]/.test(pattern)) throw refuse('invalid or unsupported Perl syntax: lookaround');
  if (/(^|[^\\])(\\\\)*\\[1-9]/.test(pattern)) throw refuse('invalid escape sequence: backreference');
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch (err) {
      throw refuse(err.message);
    }
  }
}

// --------------------------------------------------------------- evaluation

export class Expr {
  constructor(src, root, refs) {
    this.src = src;
    this.root = root;
    this.refs = refs;
  }

  /** Names (${name}) and paths the expression reads, once each. */
  references() {
    return this.refs.slice();
  }

  /**
   * Evaluates with ctx: {current: Value, ref(name) → Value|undefined,
   * path(p) → Value|undefined, now: clock from nowOf()}. Throws XPathError.
   */
  eval(ctx) {
    return evaluate(this.root, withDefaults(ctx));
  }

  evalBool(ctx) {
    return this.eval(ctx).bool();
  }
}

function withDefaults(ctx) {
  const c = ctx || {};
  return {
    current: c.current || node(''),
    ref: c.ref || (() => undefined),
    path: c.path || (() => undefined),
    now: c.now || nowOf(),
  };
}

function evaluate(n, ctx) {
  switch (n.type) {
    case 'literal':
      return n.v;
    case 'current':
      return ctx.current;
    case 'ref':
      return ctx.ref(n.name) || node('');
    case 'path':
      return ctx.path(n.path) || node('');
    case 'negate':
      return num(-evaluate(n.x, ctx).number());
    case 'call':
      return n.fn.lazy ? n.fn.lazy(ctx, n) : n.fn.eager(ctx, n, n.args.map((a) => evaluate(a, ctx)));
    case 'binary':
      return evalBinary(n, ctx);
  }
  throw new Error('unknown node ' + n.type);
}

function evalBinary(n, ctx) {
  const l = evaluate(n.left, ctx);
  if (n.op === 'or' && l.bool()) return bool(true);
  if (n.op === 'and' && !l.bool()) return bool(false);
  const r = evaluate(n.right, ctx);
  switch (n.op) {
    case 'or':
    case 'and':
      return bool(r.bool());
    case 'eq':
      return bool(equal(l, r));
    case 'neq':
      return bool(!equal(l, r));
  }
  const a = l.number();
  const b = r.number();
  switch (n.op) {
    case 'lt': return bool(a < b);
    case 'le': return bool(a <= b);
    case 'gt': return bool(a > b);
    case 'ge': return bool(a >= b);
    case 'add': return num(a + b);
    case 'sub': return num(a - b);
    case 'mul': return num(a * b);
    case 'div': return num(a / b);
  }
  return num(a % b); // mod: the sign of the dividend, like Go's math.Mod
}

// ---------------------------------------------------------------- functions

const eager = (min, max, f) => ({ min, max, eager: f });
const num1 = (f) => eager(1, 1, (_c, _n, a) => num(f(a[0].number())));
const num2 = (f) => eager(2, 2, (_c, _n, a) => num(f(a[0].number(), a[1].number())));
const str2 = (f) => eager(2, 2, (_c, _n, a) => f(a[0].string(), a[1].string()));
const orCurrent = (f) => eager(0, 1, (ctx, _n, a) => f(a.length ? a[0] : ctx.current));
const constant = (f) => eager(0, 0, () => f());
const runes = (s) => Array.from(s);

// Go's math.Pow differs from ** in a few special cases.
function goPow(x, y) {
  if (x === 1) return 1;
  if (x === -1 && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  return x ** y;
}

/** round(x, digits) as Go's roundDecimal: on the shortest decimal form, halves up. */
export function roundDecimal(x, digits) {
  if (Number.isNaN(digits)) return NaN;
  if (Number.isNaN(x) || !Number.isFinite(x) || x === 0) return x;
  if (digits > 400) return x;
  if (digits < -400) return x < 0 ? -0 : 0;
  const d = Math.trunc(digits);
  const [mant, expPart] = Math.abs(x).toExponential().split('e');
  const all = mant.replace('.', '');
  const exp = Number(expPart);
  const keep = exp + 1 + d;
  if (keep >= all.length) return x;
  let kept = keep > 0 ? BigInt(all.slice(0, keep)) : 0n;
  if (keep >= 0) {
    const rest = all.slice(keep);
    if (rest[0] > '5' || (rest[0] === '5' && (x > 0 || rest.slice(1).replace(/0/g, '') !== ''))) kept += 1n;
  }
  return Number((x < 0 ? '-' : '') + kept.toString() + 'e' + String(-d));
}

function randomString(alphabet, n) {
  const b = new Uint8Array(n);
  crypto.getRandomValues(b);
  let s = '';
  for (const x of b) s += alphabet[x % alphabet.length];
  return s;
}

function quote(v) {
  const r = runes(v.string());
  return JSON.stringify(r.length > 40 ? r.slice(0, 40).join('') + '...' : r.join(''));
}

function dateFn(ctx, c, a) {
  const { t, empty, ok } = toTime(a[0]);
  if (empty) return str('');
  if (!ok) throw errorf(c.pos, `date() cannot read ${quote(a[0])} as a date`);
  return str(formatDateOnly(t));
}

function formatDateFn(ctx, c, a) {
  const { t, empty, ok } = toTime(a[0]);
  if (empty) return str('');
  if (!ok) throw errorf(c.pos, `${c.name}() cannot read ${quote(a[0])} as a date`);
  return str(formatDate(t, a[1].string()));
}

const FUNCTIONS = {
  // Boolean
  true: constant(() => bool(true)),
  false: constant(() => bool(false)),
  not: eager(1, 1, (_c, _n, a) => bool(!a[0].bool())),
  boolean: eager(1, 1, (_c, _n, a) => bool(a[0].bool())),
  'boolean-from-string': eager(1, 1, (_c, _n, a) => bool(a[0].string() === 'true' || a[0].string() === '1')),
  if: {
    min: 3,
    max: 3,
    lazy: (ctx, c) => (evaluate(c.args[0], ctx).bool() ? evaluate(c.args[1], ctx) : evaluate(c.args[2], ctx)),
  },
  coalesce: {
    min: 2,
    max: 2,
    lazy: (ctx, c) => {
      const v = evaluate(c.args[0], ctx);
      if (v.string() !== '') return str(v.string());
      return str(evaluate(c.args[1], ctx).string());
    },
  },
  once: {
    min: 1,
    max: 1,
    lazy: (ctx, c) => (ctx.current.string() !== '' ? ctx.current : evaluate(c.args[0], ctx)),
  },
  regex: eager(2, 2, (_ctx, c, a) => {
    let re = c.re;
    if (!re) {
      try {
        re = compileRegex(a[1].string());
      } catch (err) {
        throw errorf(c.pos, err.message);
      }
    }
    return bool(re.test(a[0].string()));
  }),

  // Number
  number: orCurrent((v) => num(v.number())),
  int: num1(Math.trunc),
  round: eager(1, 2, (_c, _n, a) => num(roundDecimal(a[0].number(), a.length === 2 ? Math.trunc(a[1].number()) : 0))),
  floor: num1(Math.floor),
  ceiling: num1(Math.ceil),
  abs: num1(Math.abs),
  pow: num2(goPow),
  min: eager(1, -1, (_c, _n, a) => num(a.reduce((r, v) => Math.min(r, v.number()), a[0].number()))),
  max: eager(1, -1, (_c, _n, a) => num(a.reduce((r, v) => Math.max(r, v.number()), a[0].number()))),
  sqrt: num1(Math.sqrt),
  exp: num1(Math.exp),
  exp10: num1((x) => goPow(10, x)),
  log: num1(Math.log),
  log10: num1(Math.log10),
  sin: num1(Math.sin),
  cos: num1(Math.cos),
  tan: num1(Math.tan),
  asin: num1(Math.asin),
  acos: num1(Math.acos),
  atan: num1(Math.atan),
  atan2: num2(Math.atan2),
  pi: constant(() => num(Math.PI)),
  random: constant(() => num(Math.random())),

  // String
  string: orCurrent((v) => str(v.string())),
  'string-length': orCurrent((v) => num(runes(v.string()).length)),
  'normalize-space': orCurrent((v) => str(fields(v.string()).join(' '))),
  concat: eager(1, -1, (_c, _n, a) => str(a.map((v) => v.string()).join(''))),
  contains: str2((s, sub) => bool(s.includes(sub))),
  'starts-with': str2((s, pre) => bool(s.startsWith(pre))),
  'ends-with': str2((s, suf) => bool(s.endsWith(suf))),
  substring: eager(2, 3, (_c, _n, a) => {
    const rs = runes(a[0].string());
    const start = roundDecimal(a[1].number(), 0);
    const end = a.length === 3 ? start + roundDecimal(a[2].number(), 0) : Infinity;
    return str(rs.filter((_, i) => i + 1 >= start && i + 1 < end).join(''));
  }),
  'substring-before': str2((s, sep) => {
    const at = s.indexOf(sep);
    return str(at < 0 ? '' : s.slice(0, at));
  }),
  'substring-after': str2((s, sep) => {
    const at = s.indexOf(sep);
    return str(at < 0 ? '' : s.slice(at + sep.length));
  }),
  translate: eager(3, 3, (_c, _n, a) => {
    const from = runes(a[1].string());
    const to = runes(a[2].string());
    const m = new Map();
    from.forEach((r, i) => {
      if (!m.has(r)) m.set(r, i < to.length ? to[i] : null);
    });
    return str(runes(a[0].string()).map((r) => (m.has(r) ? m.get(r) ?? '' : r)).join(''));
  }),
  uuid: eager(0, 1, (_ctx, c, a) => {
    if (a.length === 0) {
      if (crypto.randomUUID) return str(crypto.randomUUID());
      const h = randomString('0123456789abcdef', 32).split('');
      h[12] = '4';
      h[16] = '89ab'[parseInt(h[16], 16) % 4];
      const s = h.join('');
      return str(`${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`);
    }
    const n = a[0].number();
    if (Number.isNaN(n) || n < 0 || n > 1000) throw errorf(c.pos, `uuid() length must be between 0 and 1000, not ${a[0].string()}`);
    return str(randomString('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', Math.trunc(n)));
  }),

  // Select
  selected: str2((list, v) => bool(fields(list).includes(trimXML(v)))),
  'count-selected': eager(1, 1, (_c, _n, a) => num(fields(a[0].string()).length)),
  'selected-at': eager(2, 2, (_c, _n, a) => {
    const items = fields(a[0].string());
    const i = a[1].number();
    if (Number.isNaN(i) || i < 0 || i >= items.length) return str('');
    return str(items[Math.trunc(i)]);
  }),
  'jr:choice-name': eager(2, 2, (_c, _n, a) => str(a[0].string())),

  // Date and time
  today: constant(() => null), // replaced below: needs the context
  now: constant(() => null),
  date: eager(1, 1, dateFn),
  'decimal-date-time': num1((x) => x),
  'format-date': eager(2, 2, formatDateFn),
  'format-date-time': eager(2, 2, formatDateFn),
};
FUNCTIONS.today = eager(0, 0, (ctx) => str(formatDateOnly(ctx.now)));
FUNCTIONS.now = eager(0, 0, (ctx) => str(formatDateTime(ctx.now)));

const UNSUPPORTED = new Set([
  'position', 'count', 'count-non-empty', 'sum', 'last', 'instance', 'current', 'pulldata', 'indexed-repeat',
  'randomize', 'join', 'substr', 'digest', 'area', 'distance', 'geofence', 'jr:itext', 'checklist',
  'weighted-checklist', 'decimal-time', 'base64-decode', 'local-name', 'name', 'namespace-uri', 'id', 'lang',
]);

/** The names of the functions the evaluator knows, for tests. */
export const functionNames = () => Object.keys(FUNCTIONS);
