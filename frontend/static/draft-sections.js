// Content sections: the list, and an editor for one section's kind,
// country, title and text in English, Thai and Burmese, and the numbers
// shown large. Saving an existing section makes a new version.
import {
  $, h, api, apiFull, busy, clearFieldErrors, clearStatus, formatTime, requireUser, showContent, showProblem, showStatus,
} from './api.js';
import { OUTPUT_LANGUAGES, SECTION_KINDS } from './draft-common.js';

const form = $('#section-form');
const formStatus = $('#form-status');
const LANGS = Object.keys(OUTPUT_LANGUAGES);
let user = null;
let editing = null; // the section being edited, null for a new one
let etag = '';

const canWrite = (u, country) => u.role === 'admin' || (u.role === 'editor' && (!u.countries.length || (country && u.countries.includes(country))));

function textsFields() {
  $('#s-texts').replaceChildren(...LANGS.map((lang) => h('fieldset', { class: 'field lang-texts', lang },
    h('legend', {}, OUTPUT_LANGUAGES[lang]),
    h('p', { class: 'field-error', id: `s-${lang}-error`, hidden: true }),
    h('div', { class: 'field' },
      h('label', { for: `s-title-${lang}` }, 'Title'),
      h('p', { class: 'field-error', id: `s-title-${lang}-error`, hidden: true }),
      h('input', { id: `s-title-${lang}`, name: `texts.${lang}.title`, type: 'text', maxlength: 200, lang, 'data-testid': `s-title-${lang}`,
        'aria-describedby': `s-title-${lang}-error` })),
    h('div', { class: 'field' },
      h('label', { for: `s-body-${lang}` }, 'Text'),
      h('span', { class: 'hint', id: `s-body-${lang}-hint` }, 'A blank line starts a new paragraph; lines starting with “- ” make a list.'),
      h('p', { class: 'field-error', id: `s-body-${lang}-error`, hidden: true }),
      h('textarea', { id: `s-body-${lang}`, name: `texts.${lang}.body`, rows: 9, lang, 'data-testid': `s-body-${lang}`,
        'aria-describedby': `s-body-${lang}-hint s-body-${lang}-error` })))));
}

function numberRow(n = { value: '', labels: {} }) {
  const remove = h('button', { type: 'button', class: 'button button-small button-secondary' }, 'Remove');
  const row = h('li', { class: 'number-row' },
    h('div', { class: 'field' }, h('label', {}, 'Number', h('input', { type: 'tel', class: 'n-value', value: n.value, 'data-testid': 'n-value' }))),
    ...LANGS.map((lang) => h('div', { class: 'field' },
      h('label', {}, `What it is for (${OUTPUT_LANGUAGES[lang]})`,
        h('input', { type: 'text', class: 'n-label', 'data-lang': lang, lang, value: n.labels[lang] || '', 'data-testid': `n-label-${lang}` })))),
    remove);
  remove.addEventListener('click', () => row.remove());
  return row;
}

function readInput() {
  const texts = {};
  for (const lang of LANGS) {
    const title = $(`#s-title-${lang}`).value.trim();
    const body = $(`#s-body-${lang}`).value.trim();
    if (title || body) texts[lang] = { title, body };
  }
  const numbers = [...document.querySelectorAll('.number-row')].map((row) => {
    const labels = {};
    for (const el of row.querySelectorAll('.n-label')) if (el.value.trim()) labels[el.dataset.lang] = el.value.trim();
    return { value: row.querySelector('.n-value').value.trim(), labels };
  }).filter((n) => n.value || Object.keys(n.labels).length);
  return { kind: $('#s-kind').value, country: $('#s-country').value.trim().toUpperCase(), texts, numbers };
}

