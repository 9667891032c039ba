// What Haven's offline service workers share: sw.js (the survey form) and
// feedback-sw.js (the facilitator's page) load it with importScripts and
// call keepOffline once, at their top level, where a worker must add its
// event listeners.
//
// Network first, cache as fallback: online, every answer is the server's
// and refreshes the copy; offline, the copy lets the page reload and carry
// on. Only GET requests for the page, its shell, the signed-in user and the
// API resource the page works from are kept; anything sent (POST) always
// goes to the network, where the page's outbox retries it.

/**
 * Keeps one page working offline.
 * cache: the cache's name, such as 'haven-form-v1'; activating deletes the
 *   caches of other versions ('haven-form-' and another number).
 * page: the page's path, kept once whatever its query.
 * files: the scripts, styles and images the page loads; they are cached
 *   with the page at install.
 * api: the paths of the API resources kept besides /api/v1/me, asked for
 *   without a query.
 */
function keepOffline({ cache, page, files, api }) {
  const family = cache.replace(/v\d+$/, '');
  const shell = [page, ...files];

  self.addEventListener('install', (event) => {
    event.waitUntil(caches.open(cache).then((c) => c.addAll(shell)).then(() => self.skipWaiting()));
  });

  self.addEventListener('activate', (event) => {
    event.waitUntil(caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(family) && k !== cache).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
  });

  /** The cache key for a request, or '' when it is not kept. */
  function keyOf(url) {
    if (url.origin !== self.location.origin) return '';
    if (url.pathname === page) return page; // one page whatever the query
    if (shell.includes(url.pathname)) return url.pathname;
    if (url.pathname === '/api/v1/me') return url.pathname;
    if (api.test(url.pathname) && !url.search) return url.pathname;
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
          event.waitUntil(caches.open(cache).then((c) => c.put(key, copy)));
        }
        return res;
      } catch (err) {
        const hit = await caches.match(key, { cacheName: cache });
        if (hit) return hit;
        throw err;
      }
    })());
  });
}
