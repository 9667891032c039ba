// The gap map's choropleth, drawn as SVG with no tiles and no library:
// region boundaries from the run's GeoJSON, projected equirectangular with
// longitudes scaled by the cosine of the middle latitude (as the printable
// report does), and public providers as clustered markers. Region_only and
// hidden places are never drawn as points: the caller passes public points
// only, and this module draws nothing else. Under the regions, an optional
// base layer of land, sea and country borders (GET /reports/basemap, made
// on the server from the boundaries loaded) shows what lies around them.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1000; // viewBox units
const MAX_HEIGHT = 1100;
const PAD = 10;
const TOLERANCE = 0.5; // drop vertices closer than this (viewBox units) to the last kept
const CLUSTER_PX = 30; // markers closer than this on screen merge

export function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A GeoJSON (Multi)Polygon's polygons and bounding box. */
function polysOf(geometry) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const box = { west: Infinity, east: -Infinity, south: Infinity, north: -Infinity };
  for (const poly of polys) {
    for (const ring of poly) {
      for (const [lon, lat] of ring) {
        if (lon < box.west) box.west = lon;
        if (lon > box.east) box.east = lon;
        if (lat < box.south) box.south = lat;
        if (lat > box.north) box.north = lat;
      }
    }
  }
  return { polys, box };
}

/** The regions of a GeoJSON FeatureCollection of one run, one per code. */
export function shapesOf(fc) {
  const out = new Map();
  for (const f of fc.features || []) {
    const p = f.properties || {};
    if (out.has(p.region_code) || !f.geometry) continue;
    out.set(p.region_code, { code: p.region_code, name: p.region_name, ...polysOf(f.geometry) });
  }
  return out;
}

/**
 * The base layer (GET /reports/basemap) ready to draw: its countries, each
 * with its land, name and label point, and where the layer comes from.
 */
export function baseOf(fc) {
  const countries = (fc.features || []).filter((f) => f.geometry).map((f) => {
    const p = f.properties || {};
    return { code: p.country, name: p.name, label: p.label, ...polysOf(f.geometry) };
  });
  return { countries, set: fc.set || '', version: fc.set_version || 0, level: fc.level || 0, source: fc.source || '' };
}

function unionBox(shapes) {
  const box = { west: Infinity, east: -Infinity, south: Infinity, north: -Infinity };
  for (const s of shapes) {
    box.west = Math.min(box.west, s.box.west);
    box.east = Math.max(box.east, s.box.east);
    box.south = Math.min(box.south, s.box.south);
    box.north = Math.max(box.north, s.box.north);
  }
  return box;
}

/** Fits box into WIDTH × at most MAX_HEIGHT units. */
function projection(box) {
  const cos = Math.cos((((box.north + box.south) / 2) * Math.PI) / 180);
  const spanX = Math.max((box.east - box.west) * cos, 1e-9);
  const spanY = Math.max(box.north - box.south, 1e-9);
  let k = (WIDTH - 2 * PAD) / spanX;
  if (spanY * k > MAX_HEIGHT - 2 * PAD) k = (MAX_HEIGHT - 2 * PAD) / spanY;
  const width = Math.ceil(spanX * k + 2 * PAD);
  const height = Math.ceil(spanY * k + 2 * PAD);
  return {
    width,
    height,
    kmPerUnit: 111.32 / k,
    x: (lon) => PAD + (lon - box.west) * cos * k,
    y: (lat) => PAD + (box.north - lat) * k,
    lon: (x) => box.west + (x - PAD) / (cos * k),
    lat: (y) => box.north - (y - PAD) / k,
    inside: (lon, lat) => lon >= box.west && lon <= box.east && lat >= box.south && lat <= box.north,
  };
}

