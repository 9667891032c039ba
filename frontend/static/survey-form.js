// The web form: /surveys/fill?survey=<id or form id>. It builds the form
// from the survey's definition, checks answers as the person types with the
// rules the server applies (xpath.js is a port of the server's evaluator,
// and check() below follows surveys.Definition.CheckAnswers step by step),
// keeps the draft in localStorage, and sends through an outbox that retries
// until the server confirms, so a dropped connection loses nothing. A form
// is sent with one instance ID, made once, so a retry is never a second
// submission. A service worker (sw.js) keeps the page, its scripts and the
// survey's definition, so the form also reloads without a network.
import {
  ApiError, api, h, $, requireUser, setCsrf, showContent, showStatus, clearStatus, showProblem, formatTime,
} from './api.js';
import { compile, node, nowOf } from './xpath.js';

const DRAFT_PREFIX = 'haven.survey-draft.';
const OFFLINE_CACHE = 'haven-form-v1'; // the service worker's cache (sw.js)
const OUTBOX_KEY = 'haven.survey-outbox';
const LONG_LIST = 8; // a select_one with more choices is a drop-down

const params = new URLSearchParams(location.search);
const surveyKey = params.get('survey') || '';

let user = null;
let survey = null; // GET /surveys/{id}: survey, version, definition
let def = null;
let lang = '';
let draft = null; // {instanceId, surveyId, version, answers, lang, start, savedAt}
let touched = new Set(); // fields the person has left or typed in
let showAll = false; // after a Send, every problem shows
let serverErrors = {}; // field → message from a 400
let controls = []; // rendered questions, in document order

// ---------------------------------------------------------------- storage

function store(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false; // full or forbidden: the page says the answers are not kept
  }
}

function load(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null');
  } catch {
    return null;
  }
}

// Drafts and queued forms belong to the person who filled them in: on a
// shared phone, the next person to log in neither sees nor sends them.
const draftKey = (surveyId = survey.id, userId = user.id) => `${DRAFT_PREFIX}${userId}.${surveyId}`;
const allOutbox = () => load(OUTBOX_KEY) || [];
const outbox = () => allOutbox().filter((o) => o.userId === user.id);

function saveDraft() {
  draft.savedAt = new Date().toISOString();
  draft.lang = lang;
  const ok = store(draftKey(), draft);
  const saved = $('#sf-saved');
  saved.textContent = ok ? 'Saved on this phone' : 'Could not save on this phone: storage is full';
}

// ----------------------------------------------------------------- texts

/** A Text in the chosen language, as surveys.Text.Get picks it. */
function tr(text, language = lang) {
  if (!text) return '';
  if (text[language]) return text[language];
  if (text['']) return text[''];
  for (const k of Object.keys(text).sort()) if (text[k]) return text[k];
  return '';
}

function languageName(key) {
  return key || 'Default';
}

// ------------------------------------------------------------ expressions

const compiled = new Map();
function expr(src) {
  if (!compiled.has(src)) {
    try {
      compiled.set(src, { e: compile(src) });
    } catch (err) {
      compiled.set(src, { err });
    }
  }
  return compiled.get(src);
}

/**
 * Evaluates src as the server does: names resolve in the current repeat
 * instance (scope) first, then the root; a name not answered yet is "".
 * A rule that cannot be read counts as met (the server reports it as a
 * problem of the form, not of the answer).
 */
function evaluate(src, scope, root, current, asBool = true) {
  const c = expr(src);
  if (c.err) return asBool ? true : '';
  const ctx = {
    current: node(current || ''),
    ref: (name) => node(typeof scope[name] === 'string' ? scope[name] : typeof root[name] === 'string' ? root[name] : ''),
    path: (p) => {
      const steps = p.replace(/^\/+|\/+$/g, '').split('/');
      return ctx.ref(steps[steps.length - 1]);
    },
    now: nowOf(),
  };
  try {
    return asBool ? c.e.evalBool(ctx) : c.e.eval(ctx).string();
  } catch {
    return asBool ? true : '';
  }
}

// ------------------------------------------------------------ type checks

function typeProblem(q, value) {
  switch (q.type) {
    case 'integer':
      if (!/^[+-]?[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) return 'Write a whole number, such as 12.';
      break;
    case 'decimal':
      if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(value) || !Number.isFinite(Number(value))) return 'Write a number, such as 2.5.';
      break;
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value + 'T00:00:00Z')) || new Date(value + 'T00:00:00Z').toISOString().slice(0, 10) !== value) return 'Write a date as YYYY-MM-DD.';
      break;
    case 'geopoint':
      return geopointProblem(value);
    case 'select_one':
      if (!hasChoice(q, value)) return `“${value}” is not one of the choices.`;
      break;
    case 'select_multiple': {
      const seen = new Set();
      for (const v of value.split(/\s+/).filter(Boolean)) {
        if (!hasChoice(q, v)) return `“${v}” is not one of the choices.`;
        if (seen.has(v)) return `“${v}” is chosen twice.`;
        seen.add(v);
      }
      break;
    }
  }
  return '';
}

