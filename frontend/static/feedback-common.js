// What the feedback pages share: status names, texts by language, roles.

export const STATUS = {
  draft: { label: 'Draft — not open yet', cls: 'tag' },
  open: { label: 'Open — taking responses', cls: 'tag tag-on' },
  closed: { label: 'Closed', cls: 'tag tag-off' },
};

/** A test's text in English, else in any language it has. */
export function en(text) {
  const t = text || {};
  return t.en || t.th || t.my || '';
}

export const manager = (u) => ['admin', 'editor'].includes(u.role);
export const facilitator = (u) => ['admin', 'editor', 'collector'].includes(u.role);
export const reader = (u) => ['admin', 'editor', 'collector', 'researcher'].includes(u.role);
// Who may read results: those who manage tests and researchers (the
// server checks the country).
export const analyst = (u) => ['admin', 'editor', 'researcher'].includes(u.role);
