// The directory drafts: each with its countries, audience and newest
// frozen version, and links to edit it and open its outputs.
import { $, h, api, formatDate, requireUser, showContent, showProblem, countriesText } from './api.js';
import { AUDIENCES, canEditDraft, outputLinks } from './draft-common.js';

function draftItem(d, user) {
  const latest = d.latest_version;
  return h(
    'li',
    { class: 'result draft-item', 'data-draft': d.id },
    h('h3', { class: 'result-name' }, h('a', { href: '/drafts/edit?id=' + encodeURIComponent(d.id), 'data-testid': 'draft-link' }, d.name)),
    h('p', { class: 'result-tags' },
      h('span', { class: `tag ${d.audience === 'public' ? 'tag-on' : 'tag-role'}` }, AUDIENCES[d.audience] || d.audience),
      ' ',
      h('span', { class: 'tag tag-soon' }, latest ? `Version ${latest} frozen` : 'Not frozen yet')),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Countries'), h('dd', {}, countriesText(d.countries)),
      h('dt', {}, 'Changed'), h('dd', {}, `${formatDate(d.updated_at)} by ${d.updated_by || 'someone'}`)),
    h('p', { class: 'result-actions' },
      h('a', { class: 'button button-small', href: '/drafts/edit?id=' + encodeURIComponent(d.id) }, canEditDraft(user, d) ? 'Edit' : 'Open'),
      latest ? outputLinks(d.id, latest) : null),
  );
}

async function main() {
  const user = await requireUser();
  try {
    const res = await api('GET', '/drafts');
    const items = res.items || [];
    $('#drafts').replaceChildren(...items.map((d) => draftItem(d, user)));
    $('#drafts-empty').hidden = items.length > 0;
    $('#new-draft').hidden = !['admin', 'editor'].includes(user.role);
    showContent();
  } catch (err) {
    $('#loading').hidden = true;
    showProblem(err, $('#page-status'));
  }
}

main();