function hasChoice(q, name) {
  if (q.or_other && name === 'other') return true;
  return ((def.choice_lists || {})[q.list_name] || []).some((c) => c.name === name);
}

const POSITION_EXAMPLE = 'Write latitude and longitude, such as 16.7167 98.5667.';

function geopointProblem(value) {
  const parts = value.split(/\s+/).filter(Boolean);
  if (parts.length < 2 || parts.length > 4) return POSITION_EXAMPLE;
  const nums = parts.map((p) => (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(p) ? Number(p) : NaN));
  if (nums.some((n) => !Number.isFinite(n))) return POSITION_EXAMPLE;
  if (nums[0] < -90 || nums[0] > 90) return 'Latitude must be from -90 to 90.';
  if (nums[1] < -180 || nums[1] > 180) return 'Longitude must be from -180 to 180.';
  if (nums.length === 4 && nums[3] < 0) return 'Accuracy must not be negative.';
  return '';
}

/** "13.75, 100.50" or "13.75 100.50" → "13.75 100.50"; anything else as typed. */
function normalisePoint(text) {
  const t = text.trim().replace(/\s*[,;]\s*/g, ' ');
  return t.split(/\s+/).filter(Boolean).join(' ');
}

// ------------------------------------------------------------- the check

/**
 * Checks the answers as surveys.Definition.CheckAnswers does, in document
 * order: relevance, required, type, constraint; calculations are worked
 * out on the way. Returns {answers (to send), errors (field → message),
 * relevant (field → bool)}.
 */
function check() {
  const root = {};
  const errors = {};
  const relevant = {};
  const scopeOf = (qs, input, out, prefix, rel) => {
    for (const q of qs) {
      const field = prefix + q.name;
      const isRel = rel && (!q.relevant || evaluate(q.relevant, out, root, ''));
      relevant[field] = isRel;
      if (q.type === 'group') {
        scopeOf(q.children || [], input, out, prefix, isRel);
      } else if (q.type === 'repeat') {
        const items = Array.isArray(input[q.name]) ? input[q.name] : [];
        if (!isRel) continue;
        const list = items.map((item, n) => {
          const inst = {};
          scopeOf(q.children || [], item, inst, `${field}[${n}].`, true);
          return inst;
        });
        if (list.length) out[q.name] = list;
      } else if (q.type !== 'note') {
        if (q.type === 'calculate' && q.calculation) {
          input[q.name] = isRel ? evaluate(q.calculation, out, root, input[q.name] || '', false) : '';
        }
        if (!isRel) continue;
        const value = String(input[q.name] ?? '').trim();
        if (q.or_other && String(input[q.name + '_other'] ?? '').trim() !== '' && value.split(/\s+/).includes('other')) {
          out[q.name + '_other'] = String(input[q.name + '_other']).trim();
        }
        if (value === '') {
          if (q.required && !q.calculation) errors[field] = tr(q.required_message) || 'Answer this question.';
          continue;
        }
        const problem = typeProblem(q, value);
        if (problem) {
          errors[field] = problem;
          continue;
        }
        out[q.name] = value;
        if (q.constraint && !evaluate(q.constraint, out, root, value)) {
          errors[field] = tr(q.constraint_message) || `This answer does not meet the rule ${q.constraint}.`;
          delete out[q.name];
        }
      }
    }
  };
  scopeOf(def.questions || [], draft.answers, root, '', true);
  return { answers: root, errors, relevant };
}

/** Clears answers to questions that stopped applying, as ODK does. */
function clearIrrelevant(qs, input, prefix, relevant) {
  let changed = false;
  for (const q of qs) {
    const field = prefix + q.name;
    const rel = relevant[field] !== false;
    if (q.type === 'group') {
      if (clearIrrelevant(q.children || [], input, prefix, rel ? relevant : allFalse)) changed = true;
    } else if (q.type === 'repeat') {
      (Array.isArray(input[q.name]) ? input[q.name] : []).forEach((item, n) => {
        if (clearIrrelevant(q.children || [], item, `${field}[${n}].`, rel ? relevant : allFalse)) changed = true;
      });
    } else if (!rel && q.type !== 'note' && q.type !== 'calculate' && input[q.name] !== undefined && input[q.name] !== '') {
      input[q.name] = '';
      changed = true;
    }
  }
  return changed;
}
const allFalse = new Proxy({}, { get: () => false });

