/* Läsnä phone app: the service worker (served as /sw.js, scope "/"; registered by
 * static/js/pwa.js for signed-in clients only).
 *
 * - The app shell (css, htmx, scripts, icons, /offline) is fetched when the worker installs and
 *   served cache-first. The server writes the shell's hashed URLs (?v=) in, the ones the pages
 *   use, so the browser's HTTP cache answers them: nothing is downloaded twice. The server puts a hash of every static file into VERSION, so any change
 *   there installs a new worker with a new cache; old caches are deleted when it activates.
 * - Opening a client page (/, /diary…, /me/badge, /checkin) asks the network first and keeps
 *   the last good copy; without the network that copy is shown (pwa.js shows a banner saying so),
 *   or the offline page. Any other page without the network gets the offline page.
 * - The offline page is in the client's language: each page says its language (Content-Language);
 *   when one arrives in another language than the kept offline page, the offline page is fetched
 *   again, so a client who switched language and then lost the network reads it in hers.
 * - Never kept: anything but GET, anything but a plain 200 answer from this site (so no
 *   redirect, e.g. to the login page), /login, /logout, /enrol/…, /k/…, /me/data…, /me/csrf.
 * - /kiosk and everything under it is left alone: the kiosk has its own worker (/kiosk/sw.js).
 * - Logging out sends Clear-Site-Data, which empties these caches and removes this worker.
 */
"use strict";

var VERSION = "lasna-dev";  // replaced by the server (webapp/main/pwa.py)
var SHELL_CACHE = VERSION + "-shell";
var PAGES_CACHE = "lasna-pages";  // last-seen copies: personal, not versioned; emptied on logout
var OFFLINE = "/offline";
var SHELL = [
  OFFLINE,
  "/static/css/app.css",
  "/static/css/phone.css",
  "/static/css/diary.css",
  "/static/css/plain.css",  // plain language (selkokieli): the same pages offline for its readers
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/js/pwa.js",
  "/static/js/diary-queue.js",
  "/static/js/diary-media.js",
  "/static/icons/lasna.svg",
  "/static/icons/icon-192.png",
  "/static/manifest.webmanifest"
];
var PAGES = /^\/(|diary(\/.*)?|me\/badge|checkin)$/;
var NEVER = /^\/(login|logout|enrol(\/|$)|k\/|me\/data|me\/csrf|sw\.js$)/;
var KIOSK = /^\/kiosk(\/|$)/;

function sameOrigin(url) {
  return url.origin === self.location.origin;
}

function keepable(response) {
  return response && response.status === 200 && response.type === "basic" && !response.redirected;
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return Promise.all(SHELL.map(function (path) {
        // A hashed static URL (?v=) never changes: the browser's cache answers it, so installing
        // does not download the shell again. The offline page is asked from the network.
        var fresh = path.indexOf("?v=") > 0 ? "default" : "reload";
        return fetch(path, { cache: fresh, credentials: "same-origin" }).then(function (response) {
          return keepable(response) ? cache.put(path, response) : null;
        });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        // Only our own old shells: the kiosk's caches (lasna-kiosk-…) are not ours.
        return name.indexOf("lasna-") === 0 && name.indexOf("lasna-kiosk-") !== 0 &&
          name !== SHELL_CACHE && name !== PAGES_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function fromShell(request) {
  return caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (hit) {
      if (hit) {
        return hit;
      }
      return fetch(request).then(function (response) {
        if (keepable(response)) {
          cache.put(request, response.clone());
        }
        return response;
      });
    });
  });
}

function offlinePage() {
  return caches.match(OFFLINE).then(function (hit) {
    return hit || Response.error();
  });
}

/* A page arrived in a language (Content-Language): keep the offline page in the same one. */
function followLanguage(event, response) {
  var language = response.headers.get("Content-Language");
  if (!language || !keepable(response)) {
    return;
  }
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    return cache.match(OFFLINE).then(function (kept) {
      if (kept && kept.headers.get("Content-Language") === language) {
        return null;
      }
      return fetch(OFFLINE, { cache: "reload", credentials: "same-origin" }).then(function (fresh) {
        return keepable(fresh) ? cache.put(OFFLINE, fresh) : null;
      });
    });
  }).catch(function () { /* the network went away again: the older copy stays */ }));
}

function page(event, url) {
  var request = event.request;
  var key = url.pathname + url.search;
  return fetch(request).then(function (response) {
    followLanguage(event, response);
    if (keepable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) { return cache.put(key, copy); }));
    } else if (response.redirected && new URL(response.url).pathname === "/login") {
      // Signed out (the session ended): the copies are someone's personal pages, drop them.
      event.waitUntil(caches.delete(PAGES_CACHE));
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES_CACHE).then(function (cache) {
      return cache.match(key);
    }).then(function (hit) {
      return hit || offlinePage();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (!sameOrigin(url) || KIOSK.test(url.pathname)) {
    return;  // not ours: the kiosk's worker or the network answers
  }
  if (request.mode === "navigate") {
    if (PAGES.test(url.pathname) && !NEVER.test(url.pathname)) {
      event.respondWith(page(event, url));
    } else {
      // Never kept; without the network the offline page says what still works.
      event.respondWith(fetch(request).then(function (response) {
        followLanguage(event, response);
        return response;
      }).catch(offlinePage));
    }
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fromShell(request));
  }
});

/* Diary reminders and the coach's reply notices (Web Push; webapp/diary/reminders.py). The
 * message is JSON {title, body, url, tag}: no diary text. Tapping the notification focuses an
 * open window of the app (and takes it to the url), or opens the url: today's diary by default. */
var NOTIFY_ICON = "/static/icons/icon-192.png";
var NOTIFY_DEFAULT_URL = "/diary";

function notificationTarget(data) {
  var url = data && typeof data.url === "string" ? data.url : NOTIFY_DEFAULT_URL;
  try {
    var target = new URL(url, self.location.origin);
    // Only this site's own pages, never elsewhere and never the kiosk.
    if (target.origin !== self.location.origin || KIOSK.test(target.pathname)) {
      return new URL(NOTIFY_DEFAULT_URL, self.location.origin).href;
    }
    return target.href;
  } catch (e) {
    return new URL(NOTIFY_DEFAULT_URL, self.location.origin).href;
  }
}

self.addEventListener("push", function (event) {
  var data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = {};
  }
  var title = typeof data.title === "string" && data.title ? data.title : "Läsnä";
  event.waitUntil(self.registration.showNotification(title, {
    body: typeof data.body === "string" ? data.body : "",
    icon: NOTIFY_ICON,
    badge: NOTIFY_ICON,
    tag: typeof data.tag === "string" && data.tag ? data.tag : "lasna",
    data: { url: notificationTarget(data) }
  }));
});

self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var target = notificationTarget(event.notification.data);
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (windows) {
    var mine = windows.filter(function (client) {
      return new URL(client.url).origin === self.location.origin && !KIOSK.test(new URL(client.url).pathname);
    });
    if (!mine.length) {
      return self.clients.openWindow(target);
    }
    var client = mine[0];
    return client.focus().then(function (focused) {
      // navigate() works for a window this worker controls; any other gets a new window.
      return (focused || client).navigate(target);
    }).catch(function () {
      return self.clients.openWindow(target);
    });
  }));
});
