/* Läsnä: lets this browser receive the diary's reminders (Web Push). Loaded by the diary's
 * settings page only (templates/diary/_reminders.html).
 *
 * - Where the browser cannot do push (no service worker, PushManager or Notification: e.g. Safari
 *   outside an installed app), the form stays hidden and a calm note says so.
 * - Saving with a choice on first subscribes this browser (the browser asks for permission: the
 *   tap is the gesture it needs) and sends the subscription to the server with the page's CSRF
 *   token; then the form is submitted as usual. If the browser refuses, the form is not sent
 *   and a note says what to do.
 * - On every visit an existing subscription is sent again (the server keeps one row per browser),
 *   so a browser the server forgot (its push service answered 410) is known again.
 */
(function () {
  "use strict";

  var form = document.getElementById("reminder-form");
  if (!form) {
    return;
  }

  function show(id) {
    var note = document.getElementById(id);
    if (note) {
      note.hidden = false;
    }
  }

  function hide(id) {
    var note = document.getElementById(id);
    if (note) {
      note.hidden = true;
    }
  }

  var supported = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  if (!supported) {
    form.hidden = true;
    show("push-unsupported");
    return;
  }
  form.hidden = false;
  if (Notification.permission === "denied") {
    show("push-denied");
  }

  function keyBytes(base64url) {
    var padded = base64url.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((base64url.length + 3) % 4);
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function sameKey(subscription, key) {
    var given = subscription.options && subscription.options.applicationServerKey;
    if (!given) {
      return true;  // the browser does not tell: trust it
    }
    var a = new Uint8Array(given);
    if (a.length !== key.length) {
      return false;
    }
    for (var i = 0; i < a.length; i += 1) {
      if (a[i] !== key[i]) {
        return false;
      }
    }
    return true;
  }

  function send(subscription) {
    var token = form.querySelector("input[name=csrf_token]").value;
    return fetch(form.getAttribute("data-subscribe-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(subscription.toJSON())
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("not saved: " + response.status);
      }
    });
  }

  var key = keyBytes(form.getAttribute("data-vapid-key"));

  /* This browser's subscription with the app's key: the one it has, or a new one. */
  function subscribe() {
    return navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return registration.pushManager.getSubscription().then(function (existing) {
        if (existing && sameKey(existing, key)) {
          return existing;
        }
        var old = existing ? existing.unsubscribe() : Promise.resolve();
        return old.then(function () {
          return registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
        });
      });
    }).then(send);
  }

  function wanted() {
    return ["remind", "on_reply"].some(function (name) {
      var box = form.querySelector("input[name=" + name + "]");
      return box && box.checked;
    });
  }

  form.addEventListener("submit", function (event) {
    if (!wanted()) {
      return;  // turning everything off needs nothing from the browser
    }
    event.preventDefault();
    hide("push-failed");
    var asked = Notification.permission === "granted" ? Promise.resolve("granted") : Notification.requestPermission();
    Promise.resolve(asked).then(function (permission) {
      if (permission !== "granted") {
        show("push-denied");
        throw new Error("no permission");
      }
      hide("push-denied");
      return subscribe();
    }).then(function () {
      HTMLFormElement.prototype.submit.call(form);
    }).catch(function () {
      if (Notification.permission !== "denied") {
        show("push-failed");
      }
    });
  });

  /* Known again on every visit, when this browser already has a subscription. */
  if (Notification.permission === "granted" && navigator.serviceWorker.controller) {
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (existing) {
      return existing && sameKey(existing, key) ? send(existing) : null;
    }).catch(function () { /* offline: next visit */ });
  }
})();
