// One provider: every field in plain words, tap-to-call channels, locations
// (confidential ones withheld as the API withholds them), and the history of
// changes. Editors of the provider's country and admins can edit or delete.
import {
  $, h, apiFull, api, ApiError, busy, clearStatus, confirmDialog, formatDate, formatTime, query, requireUser,
  showContent, showProblem, showStatus,
} from './api.js';
import {
  CHANNEL_KINDS, COST_KINDS, PROVIDER_STATUSES, TIERS, VERIFICATION, canEdit, capacityText, channelHref, costText,
  countryOnly, eligibilityDetails, languageName, loadTaxonomy, orgTypeLabel, placeText, regionNames, scheduleText, seesTiers,
  setFlash, takeFlash, tierTags, verificationTag, whoText,
} from './directory-common.js';

const id = new URLSearchParams(location.search).get('id') || '';
const pageStatus = $('#page-status');

let me = null;
let tax = null;
let provider = null;
let etag = '';

// ------------------------------------------------------------------- render

function render(p) {
  document.title = `${p.name} · Haven`;
  $('#p-name').textContent = p.name;
  const status = p.status && p.status !== 'active' ? h('span', { class: 'tag tag-off' }, PROVIDER_STATUSES[p.status] || p.status) : null;
  $('#p-tags').replaceChildren(...[verificationTag(p.verification), ...tierTags(p, me), status].filter(Boolean));
  const places = [];
  for (const l of p.locations || []) {
    const t = placeText(l);
    if (t && !places.includes(t)) places.push(t);
  }
  $('#p-meta').replaceChildren(
    h('span', { class: 'line' }, [orgTypeLabel(p.org_type), countryOnly(p.country)].filter(Boolean).join(' · ')),
    places.length ? h('span', { class: 'line meta-place' }, places.join('; ')) : '',
  );
  $('#p-description').replaceChildren(...(p.description ? [h('p', { class: 'description' }, p.description)] : []));

  const editable = canEdit(me, p.country);
  $('#p-actions').hidden = !editable;
  $('#p-edit').href = '/directory/edit' + query({ id: p.id });
  // Problems participants of feedback tests reported: this entry's review queue.
  $('#p-issues').href = '/feedback/issues' + query({ provider: p.id, status: 'open' });
  if (editable) {
    api('GET', '/provider-issues' + query({ provider: p.id, status: 'open' }))
      .then((res) => { $('#p-issues').textContent = `Reported problems (${(res.items || []).length})`; })
      .catch(() => {}); // the link still leads to the queue
  }

  renderChannels(p);
  $('#p-services').replaceChildren(...(p.services || []).map((s) => serviceBlock(s, p)));
  $('#p-no-services').hidden = (p.services || []).length > 0;
  $('#p-locations').replaceChildren(...(p.locations || []).map((l, i) => locationBlock(l, i)));
  $('#p-no-locations').hidden = (p.locations || []).length > 0;
  renderRecord(p);
}

function renderChannels(p) {
  const items = (p.channels || []).map(channelItem);
  if (p.website) items.push(channelItem({ kind: 'website', value: p.website, tier: 'public' }));
  if (p.email) items.push(channelItem({ kind: 'email', value: p.email, tier: 'public' }));
  $('#p-channels').replaceChildren(...items);
  $('#p-no-channels').hidden = items.length > 0;
}

