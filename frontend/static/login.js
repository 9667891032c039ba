// The login page: e-mail and password, then on to ?next= (or home).
import { api, ApiError, $, busy, clearFieldErrors, clearStatus, setFieldError, showProblem, showStatus } from './api.js';

const form = $('#login-form');
const status = $('#status');
const email = $('#email');
const password = $('#password');

/** Where to go after login: a same-site path from ?next=, else home. */
function nextPath() {
  const next = new URLSearchParams(location.search).get('next') || '';
  // Only a local path: "/x", never "//host" or "/\host", never back to /login.
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  return next;
}

async function start() {
  const params = new URLSearchParams(location.search);
  if (params.get('loggedout')) {
    showStatus(status, 'success', 'You have logged out.');
  } else if (params.get('next')) {
    showStatus(status, 'info', 'Log in to see this page.');
  }

  // Someone already logged in goes straight on.
  try {
    await api('GET', '/me');
    location.replace(nextPath());
    return;
  } catch {
    // not logged in: stay here
  }

  try {
    const setup = await api('GET', '/setup');
    if (setup.needed) $('#setup-hint').hidden = false;
    if (setup.demo_login) {
      $('#demo-login').textContent = setup.demo_login;
      $('#demo-hint').hidden = false;
    }
  } catch {
    // The hints are a courtesy; the form works without them.
  }
  if (!email.value) email.focus();
}

$('#use-demo').addEventListener('click', () => {
  const [demoEmail, demoPassword] = $('#demo-login').textContent.split(' / ');
  email.value = (demoEmail || '').trim();
  password.value = (demoPassword || '').trim();
  $('#login-submit').focus();
});

$('#show-password').addEventListener('change', (e) => {
  password.type = e.target.checked ? 'text' : 'password';
});

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(form);
  clearStatus(status);
  const missing = [];
  if (!email.value.trim()) missing.push(setFieldError(form, 'email', 'Enter your e-mail address.'));
  if (!password.value) missing.push(setFieldError(form, 'password', 'Enter your password.'));
  if (missing.length) {
    showStatus(status, 'error', 'Fill in both fields to log in.');
    missing[0].focus();
    return;
  }
  const button = $('#login-submit');
  try {
    await busy(button, 'Logging in…', () =>
      api('POST', '/session', { email: email.value.trim(), password: password.value }),
    );
    location.assign(nextPath());
  } catch (err) {
    showProblem(err, status, form);
    if (err instanceof ApiError && err.status === 401) {
      password.value = '';
      password.focus();
    }
  }
});

start();
