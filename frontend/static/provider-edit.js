// The provider form: add a provider (no ?id) or edit one (?id=…), with
// repeatable locations, services (each with opening hours) and contacts.
//
// Every input's name is its path in the API's JSON (services[0].eligibility.
// min_age), renumbered whenever a block is added or removed, so the
// server's field errors land next to the right input. Fields the form does
// not show (translations, service areas, …) are kept from what was loaded.
// Saving an edit sends If-Match; a 412 means someone else saved first.
import {
  $, h, apiFull, ApiError, busy, clearStatus, confirmDialog, query, requireUser, sentence, showContent, showProblem,
  showStatus,
} from './api.js';
import {
  CHANNEL_KINDS, COST_KINDS, COUNTRIES, DAY_NAMES, DAYS, GENDERS, LEGAL_STATUSES, ORG_TYPES, PROVIDER_STATUSES, TIERS,
  TRAFFICKING_FORMS, VERIFICATION, VICTIM_STATUSES, canAdd, canEdit, countryOnly, fillServiceSelect, loadTaxonomy,
  regionNames, setFlash,
} from './directory-common.js';

const id = new URLSearchParams(location.search).get('id') || '';
const form = $('#provider-form');
const formStatus = $('#form-status');

let me = null;
let tax = null;
let original = null; // the provider as loaded, for fields the form does not show
let etag = '';
let uid = 0;

const nextID = (prefix) => `${prefix}-${++uid}`;

// ---------------------------------------------------------- field builders

/** A labelled text input, textarea or select in a .field with data-key. */
function field(key, label, opts = {}) {
  const fid = nextID('f');
  const hintID = opts.hint ? `${fid}-hint` : null;
  const errID = `${fid}-error`;
  const describedBy = [hintID, errID].filter(Boolean).join(' ');
  let input;
  if (opts.options) {
    input = h('select', { id: fid, 'aria-describedby': describedBy, 'data-testid': opts.testid },
      opts.options.map(([v, l]) => h('option', { value: v }, l)));
  } else if (opts.rows) {
    input = h('textarea', { id: fid, rows: opts.rows, 'aria-describedby': describedBy, 'data-testid': opts.testid });
  } else {
    input = h('input', {
      id: fid, type: opts.type || 'text', inputmode: opts.inputmode, autocomplete: 'off', spellcheck: opts.spellcheck || null,
      maxlength: opts.maxlength, placeholder: opts.placeholder, list: opts.list, 'aria-describedby': describedBy,
      'data-testid': opts.testid, class: opts.inputClass,
    });
  }
  if (opts.value !== undefined && opts.value !== null) input.value = String(opts.value);
  return h('div', { class: ['field', opts.cls].filter(Boolean).join(' '), 'data-key': key },
    h('label', { for: fid }, label, opts.required ? h('span', { class: 'req-mark', 'aria-hidden': 'true' }, ' *') : null,
      opts.optional ? h('span', { class: 'optional' }, ' (optional)') : null),
    opts.hint ? h('span', { class: 'hint', id: hintID }, opts.hint) : null,
    h('p', { class: 'field-error', id: errID, hidden: true }),
    input,
    opts.after || null);
}

/** One checkbox with its label, in a .field with data-key. */
function check(key, label, checked, small) {
  const fid = nextID('c');
  const input = h('input', { type: 'checkbox', id: fid });
  input.checked = Boolean(checked);
  return h('div', { class: 'field field-check', 'data-key': key },
    h('p', { class: 'field-error', hidden: true }),
    h('label', { class: 'check', for: fid }, input, h('span', {}, label, small ? h('small', {}, small) : null)));
}

/** A group of checkboxes, one per option, in a fieldset with data-key. */
function checks(key, legend, options, checked, opts = {}) {
  const set = new Set(checked || []);
  return h('fieldset', { class: ['field-group', opts.cls].filter(Boolean).join(' '), 'data-key': key },
    h('legend', {}, legend),
    opts.hint ? h('span', { class: 'hint' }, opts.hint) : null,
    h('p', { class: 'field-error', hidden: true }),
    h('div', { class: opts.inline ? 'check-row' : 'check-list' },
      options.map(([v, l]) => {
        const fid = nextID('c');
        const input = h('input', { type: 'checkbox', id: fid, value: v });
        input.checked = set.has(v);
        return h('label', { class: 'check', for: fid }, input, h('span', {}, l));
      })));
}

/** The wrappers with data-key that belong to block itself, not to a nested block. */
function own(block, selector) {
  return [...block.querySelectorAll(selector)].filter((el) => el.closest('.repeat-block') === block);
}

function wrapper(block, key) {
  return own(block, `[data-key="${key}"]`)[0] || null;
}

function text(block, key) {
  const w = wrapper(block, key);
  const el = w && w.querySelector('input, select, textarea');
  return el ? el.value.trim() : '';
}

function checked(block, key) {
  const w = wrapper(block, key);
  const el = w && w.querySelector('input[type=checkbox]');
  return Boolean(el && el.checked);
}

function checkedList(block, key) {
  const w = wrapper(block, key);
  return w ? [...w.querySelectorAll('input[type=checkbox]:checked')].map((el) => el.value) : [];
}

