// The home page: who you are, what to do next, and the parts of Haven your
// role will use. Later features fill their cards in here.
import { $, h, requireUser, showContent, roleLabel, countriesText, grantsText } from './api.js';

// What each part of Haven will do, by role. live cards link somewhere now;
// the others say what is coming.
function cardsFor(user) {
  const where = user.countries.length ? ` in ${user.countries.join(', ')}` : '';
  const cards = [];
  if (user.role === 'admin') {
    cards.push({
      title: 'Team',
      text: 'Add people, give each the role they need, and limit field staff to their countries.',
      link: { href: '/admin/users', label: 'Manage users' },
    });
    cards.push({
      title: 'Audit log',
      text: 'See who logged in and who changed what, and when.',
      link: { href: '/admin/audit', label: 'Open the audit log' },
    });
  }
  const directory = {
    admin: 'Oversee the directory of shelters, legal aid, health care and other services.',
    editor: `Add and update the services people can turn to${where}.`,
    collector: `Look up services to refer people to${where}.`,
    researcher: `Look up services${where} and how they are used.`,
    viewer: 'Look up published services: shelters, legal aid, health care and more.',
  }[user.role];
  cards.push({
    title: 'Directory of services',
    text: directory,
    link: { href: '/directory', label: user.role === 'editor' ? 'Open the directory' : 'Search the directory' },
  });
  if (user.role === 'admin') {
    cards.push({
      title: 'Boundaries and regions',
      text: 'Import provinces and districts from GeoJSON, and their population, so locations are placed in regions.',
      link: { href: '/admin/regions', label: 'Manage boundaries' },
    });
  }
  cards.push({
    title: 'Surveys',
    text: {
      admin: 'Publish surveys, and review what collectors send in before it goes into the directory.',
      editor: `Review what collectors send in${where}, and accept it into the directory or send it back with a note.`,
      collector: `Fill in surveys on your phone or in ODK Collect during field visits${where}, and follow what happens to them.`,
      researcher: `See the surveys in use${where} and download their forms.`,
      viewer: 'See the surveys Haven uses to map services.',
    }[user.role],
    link: ['admin', 'editor'].includes(user.role)
      ? { href: '/submissions?status=submitted', label: 'Review submissions' }
      : { href: '/surveys', label: user.role === 'collector' ? 'Fill in a survey' : 'See the surveys' },
  });
  if (['admin', 'editor', 'researcher'].includes(user.role)) {
    cards.push({
      title: 'Map',
      text: user.grants.includes('confidential') || user.role === 'admin'
        ? 'See services on a map, including the exact place of confidential locations.'
        : 'See services on a map. Confidential locations show only their area.',
    });
  }
  if (['admin', 'researcher'].includes(user.role)) {
    cards.push({ title: 'Reports', text: `Summaries and trends from surveys and feedback${where}.` });
  }
  return cards;
}

function card(c) {
  const live = Boolean(c.link);
  return h(
    'li',
    { class: live ? 'card' : 'card card-soon' },
    h('h3', {}, c.title),
    live ? null : h('p', {}, h('span', { class: 'tag tag-soon' }, 'Coming soon')),
    h('p', {}, c.text),
    live ? h('p', { class: 'actions' }, h('a', { class: 'button', href: c.link.href }, c.link.label)) : null,
  );
}

function nextSteps(user) {
  if (user.role === 'admin') {
    return [
      h('p', {}, h('strong', {}, 'Add your team under Users.'), ' Give each person the role they need, and limit field staff to the countries they work in.'),
      h('p', {}, 'Keep the directory of services up to date, and load the boundaries of the provinces and districts you work in. Surveys and reports will appear here as they are added to Haven.'),
      h('p', { class: 'actions' },
        h('a', { class: 'button', href: '/admin/users' }, 'Add your team'),
        h('a', { class: 'button button-secondary', href: '/directory' }, 'Open the directory')),
    ];
  }
  const where = user.countries.length ? ` in ${countriesText(user.countries)}` : '';
  if (user.role === 'editor') {
    return [
      h('p', {}, h('strong', {}, 'Keep the directory right.'), ` Add the services people can turn to${where}, and update free places and opening hours when they change.`),
      h('p', { class: 'actions' },
        h('a', { class: 'button', href: '/directory' }, 'Open the directory'),
        h('a', { class: 'button button-secondary', href: '/directory/edit' }, 'Add a provider')),
    ];
  }
  return [
    h('p', {}, h('strong', {}, 'Find help to refer people to.'), ' Search the directory by service, place or language, or for services near you.'),
    h('p', {}, 'If you were given a first password by an admin, change it to one only you know.'),
    h('p', { class: 'actions' },
      h('a', { class: 'button', href: '/directory' }, 'Search the directory'),
      h('a', { class: 'button button-secondary', href: '/account' }, 'Change your password')),
  ];
}

async function start() {
  const user = await requireUser();
  $('#greeting').textContent = `Hello, ${user.name || user.email}`;
  const who = $('#who');
  who.replaceChildren(
    'You are logged in as ',
    h('span', { class: 'tag tag-role', 'data-testid': 'role' }, roleLabel(user.role)),
    user.countries.length ? ` for ${countriesText(user.countries)}` : '',
    user.grants.length ? `. Extra rights: ${grantsText(user.grants)}.` : '.',
  );
  $('#next-steps').replaceChildren(...nextSteps(user));
  $('#cards').replaceChildren(...cardsFor(user).map(card));
  showContent();
}

start();
