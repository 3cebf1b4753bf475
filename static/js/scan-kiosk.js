/* The in-app scanner: reads the kiosk's rotating QR code with the phone's camera and opens it.
 *
 * For phones whose camera app opens a browser that is not signed in to Läsnä (iPhones with
 * the app on the home screen). Only a link to this same site whose path starts with /k/ is
 * followed; anything else gets a kind "this is not the kiosk's code". Decoding is jsQR's
 * (vendored, loaded before this file); no third party sees a frame.
 */
(function () {
  "use strict";

  var section = document.getElementById("scanner");
  var startButton = document.getElementById("scan-start");
  if (!section || !startButton) { return; }
  var view = document.getElementById("scan-view");
  var video = document.getElementById("scan-video");
  var statusLine = document.getElementById("scan-status");
  var noCamera = document.getElementById("scan-no-camera");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var MAX_SIDE = 640; // enough for a code that fills part of the picture, cheap on old phones
  var EVERY_MS = 150;
  var stream = null;
  var lastTry = 0;
  var done = false;

  function say(key) {
    var text = section.getAttribute("data-msg-" + key) || "";
    if (statusLine.textContent !== text) { statusLine.textContent = text; }
  }

  /* The kiosk's link, or null: an absolute URL of this origin with a /k/ path. */
  function kioskLink(text) {
    var url;
    try { url = new URL(text); } catch (e) { return null; }
    if (url.origin !== window.location.origin) { return null; }
    if (url.pathname.indexOf("/k/") !== 0 || url.pathname.length <= 3) { return null; }
    return url.href;
  }

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
      stream = null;
    }
  }

  function showNoCamera() {
    stop();
    view.hidden = true;
    noCamera.hidden = false;
    statusLine.textContent = "";
    startButton.disabled = false;
  }

  function tick(now) {
    if (done || !stream) { return; }
    window.requestAnimationFrame(tick);
    if (now - lastTry < EVERY_MS || video.readyState < 2 || !video.videoWidth) { return; }
    lastTry = now;
    var scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    var width = Math.round(video.videoWidth * scale);
    var height = Math.round(video.videoHeight * scale);
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    context.drawImage(video, 0, 0, width, height);
    var found = window.jsQR(context.getImageData(0, 0, width, height).data, width, height,
      { inversionAttempts: "dontInvert" });
    if (!found || !found.data) { return; }
    var link = kioskLink(found.data);
    if (!link) { say("wrong"); return; }
    done = true;
    say("found");
    stop();
    window.location.assign(link);
  }

  function start() {
    noCamera.hidden = true;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof window.jsQR !== "function") {
      showNoCamera();
      return;
    }
    startButton.disabled = true;
    say("starting");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        view.hidden = false;
        return video.play();
      })
      .then(function () {
        say("looking");
        startButton.hidden = true;
        window.requestAnimationFrame(tick);
      })
      .catch(showNoCamera);
  }

  function reset() {
    stop();
    done = false;
    view.hidden = true;
    startButton.hidden = false;
    startButton.disabled = false;
    statusLine.textContent = "";
  }

  startButton.addEventListener("click", start);
  // Back from the result page: ready to scan again.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { reset(); } });
  // Never leave the camera on behind the user's back.
  window.addEventListener("pagehide", stop);
  document.addEventListener("visibilitychange", function () {
    if (document.hidden && stream) { reset(); }
  });
}());