function channelItem(c) {
  const href = channelHref(c);
  const kind = CHANNEL_KINDS[c.kind] || c.kind;
  const verb = { phone: 'Call', hotline: 'Call', email: 'E-mail', website: 'Open' }[c.kind] || 'Open';
  const title = c.label ? `${kind}: ${c.label}` : kind;
  const confidential = c.tier && c.tier !== 'public';
  return h(
    'li',
    { class: confidential ? 'channel channel-confidential' : 'channel', 'data-kind': c.kind },
    h('p', { class: 'channel-title' }, title,
      confidential ? h('span', { class: `tag ${TIERS[c.tier].cls}` }, `${TIERS[c.tier].label}: do not share`) : null),
    href
      ? h('a', {
          class: 'button channel-link', href,
          rel: /^https?:/.test(href) ? 'noopener noreferrer' : null,
          target: /^https?:/.test(href) ? '_blank' : null,
          'aria-label': `${verb} ${title}: ${c.value}`,
        }, h('span', { class: 'channel-verb', 'aria-hidden': 'true' }, verb), h('span', { class: 'channel-value' }, c.value))
      : h('p', { class: 'channel-value channel-plain' }, c.value),
    c.hours ? h('p', { class: 'muted channel-hours' }, c.hours) : null,
  );
}

function fact(label, ...value) {
  const v = value.flat().filter((x) => x !== null && x !== undefined && x !== '');
  if (!v.length) return [];
  return [h('dt', {}, label), h('dd', {}, ...v)];
}

function lines(list) {
  return list.filter(Boolean).map((t) => h('span', { class: 'line' }, t));
}

function serviceBlock(s, p) {
  const term = tax.byCode.get(s.type);
  const parent = term && term.parent_code ? tax.name(term.parent_code) : '';
  const langs = (s.languages || []).map(languageName);
  const langText = [
    langs.length ? langs.join(', ') : '',
    s.interpretation_available ? 'Interpreting can be arranged.' : '',
  ];
  const a = s.access || {};
  const access = [
    a.walk_in ? 'Walk in: no appointment needed.' : '',
    a.referral_required ? `A referral is needed${a.who_can_refer ? ` from ${a.who_can_refer}` : ''}.` : '',
    !a.referral_required && a.who_can_refer ? `Referrals from ${a.who_can_refer}.` : '',
    !a.walk_in && !a.referral_required ? 'Contact them first.' : '',
    a.next_step ? `Next step: ${a.next_step}` : '',
    a.documents && a.documents.length ? `Bring: ${a.documents.join(', ')}.` : '',
    a.response_time ? `They answer within ${a.response_time}.` : '',
  ];
  const where = (s.location_ids || []).map((lid) => {
    const i = (p.locations || []).findIndex((l) => l.id === lid);
    return i < 0 ? '' : locationTitle(p.locations[i], i);
  }).filter(Boolean);
  const area = s.service_area
    ? [
        s.service_area.region_codes && s.service_area.region_codes.length ? `Regions ${s.service_area.region_codes.join(', ')}` : '',
        s.service_area.radius_km ? `Up to ${s.service_area.radius_km} km away` : '',
      ]
    : [];
  return h(
    'article',
    { class: 'service-card', 'data-service-id': s.id, 'data-type': s.type },
    parent ? h('p', { class: 'service-parent' }, parent) : null,
    h('h3', {}, tax.name(s.type)),
    s.description ? h('p', {}, s.description) : null,
    h('dl', { class: 'facts' },
      ...fact('For', lines([whoText(s.eligibility), ...eligibilityDetails(s.eligibility)])),
      ...fact('Languages', lines(langText)),
      ...fact('Cost', costText(s.cost) || COST_KINDS.free),
      ...fact('How to get it', lines(access)),
      ...fact('Places', s.capacity ? h('span', { 'data-testid': 'capacity' }, capacityText(s.capacity)) : ''),
      ...fact('Open', lines((s.schedules || []).map(scheduleText))),
      ...fact('Offered at', where.join(', ')),
      ...fact('Area served', lines(area))),
  );
}

function locationTitle(l, i) {
  return l.name || (l.address && l.address.city) || `Location ${i + 1}`;
}

