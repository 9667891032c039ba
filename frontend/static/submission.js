// One submission: its answers as question: answer, in the page's language,
// with confidential answers withheld as the API withholds them. Editors and
// admins review a provider-mapping submission here: they compare it field
// by field with a directory entry (or choose to create a new one), then
// accept it into the directory or send it back with a note.
import {
  $, h, api, ApiError, busy, clearFieldErrors, clearStatus, formatTime, query, requireUser, setFieldError, showContent,
  showProblem, showStatus, sentence,
} from './api.js';
import { pickLanguage, placeWithheld, statusTag, submissionName, textIn } from './submissions-common.js';
import { placeMap } from './submission-map.js';

const id = new URLSearchParams(location.search).get('id') || '';
const pageStatus = $('#page-status');
const reviewStatus = $('#review-status');

let me = null;
let sub = null;
let survey = null; // {kind, title, definition, …}
let def = null;
let lang = '';
const questions = new Map(); // name → question
let chosen = ''; // provider ID the diff compares with; '' for a new entry
let chosenName = '';

// ----------------------------------------------------------------- answers

function walk(qs, fn) {
  for (const q of qs || []) {
    fn(q);
    if (q.children) walk(q.children, fn);
  }
}

function label(q) {
  return textIn(q.label, lang, def) || q.name;
}

function choiceLabel(list, name) {
  const c = ((def.choice_lists || {})[list] || []).find((x) => x.name === name);
  return c ? textIn(c.label, lang, def) || name : name;
}

/** An answer as people read it: choice labels, a map point as lat, lon. */
function valueText(q, v) {
  if (v === undefined || v === null || v === '') return '';
  const s = String(v);
  if (!q) return s;
  switch (q.type) {
    case 'select_one':
      return choiceLabel(q.list_name, s);
    case 'select_multiple':
      return s.split(/\s+/).filter(Boolean).map((x) => choiceLabel(q.list_name, x)).join(', ');
    case 'geopoint': {
      const [lat, lon, , acc] = s.split(/\s+/);
      return `${lat}, ${lon}${acc && Number(acc) > 0 ? ` (within ${Math.round(Number(acc))} m)` : ''}`;
    }
    case 'date':
      return new Date(s + 'T00:00:00').toLocaleDateString(undefined, { dateStyle: 'medium' });
    default:
      return s;
  }
}

/** Rows for the answered questions of qs, groups as sub-headings. */
function answerBlocks(qs, answers, depth) {
  const out = [];
  let rows = [];
  const flush = () => {
    if (rows.length) out.push(h('dl', { class: 'facts answers' }, ...rows));
    rows = [];
  };
  for (const q of qs || []) {
    if (q.type === 'note' || q.type === 'calculate') continue;
    if (q.type === 'group') {
      const inner = answerBlocks(q.children, answers, depth + 1);
      if (inner.length) {
        flush();
        out.push(h('div', { class: 'answer-group' }, h(depth ? 'h4' : 'h3', {}, label(q)), ...inner));
      }
      continue;
    }
    if (q.type === 'repeat') {
      const entries = Array.isArray(answers[q.name]) ? answers[q.name] : [];
      if (!entries.length) continue;
      flush();
      entries.forEach((e, i) => {
        out.push(h('div', { class: 'answer-group repeat-entry', 'data-repeat': q.name },
          h(depth ? 'h4' : 'h3', {}, `${label(q)} ${i + 1}`), ...answerBlocks(q.children, e || {}, depth + 1)));
      });
      continue;
    }
    const text = valueText(q, answers[q.name]);
    const other = answers[q.name + '_other'];
    if (!text && !other) continue;
    rows.push(h('dt', { 'data-name': q.name }, label(q)), h('dd', {}, [text, other].filter(Boolean).join(': ')));
  }
  flush();
  return out;
}

function renderAnswers() {
  const blocks = answerBlocks(def.questions, sub.answers || {}, 0);
  $('#answers').replaceChildren(...(blocks.length ? blocks : [h('p', { class: 'empty' }, 'No answers are shown.')]));
  const a = sub.answers || {};
  const phoneWithheld = ['region_only', 'hidden'].includes(a.office_phone_tier) && !a.office_phone;
  $('#s-withheld').hidden = !(placeWithheld(sub) || phoneWithheld);
}

async function renderPlace() {
  try {
    $('#place').replaceChildren(await placeMap(sub.place, $('#place').clientWidth));
  } catch (err) {
    $('#place').replaceChildren(h('p', { class: 'empty' }, 'The map could not be drawn.'));
    throw err;
  }
}

// ------------------------------------------------------------------ header

