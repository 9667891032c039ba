// Submissions, newest first: editors and admins see all of them and filter
// the ones waiting for review; collectors see their own, with the note of
// the reviewer when one was sent back.
import {
  $, h, api, ApiError, busy, clearFieldErrors, clearStatus, formatTime, query, requireUser, setFieldError, showContent,
  showProblem,
} from './api.js';
import { placeText, regionText, statusTag, submissionName, STATUSES } from './submissions-common.js';

const form = $('#filters');
const listStatus = $('#list-status');
let me = null;
let reviewer = false;
const surveys = new Map(); // by ID
let cursor = '';
let shown = 0;

function filters() {
  const f = form.elements;
  const region = f.subregion.value || f.region.value;
  return {
    survey: f.survey.value, status: f.status.value, since: f.since.value, until: f.until.value,
    region, region_set: region ? f.region_set.value : '',
  };
}

// ------------------------------------------------------------------ regions

let regionSets = [];

/** Every region matching params, page by page, by name. */
async function allRegions(params) {
  const out = [];
  let cursor = '';
  do {
    const res = await api('GET', '/regions' + query({ ...params, cursor, limit: 500 }));
    out.push(...(res.items || []));
    cursor = res.next || '';
  } while (cursor);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The level-1 regions of a set, by name, as options. */
async function loadRegions(set) {
  const sel = form.elements.region;
  sel.replaceChildren(h('option', { value: '' }, 'Any region'));
  await loadSubregions(set, '');
  if (!set) return;
  const items = await allRegions({ set, level: 1 });
  sel.append(...items.map((r) => h('option', { value: r.code }, r.name)));
}

/** The regions within parent, as options of the second list (hidden when there are none). */
async function loadSubregions(set, parent) {
  const sel = form.elements.subregion;
  sel.replaceChildren(h('option', { value: '' }, 'All of it'));
  $('#f-subregion-field').hidden = true;
  if (!set || !parent) return;
  const items = await allRegions({ set, parent });
  sel.append(...items.map((r) => h('option', { value: r.code }, r.name)));
  $('#f-subregion-field').hidden = items.length === 0;
}

/** Chooses region code of set in the lists, finding its parent when it is not a top-level one. */
async function chooseRegion(set, code) {
  const f = form.elements;
  if (!set || !code) return;
  if ([...f.region.options].some((o) => o.value === code)) {
    f.region.value = code;
    await loadSubregions(set, code);
    return;
  }
  try {
    const feature = await api('GET', `/regions/${encodeURIComponent(code)}` + query({ set, display: 'true' }));
    const parent = (feature.properties || {}).parent_code || '';
    if ([...f.region.options].some((o) => o.value === parent)) {
      f.region.value = parent;
      await loadSubregions(set, parent);
      f.subregion.value = code;
    }
  } catch (err) {
    showProblem(err, listStatus);
  }
}

function whereSummary() {
  const f = form.elements;
  const picked = f.subregion.value ? f.subregion : f.region;
  $('#where-summary').textContent = picked.value ? picked.options[picked.selectedIndex].text : '';
}

/** The boundary sets, the one with the most levels first chosen. */
async function setupRegions(wanted) {
  try {
    regionSets = (await api('GET', '/region-sets')).items || [];
  } catch (err) {
    showProblem(err, $('#page-status'));
    return;
  }
  if (!regionSets.length) return;
  const levels = (s) => Object.keys(s.levels || {}).length;
  const byDepth = [...regionSets].sort((a, b) => levels(b) - levels(a) || a.name.localeCompare(b.name));
  const sel = form.elements.region_set;
  sel.replaceChildren(...regionSets.map((s) => h('option', { value: s.name }, `${s.name} (${levels(s)} ${levels(s) === 1 ? 'level' : 'levels'})`)));
  sel.value = regionSets.some((s) => s.name === wanted.region_set) ? wanted.region_set : byDepth[0].name;
  $('#where').hidden = false;
  await loadRegions(sel.value);
  await chooseRegion(sel.value, wanted.region);
  if (form.elements.region.value) $('#where').open = true;
  whereSummary();
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

/** Where a submission is, as far as the reader may know. */
function placeLine(sub) {
  const place = sub.place || {};
  const regions = regionText(place);
  const where = (...parts) => h('p', { class: 'result-place', 'data-testid': 'result-place', 'data-shown': place.shown || '' },
    h('span', { class: 'visually-hidden' }, 'Where: '), ...parts);
  switch (place.shown) {
    case 'withheld':
      return where(h('span', { class: 'muted' }, 'Place withheld (confidential)'));
    case 'region':
      return where(regions || 'Outside the loaded boundaries', h('span', { class: 'muted' }, ' · exact place confidential'));
    case 'point': {
      const text = [placeText(sub), regions].filter(Boolean).join(' · ');
      return text ? where(text) : null;
    }
  }
  return null;
}

function item(sub) {
  const sv = surveys.get(sub.survey_id);
  const href = '/submissions/view' + query({ id: sub.id });
  const name = submissionName(sub, sv);
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
    placeLine(sub),
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
  whereSummary();
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
    let res = await api('GET', '/submissions' + query({ ...f, cursor, limit: 25 }));
    // A search by region reads so many rows per call; an empty page with a
    // cursor means "none so far": read on.
    for (let n = 0; !(res.items || []).length && res.next && n < 20; n++) {
      res = await api('GET', '/submissions' + query({ ...f, cursor: res.next, limit: 25 }));
    }
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
form.elements.region_set.addEventListener('change', async (e) => {
  await loadRegions(e.target.value);
  load(false);
});
form.elements.region.addEventListener('change', async (e) => {
  await loadSubregions(form.elements.region_set.value, e.target.value);
  load(false);
});
form.elements.subregion.addEventListener('change', () => load(false));
$('#filter-clear').addEventListener('click', async () => {
  setFilters({});
  form.elements.region.value = '';
  await loadSubregions('', '');
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
  const wanted = Object.fromEntries(new URLSearchParams(location.search));
  setFilters(wanted);
  await setupRegions(wanted);
  showContent();
  await load(false);
}

start();