function locationBlock(l, i) {
  const regions = regionNames(l);
  const showTier = l.tier !== 'public' || seesTiers(me);
  const tier = TIERS[l.tier] || { label: l.tier, cls: '' };
  const parts = [];
  if (l.redacted) {
    parts.push(h('p', { class: 'withheld', 'data-testid': 'withheld' },
      h('strong', {}, 'Exact location withheld (confidential).'),
      ' Only the area is shown. Use the contacts above to refer someone.'));
  } else {
    if (l.tier !== 'public') {
      parts.push(h('p', { class: 'warning confidential-note' },
        h('strong', {}, 'Confidential location. '),
        'You see this address because you have the confidential right. Do not share it: ',
        l.tier === 'hidden' ? 'others do not even know this location exists.' : 'others see only the area.'));
    }
    const a = l.address || {};
    const addr = [a.line1, a.line2, [a.postal_code, a.city].filter(Boolean).join(' '), a.province,
      a.country ? countryOnly(a.country) : ''].filter(Boolean);
    if (addr.length) parts.push(h('p', { class: 'address' }, lines(addr)));
  }
  const facts = [
    ...fact('Area', regions.join(', ')),
    ...(Number.isFinite(l.latitude) && Number.isFinite(l.longitude)
      ? fact('Map position', `${Number(l.latitude.toFixed(5))}, ${Number(l.longitude.toFixed(5))} `,
          l.tier === 'public'
            ? h('a', {
                href: `https://www.openstreetmap.org/?mlat=${l.latitude}&mlon=${l.longitude}#map=16/${l.latitude}/${l.longitude}`,
                rel: 'noopener noreferrer', target: '_blank',
              }, 'Open map')
            : null)
      : []),
    ...fact('Access', l.accessibility || ''),
  ];
  return h(
    'article',
    { class: l.redacted ? 'location-card location-redacted' : 'location-card', 'data-location-id': l.id, 'data-tier': l.tier },
    h('div', { class: 'location-head' },
      h('h3', {}, l.redacted ? `Location ${i + 1}` : locationTitle(l, i)),
      showTier ? h('span', { class: `tag ${tier.cls}` }, tier.label) : null),
    ...parts,
    facts.length ? h('dl', { class: 'facts' }, ...facts) : null,
  );
}

function renderRecord(p) {
  const v = p.verification || {};
  const verified = [
    (VERIFICATION[v.status] || { label: v.status }).label,
    v.verified_at ? ` on ${formatDate(v.verified_at)}` : '',
    v.verified_by ? ` by ${v.verified_by}` : '',
  ].join('');
  const prov = p.provenance || {};
  const source = { manual: 'Entered by hand', survey: 'From a survey', import: 'Imported' }[prov.kind] || prov.kind || '';
  $('#p-record').replaceChildren(
    ...fact('Status', PROVIDER_STATUSES[p.status] || p.status),
    ...fact('Checked', verified),
    ...fact('Source', [source, prov.ref ? ` (${prov.ref})` : ''].join('')),
    ...fact('Last changed', formatTime(p.updated_at)),
    ...fact('Added', formatTime(p.created_at)),
    ...fact('Version', String(p.version)),
  );
}

// ------------------------------------------------------------------ history

const FIELD_WORDS = {
  name: 'name', org_type: 'organisation type', description: 'description', website: 'website', email: 'e-mail',
  country: 'country', status: 'status', 'verification.status': 'checked', 'verification.verified_at': 'checked on',
  'verification.verified_by': 'checked by', 'provenance.kind': 'source', 'provenance.ref': 'source reference',
  'capacity.available': 'places free', 'capacity.total': 'places in all', 'capacity.unit': 'unit of places',
  'capacity.updated_at': 'places updated', 'eligibility.min_age': 'minimum age', 'eligibility.max_age': 'maximum age',
  'eligibility.genders': 'genders', 'eligibility.legal_statuses': 'legal statuses',
  'eligibility.trafficking_forms': 'forms of trafficking', 'eligibility.victim_status': 'victim status needed',
  'eligibility.lgbtqi_welcome': 'LGBTQI+ welcome', interpretation_available: 'interpreting', 'cost.kind': 'cost',
  'cost.note': 'cost note', 'access.walk_in': 'walk in', 'access.referral_required': 'referral needed',
  'access.next_step': 'next step', 'access.who_can_refer': 'who can refer', type: 'service type', tier: 'who may see it',
  kind: 'kind', value: 'contact', label: 'label', latitude: 'latitude', longitude: 'longitude', deleted: 'deleted',
};

