// Survey analytics: /surveys/analytics?survey=<id or form id>. Shows
// GET /surveys/{id}/analytics as a chart of submissions over time, tables
// by region and by collector, and a summary per question; counts two choice
// questions against each other (/crosstab); and downloads exports, which
// need the raw_data grant. Charts are SVG built here, styled by classes only
// (the Content-Security-Policy forbids style attributes).
import {
  ApiError, api, h, $, query, requireUser, showContent, showStatus, clearStatus, showProblem, formatDate,
} from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
const ANALYSTS = ['admin', 'editor', 'researcher'];
const CHOICE_TYPES = ['select_one', 'select_multiple'];
const NUMBER_TYPES = ['integer', 'decimal'];
// The form IDs of feedback tests' surveys (surveys.FeedbackFormIDPrefix).
const FEEDBACK_PREFIX = 'feedback-';

const params = new URLSearchParams(location.search);
const surveyKey = params.get('survey') || '';
const base = `/surveys/${encodeURIComponent(surveyKey)}`;

const nf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const pf = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function table(caption, head, rows, testid) {
  return h('div', { class: 'table-wrap sa-scroll' },
    h('table', { class: 'table', 'data-testid': testid },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h('thead', {}, h('tr', {}, head.map((c, i) => h('th', { scope: 'col', class: i ? 'sa-num' : null }, c)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => (i ? h('td', { class: 'sa-num' }, c) : h('th', { scope: 'row' }, c))))))));
}

// ------------------------------------------------------------ over time

/** A bar chart of counts (key, n), oldest first. */
function barChart(counts, what) {
  const W = 640;
  const H = 200;
  const left = 34;
  const bottom = 22;
  const top = 8;
  const max = Math.max(1, ...counts.map((c) => c.n));
  const ticks = niceTicks(max);
  const yMax = ticks[ticks.length - 1];
  const plotW = W - left - 4;
  const plotH = H - top - bottom;
  const step = plotW / Math.max(1, counts.length);
  const bw = Math.max(1, Math.min(48, step * 0.8)); // one day is a bar, not a block
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'sa-chart', role: 'img',
    'aria-label': `Bar chart of submissions ${what}; the same numbers are in the table below.` });
  for (const t of ticks) {
    const y = top + plotH - (t / yMax) * plotH;
    chart.append(svg('line', { x1: left, x2: W - 4, y1: y, y2: y, class: 'sa-chart-grid' }));
    chart.append(svg('text', { x: left - 4, y: y + 4, 'text-anchor': 'end', class: 'sa-chart-label' }, String(t)));
  }
  const labelEvery = Math.max(1, Math.ceil(counts.length / 6));
  counts.forEach((c, i) => {
    const hgt = (c.n / yMax) * plotH;
    const x = left + i * step + (step - bw) / 2;
    const bar = svg('rect', { x, y: top + plotH - hgt, width: bw, height: hgt, class: 'sa-chart-bar' });
    bar.append(svg('title', {}, `${c.label || c.key}: ${c.n}`));
    chart.append(bar);
    if (i % labelEvery === 0) {
      chart.append(svg('text', { x: left + i * step + step / 2, y: H - 6, 'text-anchor': 'middle', class: 'sa-chart-label' }, c.label || c.key));
    }
  });
  chart.append(svg('line', { x1: left, x2: W - 4, y1: top + plotH, y2: top + plotH, class: 'sa-chart-axis' }));
  return chart;
}

function niceTicks(max) {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const stepv = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || mag;
  const out = [];
  for (let v = 0; v < max + stepv; v += stepv) {
    out.push(Math.round(v));
    if (v >= max) break;
  }
  return out.length > 1 ? out : [0, 1];
}

/** Fills the days between the first and last with zeros, so gaps show. */
function fillDays(byDay) {
  if (!byDay.length) return [];
  const have = new Map(byDay.map((c) => [c.key, c.n]));
  const out = [];
  const end = new Date(byDay[byDay.length - 1].key + 'T00:00:00Z');
  for (let d = new Date(byDay[0].key + 'T00:00:00Z'); d <= end && out.length < 400; d.setUTCDate(d.getUTCDate() + 1)) {
    const key = d.toISOString().slice(0, 10);
    out.push({ key, label: key.slice(5), n: have.get(key) || 0 });
  }
  return out;
}

