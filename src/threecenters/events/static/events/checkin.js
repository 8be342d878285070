// Staff check-in: scan a registration's QR code with the phone camera (jsQR), then submit it
// through the same form as a typed code. Without a camera the typed code still works.
(function () {
  "use strict";
  var start = document.getElementById("scan-start");
  var video = document.getElementById("scan-video");
  var canvas = document.getElementById("scan-canvas");
  var status = document.getElementById("scan-status");
  var form = document.getElementById("checkin-form");
  var texts = document.getElementById("scan-messages");
  if (!start || !form || !navigator.mediaDevices || !window.jsQR) { return; }
  start.hidden = false;
  var stream = null;
  function say(key) { status.textContent = texts.dataset[key] || ""; }
  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
  }
  function tick() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = ctx.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (found && found.data) {
        say("found");
        stop();
        form.querySelector("input[name=token]").value = found.data;
        form.submit();
        return;
      }
    }
    window.requestAnimationFrame(tick);
  }
  start.addEventListener("click", function () {
    say("starting");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        status.textContent = "";
        return video.play();
      })
      .then(function () { window.requestAnimationFrame(tick); })
      .catch(function () { stop(); say("denied"); });
  });
})();
