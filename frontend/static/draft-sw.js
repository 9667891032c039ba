// Haven's service worker for the web directory of one frozen draft
// version. It is served at <version path>/sw.js and registered with the
// scope <version path>/, so it sees that version's pages alone.
//
// Network first, cache as fallback: online, the server's answer refreshes
// the copy; offline (or when the network hangs), the copy answers. The
// version's content never changes, so an old copy is never wrong, only
// perhaps in an older look.
const SCOPE = new URL(self.registration.scope).pathname;
const CACHE = 'haven-draft-' + SCOPE;
const ASSETS = ['/static/booklet-web.css', '/static/booklet-web.js', '/static/haven.svg'];
const SLOW_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll([SCOPE + 'web', ...ASSETS])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

function kept(url) {
  if (url.origin !== self.location.origin) return false;
  if (ASSETS.includes(url.pathname)) return true;
  return url.pathname.startsWith(SCOPE) && url.pathname !== SCOPE + 'sw.js';
}

async function fromCache(req) {
  return (await caches.match(req, { cacheName: CACHE })) ||
    (await caches.match(req, { cacheName: CACHE, ignoreSearch: true }));
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !kept(new URL(req.url))) return;
  event.respondWith((async () => {
    const network = fetch(req).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        caches.open(CACHE).then((c) => c.put(req, copy));
      }
      return res;
    });
    const cached = await fromCache(req);
    if (!cached) return network;
    const slow = new Promise((resolve) => setTimeout(() => resolve(cached), SLOW_MS));
    return Promise.race([network.catch(() => cached), slow]);
  })());
});
