// The directory search page: filters, "near me" or near typed coordinates,
// a region, and result cards with "Load more". Every search goes as POST
// /providers/search, so a person's position never sits in an address, a
// server log or the browser history. The last search is kept for this tab
// only (sessionStorage), so that coming back from a provider shows the same
// results.
import {
  $, h, api, ApiError, busy, clearFieldErrors, clearStatus, query, requireUser, setFieldError, showContent,
  showProblem, showStatus,
} from './api.js';
import {
  COUNTRIES, GENDERS, LANGUAGES, LEGAL_STATUSES, PROVIDER_STATUSES, TRAFFICKING_FORMS, canAdd, channelHref,
  countryOnly, countryOptions, distanceText, fillServiceSelect, languageName, loadTaxonomy, orgTypeLabel,
  placeText, takeFlash, tierTags, verificationTag,
} from './directory-common.js';

const PAGE_SIZE = 25;
const SAVED = 'haven-directory-search';

const form = $('#search-form');
const searchStatus = $('#search-status');
const resultsStatus = $('#results-status');

let me = null;
let tax = null;
let lastBody = null; // the body of the search shown, without cursor
let lastWhere = 'any';
let next = null;
let shown = 0;
const regionLists = new Map(); // "set|level|parent" → regions

// ------------------------------------------------------------------ filters

function fillSelects() {
  fillServiceSelect($('#f-service'), tax, 'Any service');
  $('#f-language').append(
    ...LANGUAGES.map((c) => ({ c, n: languageName(c) }))
      .sort((a, b) => a.n.localeCompare(b.n))
      .map(({ c, n }) => h('option', { value: c }, n)),
  );
  $('#f-legal').append(...Object.entries(LEGAL_STATUSES).map(([v, l]) => h('option', { value: v }, l)));
  $('#f-form').append(...Object.entries(TRAFFICKING_FORMS).map(([v, l]) => h('option', { value: v }, l)));
  $('#f-country').append(...countryOptions(COUNTRIES));
}

function where() {
  return form.elements.where.value || 'any';
}

/** Shows the parts of "Where" that go with the chosen option. */
async function syncWhere() {
  const w = where();
  $('#near-box').hidden = !(w === 'me' || w === 'point');
  $('#coords-field').hidden = w !== 'point';
  $('#region-box').hidden = w !== 'region';
  if (w === 'region') await ensureSets();
}

/** A short summary on the folded "more filters" panel. */
function summarizeMore() {
  const f = form.elements;
  const parts = [];
  if (f.gender.value) parts.push(GENDERS[f.gender.value]);
  if (f.age.value) parts.push(`age ${f.age.value}`);
  if (f.language.value) parts.push(languageName(f.language.value));
  if (f.legal_status.value) parts.push(LEGAL_STATUSES[f.legal_status.value]);
  if (f.trafficking_form.value) parts.push(TRAFFICKING_FORMS[f.trafficking_form.value]);
  if (f.country.value) parts.push(countryOnly(f.country.value));
  if (f.verification.value) parts.push($('#f-verification').selectedOptions[0].textContent);
  $('#more-summary').textContent = parts.length ? parts.join(' · ') : 'None set';
}

// ------------------------------------------------------------------ regions

let setsLoaded = null;

function ensureSets() {
  if (!setsLoaded) {
    setsLoaded = (async () => {
      const res = await api('GET', '/region-sets');
      const sel = $('#f-set');
      const sets = res.items || [];
      if (!sets.length) {
        sel.replaceChildren(h('option', { value: '' }, 'No boundaries loaded yet'));
        return;
      }
      sel.replaceChildren(
        ...sets.map((s) => h('option', { value: s.name, dataset: { levels: Object.keys(s.levels || {}).join(',') } }, setLabel(s))),
      );
      // Thailand's own boundaries are the most detailed; prefer a national set.
      const preferred = sets.find((s) => Object.keys(s.levels || {}).length > 1) || sets[0];
      sel.value = preferred.name;
      await loadLevel1();
    })();
    setsLoaded.catch((err) => {
      setsLoaded = null;
      showProblem(err, searchStatus);
    });
  }
  return setsLoaded;
}

function setLabel(s) {
  const levels = Object.keys(s.levels || {}).sort();
  const what = levels.length > 1 ? `levels ${levels.join(' and ')}` : `level ${levels[0] || 1}`;
  return `${s.name} (${Number(s.region_count).toLocaleString()} regions, ${what})`;
}