// ------------------------------------------------------------- rendering

let idSeq = 0;
const idFor = (field) => 'q-' + field.replace(/[^A-Za-z0-9_-]/g, '-') + '-' + ++idSeq;

function defaultsFor(qs, into) {
  for (const q of qs) {
    if (q.type === 'group') defaultsFor(q.children || [], into);
    else if (q.type === 'repeat') into[q.name] = q.repeat_count ? [] : [defaultsFor(q.children || [], {})];
    else if (q.default && q.type !== 'calculate') into[q.name] = q.default;
  }
  return into;
}

function render() {
  idSeq = 0;
  controls = [];
  const box = $('#sf-questions');
  box.replaceChildren(...renderList(def.questions || [], draft.answers, ''));
  refresh();
}

function renderList(qs, scope, prefix) {
  return qs.map((q) => renderQuestion(q, scope, prefix)).filter(Boolean);
}

function labelOf(q) {
  return tr(q.label) || q.name;
}

function requiredMark(q) {
  return q.required ? [' ', h('span', { class: 'req-mark', 'aria-hidden': 'true' }, '*'), h('span', { class: 'visually-hidden' }, '(required)')] : [];
}

function renderQuestion(q, scope, prefix) {
  const field = prefix + q.name;
  if (q.type === 'group') {
    const fs = h('fieldset', { class: 'sf-group', dataset: { field } },
      h('legend', { class: 'sf-group-title' }, labelOf(q)),
      q.hint ? h('p', { class: 'hint' }, tr(q.hint)) : null,
      ...renderList(q.children || [], scope, prefix));
    controls.push({ q, field, wrap: fs, section: true });
    return fs;
  }
  if (q.type === 'repeat') return renderRepeat(q, scope, prefix);
  if (['start', 'end', 'today', 'calculate'].includes(q.type) || (q.type && q.type.includes('id')) ||
      ['phonenumber', 'username', 'email', 'uri:phonenumber', 'uri:username', 'uri:email'].includes(q.type)) {
    return null; // filled in by the page, never shown
  }
  const id = idFor(field);
  const errId = id + '-error';
  const hintId = id + '-hint';
  const wrap = h('div', { class: 'field sf-field', dataset: { field, type: q.type } });
  const hint = tr(q.hint);
  const describedBy = [hint ? hintId : '', errId].filter(Boolean).join(' ');
  const errorEl = h('p', { class: 'field-error', id: errId, hidden: true, 'data-testid': 'error-' + field });
  const set = (value) => {
    scope[q.name] = value;
    serverErrors[field] = undefined;
    changed(field);
  };
  const isChoice = q.type === 'select_one' || q.type === 'select_multiple' || q.type === 'acknowledge';
  const choices = isChoice ? choicesOf(q, scope) : [];
  const asRadios = q.type === 'select_multiple' || q.type === 'acknowledge' ||
    (q.type === 'select_one' && choices.length <= LONG_LIST && !/minimal/.test(q.appearance || ''));
  const title = asRadios ? h('legend', {}, labelOf(q), ...requiredMark(q)) : h('label', { for: id }, labelOf(q), ...requiredMark(q));
  const container = asRadios ? h('fieldset', { class: 'sf-field', dataset: { field, type: q.type }, 'aria-describedby': describedBy }) : wrap;
  container.append(title);
  if (hint) container.append(h('span', { class: 'hint', id: hintId }, hint));
  container.append(errorEl);
  const value = String(scope[q.name] ?? '');

  if (q.type === 'note') {
    const noteBox = h('div', { class: 'sf-note', dataset: { field } }, h('p', {}, labelOf(q)), hint ? h('p', { class: 'hint' }, hint) : null);
    controls.push({ q, field, wrap: noteBox, section: true });
    return noteBox;
  }
  if (asRadios) {
    const list = h('div', { class: 'choices choices-stack sf-choices' });
    if (q.type === 'acknowledge') {
      list.append(h('label', { class: 'choice' },
        h('input', { type: 'checkbox', name: field, value: 'OK', checked: value === 'OK', 'data-testid': 'input-' + field,
          onchange: (e) => set(e.target.checked ? 'OK' : '') }),
        h('span', {}, 'OK')));
    } else {
      const multi = q.type === 'select_multiple';
      for (const c of choices) {
        const chosen = multi ? value.split(/\s+/).includes(c.name) : value === c.name;
        list.append(h('label', { class: 'choice' },
          h('input', { type: multi ? 'checkbox' : 'radio', name: field, value: c.name, checked: chosen, 'data-testid': `input-${field}-${c.name}`,
            onchange: () => {
              if (multi) set([...list.querySelectorAll('input:checked')].map((i) => i.value).join(' '));
              else set(c.name);
            } }),
          h('span', {}, c.label)));
      }
      if (!multi && !q.required) {
        list.append(h('button', { type: 'button', class: 'button-link sf-clear', onclick: () => {
          for (const i of list.querySelectorAll('input')) i.checked = false;
          set('');
        } }, 'Clear the answer'));
      }
    }
    container.append(list);
  } else if (q.type === 'select_one') {
    const sel = h('select', { id, name: field, 'aria-describedby': describedBy, 'data-testid': 'input-' + field,
      onchange: (e) => set(e.target.value) },
    h('option', { value: '' }, '— Choose —'),
    ...choices.map((c) => h('option', { value: c.name, selected: value === c.name }, c.label)));
    container.append(sel);
  } else if (q.type === 'geopoint') {
    container.append(renderGeopoint(q, field, id, describedBy, value, set));
  } else {
    const multiline = /multiline/.test(q.appearance || '');
    const attrs = { id, name: field, 'aria-describedby': describedBy, 'data-testid': 'input-' + field, autocomplete: 'off',
      oninput: (e) => set(e.target.value), onblur: () => leave(field) };
    let input;
    if (q.type === 'integer') input = h('input', { ...attrs, type: 'text', inputmode: 'numeric', value });
    else if (q.type === 'decimal') input = h('input', { ...attrs, type: 'text', inputmode: 'decimal', value });
    else if (q.type === 'date') input = h('input', { ...attrs, type: 'date', value });
    else if (q.type === 'time') input = h('input', { ...attrs, type: 'time', value });
    else if (q.type === 'datetime') input = h('input', { ...attrs, type: 'datetime-local', value });
    else if (['image', 'audio', 'video'].includes(q.type)) {
      container.append(h('p', { class: 'hint sf-unsupported' }, 'Photos, sound and video are taken in the ODK Collect app; this web form cannot add them.'));
      controls.push({ q, field, wrap: container, errorEl });
      return container;
    } else if (multiline) input = h('textarea', { ...attrs, rows: 3 }, value);
    else {
      const numbers = /numbers/.test(q.appearance || '');
      input = h('input', { ...attrs, type: numbers ? 'tel' : 'text', inputmode: numbers ? 'tel' : undefined, value });
    }
    if (q.read_only) input.setAttribute('readonly', '');
    container.append(input);
  }
  if (q.or_other) {
    const oid = idFor(field + '_other');
    const other = h('div', { class: 'field sf-other', dataset: { field: prefix + q.name + '_other' } },
      h('label', { for: oid }, 'Other: say what'),
      h('input', { id: oid, type: 'text', name: prefix + q.name + '_other', value: scope[q.name + '_other'] || '',
        oninput: (e) => {
          scope[q.name + '_other'] = e.target.value;
          changed(field);
        } }));
    container.append(other);
  }
  if (asRadios) container.addEventListener('focusout', (e) => {
    if (!container.contains(e.relatedTarget)) leave(field);
  });
  controls.push({ q, field, wrap: container, errorEl, scope });
  return container;
}

