/* Läsnä phone app: diary entries written without the network are kept on the phone and sent
 * once the network returns. base.html loads this on every page of a signed-in client, so a
 * draft goes out from whichever page is open.
 *
 * The markup it works with (templates/diary/…):
 *   <form data-diary-form data-day="2026-03-02" action="/diary/2026-03-02" hx-post="…">
 *     <input type="hidden" name="key" value="…">   a save key: the server applies a key once
 *     <p data-diary-queue-status role="status" data-text-waiting="…" data-text-sent="…"
 *        data-text-failed="…"></p>
 *   </form>
 *   <… id="diary-entry" data-refresh-url="…">   the entry, reloaded after a draft was sent
 *
 * A draft in localStorage["lasna.diary.queue"] is {key, day, action, fields: [[name, value]…]
 * (never the CSRF token), texts: [[label, value]…] (what the client wrote), savedAt}; one per
 * action, the newest replaces an older one (it holds the whole form). Sent one at a time with a
 * fresh CSRF token from /me/csrf: 2xx → gone, "sent"; 400/404/409/410/413/422 → gone, "failed",
 * with what was written shown under it; no network, 401/403/408/429 or 5xx → kept for later
 * (on "online", on page load, and every 30 s while drafts wait). Sending a draft twice is safe.
 *
 * A page opened while a draft of its day waits (a reload without the network shows the copy the
 * service worker kept, with the older entry) shows the draft in its form, with "waiting to send":
 * what the client wrote last is what she sees, and what will be sent.
 */