function pathOf(shape, p) {
  let d = '';
  for (const poly of shape.polys) {
    for (const ring of poly) {
      let part = '';
      let n = 0;
      let lx = NaN;
      let ly = NaN;
      ring.forEach(([lon, lat], i) => {
        const x = Math.round(p.x(lon) * 10) / 10;
        const y = Math.round(p.y(lat) * 10) / 10;
        if (i > 0 && i < ring.length - 1 && Math.hypot(x - lx, y - ly) < TOLERANCE) return;
        part += `${n ? 'L' : 'M'}${x} ${y}`;
        n++;
        lx = x;
        ly = y;
      });
      if (n >= 3) d += `${part}Z`;
    }
  }
  return d;
}

function niceKm(target) {
  const mag = 10 ** Math.floor(Math.log10(target));
  let km = mag;
  for (const m of [1, 2, 5, 10]) if (m * mag <= target) km = m * mag;
  return km;
}

/**
 * Draws the choropleth into container; returns how many points it marked.
 *   shapes:   Map code → shape (shapesOf)
 *   focus:    codes to fit the map to (the area filter); others are context
 *   fills:    Map code → {cls, title}: the colour class and tooltip
 *   selected: the selected region's code
 *   points:   public provider points [{lon, lat, name, id}]
 *   base:     the base layer (baseOf), or null for boundaries alone
 *   named:    countries of the regions shown, whose names the base layer leaves out
 *   onSelect(code), onCluster(points)
 */
