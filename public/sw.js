// Toegang's service worker: keeps the app shell (the offline page, the wasm, JavaScript and
// CSS of this build) so that a reload or a new tab while offline shows Toegang's offline
// page instead of the browser's error. Pages with personal data are never cached: a page
// is fetched from the network, and only when that fails is the offline page shown.
// The server fills in the build's version and files when it serves this file (/sw.js), so
// every build installs a new worker, which replaces the old shell at once.
const VERSION = '__VERSION__';
const SHELL = __SHELL__;
const CACHE = `toegang-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return; // changes go to the server, or to the page's queue
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(() => caches.match('/offline.html')));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
  }
});
