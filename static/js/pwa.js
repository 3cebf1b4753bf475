/* Läsnä phone app: registers the service worker (/sw.js, scope "/") and shows a banner while
 * the phone has no network, so a page the service worker kept is never mistaken for a fresh one.
 * base.html loads this for signed-in clients only; staff and kiosks never register the worker.
 * The banner's text comes translated from the server in <template id="offline-banner">.
 */
(function () {
  "use strict";

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
      /* No service worker (private mode, old browser): the app works online as before. */
    });
  }

  var banner = null;

  function showBanner() {
    if (banner && banner.isConnected) {
      return;
    }
    var template = document.getElementById("offline-banner");
    var main = document.getElementById("main");
    if (!template || !main || !template.content.firstElementChild) {
      return;
    }
    banner = template.content.firstElementChild.cloneNode(true);
    main.insertBefore(banner, main.firstChild);
  }

  function hideBanner() {
    if (banner) {
      banner.remove();
      banner = null;
    }
  }

  function update() {
    // The offline page says it all by itself; every other page may be a kept copy.
    if (navigator.onLine === false && !document.querySelector("[data-offline-page]")) {
      showBanner();
    } else {
      hideBanner();
    }
  }

  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
