// Haven's service worker for the phone form (/surveys/fill). It is served
// at /surveys/sw.js and registered with the scope /surveys/fill, so it sees
// nothing but the form page and what that page loads.
//
// Network first, cache as fallback: online, every answer is the server's
// and refreshes the copy; offline, the copy lets a collector reload the
// form and carry on with the draft kept in localStorage. Only GET requests
// for the form page, its scripts and styles, the signed-in user and a
// survey definition are kept; sending (POST) always goes to the network,
// where the page's outbox retries it.
const CACHE = 'haven-form-v1';
const PAGE = '/surveys/fill';
const SHELL = [PAGE, '/static/app.css', '/static/survey-form.css', '/static/survey-form.js',
  '/static/api.js', '/static/xpath.js', '/static/haven.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('haven-form-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

/** The cache key for a request, or '' when it is not kept. */
function keyOf(url) {
  if (url.origin !== self.location.origin) return '';
  if (url.pathname === PAGE) return PAGE; // one page whatever the survey
  if (SHELL.includes(url.pathname)) return url.pathname;
  if (url.pathname === '/api/v1/me') return url.pathname;
  if (/^\/api\/v1\/surveys\/[^/]+$/.test(url.pathname) && !url.search) return url.pathname;
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