async function regionsOf(set, level, parent) {
  const key = `${set}|${level}|${parent || ''}`;
  if (regionLists.has(key)) return regionLists.get(key);
  const all = [];
  let cursor = '';
  do {
    const page = await api('GET', '/regions' + query({ set, level, parent, cursor, limit: 500 }));
    all.push(...page.items);
    cursor = page.next || '';
  } while (cursor && all.length < 5000);
  all.sort((a, b) => a.name.localeCompare(b.name));
  regionLists.set(key, all);
  return all;
}

/** Fills the province list of the chosen set, grouped by country when it spans several. */
async function loadLevel1(selected) {
  const set = $('#f-set').value;
  const sel = $('#f-region1');
  sel.replaceChildren(h('option', { value: '' }, 'Loading…'));
  $('#region2-field').hidden = true;
  if (!set) return;
  const regions = await regionsOf(set, 1, '');
  const country = form.elements.country.value;
  const byCountry = new Map();
  for (const r of regions) {
    if (country && r.country && r.country !== country) continue;
    const c = r.country || '';
    if (!byCountry.has(c)) byCountry.set(c, []);
    byCountry.get(c).push(r);
  }
  const opts = [h('option', { value: '' }, 'Choose a region')];
  if (byCountry.size > 1) {
    const countries = [...byCountry.keys()].sort((a, b) => countryOnly(a).localeCompare(countryOnly(b)));
    for (const c of countries) {
      opts.push(h('optgroup', { label: c ? countryOnly(c) : 'No country' },
        byCountry.get(c).map((r) => h('option', { value: r.code }, r.name))));
    }
  } else {
    for (const list of byCountry.values()) opts.push(...list.map((r) => h('option', { value: r.code }, r.name)));
  }
  sel.replaceChildren(...opts);
  if (selected) sel.value = selected;
  await loadLevel2();
}

async function loadLevel2(selected) {
  const set = $('#f-set').value;
  const parent = $('#f-region1').value;
  const levels = ($('#f-set').selectedOptions[0] && $('#f-set').selectedOptions[0].dataset.levels) || '';
  const field = $('#region2-field');
  const sel = $('#f-region2');
  if (!parent || !levels.split(',').includes('2')) {
    field.hidden = true;
    sel.replaceChildren();
    return;
  }
  const regions = await regionsOf(set, 2, parent);
  sel.replaceChildren(h('option', { value: '' }, 'The whole province'), ...regions.map((r) => h('option', { value: r.code }, r.name)));
  field.hidden = regions.length === 0;
  if (selected) sel.value = selected;
}

// ------------------------------------------------------------------- search

/** "13.75, 100.5" or "13.75 100.5" → {lat, lon}, or null. */
function parseCoords(text) {
  const m = String(text || '').trim().match(/^(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)$/);
  if (!m) return null;
  const lat = Number(m[1]);
  const lon = Number(m[2]);
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return null;
  return { lat, lon };
}

function currentPosition() {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      reject(new Error('This browser cannot give Haven your position here. Choose “Near a place” and type the coordinates.'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ lat: round(pos.coords.latitude), lon: round(pos.coords.longitude) }),
      (err) => {
        const why = {
          1: 'You did not allow Haven to use your position. Allow it in your browser’s settings for this site, or choose “Near a place” and type the coordinates.',
          2: 'Your phone could not find your position. Move to where it can see the sky or a network, or type the coordinates.',
          3: 'Finding your position took too long. Try again, or type the coordinates.',
        }[err.code] || 'Your position could not be found.';
        reject(new Error(why));
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 120000 },
    );
  });
}

