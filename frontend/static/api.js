// Haven's shared page helpers: calling the JSON API with the session's CSRF
// token, turning problem+json answers into messages people can act on, the
// page header, and a few DOM helpers. Every page script imports this module.
//
// The Content-Security-Policy forbids inline scripts and styles, so nothing
// here sets element.style or builds HTML from strings: it toggles classes and
// the hidden attribute, and builds elements with h().

const API = '/api/v1';

let csrfToken = '';

/** Remembers the CSRF token from GET /me or POST /session. */
export function setCsrf(token) {
  csrfToken = token || '';
}

/** An API answer that was not 2xx, carrying the problem+json body. */
export class ApiError extends Error {
  constructor(status, problem) {
    const p = problem || {};
    super(p.detail || p.title || `Request failed (${status})`);
    this.status = status;
    this.problem = p;
    this.fields = Array.isArray(p.errors) ? p.errors : [];
    this.requestId = p.request_id || '';
  }
}

const friendlyStatus = {
  0: 'Haven could not be reached. Check your connection and try again.',
  401: 'Your session has ended. Log in again.',
  403: 'You are not allowed to do this.',
  404: 'This was not found. It may have been removed.',
  413: 'What you sent is too large.',
  429: 'Too many attempts. Wait a few minutes and try again.',
  500: 'Something went wrong on the server.',
  502: 'Haven is not answering right now. Try again in a minute.',
  503: 'Haven is not available right now. Try again in a minute.',
};

/** The problem+json body for a failed answer, with a detail people can act on. */
function toProblem(status, statusText, data) {
  const problem = data && typeof data === 'object' ? data : {};
  if (!problem.detail) problem.detail = friendlyStatus[status] || `The server answered ${status} ${statusText || ''}.`.replace(' .', '.');
  if (status === 403 && /X-CSRF-Token/i.test(problem.detail)) {
    // The page's security token is stale, e.g. after logging in elsewhere.
    problem.detail = 'This page is out of date. Reload the page and try again.';
  }
  return problem;
}

/**
 * Calls the API and resolves with {data, etag}: the parsed JSON (null for
 * 204) and the ETag header, for a later If-Match. headers are added to the
 * request. Rejects with ApiError.
 */
export async function apiFull(method, path, body, headers = {}) {
  const h = { Accept: 'application/json, application/problem+json', ...headers };
  const unsafe = !['GET', 'HEAD'].includes(method);
  if (unsafe) {
    if (body !== undefined) h['Content-Type'] = 'application/json';
    h['X-CSRF-Token'] = csrfToken;
  }
  const init = { method, headers: h, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) init.body = JSON.stringify(body);
  let res;
  try {
    res = await fetch(API + path, init);
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: friendlyStatus[0] });
  }
  const etag = res.headers.get('ETag') || '';
  if (res.status === 204) return { data: null, etag };
  let data = null;
  if ((res.headers.get('Content-Type') || '').includes('json')) {
    try {
      data = await res.json();
    } catch {
      data = null;
    }
  }
  if (!res.ok) throw new ApiError(res.status, toProblem(res.status, res.statusText, data));
  return { data, etag };
}

/**
 * Calls the API. body, when given, is sent as JSON. Every change (POST, PUT,
 * PATCH, DELETE) carries the X-CSRF-Token header. Resolves with the parsed
 * JSON (null for 204); rejects with ApiError.
 */
export async function api(method, path, body) {
  return (await apiFull(method, path, body)).data;
}

/**
 * Sends a multipart form (a file upload) with XMLHttpRequest, so that the
 * page can show how much is sent. onProgress(loaded, total) runs while the
 * file goes up (total is 0 when unknown); onSent() runs once it is all sent
 * and the server is working on it. Resolves with the parsed JSON; rejects
 * with ApiError, like api().
 */
export function upload(path, formData, { onProgress, onSent } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', API + path);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    if (onProgress) {
      xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
    }
    if (onSent) xhr.upload.addEventListener('load', () => onSent());
    xhr.addEventListener('load', () => {
      let data = null;
      if ((xhr.getResponseHeader('Content-Type') || '').includes('json')) {
        try {
          data = JSON.parse(xhr.responseText);
        } catch {
          data = null;
        }
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(data);
      else reject(new ApiError(xhr.status, toProblem(xhr.status, xhr.statusText, data)));
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { title: 'Network error', detail: friendlyStatus[0] })));
    xhr.addEventListener('abort', () => reject(new ApiError(0, { title: 'Stopped', detail: 'The upload was stopped.' })));
    xhr.send(formData);
  });
}

/** Builds a query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

// ---------------------------------------------------------------- DOM helpers

/**
 * h('p', {class: 'x', dataset: {id: 1}}, 'text', child) builds an element.
 * Strings become text nodes, so user data is never parsed as HTML.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** $('#id') is document.querySelector. */
