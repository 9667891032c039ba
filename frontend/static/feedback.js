// The feedback tests the person may see, with what they may do with each.
import { $, h, api, formatDate, query, requireUser, showContent, showProblem } from './api.js';
import { STATUS, analyst, facilitator, manager, reader } from './feedback-common.js';

function item(t, me) {
  const st = STATUS[t.status] || STATUS.draft;
  const links = [h('a', { class: 'button button-small', href: '/feedback/test' + query({ id: t.id }), 'data-testid': 'open-test' }, 'Details')];
  if (t.status === 'draft' && manager(me)) {
    links.push(h('a', { class: 'button button-small button-secondary', href: '/feedback/edit' + query({ id: t.id }), 'data-testid': 'edit-test' }, 'Edit'));
  }
  if (t.status === 'open' && facilitator(me)) {
    links.push(h('a', { class: 'button button-small button-secondary', href: '/feedback/facilitate' + query({ id: t.id }), 'data-testid': 'facilitate' }, 'Enter responses'));
  }
  if (t.status !== 'draft' && analyst(me)) {
    links.push(h('a', { class: 'button button-small button-secondary', href: '/feedback/results' + query({ id: t.id }), 'data-testid': 'results-link' }, 'Results'));
  }
  return h('li', { class: 'result', 'data-test-id': t.id, 'data-title': t.title },
    h('h2', { class: 'result-name' }, t.title),
    h('p', { class: 'result-tags' }, h('span', { class: st.cls, 'data-testid': 'test-status' }, st.label)),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Country'), h('dd', {}, t.country),
      h('dt', {}, 'Compares'), h('dd', {}, (t.drafts || []).map((d) => `${d.label}: ${d.title} (version ${d.version})`).join(' · ')),
      h('dt', {}, 'Tasks'), h('dd', {}, String((t.tasks || []).length)),
      h('dt', {}, 'Created'), h('dd', {}, `${formatDate(t.created_at)}${t.created_by ? ' by ' + t.created_by : ''}`)),
    h('p', { class: 'result-actions' }, ...links));
}

async function main() {
  const me = await requireUser();
  if (!reader(me)) {
    $('#loading').hidden = true;
    $('#denied').hidden = false;
    return;
  }
  $('#new-test').hidden = !manager(me);
  $('#to-issues').hidden = !manager(me);
  try {
    const res = await api('GET', '/feedback-tests');
    const items = res.items || [];
    $('#tests').replaceChildren(...items.map((t) => item(t, me)));
    $('#tests-empty').hidden = items.length > 0;
    showContent();
  } catch (err) {
    $('#loading').hidden = true;
    showProblem(err, $('#page-status'));
  }
}

main();
