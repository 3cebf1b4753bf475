/* Läsnä kiosk: the camera badge scanner.
 *
 * While the page is visible it takes a few downscaled frames a second from the tablet's front
 * camera and reads QR codes with jsQR (kiosk/vendor/jsQR-1.4.0.js). The same payload is
 * ignored for a few seconds after a read, so a card held still is read once.
 *
 * new LasnaScanner({ video, active: () => bool, onRead: (text) => void, onState: (state) => void })
 * states: "starting", "running", "denied", "unavailable", "stopped"
 */
(function () {
  "use strict";

  var EVERY_MS = 250;  // four frames a second is plenty for a card held in front of the camera
  var MAX_WIDTH = 480;  // downscaled frames: fast on a cheap tablet, still enough pixels
  var SAME_PAYLOAD_MS = 6000;

  function Scanner(options) {
    this.options = options;
    this.video = options.video;
    this.canvas = document.createElement("canvas");
    this.context = this.canvas.getContext("2d", { willReadFrequently: true });
    this.stream = null;
    this.timer = null;
    this.frames = 0;
    this.last = { text: null, at: 0 };
    this.starting = false;
    var scanner = this;
    document.addEventListener("visibilitychange", function () {
      if (document.hidden) {
        scanner.stop();
      } else {
        scanner.start();
      }
    });
  }

  Scanner.prototype.state = function (state) {
    if (this.options.onState) {
      this.options.onState(state);
    }
  };

  Scanner.prototype.start = async function () {
    if (this.stream || this.starting || document.hidden) {
      return;
    }
    if (!navigator.mediaDevices || typeof navigator.mediaDevices.getUserMedia !== "function" ||
        typeof window.jsQR !== "function") {
      this.state("unavailable");
      return;
    }
    this.starting = true;
    this.state("starting");
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: "user", width: { ideal: 640 }, height: { ideal: 480 } }
      });
    } catch (error) {
      this.starting = false;
      this.state(error && (error.name === "NotAllowedError" || error.name === "SecurityError") ? "denied" : "unavailable");
      return;
    }
    this.starting = false;
    if (document.hidden) {  // hidden again while the camera was starting
      this.stop();
      return;
    }
    this.video.srcObject = this.stream;
    try {
      await this.video.play();
    } catch (e) {
      // autoplay of a muted video is allowed; frames are read below even if play() complains
    }
    this.state("running");
    this.schedule();
  };

  Scanner.prototype.stop = function () {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.stream) {
      this.stream.getTracks().forEach(function (track) { track.stop(); });
      this.stream = null;
      this.video.srcObject = null;
      this.state("stopped");
    }
  };

  Scanner.prototype.schedule = function () {
    var scanner = this;
    this.timer = setTimeout(function () {
      scanner.timer = null;
      if (!scanner.stream) {
        return;
      }
      try {
        scanner.frame();
      } finally {
        if (scanner.stream) {
          scanner.schedule();
        }
      }
    }, EVERY_MS);
  };

  Scanner.prototype.frame = function () {
    var video = this.video;
    if (video.readyState < 2 || !video.videoWidth || (this.options.active && !this.options.active())) {
      return;
    }
    var scale = Math.min(1, MAX_WIDTH / video.videoWidth);
    var width = Math.round(video.videoWidth * scale);
    var height = Math.round(video.videoHeight * scale);
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.context.drawImage(video, 0, 0, width, height);
    var image = this.context.getImageData(0, 0, width, height);
    var code = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
    this.frames += 1;
    if (this.options.onFrame) {
      this.options.onFrame(this.frames);
    }
    if (!code || !code.data) {
      return;
    }
    var now = window.performance.now();
    if (code.data === this.last.text && now - this.last.at < SAME_PAYLOAD_MS) {
      this.last.at = now;  // still held in front of the camera: keep ignoring it
      return;
    }
    this.last = { text: code.data, at: now };
    this.options.onRead(code.data);
  };

  window.LasnaScanner = Scanner;
})();