export const $ = (sel, root = document) => root.querySelector(sel);

/** Formats an ISO time for people, in their own time zone. */
export function formatTime(iso, fallback = 'Never') {
  if (!iso) return fallback;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.getFullYear() < 1970) return fallback;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
}

export const ROLES = {
  admin: { label: 'Admin', about: 'Manages users and everything else.' },
  editor: { label: 'Editor', about: 'Edits the directory of services.' },
  collector: { label: 'Collector', about: 'Fills in surveys in the field.' },
  researcher: { label: 'Researcher', about: 'Reads data and reports.' },
  viewer: { label: 'Viewer', about: 'Reads published content.' },
};

export const GRANTS = {
  confidential: 'Confidential locations',
  raw_data: 'Raw survey data',
};

/** Roles that can be limited to countries. */
export const SCOPED_ROLES = ['editor', 'collector', 'researcher'];

export function roleLabel(role) {
  return (ROLES[role] && ROLES[role].label) || role;
}

/** "TH, KH" or "th kh" → ["TH", "KH"]. */
export function parseCountries(text) {
  return (text || '')
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
}

let regionNames = null;
try {
  regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
} catch {
  regionNames = null; // an old browser: show the codes alone
}

/** "TH" → "Thailand (TH)", or the code alone when the name is unknown. */
export function countryName(code) {
  let name = '';
  try {
    name = regionNames ? regionNames.of(code) : '';
  } catch {
    name = '';
  }
  return name && name !== code ? `${name} (${code})` : code;
}

export function countriesText(countries) {
  return countries && countries.length ? countries.map(countryName).join(', ') : 'All countries';
}

export function grantsText(grants) {
  return grants && grants.length ? grants.map((g) => GRANTS[g] || g).join(', ') : 'None';
}

// ------------------------------------------------------------ status messages

/**
 * Shows a message in a status box (an element with role=status or alert and
 * aria-live, so screen readers announce it). kind is error, success or info.
 * For errors, the request ID is shown small, to quote when reporting.
 */
export function showStatus(box, kind, message, extra) {
  if (!box) return;
  box.replaceChildren();
  box.className = `status status-${kind}`;
  const title = { error: 'There is a problem', success: 'Done', info: 'Note' }[kind] || '';
  box.append(h('p', { class: 'status-title' }, title));
  box.append(h('p', { class: 'status-message' }, message));
  if (Array.isArray(extra) && extra.length) {
    box.append(h('ul', { class: 'status-list' }, extra.map((t) => h('li', {}, t))));
  } else if (typeof extra === 'string' && extra) {
    box.append(h('p', { class: 'status-ref' }, extra));
  }
  box.hidden = false;
}

export function clearStatus(box) {
  if (!box) return;
  box.hidden = true;
  box.replaceChildren();
}

/** Removes field error messages and aria-invalid marks inside form. */
export function clearFieldErrors(form) {
  for (const p of form.querySelectorAll('.field-error')) {
    p.textContent = '';
    p.hidden = true;
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.field.has-error, fieldset.has-error')) el.classList.remove('has-error');
}

/** Puts message under the field named name in form; returns the field or null. */
export function setFieldError(form, name, message) {
  const input = form.elements.namedItem(name);
  const el = input && (input instanceof RadioNodeList ? input[0] : input);
  if (!el) return null;
  const wrap = el.closest('.field, fieldset');
  const holder = wrap && wrap.querySelector('.field-error');
  if (!holder) return null;
  holder.textContent = message;
  holder.hidden = false;
  wrap.classList.add('has-error');
  el.setAttribute('aria-invalid', 'true');
  return el;
}

function fieldLabel(form, name) {
  const input = form && form.elements.namedItem(name);
  const el = input && (input instanceof RadioNodeList ? input[0] : input);
  const wrap = el && el.closest('.field, fieldset');
  const label = wrap && wrap.querySelector('label, legend');
  return label ? label.textContent.trim() : name;
}

/**
 * Shows an API error: field errors next to their fields (with the field's
 * label repeated in the status box), the problem's detail in the status box,
 * and focus on the first bad field. A 401 sends the person to log in.
 */
export function showProblem(err, box, form) {
  if (form) clearFieldErrors(form);
  if (!(err instanceof ApiError)) {
    console.error(err);
    showStatus(box, 'error', 'Something went wrong in this page. Reload it and try again.');
    return;
  }
  if (err.status === 401 && !location.pathname.startsWith('/login') && !location.pathname.startsWith('/setup')) {
    goToLogin();
    return;
  }
  // Field errors go next to their fields; the status box lists only those
  // that have no field on this form.
  const list = [];
  let first = null;
  for (const f of err.fields) {
    const el = form ? setFieldError(form, f.field, `${fieldLabel(form, f.field)} ${f.message}`) : null;
    if (el && !first) first = el;
    if (!el) list.push(`${form ? fieldLabel(form, f.field) : f.field} ${f.message}`);
  }
  const ref = err.status >= 500 && err.requestId ? `Request ID: ${err.requestId}` : '';
  showStatus(box, 'error', sentence(err.problem.detail || err.message), list.length ? list : ref);
  if (first) first.focus();
}

/** Capitalises the first letter and ends with a full stop. */
export function sentence(s) {
  s = String(s || '').trim();
  if (!s) return s;
  s = s[0].toUpperCase() + s.slice(1);
  return /[.!?]$/.test(s) ? s : s + '.';
}

/** Disables a button while work runs, showing a busy label. */
export async function busy(button, label, work) {
  const old = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.textContent = label;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = old;
  }
}

