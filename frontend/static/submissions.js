// Submissions, newest first: editors and admins see all of them and filter
// the ones waiting for review; collectors see their own, with the note of
// the reviewer when one was sent back.
import {
  $, h, api, ApiError, busy, clearFieldErrors, clearStatus, formatTime, query, requireUser, setFieldError, showContent,
  showProblem,
} from './api.js';
import { placeText, placeWithheld, statusTag, submissionName, STATUSES } from './submissions-common.js';

const form = $('#filters');
const listStatus = $('#list-status');
let me = null;
let reviewer = false;
const surveys = new Map(); // by ID
let cursor = '';
let shown = 0;

function filters() {
  const f = form.elements;
  return { survey: f.survey.value, status: f.status.value, since: f.since.value, until: f.until.value };
}

function setFilters(p) {
  const f = form.elements;
  if (p.survey && ![...f.survey.options].some((o) => o.value === p.survey)) {
    f.survey.append(h('option', { value: p.survey }, p.survey));
  }
  f.survey.value = p.survey || '';
  f.status.value = STATUSES[p.status] ? p.status : '';
  f.since.value = p.since || '';
  f.until.value = p.until || '';
  if (f.since.value || f.until.value) $('#dates').open = true;
  datesSummary();
}

function datesSummary() {
  const f = form.elements;
  $('#dates-summary').textContent = [f.since.value ? `from ${f.since.value}` : '', f.until.value ? `to ${f.until.value}` : '']
    .filter(Boolean).join(' ');
}

function item(sub) {
  const sv = surveys.get(sub.survey_id);
  const href = '/submissions/view' + query({ id: sub.id });
  const name = submissionName(sub, sv);
  const place = placeText(sub);
  const meta = [
    sv ? sv.title : '',
    reviewer && sub.collector_email ? `by ${sub.collector_email}` : '',
  ].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: `result submission submission-${sub.status}`, 'data-id': sub.id, 'data-status': sub.status },
    h('div', { class: 'result-head' },
      h('h3', { class: 'result-name' }, h('a', { href }, name)),
      statusTag(sub.status)),
    h('p', { class: 'result-meta' }, h('time', { datetime: sub.submitted_at }, `Sent ${formatTime(sub.submitted_at)}`),
      meta ? ` · ${meta}` : ''),
    place
      ? h('p', { class: 'result-place' }, h('span', { class: 'visually-hidden' }, 'Where: '), place)
      : placeWithheld(sub)
        ? h('p', { class: 'result-place muted' }, 'Place withheld (confidential)')
        : null,
    sub.status === 'rejected' && sub.review_note
      ? h('div', { class: 'review-note', 'data-testid': 'review-note' },
          h('p', { class: 'review-note-title' }, reviewer ? 'Note to the collector' : 'Why it was sent back'),
          h('p', {}, sub.review_note))
      : null,
    sub.status === 'accepted' && sub.provider_id
      ? h('p', { class: 'muted' }, 'In the directory: ',
          h('a', { href: '/directory/provider' + query({ id: sub.provider_id }) }, 'open the entry'))
      : null,
    h('p', { class: 'result-actions' },
      h('a', { class: 'button button-small' + (reviewer && sub.status === 'submitted' ? '' : ' button-secondary'), href,
        'aria-label': `${reviewer && sub.status === 'submitted' ? 'Review' : 'Open'} ${name}` },
        reviewer && sub.status === 'submitted' ? 'Review' : 'Open')),
  );
}

async function load(more) {
  clearStatus(listStatus);
  clearFieldErrors(form);
  const f = filters();
  datesSummary();
  if (f.since && f.until && f.since > f.until) {
    $('#dates').open = true;
    setFieldError(form, 'until', 'On or before must not be earlier than the first date.');
    return;
  }
  if (!more) {
    cursor = '';
    shown = 0;
    history.replaceState(null, '', location.pathname + query(f));
  }
  const btn = $('#more');
  try {
    const res = await api('GET', '/submissions' + query({ ...f, cursor, limit: 25 }));
    const items = (res.items || []).map(item);
    if (more) $('#subs').append(...items);
    else $('#subs').replaceChildren(...items);
    shown += items.length;
    cursor = res.next || '';
    btn.hidden = !cursor;
    $('#subs-empty').hidden = shown > 0;
    $('#list-count').textContent = shown === 0 ? '' : `Showing ${shown} ${shown === 1 ? 'submission' : 'submissions'}, newest first${cursor ? '' : '. That is all of them.'}`;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404 && f.survey) {
      showProblem(err, listStatus);
      $('#subs').replaceChildren();
      return;
    }
    showProblem(err, listStatus, form);
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  load(false);
});
for (const name of ['survey', 'status']) form.elements[name].addEventListener('change', () => load(false));
$('#filter-clear').addEventListener('click', () => {
  setFilters({});
  load(false);
});
$('#more').addEventListener('click', (e) => busy(e.currentTarget, 'Loading…', () => load(true)));

async function start() {
  me = await requireUser();
  if (!['admin', 'editor', 'collector'].includes(me.role)) {
    $('#loading').hidden = true;
    $('#denied').hidden = false;
    return;
  }
  reviewer = me.role !== 'collector';
  if (!reviewer) {
    $('#subs-title').textContent = 'My submissions';
    $('#subs-lead').textContent = 'What you sent, newest first. An editor checks each one before it goes into the directory; if one is sent back, the note says why.';
  } else {
    $('#subs-lead').textContent = 'What collectors sent, newest first. Review those waiting: accept them into the directory, or send them back with a note.';
  }
  try {
    const res = await api('GET', '/surveys');
    for (const s of res.items || []) surveys.set(s.id, s);
    form.elements.survey.append(...(res.items || []).map((s) => h('option', { value: s.form_id }, s.title || s.form_id)));
  } catch (err) {
    showProblem(err, $('#page-status'));
  }
  setFilters(Object.fromEntries(new URLSearchParams(location.search)));
  showContent();
  await load(false);
}

start();
