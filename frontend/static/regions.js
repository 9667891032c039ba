// The boundaries page (admins): the boundary sets, importing one level of a
// set from GeoJSON, and population from CSV. Uploads go through
// XMLHttpRequest so a <progress> bar can follow the file going up; then the
// server checks every feature, and the page shows its report.
import {
  $, h, api, ApiError, clearFieldErrors, clearStatus, formatTime, requireAdmin, requireUser, sentence, setFieldError,
  showContent, showProblem, showStatus, upload,
} from './api.js';

const MB = 1024 * 1024;
// The server's default body limit; a larger file is refused before sending.
const LIMIT = 10 * MB;

let sets = [];

// --------------------------------------------------------------------- sets

async function loadSets() {
  const box = $('#sets-status');
  try {
    const res = await api('GET', '/region-sets');
    sets = res.items || [];
    renderSets();
  } catch (err) {
    showProblem(err, box);
  }
}

function levelsText(levels) {
  const keys = Object.keys(levels || {}).sort((a, b) => Number(a) - Number(b));
  return keys.map((k) => `Level ${k}: ${Number(levels[k]).toLocaleString()}`);
}

function renderSets() {
  $('#sets-body').replaceChildren(...sets.map((s) => h(
    'tr',
    { role: 'row', 'data-set': s.name },
    h('td', { role: 'cell', class: 'cell-main', 'data-label': 'Set' }, h('strong', {}, s.name)),
    h('td', { role: 'cell', 'data-label': 'Version' }, String(s.version)),
    h('td', { role: 'cell', 'data-label': 'Regions' }, h('div', {},
      h('span', { class: 'line' }, `${Number(s.region_count).toLocaleString()} in all`),
      levelsText(s.levels).map((t) => h('span', { class: 'line muted nowrap' }, t)))),
    h('td', { role: 'cell', 'data-label': 'Source' }, s.source || '(not given)'),
    h('td', { role: 'cell', 'data-label': 'Imported' }, h('div', {},
      h('span', { class: 'line' }, formatTime(s.created_at)),
      s.created_by ? h('span', { class: 'line muted' }, `by ${s.created_by}`) : null)),
  )));
  $('#sets-table').hidden = sets.length === 0;
  $('#sets-empty').hidden = sets.length > 0;
  $('#set-names').replaceChildren(...sets.map((s) => h('option', { value: s.name })));
  const popSet = $('#pop-set');
  const chosen = popSet.value;
  popSet.replaceChildren(...(sets.length
    ? sets.map((s) => h('option', { value: s.name }, s.name))
    : [h('option', { value: '' }, 'Import boundaries first')]));
  if (chosen && sets.some((s) => s.name === chosen)) popSet.value = chosen;
}

// ----------------------------------------------------------- file previews

