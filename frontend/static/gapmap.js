// The gap map (/reports): coverage reports for analysts. Pick a stored run
// (or run a new report, with progress while it computes), a service type
// and a measure; the regions are drawn from the run's GeoJSON as an SVG
// choropleth with a legend of class breaks. Clicking a region shows all
// its figures and its providers (from the directory API, which applies
// the confidentiality tiers; only public places become markers). Below:
// a regional view — countries × service types, drilling down to provinces
// and districts — the stored runs with a comparison of two, downloads and
// the printable report. The address keeps what is shown (?run=&service=
// &measure=&area=&region=&base=), so a view can be shared. The base layer
// (land, sea, country borders; no tiles) is off unless asked for.
import {
  ApiError, api, h, $, query, requireUser, showContent, showStatus, clearStatus, showProblem, formatTime, countryName,
} from './api.js';
import {
  MEASURES, GAP_LABELS, GAP_CLASS, GAP_ABOUT, display, breaksOf, classOf, paletteOf, labelsOf, formatNumber, cell,
  shareClass, SHARE_LEGEND,
} from './gapmap-measures.js';
import { baseOf, drawMap, shapesOf } from './gapmap-map.js';

const ANALYSTS = ['admin', 'editor', 'researcher'];
const METHOD_NAMES = { count: 'counts only', '2sfca': '2SFCA', e2sfca: 'E2SFCA', gaussian: 'Gaussian 2SFCA' };

const state = {
  terms: new Map(), // code → term
  sets: [],
  runs: [],
  run: null,
  shapes: new Map(),
  info: new Map(), // region code → {country, parent}
  rows: new Map(), // region code → service → row (the run's level)
  parents: new Map(), // parent code → service → row
  countries: new Map(), // country code → service → row
  service: '',
  measure: 'gap_class',
  area: '',
  onlyGaps: false,
  showProviders: true,
  base: false, // draw the base layer under the regions
  selected: '',
  points: [],
  crumbs: [],
};
const cache = { shapes: new Map(), info: new Map(), points: new Map(), setCountry: new Map(), base: null };
let loading = 0; // the latest openRun: an earlier, slower one must not win

// ------------------------------------------------------------ helpers

function serviceName(code) {
  const t = state.terms.get(code);
  return t ? t.name : code;
}

function byService(map, code) {
  return map.get(code) || new Map();
}

function runLabel(r) {
  const p = r.parameters;
  const types = (p.services || []).length ? `${p.services.length} ${p.services.length === 1 ? 'type' : 'types'}` : 'all types';
  return `${p.set} level ${p.level} · ${formatTime(r.created_at)} · ${METHOD_NAMES[p.method] || p.method}, ${types}`;
}

function setURL() {
  const q = query({ run: state.run && state.run.id, service: state.service, measure: state.measure === 'gap_class' ? '' : state.measure,
    area: state.area, region: state.selected, base: state.base ? '1' : '' });
  history.replaceState(null, '', `/reports${q}`);
}

