// What the directory pages share: the words for the API's vocabularies,
// plain-language summaries of eligibility, opening hours and capacity, the
// service taxonomy, and who may edit what. Every label here is what a field
// worker reads; the codes stay in the API.
import { api, h, countryName } from './api.js';

// ------------------------------------------------------------- vocabularies

export const ORG_TYPES = {
  ngo: 'NGO',
  government: 'Government',
  international: 'International organisation',
  faith_based: 'Faith-based organisation',
  community: 'Community group',
  private: 'Private',
};

export const PROVIDER_STATUSES = {
  active: 'Open',
  'temporarily closed': 'Temporarily closed',
  inactive: 'Not active',
  defunct: 'Closed for good',
};

export const VERIFICATION = {
  verified: { label: 'Verified', cls: 'tag-verified' },
  unverified: { label: 'Not verified', cls: 'tag-unverified' },
  needs_update: { label: 'Needs checking', cls: 'tag-needs' },
};

export const TIERS = {
  public: {
    label: 'Public',
    cls: 'tag-tier-public',
    about: 'Everyone using Haven sees the address and the exact place on the map.',
  },
  region_only: {
    label: 'Region only',
    cls: 'tag-tier-region',
    about:
      'People see only the province or district and the public phone numbers — never the address or the exact place. ' +
      'Only people with the confidential right see more. Use it for shelters that take referrals but must not be found.',
  },
  hidden: {
    label: 'Hidden',
    cls: 'tag-tier-hidden',
    about:
      'Only people with the confidential right know this location exists. For everyone else it is left out completely, ' +
      'with the services offered only here.',
  },
};

export const GENDERS = { female: 'Women and girls', male: 'Men and boys' };

export const LEGAL_STATUSES = {
  national: 'Nationals of the country',
  foreign_national: 'Foreign nationals, such as migrant workers',
  stateless_undocumented: 'Stateless or undocumented people',
};

export const TRAFFICKING_FORMS = {
  sexual_exploitation: 'Sexual exploitation',
  forced_labour: 'Forced labour',
  forced_marriage: 'Forced marriage',
  domestic_servitude: 'Domestic servitude',
  fishing_maritime: 'Fishing and at sea',
  forced_criminality: 'Forced criminality, such as scam centres',
  organ_removal: 'Organ removal',
};

export const VICTIM_STATUSES = {
  none: 'No proof of victim status needed',
  presumed: 'For presumed victims',
  identified: 'Only for formally identified victims',
};

export const COST_KINDS = { free: 'Free', conditions: 'Free under conditions', fee: 'A fee is charged' };

export const CHANNEL_KINDS = {
  phone: 'Phone',
  hotline: 'Hotline',
  whatsapp: 'WhatsApp',
  line: 'LINE',
  viber: 'Viber',
  telegram: 'Telegram',
  facebook: 'Facebook',
  email: 'E-mail',
  website: 'Website',
  other: 'Other',
};

export const DAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'];
export const DAY_NAMES = { mo: 'Mon', tu: 'Tue', we: 'Wed', th: 'Thu', fr: 'Fri', sa: 'Sat', su: 'Sun' };

/** The countries Haven's directory covers: ASEAN and Timor-Leste. */
export const COUNTRIES = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'TL', 'VN'];

/** Languages people in the region most often ask for, by ISO 639 code. */
export const LANGUAGES = ['th', 'my', 'km', 'lo', 'vi', 'ms', 'id', 'tl', 'zh', 'en', 'shn', 'kar', 'ta', 'bn', 'ne', 'ur'];

let languageNames = null;
try {
  languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
} catch {
  languageNames = null;
}

/** "my" → "Burmese"; the code itself when the browser does not know it. */
export function languageName(code) {
  try {
    const n = languageNames ? languageNames.of(code) : '';
    return n && n !== code ? n : code;
  } catch {
    return code;
  }
}

/** "Thailand" for TH, without the code. */
export function countryOnly(code) {
  const full = countryName(code);
  return full.replace(/ \([A-Z]{2}\)$/, '');
}

/** <option>s for the covered countries, by name. */
export function countryOptions(codes = COUNTRIES) {
  return [...codes]
    .sort((a, b) => countryOnly(a).localeCompare(countryOnly(b)))
    .map((c) => h('option', { value: c }, countryOnly(c)));
}

export function orgTypeLabel(t) {
  return ORG_TYPES[t] || t || '';
}

// ----------------------------------------------------------------- taxonomy

let taxonomyPromise = null;

/**
 * Loads the service taxonomy once per page: {terms, name(code), parentOf}.
 */
export function loadTaxonomy() {
  if (!taxonomyPromise) {
    taxonomyPromise = api('GET', '/taxonomy').then((res) => {
      const terms = res.items || [];
      const byCode = new Map(terms.map((t) => [t.code, t]));
      return {
        terms,
        byCode,
        name: (code) => (byCode.get(code) ? byCode.get(code).name : code),
      };
    });
    taxonomyPromise.catch(() => {
      taxonomyPromise = null; // try again next time
    });
  }
  return taxonomyPromise;
}

