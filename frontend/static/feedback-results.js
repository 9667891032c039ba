// Results of one feedback test: /feedback/results?id=<test id>. Shows
// GET /feedback-tests/{id}/results, suppressed by the server for the
// reader (k = 5; nothing for the raw_data grant): participants, success per
// task with interval whiskers, median time and the difference between
// drafts, diverging stacked Likert bars, comprehension, the information
// pages, the preferred draft, directory entries, and free text for the
// raw_data grant. Links back to the test, to the printable summary and to
// the exports (k = 11).
import { $, h, api, query, requireUser, showContent, showProblem } from './api.js';
import {
  answerCell, count, likertChart, likertKey, mean, medianTime, methodNotes, preferenceTable, rate, rateChart, segmentTable, suppressedText,
} from './feedback-results-render.js';

const id = new URLSearchParams(location.search).get('id') || '';
const base = `/feedback-tests/${encodeURIComponent(id)}/results`;

function taskSection(res, task) {
  const k = res.k;
  const cell = (s, d) => {
    const c = task.cells[s][d];
    return h('div', { class: 'fr-cell' },
      h('div', {}, rate(c.success, k)),
      h('div', { class: 'fr-sub' }, 'solved ', count(c.successes, k, 'successes'), ' · not ', count(c.failures, k, 'failures')),
      h('div', { class: 'fr-sub' }, 'median time ', medianTime(c, k)));
  };
  const difficulty = (s, d) => {
    const c = task.cells[s][d];
    return h('div', { class: 'fr-sub' }, c.difficulty.flatMap((x, i) => [h('span', { class: 'fr-level' }, `${i + 1}: `, count(x, k, `difficulty-${i + 1}`)), ' ']),
      h('span', { class: 'fr-level' }, 'not said: ', count(c.not_rated, k, 'difficulty-none')));
  };
  const diffs = (task.differences || []).map((df) => h('div', { class: 'fr-diff', 'data-testid': `fr-diff-${task.code}` },
    h('h4', {}, `Draft ${df.a} minus draft ${df.b}`),
    segmentTable({ segments: res.segments, drafts: [{ label: `${df.a} − ${df.b}` }] }, `Difference in success, draft ${df.a} minus ${df.b}`,
      (s) => diffText(df.cells[s], k), `fr-diff-table-${task.code}`)));
  return h('section', { class: 'panel fr-task', 'data-testid': `fr-task-${task.code}` },
    h('h3', {}, task.scenario),
    h('p', { class: 'muted' }, 'Success rate with its 95% interval.'),
    h('div', { class: 'fr-scroll' }, rateChart(res, task, k)),
    segmentTable(res, `Success on: ${task.scenario}`, cell, `fr-task-table-${task.code}`),
    h('details', {}, h('summary', {}, 'How hard it was (1 very easy … 5 very hard)'),
      segmentTable(res, `Difficulty of: ${task.scenario}`, difficulty, `fr-difficulty-${task.code}`)),
    diffs);
}

function diffText(f, k) {
  if (!f || f.value === null || f.value === undefined) {
    return f && f.suppressed ? h('span', { class: 'fr-supp', title: suppressedText(k) }, 'suppressed') : h('span', { class: 'muted' }, '–');
  }
  const pts = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
  return h('span', { class: 'fr-fig', 'data-value': f.value, 'data-low': f.ci.low, 'data-high': f.ci.high },
    h('span', { class: 'fr-val' }, `${pts(f.value)} points`),
    h('span', { class: 'fr-ci' }, ` (${pts(f.ci.low)} to ${pts(f.ci.high)})`));
}

function likertSection(res, item) {
  const k = res.k;
  const cell = (s, d) => {
    const c = item.cells[s][d];
    return h('div', { class: 'fr-cell' },
      h('div', {}, 'mean ', mean(c.mean, k)),
      h('div', { class: 'fr-sub' }, c.counts.flatMap((x, i) => [h('span', { class: 'fr-level' }, `${i + 1}: `, count(x, k, `rating-${i + 1}`)), ' ']),
        h('span', { class: 'fr-level' }, 'skipped: ', count(c.skipped, k, 'rating-none'))));
  };
  return h('section', { class: 'panel', 'data-testid': `fr-likert-${item.code}` },
    h('h3', {}, `“${item.statement}”`),
    likertKey(item.levels),
    h('div', { class: 'fr-scroll' }, likertChart(res, item)),
    segmentTable(res, `Ratings of: ${item.statement}`, cell, `fr-likert-table-${item.code}`));
}

function comprehension(res) {
  const k = res.k;
  const out = res.comprehension.map((q) => h('div', { 'data-testid': `fr-comp-${q.code}` },
    h('h3', {}, q.question),
    segmentTable(res, q.question, (s, d) => {
      const c = q.cells[s][d];
      return h('div', { class: 'fr-cell' }, h('div', {}, rate(c.share, k)),
        h('div', { class: 'fr-sub' }, 'right ', count(c.correct, k), ' · wrong ', count(c.incorrect, k), ' · no answer ', count(c.no_answer, k)));
    }, `fr-comp-table-${q.code}`)));
  if (res.comprehension_score.length) {
    out.push(h('h3', {}, 'Comprehension score'),
      h('p', { class: 'muted' }, 'Mean share of the questions a participant got right.'),
      segmentTable(res, 'Comprehension score', (s, d) => mean(res.comprehension_score[s][d], k, '%'), 'fr-comp-score'));
  }
  return out.length ? out : [h('p', { class: 'muted' }, 'This test asks no comprehension questions.')];
}

