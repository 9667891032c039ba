// Drawing the results of a feedback test (GET /feedback-tests/{id}/results),
// shared by the results page and the printable summary. Everything comes
// suppressed from the server; this only shows it. A suppressed count shows
// the word "suppressed", never 0, and a figure computed from one shows
// nothing but why. Charts are SVG built here and styled by classes (the
// Content-Security-Policy forbids style attributes); colours are the
// Okabe–Ito palette, which people with every common colour-vision
// deficiency can tell apart, and every mark also carries its number as
// text.
import { h } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

const pct1 = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const num2 = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A proportion as a percentage with one decimal: 0.7412 → "74.1%". */
export const pct = (x) => `${pct1.format(x * 100)}%`;

/** What a suppressed figure says about itself. */
export function suppressedText(k) {
  return `Suppressed: fewer than ${k} people, or hidden so that such a count cannot be worked out from the totals.`;
}

/** A count: its number, or "suppressed"; measure names it for tests. */
export function count(c, k, measure) {
  if (!c || c.suppressed || c.n === null || c.n === undefined) {
    return h('span', { class: 'fr-supp', title: suppressedText(k), 'data-suppressed': '', 'data-measure': measure }, 'suppressed');
  }
  return h('span', { class: 'fr-n', 'data-measure': measure }, String(c.n));
}

/** Why a figure has no value: suppressed, or nothing to compute it from. */
function noValue(f, k) {
  if (f && f.suppressed) {
    return h('span', { class: 'fr-supp', title: 'Computed from a suppressed count, so not shown. ' + suppressedText(k), 'data-suppressed': '' }, 'suppressed');
  }
  return h('span', { class: 'muted' }, f && f.n === 0 ? 'no answers' : '–');
}

/** n of a figure, as "n = 12", or "n suppressed". */
function nText(n) {
  return n === null || n === undefined ? 'n suppressed' : `n = ${n}`;
}

/** A rate with its interval: "75.0% (47.6–92.7%) n = 12". */
export function rate(f, k) {
  if (!f || f.value === null || f.value === undefined) {
    return h('span', { class: 'fr-fig' }, noValue(f, k));
  }
  const attrs = { class: 'fr-fig', 'data-value': f.value, 'data-n': f.n };
  if (f.ci) Object.assign(attrs, { 'data-low': f.ci.low, 'data-high': f.ci.high });
  return h('span', attrs,
    h('span', { class: 'fr-val' }, pct(f.value)),
    f.ci ? h('span', { class: 'fr-ci' }, ` (${pct1.format(f.ci.low * 100)}–${pct(f.ci.high)})`) : null,
    h('span', { class: 'fr-n-of' }, ` ${nText(f.n)}`));
}

/** A mean with its interval: "4.30 (3.82–4.78) n = 10"; unit after the value. */
export function mean(f, k, unit = '') {
  if (!f || f.value === null || f.value === undefined) return h('span', { class: 'fr-fig' }, noValue(f, k));
  const attrs = { class: 'fr-fig', 'data-value': f.value, 'data-n': f.n };
  if (f.ci) Object.assign(attrs, { 'data-low': f.ci.low, 'data-high': f.ci.high });
  return h('span', attrs,
    h('span', { class: 'fr-val' }, num2.format(f.value) + unit),
    f.ci ? h('span', { class: 'fr-ci' }, ` (${num2.format(f.ci.low)}–${num2.format(f.ci.high)}${unit})`) : null,
    h('span', { class: 'fr-n-of' }, ` ${nText(f.n)}`));
}

const secs = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/**
 * The median time of a task cell and how many answers were timed:
 * "42 s · timed 12". Answers typed in afterwards have no time and are not
 * in the median.
 */
export function medianTime(c, k) {
  const f = c.median_seconds;
  if (c.timed && c.timed.n === 0) return h('span', { class: 'muted', 'data-measure': 'median-seconds' }, 'none timed');
  if (!f || f.value === null || f.value === undefined) {
    return h('span', { class: 'fr-time', 'data-measure': 'median-seconds' }, noValue(f, k), ' · timed ', count(c.timed, k, 'timed'));
  }
  return h('span', { class: 'fr-time', 'data-measure': 'median-seconds', 'data-seconds': f.value },
    h('span', { class: 'fr-val' }, `${secs.format(f.value)} s`), ' · timed ', count(c.timed, k, 'timed'));
}

/** The label of a draft column: "Draft A" or "All drafts". */
export function draftName(d) {
  return d.label ? `Draft ${d.label}` : 'All drafts';
}

/** The label of a segment row, with its variable for breakdown rows. */
export function segmentName(s) {
  if (!s.variable) return s.label;
  const what = { group: 'Group', age_band: 'Age', gender: 'Gender', nationality_group: 'From', draft_order: 'Order' }[s.variable] || s.variable;
  return `${what}: ${s.label}`;
}