(function () {
  "use strict";

  if (window.lasnaDiaryQueue) {
    return;  // loaded twice (base.html and a page): one queue is enough
  }

  var STORE = "lasna.diary.queue";
  var RETRY_MS = 30000;
  var DROP = [400, 404, 409, 410, 413, 422];
  var flushing = false;
  var timer = null;

  function newKey() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID().replace(/-/g, "");
    }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function load() {
    try {
      var drafts = JSON.parse(localStorage.getItem(STORE) || "[]");
      return Array.isArray(drafts) ? drafts : [];
    } catch (e) {
      return [];
    }
  }

  function save(drafts) {
    try {
      if (drafts.length) {
        localStorage.setItem(STORE, JSON.stringify(drafts));
      } else {
        localStorage.removeItem(STORE);
      }
    } catch (e) {
      /* Storage full or off: nothing more we can do here. */
    }
  }

  function remove(draft) {
    save(load().filter(function (d) { return d.key !== draft.key; }));
  }

  function formFor(day) {
    return day ? document.querySelector('form[data-diary-form][data-day="' + day + '"]') : null;
  }

  function statusFor(day) {
    var form = formFor(day);
    return (form && form.querySelector("[data-diary-queue-status]")) ||
      document.querySelector("[data-diary-queue-status]");
  }

  function show(day, which, texts) {
    var status = statusFor(day);
    if (!status) {
      return;
    }
    var message = status.getAttribute("data-text-" + which) || "";
    status.setAttribute("data-queue-state", which);
    if (!texts || !texts.length) {
      status.textContent = message;
      return;
    }
    // Not sent after all: keep what the client wrote on the screen, so nothing vanishes silently.
    var details = document.createElement("details");
    details.open = true;
    var summary = document.createElement("summary");
    summary.textContent = message;
    details.appendChild(summary);
    texts.forEach(function (pair) {
      var p = document.createElement("p");
      if (pair[0]) {
        var label = document.createElement("strong");
        label.textContent = pair[0] + ": ";
        p.appendChild(label);
      }
      p.appendChild(document.createTextNode(pair[1]));
      details.appendChild(p);
    });
    status.textContent = "";
    status.appendChild(details);
  }

  function labelOf(form, field) {
    if (field.labels && field.labels.length) {
      return field.labels[0].textContent.trim();
    }
    var fieldset = field.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    return legend ? legend.textContent.trim() : "";
  }

  /* What the client wrote in words (text fields), with the field's label, for the "failed" case. */
  function textsOf(form, fields) {
    var texts = [];
    fields.forEach(function (pair) {
      var field = form.elements.namedItem(pair[0]);
      if (field && !(field instanceof Element)) {
        field = field[0];  // a RadioNodeList
      }
      var typed = field && isTyped(field);
      if (typed && String(pair[1]).trim()) {
        texts.push([labelOf(form, field), String(pair[1])]);
      }
    });
    return texts;
  }

  function freshKey(form) {
    var key = form.querySelector('input[name="key"]');
    if (key) {
      key.value = newKey();
    }
  }

  function fieldsOf(formData) {
    var fields = [];
    formData.forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") {
        fields.push([name, value]);
      }
    });
    return fields;
  }

  function queue(form, formData, path) {
    var fields = fieldsOf(formData);
    var key = (fields.filter(function (p) { return p[0] === "key"; })[0] || [])[1] || newKey();
    var action = form.getAttribute("action") || path;
    var day = form.getAttribute("data-day");
    var drafts = load().filter(function (d) { return d.action !== action; });
    drafts.push({
      key: key,
      day: day,
      action: action,
      fields: fields.filter(function (p) { return p[0] !== "key"; }),
      texts: textsOf(form, fields),
      savedAt: new Date().toISOString()
    });
    save(drafts);
    freshKey(form);
    show(day, "waiting");
    schedule();
  }

  function schedule() {
    if (load().length && !timer) {
      timer = setInterval(flush, RETRY_MS);
    } else if (!load().length && timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  /* The page shows that day: reload the entry, so it shows what the server now has. */
  function refresh(day) {
    var entry = document.getElementById("diary-entry");
    var url = entry && entry.getAttribute("data-refresh-url");
    if (url && formFor(day) && window.htmx) {
      return Promise.resolve(htmx.ajax("GET", url, { target: "#diary-entry", swap: "outerHTML" }))
        .catch(function () { /* the old copy stays: still correct, just older */ });
    }
    return Promise.resolve();
  }

  function send(draft) {
    return fetch("/me/csrf", { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) {
        return { keep: true };
      }
      return response.text().then(function (token) {
        var body = new URLSearchParams();
        draft.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
        body.set("key", draft.key);
        return fetch(draft.action, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": token.trim(), "HX-Request": "true" },
          body: body
        }).then(function (answer) {
          if (answer.ok) {
            return { sent: true };
          }
          return DROP.indexOf(answer.status) >= 0 ? { failed: true } : { keep: true };
        });
      });
    });
  }

  function flush() {
    if (flushing || navigator.onLine === false) {
      return Promise.resolve();
    }
    var drafts = load();
    if (!drafts.length) {
      schedule();
      return Promise.resolve();
    }
    flushing = true;
    var index = 0;
    function next() {
      if (index >= drafts.length) {
        return null;
      }
      var draft = drafts[index++];
      return send(draft).then(function (result) {
        if (result.keep) {
          return null;  // the rest waits too, in order
        }
        remove(draft);
        if (result.failed) {
          show(draft.day, "failed", draft.texts);
          return next();
        }
        show(draft.day, "sent");
        return refresh(draft.day).then(function () {
          show(draft.day, "sent");  // the refreshed entry has a new, empty status line
          return next();
        });
      });
    }
    return Promise.resolve().then(next).catch(function () {
      /* No network after all: everything not sent stays for the next try. */
    }).then(function () {
      flushing = false;
      schedule();
    });
  }

  document.addEventListener("htmx:sendError", function (event) {
    var detail = event.detail || {};
    var elt = detail.elt || event.target;
    var form = elt && elt.closest ? elt.closest("form[data-diary-form]") : null;
    var config = detail.requestConfig || {};
    if (!form || !config.formData || (config.verb && config.verb !== "post")) {
      return;
    }
    queue(form, config.formData, config.path);
  });

  function isTyped(field) {
    return field.tagName === "TEXTAREA" || (field.tagName === "INPUT" && /^(text|search)$/.test(field.type));
  }

  /* Put a waiting draft's answers into its form (no events: nothing is sent by this). */
  function restore(form) {
    var action = form.getAttribute("action");
    var draft = load().filter(function (d) { return d.action === action; })[0];
    if (!draft) {
      return;
    }
    var values = {};
    draft.fields.forEach(function (pair) {
      (values[pair[0]] = values[pair[0]] || []).push(String(pair[1]));
    });
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name === "csrf_token" || field.name === "key") {
        return;
      }
      var chosen = values[field.name] || [];
      if (field.type === "radio" || field.type === "checkbox") {
        field.checked = chosen.indexOf(field.value) >= 0;
      } else if (isTyped(field)) {
        field.value = chosen.length ? chosen[0] : "";
      }
    });
    show(form.getAttribute("data-day"), "waiting");
  }

  function start() {
    document.querySelectorAll("form[data-diary-form]").forEach(function (form) {
      freshKey(form);
      restore(form);
    });
    flush();
  }

  window.addEventListener("online", flush);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  window.lasnaDiaryQueue = { flush: flush, drafts: load };
})();