// ----------------------------------------------------------------- session

export function goToLogin() {
  const next = location.pathname + location.search;
  location.replace('/login' + (next && next !== '/' ? '?next=' + encodeURIComponent(next) : ''));
}

/**
 * Loads the logged-in user and sets up the page header. Sends the person to
 * the login page when nobody is logged in (the returned promise then never
 * settles). On other failures it shows the error in the page.
 */
export async function requireUser() {
  let me;
  try {
    me = await api('GET', '/me');
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      goToLogin();
      return new Promise(() => {});
    }
    const box = $('#page-status');
    showProblem(err, box);
    const loading = $('#loading');
    if (loading) loading.hidden = true;
    throw err;
  }
  setCsrf(me.csrf_token);
  setupHeader(me.user);
  return me.user;
}

/** Shows the person's name, the admin links for admins, and wires Log out. */
export function setupHeader(user) {
  const who = $('#header-user');
  if (who) {
    who.textContent = user.name || user.email;
    who.title = user.email;
  }
  for (const el of document.querySelectorAll('[data-admin-only]')) el.hidden = user.role !== 'admin';
  const userBox = $('.header-user');
  if (userBox) userBox.hidden = false;
  const logout = $('#logout');
  if (logout && !logout.dataset.wired) {
    logout.dataset.wired = '1';
    logout.addEventListener('click', async () => {
      logout.disabled = true;
      try {
        await api('DELETE', '/session');
      } catch (err) {
        // A session that has ended already is as good as logged out.
        if (!(err instanceof ApiError) || err.status !== 401) {
          logout.disabled = false;
          showProblem(err, $('#page-status'));
          return;
        }
      }
      // Forget what the form's service worker kept for offline use, and the
      // drafts opened signed in (public drafts may stay: anyone may read them).
      if (window.caches) {
        await caches.delete('haven-form-v1').catch(() => {});
        const keys = await caches.keys().catch(() => []);
        await Promise.all(keys.filter((k) => k.startsWith('haven-draft-/drafts/')).map((k) => caches.delete(k).catch(() => {})));
      }
      location.assign('/login?loggedout=1');
    });
  }
}

/** Swaps the loading line for the page content. */
export function showContent() {
  const loading = $('#loading');
  if (loading) loading.hidden = true;
  const content = $('#content');
  if (content) content.hidden = false;
}

/**
 * Shows the "admins only" notice instead of the content, for a person who
 * is not an admin on an admin page. Returns true when the user is an admin.
 */
export function requireAdmin(user) {
  if (user.role === 'admin') return true;
  const loading = $('#loading');
  if (loading) loading.hidden = true;
  const denied = $('#denied');
  if (denied) denied.hidden = false;
  return false;
}

// ----------------------------------------------------------------- dialogs

/**
 * Asks a yes/no question in a modal dialog. Resolves true when the person
 * confirms. danger styles the confirm button for destructive actions.
 */
export function confirmDialog({ title, message, confirm = 'Confirm', cancel = 'Cancel', danger = false }) {
  return new Promise((resolve) => {
    const yes = h('button', { type: 'button', class: danger ? 'button button-danger' : 'button', 'data-testid': 'confirm-yes' }, confirm);
    const no = h('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'confirm-no' }, cancel);
    const dlg = h(
      'dialog',
      { class: 'dialog dialog-small', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', { id: 'confirm-message' }, message),
      h('div', { class: 'actions' }, yes, no),
    );
    let answer = false;
    yes.addEventListener('click', () => {
      answer = true;
      dlg.close();
    });
    no.addEventListener('click', () => dlg.close());
    dlg.addEventListener('close', () => {
      dlg.remove();
      resolve(answer);
    });
    document.body.append(dlg);
    dlg.showModal();
    no.focus();
  });
}