function sizeText(bytes) {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * Reads the chosen GeoJSON in the browser to say how many features it has
 * and which properties they carry, and offers those names in the fields.
 */
async function previewGeoJSON() {
  const info = $('#i-file-info');
  const file = $('#i-file').files[0];
  $('#prop-names').replaceChildren();
  info.replaceChildren();
  if (!file) return;
  const head = `${file.name} — ${sizeText(file.size)}`;
  if (file.size > LIMIT) {
    info.replaceChildren(h('p', { class: 'field-error' }, `${head}. This is larger than the 10 MB Haven accepts. Simplify the boundaries or split the file.`));
    return;
  }
  let doc;
  try {
    doc = JSON.parse(await file.text());
  } catch {
    info.replaceChildren(h('p', { class: 'warning-text' }, `${head}. This file is not valid JSON, so it cannot be imported. Is it GeoJSON?`));
    return;
  }
  const features = doc && Array.isArray(doc.features) ? doc.features : null;
  if (!doc || doc.type !== 'FeatureCollection' || !features) {
    info.replaceChildren(h('p', { class: 'warning-text' }, `${head}. This is not a GeoJSON FeatureCollection.`));
    return;
  }
  const props = new Map();
  for (const f of features.slice(0, 200)) {
    for (const [k, v] of Object.entries((f && f.properties) || {})) {
      if (!props.has(k) && v !== null && v !== '') props.set(k, v);
    }
  }
  $('#prop-names').replaceChildren(...[...props.keys()].map((k) => h('option', { value: k })));
  info.replaceChildren(
    h('p', {}, h('strong', {}, head), ` · ${features.length.toLocaleString()} ${features.length === 1 ? 'feature' : 'features'}`),
    props.size
      ? h('p', { class: 'muted' }, 'Properties in the file (with an example): ',
          [...props.entries()].slice(0, 30).flatMap(([k, v], i) => [i ? ', ' : '', h('code', {}, k), ` (${String(v).slice(0, 24)})`]))
      : h('p', { class: 'warning-text' }, 'The features have no properties, so there is no code or name to read.'),
  );
}

async function previewCSV() {
  const info = $('#pop-file-info');
  const file = $('#pop-file').files[0];
  info.replaceChildren();
  $('#csv-columns').replaceChildren();
  if (!file) return;
  const first = (await file.slice(0, 4096).text()).split(/\r?\n/)[0] || '';
  const cols = first.split(',').map((c) => c.trim().replace(/^"|"$/g, '')).filter(Boolean);
  $('#csv-columns').replaceChildren(...cols.map((c) => h('option', { value: c })));
  info.replaceChildren(h('p', { class: 'muted' }, h('strong', {}, `${file.name} — ${sizeText(file.size)}`),
    ...(cols.length ? ['. Columns: ', ...cols.flatMap((c, i) => [i ? ', ' : '', h('code', {}, c)])] : [])));
}

$('#i-file').addEventListener('change', previewGeoJSON);
$('#pop-file').addEventListener('change', previewCSV);

// ---------------------------------------------------------------- progress

/**
 * Follows an upload in a progress box: the share of the file sent, then
 * "Checking …" while the server works. Records the phases it went through
 * in data-phases, for tests and for support.
 */
function tracker(box, bar, phase, checkingText) {
  const phases = [];
  const mark = (p) => {
    if (!phases.includes(p)) phases.push(p);
    box.dataset.phases = phases.join(' ');
  };
  return {
    start() {
      box.hidden = false;
      bar.max = 100;
      bar.value = 0;
      phase.textContent = 'Uploading… 0%';
      box.dataset.phases = '';
      mark('upload');
    },
    progress(loaded, total) {
      if (!total) return;
      const pct = Math.min(100, Math.round((loaded / total) * 100));
      bar.value = pct;
      phase.textContent = `Uploading… ${pct}% (${sizeText(loaded)} of ${sizeText(total)})`;
    },
    sent() {
      bar.removeAttribute('value'); // an indeterminate bar: the server is working
      phase.textContent = checkingText;
      mark('checking');
    },
    done() {
      mark('done');
      box.hidden = true;
    },
  };
}

// ------------------------------------------------------------------- import

const importForm = $('#import-form');
const importStatus = $('#import-status');
const importReport = $('#import-report');

function syncCountry() {
  const mode = importForm.elements.country_mode.value;
  $('#country-one-field').hidden = mode !== 'one';
  $('#country-prop-field').hidden = mode !== 'prop';
}

function syncLevel() {
  $('#parent-field').hidden = importForm.elements.level.value === '1';
}

for (const r of importForm.querySelectorAll('input[name=country_mode]')) r.addEventListener('change', syncCountry);
importForm.elements.level.addEventListener('change', syncLevel);

/** Puts the server's field errors next to their fields; returns those without one. */
function placeFieldErrors(form, fields) {
  const rest = [];
  let first = null;
  for (const f of fields) {
    const el = setFieldError(form, f.field, sentence(f.message));
    if (el && !el.closest('[hidden]')) first = first || el;
    else rest.push(`${f.field}: ${sentence(f.message)}`);
  }
  if (first) first.focus();
  return rest;
}

function problemsTable(rows, columns) {
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'table table-stack problems-table', role: 'table', 'data-testid': 'problems' },
      h('thead', { role: 'rowgroup' }, h('tr', { role: 'row' }, columns.map(([label]) => h('th', { scope: 'col', role: 'columnheader' }, label)))),
      h('tbody', { role: 'rowgroup' }, rows.map((r) => h('tr', { role: 'row' },
        columns.map(([label, get], i) => h('td', { role: 'cell', class: i === columns.length - 1 ? 'cell-wide' : null, 'data-label': label }, get(r))))))));
}