// Four decimals is about 10 m: enough to find the nearest services.
function round(x) {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * Reads the form into a search body; returns null (after marking the bad
 * fields) when something is wrong. "Near me" asks for the position here.
 */
async function readForm() {
  const f = form.elements;
  const body = { limit: PAGE_SIZE };
  const bad = [];
  if (f.service.value) body.service = [f.service.value];
  const q = f.q.value.trim();
  if (q) body.q = q;
  const w = where();
  if (w === 'point') {
    const p = parseCoords(f.coords.value);
    if (!p) bad.push(setFieldError(form, 'coords', 'Type a latitude and a longitude separated by a comma, such as 13.7563, 100.5018.'));
    else body.near = p;
  } else if (w === 'me') {
    try {
      body.near = await busy($('#search-submit'), 'Finding your position…', currentPosition);
    } catch (err) {
      setFieldError(form, 'where', err.message);
      showStatus(searchStatus, 'error', err.message);
      return null;
    }
  } else if (w === 'region') {
    const code = f.region_code.value.trim();
    const region = code || f.region2.value || f.region1.value;
    if (!region) bad.push(setFieldError(form, 'region_code', 'Choose a region from the lists, or type its code.'));
    else body.region = region;
  }
  if (body.near) body.radius_km = Number(f.radius_km.value) || 50;
  if (f.age.value !== '') {
    const age = Number(f.age.value);
    if (!Number.isInteger(age) || age < 0 || age > 120) {
      $('#more').open = true;
      bad.push(setFieldError(form, 'age', 'Age must be a whole number from 0 to 120.'));
    } else body.age = age;
  }
  if (f.gender.value) body.gender = f.gender.value;
  if (f.language.value) body.language = [f.language.value];
  if (f.legal_status.value) body.legal_status = f.legal_status.value;
  if (f.trafficking_form.value) body.trafficking_form = f.trafficking_form.value;
  if (f.country.value) body.country = f.country.value;
  if (f.verification.value) body.verification = f.verification.value;
  if (bad.length) {
    showStatus(searchStatus, 'error', 'Check the fields marked below.');
    bad[0].focus();
    return null;
  }
  return body;
}

async function search(body, cursor) {
  clearStatus(resultsStatus);
  const more = $('#results-more');
  try {
    const page = await busy(cursor ? more : $('#search-submit'), cursor ? 'Loading…' : 'Searching…',
      () => api('POST', '/providers/search', cursor ? { ...body, cursor } : body));
    const items = page.items.map(card);
    if (cursor) {
      $('#results').append(...items);
      shown += items.length;
    } else {
      $('#results').replaceChildren(...items);
      shown = items.length;
    }
    next = page.next;
    more.hidden = !next;
    renderCount(body);
    $('#results-empty').hidden = shown > 0;
    if (shown === 0) $('#results-empty-hint').textContent = emptyHint(body);
    save();
  } catch (err) {
    showProblem(err, resultsStatus);
    if (err instanceof ApiError && err.fields.length) showProblem(err, searchStatus, form);
  }
}

function renderCount(body) {
  // Without the confidential right, only public locations have a distance.
  $('#results-note').hidden = !(body.near && !(me.grants || []).includes('confidential'));
  const count = $('#results-count');
  if (shown === 0) {
    count.textContent = '';
    return;
  }
  const plural = shown === 1 ? 'service provider' : 'service providers';
  let text = body.near
    ? `${shown} ${plural} within ${body.radius_km} km, nearest first`
    : `${shown} ${plural}, by name`;
  text += next ? '. Load more at the end of the list.' : '.';
  count.textContent = text;
}

function emptyHint(body) {
  if (body.near && body.radius_km < 500) return 'Try a larger distance, another service type, or fewer filters.';
  if (body.region) return 'Try the whole province instead of a district, another service type, or fewer filters.';
  return 'Try another service type, fewer words, or fewer filters.';
}

// -------------------------------------------------------------------- cards

function card(p) {
  const href = '/directory/provider' + query({ id: p.id });
  const names = [];
  for (const s of p.services || []) {
    const n = tax.name(s.type);
    if (!names.includes(n)) names.push(n);
  }
  const places = [];
  for (const l of p.locations || []) {
    const t = placeText(l);
    if (t && !places.includes(t)) places.push(t);
  }
  const call = (p.channels || []).find((c) => (c.kind === 'hotline' || c.kind === 'phone') && channelHref(c));
  const tiers = tierTags(p, me);
  const status = p.status && p.status !== 'active'
    ? h('span', { class: 'tag tag-off' }, PROVIDER_STATUSES[p.status] || p.status)
    : null;
  const distance = distanceText(p.distance_km);
  return h(
    'li',
    {
      class: 'result', 'data-id': p.id,
      'data-tiers': (p.locations || []).map((l) => l.tier).join(' '),
    },
    h('div', { class: 'result-head' },
      h('h3', { class: 'result-name' }, h('a', { href }, p.name)),
      distance ? h('p', { class: 'result-distance', 'data-testid': 'distance' }, distance) : null),
    h('p', { class: 'result-tags' }, verificationTag(p.verification), ...tiers, status),
    h('p', { class: 'result-meta' }, [orgTypeLabel(p.org_type), countryOnly(p.country)].filter(Boolean).join(' · ')),
    places.length ? h('p', { class: 'result-place' }, h('span', { class: 'visually-hidden' }, 'Where: '), places.join('; ')) : null,
    names.length
      ? h('ul', { class: 'chips', 'aria-label': 'Services' }, names.map((n) => h('li', { class: 'chip' }, n)))
      : null,
    h('p', { class: 'result-actions' },
      h('a', { class: 'button button-small button-secondary', href, 'aria-label': `Details of ${p.name}` }, 'Details'),
      call
        ? h('a', { class: 'button button-small', href: channelHref(call), 'aria-label': `Call ${p.name}: ${call.value}` },
          `Call ${call.value}`)
        : null),
  );
}

// --------------------------------------------------------- keep the search

function save() {
  try {
    const f = form.elements;
    const values = {};
    for (const name of ['service', 'q', 'coords', 'radius_km', 'set', 'region1', 'region2', 'region_code', 'gender', 'age',
      'language', 'legal_status', 'trafficking_form', 'country', 'verification']) {
      values[name] = f[name].value;
    }
    sessionStorage.setItem(SAVED, JSON.stringify({ where: lastWhere, values, body: lastBody }));
  } catch {
    // storage full or off: the search still works
  }
}

async function restore() {
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(SAVED) || 'null');
  } catch {
    saved = null;
  }
  if (!saved || !saved.body) return null;
  const f = form.elements;
  for (const [name, v] of Object.entries(saved.values || {})) {
    if (f[name] && !['set', 'region1', 'region2'].includes(name)) f[name].value = v;
  }
  for (const r of form.querySelectorAll('input[name=where]')) r.checked = r.value === saved.where;
  lastWhere = saved.where;
  await syncWhere();
  if (saved.where === 'region' && saved.values) {
    await ensureSets();
    if (saved.values.set) {
      $('#f-set').value = saved.values.set;
      await loadLevel1(saved.values.region1);
      await loadLevel2(saved.values.region2);
    }
  }
  return saved.body;
}