function renderTime(sum) {
  const box = $('#sa-time');
  const days = fillDays(sum.by_day || []);
  const weekly = days.length > 60;
  const counts = weekly ? (sum.by_week || []) : days;
  if (!counts.length) {
    box.replaceChildren(h('p', { class: 'empty' }, 'No submissions yet.'));
    return;
  }
  const what = weekly ? 'per ISO week' : 'per day (UTC)';
  box.replaceChildren(
    h('h3', {}, `Submissions ${what}`),
    barChart(counts, what),
    h('details', {}, h('summary', {}, 'Show as a table'),
      table(`Submissions ${what}`, [weekly ? 'Week' : 'Day', 'Submissions'],
        counts.filter((c) => c.n > 0).map((c) => [c.key, String(c.n)]), 'sa-time-table')),
  );
}

// ---------------------------------------------------- region, collector

function share(n, total) {
  return total ? `${pf.format((100 * n) / total)}%` : '—';
}

function renderRegions(sum) {
  const r = sum.by_region || {};
  const box = $('#sa-regions');
  const rows = (r.counts || []).map((c) => [c.label || c.key, String(c.n), share(c.n, sum.total)]);
  const extra = [];
  if (r.outside) rows.push(['Outside every region', String(r.outside), share(r.outside, sum.total)]);
  if (r.unlocated) rows.push(['No position given', String(r.unlocated), share(r.unlocated, sum.total)]);
  if (r.withheld) rows.push(['Place withheld (confidential to you)', String(r.withheld), share(r.withheld, sum.total)]);
  if (!r.set) extra.push(h('p', { class: 'muted' }, 'No region boundaries are stored, so submissions are not placed in regions.'));
  else extra.push(h('p', { class: 'muted' }, `Regions of “${r.set}”, level ${r.level}.`));
  box.replaceChildren(...extra, rows.length ? table('Submissions by region', ['Region', 'Submissions', 'Share'], rows, 'sa-region-table') :
    h('p', { class: 'empty' }, 'No submissions yet.'));
}

function renderCollectors(sum) {
  const list = sum.by_collector || [];
  $('#sa-collectors').replaceChildren(list.length ?
    table('Submissions by collector', ['Collector', 'Submissions', 'Share'], list.map((c) => [c.label || c.key, String(c.n), share(c.n, sum.total)]), 'sa-collector-table') :
    h('p', { class: 'empty' }, 'No collector is recorded (anonymous feedback records none).'));
}

// ---------------------------------------------------------- questions

function choiceBars(q) {
  return h('ul', { class: 'sa-choices' }, (q.choices || []).map((c) => {
    const bar = svg('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', class: 'sa-choice-bar', 'aria-hidden': 'true', focusable: 'false' });
    bar.append(svg('rect', { x: 0, y: 0, width: 100, height: 10, class: 'sa-bar-track' }));
    bar.append(svg('rect', { x: 0, y: 0, width: Math.max(0, Math.min(100, c.percent || 0)), height: 10, class: 'sa-bar-fill' }));
    const value = `${c.n} · ${pf.format(c.percent)}%`;
    return h('li', { class: 'sa-choice', 'data-choice': c.name },
      h('span', { class: 'sa-choice-label' }, c.label || c.name),
      bar,
      h('span', { class: 'sa-choice-value', 'data-testid': `sa-choice-${q.name}-${c.name}` }, value));
  }));
}

function numberStats(n) {
  const item = (label, v, key) => h('div', {}, h('dt', {}, label), h('dd', { 'data-stat': key }, v));
  return h('dl', { class: 'sa-stats' },
    item('Answers (n)', String(n.n), 'n'), item('Mean', nf.format(n.mean), 'mean'), item('Median', nf.format(n.median), 'median'),
    item('Lower quartile', nf.format(n.q1), 'q1'), item('Upper quartile', nf.format(n.q3), 'q3'),
    item('Lowest', nf.format(n.min), 'min'), item('Highest', nf.format(n.max), 'max'));
}