async function allPages(path, params, max = 20) {
  const out = [];
  let cursor = '';
  for (let i = 0; i < max; i++) {
    const page = await api('GET', path + query({ ...params, cursor }));
    out.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  return out;
}

function chip(gap) {
  return h('span', { class: `gm-chip ${GAP_CLASS[gap] || 'g-na'}` }, GAP_LABELS[gap] || 'Not classified');
}

// ------------------------------------------------------------ loading

async function loadRun(id, ticket) {
  const status = $('#page-status');
  clearStatus(status);
  $('#gm-map').replaceChildren(h('p', { class: 'loading' }, 'Loading the report…'));
  const run = await api('GET', `/reports/runs/${encodeURIComponent(id)}`);
  const rep = run.report;
  const services = rep.method.services || [];
  const key = `${run.parameters.set}@${run.data_versions.boundary_version}/${run.parameters.level}`;
  const [shapes, info] = await Promise.all([
    cache.shapes.get(key) || api('GET', `/reports/runs/${encodeURIComponent(id)}${query({ format: 'geojson', service: services[0] })}`).then(shapesOf),
    cache.info.get(key) || regionInfo(run.parameters.set, run.parameters.level),
  ]);
  cache.shapes.set(key, shapes);
  cache.info.set(key, info);
  if (ticket !== loading) return false;
  state.run = run;
  state.shapes = shapes;
  state.info = info;
  state.rows = index(rep.regions);
  state.parents = index((rep.parents || []).filter((r) => r.level === run.parameters.level - 1));
  state.countries = index(rep.countries || []);
  if (!services.includes(state.service)) state.service = services.includes('accommodation') ? 'accommodation' : services[0] || '';
  if (state.measure === 'access_index' && run.parameters.method === 'count') state.measure = 'gap_class';
  if (state.area && !areaCodes(state.area).size) state.area = '';
  if (state.selected && !state.rows.has(state.selected)) state.selected = '';
  state.crumbs = [];
  return true;
}

function index(rows) {
  const out = new Map();
  for (const r of rows) {
    if (!out.has(r.region_code)) out.set(r.region_code, new Map());
    out.get(r.region_code).set(r.service, r);
  }
  return out;
}

/** Each region's country and parent, from the regions API. */
async function regionInfo(set, level) {
  const out = new Map();
  const regions = await allPages('/regions', { set, level, limit: 500 });
  for (const r of regions) out.set(r.code, { country: r.country || '', parent: r.parent_code || '' });
  return out;
}

/** The public points of the providers of a service type, as markers. */
async function publicPoints(service) {
  if (cache.points.has(service)) return cache.points.get(service);
  const providers = await allPages('/providers', { service, limit: 500 }, 10);
  const points = [];
  for (const p of providers) {
    for (const loc of p.locations || []) {
      // Only public places are points; region_only and hidden never are.
      if (loc.tier === 'public' && !loc.redacted && loc.latitude != null && loc.longitude != null) {
        points.push({ id: p.id, name: p.name, lat: loc.latitude, lon: loc.longitude });
      }
    }
  }
  cache.points.set(service, points);
  return points;
}

/** The base layer, loaded once when first asked for (and again after a failure). */
async function baseLayer() {
  if (!cache.base) {
    cache.base = api('GET', '/reports/basemap').then(baseOf).catch((err) => {
      cache.base = null;
      throw err;
    });
  }
  return cache.base;
}

// ------------------------------------------------------------ area filter

function areaCodes(area) {
  const out = new Set();
  if (!area) return out;
  const [kind, code] = [area.slice(0, 1), area.slice(2)];
  for (const [region, services] of state.rows) {
    const any = services.values().next().value;
    if (kind === 'c' && (state.info.get(region) || {}).country === code) out.add(region);
    if (kind === 'p' && any && any.parent_code === code) out.add(region);
  }
  return out;
}

function areaName(area) {
  if (!area) return '';
  const code = area.slice(2);
  const rows = area[0] === 'c' ? state.countries : state.parents;
  const r = byService(rows, code).values().next().value;
  return r ? r.region_name : area[0] === 'c' ? countryName(code) : code;
}

// ------------------------------------------------------------ controls

function renderControls() {
  const runSel = $('#gm-run');
  runSel.replaceChildren(...state.runs.map((r) => h('option', { value: r.id, selected: state.run && r.id === state.run.id }, runLabel(r))));
  const services = state.run.report.method.services || [];
  $('#gm-service').replaceChildren(...services.map((s) => h('option', { value: s, selected: s === state.service },
    `${serviceName(s)} (${s})`)));
  const measure = $('#gm-measure');
  for (const o of measure.options) o.disabled = o.value === 'access_index' && state.run.parameters.method === 'count';
  measure.value = state.measure;
  const area = $('#gm-area');
  const opts = [h('option', { value: '' }, 'Everything in the report')];
  if (state.countries.size > 1) {
    opts.push(h('optgroup', { label: 'Countries' }, [...state.countries.keys()].sort().map((c) =>
      h('option', { value: `c:${c}`, selected: state.area === `c:${c}` }, areaName(`c:${c}`)))));
  }
  if (state.parents.size) {
    const parents = [...state.parents.keys()].map((c) => [c, areaName(`p:${c}`)]).sort((a, b) => a[1].localeCompare(b[1]));
    opts.push(h('optgroup', { label: 'Parent regions' }, parents.map(([c, name]) =>
      h('option', { value: `p:${c}`, selected: state.area === `p:${c}` }, name))));
  }
  area.replaceChildren(...opts);
  area.value = state.area;
  $('#gm-only-gaps').checked = state.onlyGaps;
  $('#gm-providers').checked = state.showProviders;
  $('#gm-base').checked = state.base;
}

function wireControls() {
  $('#gm-run').addEventListener('change', (e) => openRun(e.target.value));
  $('#gm-service').addEventListener('change', async (e) => {
    state.service = e.target.value;
    await refreshPoints();
    renderView();
  });
  $('#gm-measure').addEventListener('change', (e) => {
    state.measure = e.target.value;
    renderView();
  });
  $('#gm-area').addEventListener('change', (e) => {
    state.area = e.target.value;
    renderView();
  });
  $('#gm-only-gaps').addEventListener('change', (e) => {
    state.onlyGaps = e.target.checked;
    renderView();
  });
  $('#gm-providers').addEventListener('change', async (e) => {
    state.showProviders = e.target.checked;
    await refreshPoints();
    renderMap();
  });
  $('#gm-base').addEventListener('change', async (e) => {
    state.base = e.target.checked;
    await refreshBase();
    setURL();
    renderMap();
  });
  let resize = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resize);
    resize = setTimeout(() => state.run && renderMap(), 200);
  });
}

async function refreshPoints() {
  state.points = [];
  if (!state.showProviders || !state.service) return;
  try {
    state.points = await publicPoints(state.service);
  } catch (err) {
    showProblem(err, $('#page-status'));
  }
}

/** Loads the base layer when it is asked for; on failure, says so and turns it off. */
async function refreshBase() {
  state.baseLayer = null;
  if (!state.base) return;
  try {
    state.baseLayer = await baseLayer();
  } catch (err) {
    state.base = false;
    $('#gm-base').checked = false;
    showProblem(err, $('#page-status'));
  }
}

async function openRun(id) {
  const ticket = ++loading;
  try {
    if (!(await loadRun(id, ticket))) return;
    await Promise.all([refreshPoints(), refreshBase()]);
  } catch (err) {
    showProblem(err, $('#page-status'));
    return;
  }
  if (ticket !== loading) return;
  renderControls();
  renderView();
  renderRuns();
}

// ------------------------------------------------------------ the map

