/* Läsnä phone app: the diary's photos and voice notes (templates/diary/_media.html).
 *
 * - A photo chosen in <form data-media-form="photo"> (the phone offers the camera or the
 *   gallery) and a voice note recorded in <div data-recorder> are put in IndexedDB first
 *   ("lasna-media", store "uploads": {key, day, action, kind, blob, filename, seconds, savedAt})
 *   and then sent; without the network they wait there and go once it returns (on "online", on
 *   page load, and every 30 s while something waits), like the text drafts of diary-queue.js.
 *   Each carries its own key (sent as upload_key): the server keeps a key once, so sending twice
 *   is safe.
 * - Sent with a fresh CSRF token from /me/csrf, as multipart, with HX-Request: the answer is the
 *   day's media part, swapped in for #diary-media when the page shows that day.
 *   2xx → gone, "sent"; 400/404/409/410/413/415/422 → gone, the server's reason shown;
 *   no network, 401/403/408/429 or 5xx → kept for later.
 * - The recorder: MediaRecorder (WebM/Opus or MP4, whichever the browser records), a countdown
 *   from 2:00 that stops the recording by itself at 0:00, then listen, send or discard.
 * Without this script the photo form posts as a plain form; the recorder stays hidden.
 */
(function () {
  "use strict";

  if (window.lasnaMediaQueue) {
    return;
  }

  var DB = "lasna-media";
  var STORE = "uploads";
  var RETRY_MS = 30000;
  var DROP = [400, 404, 409, 410, 413, 415, 422];
  var TYPES = ["audio/webm;codecs=opus", "audio/mp4", "audio/webm"];
  var flushing = false;
  var timer = null;
  var memory = [];  // when IndexedDB cannot be used (a private window): kept while the page is open

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  /* --- IndexedDB: a few promises around it ------------------------------------------------- */

  function open() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) {
        reject(new Error("no IndexedDB"));
        return;
      }
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
        tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).concat(memory).sort(function (a, b) { return a.savedAt < b.savedAt ? -1 : 1; });
    }, function () { return memory.slice(); });
  }

  function put(item) {
    return run("readwrite", function (store) { store.put(item); }).catch(function () {
      memory.push(item);
    });
  }

  function remove(item) {
    memory = memory.filter(function (m) { return m.key !== item.key; });
    return run("readwrite", function (store) { store.delete(item.key); }).catch(function () {});
  }

  /* --- The page ------------------------------------------------------------------------------ */

  function section(day) {
    var found = document.getElementById("diary-media");
    return found && (!day || found.getAttribute("data-media-day") === day) ? found : null;
  }

  function show(day, which, count) {
    var place = section(day);
    var status = place && place.querySelector("[data-media-queue-status]");
    if (!status) {
      return;
    }
    var text = status.getAttribute("data-text-" + which) || "";
    status.setAttribute("data-queue-state", which);
    status.textContent = count > 1 ? text + " (" + count + ")" : text;
  }

  function swap(day, html) {
    var place = section(day);
    if (!place || !html) {
      return;
    }
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var fresh = holder.querySelector("#diary-media");
    if (fresh) {
      place.replaceWith(fresh);
      setUp(fresh);
    }
  }

  /* --- Sending ------------------------------------------------------------------------------- */

  function send(item) {
    return fetch("/me/csrf", { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) {
        return { keep: true };
      }
      return response.text().then(function (token) {
        var body = new FormData();
        body.append("upload_key", item.key);
        if (item.kind === "voice") {
          body.append("seconds", String(item.seconds));
        }
        body.append(item.kind, item.blob, item.filename);
        return fetch(item.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": token.trim(), "HX-Request": "true" },
          body: body
        }).then(function (answer) {
          if (answer.ok) {
            return answer.text().then(function (html) { return { sent: true, html: html }; });
          }
          if (DROP.indexOf(answer.status) >= 0) {
            return answer.text().then(function (html) { return { failed: true, html: html }; });
          }
          return { keep: true };
        });
      });
    });
  }

  function schedule(waiting) {
    if (waiting && !timer) {
      timer = setInterval(flush, RETRY_MS);
    } else if (!waiting && timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  function flush() {
    if (flushing) {
      return Promise.resolve();
    }
    flushing = true;
    return all().then(function (items) {
      if (!items.length || navigator.onLine === false) {
        return items;
      }
      var index = 0;
      function next() {
        if (index >= items.length) {
          return null;
        }
        var item = items[index++];
        show(item.day, "sending");
        return send(item).then(function (result) {
          if (result.keep) {
            show(item.day, "waiting");
            return null;  // the rest waits too, in order
          }
          return remove(item).then(function () {
            swap(item.day, result.html);
            if (result.failed) {
              show(item.day, "failed");
            }
            return next();
          });
        });
      }
      return Promise.resolve().then(next).catch(function () {
        /* No network after all: everything not sent stays for the next try. */
      });
    }).then(function () {
      return all();
    }).then(function (left) {
      flushing = false;
      left.forEach(function (item) { show(item.day, "waiting", left.length); });
      schedule(left.length > 0);
    }, function () {
      flushing = false;
    });
  }

  function enqueue(item) {
    item.key = item.key || newKey();
    item.savedAt = new Date().toISOString();
    return put(item).then(function () {
      show(item.day, navigator.onLine === false ? "waiting" : "sending");
      return flush();
    });
  }

  /* --- The photo form ------------------------------------------------------------------------ */

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-media-form="photo"]')) {
      return;
    }
    var input = form.querySelector('input[type="file"]');
    var file = input && input.files && input.files[0];
    if (!file) {
      return;  // the server says what is missing
    }
    event.preventDefault();
    enqueue({ kind: "photo", day: form.getAttribute("data-day"), action: form.getAttribute("action"),
              blob: file, filename: file.name || "kuva.jpg" });
    input.value = "";
  });

  /* --- The voice recorder -------------------------------------------------------------------- */

  var recording = null;  // {recorder, stream, chunks, started, box, ticker}

  function canRecord() {
    return !!(window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  }

  function part(box, name) {
    return box.querySelector("[data-" + name + "]");
  }

  function clockText(seconds) {
    seconds = Math.max(0, Math.ceil(seconds));
    return Math.floor(seconds / 60) + ":" + ("0" + (seconds % 60)).slice(-2);
  }

  function say(box, text) {
    part(box, "recorder-status").textContent = text;
  }

  function reset(box) {
    var preview = part(box, "preview");
    if (preview.src) {
      URL.revokeObjectURL(preview.src);
      preview.removeAttribute("src");
    }
    box.lasnaVoice = null;
    ["stop", "countdown", "send", "discard"].forEach(function (name) { part(box, name).hidden = true; });
    preview.hidden = true;
    part(box, "record").hidden = false;
  }

  function start(box) {
    var limit = Number(box.getAttribute("data-seconds")) || 120;
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      var type = TYPES.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0];
      var recorder = new MediaRecorder(stream, type ? { mimeType: type, audioBitsPerSecond: 48000 } : {});
      var chunks = [];
      recorder.ondataavailable = function (event) {
        if (event.data && event.data.size) {
          chunks.push(event.data);
        }
      };
      recording = { recorder: recorder, stream: stream, started: Date.now(), box: box };
      recorder.onstop = function () {
        var seconds = Math.min(limit, (Date.now() - recording.started) / 1000);
        clearInterval(recording.ticker);
        stream.getTracks().forEach(function (track) { track.stop(); });
        recording = null;
        var blob = new Blob(chunks, { type: recorder.mimeType || type || "audio/webm" });
        box.lasnaVoice = { blob: blob, seconds: Math.round(seconds * 10) / 10,
                           filename: /mp4/.test(blob.type) ? "aani.m4a" : "aani.webm" };
        var preview = part(box, "preview");
        preview.src = URL.createObjectURL(blob);
        preview.hidden = false;
        part(box, "stop").hidden = true;
        part(box, "send").hidden = false;
        part(box, "discard").hidden = false;
        say(box, box.getAttribute("data-text-stopped"));
      };
      var countdown = part(box, "countdown");
      countdown.textContent = clockText(limit);
      countdown.hidden = false;
      part(box, "record").hidden = true;
      part(box, "stop").hidden = false;
      say(box, box.getAttribute("data-text-recording") + " " + clockText(limit));
      recording.ticker = setInterval(function () {
        var left = limit - (Date.now() - recording.started) / 1000;
        countdown.textContent = clockText(left);
        if (left <= 0 && recorder.state === "recording") {
          recorder.stop();  // two minutes: it ends by itself
        }
      }, 250);
      recorder.start(1000);
      part(box, "stop").focus();
    }).catch(function () {
      say(box, box.getAttribute("data-text-no-mic"));
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-record], [data-stop], [data-send], [data-discard]");
    var box = button && button.closest("[data-recorder]");
    if (!box) {
      return;
    }
    if (button.hasAttribute("data-record") && !recording) {
      start(box);
    } else if (button.hasAttribute("data-stop") && recording && recording.recorder.state === "recording") {
      recording.recorder.stop();
    } else if (button.hasAttribute("data-send") && box.lasnaVoice) {
      var voice = box.lasnaVoice;
      reset(box);
      say(box, "");
      enqueue({ kind: "voice", day: box.getAttribute("data-day"), action: box.getAttribute("data-action"),
                blob: voice.blob, filename: voice.filename, seconds: voice.seconds });
    } else if (button.hasAttribute("data-discard")) {
      reset(box);
      say(box, "");
    }
  });

  function setUp(root) {
    if (canRecord()) {
      (root || document).querySelectorAll("[data-recorder]").forEach(function (box) { box.hidden = false; });
    }
  }

  function begin() {
    setUp(document);
    flush();
  }

  window.addEventListener("online", flush);
  document.addEventListener("htmx:load", function (event) { setUp(event.target); });  // the entry came again
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", begin);
  } else {
    begin();
  }

  window.lasnaMediaQueue = { flush: flush, waiting: all };
})();