async function openEditor(sec) {
  editing = sec;
  clearStatus(formStatus);
  clearFieldErrors(form);
  $('#form-title').textContent = sec ? `Edit: ${title(sec)} (version ${sec.version})` : 'New section';
  $('#s-kind').value = sec ? sec.kind : 'how_to_use';
  $('#s-country').value = sec ? sec.country || '' : (user.countries[0] || '');
  for (const lang of LANGS) {
    const t = (sec && sec.texts[lang]) || { title: '', body: '' };
    $(`#s-title-${lang}`).value = t.title;
    $(`#s-body-${lang}`).value = t.body;
  }
  $('#s-numbers').replaceChildren(...((sec && sec.numbers) || []).map(numberRow));
  form.hidden = false;
  $('#history').hidden = !sec;
  if (sec) {
    const res = await apiFull('GET', `/content-sections/${encodeURIComponent(sec.id)}`);
    etag = res.etag;
    const hist = await api('GET', `/content-sections/${encodeURIComponent(sec.id)}/history`);
    $('#history-list').replaceChildren(...(hist.items || []).map((v) =>
      h('li', {}, `Version ${v.version}, ${formatTime(v.updated_at)} by ${v.updated_by || 'someone'}: `, h('strong', {}, title(v)))));
  }
  $('#s-kind').focus();
}

function title(sec) {
  const t = sec.texts.en || Object.values(sec.texts)[0] || { title: '' };
  return t.title;
}

function sectionItem(sec) {
  const edit = h('button', { type: 'button', class: 'button button-small', 'data-testid': 'edit-section' }, canWrite(user, sec.country) ? 'Edit' : 'Read');
  edit.addEventListener('click', () => openEditor(sec).catch((err) => showProblem(err, formStatus)));
  return h('li', { class: 'result', 'data-section': sec.id },
    h('h3', { class: 'result-name' }, title(sec)),
    h('p', { class: 'result-tags' }, h('span', { class: 'tag tag-role' }, SECTION_KINDS[sec.kind] || sec.kind), ' ',
      h('span', { class: 'tag tag-soon' }, sec.country || 'Any country'), ' ',
      ...Object.keys(sec.texts).map((l) => h('span', { class: 'tag tag-soon', lang: l }, OUTPUT_LANGUAGES[l] || l))),
    h('p', { class: 'result-meta' }, `Version ${sec.version}, ${formatTime(sec.updated_at)} by ${sec.updated_by || 'someone'}`),
    h('p', { class: 'result-actions' }, edit));
}

async function loadList() {
  const res = await api('GET', '/content-sections');
  const items = res.items || [];
  $('#sections').replaceChildren(...items.map(sectionItem));
  $('#sections-empty').hidden = items.length > 0;
}

async function main() {
  user = await requireUser();
  $('#s-kind').replaceChildren(...Object.entries(SECTION_KINDS).map(([v, l]) => h('option', { value: v }, l)));
  textsFields();
  try {
    await loadList();
  } catch (err) {
    $('#loading').hidden = true;
    showProblem(err, $('#page-status'));
    return;
  }
  const writer = ['admin', 'editor'].includes(user.role);
  $('#new-section').hidden = !writer;
  $('#save-section').hidden = !writer;
  $('#new-section').addEventListener('click', () => openEditor(null));
  $('#cancel-section').addEventListener('click', () => { form.hidden = true; });
  $('#add-number').addEventListener('click', () => $('#s-numbers').append(numberRow()));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    await busy($('#save-section'), 'Saving…', async () => {
      try {
        const input = readInput();
        const res = editing
          ? await apiFull('PUT', `/content-sections/${encodeURIComponent(editing.id)}`, input, { 'If-Match': etag })
          : await apiFull('POST', '/content-sections', input);
        editing = res.data;
        etag = res.etag;
        showStatus(formStatus, 'success', `Saved as version ${res.data.version}.`);
        $('#form-title').textContent = `Edit: ${title(res.data)} (version ${res.data.version})`;
        await loadList();
      } catch (err) {
        showProblem(err, formStatus, form);
      }
    });
  });
  showContent();
}

main();