/**
 * Fills a <select> with the taxonomy, grouped: each parent with sub-terms is
 * an <optgroup> whose first option is the whole parent ("All of …"); terms
 * without sub-terms follow as plain options. first is the empty option's
 * label, or null for none.
 */
export function fillServiceSelect(select, tax, first) {
  const children = new Map();
  for (const t of tax.terms) {
    if (t.parent_code) {
      if (!children.has(t.parent_code)) children.set(t.parent_code, []);
      children.get(t.parent_code).push(t);
    }
  }
  const opts = [];
  if (first !== null && first !== undefined) opts.push(h('option', { value: '' }, first));
  const single = [];
  for (const t of tax.terms) {
    if (t.parent_code) continue;
    const kids = children.get(t.code);
    if (kids && kids.length) {
      opts.push(
        h('optgroup', { label: t.name },
          h('option', { value: t.code }, `${t.name} — all kinds`),
          kids.map((k) => h('option', { value: k.code }, k.name))),
      );
    } else {
      single.push(h('option', { value: t.code }, t.name));
    }
  }
  if (single.length) opts.push(h('optgroup', { label: 'Other services' }, single));
  // A term whose parent is unknown (should not happen) still shows.
  for (const t of tax.terms) {
    if (t.parent_code && !tax.byCode.has(t.parent_code)) opts.push(h('option', { value: t.code }, t.name));
  }
  select.replaceChildren(...opts);
}

// ------------------------------------------------------------ plain words

/**
 * Who a service is for, in a few words: "Women and girls 12–17",
 * "Men 18 and over", "Children 17 and under", "Everyone".
 */
export function whoText(e) {
  e = e || {};
  const genders = e.genders || [];
  const min = Number.isInteger(e.min_age) ? e.min_age : null;
  const max = Number.isInteger(e.max_age) ? e.max_age : null;
  const adults = min !== null && min >= 18;
  const children = max !== null && max < 18;
  let noun;
  if (genders.length === 1 && genders[0] === 'female') noun = adults ? 'Women' : children ? 'Girls' : 'Women and girls';
  else if (genders.length === 1 && genders[0] === 'male') noun = adults ? 'Men' : children ? 'Boys' : 'Men and boys';
  else noun = adults ? 'Adults' : children ? 'Children' : min !== null || max !== null ? 'People' : 'Everyone';
  let age = '';
  if (min !== null && max !== null) age = min === max ? `aged ${min}` : `${min}–${max}`;
  else if (min !== null && min > 0) age = `${min} and over`;
  else if (max !== null) age = `${max} and under`;
  return age ? `${noun} ${age}` : noun;
}

/** The details of eligibility beyond gender and age, as short sentences. */
export function eligibilityDetails(e) {
  e = e || {};
  const out = [];
  if (e.lgbtqi_welcome) out.push('LGBTQI+ people explicitly welcome.');
  if (e.legal_statuses && e.legal_statuses.length) {
    out.push(`Only for: ${e.legal_statuses.map((s) => (LEGAL_STATUSES[s] || s).toLowerCase()).join('; ')}.`);
  }
  if (e.trafficking_forms && e.trafficking_forms.length) {
    out.push(`For survivors of: ${e.trafficking_forms.map((s) => (TRAFFICKING_FORMS[s] || s).toLowerCase()).join('; ')}.`);
  }
  if (e.victim_status && e.victim_status !== 'none') out.push(`${VICTIM_STATUSES[e.victim_status] || e.victim_status}.`);
  return out;
}

/** ["mo","tu","we","th","fr"] → "Mon–Fri"; ["mo","we"] → "Mon, Wed". */
export function daysText(days) {
  const idx = DAYS.map((d) => (days || []).includes(d));
  const runs = [];
  let i = 0;
  while (i < 7) {
    if (!idx[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < 7 && idx[j + 1]) j++;
    if (j - i >= 2) runs.push(`${DAY_NAMES[DAYS[i]]}–${DAY_NAMES[DAYS[j]]}`);
    else for (let k = i; k <= j; k++) runs.push(DAY_NAMES[DAYS[k]]);
    i = j + 1;
  }
  return runs.join(', ');
}

/** One opening rule: "Mon–Fri 08:30–16:30", "24/7", "Sat, Sun 24 hours". */
export function scheduleText(s) {
  const every = DAYS.every((d) => (s.days || []).includes(d));
  let text;
  if (s.all_day) text = every ? '24/7' : `${daysText(s.days)}, 24 hours`;
  else text = `${every ? 'Every day' : daysText(s.days)} ${s.opens || '?'}–${s.closes || '?'}`;
  return s.note ? `${text} (${s.note})` : text;
}

/** "20 Nov", or "20 Nov 2025" when not this year. */
export function shortDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const opts = { day: 'numeric', month: 'short' };
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
  // The page is in English: say "20 Nov", which no reader takes for a month.
  return d.toLocaleDateString('en-GB', opts);
}

