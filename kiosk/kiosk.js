/* Läsnä kiosk: the screen on the door tablet.
 *
 * - the clock ticks here; the rest of the live part (code, arrivals, greetings) polls itself
 *   with htmx (templates/kiosks/_live.html); a greeting stays 8 s however the polls go, and a
 *   touch on the screen asks at once and makes the server answer "poll fast" for a while;
 * - the panel shows the names, the PIN pad and the result of a scan, and closes by itself;
 * - badge and PIN scans go to POST /kiosk/scan, or into the offline queue (queue.js) when the
 *   network is down; the queue is sent when it returns;
 * - a 403 means the tablet is no longer paired: reload into the "not paired" page;
 * - the service worker keeps the screen and its scripts for a reload without the network.
 */
(function () {
  "use strict";

  var root = document.getElementById("kiosk");
  var panel = document.getElementById("panel");
  if (!root || !panel || !window.LasnaQueue) {
    return;
  }
  var Queue = window.LasnaQueue;
  var data = root.dataset;
  var banner = document.querySelector("[data-offline-banner]");
  var waiting = document.querySelector("[data-queue-count]");
  var offline = false;
  var closeTimer = null;
  var scanner = null;
  var csrfToken = null;
  var FLUSH_EVERY_MS = 20000;
  var NAMES_EVERY_MS = 10 * 60 * 1000;

  try {
    csrfToken = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || null;
  } catch (e) {
    csrfToken = null;
  }

  // --- Clock ---------------------------------------------------------------------------------------

  var clockFormat = new Intl.DateTimeFormat(document.documentElement.lang || "fi",
    { hour: "numeric", minute: "2-digit", timeZone: "Europe/Helsinki" });

  function tick() {
    var clock = document.querySelector("[data-clock]");
    if (clock) {
      var text = clockFormat.format(new Date());
      if (clock.textContent !== text) {
        clock.textContent = text;
      }
    }
  }

  // --- Online / offline ------------------------------------------------------------------------------

  function setOffline(value) {
    if (offline === value) {
      return;
    }
    offline = value;
    document.body.classList.toggle("is-offline", value);
    if (banner) {
      banner.hidden = !value;
    }
    if (!value) {
      flush();
    }
  }

  function showCount(n) {
    if (!waiting) {
      return;
    }
    waiting.hidden = n === 0;
    waiting.textContent = n === 0 ? "" : (n === 1 ? waiting.dataset.one : waiting.dataset.many).replace("{n}", n);
  }

  async function refreshCsrf() {
    try {
      var response = await window.fetch(data.csrfUrl, { credentials: "same-origin", cache: "no-store" });
      if (response.status === 403) {
        return null;  // not paired any more: the next live poll reloads the page
      }
      if (!response.ok) {
        return null;
      }
      csrfToken = (await response.text()).trim();
      setOffline(false);
      return csrfToken;
    } catch (e) {
      setOffline(true);
      return null;
    }
  }

  function flush() {
    if (Queue.count() === 0 || !navigator.onLine) {
      return;
    }
    Queue.flush({
      url: data.scanUrl,
      csrf: refreshCsrf,
      onNetworkError: function () { setOffline(true); }
    });
  }

  window.addEventListener("offline", function () { setOffline(true); });
  window.addEventListener("online", function () { setOffline(false); flush(); });
  Queue.onChange(showCount);

  // --- The panel ---------------------------------------------------------------------------------------

  function template(id) {
    var tpl = document.getElementById(id);
    return tpl.content.firstElementChild.cloneNode(true);
  }

  function armClose() {
    clearTimeout(closeTimer);
    var holder = panel.querySelector("[data-close-after]");
    var seconds = holder ? parseFloat(holder.dataset.closeAfter) || 10 : 10;
    closeTimer = setTimeout(closePanel, seconds * 1000);
  }

  function showPanel(content) {
    if (typeof content === "string") {
      panel.innerHTML = content;
    } else {
      panel.replaceChildren(content);
    }
    panel.hidden = false;
    document.body.classList.add("panel-open");
    if (window.htmx) {
      window.htmx.process(panel);
    }
    armClose();
    var focus = panel.querySelector("h2") || panel;
    if (!focus.hasAttribute("tabindex")) {
      focus.setAttribute("tabindex", "-1");
    }
    focus.focus({ preventScroll: true });
  }

  function closePanel() {
    clearTimeout(closeTimer);
    panel.hidden = true;
    panel.replaceChildren();
    document.body.classList.remove("panel-open");
    if (scanner) {
      scanner.last.at = window.performance.now();  // the card still in front of the camera waits
    }
  }

  // --- Names and the PIN pad ------------------------------------------------------------------------

  var namesCache = document.getElementById("names-cache");

  async function refreshNames() {
    if (offline || !navigator.onLine) {
      return;
    }
    try {
      var response = await window.fetch(data.namesUrl, { credentials: "same-origin", cache: "no-store" });
      if (response.ok) {
        namesCache.innerHTML = await response.text();
      }
    } catch (e) {
      // keep the list we have
    }
  }

  function openNames() {
    showPanel(template("names-cache"));
    refreshNames();  // for next time: the list on screen does not move under a finger
  }

  function openPad(clientId, name, plain) {
    var pad = template("tpl-pinpad");
    pad.classList.toggle("plain", plain);  // her plain-language mode (data-plain on her name)
    pad.dataset.clientId = clientId;
    pad.dataset.name = name;
    pad.querySelector("[data-pin-name]").textContent = name;
    pad.pin = "";
    showPanel(pad);
    showDigits(pad);
  }

  function showDigits(pad) {
    var dots = pad.querySelectorAll(".pin-dots span");
    for (var i = 0; i < dots.length; i++) {
      dots[i].classList.toggle("filled", i < pad.pin.length);
    }
    var count = pad.querySelector("[data-pin-count]");
    if (count) {
      count.textContent = count.dataset.template.replace("{n}", pad.pin.length);
    }
  }

  function pressKey(pad, button) {
    if (button.hasAttribute("data-digit")) {
      if (pad.pin.length >= 4) {
        return;
      }
      pad.pin += button.dataset.digit;
    } else if (button.hasAttribute("data-erase")) {
      pad.pin = pad.pin.slice(0, -1);
    } else if (button.hasAttribute("data-clear")) {
      pad.pin = "";
    }
    showDigits(pad);
    if (pad.pin.length === 4) {
      var pin = pad.pin;
      pad.pin = "";
      submitScan({ kind: "pin", client: pad.dataset.clientId, pin: pin, name: pad.dataset.name });
    }
  }

  panel.addEventListener("click", function (event) {
    armClose();  // someone is using it: keep it open a while longer
    var target = event.target.closest("button");
    if (!target || !panel.contains(target)) {
      return;
    }
    if (target.hasAttribute("data-close")) {
      closePanel();
      return;
    }
    if (target.hasAttribute("data-pin-client")) {
      openPad(target.dataset.pinClient, target.dataset.name, target.dataset.plain === "1");
      return;
    }
    var pad = target.closest("[data-pinpad]");
    if (pad && pad.pin !== undefined) {
      pressKey(pad, target);
    }
  });

  document.addEventListener("keydown", function (event) {
    var pad = panel.querySelector("[data-pinpad]");
    if (event.key === "Escape" && !panel.hidden) {
      closePanel();
    } else if (pad && pad.pin !== undefined && /^[0-9]$/.test(event.key)) {
      pressKey(pad, pad.querySelector('[data-digit="' + event.key + '"]'));
    } else if (pad && pad.pin !== undefined && event.key === "Backspace") {
      pressKey(pad, pad.querySelector("[data-erase]"));
    }
  });

  var openNamesButton = document.querySelector("[data-open-names]");
  if (openNamesButton) {
    openNamesButton.addEventListener("click", openNames);
  }

  // --- Scans --------------------------------------------------------------------------------------

  var sending = false;
  var BADGE = "lasna:badge:";

  /* The name of a badge read offline, from the kept names list (its data-badge is a one-way
   * hint of the card's token, see tablet.badge_hint), or "" for a card it does not know. */
  async function badgeName(payload) {
    if (payload.indexOf(BADGE) !== 0 || !window.crypto || !window.crypto.subtle) {
      return "";
    }
    try {
      var text = new TextEncoder().encode("lasna-badge:" + payload.slice(BADGE.length));
      var bytes = new Uint8Array(await window.crypto.subtle.digest("SHA-256", text));
      var hint = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); })
        .join("").slice(0, 24);
      var button = namesCache.content.querySelector('[data-badge="' + hint + '"]');
      return button ? button.dataset.name : "";
    } catch (e) {
      return "";  // no name is no reason to lose the scan
    }
  }

  /* fields: {kind: "badge", badge} or {kind: "pin", client, pin, name} */
  async function submitScan(fields) {
    if (sending) {
      return;
    }
    sending = true;
    var item = { key: Queue.newKey(), kind: fields.kind, at: new Date().toISOString() };
    if (fields.kind === "badge") {
      item.badge = fields.badge;
    } else {
      item.client = fields.client;
    }
    try {
      showPanel(template("tpl-busy"));
      if (!offline && navigator.onLine) {
        var live = { key: item.key, kind: item.kind, badge: item.badge, client: item.client, pin: fields.pin };
        var response = await Queue.post(data.scanUrl, live, csrfToken);
        if (response && response.status === 400 && !response.headers.get("X-Lasna-Outcome")) {
          response = await Queue.post(data.scanUrl, live, await refreshCsrf());  // the token had expired
        }
        if (response && response.headers.get("X-Lasna-Outcome")) {
          setOffline(false);
          showPanel(await response.text());
          return;
        }
        if (response && response.status === 403) {
          window.location.reload();
          return;
        }
        if (response === null) {
          setOffline(true);
        }
      }
      // No answer: keep it on the tablet and send it later (a PIN only as a sealed box), with
      // the name shown, so a coach can read who it was even if it never gets sent.
      if (fields.kind === "pin") {
        item.sealed = await Queue.seal(data.sealKey,
          { pin: fields.pin, key: item.key, client: parseInt(fields.client, 10) });
        item.name = fields.name || "";
      } else {
        item.name = await badgeName(item.badge);
      }
      fields.pin = null;
      Queue.add(item);
      var saved = template("tpl-saved");
      saved.querySelector("[data-pin-note]").hidden = item.kind !== "pin";  // the PIN is checked later
      showPanel(saved);
    } finally {
      sending = false;
    }
  }

  // --- htmx: the live part, the answers in the panel --------------------------------------------

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (csrfToken) {
      event.detail.headers["X-CSRFToken"] = csrfToken;
    }
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (event.detail.target && event.detail.target.id === "live") {
      keepGreetings();
    }
    if (status === 403) {  // revoked: the page reloads itself into "not paired"
      event.detail.shouldSwap = false;
      window.location.reload();
    } else if (status === 400 && event.detail.target === panel) {
      refreshCsrf();  // perhaps the token had expired: the next answer gets a fresh one
    }
  });

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (document.hidden && elt && elt.id === "live") {
      event.preventDefault();  // nobody sees it: skip this poll, the next visible one catches up
    }
  });

  // --- Greetings ------------------------------------------------------------------------------
  // The server sends a greeting (a phone that checked in) until the screen has had it, which at
  // night can be a slow poll later; the screen then shows it for 8 seconds from when it first
  // appeared, whatever the polls bring meanwhile.

  var GREETING_MS = 8000;
  var greetedAt = {};  // greeting id -> when this screen first showed it
  var kept = null;  // the greetings box of the live part being replaced
  var pruneTimer = null;

  function keepGreetings() {
    kept = document.querySelector("#live [data-greetings]");
  }

  function showGreetings(live) {
    var now = Date.now();
    var box = live.querySelector("[data-greetings]");
    if (kept) {
      if (!box) {
        box = kept;
        live.appendChild(box);
      } else {
        kept.querySelectorAll("[data-greeting]").forEach(function (old) {
          if (!box.querySelector('[data-greeting="' + old.dataset.greeting + '"]')) {
            box.appendChild(old);
          }
        });
      }
      kept = null;
    }
    if (box) {
      box.querySelectorAll("[data-greeting]").forEach(function (greeting) {
        if (!(greeting.dataset.greeting in greetedAt)) {
          greetedAt[greeting.dataset.greeting] = now;
        }
      });
    }
    pruneGreetings();
  }

  function pruneGreetings() {
    clearTimeout(pruneTimer);
    var box = document.querySelector("#live [data-greetings]");
    if (!box) {
      return;
    }
    var now = Date.now();
    var next = Infinity;
    box.querySelectorAll("[data-greeting]").forEach(function (greeting) {
      var left = greetedAt[greeting.dataset.greeting] + GREETING_MS - now;
      if (left <= 0) {
        greeting.remove();
      } else {
        next = Math.min(next, left);
      }
    });
    if (next === Infinity) {
      box.remove();
    } else {
      pruneTimer = setTimeout(pruneGreetings, next + 50);
    }
  }

  // --- Someone at the tablet: the screen asks at once, then polls fast for a while ------------------
  // (the server decides how fast; active=1 tells it someone is using the tablet).

  var ACTIVE_MS = 5 * 60 * 1000;
  var activeUntil = 0;

  function touched() {
    var wasIdle = Date.now() > activeUntil;
    activeUntil = Date.now() + ACTIVE_MS;
    var live = document.getElementById("live");
    if (wasIdle && live && window.htmx && !offline) {
      window.htmx.ajax("GET", live.getAttribute("hx-get"), { source: live, target: live, swap: "outerHTML" });
    }
  }

  document.addEventListener("pointerdown", touched, { passive: true });
  document.addEventListener("keydown", touched);

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "live" && Date.now() < activeUntil) {
      event.detail.parameters.active = "1";
    }
  });

  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target === panel) {
      panel.hidden = false;
      armClose();
    }
    tick();
  });

  document.body.addEventListener("htmx:load", function (event) {
    if (event.detail.elt && event.detail.elt.id === "live") {  // a new live part (outerHTML swap)
      tick();
      showGreetings(event.detail.elt);
    }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.status > 0 && xhr.status < 500 && xhr.status !== 403) {
      setOffline(false);
      if (Queue.count() > 0) {
        flush();
      }
    }
  });

  document.body.addEventListener("htmx:sendError", function (event) {
    setOffline(true);
    if (panel.contains(event.detail.elt)) {
      if (event.detail.elt.hasAttribute("data-stay")) {
        closePanel();  // "I'm staying" needs nothing more from the client
      } else {
        showPanel(template("tpl-not-sent"));
      }
    }
  });

  // --- Camera ------------------------------------------------------------------------------------

  var video = document.querySelector("[data-camera]");
  var cameraOff = document.querySelector("[data-camera-off]");
  var cameraNote = document.querySelector("[data-camera-note]");
  if (video && window.LasnaScanner) {
    scanner = new window.LasnaScanner({
      video: video,
      active: function () { return panel.hidden && !sending; },
      onRead: function (text) { submitScan({ kind: "badge", badge: text.slice(0, 200) }); },
      onFrame: function (n) { root.dataset.scanFrames = n; },
      onState: function (state) {
        root.dataset.camera = state;
        var off = state === "denied" || state === "unavailable";
        if (cameraOff) { cameraOff.hidden = !off; }
        if (cameraNote) { cameraNote.hidden = off; }
        document.body.classList.toggle("no-camera", off);
      }
    });
    scanner.start();
  }

  // --- Service worker ----------------------------------------------------------------------------

  if ("serviceWorker" in navigator && data.swUrl) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "cached" && Array.isArray(event.data.paths)) {
        var needed = [window.location.pathname];
        document.querySelectorAll("script[src], link[rel=stylesheet]").forEach(function (el) {
          needed.push(new URL(el.getAttribute("src") || el.getAttribute("href"), window.location.href).pathname);
        });
        var ready = needed.every(function (path) { return event.data.paths.indexOf(path) !== -1; });
        root.dataset.offlineReady = ready ? "yes" : "no";  // a reload without the network would work
      }
    });
    navigator.serviceWorker.register(data.swUrl, { scope: data.swScope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      // Keep what this page is made of, so a reload without the network still shows it.
      var urls = [window.location.pathname];
      document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]").forEach(function (el) {
        urls.push(el.getAttribute("src") || el.getAttribute("href"));
      });
      if (registration.active) {
        registration.active.postMessage({ type: "cache", urls: urls });
      }
    }).catch(function () {
      // no service worker (e.g. a private window): the screen still works while online
    });
  }

  // --- Start -------------------------------------------------------------------------------------

  tick();
  setInterval(tick, 1000);
  if (document.getElementById("live")) {
    showGreetings(document.getElementById("live"));
  }
  showCount(Queue.count());
  if (!navigator.onLine) {
    setOffline(true);
  }
  flush();
  setInterval(flush, FLUSH_EVERY_MS);
  setInterval(refreshNames, NAMES_EVERY_MS);
  window.LasnaKiosk = { submitScan: submitScan, flush: flush, closePanel: closePanel };
})();
