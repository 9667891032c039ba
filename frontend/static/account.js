// The account page: your profile, changing your password, your API tokens.
import {
  $, h, api, busy, clearFieldErrors, clearStatus, confirmDialog, countriesText, formatDate, formatTime,
  grantsText, requireUser, roleLabel, setFieldError, showContent, showProblem, showStatus,
} from './api.js';

function renderProfile(user) {
  const rows = [
    ['Name', user.name || '(none)'],
    ['E-mail', user.email],
    ['Role', roleLabel(user.role)],
    ['Countries', countriesText(user.countries)],
    ['Extra rights', grantsText(user.grants)],
    ['Member since', formatDate(user.created_at)],
  ];
  $('#profile').replaceChildren(...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

// ------------------------------------------------------------------ password

const pwForm = $('#password-form');
const pwStatus = $('#password-status');

pwForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(pwForm);
  clearStatus(pwStatus);
  const current = pwForm.elements.current_password.value;
  const next = pwForm.elements.new_password.value;
  const again = pwForm.elements.confirm_password.value;
  const bad = [];
  if (!current) bad.push(setFieldError(pwForm, 'current_password', 'Enter your current password.'));
  if (next.length < 10) bad.push(setFieldError(pwForm, 'new_password', 'The new password must be at least 10 characters.'));
  else if (next !== again) bad.push(setFieldError(pwForm, 'confirm_password', 'The two new passwords are not the same.'));
  if (bad.length) {
    showStatus(pwStatus, 'error', 'Check the fields marked below.');
    bad[0].focus();
    return;
  }
  try {
    await busy($('#password-submit'), 'Changing…', () =>
      api('PUT', '/me/password', { current_password: current, new_password: next }),
    );
    pwForm.reset();
    showStatus(pwStatus, 'success', 'Your password is changed. You were logged out on your other devices.');
  } catch (err) {
    showProblem(err, pwStatus, pwForm);
  }
});

// -------------------------------------------------------------------- tokens

const tokenForm = $('#token-form');
const tokenStatus = $('#token-status');

async function loadTokens() {
  try {
    const list = await api('GET', '/me/tokens');
    renderTokens(list.items);
  } catch (err) {
    showProblem(err, tokenStatus);
  }
}

function renderTokens(items) {
  $('#tokens-empty').hidden = items.length > 0;
  $('#tokens-table').hidden = items.length === 0;
  $('#tokens-body').replaceChildren(
    ...items.map((t) => {
      const revoked = Boolean(t.revoked_at);
      return h(
        'tr',
        { role: 'row', class: revoked ? 'row-disabled' : '', 'data-token-id': t.id },
        h('td', { role: 'cell', class: 'cell-main', 'data-label': 'Name' }, h('strong', {}, t.name || '(no name)')),
        h('td', { role: 'cell', 'data-label': 'Starts with' }, h('code', {}, t.prefix + '…')),
        h('td', { role: 'cell', 'data-label': 'Created' }, formatTime(t.created_at)),
        h('td', { role: 'cell', 'data-label': 'Last used' }, formatTime(t.last_used_at, 'Never')),
        h('td', { role: 'cell', 'data-label': 'Status' },
          revoked
            ? h('span', { class: 'tag tag-off' }, `Revoked ${formatDate(t.revoked_at)}`)
            : h('span', { class: 'tag tag-on' }, 'Active')),
        h('td', { role: 'cell', class: 'cell-actions' },
          revoked
            ? null
            : h('button', {
                type: 'button', class: 'button button-danger button-small', 'data-testid': 'revoke-token',
                'aria-label': `Revoke token ${t.name || t.prefix}`,
                onclick: () => revoke(t),
              }, 'Revoke')),
      );
    }),
  );
}

async function revoke(t) {
  const ok = await confirmDialog({
    title: 'Revoke this token?',
    message: `“${t.name || t.prefix}” stops working at once. Any script using it will be refused. This cannot be undone.`,
    confirm: 'Revoke token',
    danger: true,
  });
  if (!ok) return;
  try {
    await api('DELETE', `/me/tokens/${encodeURIComponent(t.id)}`);
    showStatus(tokenStatus, 'success', `Token “${t.name || t.prefix}” is revoked.`);
    await loadTokens();
  } catch (err) {
    showProblem(err, tokenStatus);
  }
}

tokenForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(tokenForm);
  clearStatus(tokenStatus);
  const name = tokenForm.elements.name.value.trim();
  if (!name) {
    setFieldError(tokenForm, 'name', 'Give the token a name, so you know later what it is for.').focus();
    return;
  }
  try {
    const tok = await busy($('#token-submit'), 'Creating…', () => api('POST', '/me/tokens', { name }));
    tokenForm.reset();
    $('#new-token-secret').value = tok.secret;
    $('#copy-status').textContent = '';
    const box = $('#new-token');
    box.hidden = false;
    box.focus();
    await loadTokens();
  } catch (err) {
    showProblem(err, tokenStatus, tokenForm);
  }
});

$('#copy-token').addEventListener('click', async () => {
  const input = $('#new-token-secret');
  const said = $('#copy-status');
  try {
    await navigator.clipboard.writeText(input.value);
    said.textContent = 'Copied. Paste it where you keep secrets.';
  } catch {
    // No clipboard access (plain http, old browser): select it for a manual copy.
    input.focus();
    input.select();
    said.textContent = 'Could not copy by itself. The token is selected: copy it with your phone or keyboard.';
  }
});

$('#token-done').addEventListener('click', () => {
  $('#new-token-secret').value = '';
  $('#new-token').hidden = true;
  $('#token-name').focus();
});

async function start() {
  const user = await requireUser();
  renderProfile(user);
  showContent();
  await loadTokens();
}

start();
