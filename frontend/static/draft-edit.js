// The draft editor: name, countries, audience, language, formats and
// grouping; the rules with a live count and list of what they select;
// providers added or left out by hand; the content sections in order; and
// the frozen versions, with freezing, a new version from an old one, and
// links to each version's booklet, web directory and hotline card.
import {
  $, h, api, apiFull, ApiError, busy, clearFieldErrors, confirmDialog, formatTime, parseCountries, query,
  requireUser, showContent, showProblem, showStatus, clearStatus,
} from './api.js';
import { loadTaxonomy } from './directory-common.js';
import { AUDIENCES, FORMATS, OUTPUT_LANGUAGES, SECTION_KINDS, canEditDraft, outputLinks } from './draft-common.js';

const form = $('#draft-form');
const formStatus = $('#form-status');
const state = {
  user: null,
  draft: null, // as saved
  etag: '',
  include: [],
  exclude: [],
  sections: [],
  allSections: [],
  names: new Map(), // provider ID → name, from previews and searches
  dirty: false,
  previewSeq: 0,
};

const codes = (text) => (text || '').split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean);
const checked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value);
const numberOrNull = (el) => (el.value.trim() === '' ? undefined : Number(el.value));

/** The draft as the form holds it, in the API's shape. */
function readInput() {
  return {
    name: $('#d-name').value.trim(),
    countries: parseCountries($('#d-countries').value),
    audience: (form.querySelector('input[name="audience"]:checked') || {}).value || 'testing',
    settings: {
      language: $('#d-language').value,
      formats: checked('format'),
      grouping: { order: $('#d-order').value, region_set: $('#d-set').value, region_level: Number($('#d-level').value) },
      rules: {
        countries: parseCountries($('#r-countries').value),
        regions: codes($('#r-regions').value).map((c) => c.toUpperCase()),
        services: checked('service'),
        genders: checked('gender'),
        age_from: numberOrNull($('#r-age-from')),
        age_to: numberOrNull($('#r-age-to')),
        legal_statuses: checked('legal'),
        languages: codes($('#r-languages').value).map((c) => c.toLowerCase()),
        verified_only: $('#r-verified').checked,
      },
      include: state.include,
      exclude: state.exclude,
      sections: state.sections,
    },
  };
}

function setChecked(name, values) {
  for (const el of form.querySelectorAll(`input[name="${name}"]`)) el.checked = (values || []).includes(el.value);
}

/** Puts a saved draft into the form. */
function fillForm(d) {
  const s = d.settings;
  $('#d-name').value = d.name;
  $('#d-countries').value = (d.countries || []).join(', ');
  for (const el of form.querySelectorAll('input[name="audience"]')) el.checked = el.value === d.audience;
  $('#d-language').value = s.language;
  setChecked('format', s.formats);
  $('#d-order').value = s.grouping.order;
  $('#d-level').value = String(s.grouping.region_level || 1);
  $('#d-set').value = s.grouping.region_set || '';
  const r = s.rules;
  $('#r-countries').value = (r.countries || []).join(', ');
  $('#r-regions').value = (r.regions || []).join(', ');
  setChecked('service', r.services);
  setChecked('gender', r.genders);
  setChecked('legal', r.legal_statuses);
  $('#r-age-from').value = r.age_from ?? '';
  $('#r-age-to').value = r.age_to ?? '';
  $('#r-languages').value = (r.languages || []).join(', ');
  $('#r-verified').checked = !!r.verified_only;
  state.include = [...(s.include || [])];
  state.exclude = [...(s.exclude || [])];
  state.sections = [...(s.sections || [])];
  $('#edit-title').textContent = d.name;
  document.title = `${d.name} · Haven`;
}

// ------------------------------------------------------------ preview

function tag(text, cls = 'tag-soon') {
  return h('span', { class: `tag ${cls}` }, text);
}

function previewItem(e) {
  state.names.set(e.id, e.name);
  const leaveOut = h('button', { type: 'button', class: 'button button-small button-secondary', 'data-testid': 'leave-out',
    'aria-label': `${e.included ? 'Remove' : 'Leave out'} ${e.name}` }, e.included ? 'Remove' : 'Leave out');
  leaveOut.addEventListener('click', () => {
    state.include = state.include.filter((id) => id !== e.id);
    if (!e.included) state.exclude = [...state.exclude, e.id];
    changed();
  });
  return h('li', { class: 'preview-item', 'data-provider': e.id },
    h('span', { class: 'preview-name' }, h('a', { href: '/directory/provider' + query({ id: e.id }), target: '_blank', rel: 'noopener' }, e.name)),
    h('span', { class: 'preview-tags' },
      e.regions.length ? tag(e.regions.join(', ')) : tag(e.country),
      e.included ? tag('Added by hand', 'tag-role') : null,
      e.place_withheld ? tag('Address not shown') : null,
      e.verification !== 'verified' ? tag('Not verified', 'tag-off') : null,
      e.status === 'temporarily closed' ? tag('Temporarily closed', 'tag-off') : null),
    state.readOnly ? null : leaveOut);
}

