// What the submission list and the submission page share: status words and
// badges, and the answers that say which place a submission is about.
import { h } from './api.js';

export const STATUSES = {
  submitted: { label: 'Waiting for review', cls: 'tag-needs' },
  accepted: { label: 'Accepted', cls: 'tag-on' },
  rejected: { label: 'Rejected', cls: 'tag-off' },
};

export function statusTag(status) {
  const s = STATUSES[status] || { label: status, cls: '' };
  return h('span', { class: `tag ${s.cls}`, 'data-testid': 'status', 'data-status': status }, s.label);
}

/** The name a submission goes by: the organization it maps, else the survey. */
export function submissionName(sub, survey) {
  const a = sub.answers || {};
  return a.org_name || a.name || (survey && survey.title) || 'Submission';
}

/** "Mae Sot office, Mae Sot" from the place answers, or '' when withheld or absent. */
export function placeText(sub) {
  const a = sub.answers || {};
  return [a.location_name, a.location_city].filter((x, i, all) => x && all.indexOf(x) === i).join(', ');
}

/** Whether the reader may not see the exact place (the API's place says so). */
export function placeWithheld(sub) {
  const p = sub.place || {};
  return p.shown === 'withheld' || p.shown === 'region';
}

/**
 * The regions a submission lies in, from one boundary set — the one that
 * says most (the most levels, then the deepest) — broadest first.
 */
export function regionChain(place) {
  const bySet = new Map();
  for (const r of (place && place.regions) || []) {
    if (!bySet.has(r.set)) bySet.set(r.set, []);
    bySet.get(r.set).push(r);
  }
  let best = [];
  for (const list of bySet.values()) {
    list.sort((a, b) => a.level - b.level);
    const deeper = list.length > best.length ||
      (list.length === best.length && best.length && list[list.length - 1].level > best[best.length - 1].level);
    if (deeper) best = list;
  }
  return best;
}

/** "Mae Sot, Tak": the regions, narrowest first, or '' when none may be shown. */
export function regionText(place) {
  return regionChain(place).map((r) => r.name).reverse().join(', ');
}

/** The survey language ("Thai (th)") of the page's language, else the survey's default. */
export function pickLanguage(def) {
  const langs = def.languages || [];
  const want = [document.documentElement.lang || 'en'].map((l) => l.slice(0, 2).toLowerCase());
  for (const w of want) {
    const hit = langs.find((l) => new RegExp(`\\(${w}\\)\\s*$`, 'i').test(l));
    if (hit) return hit;
  }
  return def.default_language || langs[0] || '';
}

/** A survey text ({lang: text} or a string) in lang, falling back to the default, then any. */
export function textIn(t, lang, def) {
  if (!t) return '';
  if (typeof t === 'string') return t;
  return t[lang] || t[def.default_language] || t[''] || Object.values(t).find(Boolean) || '';
}