/** The fill class and tooltip of each region, and the legend. */
function fillsAndLegend(codes) {
  const fills = new Map();
  const key = state.measure;
  const legend = [];
  const gap = (code) => (byService(state.rows, code).get(state.service) || {}).gap_class;
  const covered = (code) => state.onlyGaps && gap(code) === 'covered';
  if (key === 'gap_class') {
    const counts = {};
    for (const code of codes) {
      const r = byService(state.rows, code).get(state.service);
      const cls = covered(code) ? 'gm-muted' : r ? GAP_CLASS[r.gap_class] || 'g-na' : 'g-na';
      counts[cls] = (counts[cls] || 0) + 1;
      const name = r ? r.region_name : code;
      fills.set(code, { cls, title: r ? `${name}: ${GAP_LABELS[r.gap_class] || 'not classified'}, ${r.providers_serving} serving` : `${name}: not in this report` });
    }
    for (const g of ['no_service', 'below_norm', 'covered']) {
      if (g === 'covered' && state.onlyGaps) continue;
      legend.push({ cls: GAP_CLASS[g], label: `${GAP_LABELS[g]}: ${GAP_ABOUT[g]}`, n: counts[GAP_CLASS[g]] || 0 });
    }
    if (counts['g-na']) legend.push({ cls: 'g-na', label: 'Not classified', n: counts['g-na'] });
    if (counts['gm-muted']) legend.push({ cls: 'gm-muted', label: 'Covered (not coloured: only gaps are shown)', n: counts['gm-muted'] });
    return { fills, legend, caption: '' };
  }
  const m = MEASURES[key];
  const values = [];
  for (const code of codes) {
    const v = display(byService(state.rows, code).get(state.service), key);
    if (v !== null && !covered(code)) values.push(v);
  }
  const cb = breaksOf(values, m.zeroApart);
  const palette = paletteOf(cb, m);
  const labels = labelsOf(cb, m);
  const counts = new Array(labels.length).fill(0);
  let missing = 0;
  let muted = 0;
  for (const code of codes) {
    const r = byService(state.rows, code).get(state.service);
    const v = display(r, key);
    const name = r ? r.region_name : code;
    if (covered(code)) {
      muted++;
      fills.set(code, { cls: 'gm-muted', title: `${name}: covered` });
    } else if (v === null) {
      missing++;
      fills.set(code, { cls: 'g-na', title: `${name}: not computed` });
    } else {
      const c = classOf(cb, v);
      counts[c]++;
      fills.set(code, { cls: palette[c], title: `${name}: ${formatNumber(v)}${m.unit ? ` ${m.unit}` : ''}` });
    }
  }
  labels.forEach((label, i) => legend.push({ cls: palette[i], label, n: counts[i] }));
  if (missing) legend.push({ cls: 'g-na', label: 'Not computed', n: missing });
  if (muted) legend.push({ cls: 'gm-muted', label: 'Covered (not coloured: only gaps are shown)', n: muted });
  const caption = cb.empty ? 'No region has a value.' :
    `Classes: quintiles of the values shown, rounded to two significant digits${cb.zero ? ', 0 (none at all) a class of its own' : ''}; ` +
    `${m.lowerIsBetter ? 'darker is nearer' : 'darker is more'}. The figure is ${m.about}.`;
  return { fills, legend, caption };
}

function renderMap() {
  const run = state.run;
  const focus = state.area ? areaCodes(state.area) : null;
  const codes = focus ? [...focus] : [...state.rows.keys()];
  const { fills, legend, caption } = fillsAndLegend(codes);
  const what = state.measure === 'gap_class' ? 'Gap class' : MEASURES[state.measure].label;
  const title = `${what}: ${serviceName(state.service)}${state.area ? ` — ${areaName(state.area)}` : ''}`;
  $('#gm-map-title').textContent = title;
  const container = $('#gm-map');
  if (!state.shapes.size) {
    container.replaceChildren(h('p', { class: 'empty' }, 'This boundary set has no display boundaries to draw. The tables below still hold every figure.'));
  } else {
    const base = state.base && state.baseLayer && state.baseLayer.countries.length ? state.baseLayer : null;
    state.drawnPoints = drawMap(container, {
      shapes: state.shapes, focus, fills, selected: state.selected,
      points: state.showProviders ? state.points : [],
      base, named: new Set(codes.map((c) => (state.info.get(c) || {}).country).filter(Boolean)),
      label: `${title}. The same figures are in the regional view below.`,
      onSelect: (code) => selectRegion(code),
      onCluster: (pts) => showCluster(pts),
    });
  }
  $('#gm-legend').replaceChildren(...[
    h('ul', { class: 'gm-legend-list' }, legend.map((l) => h('li', { 'data-class': l.cls },
      h('span', { class: `gm-swatch ${l.cls}`, 'data-testid': `gm-swatch-${l.cls}` }), l.label, h('span', { class: 'muted' }, ` (${l.n})`)))),
    state.showProviders && state.points.length ?
      h('p', { class: 'gm-marker-key' }, h('span', { class: 'gm-marker-swatch', 'aria-hidden': 'true' }),
        ` Public places of providers of this type: ${state.drawnPoints || 0} on this map; a number is a cluster of nearby ones. Places that are region-only or hidden are never shown as points.`) : null,
    caption ? h('p', { class: 'muted gm-caption' }, caption) : null,
    state.base ? baseKey() : null,
  ].filter(Boolean));
  $('#gm-map-note').textContent = `${run.parameters.set} (version ${run.data_versions.boundary_version}), level ${run.parameters.level}: ` +
    `${codes.length} regions. ${baseNote()} Equirectangular projection scaled at the middle latitude.`;
}

/** What lies under the regions, for the note below the map. */
function baseNote() {
  const b = state.baseLayer;
  if (!state.base) return 'Boundaries only, no base map.';
  if (!b || !b.countries.length) return 'No base layer: no boundary set names countries.';
  return `Base layer: countries merged from the ${b.set} boundaries (version ${b.version}, level ${b.level}` +
    `${b.source ? `, ${b.source}` : ''}), simplified to about 500 m; no map tiles.`;
}

