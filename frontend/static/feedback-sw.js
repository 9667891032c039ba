// Haven's service worker for the facilitator's page (/feedback/facilitate).
// Served at /feedback/sw.js and registered with the scope
// /feedback/facilitate, it sees nothing but that page and what it loads.
//
// Network first, cache as fallback, as the survey form's worker does:
// online, every answer is the server's and refreshes the copy; offline, the
// copy lets a facilitator reload the page and go on entering responses,
// which wait in the page's outbox. Only GET requests for the page, its
// scripts and styles, the signed-in user and a test's participant view are
// kept; responses (POST) always go to the network.
const CACHE = 'haven-feedback-v1';
const PAGE = '/feedback/facilitate';
const SHELL = [PAGE, '/static/app.css', '/static/participant.css', '/static/feedback-facilitate.js',
  '/static/participant-flow.js', '/static/api.js', '/static/haven.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('haven-feedback-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

/** The cache key for a request, or '' when it is not kept. */
function keyOf(url) {
  if (url.origin !== self.location.origin) return '';
  if (url.pathname === PAGE) return PAGE; // one page whatever the test
  if (SHELL.includes(url.pathname)) return url.pathname;
  if (url.pathname === '/api/v1/me') return url.pathname;
  if (/^\/api\/v1\/feedback-tests\/[^/]+\/participant$/.test(url.pathname) && !url.search) return url.pathname;
  return '';
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const key = keyOf(new URL(req.url));
  if (!key) return;
  event.respondWith((async () => {
    try {
      const res = await fetch(req);
      if (res.ok) {
        const copy = res.clone();
        event.waitUntil(caches.open(CACHE).then((c) => c.put(key, copy)));
      }
      return res;
    } catch (err) {
      const hit = await caches.match(key, { cacheName: CACHE });
      if (hit) return hit;
      throw err;
    }
  })());
});