function choicesOf(q, scope) {
  let list = (def.choice_lists || {})[q.list_name] || [];
  if (q.choice_filter) {
    const f = expr(q.choice_filter);
    if (!f.err) {
      list = list.filter((c) => {
        const col = (name) => node(name === 'name' ? c.name : (c.extra || {})[name] ?? '');
        try {
          return f.e.evalBool({
            current: node(''),
            ref: (name) => node(typeof scope[name] === 'string' ? scope[name] : draft.answers[name] ?? ''),
            path: (p) => col(p.split('/').pop()),
            now: nowOf(),
          });
        } catch {
          return true;
        }
      });
    }
  }
  const out = list.map((c) => ({ name: c.name, label: tr(c.label) || c.name }));
  if (q.or_other) out.push({ name: 'other', label: 'Other' });
  return out;
}

function renderRepeat(q, scope, prefix) {
  const field = prefix + q.name;
  if (!Array.isArray(scope[q.name])) scope[q.name] = [];
  const items = scope[q.name];
  const fixed = !!q.repeat_count;
  const title = labelOf(q);
  const fs = h('fieldset', { class: 'sf-repeat', dataset: { field } }, h('legend', { class: 'sf-group-title' }, title));
  if (q.hint) fs.append(h('p', { class: 'hint' }, tr(q.hint)));
  items.forEach((item, n) => {
    const inst = h('section', { class: 'sf-instance', 'aria-label': `${title} ${n + 1}`, 'data-testid': `instance-${field}-${n}` },
      h('h3', { class: 'sf-instance-title' }, `${title} ${n + 1}`),
      ...renderList(q.children || [], item, `${field}[${n}].`));
    if (!fixed) {
      inst.append(h('button', { type: 'button', class: 'button button-secondary sf-remove', 'data-testid': `remove-${field}-${n}`,
        onclick: () => {
          if (!window.confirm(`Remove ${title} ${n + 1} and its answers?`)) return;
          items.splice(n, 1);
          saveDraft();
          render();
        } }, `Remove ${title} ${n + 1}`));
    }
    fs.append(inst);
  });
  if (!fixed) {
    fs.append(h('button', { type: 'button', class: 'button button-secondary sf-add', 'data-testid': `add-${field}`,
      onclick: () => {
        items.push(defaultsFor(q.children || [], {}));
        saveDraft();
        render();
        const last = fs.isConnected ? null : $(`[data-testid="instance-${field}-${items.length - 1}"] input, [data-testid="instance-${field}-${items.length - 1}"] select`);
        if (last) last.focus();
      } }, items.length ? `Add another: ${title}` : `Add: ${title}`));
  }
  controls.push({ q, field, wrap: fs, section: true, repeat: true, items, scope });
  return fs;
}

