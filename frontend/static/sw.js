// Haven's service worker for the phone form (/surveys/fill). It is served
// at /surveys/sw.js and registered with the scope /surveys/fill, so it sees
// nothing but the form page and what that page loads.
//
// Network first, cache as fallback (see sw-common.js): offline, the copy
// lets a collector reload the form and carry on with the draft kept in
// localStorage. Kept: the form page, its scripts and styles, the signed-in
// user and a survey definition; sending (POST) always goes to the network,
// where the page's outbox retries it.
importScripts('/static/sw-common.js');

keepOffline({
  cache: 'haven-form-v1',
  page: '/surveys/fill', // one page whatever the survey
  files: ['/static/app.css', '/static/survey-form.css', '/static/survey-form.js', '/static/api.js',
    '/static/xpath.js', '/static/haven.svg'],
  api: /^\/api\/v1\/surveys\/[^/]+$/,
});
