// What the gap map can colour regions by, and how: the same measures,
// class breaks and palettes as the printable report (reports/printable_*.go),
// so a map on screen and on paper read alike. Colour classes are CSS
// classes (gapmap.css): never an inline style, never red.

/** The measures, keyed by report column. */
export const MEASURES = {
  gap_class: { label: 'Gap class', categorical: true },
  providers_per_100k: { label: 'Providers per 100,000 people', short: 'Providers per 100,000', scale: 1, zeroApart: true,
    about: 'providers serving the region per 100,000 people' },
  nearest_km: { label: 'Distance to the nearest public provider', short: 'Nearest public provider', unit: 'km', scale: 1, lowerIsBetter: true,
    about: "great-circle km from the region's population-weighted point to the nearest public provider of the type " +
      '(region-only and hidden providers count in every other figure but are never measured to)' },
  access_index: { label: 'Access index per 100,000 people', short: 'Access index per 100,000', scale: 1e5, zeroApart: true,
    about: 'the accessibility index A (supply within reach per person) × 100,000' },
  population_within_share: { label: 'Share of people within reach of a public provider', short: 'People within reach', unit: '%', scale: 100,
    zeroApart: true, about: "per cent of the region's population within the reach distance of a public provider of the type" },
};

export const GAP_LABELS = { no_service: 'No service', below_norm: 'Below the norm', covered: 'Covered' };
export const GAP_CLASS = { no_service: 'g-no', below_norm: 'g-below', covered: 'g-cov' };
export const GAP_ABOUT = {
  no_service: 'no provider serves the region for this type',
  below_norm: 'a provider serves it, but a norm of the gap rules is not met',
  covered: 'served, and every norm met',
};

/** A row's value of a measure as shown, or null when not computed. */
export function display(row, key) {
  const m = MEASURES[key];
  const v = row ? row[key] : null;
  if (v === null || v === undefined || !Number.isFinite(v)) return null;
  return v * m.scale;
}

/** x rounded to n significant digits, through decimal text as Go does. */
function significant(x, n) {
  return Number(Number(x).toPrecision(n));
}

/**
 * Class breaks: the quintiles of the values (of those above 0 when 0 is a
 * class of its own), rounded to two significant digits, repeats dropped.
 */
export function breaksOf(values, zeroApart) {
  let vals = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const cb = { zero: false, breaks: [], empty: vals.length === 0, min: 0, max: 0 };
  if (cb.empty) return cb;
  if (zeroApart) {
    const n = vals.findIndex((v) => v > 0);
    const zeros = n < 0 ? vals.length : n;
    cb.zero = zeros > 0;
    vals = vals.slice(zeros);
  }
  if (vals.length) {
    cb.min = vals[0];
    cb.max = vals[vals.length - 1];
  }
  const k = cb.zero ? 4 : 5;
  for (let i = 1; i < k && vals.length; i++) {
    const b = significant(vals[Math.floor((i * vals.length) / k)], 2);
    const last = cb.breaks.length ? cb.breaks[cb.breaks.length - 1] : vals[0];
    if (b > last) cb.breaks.push(b);
  }
  return cb;
}

export function classCount(cb) {
  if (cb.empty) return 0;
  return cb.breaks.length + 1 + (cb.zero ? 1 : 0);
}

export function classOf(cb, x) {
  const below = cb.breaks.filter((b) => x >= b).length;
  if (cb.zero) return x <= 0 ? 0 : 1 + below;
  return below;
}

/** The colour class (s0…s5) of each class: darker is more help within reach. */
export function paletteOf(cb, m) {
  const n = classCount(cb);
  const out = [];
  for (let i = 0; i < n; i++) {
    let shade;
    if (cb.zero && i === 0) {
      shade = 0;
    } else {
      const first = cb.zero ? 1 : 0;
      const steps = n - 1 - first;
      shade = steps > 0 ? 1 + Math.round(((i - first) * 4) / steps) : 3;
    }
    if (m.lowerIsBetter) shade = Math.min(5, 6 - shade);
    out.push(`s${shade}`);
  }
  return out;
}

/** The label of each class, by its limits. */
export function labelsOf(cb, m) {
  if (cb.empty) return [];
  const unit = m.unit ? ` ${m.unit}` : '';
  const out = cb.zero ? ['0'] : [];
  let lo = cb.zero ? 'more than 0' : '';
  for (const b of cb.breaks) {
    if (lo === '') out.push(`less than ${formatNumber(b)}${unit}`);
    else if (lo === 'more than 0') out.push(`more than 0, less than ${formatNumber(b)}${unit}`);
    else out.push(`${lo} to less than ${formatNumber(b)}${unit}`);
    lo = formatNumber(b);
  }
  if (lo === '') out.push('any value');
  else if (lo === 'more than 0') out.push(`more than 0${unit}`);
  else out.push(`${lo} or more${unit}`);
  return out;
}

/** Three significant digits (two below 1), whole numbers from 100, grouped. */
export function formatNumber(x) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const neg = x < 0;
  const a = Math.abs(x);
  let s;
  if (a === 0) s = '0';
  else if (a >= 100) s = Math.round(a).toLocaleString('en-GB');
  else {
    const digits = a < 1 ? 2 : 3;
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
    s = a.toFixed(decimals);
    if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  }
  return neg && s !== '0' ? `−${s}` : s;
}

/** A row's figure for a table cell: the measure as shown, with its unit. */
export function cell(row, key) {
  if (!row) return '–';
  if (key === 'gap_class') return GAP_LABELS[row.gap_class] || row.gap_class || '–';
  if (MEASURES[key]) return formatNumber(display(row, key));
  const v = row[key];
  return v === null || v === undefined ? '–' : formatNumber(v);
}

/** Shades a share of regions without service: o0 none … o5 all. */
export function shareClass(k, n) {
  if (!n) return 'g-na';
  if (k === 0) return 'o0';
  if (k === n) return 'o5';
  return `o${1 + Math.min(3, Math.floor((4 * k) / n))}`;
}

export const SHARE_LEGEND = [
  ['o0', 'none'], ['o1', 'under 25 %'], ['o2', '25 to 49 %'], ['o3', '50 to 74 %'], ['o4', '75 to 99 %'], ['o5', 'all'],
];