export function drawMap(container, { shapes, focus, fills, selected, points, base, named, onSelect, onCluster, label }) {
  const focused = [...shapes.values()].filter((s) => !focus || focus.has(s.code));
  if (!focused.length) {
    container.replaceChildren();
    return 0;
  }
  const p = projection(unionBox(focused));
  const map = svg('svg', { viewBox: `0 0 ${p.width} ${p.height}`, class: 'gm-svg', role: 'img', 'aria-label': label,
    'data-testid': 'gm-svg' });
  const defs = svg('defs');
  const hatch = svg('pattern', { id: 'gm-hatch', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.append(svg('rect', { width: 8, height: 8, class: 'gm-hatch-bg' }), svg('rect', { width: 2.5, height: 8, class: 'gm-hatch-line' }));
  defs.append(hatch);
  map.append(defs, svg('rect', { width: p.width, height: p.height, class: base ? 'gm-sea gm-sea-base' : 'gm-sea' }));
  const near = nearBox(unionBox(focused));
  // The land runs on past the area shown, into the margins the map's box
  // leaves when it is wider or taller than the map (the panel shows them in
  // the sea's colour, gm-map-base).
  if (base) map.append(drawLand(base, p, wideBox(unionBox(focused))));
  const regions = svg('g', { class: 'gm-regions' });
  for (const s of shapes.values()) {
    const inFocus = !focus || focus.has(s.code);
    // Context regions around the area shown: drawn only where they can be seen.
    if (!inFocus && !overlaps(s.box, near)) continue;
    const d = pathOf(s, p);
    if (!d) continue;
    const f = fills.get(s.code) || { cls: 'g-na', title: `${s.name}: not in this report` };
    const path = svg('path', { d, class: inFocus ? `gm-region ${f.cls}` : 'gm-context', 'data-code': s.code, 'data-class': f.cls });
    if (inFocus) {
      path.append(svg('title', {}, f.title));
      path.addEventListener('click', () => onSelect(s.code));
    }
    regions.append(path);
  }
  map.append(regions);
  if (selected && shapes.has(selected) && (!focus || focus.has(selected))) {
    map.append(svg('path', { d: pathOf(shapes.get(selected), p), class: 'gm-selected', 'data-testid': 'gm-selected' }));
  }
  container.classList.toggle('gm-map-base', Boolean(base));
  container.replaceChildren(map);
  if (base) drawCountryNames(map, p, base, named || new Set());
  drawScale(map, p);
  return drawMarkers(map, p, points || [], onCluster);
}

/** The base layer's land: each country in a muted fill, its borders and coast in grey. */
function drawLand(base, p, box) {
  const g = svg('g', { class: 'gm-base', 'data-testid': 'gm-base-layer', 'aria-hidden': 'true' });
  for (const c of base.countries) {
    if (!overlaps(c.box, box)) continue;
    const d = pathOf(c, p);
    if (d) g.append(svg('path', { d, class: 'gm-land', 'data-country': c.code }));
  }
  return g;
}

/** The area shown, with room on every side for the margins of a wide or tall panel. */
function wideBox(f) {
  const w = f.east - f.west;
  const h = f.north - f.south;
  const pad = Math.max(w, h) + 1;
  return { west: f.west - pad, east: f.east + pad, south: f.south - pad, north: f.north + pad };
}

/** The box of longitudes and latitudes the panel shows, margins included. */
function visibleBox(map, p) {
  const r = map.getBoundingClientRect();
  const px = pixelsPerUnit(map, p);
  const dx = Math.max(0, r.width / px - p.width) / 2;
  const dy = Math.max(0, r.height / px - p.height) / 2;
  return { west: p.lon(-dx), east: p.lon(p.width + dx), south: p.lat(p.height + dy), north: p.lat(-dy) };
}

/**
 * The names of the countries around the regions shown, on their land
 * where the panel shows it; the regions' own countries are named by the
 * report.
 */
function drawCountryNames(map, p, base, named) {
  const px = pixelsPerUnit(map, p);
  const box = visibleBox(map, p);
  const fs = 13 / px;
  const g = svg('g', { class: 'gm-base-names', 'aria-hidden': 'true' });
  for (const c of base.countries) {
    if (named.has(c.code) || !overlaps(c.box, box)) continue;
    // Half the name's width, in degrees of longitude (an average letter is about 0.6 em).
    const half = 0.3 * fs * String(c.name).length * (p.lon(1) - p.lon(0));
    const at = labelPoint(c, box, half);
    if (!at) continue;
    g.append(svg('text', { x: p.x(at[0]), y: p.y(at[1]), 'text-anchor': 'middle', 'font-size': fs, 'stroke-width': 3 / px,
      'data-country': c.code }, c.name));
  }
  map.append(g);
}

/**
 * Where to write a country's name inside box: its label point when that
 * is well inside and the name fits on land there (half: half the name's
 * width in degrees), else the point of a 20 × 20 grid over box where the
 * name fits on the country's land with the most neighbouring points on it
 * too (away from coasts and borders), nearest the label point among
 * equals; null when hardly any of the country is in box.
 */
function labelPoint(c, box, half) {
  const mx = (box.east - box.west) * 0.04 + half;
  const my = (box.north - box.south) * 0.04;
  const inner = { west: box.west + mx, east: box.east - mx, south: box.south + my, north: box.north - my };
  const fits = (x, y) => onLand(c.polys, x, y) && onLand(c.polys, x - half, y) && onLand(c.polys, x + half, y);
  const [lx, ly] = Array.isArray(c.label) ? c.label : [NaN, NaN];
  if (lx >= inner.west && lx <= inner.east && ly >= inner.south && ly <= inner.north && fits(lx, ly)) return c.label;
  const n = 20;
  const at = (i, j) => [inner.west + ((i + 0.5) * (inner.east - inner.west)) / n, inner.south + ((j + 0.5) * (inner.north - inner.south)) / n];
  const on = [];
  for (let i = 0; i < n; i++) {
    on.push([]);
    for (let j = 0; j < n; j++) on[i].push(fits(...at(i, j)));
  }
  let best = null;
  let bestScore = 0;
  let bestDist = Infinity;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (!on[i][j]) continue;
      let score = 0;
      for (let di = -2; di <= 2; di++) for (let dj = -2; dj <= 2; dj++) score += on[i + di] && on[i + di][j + dj] ? 1 : 0;
      const [x, y] = at(i, j);
      const dist = Number.isFinite(lx) ? Math.hypot(x - lx, y - ly) : 0;
      if (score > bestScore || (score === bestScore && dist < bestDist)) [best, bestScore, bestDist] = [[x, y], score, dist];
    }
  }
  return bestScore >= 6 ? best : null;
}