function setValue(block, key, value) {
  const w = wrapper(block, key);
  const el = w && w.querySelector('input, select, textarea');
  if (el) el.value = value === undefined || value === null ? '' : String(value);
}

function blockHead(title, removeLabel, onRemove) {
  return h('div', { class: 'block-head' },
    h('h3', { class: 'block-title' }, title),
    onRemove
      ? h('button', { type: 'button', class: 'button button-secondary button-small block-remove', onclick: onRemove }, removeLabel)
      : null);
}

async function removeBlock(block, what, addButton) {
  const filled = [...block.querySelectorAll('input:not([type=checkbox]), textarea')].some((el) => el.value.trim());
  if (filled) {
    const ok = await confirmDialog({
      title: `Remove this ${what}?`,
      message: `What you typed for it goes. Nothing changes in the directory until you save.`,
      confirm: `Remove ${what}`,
      danger: true,
    });
    if (!ok) return;
  }
  block.remove();
  renumber();
  addButton.focus();
}

// ------------------------------------------------------------------ blocks

function tierAbout(tier) {
  const about = (TIERS[tier] || {}).about || '';
  const confidential = (me.grants || []).includes('confidential');
  if (tier !== 'public' && !confidential) {
    return `${about} You do not have the confidential right: after saving, you will no longer see this address yourself.`;
  }
  return about;
}

function locationBlock(l = {}) {
  const block = h('div', { class: 'repeat-block', 'data-block': 'location' });
  block._orig = l;
  if (l.redacted) {
    block.dataset.locked = '1';
    const tier = TIERS[l.tier] || { label: l.tier, cls: '' };
    block.append(...[
      blockHead('Location', '', null),
      h('p', {}, h('span', { class: `tag ${tier.cls}` }, tier.label)),
      h('p', { class: 'withheld' }, h('strong', {}, 'Exact location withheld (confidential). '),
        'You cannot see or change this location; saving keeps it as it is.'),
      regionNames(l).length ? h('p', { class: 'muted' }, `Area: ${regionNames(l).join(', ')}`) : null,
      h('p', { class: 'field-error block-error', hidden: true })].filter(Boolean));
    return block;
  }
  const a = l.address || {};
  const tierField = field('tier', 'Who may see where it is', {
    options: Object.entries(TIERS).map(([v, t]) => [v, t.label]),
    value: l.tier || 'public',
    testid: 'loc-tier',
    after: h('p', { class: 'hint tier-about', 'aria-live': 'polite' }, tierAbout(l.tier || 'public')),
  });
  tierField.querySelector('select').addEventListener('change', (e) => {
    tierField.querySelector('.tier-about').textContent = tierAbout(e.target.value);
  });
  const posButton = h('button', { type: 'button', class: 'button button-secondary button-small', 'data-testid': 'use-position' },
    'Use my position');
  const posNote = h('p', { class: 'hint', 'aria-live': 'polite' });
  posButton.addEventListener('click', () => usePosition(block, posButton, posNote));
  block.append(
    blockHead('Location', 'Remove location', () => removeBlock(block, 'location', $('#add-location'))),
    h('p', { class: 'field-error block-error', hidden: true }),
    field('name', 'Name of the place', { value: l.name, hint: 'For example “Main office” or “Mae Sot shelter”.', testid: 'loc-name' }),
    tierField,
    h('div', { class: 'form-row' },
      field('address.line1', 'Address', { value: a.line1, testid: 'loc-line1' }),
      field('address.line2', 'Address, second line', { value: a.line2, optional: true })),
    h('div', { class: 'form-row form-row-3' },
      field('address.city', 'Town or city', { value: a.city, testid: 'loc-city' }),
      field('address.province', 'Province or state', { value: a.province }),
      field('address.postal_code', 'Postcode', { value: a.postal_code, inputmode: 'numeric' })),
    h('fieldset', { class: 'field-group coords', 'data-key': '' },
      h('legend', {}, 'Position on the map'),
      h('span', { class: 'hint' }, 'Needed to find it “near me” and to know its province and district. ',
        'Stand at the place and tap “Use my position”, or paste both numbers into Latitude.'),
      h('div', { class: 'form-row' },
        field('latitude', 'Latitude', { value: l.latitude, inputmode: 'decimal', placeholder: '13.7563', testid: 'loc-lat' }),
        field('longitude', 'Longitude', { value: l.longitude, inputmode: 'decimal', placeholder: '100.5018', testid: 'loc-lon' })),
      h('div', { class: 'actions' }, posButton),
      posNote),
    field('accessibility', 'Disability access and outreach', { value: l.accessibility, optional: true,
      hint: 'For example “Step-free entrance” or “Staff visit construction sites”.' }),
  );
  // Pasting "13.75, 100.50" into Latitude fills both.
  const lat = wrapper(block, 'latitude').querySelector('input');
  lat.addEventListener('change', () => {
    const m = lat.value.trim().match(/^(-?\d+(?:\.\d+)?)\s*[,;\s]\s*(-?\d+(?:\.\d+)?)$/);
    if (m) {
      lat.value = m[1];
      setValue(block, 'longitude', m[2]);
    }
  });
  if (regionNames(l).length) {
    block.append(h('p', { class: 'muted' }, `Area found from the position: ${regionNames(l).join(', ')}.`));
  }
  return block;
}