/** "services[abc].capacity.available" → "Emergency shelter: places free". */
function fieldLabel(path) {
  const m = path.match(/^(locations|services|channels)\[([^\]]+)\]\.?(.*)$/);
  if (!m) return words(path);
  const [, list, itemID, rest] = m;
  const p = provider;
  let item = '';
  if (list === 'services') {
    const s = (p.services || []).find((x) => x.id === itemID);
    item = s ? tax.name(s.type) : 'A service';
  } else if (list === 'locations') {
    const i = (p.locations || []).findIndex((x) => x.id === itemID);
    item = i >= 0 ? (p.locations[i].redacted ? `Location ${i + 1}` : locationTitle(p.locations[i], i)) : 'A location';
  } else {
    const c = (p.channels || []).find((x) => x.id === itemID);
    item = c ? `${CHANNEL_KINDS[c.kind] || c.kind}${c.label ? ` (${c.label})` : ''}` : 'A contact';
  }
  return rest ? `${item}: ${words(rest)}` : item;
}

function words(rest) {
  const plain = rest.replace(/\[\d+\]/g, '');
  if (FIELD_WORDS[plain]) return FIELD_WORDS[plain];
  return plain.replace(/\[[^\]]+\]/g, '').replace(/[._]/g, ' ');
}

function valueText(field, v) {
  if (v === '' || v === undefined || v === null) return '(empty)';
  if (v === 'true') return 'yes';
  if (v === 'false') return 'no';
  if (v === '(withheld)') return 'withheld (confidential)';
  const leaf = field.split('.').pop();
  if (leaf === 'tier' && TIERS[v]) return TIERS[v].label;
  if (leaf === 'type' && field.startsWith('services[')) return tax.name(v);
  if (field === 'org_type') return orgTypeLabel(v);
  if (field === 'status') return PROVIDER_STATUSES[v] || v;
  if (field === 'verification.status') return (VERIFICATION[v] || { label: v }).label;
  if (leaf === 'kind' && field.startsWith('channels[')) return CHANNEL_KINDS[v] || v;
  if (field.endsWith('cost.kind')) return COST_KINDS[v] || v;
  if (/_at$/.test(leaf) && /^\d{4}-\d\d-\d\dT/.test(v)) return formatTime(v);
  return v;
}

/** Rows that are bookkeeping, not something a person changed. */
function noise(field) {
  return /\.id$/.test(field) || field === 'id' || /\.regions\[[^\]]+\]\.(set|set_version|level|how|code)$/.test(field);
}

function changeRow(c) {
  return h('div', { class: 'change', 'data-field': c.field },
    h('dt', {}, fieldLabel(c.field)),
    h('dd', {},
      h('span', { class: 'change-old' }, valueText(c.field, c.old)),
      h('span', { class: 'change-arrow', 'aria-label': 'changed to' }, ' → '),
      h('strong', { class: 'change-new' }, valueText(c.field, c.new))));
}

function historyItem(version, changes) {
  const first = changes[0];
  const shown = changes.filter((c) => !noise(c.field));
  const created = version === 1;
  const deleted = changes.some((c) => c.field === 'deleted' && c.new === 'true');
  const title = deleted ? 'Deleted' : created ? 'Added to the directory' : `Changed ${shown.length} ${shown.length === 1 ? 'field' : 'fields'}`;
  const list = h('dl', { class: 'change-list' }, shown.map(changeRow));
  return h(
    'li',
    { class: created ? 'event event-created' : 'event', 'data-version': version },
    h('div', { class: 'event-head' },
      h('span', { class: 'event-action' }, title, h('code', {}, `version ${version}`)),
      h('time', { class: 'event-time', datetime: first.at }, formatTime(first.at))),
    h('p', { class: 'event-meta' }, 'By ', h('strong', {}, first.actor_email || 'Haven itself')),
    created && shown.length > 3
      ? h('details', { class: 'change-more' }, h('summary', {}, `Show the ${shown.length} fields it started with`), list)
      : list,
  );
}