/** Whether a point is on a country's land (even–odd rule over every ring). */
function onLand(polys, x, y) {
  let inside = false;
  for (const poly of polys) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

/** The area shown, with a margin: regions there are context. */
function nearBox(f) {
  const padLon = (f.east - f.west) * 0.15 + 0.2;
  const padLat = (f.north - f.south) * 0.15 + 0.2;
  return { west: f.west - padLon, east: f.east + padLon, south: f.south - padLat, north: f.north + padLat };
}

function overlaps(a, b) {
  return a.east >= b.west && a.west <= b.east && a.north >= b.south && a.south <= b.north;
}

/** Pixels on screen per viewBox unit, once the SVG is laid out. */
function pixelsPerUnit(map, p) {
  const w = map.getBoundingClientRect().width;
  const h = map.getBoundingClientRect().height;
  return Math.min(w / p.width, h / p.height) || 1;
}

function drawScale(map, p) {
  const px = pixelsPerUnit(map, p);
  const km = niceKm((p.width / 5) * p.kmPerUnit);
  const len = km / p.kmPerUnit;
  const fs = 13 / px; // text stays 13px on any screen
  const g = svg('g', { class: 'gm-scale', 'aria-hidden': 'true' });
  const y = p.height - 16 / px;
  g.append(svg('rect', { x: 4 / px, y: y - 24 / px, width: len + 16 / px + 40 / px, height: 32 / px, class: 'gm-scale-bg' }));
  g.append(svg('path', { d: `M${10 / px} ${y - 5 / px}V${y}H${10 / px + len}V${y - 5 / px}`, class: 'gm-scale-bar', 'stroke-width': 2 / px }));
  g.append(svg('text', { x: 10 / px, y: y - 9 / px, 'font-size': fs, class: 'gm-scale-text' }, `${km.toLocaleString('en-GB')} km`));
  map.append(g);
}

/**
 * Public provider points as markers, merged into clusters on a grid of
 * CLUSTER_PX screen pixels: a circle per cluster, sized by how many it
 * holds, with the count when more than one.
 */
function drawMarkers(map, p, points, onCluster) {
  if (!points.length) return 0;
  const px = pixelsPerUnit(map, p);
  const cell = CLUSTER_PX / px;
  const clusters = new Map();
  for (const pt of points) {
    if (!p.inside(pt.lon, pt.lat)) continue;
    const x = p.x(pt.lon);
    const y = p.y(pt.lat);
    const key = `${Math.floor(x / cell)}:${Math.floor(y / cell)}`;
    const c = clusters.get(key) || { sx: 0, sy: 0, pts: [] };
    c.sx += x;
    c.sy += y;
    c.pts.push(pt);
    clusters.set(key, c);
  }
  const g = svg('g', { class: 'gm-markers' });
  for (const c of clusters.values()) {
    const n = c.pts.length;
    const x = c.sx / n;
    const y = c.sy / n;
    const r = (n === 1 ? 4.5 : 7 + 1.5 * Math.sqrt(n)) / px;
    const m = svg('g', { class: n === 1 ? 'gm-marker' : 'gm-marker gm-cluster', 'data-count': n, tabindex: 0, role: 'button',
      'aria-label': n === 1 ? c.pts[0].name : `${n} providers` });
    m.append(svg('title', {}, n === 1 ? c.pts[0].name : `${n} providers: ${c.pts.slice(0, 6).map((q) => q.name).join('; ')}${n > 6 ? '; …' : ''}`));
    m.append(svg('circle', { cx: x, cy: y, r, 'stroke-width': 1.5 / px }));
    if (n > 1) m.append(svg('text', { x, y: y + 3.5 / px, 'text-anchor': 'middle', 'font-size': 10 / px }, String(n)));
    const open = (e) => {
      e.stopPropagation();
      onCluster(c.pts);
    };
    m.addEventListener('click', open);
    m.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        open(e);
      }
    });
    g.append(m);
  }
  map.append(g);
  return [...clusters.values()].reduce((n, c) => n + c.pts.length, 0);
}
