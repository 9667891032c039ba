// Building a feedback test: which frozen drafts it compares, with whom, and
// what it asks. Saving sends the whole test (PUT replaces a draft test).
import {
  $, h, api, busy, clearFieldErrors, query, requireUser, setFieldError, showContent, showProblem, showStatus,
} from './api.js';
import { en, manager } from './feedback-common.js';

const form = $('#test-form');
const pageStatus = $('#page-status');
const id = new URLSearchParams(location.search).get('id') || '';
let frozen = []; // frozen drafts, with entries and sections

const GROUPS = [
  { code: 'survivor', label: { en: 'Survivor', th: 'ผู้รอดชีวิต', my: 'အသက်ရှင်ကျန်ရစ်သူ' } },
  { code: 'frontline', label: { en: 'Frontline practitioner', th: 'ผู้ปฏิบัติงานภาคสนาม', my: 'ရှေ့တန်း လုပ်ငန်းလုပ်ကိုင်သူ' } },
  { code: 'provider', label: { en: 'Service provider', th: 'ผู้ให้บริการ', my: 'ဝန်ဆောင်မှုပေးသူ' } },
  { code: 'other', label: { en: 'Other', th: 'อื่น ๆ', my: 'အခြား' } },
];
const ATTRIBUTES = { age_band: 'Age band', gender: 'Gender', nationality_group: 'Nationality group' };
const BREAKDOWNS = { draft: 'Draft', group: 'Group', age_band: 'Age band', gender: 'Gender', nationality_group: 'Nationality group', draft_order: 'Order of drafts' };
const DIMENSIONS = ['clarity', 'trust', 'usefulness', 'language', 'layout'];

function checks(root, name, options, checked) {
  root.replaceChildren(...Object.entries(options).map(([value, label]) => h('label', { class: 'choice' },
    h('input', { type: 'checkbox', name, value, checked: checked.includes(value), 'data-testid': `${name}-${value}` }), h('span', {}, label))));
}

const picked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((i) => i.value);

// ------------------------------------------------------------------ drafts

function draftOptions(sel, optional) {
  sel.replaceChildren(h('option', { value: '' }, optional ? 'None' : 'Choose a frozen draft'),
    ...frozen.map((d) => h('option', { value: `${d.draft_id}:${d.version}` }, `${d.name} — version ${d.version} (${d.entries.length} entries)`)));
}

function chosenDrafts() {
  return [$('#f-draft-a').value, $('#f-draft-b').value].filter(Boolean)
    .map((v) => frozen.find((d) => `${d.draft_id}:${d.version}` === v)).filter(Boolean);
}

/** Every entry of the chosen drafts once, with the drafts holding it. */
function entries() {
  const out = new Map();
  chosenDrafts().forEach((d, i) => {
    for (const e of d.entries) {
      if (!out.has(e.provider_id)) out.set(e.provider_id, { ...e, in: [] });
      out.get(e.provider_id).in.push('AB'[i]);
    }
  });
  return [...out.values()].sort((a, b) => en(a.name).localeCompare(en(b.name)));
}

function refreshPickers() {
  for (const block of $('#tasks').children) block.drawCorrect();
  const sections = new Map();
  for (const d of chosenDrafts()) for (const s of d.sections) sections.set(s.id, s);
  const keep = picked('section');
  $('#f-sections').replaceChildren(...[...sections.values()].map((s) => h('label', { class: 'choice' },
    h('input', { type: 'checkbox', name: 'section', value: s.id, checked: keep.includes(s.id), 'data-testid': `section-${s.id}` }),
    h('span', {}, en(s.title) || s.kind))));
}

// ------------------------------------------------------------ texts in 3 languages

function textFields(prefix, label, value, rows = 2) {
  const v = value || {};
  const area = (lang, name) => {
    const el = h(rows > 1 ? 'textarea' : 'input', { id: `${prefix}-${lang}`, rows: rows > 1 ? String(rows) : undefined, type: rows > 1 ? undefined : 'text', lang,
      'data-testid': `${prefix}-${lang}` });
    el.value = v[lang] || '';
    return h('div', { class: 'field' }, h('label', { for: `${prefix}-${lang}` }, `${label} (${name})`), el);
  };
  return h('div', { class: 'sub-box' }, area('en', 'English'),
    h('details', {}, h('summary', {}, 'Thai and Burmese'), area('th', 'Thai'), area('my', 'Burmese')));
}

