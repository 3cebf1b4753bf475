/* Läsnä kiosk: the service worker (served as /kiosk/sw.js, scope /kiosk).
 *
 * It keeps the screen's shell — the last /kiosk page, the kiosk scripts, jsQR, kiosk.css and
 * htmx — network-first: always the fresh copy while the network works, the kept copy when it
 * does not, so a reload without the network still shows the screen and the offline queue
 * (in localStorage) keeps working. Nothing else is touched: the live part, scans, the CSRF
 * token and every other page always go to the network.
 */
"use strict";

var CACHE = "lasna-kiosk-shell-v1";
var SHELL = /^\/(kiosk|kiosk\/app\/[A-Za-z0-9_.\/-]+\.js|static\/css\/kiosk\.css|static\/vendor\/htmx-[0-9.]+\.min\.js|static\/icons\/lasna\.svg)$/;
var SCREEN = "/kiosk";

function shellPath(url) {
  var parsed = new URL(url, self.location.href);
  if (parsed.origin !== self.location.origin || !SHELL.test(parsed.pathname)) {
    return null;
  }
  return parsed.pathname;  // one copy per file, whatever the query
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("lasna-kiosk-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

/* The page tells us what it is made of (it loaded before we were there to see it). */
self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "cache" || !Array.isArray(event.data.urls)) {
    return;
  }
  var source = event.source;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(event.data.urls.map(function (url) {
      var path = typeof url === "string" ? shellPath(url) : null;
      if (!path) {
        return null;
      }
      return cache.match(path).then(function (hit) {
        if (hit) {
          return null;
        }
        return fetch(path, { credentials: "same-origin" }).then(function (response) {
          return keep(cache, path, response);
        }).catch(function () { return null; });
      });
    })).then(function () {
      return cache.keys();
    }).then(function (kept) {
      if (source) {  // tell the page how much of it would survive a reload without the network
        source.postMessage({ type: "cached", paths: kept.map(function (r) { return new URL(r.url).pathname; }) });
      }
    });
  }));
});

function keep(cache, path, response) {
  if (response.ok && response.type === "basic" && !response.redirected) {
    return cache.put(path, response.clone());
  }
  if (path === SCREEN && response.status === 403) {
    return cache.delete(path);  // not paired any more: do not show the old screen offline
  }
  return null;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var path = shellPath(request.url);
  if (!path) {
    return;
  }
  event.respondWith(
    fetch(request).then(function (response) {
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return keep(cache, path, copy); }));
      return response;
    }).catch(function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(path);
      }).then(function (hit) {
        return hit || Response.error();
      });
    })
  );
});