function usePosition(block, button, note) {
  note.textContent = '';
  if (!('geolocation' in navigator) || !window.isSecureContext) {
    note.textContent = 'This browser cannot give Haven your position here. Type the numbers instead.';
    return;
  }
  button.disabled = true;
  button.textContent = 'Finding your position…';
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      setValue(block, 'latitude', pos.coords.latitude.toFixed(6));
      setValue(block, 'longitude', pos.coords.longitude.toFixed(6));
      const acc = Math.round(pos.coords.accuracy || 0);
      note.textContent = acc ? `Filled in. Your phone says it is accurate to about ${acc} m.` : 'Filled in.';
      button.disabled = false;
      button.textContent = 'Use my position';
    },
    (err) => {
      note.textContent = {
        1: 'You did not allow Haven to use your position. Allow it in your browser’s settings, or type the numbers.',
        2: 'Your phone could not find your position. Try outside, or type the numbers.',
        3: 'Finding your position took too long. Try again, or type the numbers.',
      }[err.code] || 'Your position could not be found.';
      button.disabled = false;
      button.textContent = 'Use my position';
    },
    { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 },
  );
}

function scheduleBlock(s = {}) {
  const block = h('div', { class: 'repeat-block schedule', 'data-block': 'schedule' });
  block._orig = s;
  const allDay = check('all_day', 'Open 24 hours on these days', s.all_day);
  const times = h('div', { class: 'form-row form-row-3 schedule-times' },
    field('opens', 'Opens', { type: 'time', value: s.opens }),
    field('closes', 'Closes', { type: 'time', value: s.closes }),
    field('note', 'Note', { value: s.note, optional: true, hint: 'For example “closed on public holidays”.' }));
  const sync = () => {
    times.querySelectorAll('[data-key=opens], [data-key=closes]').forEach((w) => {
      w.hidden = allDay.querySelector('input').checked;
    });
  };
  allDay.querySelector('input').addEventListener('change', sync);
  block.append(
    blockHead('Opening hours', 'Remove these hours', () => {
      const list = block.parentElement;
      block.remove();
      renumber();
      list.parentElement.querySelector('.add-schedule').focus();
    }),
    h('p', { class: 'field-error block-error', hidden: true }),
    checks('days', 'Days', DAYS.map((d) => [d, DAY_NAMES[d]]), s.days, { inline: true }),
    allDay,
    times);
  sync();
  return block;
}

