// One feedback test: its state and settings; for those who manage it,
// opening and closing it and issuing or revoking participant links; for
// those who may read its results, a link to them.
import { $, h, api, busy, confirmDialog, formatTime, query, requireUser, showContent, showProblem, showStatus } from './api.js';
import { STATUS, analyst, en, facilitator, manager } from './feedback-common.js';

const id = new URLSearchParams(location.search).get('id') || '';
const pageStatus = $('#page-status');
let me = null;
let test = null;

function render() {
  const st = STATUS[test.status] || STATUS.draft;
  $('#t-title').textContent = test.title;
  document.title = `${test.title} · Haven`;
  const tag = $('#t-status');
  tag.className = st.cls;
  tag.textContent = st.label;
  $('#t-facts').replaceChildren(
    h('dt', {}, 'Country'), h('dd', {}, test.country),
    h('dt', {}, 'Compares'), h('dd', {}, (test.drafts || []).map((d) => `${d.label}: ${d.title} (version ${d.version})`).join(' · ')),
    h('dt', {}, 'Groups'), h('dd', {}, test.groups.map((g) => en(g.label)).join(', ')),
    h('dt', {}, 'Breakdowns allowed'), h('dd', {}, (test.breakdowns || []).join(', ') || 'None'),
    h('dt', {}, 'Unmet needs by'), h('dd', {}, `${test.area_set}, level ${test.area_level}`),
    h('dt', {}, 'Opened'), h('dd', {}, formatTime(test.opened_at, 'Not yet')),
  );
  const actions = [];
  if (manager(me) && test.status === 'draft') {
    actions.push(h('a', { class: 'button button-secondary', href: '/feedback/edit' + query({ id }), 'data-testid': 'edit-test' }, 'Edit'));
  }
  if (manager(me) && test.status !== 'open') {
    actions.push(h('button', { type: 'button', class: 'button', 'data-testid': 'open-test', onclick: (e) => change(e.currentTarget, 'open') }, 'Open for responses'));
  }
  if (manager(me) && test.status === 'open') {
    actions.push(h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'close-test', onclick: (e) => change(e.currentTarget, 'close') }, 'Close'));
  }
  if (facilitator(me) && test.status === 'open') {
    actions.push(h('a', { class: 'button', href: '/feedback/facilitate' + query({ id }), 'data-testid': 'facilitate' }, 'Enter responses'));
  }
  if (analyst(me) && test.status !== 'draft') {
    actions.push(h('a', { class: 'button button-secondary', href: '/feedback/results' + query({ id }), 'data-testid': 'results-link' }, 'Results'));
  }
  $('#t-actions').replaceChildren(...actions);
  $('#links').hidden = !manager(me) || test.status === 'draft';
  $('#t-questions').replaceChildren(...[
    h('h3', {}, 'Consent'), h('p', {}, en(test.consent)),
    h('h3', {}, 'Tasks'),
    h('ol', {}, test.tasks.map((t) => h('li', { 'data-testid': `task-${t.code}` }, en(t.scenario),
      t.correct_providers ? h('span', { class: 'muted' }, ` — ${t.correct_providers.length} correct entr${t.correct_providers.length === 1 ? 'y' : 'ies'}`) : null))),
    test.likert.length ? h('h3', {}, 'Ratings (1–5)') : null,
    test.likert.length ? h('ul', {}, test.likert.map((i) => h('li', {}, `${en(i.statement)} (${i.dimension})`))) : null,
    test.comprehension.length ? h('h3', {}, 'Comprehension') : null,
    test.comprehension.length ? h('ul', {}, test.comprehension.map((q) => h('li', {}, en(q.question)))) : null,
    test.sections.length ? h('h3', {}, 'Information pages asked about') : null,
    test.sections.length ? h('ul', {}, test.sections.map((s) => h('li', {}, en(s.title) || s.section_id))) : null,
  ].filter(Boolean));
}

async function change(button, action) {
  if (action === 'close') {
    const ok = await confirmDialog({ title: 'Close this test?', message: 'Its links stop working. You can open it again later.', confirm: 'Close the test' });
    if (!ok) return;
  }
  try {
    test = await busy(button, action === 'open' ? 'Opening…' : 'Closing…', () => api('POST', `/feedback-tests/${encodeURIComponent(id)}/${action}`));
    render();
    await loadLinks();
    showStatus(pageStatus, 'success', action === 'open' ? 'The test is open. Issue a link for participants below.' : 'The test is closed.');
  } catch (err) {
    showProblem(err, pageStatus);
  }
}

async function loadLinks() {
  if ($('#links').hidden) return;
  const res = await api('GET', `/feedback-tests/${encodeURIComponent(id)}/links`);
  $('#link-list').replaceChildren(...(res.items || []).map((l) => h('li', { class: 'line', 'data-testid': 'link' },
    h('span', {}, `${l.label || 'No label'} — issued ${formatTime(l.created_at)} by ${l.created_by}`),
    l.revoked_at ? h('span', { class: 'tag tag-off' }, 'Revoked')
      : h('button', { type: 'button', class: 'button button-small button-secondary', 'data-testid': 'revoke-link', onclick: (e) => revoke(e.currentTarget, l) }, 'Revoke'))));
}

async function revoke(button, link) {
  const ok = await confirmDialog({ title: 'Revoke this link?', message: 'Nobody can answer with it any more. This cannot be undone.', confirm: 'Revoke', danger: true });
  if (!ok) return;
  try {
    await busy(button, 'Revoking…', () => api('DELETE', `/feedback-tests/${encodeURIComponent(id)}/links/${encodeURIComponent(link.id)}`));
    await loadLinks();
  } catch (err) {
    showProblem(err, pageStatus);
  }
}

$('#link-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const button = e.target.querySelector('button[type=submit]');
  try {
    const l = await busy(button, 'Issuing…', () => api('POST', `/feedback-tests/${encodeURIComponent(id)}/links`, { label: e.target.elements.label.value }));
    const url = location.origin + l.path;
    const box = $('#link-new');
    box.replaceChildren(
      h('p', { class: 'status-title' }, 'Link issued'),
      h('p', {}, 'Copy it now: it is not shown again.'),
      h('p', {}, h('code', { 'data-testid': 'link-url' }, url)),
    );
    box.hidden = false;
    e.target.reset();
    await loadLinks();
  } catch (err) {
    showProblem(err, pageStatus, e.target);
  }
});

async function main() {
  me = await requireUser();
  try {
    test = await api('GET', `/feedback-tests/${encodeURIComponent(id)}`);
    render();
    await loadLinks();
    showContent();
  } catch (err) {
    $('#loading').hidden = true;
    showProblem(err, pageStatus);
  }
}

main();
