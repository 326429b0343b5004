/* global self, caches */
/*
 * Vertelpunt service worker: keeps the app shell so the tablet app opens without network.
 * - Page loads: network first (a new release arrives at once), the kept shell when offline.
 * - Built files (/assets/*, content-hashed): from the cache, else from the network and kept.
 * - The API is never cached: stories wait in the page's IndexedDB outbox instead.
 */
const SHELL = 'vertelpunt-shell-v1';
const STATIC = ['/', '/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((c) => c.addAll(STATIC)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== SHELL).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The page names the files it loaded; keep them (once per release, they are hashed). */
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'keep' || !Array.isArray(data.files)) return;
  const files = data.files.filter((f) => typeof f === 'string' && f.startsWith('/'));
  event.waitUntil(
    caches
      .open(SHELL)
      .then((c) => c.addAll(files))
      .then(
        () => event.ports[0]?.postMessage('kept'),
        () => event.ports[0]?.postMessage('failed'),
      ),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          // Every page of the app is the same index.html: keep the newest as the shell.
          if (response.ok) {
            const copy = response.clone();
            void caches.open(SHELL).then((c) => c.put('/', copy));
          }
          return response;
        })
        .catch(() => caches.match('/').then((r) => r ?? Response.error())),
    );
    return;
  }

  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              void caches.open(SHELL).then((c) => c.put(request, copy));
            }
            return response;
          }),
      ),
    );
    return;
  }

  // The manifest and icons: fresh when online, kept copies when not.
  event.respondWith(fetch(request).catch(() => caches.match(request).then((r) => r ?? Response.error())));
});