function excludedItem(id) {
  const back = h('button', { type: 'button', class: 'button button-small button-secondary' }, 'Put back');
  back.addEventListener('click', () => {
    state.exclude = state.exclude.filter((x) => x !== id);
    changed();
  });
  return h('li', { class: 'preview-item' }, h('span', { class: 'preview-name' }, state.names.get(id) || id), state.readOnly ? null : back);
}

let previewTimer = 0;
function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(preview, 350);
}

async function preview() {
  const seq = ++state.previewSeq;
  const input = readInput();
  const count = $('#preview-count');
  try {
    const p = await api('POST', '/drafts/preview', { countries: input.countries, settings: input.settings });
    if (seq !== state.previewSeq) return;
    count.textContent = p.count === 1 ? '1 provider is in the draft.' : `${p.count} providers are in the draft.`;
    count.dataset.count = String(p.count);
    $('#preview-list').replaceChildren(...p.entries.map(previewItem));
    const missing = $('#preview-missing');
    missing.hidden = p.missing_includes.length === 0;
    missing.textContent = p.missing_includes.length
      ? `Added by hand but not available to readers (deleted, or confidential everywhere): ${p.missing_includes.map((id) => state.names.get(id) || id).join(', ')}. Remove them before freezing.`
      : '';
  } catch (err) {
    if (seq !== state.previewSeq) return;
    delete count.dataset.count;
    if (err instanceof ApiError && err.status === 400) {
      count.textContent = 'Check the rules: ' + (err.fields.map((f) => `${f.field} ${f.message}`).join('; ') || err.message);
    } else {
      count.textContent = 'The count could not be worked out. ' + err.message;
    }
  }
  $('#excluded-box').hidden = state.exclude.length === 0;
  $('#excluded-list').replaceChildren(...state.exclude.map(excludedItem));
}

// -------------------------------------------------------- include search

let searchTimer = 0;
async function searchInclude() {
  const q = $('#include-q').value.trim();
  const out = $('#include-results');
  if (q.length < 2) {
    out.replaceChildren();
    return;
  }
  try {
    const res = await api('GET', '/providers' + query({ q, limit: 8 }));
    out.replaceChildren(...(res.items || []).map((p) => {
      state.names.set(p.id, p.name);
      const add = h('button', { type: 'button', class: 'button button-small', 'data-testid': 'include-add', 'aria-label': `Add ${p.name}` }, 'Add');
      add.addEventListener('click', () => {
        if (!state.include.includes(p.id)) state.include = [...state.include, p.id];
        state.exclude = state.exclude.filter((x) => x !== p.id);
        $('#include-q').value = '';
        out.replaceChildren();
        changed();
      });
      return h('li', { class: 'preview-item' }, h('span', { class: 'preview-name' }, p.name), tag(p.country), add);
    }));
  } catch (err) {
    showProblem(err, formStatus);
  }
}

// ------------------------------------------------------------- sections

function sectionTitle(sec) {
  const t = sec.texts.en || Object.values(sec.texts)[0] || { title: '' };
  return t.title;
}

function sectionLabel(sec) {
  const langs = Object.keys(sec.texts).map((l) => OUTPUT_LANGUAGES[l] || l).join(', ');
  return `${SECTION_KINDS[sec.kind] || sec.kind}${sec.country ? ` (${sec.country})` : ''} · ${langs}`;
}

