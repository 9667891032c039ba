// The users page (admins): list users, add one, edit one.
import {
  $, h, api, busy, clearFieldErrors, clearStatus, confirmDialog, countriesText, grantsText, parseCountries,
  query, requireAdmin, requireUser, roleLabel, setFieldError, setupHeader, showContent, showProblem, showStatus, ROLES, SCOPED_ROLES,
} from './api.js';

const PAGE_SIZE = 50;

let me = null;
let users = [];
let next = null;
let editing = null; // the user in the edit dialog
let editOpener = null; // the button that opened it, to give focus back

const listStatus = $('#list-status');

// ---------------------------------------------------------------------- list

async function loadUsers(cursor) {
  const more = $('#users-more');
  try {
    const page = await busy(more, 'Loading…', () => api('GET', '/users' + query({ cursor, limit: PAGE_SIZE })));
    const known = new Set(users.map((u) => u.id));
    users = cursor ? users.concat(page.items.filter((u) => !known.has(u.id))) : page.items;
    next = page.next;
    render();
  } catch (err) {
    showProblem(err, listStatus);
  }
}

function render() {
  $('#users-body').replaceChildren(...users.map(row));
  $('#users-table').hidden = users.length === 0;
  $('#users-empty').hidden = users.length > 0;
  $('#users-more').hidden = !next;
}

function row(u) {
  const classes = [u.disabled ? 'row-disabled' : '', u._new ? 'row-new' : ''].filter(Boolean).join(' ');
  const editButton = h('button', {
    type: 'button', class: 'button button-secondary button-small', 'data-testid': 'edit-user',
    'aria-label': `Edit ${u.name || u.email}`,
  }, 'Edit');
  editButton.addEventListener('click', () => openEdit(u, editButton));
  return h(
    'tr',
    { role: 'row', class: classes, 'data-user-id': u.id, 'data-email': u.email },
    h('td', { role: 'cell', class: 'cell-main', 'data-label': 'Name' },
      h('strong', {}, u.name || u.email, u.id === me.id ? ' (you)' : ''),
      u.name ? h('span', {}, u.email) : null),
    h('td', { role: 'cell', 'data-label': 'Role' }, roleLabel(u.role)),
    h('td', { role: 'cell', 'data-label': 'Countries' }, countriesText(u.countries)),
    h('td', { role: 'cell', 'data-label': 'Extra rights' }, grantsText(u.grants)),
    h('td', { role: 'cell', 'data-label': 'Status' },
      u.disabled ? h('span', { class: 'tag tag-off' }, 'Disabled') : h('span', { class: 'tag tag-on' }, 'Active')),
    h('td', { role: 'cell', class: 'cell-actions' }, editButton),
  );
}

// --------------------------------------------------- shared form behaviour

/**
 * Says what the chosen role does, and shows the countries field only for
 * roles that can be limited to countries.
 */
function syncCountries(form, prefix) {
  const role = form.elements.role.value;
  $(`#${prefix}-role-about`).textContent = ROLES[role] ? ROLES[role].about : '';
  $(`#${prefix}-countries-field`).hidden = !SCOPED_ROLES.includes(role);
}

function checkedGrants(form) {
  return [...form.querySelectorAll('input[name="grants"]:checked')].map((el) => el.value);
}

function setGrants(form, grants) {
  for (const el of form.querySelectorAll('input[name="grants"]')) el.checked = grants.includes(el.value);
}

function sameList(a, b) {
  const x = [...a].sort().join(',');
  const y = [...b].sort().join(',');
  return x === y;
}

// ------------------------------------------------------------------- add user

const addSection = $('#add-user');
const addForm = $('#add-user-form');
const addStatus = $('#add-status');
const addToggle = $('#add-user-toggle');

function showAdd(open) {
  addSection.hidden = !open;
  addToggle.setAttribute('aria-expanded', String(open));
  addToggle.hidden = open;
  if (open) {
    clearStatus(addStatus);
    clearFieldErrors(addForm);
    syncCountries(addForm, 'new');
    $('#new-email').focus();
  } else {
    addToggle.focus();
  }
}

addToggle.addEventListener('click', () => showAdd(true));
$('#add-user-cancel').addEventListener('click', () => {
  addForm.reset();
  showAdd(false);
});
addForm.elements.role.addEventListener('change', () => syncCountries(addForm, 'new'));

addForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(addForm);
  clearStatus(addStatus);
  const f = addForm.elements;
  const role = f.role.value;
  const body = {
    email: f.email.value.trim(),
    name: f.name.value.trim(),
    role,
    countries: SCOPED_ROLES.includes(role) ? parseCountries(f.countries.value) : [],
    grants: checkedGrants(addForm),
    password: f.password.value,
  };
  const bad = [];
  if (!body.email) bad.push(setFieldError(addForm, 'email', 'Enter the person’s e-mail address.'));
  if (body.password.length < 10) bad.push(setFieldError(addForm, 'password', 'The first password must be at least 10 characters.'));
  if (bad.length) {
    showStatus(addStatus, 'error', 'Check the fields marked below.');
    bad[0].focus();
    return;
  }
  try {
    const u = await busy($('#add-user-submit'), 'Creating…', () => api('POST', '/users', body));
    addForm.reset();
    showAdd(false);
    u._new = true;
    users = [u, ...users.filter((x) => x.id !== u.id)];
    render();
    showStatus(listStatus, 'success',
      `${u.name || u.email} can now log in as ${roleLabel(u.role)}. Give them their e-mail and first password privately.`);
  } catch (err) {
    showProblem(err, addStatus, addForm);
  }
});

