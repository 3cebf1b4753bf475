/* Läsnä kiosk: the offline queue.
 *
 * A badge or PIN scan that cannot be sent now is kept in localStorage with its real time, a
 * unique key and the name the screen knew it by, and sent later, oldest first, one by one. The server records each key once,
 * so sending one again (a lost answer, two tabs) never counts twice. A queued PIN is never
 * stored in plain text: it is sealed with the kiosk's public key (see
 * webapp/kiosks/sealing.py) and only the server can open it.
 *
 * window.LasnaQueue = { newKey, seal, add, items, count, flush, onChange }
 */
(function () {
  "use strict";

  var STORE = "lasna.kiosk.queue.v1";
  var INFO = "lasna-kiosk-pin-v1";
  var SEND_TIMEOUT_MS = 15000;
  var listeners = [];
  var busy = false;

  function items() {
    try {
      var list = JSON.parse(window.localStorage.getItem(STORE) || "[]");
      return Array.isArray(list) ? list : [];
    } catch (e) {
      return [];
    }
  }

  function save(list) {
    window.localStorage.setItem(STORE, JSON.stringify(list));
    listeners.forEach(function (listener) { listener(list.length); });
  }

  function add(item) {
    var list = items();
    if (!list.some(function (old) { return old.key === item.key; })) {
      list.push(item);
    }
    save(list);
  }

  function remove(key) {
    save(items().filter(function (item) { return item.key !== key; }));
  }

  function count() {
    return items().length;
  }

  function onChange(listener) {
    listeners.push(listener);
  }

  // Another tab (or the service worker's reload) changed the queue: tell the screen.
  window.addEventListener("storage", function (event) {
    if (event.key === STORE) {
      listeners.forEach(function (listener) { listener(count()); });
    }
  });

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
  }

  // --- Sealing: ECDH P-256 (ephemeral) → HKDF-SHA256 → AES-256-GCM ---------------------------

  function b64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var text = "";
    for (var i = 0; i < bytes.length; i++) {
      text += String.fromCharCode(bytes[i]);
    }
    return window.btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromB64(text) {
    var raw = window.atob(text);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  /* The sealed box {"epk", "iv", "ct"} of content, for the kiosk's public key (SPKI, base64). */
  async function seal(publicSpkiB64, content) {
    var subtle = window.crypto.subtle;
    var curve = { name: "ECDH", namedCurve: "P-256" };
    var kioskKey = await subtle.importKey("spki", fromB64(publicSpkiB64), curve, false, []);
    var ephemeral = await subtle.generateKey(curve, true, ["deriveBits"]);
    var shared = await subtle.deriveBits({ name: "ECDH", public: kioskKey }, ephemeral.privateKey, 256);
    var material = await subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
    var aesKey = await subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: new TextEncoder().encode(INFO) },
      material, { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
    var iv = window.crypto.getRandomValues(new Uint8Array(12));
    var plain = new TextEncoder().encode(JSON.stringify(content));
    var ct = await subtle.encrypt({ name: "AES-GCM", iv: iv }, aesKey, plain);
    var epk = await subtle.exportKey("raw", ephemeral.publicKey);
    return JSON.stringify({ epk: b64url(epk), iv: b64url(iv), ct: b64url(ct) });
  }

  // --- Sending ------------------------------------------------------------------------------------

  /* POST fields to url; resolves to the Response, or null when the network failed. */
  async function post(url, fields, token) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (name) {
      if (fields[name] !== undefined && fields[name] !== null) {
        body.append(name, String(fields[name]));
      }
    });
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, SEND_TIMEOUT_MS) : null;
    try {
      return await window.fetch(url, {
        method: "POST", body: body, credentials: "same-origin", cache: "no-store",
        headers: { "X-CSRFToken": token || "" }, signal: controller ? controller.signal : undefined
      });
    } catch (e) {
      return null;
    } finally {
      if (timer) { clearTimeout(timer); }
    }
  }

  /* Send the queue, oldest first, one by one. An answer with X-Lasna-Outcome is final (the scan
   * is dropped from the queue); anything else (no network, 5xx, an expired CSRF token, a tablet
   * that is no longer paired) keeps it for the next try.
   * options: { url, csrf: async () => token|null, onNetworkError, onAnswer(item, response) } */
  async function flush(options) {
    if (busy || count() === 0) {
      return;
    }
    busy = true;
    try {
      var token = await options.csrf();
      if (!token) {
        return;
      }
      var list = items().slice().sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
      for (var i = 0; i < list.length; i++) {
        var item = list[i];
        var fields = { key: item.key, kind: item.kind, at: item.at, queued: "1", name: item.name };
        if (item.kind === "badge") {
          fields.badge = item.badge;
        } else {
          fields.client = item.client;
          fields.sealed = item.sealed;
        }
        var response = await post(options.url, fields, token);
        if (response === null) {
          if (options.onNetworkError) { options.onNetworkError(); }
          return;
        }
        if (!response.headers.get("X-Lasna-Outcome")) {
          return;  // keep it: try again later
        }
        remove(item.key);
        if (options.onAnswer) { options.onAnswer(item, response); }
      }
    } finally {
      busy = false;
    }
  }

  window.LasnaQueue = {
    newKey: newKey, seal: seal, add: add, items: items, count: count, flush: flush, post: post,
    onChange: onChange
  };
})();
