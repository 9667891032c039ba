// Where a submission is, drawn without map tiles (Haven works offline and
// sends nobody's position to a tile server): the boundaries of the regions
// it lies in, from /api/v1/regions/:code, as SVG, and its point when the
// reader may see it. What is drawn follows the place the API gives: a
// region_only place shows only its region, a hidden one nothing at all.
import { h, api, query } from './api.js';
import { regionChain } from './submissions-common.js';

const SVG = 'http://www.w3.org/2000/svg';
const PAD = 28;
const KM_PER_DEGREE = 111.32;

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The polygons of a GeoJSON geometry, each a list of rings of [lon, lat]. */
function polygons(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

function extend(box, [lon, lat]) {
  box.west = Math.min(box.west, lon);
  box.east = Math.max(box.east, lon);
  box.south = Math.min(box.south, lat);
  box.north = Math.max(box.north, lat);
}

/**
 * A projection fitting box into a drawing W × H: longitude shrunk by the
 * cosine of the middle latitude.
 */
function projection(box, W, H) {
  const cos = Math.cos((((box.north + box.south) / 2) * Math.PI) / 180);
  const spanX = Math.max((box.east - box.west) * cos, 1e-6);
  const spanY = Math.max(box.north - box.south, 1e-6);
  const k = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
  const x0 = (W - spanX * k) / 2;
  const y0 = (H - spanY * k) / 2;
  return {
    W,
    H,
    k: k / KM_PER_DEGREE, // pixels per km
    x: (lon) => x0 + (lon - box.west) * cos * k,
    y: (lat) => y0 + (box.north - lat) * k,
    lon: (x) => box.west + (x - x0) / (cos * k),
    lat: (y) => box.north - (y - y0) / k,
  };
}

function pathOf(geometry, p) {
  let d = '';
  for (const poly of polygons(geometry)) {
    for (const ring of poly) {
      ring.forEach(([lon, lat], i) => {
        d += `${i ? 'L' : 'M'}${p.x(lon).toFixed(1)} ${p.y(lat).toFixed(1)}`;
      });
      d += 'Z';
    }
  }
  return d;
}

/** A round step (1, 2 or 5 × 10^n) that fits about `count` times into span. */
function niceStep(span, count) {
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || mag * 10;
}

function graticule(map, p) {
  const { W, H } = p;
  const west = p.lon(0);
  const east = p.lon(W);
  const north = p.lat(0);
  const south = p.lat(H);
  const step = niceStep(Math.max(east - west, north - south), 4);
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  for (let lon = Math.ceil(west / step) * step; lon <= east; lon += step) {
    map.append(svg('line', { x1: p.x(lon), x2: p.x(lon), y1: 0, y2: H, class: 'pm-grid' }));
    if (p.x(lon) < W - 64) {
      map.append(svg('text', { x: p.x(lon) + 3, y: H - 6, class: 'pm-grid-label' }, `${lon.toFixed(digits)}°E`));
    }
  }
  for (let lat = Math.ceil(south / step) * step; lat <= north; lat += step) {
    map.append(svg('line', { x1: 0, x2: W, y1: p.y(lat), y2: p.y(lat), class: 'pm-grid' }));
    if (p.y(lat) > 20 && p.y(lat) < H - 24) {
      map.append(svg('text', { x: 4, y: p.y(lat) - 4, class: 'pm-grid-label' }, `${lat.toFixed(digits)}°${lat < 0 ? 'S' : 'N'}`));
    }
  }
}

function scaleBar(map, p) {
  const { W, H } = p;
  const km = niceStep((W / 4) / p.k, 1);
  const len = km * p.k;
  const x = W - PAD - len;
  const y = H - 34;
  map.append(svg('rect', { x: x - 6, y: y - 20, width: len + 12, height: 30, rx: 4, class: 'pm-scale-bg' }));
  map.append(svg('path', { d: `M${x} ${y - 5}V${y}H${x + len}V${y - 5}`, class: 'pm-scale' }));
  map.append(svg('text', { x: x + len / 2, y: y - 8, 'text-anchor': 'middle', class: 'pm-scale-label' },
    km >= 1 ? `${km} km` : `${Math.round(km * 1000)} m`));
}

/** Reads the display geometry of each region; one that cannot be read is left out. */
async function shapes(chain) {
  return Promise.all(chain.map(async (r) => {
    try {
      const f = await api('GET', `/regions/${encodeURIComponent(r.code)}` + query({ set: r.set, display: 'true' }));
      return { region: r, geometry: f.geometry };
    } catch {
      return { region: r, geometry: null };
    }
  }));
}

function note(testid, title, text) {
  return h('div', { class: 'pm-note withheld', 'data-testid': testid }, h('p', {}, h('strong', {}, title)), h('p', {}, text));
}

/**
 * A figure showing where the submission is, as far as the reader may know,
 * drawn for a box about width pixels wide (so that its text keeps its size
 * on a phone). It resolves once the boundaries are drawn.
 */
export async function placeMap(place, width) {
  const p = place || { shown: 'none', regions: [] };
  if (p.shown === 'withheld') {
    return note('place-withheld', 'Where it is is hidden.',
      'Only people with the confidential right see the point and the region of a hidden place.');
  }
  if (p.shown === 'none') {
    return h('p', { class: 'empty', 'data-testid': 'place-none' }, 'No map point was recorded.');
  }
  const chain = regionChain(p);
  const drawn = (await shapes(chain)).filter((s) => s.geometry);
  const point = p.shown === 'point' && p.latitude != null && p.longitude != null ? [p.longitude, p.latitude] : null;
  const focus = drawn[drawn.length - 1];
  if (!point && !focus) {
    return note('place-withheld', 'Only the region may be shown.', 'Its boundaries could not be read.');
  }

  const box = { west: Infinity, east: -Infinity, south: Infinity, north: -Infinity };
  if (focus) {
    for (const poly of polygons(focus.geometry)) for (const c of poly[0]) extend(box, c);
  }
  if (point) {
    extend(box, point);
    // A point alone, or in a tiny region: show a few km around it.
    const r = 0.03;
    extend(box, [point[0] - r, point[1] - r]);
    extend(box, [point[0] + r, point[1] + r]);
  }
  const padX = (box.east - box.west) * 0.06;
  const padY = (box.north - box.south) * 0.06;
  Object.assign(box, { west: box.west - padX, east: box.east + padX, south: box.south - padY, north: box.north + padY });
  // One drawing unit per screen pixel: the drawing fills the box exactly.
  const W = Math.round(Math.min(Math.max(width || 640, 320), 1200));
  const H = Math.round(W < 480 ? W * 0.8 : Math.min(W * 0.6, 420));
  const proj = projection(box, W, H);

  const names = chain.map((r) => r.name).reverse().join(', ');
  const label = point
    ? `Map: the point ${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}${names ? ` in ${names}` : ''}`
    : `Map: the region ${names}; the exact place is not shown`;
  const map = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'pm-map', role: 'img', 'aria-label': label, 'data-testid': 'place-map' });
  map.append(svg('rect', { x: 0, y: 0, width: W, height: H, class: 'pm-bg' }));
  graticule(map, proj);
  drawn.forEach((s, i) => {
    const deepest = i === drawn.length - 1;
    const cls = deepest ? (point ? 'pm-region' : 'pm-region pm-region-only') : 'pm-context';
    const path = svg('path', { d: pathOf(s.geometry, proj), class: cls, 'fill-rule': 'evenodd',
      'data-testid': deepest ? 'place-region' : 'place-context', 'data-code': s.region.code });
    path.append(svg('title', {}, `${s.region.name} (${s.region.code})`));
    map.append(path);
  });
  if (point) {
    const x = proj.x(point[0]);
    const y = proj.y(point[1]);
    map.append(svg('circle', { cx: x, cy: y, r: 13, class: 'pm-point-halo' }));
    map.append(svg('circle', { cx: x, cy: y, r: 7, class: 'pm-point', 'data-testid': 'place-point' }));
  }
  scaleBar(map, proj);

  const caption = point
    ? [h('strong', {}, `${p.latitude.toFixed(5)}, ${p.longitude.toFixed(5)}`), names ? ` in ${names}` : ' (outside every boundary set)']
    : [h('strong', {}, names), '. The exact place is confidential: only its region is shown.'];
  return h('figure', { class: 'pm-figure' }, map, h('figcaption', { class: 'pm-caption', 'data-testid': 'place-caption' }, ...caption));
}