function renderSections() {
  const byID = new Map(state.allSections.map((s) => [s.id, s]));
  const chosen = state.sections.map((id, i) => {
    const sec = byID.get(id);
    const move = (delta) => {
      const next = [...state.sections];
      [next[i], next[i + delta]] = [next[i + delta], next[i]];
      state.sections = next;
      changed();
    };
    const buttons = state.readOnly ? [] : [
      h('button', { type: 'button', class: 'button button-small button-secondary', disabled: i === 0, 'aria-label': 'Move up' }, '↑'),
      h('button', { type: 'button', class: 'button button-small button-secondary', disabled: i === state.sections.length - 1, 'aria-label': 'Move down' }, '↓'),
      h('button', { type: 'button', class: 'button button-small button-secondary', 'data-testid': 'section-remove' }, 'Remove'),
    ];
    if (buttons.length) {
      buttons[0].addEventListener('click', () => move(-1));
      buttons[1].addEventListener('click', () => move(1));
      buttons[2].addEventListener('click', () => {
        state.sections = state.sections.filter((x) => x !== id);
        changed();
      });
    }
    return h('li', { class: 'section-pick', 'data-section': id },
      h('span', { class: 'section-pick-title' }, sec ? sectionTitle(sec) : id, h('span', { class: 'muted' }, sec ? ' — ' + sectionLabel(sec) : '')),
      h('span', { class: 'section-pick-actions' }, ...buttons));
  });
  $('#chosen-sections').replaceChildren(...chosen);
  $('#chosen-empty').hidden = chosen.length > 0;
  const countries = parseCountries($('#d-countries').value);
  const available = state.allSections.filter((s) => !state.sections.includes(s.id) && (!s.country || countries.includes(s.country)));
  $('#available-sections').replaceChildren(...available.map((sec) => {
    const add = h('button', { type: 'button', class: 'button button-small', 'data-testid': 'section-add', 'aria-label': `Add ${sectionTitle(sec)}` }, 'Add');
    add.addEventListener('click', () => {
      state.sections = [...state.sections, sec.id];
      changed();
    });
    return h('li', { class: 'section-pick', 'data-section': sec.id },
      h('span', { class: 'section-pick-title' }, sectionTitle(sec), h('span', { class: 'muted' }, ' — ' + sectionLabel(sec))),
      state.readOnly ? null : add);
  }));
}

// -------------------------------------------------------- save, freeze

function changed() {
  state.dirty = true;
  $('#save-note').textContent = 'Not saved yet.';
  renderSections();
  schedulePreview();
}

async function save() {
  clearStatus(formStatus);
  clearFieldErrors(form);
  const input = readInput();
  const id = state.draft && state.draft.id;
  const res = id
    ? await apiFull('PUT', `/drafts/${encodeURIComponent(id)}`, input, { 'If-Match': state.etag })
    : await apiFull('POST', '/drafts', input);
  state.draft = res.data;
  state.etag = res.etag;
  state.dirty = false;
  $('#save-note').textContent = `Saved at ${formatTime(res.data.updated_at)}.`;
  $('#edit-title').textContent = res.data.name;
  if (!id) history.replaceState(null, '', '/drafts/edit' + query({ id: res.data.id }));
  $('#versions-panel').hidden = false;
}

function versionItem(v) {
  const again = h('button', { type: 'button', class: 'button button-small button-secondary', 'data-testid': 'new-version',
    'aria-label': `New version from version ${v.number}` }, 'New version from this one');
  again.addEventListener('click', async () => {
    const ok = await confirmDialog({ title: `Start again from version ${v.number}?`,
      message: 'The draft’s rules, providers added or left out, texts and name become those of this version. Unsaved changes are lost. Frozen versions do not change.',
      confirm: 'Start from this version' });
    if (!ok) return;
    try {
      const res = await apiFull('POST', `/drafts/${encodeURIComponent(v.draft_id)}/versions/${v.number}/new-version`);
      state.draft = res.data;
      state.etag = res.etag;
      fillForm(res.data);
      state.dirty = false;
      $('#save-note').textContent = `Working copy taken from version ${v.number}.`;
      renderSections();
      schedulePreview();
    } catch (err) {
      showProblem(err, $('#freeze-status'));
    }
  });
  return h('li', { class: 'result version-item', 'data-version': String(v.number) },
    h('h3', { class: 'result-name' }, `Version ${v.number}`, ' ',
      h('span', { class: `tag ${v.audience === 'public' ? 'tag-on' : 'tag-role'}` }, AUDIENCES[v.audience] || v.audience)),
    h('p', { class: 'result-meta' }, `Frozen ${formatTime(v.frozen_at)} by ${v.frozen_by || 'someone'} · ${v.entry_count} providers · ${v.section_count} texts`),
    v.note ? h('p', { class: 'muted' }, v.note) : null,
    h('p', { class: 'result-actions' }, outputLinks(v.draft_id, v.number, v.audience), state.readOnly ? null : again));
}

