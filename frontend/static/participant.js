// A participant's page for a feedback test, reached by a self-complete link
// (/t/{token}): no account and no cookie. Requests go without credentials,
// so nothing ties a response to a session on this device, and nothing is
// kept on the device either: a half-done test is gone with the tab.
import { h, runFlow } from './participant-flow.js';

const token = location.pathname.split('/')[2] || '';
const base = '/t/' + encodeURIComponent(token);

/** Calls a participant endpoint; rejects with an Error carrying a message for people. */
async function call(method, path, body) {
  const init = { method, credentials: 'omit', cache: 'no-store', headers: { Accept: 'application/json, application/problem+json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(base + path, init);
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const err = new Error((data && data.detail) || `The server answered ${res.status}.`);
    err.status = res.status;
    err.userMessage = res.status === 404 || res.status === 429 ? err.message : '';
    throw err;
  }
  return data;
}

async function main() {
  const status = document.getElementById('page-status');
  let view;
  try {
    view = await call('GET', '/test');
  } catch (err) {
    document.getElementById('loading').hidden = true;
    status.className = 'status status-error';
    status.replaceChildren(h('p', {}, err.message));
    status.hidden = false;
    return;
  }
  document.getElementById('loading').hidden = true;
  document.title = view.title;
  runFlow({
    root: document.getElementById('flow'),
    view,
    assign: async (group) => (await call('POST', '/assignment', { group })).draft_order,
    draftLink: (label) => `${base}/drafts/${encodeURIComponent(label)}/web`,
    send: async (response) => {
      await call('POST', '/responses', response);
      return 'sent';
    },
  });
}

main();