function serviceBlock(s = {}) {
  const block = h('div', { class: 'repeat-block', 'data-block': 'service' });
  block._orig = s;
  const e = s.eligibility || {};
  const a = s.access || {};
  const c = s.capacity || {};
  const typeField = field('type', 'Type of service', { required: true, testid: 'svc-type', options: [] });
  fillServiceSelect(typeField.querySelector('select'), tax, 'Choose the type of service');
  typeField.querySelector('select').value = s.type || '';
  const schedules = h('div', { class: 'schedules', 'data-list': 'schedules' }, (s.schedules || []).map(scheduleBlock));
  const addSchedule = h('button', { type: 'button', class: 'button button-secondary button-small add-schedule' }, 'Add opening hours');
  addSchedule.addEventListener('click', () => {
    const sb = scheduleBlock({ days: ['mo', 'tu', 'we', 'th', 'fr'] });
    schedules.append(sb);
    renumber();
    sb.querySelector('input').focus();
  });
  const more = Boolean((e.legal_statuses || []).length || (e.trafficking_forms || []).length || (e.victim_status && e.victim_status !== 'none'));
  block.append(
    blockHead('Service', 'Remove service', () => removeBlock(block, 'service', $('#add-service'))),
    h('p', { class: 'field-error block-error', hidden: true }),
    typeField,
    field('description', 'What they offer', { rows: 2, value: s.description, optional: true }),

    h('fieldset', { class: 'subsection', 'data-key': 'eligibility' },
      h('legend', {}, 'Who it is for'),
      h('p', { class: 'field-error', hidden: true }),
      checks('eligibility.genders', 'Gender', Object.entries(GENDERS), e.genders,
        { hint: 'Tick none if it is for everyone.', inline: true }),
      h('div', { class: 'form-row form-row-compact' },
        field('eligibility.min_age', 'Youngest age', { value: e.min_age, inputmode: 'numeric', optional: true, testid: 'svc-min-age' }),
        field('eligibility.max_age', 'Oldest age', { value: e.max_age, inputmode: 'numeric', optional: true, testid: 'svc-max-age' })),
      check('eligibility.lgbtqi_welcome', 'LGBTQI+ people explicitly welcome', e.lgbtqi_welcome),
      h('details', { class: 'more-block', open: more },
        h('summary', {}, 'Legal status, form of trafficking, victim status'),
        checks('eligibility.legal_statuses', 'Only for people who are', Object.entries(LEGAL_STATUSES), e.legal_statuses,
          { hint: 'Tick none if legal status does not matter.' }),
        checks('eligibility.trafficking_forms', 'Only for survivors of', Object.entries(TRAFFICKING_FORMS), e.trafficking_forms,
          { hint: 'Tick none if it is for survivors of any form.' }),
        field('eligibility.victim_status', 'Victim status needed', {
          options: Object.entries(VICTIM_STATUSES), value: e.victim_status || 'none',
        }))),

    h('fieldset', { class: 'subsection', 'data-key': '' },
      h('legend', {}, 'Languages and cost'),
      h('div', { class: 'form-row' },
        field('languages', 'Languages spoken', {
          value: (s.languages || []).join(', '), spellcheck: 'false', testid: 'svc-languages',
          hint: 'Two- or three-letter codes separated by commas: th Thai, my Burmese, km Khmer, lo Lao, vi Vietnamese, en English.',
        }),
        field('cost.kind', 'Cost', { options: Object.entries(COST_KINDS), value: (s.cost && s.cost.kind) || 'free' })),
      check('interpretation_available', 'Interpreting can be arranged for other languages', s.interpretation_available),
      field('cost.note', 'About the cost', { value: s.cost && s.cost.note, optional: true,
        hint: 'For example “Free for identified victims”.' })),

    h('fieldset', { class: 'subsection', 'data-key': 'access' },
      h('legend', {}, 'How to get it'),
      h('p', { class: 'field-error', hidden: true }),
      check('access.walk_in', 'People can walk in without an appointment', a.walk_in),
      check('access.referral_required', 'A referral is needed', a.referral_required),
      h('div', { class: 'form-row' },
        field('access.who_can_refer', 'Who can refer', { value: a.who_can_refer, optional: true,
          hint: 'For example “police, social workers, NGOs”.' }),
        field('access.response_time', 'How fast they answer', { value: a.response_time, optional: true,
          hint: 'For example “the same day”.' })),
      field('access.next_step', 'What to do first', { value: a.next_step, optional: true,
        hint: 'For example “Call the hotline first”.' }),
      field('access.documents', 'Documents to bring', { value: (a.documents || []).join(', '), optional: true,
        hint: 'Separated by commas. Leave empty if none are needed.' })),

    h('fieldset', { class: 'subsection', 'data-key': 'capacity' },
      h('legend', {}, 'Places'),
      h('span', { class: 'hint' }, 'For shelters and similar: how many places there are and how many are free today.'),
      h('p', { class: 'field-error', hidden: true }),
      h('div', { class: 'form-row form-row-compact form-row-compact-3' },
        field('capacity.available', 'Free now', { value: c.available, inputmode: 'numeric', testid: 'svc-cap-available' }),
        field('capacity.total', 'In all', { value: c.total, inputmode: 'numeric', testid: 'svc-cap-total' }),
        field('capacity.unit', 'Counted in', { value: c.unit || '', list: 'capacity-units', placeholder: 'beds' }))),

    h('fieldset', { class: 'subsection', 'data-key': '' },
      h('legend', {}, 'Opening hours'),
      h('span', { class: 'hint' }, 'Leave empty if not known. Add one line per set of days with the same hours.'),
      schedules,
      addSchedule),
  );
  return block;
}

function channelBlock(c = {}) {
  const block = h('div', { class: 'repeat-block', 'data-block': 'channel' });
  block._orig = c;
  block.append(
    blockHead('Contact', 'Remove contact', () => removeBlock(block, 'contact', $('#add-channel'))),
    h('p', { class: 'field-error block-error', hidden: true }),
    h('div', { class: 'form-row' },
      field('kind', 'Kind', { options: Object.entries(CHANNEL_KINDS), value: c.kind || 'phone', testid: 'ch-kind' }),
      field('value', 'Number or address', { value: c.value, required: true, inputmode: 'tel', spellcheck: 'false', testid: 'ch-value',
        hint: 'With the country code for phones, e.g. +66 2 123 4567.' })),
    h('div', { class: 'form-row form-row-3' },
      field('label', 'Label', { value: c.label, optional: true, hint: 'For example “24-hour hotline”.' }),
      field('hours', 'When they answer', { value: c.hours, optional: true }),
      field('tier', 'Who may see it', {
        options: Object.entries(TIERS).map(([v, t]) => [v, t.label]), value: c.tier || 'public',
        hint: 'Only Public contacts are shown to everyone.',
      })),
  );
  const kind = wrapper(block, 'kind').querySelector('select');
  const value = wrapper(block, 'value').querySelector('input');
  const syncKind = () => {
    value.inputMode = ['phone', 'hotline', 'whatsapp', 'viber'].includes(kind.value) ? 'tel' : kind.value === 'email' ? 'email' : 'url';
  };
  kind.addEventListener('change', syncKind);
  syncKind();
  return block;
}

/**
 * Gives every block its path (services[1]) and title (Service 2), and every
 * field its name and data-path, so errors find them.
 */