// ------------------------------------------------------------------- wiring

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(form);
  clearStatus(searchStatus);
  const body = await readForm();
  if (!body) return;
  lastBody = body;
  lastWhere = where();
  // On a phone, fold the extra filters so the results show.
  if (!window.matchMedia('(min-width: 48rem)').matches) $('#more').open = false;
  await search(body, '');
  $('#results-heading').scrollIntoView({ block: 'start', behavior: 'smooth' });
});

function clearAll() {
  form.reset();
  clearFieldErrors(form);
  clearStatus(searchStatus);
  syncWhere();
  summarizeMore();
  try {
    sessionStorage.removeItem(SAVED);
  } catch {
    // nothing kept
  }
  lastBody = { limit: PAGE_SIZE };
  lastWhere = 'any';
  search(lastBody, '');
}

$('#search-clear').addEventListener('click', clearAll);
$('#empty-clear').addEventListener('click', clearAll);
$('#results-more').addEventListener('click', () => search(lastBody, next));
for (const r of form.querySelectorAll('input[name=where]')) {
  r.addEventListener('change', () => {
    clearFieldErrors(form);
    syncWhere();
  });
}
$('#f-set').addEventListener('change', () => loadLevel1().catch((err) => showProblem(err, searchStatus)));
$('#f-region1').addEventListener('change', () => loadLevel2().catch((err) => showProblem(err, searchStatus)));
form.addEventListener('change', (e) => {
  summarizeMore();
  if (e.target.name === 'country' && where() === 'region' && $('#f-set').value) {
    loadLevel1().catch((err) => showProblem(err, searchStatus));
  }
});

async function start() {
  me = await requireUser();
  try {
    tax = await loadTaxonomy();
  } catch (err) {
    showProblem(err, $('#page-status'));
    $('#loading').hidden = true;
    return;
  }
  fillSelects();
  $('#add-provider').hidden = !canAdd(me);
  // An editor for one country most often searches there.
  if (me.role === 'editor' && me.countries.length === 1) form.elements.country.value = me.countries[0];
  const flash = takeFlash();
  if (flash) showStatus($('#page-status'), flash.kind, flash.message);
  showContent();
  $('#more').open = window.matchMedia('(min-width: 48rem)').matches;
  const body = await restore();
  summarizeMore();
  lastBody = body || readDefault();
  lastWhere = body ? lastWhere : 'any';
  await search(lastBody, '');
}

/** The first search on a fresh page: everything the form says, without a position. */
function readDefault() {
  const body = { limit: PAGE_SIZE };
  if (form.elements.country.value) body.country = form.elements.country.value;
  return body;
}

start();
