// What the draft pages share: words for audiences, kinds and formats, who
// may edit a draft, and the links to a frozen version's outputs.
import { h } from './api.js';

export const AUDIENCES = { testing: 'For testing', public: 'For public distribution' };

export const SECTION_KINDS = {
  how_to_use: 'How to use this directory',
  what_is_trafficking: 'What trafficking and exploitation are',
  rights: 'Rights and entitlements',
  get_help_safely: 'How to get help safely',
  emergency_numbers: 'Emergency numbers',
  other: 'Other',
};

export const FORMATS = { booklet_a4: 'Booklet (A4)', booklet_a5: 'Booklet (A5)', web: 'Phone web directory', hotline_card: 'Hotline card' };

export const OUTPUT_LANGUAGES = { en: 'English', th: 'Thai', my: 'Burmese' };

/** Whether user may change a draft of these countries: admins, editors of all of them. */
export function canEditDraft(user, draft) {
  if (user.role === 'admin') return true;
  if (user.role !== 'editor') return false;
  if (!user.countries || user.countries.length === 0) return true;
  return (draft.countries || []).every((c) => user.countries.includes(c));
}

/** Links to the booklet (A4, A5), web directory and hotline card of a version. */
export function outputLinks(id, number, audience) {
  const base = `/drafts/${encodeURIComponent(id)}/v/${number}`;
  const link = (href, label, testid) => h('a', { class: 'button button-small button-secondary', href, target: '_blank', rel: 'noopener', 'data-testid': testid }, label);
  return h('span', { class: 'output-links' },
    link(base + '/booklet', 'Booklet A4', 'open-booklet'),
    link(base + '/booklet?size=a5', 'A5', 'open-booklet-a5'),
    link(base + '/web', 'Web', 'open-web'),
    link(base + '/card', 'Card', 'open-card'),
    audience === 'public' ? link(`/d/${encodeURIComponent(id)}/${number}/web`, 'Public link', 'open-public') : null);
}