// ------------------------------------------------------------- geopoint

function renderGeopoint(q, field, id, describedBy, value, set) {
  const box = h('div', { class: 'sf-geo' });
  const input = h('input', { id, name: field, type: 'text', inputmode: 'decimal', autocomplete: 'off', value,
    placeholder: 'latitude, longitude', 'aria-describedby': describedBy, 'data-testid': 'input-' + field,
    oninput: (e) => set(normalisePoint(e.target.value)),
    onblur: (e) => {
      const v = normalisePoint(e.target.value);
      if (!geopointProblem(v)) e.target.value = v;
      leave(field);
    } });
  const status = h('p', { class: 'sf-geo-status', 'aria-live': 'polite' });
  const put = (v) => {
    input.value = v;
    set(v);
    leave(field);
    drawMark();
  };
  const locate = h('button', { type: 'button', class: 'button button-secondary sf-locate', 'data-testid': 'locate-' + field,
    onclick: () => {
      if (!navigator.geolocation) {
        status.textContent = 'This phone cannot give its position here. Type it, or tap the map.';
        return;
      }
      status.textContent = 'Finding your position… stand outside if you can.';
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition((pos) => {
        locate.disabled = false;
        const c = pos.coords;
        put([c.latitude.toFixed(6), c.longitude.toFixed(6), (c.altitude ?? 0).toFixed(1), (c.accuracy ?? 0).toFixed(1)].join(' '));
        status.textContent = `Position found, to within ${Math.round(c.accuracy || 0)} m.`;
      }, (err) => {
        locate.disabled = false;
        status.textContent = err.code === 1 ? 'The phone did not allow Haven to use its position. Type it, or tap the map.' :
          'The position could not be found. Try again outside, type it, or tap the map.';
      }, { enableHighAccuracy: true, timeout: 30000, maximumAge: 0 });
    } }, 'Use my position');
  // A map without tiles: a latitude/longitude grid over Southeast Asia. A
  // tap gives a rough point, to be made exact by typing or the GPS.
  const W = 320;
  const H = 240;
  const box2 = { west: 90, east: 130, north: 30, south: -12 };
  const svgNS = 'http://www.w3.org/2000/svg';
  const el = (tag, attrs) => {
    const e = document.createElementNS(svgNS, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  };
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, class: 'sf-map', role: 'img', 'aria-label': 'Grid of latitude and longitude: tap to place the point' });
  svg.append(el('rect', { x: 0, y: 0, width: W, height: H, class: 'sf-map-bg' }));
  const x = (lon) => ((lon - box2.west) / (box2.east - box2.west)) * W;
  const y = (lat) => ((box2.north - lat) / (box2.north - box2.south)) * H;
  for (let lon = box2.west; lon <= box2.east; lon += 5) {
    svg.append(el('line', { x1: x(lon), y1: 0, x2: x(lon), y2: H, class: 'sf-map-line' }));
    const t = el('text', { x: x(lon) + 2, y: H - 4, class: 'sf-map-label' });
    t.textContent = `${lon}°E`;
    if (lon % 10 === 0) svg.append(t);
  }
  for (let lat = box2.south + 2; lat <= box2.north; lat += 5) {
    svg.append(el('line', { x1: 0, y1: y(lat), x2: W, y2: y(lat), class: 'sf-map-line' }));
    const t = el('text', { x: 2, y: y(lat) - 2, class: 'sf-map-label' });
    t.textContent = `${lat}°${lat < 0 ? 'S' : 'N'}`;
    svg.append(t);
  }
  const mark = el('circle', { r: 6, class: 'sf-map-mark', cx: -20, cy: -20 });
  svg.append(mark);
  const drawMark = () => {
    const p = input.value.split(/\s+/).map(Number);
    if (p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1])) {
      mark.setAttribute('cx', String(x(p[1])));
      mark.setAttribute('cy', String(y(p[0])));
    }
  };
  svg.addEventListener('click', (e) => {
    const r = svg.getBoundingClientRect();
    const lon = box2.west + ((e.clientX - r.left) / r.width) * (box2.east - box2.west);
    const lat = box2.north - ((e.clientY - r.top) / r.height) * (box2.north - box2.south);
    put(`${lat.toFixed(4)} ${lon.toFixed(4)}`);
    status.textContent = 'Point placed roughly. Type the exact position or use the GPS if you can.';
  });
  const details = h('details', { class: 'sf-map-wrap' }, h('summary', {}, 'Tap on a map instead'), svg);
  drawMark();
  box.append(input, h('div', { class: 'sf-geo-actions' }, locate), status, details);
  return box;
}