function renumber() {
  const titles = { location: 'Location', service: 'Service', channel: 'Contact', schedule: 'Opening hours' };
  const walk = (container, prefix) => {
    const blocks = [...container.children].filter((el) => el.classList.contains('repeat-block'));
    blocks.forEach((b, i) => {
      const path = `${prefix}[${i}]`;
      b.dataset.path = path;
      const title = b.querySelector(':scope > .block-head .block-title');
      const n = blocks.length > 1 || b.dataset.block !== 'schedule' ? ` ${i + 1}` : '';
      if (title) title.textContent = titles[b.dataset.block] + n;
      for (const w of own(b, '[data-key]')) {
        const key = w.dataset.key;
        const full = key ? `${path}.${key}` : '';
        if (full) w.dataset.path = full;
        else delete w.dataset.path;
        for (const el of w.querySelectorAll('input, select, textarea')) {
          if (el.closest('.repeat-block') === b && full && el.closest('[data-key]') === w) el.name = full;
        }
      }
      for (const list of own(b, '[data-list]')) walk(list, `${path}.${list.dataset.list}`);
    });
  };
  walk($('#locations'), 'locations');
  walk($('#services'), 'services');
  walk($('#channels'), 'channels');
}

// ----------------------------------------------------------------- collect

function intOrNull(v) {
  if (v === '') return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : NaN;
}

function numOrNull(v) {
  if (v === '') return undefined;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) ? n : NaN;
}

function splitList(v) {
  return v.split(/[,;]+/).map((x) => x.trim()).filter(Boolean);
}

function dropEmpty(obj) {
  for (const k of Object.keys(obj)) if (obj[k] === '' || obj[k] === undefined) delete obj[k];
  return obj;
}

/**
 * Reads the form into a provider body and a list of problems found here
 * ({field, message}, by API path). Empty location and contact blocks are
 * left out.
 */