const featureColumns = [
  ['Feature', (p) => h('span', {}, `No. ${p.index + 1}`, h('span', { class: 'muted' }, ` (index ${p.index})`))],
  ['Code', (p) => (p.code ? h('code', {}, p.code) : h('span', { class: 'muted' }, '(none)'))],
  ['Problem', (p) => sentence(p.message)],
];

function showImportReport(rep) {
  const problems = rep.problems || [];
  const all = rep.imported === rep.features;
  const parts = [
    h('h3', {}, all ? 'Imported' : 'Imported, with problems'),
    h('p', { class: 'report-main', 'data-testid': 'import-summary' },
      h('strong', {}, `Imported ${rep.imported.toLocaleString()} of ${rep.features.toLocaleString()} features`),
      ` into set “${rep.set}”, level ${rep.level}. The set is now at version ${rep.version}.`),
  ];
  const notes = [];
  if (rep.fixed_winding) notes.push(`${rep.fixed_winding} ${rep.fixed_winding === 1 ? 'feature had its' : 'features had their'} outline drawn the wrong way round; Haven turned ${rep.fixed_winding === 1 ? 'it' : 'them'}.`);
  if (rep.parents === 'property') notes.push('Each region’s parent was read from the parent code property.');
  if (rep.parents === 'containment') notes.push('Each region’s parent was found from where it lies.');
  notes.push('Locations in this set’s area have been placed in the new regions.');
  parts.push(h('ul', { class: 'plain-list' }, notes.map((n) => h('li', {}, n))));
  if (problems.length) {
    parts.push(h('h4', {}, `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}: these features were left out`));
    parts.push(problemsTable(problems, featureColumns));
  }
  importReport.className = all ? 'report report-ok' : 'report report-warn';
  importReport.replaceChildren(...parts);
  importReport.hidden = false;
  importReport.focus();
}

/** Says in plain words what a JSON parser's message means. */
function gloss(detail) {
  if (/unexpected EOF|ends too early/i.test(detail)) {
    return ' The file ends too early: it may be cut off, for example by an unfinished download. Save or download it again.';
  }
  if (/not valid JSON/i.test(detail)) return ' Open it in a text editor or QGIS to check that it is a GeoJSON file.';
  return '';
}

/**
 * Splits a problem's field errors into per-feature problems (the API names
 * them features[12], with the message "CODE: what is wrong") and the rest.
 */
function featureProblems(fields) {
  const features = [];
  const rest = [];
  for (const f of fields) {
    const m = /^features\[(\d+)\]$/.exec(f.field);
    if (!m) {
      rest.push(f);
      continue;
    }
    let code = '';
    let message = f.message;
    const cut = message.indexOf(': ');
    // A code has no spaces; "not a valid GeoJSON feature: …" is a message.
    if (cut > 0 && !/\s/.test(message.slice(0, cut))) {
      code = message.slice(0, cut);
      message = message.slice(cut + 2);
    }
    features.push({ index: Number(m[1]), code, message });
  }
  return { features, rest };
}