function renderHead() {
  const name = submissionName(sub, survey);
  document.title = `${name} · Haven`;
  $('#s-name').textContent = name;
  $('#s-tags').replaceChildren(statusTag(sub.status));
  $('#s-meta').replaceChildren(
    h('span', { class: 'line' }, survey.title),
    h('span', { class: 'line' }, `Sent ${formatTime(sub.submitted_at)}`,
      sub.collector_email ? ` by ${sub.collector_email}` : '',
      { openrosa: ' from ODK Collect', web: ' from the web form', api: ' by a program' }[sub.channel] || ''),
  );
  const box = $('#s-decision');
  box.replaceChildren();
  box.hidden = sub.status === 'submitted';
  if (sub.status === 'rejected') {
    box.className = 'review-note';
    box.append(h('p', { class: 'review-note-title' }, `Sent back${sub.reviewed_by ? ` by ${sub.reviewed_by}` : ''}${sub.reviewed_at ? ` on ${formatTime(sub.reviewed_at)}` : ''}`),
      h('p', { 'data-testid': 'decision-note' }, sub.review_note || ''));
  } else if (sub.status === 'accepted') {
    box.className = 'status status-success';
    box.append(h('p', { class: 'status-title' }, `Accepted${sub.reviewed_by ? ` by ${sub.reviewed_by}` : ''}${sub.reviewed_at ? ` on ${formatTime(sub.reviewed_at)}` : ''}`),
      sub.provider_id
        ? h('p', {}, 'It is in the directory: ',
            h('a', { href: '/directory/provider' + query({ id: sub.provider_id }), 'data-testid': 'provider-link' }, 'open the entry'), '.')
        : null);
  }
}

// -------------------------------------------------------------------- review

function fieldLabel(field) {
  const m = field.match(/^(\w+)\[(\d+)\]\.(.+)$/);
  if (m) {
    const rep = questions.get(m[1]);
    const q = questions.get(m[3]);
    return `${rep ? label(rep) : m[1]} ${Number(m[2]) + 1}: ${q ? label(q) : m[3]}`;
  }
  const q = questions.get(field);
  return q ? label(q) : field;
}

function fieldQuestion(field) {
  const m = field.match(/\.([^.]+)$/);
  return questions.get(m ? m[1] : field);
}

async function loadDiff() {
  clearStatus(reviewStatus);
  const rows = $('#diff-rows');
  rows.replaceChildren(h('tr', {}, h('td', { colspan: '3', class: 'muted' }, 'Comparing…')));
  $('#diff-note').textContent = chosen
    ? `Compared with “${chosenName}”. Accepting changes the questions below in that entry.`
    : 'Nothing is chosen from the directory: accepting creates a new entry with all of these answers.';
  $('#accept').textContent = chosen ? `Accept and update “${chosenName}”` : 'Accept as a new provider';
  try {
    const res = await api('GET', `/submissions/${encodeURIComponent(id)}/diff` + query({ provider: chosen }));
    const items = res.items || [];
    rows.replaceChildren(...items.map((c) => {
      const q = fieldQuestion(c.field);
      const cur = valueText(q, c.current);
      const prop = valueText(q, c.proposed);
      return h('tr', { 'data-field': c.field },
        h('th', { scope: 'row' }, fieldLabel(c.field)),
        h('td', { class: cur ? 'diff-old' : 'diff-old muted' }, cur || '(empty)'),
        h('td', { class: prop ? 'diff-new' : 'diff-new muted' }, prop ? h('strong', {}, prop) : '(empty)'));
    }));
    $('#diff-same').hidden = items.length > 0;
    rows.closest('.table-wrap').hidden = items.length === 0;
  } catch (err) {
    rows.replaceChildren();
    decisionProblem(err);
  }
}

function pickItem(value, title, detail, checked) {
  const input = h('input', { type: 'radio', name: 'pick', value, checked, 'data-testid': value ? 'pick-provider' : 'pick-new' });
  input.addEventListener('change', () => {
    chosen = value;
    chosenName = title;
    loadDiff();
  });
  return h('li', {}, h('label', { class: 'choice' }, input,
    h('span', {}, title, detail ? h('small', {}, detail) : null)));
}

async function searchProviders(q, auto) {
  const list = $('#pick-list');
  try {
    const res = await api('POST', '/providers/search', { q, limit: 8 });
    const hits = res.items || [];
    const exact = auto ? hits.find((p) => p.name.trim().toLowerCase() === q.trim().toLowerCase()) : null;
    if (auto) {
      chosen = exact ? exact.id : '';
      chosenName = exact ? exact.name : '';
    }
    const items = hits.map((p) => {
      const place = (p.locations || []).map((l) => (l.address && l.address.city) || '').filter(Boolean)[0] || '';
      return pickItem(p.id, p.name, [place, p.country].filter(Boolean).join(', '), p.id === chosen);
    });
    items.push(pickItem('', 'None of these: create a new provider', 'The answers become a new directory entry.', chosen === ''));
    list.replaceChildren(...items);
    $('#pick-empty').hidden = hits.length > 0;
  } catch (err) {
    showProblem(err, reviewStatus);
  }
}

