// The set-up page: create the first admin with the one-time set-up code that
// `haven serve` prints as http://…/setup#CODE, then log that admin in.
import { $, api, busy, clearFieldErrors, clearStatus, setCsrf, setFieldError, showProblem, showStatus } from './api.js';

const form = $('#setup-form');
const status = $('#status');

async function start() {
  let needed = true;
  try {
    needed = (await api('GET', '/setup')).needed;
  } catch (err) {
    showProblem(err, status);
  }
  $('#loading').hidden = true;
  if (!needed) {
    $('#done').hidden = false;
    return;
  }
  const code = decodeURIComponent(location.hash.replace(/^#/, ''));
  if (code) {
    form.elements.token.value = code;
    $('#token-field').hidden = true;
    $('#token-ok').hidden = false;
  }
  $('#setup').hidden = false;
  (code ? $('#name') : $('#token')).focus();
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors(form);
  clearStatus(status);
  const f = form.elements;
  const body = { token: f.token.value.trim(), email: f.email.value.trim(), name: f.name.value.trim(), password: f.password.value };
  const bad = [];
  if (!body.token) bad.push(setFieldError(form, 'token', 'Enter the set-up code.'));
  if (!body.email) bad.push(setFieldError(form, 'email', 'Enter your e-mail address.'));
  if (body.password.length < 10) bad.push(setFieldError(form, 'password', 'The password must be at least 10 characters.'));
  else if (body.password !== f.password2.value) bad.push(setFieldError(form, 'password2', 'The two passwords are not the same.'));
  if (bad.length) {
    $('#token-field').hidden = !body.token ? false : $('#token-field').hidden;
    showStatus(status, 'error', 'Check the fields marked below.');
    bad[0].focus();
    return;
  }
  const button = $('#setup-submit');
  try {
    await busy(button, 'Creating…', () => api('POST', '/setup', body));
  } catch (err) {
    // A wrong or spent code is reported on the code field, which must show.
    $('#token-field').hidden = false;
    $('#token-ok').hidden = true;
    showProblem(err, status, form);
    return;
  }
  // The admin exists; log in with the same details and go home.
  try {
    const sess = await busy(button, 'Logging in…', () => api('POST', '/session', { email: body.email, password: body.password }));
    setCsrf(sess.csrf_token);
    location.assign('/');
  } catch {
    showStatus(status, 'success', 'Your admin account is ready. Log in with it now.');
    location.assign('/login');
  }
});

start();
