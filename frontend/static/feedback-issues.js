// The review queue of problems participants reported against directory
// entries: editors of the provider's country check them, fix the entry,
// and resolve them with a note (audited).
import { $, h, api, busy, formatTime, query, requireUser, showContent, showProblem } from './api.js';
import { manager } from './feedback-common.js';

const KINDS = {
  wrong_phone: 'The phone number is wrong',
  closed: 'It has closed',
  refused_service: 'They refused to help',
  wrong_address: 'The address is wrong',
  other: 'Something else',
};
const params = new URLSearchParams(location.search);
const provider = params.get('provider') || '';
const pageStatus = $('#page-status');

function item(i) {
  const note = h('input', { type: 'text', id: `note-${i.id}`, maxlength: '2000', 'data-testid': 'resolve-note' });
  const resolve = h('form', { class: 'form-inline', 'data-testid': 'resolve-form' },
    h('div', { class: 'field' }, h('label', { for: `note-${i.id}` }, 'What was done'), note),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button-small', 'data-testid': 'resolve' }, 'Resolved')));
  resolve.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await busy(resolve.querySelector('button'), 'Saving…', () => api('POST', `/provider-issues/${encodeURIComponent(i.id)}/resolve`, { note: note.value }));
      await loadIssues();
    } catch (err) {
      showProblem(err, pageStatus);
    }
  });
  return h('li', { class: 'result', 'data-issue-id': i.id, 'data-provider-id': i.provider_id },
    h('h2', { class: 'result-name' }, h('a', { href: '/directory/provider' + query({ id: i.provider_id }) }, i.provider_name || i.provider_id)),
    h('p', { class: 'result-tags' }, h('span', { class: i.status === 'open' ? 'tag tag-needs' : 'tag tag-on', 'data-testid': 'issue-kind' }, KINDS[i.kind] || i.kind)),
    i.note ? h('p', { 'data-testid': 'issue-note' }, `“${i.note}”`) : null,
    h('p', { class: 'muted' }, `Reported ${formatTime(i.created_at)} in a feedback test`),
    i.status === 'resolved' ? h('p', {}, `Resolved ${formatTime(i.resolved_at)} by ${i.resolved_by}${i.resolution_note ? ': ' + i.resolution_note : ''}`) : resolve);
}

async function loadIssues() {
  const res = await api('GET', '/provider-issues' + query({ status: $('#f-status').value, provider }));
  const items = res.items || [];
  $('#issues').replaceChildren(...items.map(item));
  $('#issues-empty').hidden = items.length > 0;
  if (provider && items[0]) $('#i-title').textContent = `Problems reported against ${items[0].provider_name}`;
}

async function main() {
  const me = await requireUser();
  if (!manager(me)) {
    $('#loading').hidden = true;
    $('#denied').hidden = false;
    return;
  }
  if (params.has('status')) $('#f-status').value = params.get('status');
  $('#f-status').addEventListener('change', () => loadIssues().catch((err) => showProblem(err, pageStatus)));
  try {
    await loadIssues();
    showContent();
  } catch (err) {
    $('#loading').hidden = true;
    showProblem(err, pageStatus);
  }
}

main();
