// The printable summary of a feedback test: /feedback/summary?id=<test id>.
// Shows GET /feedback-tests/{id}/results?audience=export — what a public
// summary may show, k = 11 for every reader, no free text — on A4.
import { $, h, api, requireUser, showContent, showProblem } from './api.js';
import {
  answerCell, count, likertChart, likertKey, mean, methodNotes, preferenceTable, rate, rateChart, segmentTable,
} from './feedback-results-render.js';

const id = new URLSearchParams(location.search).get('id') || '';

async function main() {
  await requireUser();
  let res;
  try {
    res = await api('GET', `/feedback-tests/${encodeURIComponent(id)}/results?audience=export`);
  } catch (err) {
    showProblem(err, $('#page-status'));
    $('#loading').hidden = true;
    return;
  }
  const k = res.k;
  document.title = `Summary: ${res.title} · Haven`;
  $('#fs-title').textContent = res.title;
  $('#fs-lead').textContent = `Results of the feedback test, ${new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}.`;
  $('#fs-suppression').textContent = `Counts of fewer than ${k} people are suppressed, and so are some others, so that none of them can be worked out from the totals; no figure is computed from a suppressed count.`;
  $('#fs-participants').replaceChildren(h('p', {}, 'In all: ', count(res.total, k)),
    segmentTable(res, 'Participants', (s, d) => count(res.participants[s][d], k), 'fs-participants-table'));
  $('#fs-tasks').replaceChildren(...res.tasks.map((t) => h('div', {},
    h('h3', {}, t.scenario),
    rateChart(res, t, k),
    segmentTable(res, t.scenario, (s, d) => rate(t.cells[s][d].success, k), `fs-task-${t.code}`))));
  $('#fs-likert').replaceChildren(...res.likert.map((it) => h('div', {},
    h('h3', {}, `“${it.statement}”`),
    likertKey(it.levels),
    likertChart(res, it),
    segmentTable(res, it.statement, (s, d) => mean(it.cells[s][d].mean, k), `fs-likert-${it.code}`))));
  $('#fs-comp').replaceChildren(...res.comprehension.map((q) => h('div', {},
    h('h3', {}, q.question),
    segmentTable(res, q.question, (s, d) => rate(q.cells[s][d].share, k), `fs-comp-${q.code}`))));
  $('#fs-sections-box').hidden = !res.sections.length;
  $('#fs-sections').replaceChildren(...res.sections.map((sec) => h('div', {},
    h('h3', {}, sec.title),
    segmentTable(res, sec.title, (s, d) => h('div', {}, answerCell(sec.understood.cells[s][d], k, 'understood'),
      answerCell(sec.useful.cells[s][d], k, 'useful')), `fs-section-${sec.section_id}`))));
  $('#fs-preference-box').hidden = !res.preference;
  if (res.preference) $('#fs-preference').replaceChildren(preferenceTable(res, k, 'fs-preference-table'));
  $('#fs-method').replaceChildren(methodNotes(k));
  $('#fs-print').addEventListener('click', () => window.print());
  showContent();
}

main();
