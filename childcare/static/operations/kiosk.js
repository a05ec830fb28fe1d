// The facility's kiosk: keeps the code field ready for a scanner (which types the code and Enter), reads codes
// with the camera where the browser has BarcodeDetector, and locks itself after the facility's idle time.
(function () {
  "use strict";
  const kiosk = document.querySelector(".kiosk");
  if (!kiosk) return;
  const form = document.getElementById("scan-form");
  const input = document.getElementById("scan-token");

  // A refused code (400, 409) is answered with its message: show it like a success.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    if (target && target.id === "scan-result" && event.detail.xhr.status >= 400 && event.detail.xhr.status < 500) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt === form) {
      input.value = "";
      input.focus();
    }
  });

  // Locks after the idle time with no touch or key; the server locks too, whatever this page does.
  if (kiosk.dataset.unlocked === "1") {
    const idleMs = parseInt(kiosk.dataset.idleSeconds, 10) * 1000;
    let timer;
    const lock = function () {
      const lockForm = document.querySelector('form[action="' + kiosk.dataset.lockUrl + '"]');
      const reason = document.createElement("input");
      reason.type = "hidden";
      reason.name = "reason";
      reason.value = "idle";
      lockForm.appendChild(reason);
      lockForm.submit();
    };
    const reset = function () {
      clearTimeout(timer);
      timer = setTimeout(lock, idleMs);
    };
    ["pointerdown", "keydown"].forEach(function (name) { document.addEventListener(name, reset); });
    reset();
  }

  if (!("BarcodeDetector" in window)) return;
  const button = document.getElementById("camera-scan");
  const video = document.getElementById("camera");
  button.hidden = false;
  button.addEventListener("click", async function () {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" } });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    const stop = function () {
      stream.getTracks().forEach(function (track) { track.stop(); });
      video.hidden = true;
    };
    const look = async function () {
      const codes = await detector.detect(video);
      if (codes.length) {
        stop();
        input.value = codes[0].rawValue;
        form.requestSubmit();
        return;
      }
      setTimeout(look, 250);
    };
    look();
  });
})();
