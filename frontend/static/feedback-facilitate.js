// A facilitator enters a participant's answers, on a phone that may lose
// its connection: the test is kept on the device once loaded, responses go
// into an outbox first (localStorage) and are sent, oldest first, whenever
// the network is back — the same approach as the survey form's outbox.
// Each response keeps its instance ID, so a retry never stores it twice.
import { $, h, api, ApiError, requireUser, showContent, showProblem } from './api.js';
import { runFlow } from './participant-flow.js';

const id = new URLSearchParams(location.search).get('id') || '';
const VIEW_KEY = `haven.feedback-view.${id}`;
const OUTBOX_KEY = 'haven.feedback-outbox';
const ORDER_KEY = `haven.feedback-order.${id}`;
let me = null;

function load(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || 'null');
  } catch {
    return null;
  }
}

function store(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or off: the outbox then lives only in this page.
  }
}

const allOutbox = () => load(OUTBOX_KEY) || [];
const outbox = () => allOutbox().filter((o) => o.userId === me.id);

function updateOutbox(note) {
  const box = $('#outbox');
  const n = outbox().length;
  if (!n && !note) {
    box.hidden = true;
    return;
  }
  box.className = n ? 'status status-info' : 'status status-success';
  box.replaceChildren(h('p', { 'data-testid': 'outbox-count' },
    n ? `${n} response${n === 1 ? '' : 's'} waiting to be sent. They go as soon as there is a connection.` : note));
  box.hidden = false;
}

/** Sends every queued response of this user, oldest first. */
async function flush() {
  const drop = (item) => store(OUTBOX_KEY, allOutbox().filter((o) => o.response.instance_id !== item.response.instance_id));
  const queued = outbox().length;
  for (const item of outbox()) {
    try {
      await api('POST', `/feedback-tests/${encodeURIComponent(item.testId)}/responses`, item.response);
      drop(item);
    } catch (err) {
      // Offline, or the session ended: keep it for the next try.
      if (!(err instanceof ApiError) || err.status === 0 || err.status === 401 || err.status >= 500) break;
      // Refused for good (a closed test, an answer it does not take):
      // retrying cannot help, so say so and let the others go.
      drop(item);
      showProblem(err, $('#page-status'));
    }
  }
  // "Every response is sent" only after sending some: with an empty outbox
  // from the start there is nothing to report.
  updateOutbox(outbox().length || !queued ? '' : 'Every response is sent.');
}

/** The order of the drafts for a participant of group: the server's, or, offline, the next in turn on this device. */
async function assign(group) {
  try {
    const res = await api('POST', `/feedback-tests/${encodeURIComponent(id)}/assignments`, { group });
    return res.draft_order;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 0) throw err;
    const view = load(VIEW_KEY);
    const labels = view.drafts.map((d) => d.label);
    const counts = load(ORDER_KEY) || {};
    const k = counts[group] || 0;
    counts[group] = k + 1;
    store(ORDER_KEY, counts);
    // Rotations, taken in turn: for two drafts, the two rows of the balanced Latin square.
    return labels.map((_, i) => labels[(i + k) % labels.length]);
  }
}

/** Sends a response now, or queues it when the network or the session is not there. */
async function send(response) {
  try {
    await api('POST', `/feedback-tests/${encodeURIComponent(id)}/responses`, response);
    flush();
    return 'sent';
  } catch (err) {
    const retryable = !(err instanceof ApiError) || err.status === 0 || err.status === 401 || err.status >= 500;
    if (!retryable) {
      err.userMessage = err.message;
      throw err;
    }
    store(OUTBOX_KEY, [...allOutbox(), { userId: me.id, testId: id, response, queuedAt: new Date().toISOString() }]);
    updateOutbox();
    return 'queued';
  }
}

function start(view) {
  document.documentElement.lang = 'en';
  runFlow({ root: $('#flow'), view, assign, send, facilitated: true, onRestart: () => start(view) });
}

/**
 * Registers the service worker that lets this page reload offline. On the
 * first visit it does not control the page yet, so the page keeps what the
 * worker would have kept: the signed-in user and the test.
 */
function keepForOffline() {
  if (!('serviceWorker' in navigator) || !window.caches) return;
  navigator.serviceWorker.register('/feedback/sw.js', { scope: '/feedback/facilitate' }).catch(() => {});
  if (navigator.serviceWorker.controller) return; // the worker keeps them as they load
  caches.open('haven-feedback-v1')
    .then((c) => c.addAll(['/api/v1/me', `/api/v1/feedback-tests/${encodeURIComponent(id)}/participant`]))
    .catch(() => {}); // no room, or the network dropped: the next visit tries again
}

async function main() {
  me = await requireUser();
  let view = null;
  try {
    view = await api('GET', `/feedback-tests/${encodeURIComponent(id)}/participant`);
    store(VIEW_KEY, view);
  } catch (err) {
    view = load(VIEW_KEY);
    if (!view || !(err instanceof ApiError) || err.status !== 0) {
      $('#loading').hidden = true;
      showProblem(err, $('#page-status'));
      return;
    }
  }
  $('#f-title').textContent = `Enter responses: ${view.title}`;
  showContent();
  updateOutbox();
  start(view);
  window.addEventListener('online', flush);
  keepForOffline();
  flush();
}

main();