function collect() {
  const problems = [];
  const bad = (field, message) => problems.push({ field, message });
  const top = form.elements;
  const o = original || {};
  const country = top.country.value;
  const p = {
    name: top.name.value.trim(),
    org_type: top.org_type.value,
    country,
    status: top.status.value,
    description: top.description.value.trim(),
    website: top.website.value.trim(),
    email: top.email.value.trim(),
  };
  if (!p.name) bad('name', 'Give the provider’s name.');
  if (!p.country) bad('country', 'Choose the country.');
  if (p.website && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(p.website)) bad('website', 'Give the whole address, starting with https://');
  if (p.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.email)) bad('email', 'This is not an e-mail address.');

  const ver = { ...(o.verification || {}), status: top['verification.status'].value };
  const wasVerified = o.verification && o.verification.status === 'verified';
  if (ver.status === 'verified' && !wasVerified) {
    ver.verified_at = new Date().toISOString();
    ver.verified_by = me.email;
  }
  p.verification = dropEmpty(ver);

  p.locations = [];
  for (const b of $('#locations').querySelectorAll(':scope > .repeat-block')) {
    const path = b.dataset.path;
    const lo = b._orig || {};
    if (b.dataset.locked) {
      p.locations.push(lo);
      continue;
    }
    const address = dropEmpty({
      ...(lo.address || {}),
      line1: text(b, 'address.line1'), line2: text(b, 'address.line2'), city: text(b, 'address.city'),
      province: text(b, 'address.province'), postal_code: text(b, 'address.postal_code'),
    });
    const hasAddress = ['line1', 'line2', 'city', 'province', 'postal_code'].some((k) => address[k]);
    if (hasAddress && !address.country) address.country = country;
    const lat = numOrNull(text(b, 'latitude'));
    const lon = numOrNull(text(b, 'longitude'));
    const name = text(b, 'name');
    const accessibility = text(b, 'accessibility');
    if (!name && !hasAddress && lat === undefined && lon === undefined && !accessibility && !lo.id) continue;
    if (Number.isNaN(lat)) bad(`${path}.latitude`, 'Type a number such as 13.7563.');
    else if (lat !== undefined && (lat < -90 || lat > 90)) bad(`${path}.latitude`, 'Latitude goes from -90 to 90.');
    if (Number.isNaN(lon)) bad(`${path}.longitude`, 'Type a number such as 100.5018.');
    else if (lon !== undefined && (lon < -180 || lon > 180)) bad(`${path}.longitude`, 'Longitude goes from -180 to 180.');
    if ((lat === undefined) !== (lon === undefined)) {
      bad(`${path}.${lat === undefined ? 'latitude' : 'longitude'}`, 'Give both latitude and longitude, or neither.');
    }
    const loc = {
      ...lo, name, tier: text(b, 'tier'), address: hasAddress ? address : undefined,
      latitude: Number.isFinite(lat) ? lat : undefined, longitude: Number.isFinite(lon) ? lon : undefined,
      accessibility, regions: undefined, redacted: undefined,
    };
    p.locations.push(dropEmpty(loc));
  }

  p.services = [];
  for (const b of $('#services').querySelectorAll(':scope > .repeat-block')) {
    const path = b.dataset.path;
    const so = b._orig || {};
    const type = text(b, 'type');
    if (!type) bad(`${path}.type`, 'Choose the type of service.');
    const minAge = intOrNull(text(b, 'eligibility.min_age'));
    const maxAge = intOrNull(text(b, 'eligibility.max_age'));
    for (const [k, v] of [['min_age', minAge], ['max_age', maxAge]]) {
      if (Number.isNaN(v) || (v !== undefined && (v < 0 || v > 120))) bad(`${path}.eligibility.${k}`, 'Type a whole number from 0 to 120.');
    }
    if (Number.isInteger(minAge) && Number.isInteger(maxAge) && minAge > maxAge) {
      bad(`${path}.eligibility.max_age`, 'The oldest age cannot be below the youngest.');
    }
    const languages = splitList(text(b, 'languages')).map((l) => l.toLowerCase());
    const badLang = languages.filter((l) => !/^[a-z]{2,3}$/.test(l));
    if (badLang.length) bad(`${path}.languages`, `${badLang.map((l) => `“${l}”`).join(', ')} is not a language code. Use codes such as th, my, en.`);
    const avail = intOrNull(text(b, 'capacity.available'));
    const total = intOrNull(text(b, 'capacity.total'));
    const unit = text(b, 'capacity.unit');
    if (Number.isNaN(avail) || avail < 0) bad(`${path}.capacity.available`, 'Type a whole number, 0 or more.');
    if (Number.isNaN(total) || total < 0) bad(`${path}.capacity.total`, 'Type a whole number, 0 or more.');
    if (Number.isInteger(avail) && Number.isInteger(total) && avail > total) {
      bad(`${path}.capacity.available`, 'More places cannot be free than there are in all.');
    }
    let capacity;
    if (avail !== undefined || total !== undefined || unit) {
      const oc = so.capacity || {};
      capacity = dropEmpty({ ...oc, unit: unit || oc.unit || 'places', available: avail, total });
      if (avail !== oc.available || total !== oc.total || !oc.updated_at) capacity.updated_at = new Date().toISOString();
    }
    const schedules = [];
    for (const sb of b.querySelectorAll('.schedules > .repeat-block')) {
      const sp = sb.dataset.path;
      const days = checkedList(sb, 'days');
      const allDay = checked(sb, 'all_day');
      const opens = text(sb, 'opens');
      const closes = text(sb, 'closes');
      const note = text(sb, 'note');
      if (!days.length && !allDay && !opens && !closes && !note) continue;
      if (!days.length) bad(`${sp}.days`, 'Tick at least one day.');
      if (!allDay) {
        if (!/^\d\d:\d\d$/.test(opens)) bad(`${sp}.opens`, 'Give the opening time, such as 08:30.');
        if (!/^\d\d:\d\d$/.test(closes)) bad(`${sp}.closes`, 'Give the closing time, such as 17:00.');
      }
      schedules.push(dropEmpty({ ...(sb._orig || {}), days, all_day: allDay, opens: allDay ? '' : opens, closes: allDay ? '' : closes, note }));
    }
    const e = so.eligibility || {};
    const a = so.access || {};
    p.services.push(dropEmpty({
      ...so,
      type,
      description: text(b, 'description'),
      eligibility: dropEmpty({
        ...e,
        genders: checkedList(b, 'eligibility.genders'),
        lgbtqi_welcome: checked(b, 'eligibility.lgbtqi_welcome'),
        min_age: Number.isInteger(minAge) ? minAge : undefined,
        max_age: Number.isInteger(maxAge) ? maxAge : undefined,
        legal_statuses: checkedList(b, 'eligibility.legal_statuses'),
        trafficking_forms: checkedList(b, 'eligibility.trafficking_forms'),
        victim_status: text(b, 'eligibility.victim_status') || 'none',
      }),
      languages,
      interpretation_available: checked(b, 'interpretation_available'),
      cost: dropEmpty({ kind: text(b, 'cost.kind'), note: text(b, 'cost.note') }),
      access: dropEmpty({
        ...a,
        walk_in: checked(b, 'access.walk_in'),
        referral_required: checked(b, 'access.referral_required'),
        who_can_refer: text(b, 'access.who_can_refer'),
        next_step: text(b, 'access.next_step'),
        documents: splitList(text(b, 'access.documents')),
        response_time: text(b, 'access.response_time'),
      }),
      capacity,
      schedules,
    }));
  }

  p.channels = [];
  for (const b of $('#channels').querySelectorAll(':scope > .repeat-block')) {
    const path = b.dataset.path;
    const value = text(b, 'value');
    const label = text(b, 'label');
    const hours = text(b, 'hours');
    if (!value && !label && !hours && !(b._orig || {}).id) continue;
    if (!value) bad(`${path}.value`, 'Give the number or address, or remove this contact.');
    p.channels.push(dropEmpty({ ...(b._orig || {}), kind: text(b, 'kind'), value, label, hours, tier: text(b, 'tier') }));
  }
  return { body: p, problems };
}

// ----------------------------------------------------------------- errors