function renderQuestions(sum) {
  const items = (sum.questions || []).map((q) => {
    const about = [`${q.answered} ${q.answered === 1 ? 'answer' : 'answers'}`];
    if (q.repeat) about.push(`inside the repeat “${q.repeat}”, every entry counted`);
    let body = null;
    if (q.choices && q.choices.length) body = choiceBars(q);
    else if (q.numbers && q.numbers.n) body = numberStats(q.numbers);
    else if (CHOICE_TYPES.includes(q.type) || NUMBER_TYPES.includes(q.type)) body = h('p', { class: 'empty' }, 'No answers yet.');
    else about.push('free answers are not summed up');
    return h('article', { class: 'panel sa-question', 'data-question': q.name, 'data-testid': `sa-q-${q.name}` },
      h('h3', {}, q.label || q.name),
      h('p', { class: 'muted' }, about.join('; ') + '.'),
      body);
  });
  $('#sa-questions').replaceChildren(...(items.length ? items : [h('p', { class: 'empty' }, 'This survey has no questions to count.')]));
}

// ----------------------------------------------------------- cross-tab

function setupCrossTab(sum) {
  const choiceQs = (sum.questions || []).filter((q) => CHOICE_TYPES.includes(q.type) && !q.repeat);
  const form = $('#sa-cross-form');
  if (choiceQs.length < 2) {
    form.hidden = true;
    $('#sa-cross').replaceChildren(h('p', { class: 'empty' }, 'This survey has fewer than two choice questions outside repeats.'));
    return;
  }
  const opts = (sel) => choiceQs.map((q) => h('option', { value: q.name, selected: q.name === sel }, q.label || q.name));
  $('#sa-rows').replaceChildren(...opts(choiceQs[0].name));
  $('#sa-cols').replaceChildren(...opts(choiceQs[1].name));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = $('#sa-cross-status');
    clearStatus(status);
    const rows = $('#sa-rows').value;
    const cols = $('#sa-cols').value;
    if (rows === cols) {
      showStatus(status, 'error', 'Choose two different questions.');
      return;
    }
    try {
      renderCrossTab(await api('GET', `${base}/crosstab${query({ rows, cols })}`));
    } catch (err) {
      showProblem(err, status);
    }
  });
}

function renderCrossTab(ct) {
  const head = [h('th', { scope: 'col' }, `${ct.rows.label} ↓ / ${ct.cols.label} →`),
    ...ct.col_keys.map((c) => h('th', { scope: 'col', class: 'sa-num' }, c.label || c.name)), h('th', { scope: 'col', class: 'sa-num' }, 'Total')];
  const cell = (n) => h('td', { class: 'sa-num' }, String(n), h('br'), h('span', { class: 'muted' }, share(n, ct.total)));
  const body = ct.row_keys.map((r, i) => h('tr', {}, h('th', { scope: 'row' }, r.label || r.name), ...ct.counts[i].map(cell), cell(r.n)));
  const foot = h('tr', {}, h('th', { scope: 'row' }, 'Total'), ...ct.col_keys.map((c) => cell(c.n)), cell(ct.total));
  $('#sa-cross').replaceChildren(
    h('div', { class: 'table-wrap sa-scroll' }, h('table', { class: 'table', 'data-testid': 'sa-cross-table' },
      h('caption', {}, `${ct.rows.label} by ${ct.cols.label}`),
      h('thead', {}, h('tr', {}, head)), h('tbody', {}, body, foot))),
    h('p', { class: 'muted' }, `${ct.total} of ${ct.submissions} submissions answered both; ${ct.missing} left one or both unanswered. ` +
      'Percentages are of those that answered both. A multiple-choice answer counts once for every choice picked.'));
}

// ------------------------------------------------------------- exports

