// The phone web directory of a directory draft: search and filters that
// show and hide the entries already in the page (it lists everything
// without this script), and the service worker that keeps the page
// working offline once it has loaded.

const body = document.body;
const form = document.getElementById('finder');
const input = document.getElementById('q');
const service = document.getElementById('service');
const region = document.getElementById('region');
const count = document.getElementById('count');
const noMatch = document.getElementById('no-match');
const entries = [...document.querySelectorAll('[data-entry]')];
const refs = [...document.querySelectorAll('[data-ref]')];
const total = Number(count.dataset.total) || 0;

/** "%d of %d services shown" with the numbers put in, in the page's language. */
function shownText(shown) {
  let n = 0;
  return (body.dataset.shownOf || '%d / %d').replace(/%d/g, () => String(n++ === 0 ? shown : total));
}

function apply() {
  const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const svc = service.value;
  const area = region.value;
  const filtering = words.length > 0 || svc !== '' || area !== '';
  const shown = new Set();
  for (const e of entries) {
    const ok = (!svc || e.dataset.services.split(' ').includes(svc)) &&
      (!area || e.dataset.region === area) &&
      words.every((w) => e.dataset.text.includes(w));
    e.hidden = !ok;
    if (ok) shown.add(e.dataset.entry);
  }
  // A reference points at an entry shown in full elsewhere: while filtering,
  // that entry is shown where it matches, so the pointer is noise.
  for (const r of refs) r.hidden = filtering;
  for (const sub of document.querySelectorAll('[data-subgroup]')) {
    sub.hidden = !sub.querySelector('[data-entry]:not([hidden]), [data-ref]:not([hidden])');
  }
  for (const group of document.querySelectorAll('[data-group]')) {
    group.hidden = !group.querySelector('[data-subgroup]:not([hidden])');
  }
  count.textContent = shownText(shown.size);
  noMatch.hidden = shown.size > 0;
}

form.addEventListener('submit', (event) => event.preventDefault());
input.addEventListener('input', apply);
service.addEventListener('change', apply);
region.addEventListener('change', apply);
form.addEventListener('reset', () => setTimeout(apply, 0));

// Offline: the worker answers from its cache when the network is gone; the
// page puts itself (in the language it was opened in) into that cache.
const ASSETS = ['/static/booklet-web.css', '/static/booklet-web.js', '/static/haven.svg'];

async function keepOffline() {
  const { sw, scope } = body.dataset;
  if (!sw || !('serviceWorker' in navigator) || !window.caches) return;
  try {
    await navigator.serviceWorker.register(sw, { scope });
    await navigator.serviceWorker.ready;
    const cache = await caches.open('haven-draft-' + scope);
    await cache.addAll([location.pathname + location.search, ...ASSETS]);
    const note = document.getElementById('offline-note');
    note.textContent = body.dataset.offlineReady;
    note.hidden = false;
  } catch {
    // Offline use is a bonus: the page works online without it.
  }
}

keepOffline();