$('#pick-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  await searchProviders($('#pick-q').value, false);
});

/** Explains a failed decision: decided already (409), not allowed (403), or the API's words. */
function decisionProblem(err) {
  if (err instanceof ApiError && err.status === 409) {
    showStatus(reviewStatus, 'error', 'Someone decided on this submission already; a decision cannot be changed.');
    reviewStatus.append(h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'button button-secondary', onclick: () => location.reload() }, 'Show the decision')));
    return;
  }
  if (err instanceof ApiError && err.status === 403) {
    showStatus(reviewStatus, 'error', `You may not decide on this submission. ${sentence(err.problem.detail || '')}`,
      'Ask an editor for its country, or an admin, to review it.');
    return;
  }
  showProblem(err, reviewStatus, $('#reject-form'));
}

$('#accept').addEventListener('click', async (e) => {
  clearStatus(reviewStatus);
  try {
    const p = await busy(e.currentTarget, 'Accepting…', () =>
      api('POST', `/submissions/${encodeURIComponent(id)}/accept`, chosen ? { provider_id: chosen } : {}));
    sub = await api('GET', `/submissions/${encodeURIComponent(id)}`);
    $('#review').hidden = true;
    renderHead();
    showStatus(pageStatus, 'success', chosen ? `Accepted: “${p.name}” in the directory is updated.` : `Accepted: “${p.name}” is added to the directory.`);
    pageStatus.append(h('p', { class: 'actions' },
      h('a', { class: 'button', href: '/directory/provider' + query({ id: p.id }), 'data-testid': 'accepted-provider' }, `Open “${p.name}”`),
      h('a', { class: 'button button-secondary', href: '/submissions' + query({ status: 'submitted' }) }, 'Next waiting submission')));
    pageStatus.scrollIntoView({ block: 'start' });
  } catch (err) {
    decisionProblem(err);
  }
});

$('#reject-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.currentTarget;
  clearFieldErrors(form);
  clearStatus(reviewStatus);
  const note = form.elements.note.value.trim();
  if (!note) {
    setFieldError(form, 'note', 'Write a note: the collector reads it to know what to fix.');
    form.elements.note.focus();
    return;
  }
  try {
    sub = await busy(form.querySelector('button[type=submit]'), 'Sending back…', () =>
      api('POST', `/submissions/${encodeURIComponent(id)}/reject`, { note }));
    $('#review').hidden = true;
    renderHead();
    showStatus(pageStatus, 'success', 'Sent back to the collector with your note.');
    pageStatus.append(h('p', { class: 'actions' },
      h('a', { class: 'button button-secondary', href: '/submissions' + query({ status: 'submitted' }) }, 'Next waiting submission')));
    pageStatus.scrollIntoView({ block: 'start' });
  } catch (err) {
    decisionProblem(err);
  }
});

// ------------------------------------------------------------------- start

async function start() {
  me = await requireUser();
  if (!id) {
    showStatus(pageStatus, 'error', 'No submission was chosen. Pick one from the list of submissions.');
    $('#loading').hidden = true;
    return;
  }
  try {
    sub = await api('GET', `/submissions/${encodeURIComponent(id)}`);
    survey = await api('GET', `/surveys/${encodeURIComponent(sub.survey_id)}`);
  } catch (err) {
    $('#loading').hidden = true;
    if (err instanceof ApiError && err.status === 404) {
      showStatus(pageStatus, 'error', 'This submission was not found. It may belong to someone else, or the link is wrong.');
      pageStatus.append(h('p', { class: 'actions' }, h('a', { class: 'button button-secondary', href: '/submissions' }, 'All submissions')));
      return;
    }
    if (err instanceof ApiError && err.status === 403) {
      showStatus(pageStatus, 'error', 'Submissions are read by the collectors who sent them, and by editors and admins.');
      return;
    }
    showProblem(err, pageStatus);
    return;
  }
  def = survey.definition || { questions: [] };
  lang = pickLanguage(def);
  walk(def.questions, (q) => questions.set(q.name, q));
  renderHead();
  renderAnswers();
  const reviews = ['admin', 'editor'].includes(me.role) && survey.kind === 'provider_mapping' && sub.status === 'submitted';
  $('#review').hidden = !reviews;
  showContent();
  const placed = renderPlace(); // once shown: the map is drawn for the width it gets
  if (reviews) {
    const name = (sub.answers || {}).org_name || '';
    $('#pick-q').value = name;
    await searchProviders(name, true);
    await loadDiff();
  }
  await placed;
}

start();