function readText(prefix) {
  const out = {};
  for (const lang of ['en', 'th', 'my']) {
    const el = document.getElementById(`${prefix}-${lang}`);
    if (el && el.value.trim()) out[lang] = el.value.trim();
  }
  return out;
}

// ------------------------------------------------------------------ tasks

let serial = 0;

function addTask(task) {
  const n = serial++;
  const prefix = `task-${n}-scenario`;
  const correct = new Set((task && task.correct_providers) || []);
  const list = h('div', { class: 'choices choices-stack', 'data-testid': `task-${n}-correct` });
  const block = h('div', { class: 'repeat-block', 'data-kind': 'task' },
    h('div', { class: 'block-head' }, h('h3', {}, 'Task'),
      h('button', { type: 'button', class: 'button button-small button-secondary', onclick: () => block.remove() }, 'Remove')),
    textFields(prefix, 'Situation', task && task.scenario),
    h('fieldset', {}, h('legend', {}, 'Right answers: the entries that would help'), list));
  block.drawCorrect = () => {
    for (const input of list.querySelectorAll('input:checked')) correct.add(input.value);
    for (const input of list.querySelectorAll('input:not(:checked)')) correct.delete(input.value);
    list.replaceChildren(...entries().map((e) => h('label', { class: 'choice' },
      h('input', { type: 'checkbox', value: e.provider_id, checked: correct.has(e.provider_id), 'data-testid': `task-${n}-correct-${e.provider_id}` }),
      h('span', {}, `${en(e.name)} (in ${e.in.join(' and ')})`))));
  };
  block.read = (i) => ({ code: `task${i + 1}`, scenario: readText(prefix),
    correct_providers: [...list.querySelectorAll('input:checked')].map((x) => x.value) });
  block.drawCorrect();
  $('#tasks').append(block);
}

function addLikert(item) {
  const n = serial++;
  const prefix = `likert-${n}-statement`;
  const dim = h('select', { id: `likert-${n}-dimension`, 'data-testid': `likert-${n}-dimension` },
    DIMENSIONS.map((d) => h('option', { value: d, selected: item && item.dimension === d }, d)));
  const block = h('div', { class: 'repeat-block', 'data-kind': 'likert' },
    h('div', { class: 'block-head' }, h('h3', {}, 'Rating'),
      h('button', { type: 'button', class: 'button button-small button-secondary', onclick: () => block.remove() }, 'Remove')),
    h('div', { class: 'field' }, h('label', { for: `likert-${n}-dimension` }, 'What it measures'), dim),
    textFields(prefix, 'Statement', item && item.statement, 1));
  block.read = (i) => ({ code: `${dim.value}${i + 1}`, dimension: dim.value, statement: readText(prefix) });
  $('#likert').append(block);
}

function addComp(q) {
  const n = serial++;
  const prefix = `comp-${n}-question`;
  const lines = h('textarea', { id: `comp-${n}-choices`, rows: '3', 'data-testid': `comp-${n}-choices` });
  lines.value = q ? q.choices.map((c) => en(c.label)).join('\n') : '';
  const correct = h('select', { id: `comp-${n}-correct`, 'data-testid': `comp-${n}-correct` });
  const drawCorrect = () => {
    const keep = correct.value || (q ? String(q.choices.findIndex((c) => c.code === q.correct)) : '');
    correct.replaceChildren(...lines.value.split('\n').map((l) => l.trim()).filter(Boolean)
      .map((l, i) => h('option', { value: String(i), selected: String(i) === keep }, l)));
  };
  lines.addEventListener('input', drawCorrect);
  drawCorrect();
  const block = h('div', { class: 'repeat-block', 'data-kind': 'comp' },
    h('div', { class: 'block-head' }, h('h3', {}, 'Question'),
      h('button', { type: 'button', class: 'button button-small button-secondary', onclick: () => block.remove() }, 'Remove')),
    textFields(prefix, 'Question', q && q.question, 1),
    h('div', { class: 'field' }, h('label', { for: `comp-${n}-choices` }, 'Choices, one per line (in English)'), lines),
    h('div', { class: 'field' }, h('label', { for: `comp-${n}-correct` }, 'The right answer'), correct));
  block.read = (i) => {
    const choices = lines.value.split('\n').map((l) => l.trim()).filter(Boolean).map((l, j) => ({ code: `c${j + 1}`, label: { en: l } }));
    return { code: `q${i + 1}`, question: readText(prefix), choices, correct: `c${Number(correct.value) + 1}` };
  };
  $('#comp').append(block);
}

