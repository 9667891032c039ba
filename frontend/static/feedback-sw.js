// Haven's service worker for the facilitator's page (/feedback/facilitate).
// Served at /feedback/sw.js and registered with the scope
// /feedback/facilitate, it sees nothing but that page and what it loads.
//
// Network first, cache as fallback, as the survey form's worker does (see
// sw-common.js): offline, the copy lets a facilitator reload the page and
// go on entering responses, which wait in the page's outbox. Kept: the
// page, its scripts and styles, the signed-in user and a test's
// participant view; responses (POST) always go to the network.
importScripts('/static/sw-common.js');

keepOffline({
  cache: 'haven-feedback-v1',
  page: '/feedback/facilitate', // one page whatever the test
  files: ['/static/app.css', '/static/participant.css', '/static/feedback-facilitate.js',
    '/static/participant-flow.js', '/static/api.js', '/static/haven.svg'],
  api: /^\/api\/v1\/feedback-tests\/[^/]+\/participant$/,
});