function setupExports(sum, user) {
  $('#sa-export-grant').hidden = (user.grants || []).includes('raw_data');
  const repeats = [...new Set((sum.questions || []).map((q) => q.repeat).filter(Boolean))];
  const buttons = [
    { label: 'CSV', format: 'csv', testid: 'sa-export-csv' },
    ...repeats.map((r) => ({ label: `CSV of “${r.split('/').pop()}” entries`, format: 'csv', part: r.split('/').pop(), testid: `sa-export-csv-${r.split('/').pop()}` })),
    { label: 'Excel (.xlsx)', format: 'xlsx', testid: 'sa-export-xlsx' },
    { label: 'GeoJSON (map points)', format: 'geojson', testid: 'sa-export-geojson' },
  ];
  $('#sa-exports').replaceChildren(...buttons.map((b) => h('button', { type: 'button', class: 'button button-secondary', 'data-testid': b.testid,
    onclick: (e) => download(e.currentTarget, b) }, b.label)));
}

async function download(button, b) {
  const status = $('#sa-export-status');
  clearStatus(status);
  button.disabled = true;
  try {
    const q = query({ format: b.format, labels: $('#sa-labels').checked ? 'true' : '', part: b.part });
    const res = await fetch(`/api/v1${base}/export${q}`, { credentials: 'same-origin', headers: { Accept: '*/*' } });
    if (!res.ok) {
      let problem = null;
      try {
        problem = await res.json();
      } catch {
        problem = null;
      }
      if (res.status === 403) {
        showStatus(status, 'error', 'Downloads hold every raw answer, so they need the raw data grant. Ask an admin to give your account the “Raw survey data” grant under Users.');
        return;
      }
      throw new ApiError(res.status, problem || { detail: `The server answered ${res.status}.` });
    }
    const blob = await res.blob();
    const name = (/filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '') || [])[1] || `export.${b.format}`;
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    showStatus(status, 'success', `Downloaded ${name}.`);
  } catch (err) {
    showProblem(err instanceof ApiError ? err : new ApiError(0, {}), status);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- start

async function main() {
  const user = await requireUser();
  if (!surveyKey) {
    showContent();
    showStatus($('#page-status'), 'error', 'No survey was chosen. Open the analytics from the list of surveys.');
    $('#content').hidden = true;
    return;
  }
  if (!ANALYSTS.includes(user.role)) {
    $('#loading').hidden = true;
    showStatus($('#page-status'), 'error', 'Survey analytics are for admins, editors and researchers.');
    return;
  }
  let survey;
  let sum;
  try {
    [survey, sum] = await Promise.all([api('GET', base), api('GET', `${base}/analytics`)]);
  } catch (err) {
    $('#loading').hidden = true;
    if (err instanceof ApiError && err.status === 403 && surveyKey.startsWith(FEEDBACK_PREFIX)) {
      // Suppressed on their own, these counts would give hidden cells of
      // the test's results away; the results are where they are read.
      const results = `/feedback/results?id=${encodeURIComponent(surveyKey.slice(FEEDBACK_PREFIX.length))}`;
      showStatus($('#page-status'), 'info', 'These are the responses to a feedback test. Without the raw data grant you read them in the test’s results, by draft and group, with small counts suppressed.');
      $('#page-status').append(h('p', {}, h('a', { class: 'button', href: results, 'data-testid': 'sa-to-results' }, 'Open the test’s results')));
      return;
    }
    showProblem(err, $('#page-status'));
    return;
  }
  const title = (survey.definition && survey.definition.title) || survey.title || surveyKey;
  document.title = `Analytics: ${title} · Haven`;
  $('#sa-title').textContent = `Analytics: ${title}`;
  const v = survey.version || {};
  $('#sa-lead').textContent = `Form ${sum.form_id}${v.number ? `, version ${v.number} of ${formatDate(v.created_at)}` : ''}. ` +
    'Counted on the answers you may see; labels are those of the newest version.';
  $('#sa-total').textContent = String(sum.total);
  renderTime(sum);
  renderRegions(sum);
  renderCollectors(sum);
  renderQuestions(sum);
  setupCrossTab(sum);
  setupExports(sum, user);
  showContent();
}

main();