// ------------------------------------------------------------- updating

function changed(field) {
  touched.add(field);
  saveDraft();
  refresh();
}

function leave(field) {
  touched.add(field);
  refresh();
}

/** Shows what applies, works out calculations, shows the problems to show. */
function refresh() {
  let result = check();
  if (clearIrrelevant(def.questions || [], draft.answers, '', result.relevant)) {
    result = check();
    saveDraft();
    syncInputs();
  }
  for (const c of controls) {
    const rel = result.relevant[c.field] !== false;
    c.wrap.hidden = !rel;
    if (!c.errorEl) continue;
    const msg = serverErrors[c.field] || ((touched.has(c.field) || showAll) && rel ? result.errors[c.field] : '');
    c.errorEl.textContent = msg || '';
    c.errorEl.hidden = !msg;
    c.wrap.classList.toggle('has-error', !!msg);
    for (const i of c.wrap.querySelectorAll('input, select, textarea')) {
      if (msg) i.setAttribute('aria-invalid', 'true');
      else i.removeAttribute('aria-invalid');
    }
  }
  return result;
}

/** Puts the stored answers back into inputs after clearing some. */
function syncInputs() {
  for (const c of controls) {
    if (!c.scope || c.section) continue;
    const v = String(c.scope[c.q.name] ?? '');
    for (const i of c.wrap.querySelectorAll(`[name="${CSS.escape(c.field)}"]`)) {
      if (i.type === 'radio') i.checked = i.value === v;
      else if (i.type === 'checkbox') i.checked = c.q.type === 'acknowledge' ? v === 'OK' : v.split(/\s+/).includes(i.value);
      else if (i.value !== v) i.value = v;
    }
  }
}

// ---------------------------------------------------------------- sending

/** The answers to send, with the metadata the page fills in. */
function finalAnswers() {
  const meta = (qs, into) => {
    for (const q of qs) {
      if (q.type === 'group') meta(q.children || [], into);
      else if (q.type === 'start') into[q.name] = draft.start;
      else if (q.type === 'end') into[q.name] = new Date().toISOString();
      else if (q.type === 'today') into[q.name] = new Date().toISOString().slice(0, 10);
      else if (q.type === 'username' || q.type === 'email') into[q.name] = user.email;
    }
  };
  meta(def.questions || [], draft.answers);
  return check();
}

async function onSubmit(e) {
  e.preventDefault();
  showAll = true;
  serverErrors = {};
  const result = finalAnswers();
  refresh();
  const bad = Object.keys(result.errors).filter((f) => result.relevant[f] !== false);
  if (bad.length) {
    showStatus($('#form-status'), 'error', `${bad.length === 1 ? 'One answer needs' : `${bad.length} answers need`} attention before sending.`);
    const first = $('#sf-questions .has-error input, #sf-questions .has-error select, #sf-questions .has-error textarea');
    if (first) first.focus();
    return;
  }
  clearStatus($('#form-status'));
  // Into the outbox first: from here on, nothing is lost whatever the network does.
  const item = { userId: user.id, surveyId: survey.id, title: def.title, instanceId: draft.instanceId, version: survey.version.number,
    answers: result.answers, queuedAt: new Date().toISOString(), attempts: 0, draft };
  const box = allOutbox().filter((o) => o.instanceId !== item.instanceId);
  box.push(item);
  if (!store(OUTBOX_KEY, box)) {
    showStatus($('#form-status'), 'error', 'This phone has no room left to keep the form. Keep this page open and try again when online.');
    return;
  }
  store(draftKey(), null);
  showQueued();
  await flush(true);
}

