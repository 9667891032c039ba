// The audit log page (admins): filter, read, load more. The filters live in
// the address (?action=…&since=…), so a filtered view can be shared or
// bookmarked, and the users page can link to one person's history.
import {
  $, h, api, busy, clearFieldErrors, clearStatus, formatTime, query, requireAdmin, requireUser, setFieldError,
  showContent, showProblem, showStatus,
} from './api.js';

const PAGE_SIZE = 50;

const ACTIONS = {
  login: 'Logged in',
  'login.failed': 'Failed login',
  'login.throttled': 'Login refused after too many failures',
  logout: 'Logged out',
  'user.create': 'User created',
  'user.update': 'User changed',
  'user.password_change': 'Password changed by its owner',
  'token.create': 'API token created',
  'token.revoke': 'API token revoked',
};

const OBJECTS = { user: 'User', api_token: 'API token' };

const form = $('#filter-form');
const listStatus = $('#list-status');
let filters = {};
let next = null;
let shown = 0;

/** Reads the filters from the address. */
function readAddress() {
  const p = new URLSearchParams(location.search);
  const f = {};
  for (const k of ['action', 'object_type', 'since', 'until', 'actor_id', 'object_id']) {
    const v = p.get(k);
    if (v) f[k] = v;
  }
  return f;
}

const wide = window.matchMedia('(min-width: 48rem)');

/** The one-line summary of the filters, shown on the folded panel. */
function summarize(f) {
  const parts = [];
  if (f.action) parts.push(ACTIONS[f.action] || (f.action.endsWith('.') ? `${f.action}*` : f.action));
  if (f.object_type) parts.push(`about ${(OBJECTS[f.object_type] || f.object_type).toLowerCase()}s`);
  if (f.since) parts.push(`from ${f.since}`);
  if (f.until) parts.push(`to ${f.until}`);
  if (f.actor_id) parts.push('one person');
  if (f.object_id) parts.push('one object');
  return parts.length ? parts.join(' · ') : 'Showing everything';
}

function fillForm(f) {
  $('#filter-summary').textContent = summarize(f);
  const action = form.elements.action;
  if (f.action && ![...action.options].some((o) => o.value === f.action)) {
    action.append(h('option', { value: f.action }, ACTIONS[f.action] || f.action));
  }
  action.value = f.action || '';
  form.elements.object_type.value = f.object_type || '';
  form.elements.since.value = f.since || '';
  form.elements.until.value = f.until || '';
  const extra = [];
  if (f.actor_id) extra.push(h('span', {}, 'Only entries by person ', h('code', {}, f.actor_id), '. '));
  if (f.object_id) extra.push(h('span', {}, 'Only entries about ', h('code', {}, f.object_id), '. '));
  $('#f-extra').hidden = extra.length === 0;
  if (extra.length) {
    const all = h('a', { href: '/admin/audit' + query({ ...f, actor_id: '', object_id: '' }) }, 'Show everyone and everything');
    $('#f-extra-text').replaceChildren(...extra, all);
  }
}

/** A local calendar date (YYYY-MM-DD) as the RFC 3339 time of its midnight, here. */
function localMidnight(date, addDays = 0) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d + addDays).toISOString();
}

/** The API query for filters: dates are whole local days, "to" included. */
function apiQuery(f, cursor) {
  return query({
    action: f.action,
    object_type: f.object_type,
    actor_id: f.actor_id,
    object_id: f.object_id,
    since: f.since ? localMidnight(f.since) : '',
    until: f.until ? localMidnight(f.until, 1) : '',
    cursor,
    limit: PAGE_SIZE,
  });
}

async function load(cursor) {
  clearStatus(listStatus);
  const more = $('#events-more');
  try {
    const page = await busy(more, 'Loading…', () => api('GET', '/audit' + apiQuery(filters, cursor)));
    const items = page.items.map(eventItem);
    if (cursor) {
      $('#events').append(...items);
    } else {
      $('#events').replaceChildren(...items);
      shown = 0;
    }
    shown += items.length;
    next = page.next;
    more.hidden = !next;
    $('#events-empty').hidden = shown > 0;
    $('#results-count').textContent = shown === 0 ? '' : `Showing ${shown} ${shown === 1 ? 'entry' : 'entries'}${next ? ', newest first. There are more.' : ', newest first.'}`;
  } catch (err) {
    showProblem(err, listStatus, form);
  }
}

function shortID(id) {
  return id && id.length > 13 ? id.slice(0, 8) + '…' : id;
}

function detailValue(v) {
  if (Array.isArray(v)) return v.length ? v.join(', ') : '(none)';
  if (v === true) return 'yes';
  if (v === false) return 'no';
  if (v === null || v === undefined || v === '') return '(none)';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function eventItem(e) {
  const failed = e.action === 'login.failed' || e.action === 'login.throttled';
  const actor = e.actor_id
    ? h('a', { href: '/admin/audit' + query({ actor_id: e.actor_id }), title: 'Show only this person’s entries' }, e.actor_email || e.actor_id)
    : h('strong', {}, e.actor_email || 'Haven itself');
  const object = e.object_type
    ? [
        ' · ',
        OBJECTS[e.object_type] || e.object_type,
        ' ',
        e.object_id
          ? h('a', { href: '/admin/audit' + query({ object_id: e.object_id }), title: `Show only entries about ${e.object_id}` },
              h('code', {}, shortID(e.object_id)))
          : null,
      ]
    : [];
  const detail = Object.entries(e.detail || {});
  return h(
    'li',
    { class: failed ? 'event event-failed' : 'event', 'data-action': e.action },
    h('div', { class: 'event-head' },
      h('span', { class: 'event-action' }, ACTIONS[e.action] || e.action, h('code', {}, e.action)),
      h('time', { class: 'event-time', datetime: e.at }, formatTime(e.at))),
    h('p', { class: 'event-meta' }, 'By ', actor, ...object),
    detail.length
      ? h('dl', { class: 'event-detail' }, ...detail.flatMap(([k, v]) => [h('dt', {}, k.replace(/_/g, ' ')), h('dd', {}, detailValue(v))]))
      : null,
    e.request_id ? h('p', { class: 'event-ref' }, 'Request ', h('code', {}, e.request_id)) : null,
  );
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearFieldErrors(form);
  const f = { ...filters };
  f.action = form.elements.action.value;
  f.object_type = form.elements.object_type.value;
  f.since = form.elements.since.value;
  f.until = form.elements.until.value;
  if (f.since && f.until && f.until < f.since) {
    setFieldError(form, 'until', 'The “to” date must be on or after the “from” date.').focus();
    showStatus(listStatus, 'error', 'Check the dates.');
    return;
  }
  filters = Object.fromEntries(Object.entries(f).filter(([, v]) => v));
  history.replaceState(null, '', '/admin/audit' + query(filters));
  fillForm(filters);
  // On a phone, fold the filters away so the entries show.
  if (!wide.matches) $('#filter-box').open = false;
  busy($('#filter-submit'), 'Loading…', () => load(''));
});

$('#filter-clear').addEventListener('click', () => {
  filters = {};
  history.replaceState(null, '', '/admin/audit');
  clearFieldErrors(form);
  fillForm(filters);
  load('');
});

$('#events-more').addEventListener('click', () => load(next));

async function start() {
  const user = await requireUser();
  if (!requireAdmin(user)) return;
  filters = readAddress();
  fillForm(filters);
  $('#filter-box').open = wide.matches;
  showContent();
  await load('');
}

start();