function sections(res) {
  const k = res.k;
  if (!res.sections.length) return [h('p', { class: 'muted' }, 'This test asks about no information page.')];
  return res.sections.map((sec) => h('div', { 'data-testid': `fr-section-${sec.section_id}` },
    h('h3', {}, sec.title),
    segmentTable(res, `Understood and useful: ${sec.title}`, (s, d) => h('div', { class: 'fr-cell' },
      answerCell(sec.understood.cells[s][d], k, 'understood'),
      answerCell(sec.useful.cells[s][d], k, 'useful')), `fr-section-table-${sec.section_id}`)));
}

function preference(res) {
  if (!res.preference) return [h('p', { class: 'muted' }, 'This test has one draft, so it asks for no preference.')];
  return [h('p', { class: 'muted' }, 'After working with one draft and seeing the other, which one participants would give to a friend who needs help.'),
    preferenceTable(res, res.k, 'fr-preference-table')];
}

function entries(res) {
  const k = res.k;
  if (!res.entries.length) return h('p', { class: 'muted' }, 'No entry was chosen wrongly and no problem was reported.');
  const kinds = res.entries[0].problems.map((p) => p.label);
  return h('div', { class: 'table-wrap fr-scroll' }, h('table', { class: 'table fr-table', 'data-testid': 'fr-entries-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Entry'), h('th', { scope: 'col' }, 'Chosen wrongly'),
      kinds.map((l) => h('th', { scope: 'col' }, l)))),
    h('tbody', {}, res.entries.map((e) => h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: '/directory/provider' + query({ id: e.provider_id }) }, e.name)),
      h('td', {}, count(e.chosen_wrongly, k)),
      e.problems.map((p) => h('td', {}, count(p.count, k))))))));
}

function freeText(res) {
  const where = { general: 'Anything else', section: 'About a section', problem: 'About an entry' };
  return h('ul', { class: 'fr-free-list' }, res.free_text.map((f) => h('li', {},
    h('span', { class: 'fr-free-where' }, `${where[f.source] || f.source}${f.about ? ': ' + f.about : ''} · ${f.draft ? 'draft ' + f.draft : ''}`),
    h('q', {}, f.text))));
}

async function main() {
  await requireUser();
  if (!id) {
    showProblem(new Error('No test was named: open the results from the test’s page.'), $('#page-status'));
    $('#loading').hidden = true;
    return;
  }
  let res;
  try {
    res = await api('GET', base);
  } catch (err) {
    showProblem(err, $('#page-status'));
    $('#loading').hidden = true;
    return;
  }
  document.title = `Results: ${res.title} · Haven`;
  $('#fr-title').textContent = `Results: ${res.title}`;
  $('#fr-actions').replaceChildren(
    h('a', { class: 'button button-secondary', href: '/feedback/test' + query({ id }), 'data-testid': 'fr-test-link' }, 'The test'),
    h('a', { class: 'button button-secondary', href: '/feedback/summary' + query({ id }), 'data-testid': 'fr-summary-link' }, 'Printable summary'),
    h('a', { class: 'button button-secondary', href: `/api/v1${base}.csv`, download: '', 'data-testid': 'fr-csv' }, 'Download CSV'),
    h('a', { class: 'button button-secondary', href: `/api/v1${base}.xlsx`, download: '', 'data-testid': 'fr-xlsx' }, 'Download XLSX'));
  $('#fr-suppression').textContent = res.k
    ? `Counts of fewer than ${res.k} people are shown as “suppressed”, never as 0, and so are some others, so that none of them can be worked out from the totals. Downloads and the printable summary suppress counts under 11.`
    : 'You hold the raw data grant, so nothing is suppressed here. Downloads and the printable summary suppress counts under 11.';
  $('#fr-total').replaceChildren(count(res.total, res.k, 'total'));
  $('#fr-participants').replaceChildren(segmentTable(res, 'Participants', (s, d) => count(res.participants[s][d], res.k, 'participants'), 'fr-participants-table'));
  $('#fr-tasks').replaceChildren(...(res.tasks.length ? res.tasks.map((t) => taskSection(res, t)) : [h('p', { class: 'muted' }, 'This test has no tasks.')]));
  $('#fr-likert').replaceChildren(...(res.likert.length ? res.likert.map((it) => likertSection(res, it)) : [h('p', { class: 'muted' }, 'This test asks no ratings.')]));
  $('#fr-comp').replaceChildren(...comprehension(res));
  $('#fr-sections').replaceChildren(...sections(res));
  $('#fr-preference').replaceChildren(...preference(res));
  $('#fr-entries').replaceChildren(entries(res));
  if (res.free_text && res.free_text.length) {
    $('#fr-free').hidden = false;
    $('#fr-free-list').replaceChildren(freeText(res));
  }
  $('#fr-method').replaceChildren(methodNotes(res.k));
  showContent();
}

main();