/** "3 of 12 beds free, updated 20 Nov". */
export function capacityText(c) {
  if (!c) return '';
  const unit = c.unit || 'places';
  const has = (n) => Number.isInteger(n);
  let text;
  if (has(c.available) && has(c.total)) text = `${c.available} of ${c.total} ${unit} free`;
  else if (has(c.available)) text = `${c.available} ${unit} free`;
  else if (has(c.total)) text = `${c.total} ${unit} in all; how many are free is not known`;
  else return '';
  const when = shortDate(c.updated_at);
  return when ? `${text}, updated ${when}` : text;
}

/** "Free", or "Free under conditions: free for identified victims." */
export function costText(c) {
  if (!c) return '';
  const base = COST_KINDS[c.kind] || c.kind || '';
  if (!c.note) return base;
  const note = c.note.trim();
  return `${base}. ${note[0].toUpperCase()}${note.slice(1)}${/[.!?]$/.test(note) ? '' : '.'}`;
}

/**
 * The region names of a location, most detailed first, without repeats:
 * "Mueang Nonthaburi, Nonthaburi".
 */
export function regionNames(loc) {
  const refs = [...((loc && loc.regions) || [])].sort((a, b) => b.level - a.level || a.set.localeCompare(b.set));
  const names = [];
  for (const r of refs) if (r.name && !names.includes(r.name)) names.push(r.name);
  return names;
}

/** Where a location is, as far as the API said: city and region names. */
export function placeText(loc) {
  const parts = [];
  if (loc.address && loc.address.city) parts.push(loc.address.city);
  for (const n of regionNames(loc)) if (!parts.includes(n)) parts.push(n);
  return parts.join(', ');
}

/** "2.4 km away", "850 m away". */
export function distanceText(km) {
  if (typeof km !== 'number') return '';
  if (km < 1) return `${Math.max(10, Math.round(km * 100) * 10)} m away`;
  return `${km < 10 ? km.toFixed(1) : Math.round(km)} km away`;
}

// ------------------------------------------------------------------ badges

export function verificationTag(v) {
  const s = (v && v.status) || 'unverified';
  const info = VERIFICATION[s] || { label: s, cls: 'tag-unverified' };
  return h('span', { class: `tag ${info.cls}`, 'data-verification': s }, info.label);
}

/**
 * Whether the person manages location tiers and should see every tier, even
 * "Public": editors, admins and holders of the confidential right.
 */
export function seesTiers(user) {
  return user.role === 'admin' || user.role === 'editor' || (user.grants || []).includes('confidential');
}

/**
 * The tier badges for the tiers among a provider's locations, as the API
 * returned them. "Public" shows only to those who manage tiers; the others
 * are shown to everyone, since they change what the person can see.
 */
export function tierTags(provider, user) {
  const tiers = [];
  for (const l of provider.locations || []) if (!tiers.includes(l.tier)) tiers.push(l.tier);
  return tiers
    .filter((t) => t !== 'public' || seesTiers(user))
    .map((t) => h('span', { class: `tag ${(TIERS[t] || {}).cls || ''}`, 'data-tier': t, title: (TIERS[t] || {}).about },
      (TIERS[t] || { label: t }).label));
}

// ------------------------------------------------------------------ access

/** Whether user may edit providers of country: admins, editors in it. */
export function canEdit(user, country) {
  if (user.role === 'admin') return true;
  if (user.role !== 'editor') return false;
  return !user.countries || user.countries.length === 0 || user.countries.includes(country);
}

export function canAdd(user) {
  return user.role === 'admin' || user.role === 'editor';
}

// -------------------------------------------------------------- channels

/** A link that opens the channel on a phone (tel:, mailto:, …), or null. */
export function channelHref(c) {
  const v = (c.value || '').trim();
  const digits = v.replace(/[^\d+]/g, '');
  switch (c.kind) {
    case 'phone':
    case 'hotline':
      return digits ? `tel:${digits}` : null;
    case 'whatsapp':
      return digits ? `https://wa.me/${digits.replace(/^\+/, '')}` : null;
    case 'viber':
      return digits ? `viber://chat?number=${encodeURIComponent(digits)}` : null;
    case 'email':
      return v.includes('@') ? `mailto:${v}` : null;
    case 'website':
    case 'facebook':
    case 'line':
    case 'telegram':
      return /^https?:\/\//i.test(v) ? v : null;
  }
  return null;
}

/** A one-line flash message carried to the next page (e.g. "Deleted X"). */
export function setFlash(kind, message) {
  try {
    sessionStorage.setItem('haven-flash', JSON.stringify({ kind, message }));
  } catch {
    // private mode: the message is a courtesy
  }
}

export function takeFlash() {
  try {
    const raw = sessionStorage.getItem('haven-flash');
    sessionStorage.removeItem('haven-flash');
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}