/** The base layer's key: land around the report, and sea. */
function baseKey() {
  if (!state.baseLayer || !state.baseLayer.countries.length) return null;
  return h('ul', { class: 'gm-legend-list gm-base-key', 'data-testid': 'gm-base-key' },
    h('li', {}, h('span', { class: 'gm-swatch gm-land-swatch' }), 'Land outside the report (country borders in grey)'),
    h('li', {}, h('span', { class: 'gm-swatch gm-sea-swatch' }), 'Sea, or land no boundary set covers'));
}

// ------------------------------------------------------------ a region

// Distances (nearest_km, population_within_share) are measured to public
// providers only (reports/note.go): every label of them says so.
function figureList(r) {
  const items = [
    ['Gap class', chip(r.gap_class), 'gap_class'],
    ['Providers serving', String(r.providers_serving), 'providers_serving'],
    ['Providers located here', String(r.providers_located), 'providers_located'],
    ['Capacity', cell(r, 'capacity'), 'capacity'],
    ['Population', cell(r, 'population'), 'population'],
    ['Providers per 100,000 people', cell(r, 'providers_per_100k'), 'providers_per_100k'],
    ['Nearest public provider (km)', cell(r, 'nearest_km'), 'nearest_km'],
    [`People within ${formatNumber(state.run.report.method.within_km)} km of a public provider (%)`, cell(r, 'population_within_share'), 'population_within_share'],
    ['Access index per 100,000', cell(r, 'access_index'), 'access_index'],
    ['Unmet demand (feedback)', r.unmet_demand_suppressed ? 'withheld (a small count)' : cell(r, 'unmet_demand'), 'unmet_demand'],
  ];
  return h('dl', { class: 'gm-figs' }, items.map(([label, value, key]) =>
    h('div', {}, h('dt', {}, label), h('dd', { 'data-testid': `gm-fig-${key}` }, value))));
}

function allServicesTable(code) {
  const services = state.run.report.method.services || [];
  const rows = services.map((s) => {
    const r = byService(state.rows, code).get(s);
    return h('tr', { class: s === state.service ? 'gm-current' : null, 'data-service': s },
      h('th', { scope: 'row' }, h('button', { type: 'button', class: 'button-link', onclick: async () => {
        state.service = s;
        $('#gm-service').value = s;
        await refreshPoints();
        renderView();
      } }, serviceName(s))),
      h('td', {}, r ? chip(r.gap_class) : '–'),
      h('td', { class: 'num' }, r ? String(r.providers_serving) : '–'),
      h('td', { class: 'num' }, cell(r, 'nearest_km')),
      h('td', { class: 'num' }, cell(r, 'population_within_share')),
      h('td', { class: 'num' }, cell(r, 'providers_per_100k')),
      h('td', { class: 'num' }, cell(r, 'access_index')));
  });
  return h('div', { class: 'table-wrap gm-scroll' }, h('table', { class: 'table gm-table', 'data-testid': 'gm-all-services' },
    h('caption', { class: 'visually-hidden' }, 'Every service type in this region'),
    h('thead', {}, h('tr', {}, ['Service type', 'Gap', 'Serving', 'Nearest public km', 'Within % (public)', 'Per 100k', 'Access /100k']
      .map((c, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, c)))),
    h('tbody', {}, rows)));
}

function selectRegion(code) {
  state.selected = code;
  setURL();
  renderMap();
  renderDetail(code);
  // On a narrow screen the figures are below the map: bring them up.
  if (window.matchMedia('(max-width: 63.99rem)').matches) $('#gm-detail').scrollIntoView({ block: 'start' });
}

async function renderDetail(code) {
  const box = $('#gm-detail');
  const r = byService(state.rows, code).get(state.service);
  const any = byService(state.rows, code).values().next().value;
  if (!any) return;
  const info = state.info.get(code) || {};
  const within = [any.parent_code && byService(state.parents, any.parent_code).size ? areaName(`p:${any.parent_code}`) : '',
    info.country ? areaName(`c:${info.country}`) : ''].filter(Boolean).join(', ');
  const providers = h('div', { 'data-testid': 'gm-region-providers' }, h('p', { class: 'loading' }, 'Loading its providers…'));
  box.replaceChildren(...[
    h('h2', { 'data-testid': 'gm-region-name' }, any.region_name, ' ', h('span', { class: 'gm-code' }, code)),
    within ? h('p', { class: 'muted' }, `In ${within}`) : null,
    h('h3', {}, serviceName(state.service)),
    r ? figureList(r) : h('p', { class: 'muted' }, 'Not in this report.'),
    h('h3', {}, `Providers of ${serviceName(state.service)} located here`),
    providers,
    h('details', { class: 'gm-all', open: true }, h('summary', {}, 'Every service type here'), allServicesTable(code)),
  ].filter(Boolean));
  try {
    const page = await api('GET', `/providers${query({ region: code, service: state.service, limit: 100 })}`);
    if (state.selected !== code) return; // another region was picked meanwhile
    providers.replaceChildren(...providerList(page.items, r));
  } catch (err) {
    providers.replaceChildren(h('p', { class: 'muted' }, err instanceof ApiError ? err.message : 'The providers could not be read.'));
  }
}

function providerList(items, r) {
  const out = [];
  if (!items.length) out.push(h('p', { class: 'empty' }, 'The directory lists no provider of this type located in this region that you may see.'));
  else {
    out.push(h('ul', { class: 'gm-providers' }, items.map((p) => {
      const locs = p.locations || [];
      const shown = locs.some((l) => l.tier === 'public' && !l.redacted && l.latitude != null);
      const tag = shown ? h('span', { class: 'tag tag-tier-public' }, 'On the map') :
        locs.some((l) => l.tier === 'hidden') ? h('span', { class: 'tag tag-tier-hidden' }, 'Hidden: never on a map') :
          h('span', { class: 'tag tag-tier-region' }, 'Region only: no point');
      return h('li', {}, h('a', { href: `/directory/provider?id=${encodeURIComponent(p.id)}` }, p.name), ' ', tag);
    })));
  }
  if (r) {
    out.push(h('p', { class: 'muted gm-small' }, `The report counts ${r.providers_serving} serving and ${r.providers_located} located here, every ` +
      'confidentiality tier included and also those serving it from elsewhere; the list holds those located here that you may see.'));
  }
  return out;
}