let retryTimer = 0;
let retryDelay = 2000;
let flushing = false;

/**
 * Asks for a fresh security token: a page reloaded offline has the one the
 * service worker kept, which may have changed since. Failures are left to
 * the sending itself to report.
 */
async function refreshSession() {
  try {
    const me = await api('GET', '/me');
    setCsrf(me.csrf_token);
  } catch {
    // offline still, or logged out: sendOne says so
  }
}

/** Sends every form in the outbox, oldest first. */
async function flush(now = false) {
  if (flushing) return;
  flushing = true;
  clearTimeout(retryTimer);
  let retry = false;
  try {
    if (outbox().length) await refreshSession();
    for (const item of outbox()) {
      const outcome = await sendOne(item);
      if (outcome === 'retry') retry = true;
      if (outcome === 'stop') break;
    }
  } finally {
    flushing = false;
  }
  updateOutbox();
  if (retry) {
    retryTimer = setTimeout(() => flush(), retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  } else {
    retryDelay = 2000;
  }
  return now;
}

function dropFromOutbox(instanceId) {
  store(OUTBOX_KEY, allOutbox().filter((o) => o.instanceId !== instanceId));
}

async function sendOne(item) {
  try {
    const res = await api('POST', `/surveys/${encodeURIComponent(item.surveyId)}/submissions`,
      { instance_id: item.instanceId, version: item.version, answers: item.answers });
    dropFromOutbox(item.instanceId);
    if (survey && item.surveyId === survey.id) showSent(item, res);
    return 'sent';
  } catch (err) {
    const status = err instanceof ApiError ? err.status : 0;
    item.attempts = (item.attempts || 0) + 1;
    if (status === 0 || status >= 500 || status === 429 || status === 408) {
      saveItem(item, 'waiting');
      return 'retry';
    }
    if (status === 401 || status === 403) {
      saveItem(item, status === 401 ? 'login' : 'forbidden');
      return 'stop';
    }
    // 400 or 409: the server will not take these answers. Back to the form.
    dropFromOutbox(item.instanceId);
    const d = item.draft || { instanceId: item.instanceId, surveyId: item.surveyId, answers: item.answers, start: item.queuedAt };
    store(draftKey(item.surveyId, item.userId), d);
    if (survey && item.surveyId === survey.id) {
      draft = d;
      $('#sf-sent').hidden = true;
      $('#survey-form').hidden = false;
      render();
      if (status === 409) {
        showStatus($('#form-status'), 'error', 'This form was sent before with other answers, so Haven kept the first version. Your answers are still here; ask an editor to look at the first one before sending anything new.');
      } else {
        for (const f of err.fields || []) serverErrors[f.field] = f.message;
        showAll = true;
        refresh();
        showProblem(err, $('#form-status'));
        const bad = [...$('#sf-questions').querySelectorAll('.has-error')].length;
        if (bad) showStatus($('#form-status'), 'error', 'Haven did not accept some answers. They are marked below.');
      }
    }
    return 'done';
  }
}

function saveItem(item, state) {
  store(OUTBOX_KEY, allOutbox().map((o) => (o.instanceId === item.instanceId ? { ...o, attempts: item.attempts, state } : o)));
}

function showQueued() {
  $('#survey-form').hidden = true;
  $('#sf-draft-offer').hidden = true;
  updateOutbox();
}

function showSent(item, res) {
  $('#survey-form').hidden = true;
  $('#sf-sent').hidden = false;
  $('#sf-sent-title').textContent = 'Sent ✓';
  $('#sf-sent-text').textContent = res && res.created === false ?
    'Haven already had this form: nothing was sent twice.' : `Haven has your answers${item.title ? ` to “${item.title}”` : ''}.`;
  $('#sf-sent').focus?.();
}

function updateOutbox() {
  const box = $('#sf-outbox');
  const items = outbox();
  if (!items.length) {
    box.hidden = true;
    return;
  }
  const login = items.some((o) => o.state === 'login');
  const forbidden = items.some((o) => o.state === 'forbidden');
  const n = items.length;
  const what = n === 1 ? 'One form is' : `${n} forms are`;
  box.replaceChildren();
  box.className = 'status status-info sf-queued';
  box.append(h('p', { class: 'status-title' }, login ? 'Log in to send' : 'Waiting to send'));
  if (login) {
    box.append(h('p', {}, `${what} saved on this phone. Your session has ended: `,
      h('a', { href: '/login?next=' + encodeURIComponent(location.pathname + location.search) }, 'log in again'), ' and they will be sent.'));
  } else if (forbidden) {
    box.append(h('p', {}, `${what} saved on this phone, but this account may not send surveys. Ask an admin.`));
  } else {
    box.append(h('p', { 'data-testid': 'sf-queued-text' }, `Saved on this phone — will send when you're online. ${what} waiting.`));
    box.append(h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'sf-retry', onclick: () => flush(true) }, 'Try sending now'),
      survey && $('#survey-form').hidden && $('#sf-sent').hidden ? h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'sf-queued-another',
        onclick: () => {
          newDraft();
          openForm();
          updateOutbox();
        } }, 'Fill in another') : null));
  }
  box.hidden = false;
}