function showImportFailure(err) {
  const p = err.problem || {};
  const split = featureProblems(err.fields);
  const rest = split.rest.length ? placeFieldErrors(importForm, split.rest) : [];
  // The per-feature list: from the field errors, or a report sent with the problem.
  let problems = split.features;
  if (!problems.length && Array.isArray(p.problems)) problems = p.problems;
  const strict = importForm.elements.mode.value === 'strict';
  const parts = [
    h('h3', {}, 'Nothing was imported'),
    h('p', { class: 'report-main', 'data-testid': 'import-error' }, sentence(p.detail || err.message) + gloss(p.detail || '')),
  ];
  if (rest.length) parts.push(h('ul', { class: 'plain-list' }, rest.map((t) => h('li', {}, t))));
  if (split.rest.length && !rest.length) parts.push(h('p', {}, 'Check the fields marked in the form above.'));
  if (problems.length) {
    parts.push(h('h4', {}, `${problems.length} ${problems.length === 1 ? 'problem' : 'problems'} to fix in the file`));
    parts.push(problemsTable(problems, featureColumns));
    if (strict) {
      parts.push(h('p', {}, 'Fix these features and import the file again, or choose ',
        h('strong', {}, 'Import the good features and list the problems'), ' to import the others now.'));
    }
  } else if (strict && /features have problems/.test(p.detail || '')) {
    parts.push(h('p', {}, 'To see which features are wrong, choose ',
      h('strong', {}, 'Import the good features and list the problems'),
      ' and import again: the good features go in, and the report names each bad one by its number and code.'));
  }
  if (err.status === 413) parts.push(h('p', {}, 'The file is larger than Haven accepts. Simplify the boundaries (e.g. with mapshaper) or split the file.'));
  importReport.className = 'report report-error';
  importReport.replaceChildren(...parts);
  importReport.hidden = false;
  importReport.focus();
}

importForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(importForm);
  clearStatus(importStatus);
  importReport.hidden = true;
  const f = importForm.elements;
  const file = f.file.files[0];
  const mode = f.country_mode.value;
  const bad = [];
  if (!file) bad.push(setFieldError(importForm, 'file', 'Choose the GeoJSON file to import.'));
  else if (file.size > LIMIT) bad.push(setFieldError(importForm, 'file', `The file is ${sizeText(file.size)}; Haven accepts up to 10 MB.`));
  if (!f.set.value.trim()) bad.push(setFieldError(importForm, 'set', 'Give the set a name, e.g. th or ne_admin1.'));
  else if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(f.set.value.trim())) {
    bad.push(setFieldError(importForm, 'set', 'Use only letters, digits, “.”, “_” and “-”, starting with a letter or digit.'));
  }
  if (!f.code.value.trim()) bad.push(setFieldError(importForm, 'code', 'Name the property that holds each region’s code.'));
  if (!f.name.value.trim()) bad.push(setFieldError(importForm, 'name', 'Name the property that holds each region’s name.'));
  if (mode === 'one' && !/^[A-Za-z]{2}$/.test(f.country.value.trim())) {
    bad.push(setFieldError(importForm, 'country', 'Type the two-letter country code, e.g. TH, or choose another option.'));
  }
  if (mode === 'prop' && !f.country_prop.value.trim()) {
    bad.push(setFieldError(importForm, 'country_prop', 'Name the property that holds the country code.'));
  }
  if (bad.length) {
    showStatus(importStatus, 'error', 'Check the fields marked below.');
    bad[0].focus();
    return;
  }
  const data = new FormData();
  data.append('file', file);
  data.append('set', f.set.value.trim());
  data.append('level', f.level.value);
  data.append('code', f.code.value.trim());
  data.append('name', f.name.value.trim());
  if (f.level.value !== '1' && f.parent_code.value.trim()) data.append('parent_code', f.parent_code.value.trim());
  if (f.population.value.trim()) data.append('population', f.population.value.trim());
  if (mode === 'one') data.append('country', f.country.value.trim().toUpperCase());
  if (mode === 'prop') data.append('country_prop', f.country_prop.value.trim());
  data.append('mode', f.mode.value);

  const t = tracker($('#import-progress'), $('#import-bar'), $('#import-phase'),
    'Checking features… Large files take a minute. Keep this page open.');
  const button = $('#import-submit');
  button.disabled = true;
  t.start();
  try {
    const rep = await upload('/region-sets/imports', data, { onProgress: t.progress, onSent: t.sent });
    t.done();
    showImportReport(rep);
    await loadSets();
  } catch (err) {
    t.done();
    if (err instanceof ApiError && err.status !== 401 && err.status !== 0) showImportFailure(err);
    else showProblem(err, importStatus);
  } finally {
    button.disabled = false;
  }
});

// --------------------------------------------------------------- population

