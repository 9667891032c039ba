// Runs the shared conformance vectors (surveys/xpath/testdata/conformance.json)
// against xpath.js, the web form's port of the Go evaluator:
//   node --test frontend/static/xpath.test.mjs
// The Go test frontend/xpath_node_test.go runs this file, so `go test ./...`
// covers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile, node, nowFromISO, XPathError, formatNumber, roundDecimal } from './xpath.js';

const file = fileURLToPath(new URL('../../surveys/xpath/testdata/conformance.json', import.meta.url));
const doc = JSON.parse(readFileSync(file, 'utf8'));
const now = nowFromISO(doc.now);

function run(v) {
  const answers = { ...doc.answers, ...(v.answers || {}) };
  const ctx = {
    current: node(v.current ?? ''),
    ref: (name) => (Object.hasOwn(answers, name) ? node(answers[name]) : undefined),
    path: (p) => (Object.hasOwn(doc.paths, p) ? node(doc.paths[p]) : undefined),
    now,
  };
  let e;
  try {
    e = compile(v.expr);
  } catch (err) {
    return { stage: 'compile', err };
  }
  try {
    const r = e.eval(ctx);
    return { kind: r.kind, value: r.string() };
  } catch (err) {
    return { stage: 'eval', err };
  }
}

function same(kind, got, want) {
  if (got === want) return true;
  if (kind !== 'number') return false;
  const a = Number(got);
  const b = Number(want);
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

test('at least 60 shared vectors', () => {
  assert.ok(doc.vectors.length >= 60, `${doc.vectors.length} vectors`);
});

doc.vectors.forEach((v, i) => {
  test(`vector ${i}: ${v.expr}${v.current ? ` (. = ${JSON.stringify(v.current)})` : ''}`, () => {
    const got = run(v);
    if (v.error) {
      assert.equal(got.stage, v.error, `want a ${v.error} error, got ${got.kind} ${JSON.stringify(got.value)}`);
      assert.ok(got.err instanceof XPathError && got.err.pos >= 1, `not an XPathError with a position: ${got.err}`);
      return;
    }
    assert.equal(got.stage, undefined, `${got.stage} error: ${got.err && got.err.message}`);
    assert.equal(got.kind, v.kind, `kind of ${JSON.stringify(got.value)}`);
    assert.ok(same(got.kind, got.value, v.value), `got ${JSON.stringify(got.value)}, want ${JSON.stringify(v.value)}`);
  });
});

test('numbers print without exponents, as Go does', () => {
  assert.equal(formatNumber(1e21), '1000000000000000000000');
  assert.equal(formatNumber(1.5e-7), '0.00000015');
  assert.equal(formatNumber(-2.5e22), '-25000000000000000000000');
  assert.equal(roundDecimal(-0.5, 0), -0);
});

test('errors name the character', () => {
  assert.throws(() => compile('1 + )'), (err) => err instanceof XPathError && err.pos === 5 && /unexpected '\)'/.test(err.message));
});