// ------------------------------------------------------------------ load/save

function input() {
  const f = form.elements;
  const drafts = chosenDrafts().map((d) => ({ draft_id: d.draft_id, version: d.version }));
  const read = (root) => [...root.children].map((b, i) => b.read(i));
  return {
    title: f.title.value, country: f.country.value.toUpperCase(), drafts,
    groups: GROUPS.filter((g) => picked('group').includes(g.code)),
    attributes: picked('attribute'), breakdowns: picked('breakdown'),
    area_set: f.area_set.value, area_level: Number(f.area_level.value),
    consent: { en: f.consent.value.trim(), th: f.consent_th.value.trim(), my: f.consent_my.value.trim() },
    tasks: read($('#tasks')), likert: read($('#likert')), comprehension: read($('#comp')),
    sections: picked('section').map((sid) => ({ section_id: sid })),
  };
}

function fill(t) {
  const f = form.elements;
  f.title.value = t.title;
  f.country.value = t.country;
  const [a, b] = t.drafts || [];
  if (a) $('#f-draft-a').value = `${a.draft_id}:${a.version}`;
  if (b) $('#f-draft-b').value = `${b.draft_id}:${b.version}`;
  checks($('#f-groups'), 'group', Object.fromEntries(GROUPS.map((g) => [g.code, g.label.en])), t.groups.map((g) => g.code));
  checks($('#f-attributes'), 'attribute', ATTRIBUTES, t.attributes || []);
  checks($('#f-breakdowns'), 'breakdown', BREAKDOWNS, t.breakdowns || []);
  f.area_set.value = t.area_set;
  f.area_level.value = String(t.area_level);
  f.consent.value = (t.consent || {}).en || '';
  f.consent_th.value = (t.consent || {}).th || '';
  f.consent_my.value = (t.consent || {}).my || '';
  $('#tasks').replaceChildren();
  $('#likert').replaceChildren();
  $('#comp').replaceChildren();
  refreshPickers();
  t.tasks.forEach(addTask);
  t.likert.forEach(addLikert);
  t.comprehension.forEach(addComp);
  for (const s of t.sections) {
    const box = form.querySelector(`input[name="section"][value="${CSS.escape(s.section_id)}"]`);
    if (box) box.checked = true;
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(form);
  const body = input();
  try {
    const t = await busy($('#save'), 'Saving…', () => (id ? api('PUT', `/feedback-tests/${encodeURIComponent(id)}`, body) : api('POST', '/feedback-tests', body)));
    location.assign('/feedback/test' + query({ id: t.id, saved: 1 }));
  } catch (err) {
    showProblem(err, pageStatus, form);
  }
});

async function main() {
  const me = await requireUser();
  if (!manager(me)) {
    $('#loading').hidden = true;
    $('#denied').hidden = false;
    return;
  }
  try {
    const [drafts, sets] = await Promise.all([api('GET', '/feedback-drafts'), api('GET', '/region-sets')]);
    frozen = drafts.items || [];
    draftOptions($('#f-draft-a'), false);
    draftOptions($('#f-draft-b'), true);
    $('#f-area-set').replaceChildren(...(sets.items || []).map((s) => h('option', { value: s.name }, `${s.name} (${s.region_count} regions)`)));
    $('#f-draft-a').addEventListener('change', refreshPickers);
    $('#f-draft-b').addEventListener('change', refreshPickers);
    $('#add-task').addEventListener('click', () => addTask());
    $('#add-likert').addEventListener('click', () => addLikert());
    $('#add-comp').addEventListener('click', () => addComp());
    if (id) {
      $('#e-heading').textContent = 'Edit the feedback test';
      fill(await api('GET', `/feedback-tests/${encodeURIComponent(id)}`));
    } else {
      fill({ title: '', country: (me.countries || [])[0] || '', drafts: [], groups: GROUPS, attributes: ['age_band', 'gender'],
        breakdowns: ['draft', 'group'], area_set: (sets.items || [])[0] ? sets.items[0].name : '', area_level: 1, consent: {},
        tasks: [], likert: [], comprehension: [], sections: [] });
      addTask();
    }
    if (!frozen.length) showStatus(pageStatus, 'info', 'No draft is frozen yet. Freeze a draft under Drafts first: a test compares frozen versions only.');
    showContent();
  } catch (err) {
    $('#loading').hidden = true;
    showProblem(err, pageStatus);
  }
}

main();