const popForm = $('#pop-form');
const popStatus = $('#pop-status');
const popReport = $('#pop-report');

const rowColumns = [
  ['Row', (p) => `Line ${p.row}`],
  ['Column', (p) => (p.column ? h('code', {}, p.column) : '')],
  ['Problem', (p) => sentence(p.message)],
];

popForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(popForm);
  clearStatus(popStatus);
  popReport.hidden = true;
  const f = popForm.elements;
  const file = f.file.files[0];
  const bad = [];
  if (!file) bad.push(setFieldError(popForm, 'file', 'Choose the CSV file.'));
  if (!f.set.value) bad.push(setFieldError(popForm, 'set', 'Import boundaries first: population goes with a set.'));
  if (!f.code.value.trim()) bad.push(setFieldError(popForm, 'code', 'Name the column with the region codes.'));
  if (!f.population.value.trim()) bad.push(setFieldError(popForm, 'population', 'Name the column with the population.'));
  if (bad.length) {
    showStatus(popStatus, 'error', 'Check the fields marked below.');
    bad[0].focus();
    return;
  }
  const data = new FormData();
  data.append('file', file);
  data.append('set', f.set.value);
  data.append('code', f.code.value.trim());
  data.append('population', f.population.value.trim());
  data.append('mode', f.mode.value);
  const t = tracker($('#pop-progress'), $('#pop-bar'), $('#pop-phase'), 'Checking rows…');
  const button = $('#pop-submit');
  button.disabled = true;
  t.start();
  try {
    const rep = await upload('/region-sets/population', data, { onProgress: t.progress, onSent: t.sent });
    t.done();
    const problems = rep.problems || [];
    popReport.className = problems.length ? 'report report-warn' : 'report report-ok';
    popReport.replaceChildren(...[
      h('h3', {}, problems.length ? 'Updated, with problems' : 'Updated'),
      h('p', { class: 'report-main' }, h('strong', {}, `Updated the population of ${rep.updated.toLocaleString()} ${rep.updated === 1 ? 'region' : 'regions'}`),
        ` from ${rep.rows.toLocaleString()} ${rep.rows === 1 ? 'row' : 'rows'}, in set “${rep.set}” (version ${rep.version}).`),
      problems.length ? h('h4', {}, `${problems.length} ${problems.length === 1 ? 'row was' : 'rows were'} left out`) : null,
      problems.length ? problemsTable(problems, rowColumns) : null,
    ].filter(Boolean));
    popReport.hidden = false;
    popReport.focus();
  } catch (err) {
    t.done();
    if (!(err instanceof ApiError) || err.status === 401 || err.status === 0) {
      showProblem(err, popStatus);
      return;
    }
    const p = err.problem || {};
    // Row problems come as rows[7].population; the rest name form fields.
    const problems = [];
    const other = [];
    for (const fe of err.fields) {
      const m = /^rows\[(\d+)\]\.?(.*)$/.exec(fe.field);
      if (m) problems.push({ row: Number(m[1]), column: m[2], message: fe.message });
      else other.push(fe);
    }
    if (!problems.length && Array.isArray(p.problems)) problems.push(...p.problems);
    const rest = other.length ? placeFieldErrors(popForm, other) : [];
    popReport.className = 'report report-error';
    popReport.replaceChildren(...[
      h('h3', {}, 'Nothing was changed'),
      h('p', { class: 'report-main' }, sentence(p.detail || err.message)),
      rest.length ? h('ul', { class: 'plain-list' }, rest.map((x) => h('li', {}, x))) : null,
      problems.length ? problemsTable(problems, rowColumns) : null,
      !problems.length && f.mode.value === 'strict' && /row\(s\) have problems/.test(p.detail || '')
        ? h('p', {}, 'To see which rows are wrong, choose “Update the good rows and list the problems” and try again.')
        : null,
    ].filter(Boolean));
    popReport.hidden = false;
    popReport.focus();
  }
});

// -------------------------------------------------------------------- start

async function start() {
  const user = await requireUser();
  if (!requireAdmin(user)) return;
  syncCountry();
  syncLevel();
  showContent();
  await loadSets();
}

start();