/**
 * A table of rows × drafts whose cells cell(s, d) builds; heads, when
 * given, name the columns instead of the drafts (and say how many).
 */
export function segmentTable(res, caption, cell, testid, rows, heads) {
  const segs = rows || res.segments.map((_, i) => i);
  const cols = heads || res.drafts.map(draftName);
  return h('div', { class: 'table-wrap fr-scroll' },
    h('table', { class: 'table fr-table', 'data-testid': testid },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Who'), cols.map((name) => h('th', { scope: 'col' }, name)))),
      h('tbody', {}, segs.map((s) => h('tr', { 'data-segment': s },
        h('th', { scope: 'row' }, segmentName(res.segments[s])),
        cols.map((_, d) => h('td', { 'data-draft': d }, cell(s, d))))))));
}

/**
 * The answers to a yes / partly / no question in one cell: the share of
 * yes with its interval, then every count.
 */
export function answerCell(a, k, what) {
  return h('div', { 'data-question': what },
    h('div', {}, `${what}: yes `, rate(a.yes, k)),
    h('div', { class: 'fr-sub' }, ['yes', 'partly', 'no'].flatMap((l, i) => [h('span', { class: 'fr-level' }, `${l} `, count(a.counts[i], k, `${what}-${l}`)), ' · ']),
      h('span', { class: 'fr-level' }, 'no answer ', count(a.no_answer, k, `${what}-none`))));
}

/**
 * The table of which draft participants would give to a friend: a column
 * per draft they worked with and, when there are several, one for all of
 * them; each cell counts every choice with its share of those who said.
 */
export function preferenceTable(res, k, testid) {
  const p = res.preference;
  const heads = res.drafts.map((d) => (d.label ? `Worked with draft ${d.label}` : 'All drafts'));
  if (p.all) heads.push('All participants');
  const cell = (s, d) => {
    const c = d < res.drafts.length ? p.cells[s][d] : p.all[s];
    return h('div', { class: 'fr-cell' },
      // A share from a suppressed count is suppressed too: saying so
      // twice would say nothing more.
      p.choices.map((ch, i) => h('div', { 'data-choice': ch.label },
        `Draft ${ch.label}: `, count(c.counts[i], k, `prefer-${ch.label}`), c.counts[i].suppressed ? null : [' · ', rate(c.share[i], k)])),
      h('div', { class: 'fr-sub' }, 'did not say: ', count(c.not_said, k, 'prefer-none')));
  };
  return segmentTable(res, 'Which draft participants would give to a friend', cell, testid, null, heads);
}

// Okabe–Ito colours by draft.
const DRAFT_CLASS = ['fr-d0', 'fr-d1', 'fr-d2', 'fr-d3'];

/**
 * A dot-and-whisker chart of success rates with their intervals, one row
 * per segment and draft, on a 0–100 % axis. Rows whose rate is suppressed
 * say so instead of showing a dot.
 */
export function rateChart(res, task, k, rows) {
  const segs = rows || res.segments.map((_, i) => i);
  const lines = [];
  for (const s of segs) {
    res.drafts.forEach((d, di) => lines.push({ s, di, label: `${segmentName(res.segments[s])} · ${draftName(d)}`, f: task.cells[s][di].success }));
  }
  const W = 640;
  const left = 230;
  const right = 16;
  const rowH = 22;
  const top = 8;
  const H = top + lines.length * rowH + 24;
  const plotW = W - left - right;
  const x = (p) => left + p * plotW;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'fr-chart', role: 'img',
    'aria-label': `Success rate with 95% interval for: ${task.scenario}` });
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(svg('line', { x1: x(t), x2: x(t), y1: top, y2: H - 20, class: 'fr-grid' }));
    chart.append(svg('text', { x: x(t), y: H - 6, 'text-anchor': 'middle', class: 'fr-axis-label' }, `${t * 100}%`));
  }
  lines.forEach((ln, i) => {
    const y = top + i * rowH + rowH / 2;
    chart.append(svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', class: 'fr-row-label' }, ln.label));
    const f = ln.f;
    if (!f || f.value === null || f.value === undefined) {
      chart.append(svg('text', { x: x(0) + 4, y: y + 4, class: 'fr-chart-supp' }, f && f.suppressed ? 'suppressed' : 'no answers'));
      return;
    }
    const g = svg('g', { class: `fr-mark ${DRAFT_CLASS[ln.di % 4]}` });
    if (f.ci) {
      g.append(svg('line', { x1: x(f.ci.low), x2: x(f.ci.high), y1: y, y2: y, class: 'fr-whisker' }));
      g.append(svg('line', { x1: x(f.ci.low), x2: x(f.ci.low), y1: y - 5, y2: y + 5, class: 'fr-whisker' }));
      g.append(svg('line', { x1: x(f.ci.high), x2: x(f.ci.high), y1: y - 5, y2: y + 5, class: 'fr-whisker' }));
    }
    g.append(svg('circle', { cx: x(f.value), cy: y, r: 5, class: 'fr-dot' }));
    g.append(svg('title', {}, `${ln.label}: ${pct(f.value)}` + (f.ci ? ` (95% interval ${pct(f.ci.low)} to ${pct(f.ci.high)})` : '') + `, n = ${f.n}`));
    chart.append(g);
  });
  return chart;
}