function showCluster(points) {
  const box = $('#gm-detail');
  const seen = new Set();
  const unique = points.filter((p) => !seen.has(p.id) && seen.add(p.id));
  box.replaceChildren(
    h('h2', {}, unique.length === 1 ? 'Provider' : `${unique.length} providers here`),
    h('p', { class: 'muted' }, `Public places of providers of ${serviceName(state.service)}.`),
    h('ul', { class: 'gm-providers', 'data-testid': 'gm-cluster' }, unique.slice(0, 50).map((p) =>
      h('li', {}, h('a', { href: `/directory/provider?id=${encodeURIComponent(p.id)}` }, p.name)))),
  );
}

// ------------------------------------------------------------ regional view

/** The rows of the regional view at the current crumbs. */
function regionalLevel() {
  const last = state.crumbs[state.crumbs.length - 1];
  if (!last) {
    if (state.countries.size > 1) return { kind: 'countries', codes: [...state.countries.keys()] };
    if (state.parents.size) return { kind: 'parents', codes: [...state.parents.keys()] };
    return { kind: 'regions', codes: [...state.rows.keys()] };
  }
  const inside = areaCodes(last);
  if (last.startsWith('c:') && state.parents.size) {
    const parents = new Set([...inside].map((c) => byService(state.rows, c).values().next().value.parent_code).filter(Boolean));
    if (parents.size) return { kind: 'parents', codes: [...parents] };
  }
  return { kind: 'regions', codes: [...inside] };
}

function childrenOf(kind, code) {
  if (kind === 'countries') return areaCodes(`c:${code}`);
  if (kind === 'parents') return areaCodes(`p:${code}`);
  return new Set([code]);
}

function renderRegional() {
  const services = state.run.report.method.services || [];
  const level = regionalLevel();
  const names = (code) => (level.kind === 'countries' ? areaName(`c:${code}`) : level.kind === 'parents' ? areaName(`p:${code}`) :
    (byService(state.rows, code).values().next().value || {}).region_name || code);
  const codes = level.codes.sort((a, b) => names(a).localeCompare(names(b)));

  const crumbs = [h('button', { type: 'button', class: 'button-link', onclick: () => drill([]) },
    state.countries.size > 1 ? 'All countries' : 'The whole report')];
  state.crumbs.forEach((c, i) => crumbs.push(' › ', h('button', { type: 'button', class: 'button-link', 'aria-current': i === state.crumbs.length - 1 ? 'location' : null,
    onclick: () => drill(state.crumbs.slice(0, i + 1)) }, areaName(c))));
  $('#gm-crumbs').replaceChildren(...crumbs);

  const whole = level.kind !== 'regions';
  $('#gm-matrix-note').textContent = whole ?
    `Each cell: how many of the ${level.kind === 'countries' ? 'country' : 'parent region'}'s regions no provider serves for the type, over its regions; the colour is that share. Choose a row to go down a level.` :
    'Each cell: the gap class, and how many providers serve the region for the type. Choose a region to see it on the map.';
  const header = h('tr', {}, h('th', { scope: 'col' }, whole ? (level.kind === 'countries' ? 'Country' : 'Parent region') : 'Region'),
    whole ? h('th', { scope: 'col', class: 'num' }, 'Regions') : null,
    services.map((s) => h('th', { scope: 'col', class: `gm-svc${s === state.service ? ' gm-current' : ''}`, title: serviceName(s) }, h('span', {}, serviceName(s)))));
  const rows = codes.map((code) => {
    const kids = childrenOf(level.kind, code);
    const cells = services.map((s) => {
      if (!whole) {
        const r = byService(state.rows, code).get(s);
        return h('td', { class: r ? GAP_CLASS[r.gap_class] || 'g-na' : 'g-na', title: r ? `${GAP_LABELS[r.gap_class] || ''}, ${r.providers_serving} serving` : '' },
          r ? String(r.providers_serving) : '');
      }
      let gaps = 0;
      let n = 0;
      for (const k of kids) {
        const r = byService(state.rows, k).get(s);
        if (!r) continue;
        n++;
        if (r.gap_class === 'no_service') gaps++;
      }
      return h('td', { class: shareClass(gaps, n), title: `${gaps} of ${n} regions without ${serviceName(s)}` }, String(gaps));
    });
    const open = whole ?
      () => drill([...state.crumbs, `${level.kind === 'countries' ? 'c' : 'p'}:${code}`]) :
      () => {
        selectRegion(code);
        if (!window.matchMedia('(max-width: 63.99rem)').matches) $('#gm-map-title').scrollIntoView({ block: 'start', behavior: 'smooth' });
      };
    return h('tr', { 'data-code': code },
      h('th', { scope: 'row' }, h('button', { type: 'button', class: 'button-link', onclick: open }, names(code))),
      whole ? h('td', { class: 'num gm-count' }, String(kids.size)) : null, cells);
  });
  const legend = whole ? SHARE_LEGEND.map(([cls, label]) => h('li', {}, h('span', { class: `gm-swatch ${cls}` }), label)) :
    ['no_service', 'below_norm', 'covered'].map((g) => h('li', {}, h('span', { class: `gm-swatch ${GAP_CLASS[g]}` }), GAP_LABELS[g]));
  $('#gm-matrix').replaceChildren(...[
    otherRunsNote(),
    h('ul', { class: 'gm-legend-list' }, legend),
    h('div', { class: 'table-wrap gm-scroll' }, h('table', { class: 'gm-matrix', 'data-testid': 'gm-matrix-table' },
      h('thead', {}, header), h('tbody', {}, rows))),
  ].filter(Boolean));
}