// ----------------------------------------------------------------- start

function newDraft() {
  draft = {
    instanceId: crypto.randomUUID ? crypto.randomUUID() : fallbackUUID(),
    surveyId: survey.id,
    version: survey.version.number,
    answers: defaultsFor(def.questions || [], {}),
    start: new Date().toISOString(),
  };
  touched = new Set();
  showAll = false;
  serverErrors = {};
}

function fallbackUUID() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const s = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function openForm() {
  $('#sf-draft-offer').hidden = true;
  $('#sf-sent').hidden = true;
  $('#survey-form').hidden = false;
  clearStatus($('#form-status'));
  render();
}

function setupLanguages() {
  const langs = (def.languages || []).filter((l) => l !== '');
  const ordered = def.default_language && langs.includes(def.default_language) ?
    [def.default_language, ...langs.filter((l) => l !== def.default_language)] : langs;
  if (!lang || !ordered.includes(lang)) lang = ordered[0] || '';
  const sel = $('#sf-lang');
  sel.replaceChildren(...ordered.map((l) => h('option', { value: l, selected: l === lang }, languageName(l))));
  $('#sf-lang-wrap').hidden = ordered.length < 2;
  sel.addEventListener('change', () => {
    lang = sel.value;
    if (draft) saveDraft();
    const focused = document.activeElement && document.activeElement.name;
    render();
    if (focused) document.querySelector(`[name="${CSS.escape(focused)}"]`)?.focus();
  });
}

/**
 * Registers the service worker that lets the form reload offline. On the
 * first visit it does not control this page yet, so the page keeps what the
 * worker would have kept: the signed-in user and the survey's definition.
 */
function keepForOffline() {
  if (!('serviceWorker' in navigator) || !window.caches) return;
  navigator.serviceWorker.register('/surveys/sw.js', { scope: '/surveys/fill' }).catch(() => {});
  if (navigator.serviceWorker.controller) return; // the worker keeps them as they load
  caches.open(OFFLINE_CACHE)
    .then((c) => c.addAll(['/api/v1/me', `/api/v1/surveys/${encodeURIComponent(surveyKey)}`]))
    .catch(() => {}); // no room, or the network dropped: the next visit tries again
}

async function main() {
  user = await requireUser();
  window.addEventListener('online', () => flush(true));
  if (!surveyKey) {
    showContent();
    showStatus($('#page-status'), 'error', 'No survey was chosen. Open the form from a link that names the survey.');
    return;
  }
  try {
    survey = await api('GET', `/surveys/${encodeURIComponent(surveyKey)}`);
  } catch (err) {
    $('#loading').hidden = true;
    showProblem(err, $('#page-status'));
    flush();
    return;
  }
  def = survey.definition;
  keepForOffline();
  if (!navigator.onLine) {
    showStatus($('#page-status'), 'info', 'You are offline. This form was kept on this phone: fill it in, and it will be sent when you are back online.');
  }
  document.title = `${def.title || 'Survey'} · Haven`;
  $('#sf-title').textContent = def.title || 'Survey';
  const saved = load(draftKey());
  lang = (saved && saved.lang) || '';
  setupLanguages();
  $('#survey-form').addEventListener('submit', onSubmit);
  $('#sf-another').addEventListener('click', () => {
    newDraft();
    openForm();
    window.scrollTo(0, 0);
  });
  showContent();
  updateOutbox();
  if (saved && saved.answers && saved.instanceId) {
    $('#sf-draft-when').textContent = `Last changed ${formatTime(saved.savedAt)}.`;
    $('#sf-draft-offer').hidden = false;
    $('#sf-continue').addEventListener('click', () => {
      draft = saved;
      touched = new Set();
      openForm();
    });
    $('#sf-discard').addEventListener('click', () => {
      if (!window.confirm('Delete the unfinished answers and start again?')) return;
      store(draftKey(), null);
      newDraft();
      openForm();
    });
  } else {
    newDraft();
    openForm();
  }
  flush();
}

main();