let historyLoaded = false;

async function loadHistory() {
  const box = $('#history-status');
  clearStatus(box);
  $('#history-loading').hidden = false;
  try {
    const res = await api('GET', `/providers/${encodeURIComponent(id)}/history`);
    const byVersion = new Map();
    for (const c of res.items || []) {
      if (!byVersion.has(c.version)) byVersion.set(c.version, []);
      byVersion.get(c.version).push(c);
    }
    const versions = [...byVersion.keys()].sort((a, b) => b - a);
    $('#history').replaceChildren(...versions.map((v) => historyItem(v, byVersion.get(v))));
    $('#history-empty').hidden = versions.length > 0;
    historyLoaded = true;
  } catch (err) {
    showProblem(err, box);
  } finally {
    $('#history-loading').hidden = true;
  }
}

// --------------------------------------------------------------------- tabs

const tabs = [$('#tab-details'), $('#tab-history')];

function selectTab(tab, focus) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $('#' + t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
  history.replaceState(null, '', location.pathname + location.search + (tab.id === 'tab-history' ? '#history' : ''));
  if (tab.id === 'tab-history' && !historyLoaded) loadHistory();
}

for (const t of tabs) {
  t.addEventListener('click', () => selectTab(t, false));
  t.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(t);
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      selectTab(tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length], true);
    }
  });
}

// ------------------------------------------------------------------- delete

$('#p-delete').addEventListener('click', async () => {
  const ok = await confirmDialog({
    title: `Delete “${provider.name}”?`,
    message: 'It leaves the directory at once: nobody can find it any more. Its history is kept for the record.',
    confirm: 'Delete provider',
    danger: true,
  });
  if (!ok) return;
  try {
    await busy($('#p-delete'), 'Deleting…', () =>
      apiFull('DELETE', `/providers/${encodeURIComponent(id)}`, undefined, { 'If-Match': etag }));
    setFlash('success', `“${provider.name}” is deleted from the directory. Its history is kept.`);
    location.assign('/directory');
  } catch (err) {
    if (err instanceof ApiError && err.status === 412) {
      staleNotice('Someone else changed this entry after you opened it, so it was not deleted.');
      return;
    }
    showProblem(err, pageStatus);
  }
});

/** Says the copy on screen is stale and offers to reload it. */
function staleNotice(message) {
  showStatus(pageStatus, 'error', message);
  pageStatus.append(h('p', { class: 'actions' },
    h('button', { type: 'button', class: 'button button-secondary', onclick: () => location.reload() }, 'Reload the latest version')));
  pageStatus.scrollIntoView({ block: 'start' });
}

// -------------------------------------------------------------------- start

async function start() {
  me = await requireUser();
  if (!id) {
    showStatus(pageStatus, 'error', 'No provider was chosen. Find one in the directory.');
    $('#loading').hidden = true;
    return;
  }
  try {
    const [res, taxonomy] = await Promise.all([apiFull('GET', `/providers/${encodeURIComponent(id)}`), loadTaxonomy()]);
    provider = res.data;
    etag = res.etag || `"v${provider.version}"`;
    tax = taxonomy;
  } catch (err) {
    $('#loading').hidden = true;
    if (err instanceof ApiError && err.status === 404) {
      showStatus(pageStatus, 'error', 'This provider is not in the directory. It may have been deleted, or the link is wrong.');
      pageStatus.append(h('p', { class: 'actions' }, h('a', { class: 'button button-secondary', href: '/directory' }, 'Search the directory')));
      return;
    }
    showProblem(err, pageStatus);
    return;
  }
  render(provider);
  const flash = takeFlash();
  if (flash) showStatus(pageStatus, flash.kind, flash.message);
  showContent();
  if (location.hash === '#history') selectTab($('#tab-history'), false);
}

start();