/** At a country, points to stored runs of other boundary sets of that country (Thai districts). */
function otherRunsNote() {
  const last = state.crumbs[state.crumbs.length - 1];
  if (!last || !last.startsWith('c:')) return null;
  const country = last.slice(2);
  const box = h('p', { class: 'gm-deeper', 'data-testid': 'gm-deeper' });
  const seen = new Set([`${state.run.parameters.set}/${state.run.parameters.level}`]);
  const others = state.runs.filter((r) => {
    const k = `${r.parameters.set}/${r.parameters.level}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  Promise.all(others.map(async (r) => {
    const key = `${r.parameters.set}/${r.parameters.level}`;
    if (!cache.setCountry.has(key)) {
      const page = await api('GET', `/regions${query({ set: r.parameters.set, level: r.parameters.level, limit: 1 })}`).catch(() => ({ items: [] }));
      cache.setCountry.set(key, (page.items[0] || {}).country || '');
    }
    return cache.setCountry.get(key) === country ? r : null;
  })).then((found) => {
    const runs = found.filter(Boolean);
    if (!runs.length) return;
    box.replaceChildren(`More detail for ${areaName(last)}: `, ...runs.flatMap((r, i) => [i ? ', ' : '',
      h('button', { type: 'button', class: 'button-link', 'data-testid': `gm-open-${r.parameters.set}-${r.parameters.level}`, onclick: async () => {
        state.area = '';
        await openRun(r.id);
        $('#gm-regional-title').scrollIntoView({ block: 'start' });
      } }, `${r.parameters.set} level ${r.parameters.level} (run of ${formatTime(r.created_at)})`)]));
  });
  return box;
}

function drill(crumbs) {
  state.crumbs = crumbs;
  state.area = crumbs[crumbs.length - 1] || '';
  $('#gm-area').value = state.area;
  renderView(false);
}

// ------------------------------------------------------------ runs and comparison

function renderRuns() {
  // A and B start as the run shown and the one before it of its set and level.
  const cur = state.run;
  const same = state.runs.filter((r) => cur && r.parameters.set === cur.parameters.set && r.parameters.level === cur.parameters.level);
  const at = same.findIndex((r) => r.id === cur.id);
  const pickB = at >= 0 && same[at + 1] ? cur.id : '';
  const pickA = pickB ? same[at + 1].id : '';
  const table = h('table', { class: 'table' },
    h('thead', {}, h('tr', {}, ['A', 'B', 'Report', 'Method', 'Created', 'By', ''].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, state.runs.map((r) => h('tr', { class: state.run && r.id === state.run.id ? 'gm-current' : null, 'data-run': r.id },
      h('td', {}, h('input', { type: 'radio', name: 'gm-a', value: r.id, 'aria-label': `Run of ${formatTime(r.created_at)} as A`, checked: r.id === pickA })),
      h('td', {}, h('input', { type: 'radio', name: 'gm-b', value: r.id, 'aria-label': `Run of ${formatTime(r.created_at)} as B`, checked: r.id === pickB })),
      h('td', {}, `${r.parameters.set} level ${r.parameters.level}`, h('br'), h('span', { class: 'muted gm-small' },
        `${(r.parameters.services || []).length || 'all'} service types · ${r.row_count} rows`)),
      h('td', {}, METHOD_NAMES[r.parameters.method] || r.parameters.method),
      h('td', {}, formatTime(r.created_at)),
      h('td', {}, r.created_by),
      h('td', {}, state.run && r.id === state.run.id ? h('span', { class: 'muted' }, 'Shown') :
        h('button', { type: 'button', class: 'button-secondary button-small', onclick: () => openRun(r.id) }, 'Open'))))));
  $('#gm-runs-table').replaceChildren(table);
}

async function compare() {
  const a = (document.querySelector('input[name=gm-a]:checked') || {}).value;
  const b = (document.querySelector('input[name=gm-b]:checked') || {}).value;
  const status = $('#gm-compare-status');
  clearStatus(status);
  const out = $('#gm-compare-result');
  if (!a || !b || a === b) {
    showStatus(status, 'error', 'Pick two different runs: A, the earlier, and B, the later.');
    return;
  }
  const ra = state.runs.find((r) => r.id === a);
  const rb = state.runs.find((r) => r.id === b);
  if (ra.parameters.set !== rb.parameters.set || ra.parameters.level !== rb.parameters.level) {
    showStatus(status, 'error', `Runs of one boundary set and level compare: A is ${ra.parameters.set} level ${ra.parameters.level}, B ${rb.parameters.set} level ${rb.parameters.level}.`);
    return;
  }
  out.replaceChildren(h('p', { class: 'loading' }, 'Comparing…'));
  try {
    const c = await api('GET', `/reports/compare${query({ a, b })}`);
    const s = c.summary;
    const moved = c.rows.filter((r) => r.gap_change === 'improved' || r.gap_change === 'worsened')
      .sort((x, y) => (x.gap_change === y.gap_change ? 0 : x.gap_change === 'worsened' ? -1 : 1) || x.region_name.localeCompare(y.region_name));
    out.replaceChildren(...[
      h('p', { 'data-testid': 'gm-compare-summary' }, `${s.improved} improved, ${s.worsened} worsened, ${s.unchanged} unchanged`,
        s.added ? `, ${s.added} only in B` : '', s.removed ? `, ${s.removed} only in A` : '', ' (region × service type, roll-ups included).'),
      moved.length ? h('div', { class: 'table-wrap gm-scroll' }, h('table', { class: 'table gm-table' },
        h('thead', {}, h('tr', {}, ['Region', 'Level', 'Service type', 'A', 'B', 'Δ serving', 'Δ nearest public km'].map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, moved.slice(0, 200).map((r) => h('tr', {},
          h('td', {}, r.region_name, ' ', h('span', { class: 'gm-code' }, r.region_code)), h('td', {}, String(r.level)),
          h('td', {}, serviceName(r.service)), h('td', {}, chip(r.gap_before)), h('td', {}, chip(r.gap_after)),
          h('td', { class: 'num' }, signed(r.delta.providers_serving)), h('td', { class: 'num' }, signed(r.delta.nearest_km)))))))
        : h('p', { class: 'muted' }, 'No region changed gap class.'),
      moved.length > 200 ? h('p', { class: 'muted' }, `The first 200 of ${moved.length} changes.`) : null,
      h('p', {}, h('a', { href: `/api/v1/reports/compare${query({ a, b, format: 'csv' })}`, download: 'coverage-compare.csv' },
        'Download the whole comparison (CSV, every measure before and after)')),
    ].filter(Boolean));
  } catch (err) {
    out.replaceChildren();
    showProblem(err, status);
  }
}

function signed(x) {
  if (x === null || x === undefined) return '–';
  return x > 0 ? `+${formatNumber(x)}` : formatNumber(x);
}

// ------------------------------------------------------------ files and method

function renderFiles() {
  const id = encodeURIComponent(state.run.id);
  const base = `/api/v1/reports/runs/${id}`;
  const mapQuery = { service: state.service, measure: state.measure };
  const box = $('#gm-file-links');
  const file = (label, format, extra, testid) => h('button', { type: 'button', class: 'button-secondary', 'data-testid': testid,
    onclick: (e) => download(e.currentTarget, `${base}${query({ format, ...extra })}`, format) }, label);
  box.replaceChildren(
    h('a', { class: 'button', href: `${base}${query({ format: 'html', ...mapQuery })}`, target: '_blank', rel: 'noopener', 'data-testid': 'gm-print-map' },
      'This map as a printable report'),
    h('a', { class: 'button button-secondary', href: `${base}?format=html`, target: '_blank', rel: 'noopener', 'data-testid': 'gm-print' },
      'Printable report of every type'),
    file('PDF of this map', 'pdf', mapQuery, 'gm-pdf'),
    file('CSV', 'csv', {}, 'gm-csv'),
    file('GeoJSON', 'geojson', {}, 'gm-geojson'),
    file('Excel', 'xlsx', {}, 'gm-xlsx'),
    h('div', { id: 'gm-file-status', class: 'status', role: 'status', 'aria-live': 'polite', hidden: true }),
  );
}

async function download(button, url, format) {
  const status = $('#gm-file-status');
  clearStatus(status);
  const old = button.textContent;
  button.disabled = true;
  button.textContent = format === 'pdf' ? 'Printing the PDF…' : 'Preparing…';
  try {
    const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: '*/*' } });
    if (!res.ok) {
      const problem = await res.json().catch(() => null);
      throw new ApiError(res.status, problem || { detail: `The server answered ${res.status}.` });
    }
    const blob = await res.blob();
    const name = (/filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '') || [])[1] || `coverage.${format}`;
    const href = URL.createObjectURL(blob);
    const a = h('a', { href, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10000);
    showStatus(status, 'success', `Downloaded ${name}.`);
  } catch (err) {
    showProblem(err, status);
  } finally {
    button.disabled = false;
    button.textContent = old;
  }
}

function renderMethod() {
  const run = state.run;
  const m = run.report.method;
  const dv = run.data_versions;
  const items = [
    ['Access index', m.method === 'count' ? 'none: counts and distances only' : `${METHOD_NAMES[m.method]}, catchment ${formatNumber(m.catchment_km)} km`],
    ['People within reach', `within ${formatNumber(m.within_km)} km of a public provider`],
    ['Boundaries', `${dv.boundary_set}, version ${dv.boundary_version}, level ${dv.level}`],
    ['Providers', `the directory at ${formatTime(dv.provider_snapshot)}: ${m.counts.providers} sites, every confidentiality tier counted, none placed by the report`],
    ['Population', dv.population_source ? `${dv.population_source}: ${m.counts.population_points.toLocaleString('en-GB')} points` : 'no population points'],
    ['Distances', `${m.distance}, radius ${m.earth_radius_km} km; to public providers only (region-only and hidden providers count in ` +
      'every other figure but are never measured to)'],
    ['Run', `${run.id}, by ${run.created_by}`],
  ];
  $('#gm-method-body').replaceChildren(
    h('dl', { class: 'gm-method' }, items.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
    h('h3', {}, 'Caveats'),
    h('ul', {}, [...(m.caveats || []), 'Hidden and region-only providers are never drawn as points, on this map or in any report.']
      .map((c) => h('li', {}, c))),
    h('p', { class: 'muted' }, 'The printable report states every formula and parameter, and how to get each figure as a table.'),
  );
  const note = $('#gm-run-note');
  if (!m.counts.population_points) {
    note.replaceChildren(h('p', { class: 'status-title' }, 'No population points loaded'),
      h('p', {}, 'This report has no population points, so shares within reach and access indexes are not computed, and population ' +
        'comes from the boundary set where it has one. Load points on the server with ',
      h('code', {}, 'haven population import FILE.csv --lon COL --lat COL --population COL'), ', then run a new report.'));
    note.hidden = false;
  } else {
    note.hidden = true;
  }
}

// ------------------------------------------------------------ new report

function fillNewForm() {
  const setSel = $('#gm-new-set');
  setSel.replaceChildren(...state.sets.map((s) => h('option', { value: s.name }, `${s.name} (version ${s.version})`)));
  const levels = () => {
    const set = state.sets.find((s) => s.name === setSel.value);
    const ls = Object.keys((set && set.levels) || {}).map(Number).filter((l) => l >= 1).sort((a, b) => a - b);
    $('#gm-new-level').replaceChildren(...ls.map((l) => h('option', { value: l }, `Level ${l} (${set.levels[l]} regions)`)));
  };
  setSel.addEventListener('change', levels);
  levels();
  $('#gm-new-form').addEventListener('submit', (e) => {
    e.preventDefault();
    runReport();
  });
}

async function runReport() {
  const form = $('#gm-new-form');
  const status = $('#gm-new-status');
  clearStatus(status);
  const body = {
    set: $('#gm-new-set').value,
    level: Number($('#gm-new-level').value),
    method: $('#gm-new-method').value,
    catchment_km: Number($('#gm-new-catchment').value) || 0,
  };
  if ($('#gm-new-services').value === 'main') {
    body.services = [...state.terms.values()].filter((t) => !t.parent_code).map((t) => t.code);
  }
  const set = state.sets.find((s) => s.name === body.set);
  const regions = set && set.levels ? set.levels[body.level] : 0;
  const progress = $('#gm-progress');
  const text = $('#gm-progress-text');
  const button = form.querySelector('button[type=submit]');
  const started = Date.now();
  const tick = () => {
    const s = Math.round((Date.now() - started) / 1000);
    text.textContent = `Computing the report for ${regions || 'the'} regions × ${body.services ? body.services.length : 'every'} service types… ${s} s`;
  };
  tick();
  const timer = setInterval(tick, 1000);
  progress.hidden = false;
  button.disabled = true;
  try {
    const run = await api('POST', '/reports/runs', body);
    state.runs = (await api('GET', '/reports/runs?limit=100')).items;
    showStatus(status, 'success', `Report computed in ${Math.max(1, Math.round((Date.now() - started) / 1000))} s and stored.`);
    state.area = '';
    state.selected = '';
    $('#gm-empty').hidden = true;
    showMain(true);
    await openRun(run.id);
  } catch (err) {
    showProblem(err, status, form);
  } finally {
    clearInterval(timer);
    progress.hidden = true;
    button.disabled = false;
  }
}

// ------------------------------------------------------------ the page

function renderView(resetCrumbs = true) {
  if (resetCrumbs) state.crumbs = state.area ? [state.area] : [];
  if (state.area.startsWith('p:') && resetCrumbs) {
    const country = (state.info.get([...areaCodes(state.area)][0]) || {}).country;
    if (country && state.countries.size > 1) state.crumbs = [`c:${country}`, state.area];
  }
  setURL();
  renderMap();
  renderRegional();
  renderFiles();
  renderMethod();
  if (state.selected) renderDetail(state.selected);
  else {
    $('#gm-detail').replaceChildren(h('h2', {}, 'Region'),
      h('p', { class: 'muted' }, 'Click a region on the map (or a region in the table below) for all its figures and its providers.'));
  }
}

function showMain(on) {
  for (const id of ['#gm-controls', '#gm-main', '#gm-regional', '#gm-runs', '#gm-files', '#gm-method']) $(id).hidden = !on;
}

async function main() {
  const user = await requireUser();
  if (!ANALYSTS.includes(user.role)) {
    $('#loading').hidden = true;
    $('#denied').hidden = false;
    return;
  }
  const params = new URLSearchParams(location.search);
  state.service = params.get('service') || '';
  state.measure = MEASURES[params.get('measure')] ? params.get('measure') : 'gap_class';
  state.area = params.get('area') || '';
  state.selected = params.get('region') || '';
  state.base = params.get('base') === '1';
  try {
    const [terms, sets, runs] = await Promise.all([api('GET', '/taxonomy'), api('GET', '/region-sets'), api('GET', '/reports/runs?limit=100')]);
    for (const t of terms.items) state.terms.set(t.code, t);
    state.sets = sets.items;
    state.runs = runs.items;
  } catch (err) {
    showProblem(err, $('#page-status'));
    $('#loading').hidden = true;
    return;
  }
  showContent();
  wireControls();
  fillNewForm();
  $('#gm-compare').addEventListener('click', compare);
  const empty = $('#gm-empty');
  if (!state.sets.length) {
    empty.replaceChildren(h('p', {}, h('strong', {}, 'No boundaries are loaded yet. '),
      'A gap map needs regions: an admin imports them under Regions, or on the server with ',
      h('code', {}, 'haven regions import FILE.geojson --set NAME --level N --code PROP --name PROP'), '.'));
    empty.hidden = false;
    $('#gm-new').hidden = true;
    return;
  }
  if (!state.runs.length) {
    empty.replaceChildren(h('p', {}, h('strong', {}, 'No report has been run yet. '),
      'Choose a boundary set and level under New report and run one: it takes a few seconds. For population-based figures, ',
      'load population points first on the server with ', h('code', {}, 'haven population import FILE.csv --lon COL --lat COL --population COL'), '.'));
    empty.hidden = false;
    $('#gm-new').open = true;
    return;
  }
  showMain(true);
  const wanted = params.get('run');
  const first = state.runs.find((r) => r.id === wanted) || state.runs[0];
  await openRun(first.id);
  document.body.dataset.gapmapReady = 'true';
}

main();