// ------------------------------------------------------------------ edit user

const dialog = $('#edit-dialog');
const editForm = $('#edit-form');
const editStatus = $('#edit-status');
const accessStatus = $('#access-status');

function openEdit(u, opener) {
  editing = u;
  editOpener = opener;
  clearStatus(editStatus);
  clearStatus(accessStatus);
  clearFieldErrors(editForm);
  editForm.reset();
  $('#edit-heading').textContent = `Edit ${u.name || u.email}`;
  $('#edit-email').textContent = u.email;
  const f = editForm.elements;
  f.name.value = u.name || '';
  f.role.value = u.role;
  f.countries.value = u.countries.join(', ');
  setGrants(editForm, u.grants);
  syncCountries(editForm, 'edit');
  syncAccess();
  $('#edit-history').href = '/admin/audit' + query({ object_id: u.id });
  dialog.showModal();
  f.name.focus();
}

function syncAccess() {
  const u = editing;
  const toggle = $('#edit-toggle-disabled');
  const self = u.id === me.id;
  if (u.disabled) {
    $('#edit-access-text').textContent = 'This account is disabled: the person cannot log in and their API tokens do not work.';
    toggle.textContent = 'Enable account';
    toggle.className = 'button button-secondary';
  } else {
    $('#edit-access-text').textContent = self
      ? 'This is your own account. Another admin can disable it if needed.'
      : 'Disabling the account logs the person out at once and stops their API tokens. You can enable it again later.';
    toggle.textContent = 'Disable account';
    toggle.className = 'button button-danger';
  }
  toggle.hidden = self && !u.disabled;
}

function closeEdit() {
  dialog.close();
}

dialog.addEventListener('close', () => {
  editing = null;
  if (editOpener && editOpener.isConnected) editOpener.focus();
});

$('#edit-cancel').addEventListener('click', closeEdit);
$('#edit-close').addEventListener('click', closeEdit);
editForm.elements.role.addEventListener('change', () => syncCountries(editForm, 'edit'));

/** Replaces u in the list, re-renders, and keeps focus on its Edit button. */
function updated(u) {
  users = users.map((x) => (x.id === u.id ? u : x));
  render();
  const button = document.querySelector(`tr[data-user-id="${u.id}"] [data-testid="edit-user"]`);
  if (button) editOpener = button;
}

editForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(editForm);
  clearStatus(editStatus);
  const u = editing;
  const f = editForm.elements;
  const patch = {};
  const name = f.name.value.trim();
  if (name !== (u.name || '')) patch.name = name;
  if (f.role.value !== u.role) patch.role = f.role.value;
  if (SCOPED_ROLES.includes(f.role.value)) {
    const countries = parseCountries(f.countries.value);
    if (!sameList(countries, u.countries)) patch.countries = countries;
  }
  const grants = checkedGrants(editForm);
  if (!sameList(grants, u.grants)) patch.grants = grants;
  if (f.password.value) {
    if (f.password.value.length < 10) {
      setFieldError(editForm, 'password', 'The new password must be at least 10 characters.').focus();
      showStatus(editStatus, 'error', 'Check the field marked below.');
      return;
    }
    patch.password = f.password.value;
  }
  if (Object.keys(patch).length === 0) {
    showStatus(editStatus, 'info', 'Nothing has changed, so there is nothing to save.');
    return;
  }
  if (u.id === me.id && patch.role && patch.role !== 'admin') {
    const ok = await confirmDialog({
      title: 'Give up your admin role?',
      message: `You will be ${roleLabel(patch.role)} and lose access to Users and the Audit log at once. Another admin can give it back.`,
      confirm: 'Change my role',
      danger: true,
    });
    if (!ok) return;
  }
  try {
    const saved = await busy($('#edit-save'), 'Saving…', () => api('PATCH', `/users/${encodeURIComponent(u.id)}`, patch));
    updated(saved);
    closeEdit();
    if (saved.id === me.id) {
      if (saved.role !== 'admin') {
        location.assign('/');
        return;
      }
      me = saved;
      setupHeader(saved);
    }
    const extra = patch.password ? ' The new password works now, and they were logged out everywhere.' : '';
    showStatus(listStatus, 'success', `Saved changes to ${saved.name || saved.email}.${extra}`);
  } catch (err) {
    showProblem(err, editStatus, editForm);
  }
});

$('#edit-toggle-disabled').addEventListener('click', async () => {
  const u = editing;
  const disable = !u.disabled;
  if (disable) {
    const ok = await confirmDialog({
      title: `Disable ${u.name || u.email}?`,
      message: 'They are logged out at once and cannot log in. Their API tokens stop working. You can enable the account again later.',
      confirm: 'Disable account',
      danger: true,
    });
    if (!ok) return;
  }
  try {
    const saved = await busy($('#edit-toggle-disabled'), disable ? 'Disabling…' : 'Enabling…',
      () => api('PATCH', `/users/${encodeURIComponent(u.id)}`, { disabled: disable }));
    editing = saved;
    updated(saved);
    syncAccess();
    showStatus(accessStatus, 'success', disable ? 'The account is disabled.' : 'The account is enabled again.');
  } catch (err) {
    showProblem(err, accessStatus);
  }
});

$('#users-more').addEventListener('click', () => loadUsers(next));

async function start() {
  me = await requireUser();
  if (!requireAdmin(me)) return;
  showContent();
  await loadUsers('');
}

start();