function clearErrors() {
  for (const el of form.querySelectorAll('.field-error')) {
    el.textContent = '';
    el.hidden = true;
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.has-error')) el.classList.remove('has-error');
  clearStatus(formStatus);
}

const PLAIN = [
  [/\bmin_age\b/g, 'the youngest age'],
  [/\bmax_age\b/g, 'the oldest age'],
  [/\/api\/v1\/taxonomy/g, 'the list of service types'],
];

function plain(message) {
  let m = message;
  for (const [re, w] of PLAIN) m = m.replace(re, w);
  return sentence(m);
}

/**
 * Finds where the error for an API path goes: the field with that path, or
 * the nearest enclosing block. Returns {wrap, holder, label}.
 */
function target(path) {
  let p = path;
  while (p) {
    const wrap = form.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (wrap) {
      const holder = wrap.classList.contains('repeat-block')
        ? wrap.querySelector(':scope > .block-error')
        : [...wrap.querySelectorAll('.field-error')].find((el) => el.closest('[data-path]') === wrap);
      if (holder) return { wrap, holder };
    }
    const shorter = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (shorter === p) break;
    p = shorter;
  }
  return null;
}

/** Describes where a field is, for the summary list: "Service 2 › Oldest age". */
function describe(wrap) {
  const parts = [];
  let block = wrap.closest('.repeat-block');
  while (block) {
    const t = block.querySelector(':scope > .block-head .block-title');
    if (t) parts.unshift(t.textContent.trim());
    block = block.parentElement.closest('.repeat-block');
  }
  if (!wrap.classList.contains('repeat-block')) {
    const label = wrap.querySelector(':scope > label, :scope > legend, :scope > .check > span');
    if (label) parts.push(label.firstChild ? label.firstChild.textContent.trim() : label.textContent.trim());
  }
  return parts.join(' › ');
}

/**
 * Puts each problem next to its field (opening folded parts), lists them
 * all in the status box with links, and focuses the first.
 */
function showErrors(problems, intro) {
  const items = [];
  let first = null;
  for (const pr of problems) {
    const t = target(pr.field);
    const message = plain(pr.message);
    if (!t) {
      items.push(h('li', {}, `${pr.field}: ${message}`));
      continue;
    }
    t.holder.textContent = t.holder.textContent ? `${t.holder.textContent} ${message}` : message;
    t.holder.hidden = false;
    t.wrap.classList.add('has-error');
    for (const d of ancestors(t.wrap, 'details')) d.open = true;
    const input = t.wrap.querySelector('input, select, textarea, button');
    if (input && !t.wrap.classList.contains('repeat-block')) input.setAttribute('aria-invalid', 'true');
    const focusable = input || t.wrap;
    if (!focusable.id) focusable.id = nextID('err');
    if (!first) first = focusable;
    items.push(h('li', {}, h('a', { href: `#${focusable.id}`, onclick: (e) => {
      e.preventDefault();
      focusable.focus();
      focusable.scrollIntoView({ block: 'center' });
    } }, describe(t.wrap) || pr.field), `: ${message}`));
  }
  showStatus(formStatus, 'error', intro);
  formStatus.append(h('ul', { class: 'status-list error-summary', 'data-testid': 'error-summary' }, items));
  if (first) {
    first.focus();
    first.scrollIntoView({ block: 'center' });
  } else formStatus.scrollIntoView({ block: 'start' });
}

function* ancestors(el, selector) {
  let cur = el.parentElement && el.parentElement.closest(selector);
  while (cur) {
    yield cur;
    cur = cur.parentElement && cur.parentElement.closest(selector);
  }
}

// ------------------------------------------------------------------- save

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearErrors();
  renumber();
  const { body, problems } = collect();
  if (problems.length) {
    showErrors(problems, problems.length === 1 ? 'Check the field marked below.' : `Check the ${problems.length} fields marked below.`);
    return;
  }
  try {
    const saved = await busy($('#save'), 'Saving…', () => (id
      ? apiFull('PATCH', `/providers/${encodeURIComponent(id)}`, patchOf(body), { 'If-Match': etag })
      : apiFull('POST', '/providers', body)));
    setFlash('success', id ? `Saved your changes to “${saved.data.name}”.` : `“${saved.data.name}” is added to the directory.`);
    location.assign('/directory/provider' + query({ id: saved.data.id }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 412) {
      stale();
      return;
    }
    if (err instanceof ApiError && err.fields.length) {
      showErrors(err.fields, 'Haven could not save this. Check the fields marked below.');
      return;
    }
    if (err instanceof ApiError && err.status === 403 && me.role === 'editor') {
      showStatus(formStatus, 'error',
        `You can add and change providers only in ${me.countries.map(countryOnly).join(', ') || 'your countries'}. ${sentence(err.message)}`);
      formStatus.scrollIntoView({ block: 'start' });
      return;
    }
    showProblem(err, formStatus);
    formStatus.scrollIntoView({ block: 'start' });
  }
});

/** The PATCH body: the fields this form edits. */
function patchOf(body) {
  const out = {};
  for (const k of ['name', 'org_type', 'country', 'status', 'description', 'website', 'email', 'verification', 'locations', 'services', 'channels']) {
    out[k] = body[k] === undefined ? '' : body[k];
  }
  return out;
}