// Likert colours, from strongly disagree to strongly agree: vermilion,
// orange, grey, sky blue, blue.
const LIKERT_CLASS = ['fr-l1', 'fr-l2', 'fr-l3', 'fr-l4', 'fr-l5'];

/**
 * Diverging stacked bars of Likert ratings: disagreement to the left of the
 * centre line, agreement to the right, the neutral middle split across it.
 * A row with a suppressed rating count has no percentages and draws no bar.
 */
export function likertChart(res, item, rows) {
  const segs = rows || res.segments.map((_, i) => i);
  const lines = [];
  for (const s of segs) {
    res.drafts.forEach((d, di) => lines.push({ label: `${segmentName(res.segments[s])} · ${draftName(d)}`, cell: item.cells[s][di] }));
  }
  const W = 640;
  const left = 230;
  const right = 16;
  const rowH = 22;
  const top = 8;
  const H = top + lines.length * rowH + 24;
  const half = (W - left - right) / 2;
  const mid = left + half;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'fr-chart', role: 'img',
    'aria-label': `Ratings of: ${item.statement}` });
  for (const t of [-1, -0.5, 0, 0.5, 1]) {
    chart.append(svg('line', { x1: mid + t * half, x2: mid + t * half, y1: top, y2: H - 20, class: t === 0 ? 'fr-centre' : 'fr-grid' }));
    chart.append(svg('text', { x: mid + t * half, y: H - 6, 'text-anchor': 'middle', class: 'fr-axis-label' }, `${Math.abs(t) * 100}%`));
  }
  lines.forEach((ln, i) => {
    const y = top + i * rowH + 3;
    chart.append(svg('text', { x: left - 8, y: y + 12, 'text-anchor': 'end', class: 'fr-row-label' }, ln.label));
    const p = ln.cell.percent;
    if (!p) {
      const anyHidden = ln.cell.counts.some((c) => c.suppressed);
      chart.append(svg('text', { x: mid + 4, y: y + 12, class: 'fr-chart-supp' }, anyHidden ? 'suppressed' : 'no answers'));
      return;
    }
    // Start left of the centre by the disagreeing share and half the neutral.
    let at = mid - ((p[0] + p[1] + p[2] / 2) / 100) * half;
    p.forEach((v, j) => {
      const w = (v / 100) * half;
      if (w > 0) {
        const r = svg('rect', { x: at, y, width: w, height: rowH - 6, class: `fr-seg ${LIKERT_CLASS[j]}` });
        r.append(svg('title', {}, `${ln.label}: ${item.levels[j]} ${pct1.format(v)}%`));
        chart.append(r);
      }
      at += w;
    });
  });
  return chart;
}

/** The colour key of the Likert bars. */
export function likertKey(levels) {
  return h('ul', { class: 'fr-key', 'aria-label': 'Colour key' },
    levels.map((l, j) => h('li', {}, h('span', { class: `fr-swatch ${LIKERT_CLASS[j]}`, 'aria-hidden': 'true' }), l)));
}

/** How the numbers are worked out, for the reader's k. */
export function methodNotes(k) {
  return h('ul', {},
    h('li', {}, k ? `Counts of 1 to ${k - 1} people are suppressed, and so are other counts (zeros too) where showing them would let a suppressed one be worked out from the totals. The two are not told apart. A rate, mean, median or interval computed from a suppressed count is not shown either.`
      : 'You hold the raw data grant: nothing is suppressed for you. Exports and the printable summary still suppress counts under 11.'),
    h('li', {}, 'Success rate: the share of participants who chose only entries that would help (and at least one); an unanswered task counts as not solved. 95% interval by the Wilson score method.'),
    h('li', {}, "Difference between drafts: the first draft's success rate minus the other's, with Newcombe's hybrid score 95% interval. Each participant worked with one draft, so the groups are independent."),
    h('li', {}, 'Median time: from showing a task to answering it, over the answers that were timed, with how many were. The participant page and the facilitator page time every task; answers typed in afterwards have no time.'),
    h('li', {}, 'Information pages: each participant read them in the draft they worked with. The share said yes is of those who answered, with a Wilson 95% interval.'),
    h('li', {}, 'Preferred draft: asked after a participant worked with one draft and saw the other. Shares are of those who said, with Wilson 95% intervals.'),
    h('li', {}, 'Likert means: mean rating from 1 (strongly disagree) to 5 (strongly agree), with a 95% interval from Student\'s t.'),
    h('li', {}, 'Comprehension score: the share of the comprehension questions a participant answered correctly, averaged, with a t interval.'),
    h('li', {}, 'Breakdowns only on the variables the test allows.'));
}