async function loadVersions() {
  if (!state.draft) return;
  const res = await api('GET', `/drafts/${encodeURIComponent(state.draft.id)}/versions`);
  const items = res.items || [];
  $('#versions').replaceChildren(...items.map(versionItem));
  $('#versions-empty').hidden = items.length > 0;
}

async function freeze(event) {
  event.preventDefault();
  const box = $('#freeze-status');
  await busy($('#freeze'), 'Freezing…', async () => {
    try {
      if (state.dirty || !state.draft) await save();
      const note = $('#freeze-note').value.trim();
      const v = await api('POST', `/drafts/${encodeURIComponent(state.draft.id)}/versions`, note ? { note } : {});
      $('#freeze-note').value = '';
      showStatus(box, 'success', `Version ${v.number} is frozen with ${v.entry_count} providers. It will not change.`);
      await loadVersions();
    } catch (err) {
      showProblem(err, box, form);
    }
  });
}

// ---------------------------------------------------------------- setup

async function fillChoices(tax) {
  $('#d-language').replaceChildren(...Object.entries(OUTPUT_LANGUAGES).map(([v, l]) => h('option', { value: v }, l)));
  $('#d-formats').replaceChildren(...Object.entries(FORMATS).map(([v, l]) =>
    h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'format', value: v, checked: true }), ' ', h('span', {}, l))));
  const top = tax.terms.filter((t) => !t.parent_code);
  $('#r-services').replaceChildren(...top.map((t) =>
    h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'service', value: t.code, 'data-testid': 'service-' + t.code }), ' ', h('span', {}, t.name))));
  try {
    const sets = await api('GET', '/region-sets');
    for (const s of sets.items || []) $('#d-set').append(h('option', { value: s.name }, s.name));
    state.regions = [];
    for (let cursor = '', page = 0; page < 10; page++) {
      const res = await api('GET', '/regions' + query({ level: 1, limit: 500, cursor }));
      state.regions.push(...(res.items || []));
      if (!res.next) break;
      cursor = res.next;
    }
  } catch {
    state.regions = [];
  }
}

function fillRegionPick() {
  const countries = parseCountries($('#d-countries').value);
  const options = (state.regions || [])
    .filter((r) => !countries.length || countries.includes(r.country))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => h('option', { value: r.code }, `${r.name} (${r.code}, ${r.set})`));
  $('#r-region-pick').replaceChildren(h('option', { value: '' }, 'Add an area…'), ...options);
}

async function main() {
  const user = await requireUser();
  state.user = user;
  const id = new URLSearchParams(location.search).get('id');
  try {
    const tax = await loadTaxonomy();
    await fillChoices(tax);
    const secs = await api('GET', '/content-sections');
    state.allSections = secs.items || [];
    if (id) {
      const res = await apiFull('GET', `/drafts/${encodeURIComponent(id)}`);
      state.draft = res.data;
      state.etag = res.etag;
      fillForm(res.data);
      $('#versions-panel').hidden = false;
      await loadVersions();
    } else {
      $('#d-countries').value = (user.countries || []).join(', ');
    }
  } catch (err) {
    $('#loading').hidden = true;
    showProblem(err, $('#page-status'));
    return;
  }
  state.readOnly = !(state.draft ? canEditDraft(user, state.draft) : ['admin', 'editor'].includes(user.role));
  if (state.readOnly) {
    for (const el of form.elements) el.disabled = true;
    $('#read-only').hidden = false;
    $('#save').hidden = true;
    $('#freeze-form').hidden = true;
    $('#include-q').closest('.field').hidden = true;
  }
  fillRegionPick();
  renderSections();
  form.addEventListener('input', (e) => {
    if (e.target.id === 'include-q') return;
    if (e.target.id === 'd-countries') fillRegionPick();
    changed();
  });
  form.addEventListener('change', (e) => {
    if (e.target.id === 'r-region-pick' && e.target.value) {
      const now = codes($('#r-regions').value);
      if (!now.includes(e.target.value)) $('#r-regions').value = [...now, e.target.value].join(', ');
      e.target.value = '';
      changed();
    }
  });
  $('#include-q').addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(searchInclude, 300);
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    await busy($('#save'), 'Saving…', async () => {
      try {
        await save();
        await loadVersions();
      } catch (err) {
        showProblem(err, formStatus, form);
      }
    });
  });
  $('#freeze-form').addEventListener('submit', freeze);
  window.addEventListener('beforeunload', (e) => {
    if (state.dirty && !state.readOnly) e.preventDefault();
  });
  showContent();
  preview();
}

main();