function stale() {
  showStatus(formStatus, 'error',
    'Someone else changed this provider after you opened it, so your changes are not saved. ' +
    'Open the latest version to see what changed, then make your change again.');
  formStatus.append(h('p', { class: 'actions' },
    h('a', {
      class: 'button button-secondary', href: '/directory/provider' + query({ id }), target: '_blank', rel: 'noopener',
    }, 'See the latest version (new tab)'),
    h('button', {
      type: 'button', class: 'button', 'data-testid': 'reload-latest',
      onclick: async () => {
        const ok = await confirmDialog({
          title: 'Load the latest version?',
          message: 'What you typed here is replaced by the version someone else saved.',
          confirm: 'Load the latest version',
        });
        if (ok) location.reload();
      },
    }, 'Load the latest version')));
  formStatus.scrollIntoView({ block: 'start' });
}

// ------------------------------------------------------------------ setup

function fillTop(p) {
  const f = form.elements;
  f.org_type.replaceChildren(...Object.entries(ORG_TYPES).map(([v, l]) => h('option', { value: v }, l)));
  f.status.replaceChildren(...Object.entries(PROVIDER_STATUSES).map(([v, l]) => h('option', { value: v }, l)));
  f['verification.status'].replaceChildren(...Object.entries(VERIFICATION).map(([v, t]) => h('option', { value: v }, t.label)));
  let countries = me.role === 'editor' && me.countries.length ? [...me.countries] : [...COUNTRIES];
  if (p.country && !countries.includes(p.country)) countries.push(p.country);
  countries = countries.sort((a, b) => countryOnly(a).localeCompare(countryOnly(b)));
  f.country.replaceChildren(
    ...(countries.length > 1 ? [h('option', { value: '' }, 'Choose the country')] : []),
    ...countries.map((c) => h('option', { value: c }, countryOnly(c))),
  );
  $('#p-country-hint').textContent = me.role === 'editor' && me.countries.length
    ? `You can add providers in ${me.countries.map(countryOnly).join(', ')}.`
    : 'Where they work. Editors of this country can change the entry.';
  f.name.value = p.name || '';
  f.org_type.value = p.org_type || 'ngo';
  f.country.value = p.country || (countries.length === 1 ? countries[0] : '');
  f.status.value = p.status || 'active';
  f['verification.status'].value = (p.verification && p.verification.status) || 'unverified';
  f.description.value = p.description || '';
  f.website.value = p.website || '';
  f.email.value = p.email || '';
}

function addTo(list, block) {
  $(list).append(block);
  renumber();
  return block;
}

$('#add-location').addEventListener('click', () => addTo('#locations', locationBlock()).querySelector('input').focus());
$('#add-service').addEventListener('click', () => addTo('#services', serviceBlock()).querySelector('select').focus());
$('#add-channel').addEventListener('click', () => addTo('#channels', channelBlock()).querySelector('select').focus());

function deny(message) {
  $('#loading').hidden = true;
  $('#denied-text').textContent = message;
  if (id) $('#denied-back').href = '/directory/provider' + query({ id });
  $('#denied').hidden = false;
}

async function start() {
  me = await requireUser();
  if (!canAdd(me)) {
    deny('Only editors and admins can change the directory. If something is wrong in an entry, tell an editor.');
    return;
  }
  try {
    tax = await loadTaxonomy();
    if (id) {
      const res = await apiFull('GET', `/providers/${encodeURIComponent(id)}`);
      original = res.data;
      etag = res.etag || `"v${original.version}"`;
    }
  } catch (err) {
    $('#loading').hidden = true;
    if (err instanceof ApiError && err.status === 404) {
      showStatus($('#page-status'), 'error', 'This provider is not in the directory. It may have been deleted.');
      return;
    }
    showProblem(err, $('#page-status'));
    return;
  }
  if (original && !canEdit(me, original.country)) {
    deny(`You can change providers only in ${me.countries.map(countryOnly).join(', ')}. This one is in ${countryOnly(original.country)}.`);
    return;
  }
  document.body.append(h('datalist', { id: 'capacity-units' }, ['beds', 'places', 'rooms', 'families'].map((u) => h('option', { value: u }))));
  const p = original || {};
  fillTop(p);
  if (original) {
    document.title = `Edit ${original.name} · Haven`;
    $('#edit-title').textContent = `Edit “${original.name}”`;
    $('#back-link').href = '/directory/provider' + query({ id });
    $('#back-link').textContent = '← Back to the provider';
    $('#cancel').href = '/directory/provider' + query({ id });
    $('#save').textContent = 'Save changes';
    if (!(me.grants || []).includes('confidential')) {
      $('#edit-lead').after(h('p', { class: 'note' },
        'If this provider has confidential locations or contacts, you do not see them here, ',
        'and saving keeps them exactly as they are.'));
    }
  }
  for (const l of p.locations || [{}]) $('#locations').append(locationBlock(l));
  for (const s of p.services || [{}]) $('#services').append(serviceBlock(s));
  for (const c of p.channels || [{ kind: 'hotline' }]) $('#channels').append(channelBlock(c));
  renumber();
  showContent();
  if (!original) form.elements.name.focus();
}

start();
