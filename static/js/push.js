// Subscribe this browser to Web Push with the deployment's VAPID public key and register it with the API
// (session-authenticated POST with the CSRF token). The service worker (sw_push.js) shows the notifications.
(function () {
  "use strict";
  var button = document.getElementById("push-enable");
  if (!button) return;
  var status = document.getElementById("push-status");
  function say(text) { if (status) status.textContent = text; }
  function key(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (m) return decodeURIComponent(m[1]);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
    button.disabled = true;
    say("Trình duyệt này không hỗ trợ thông báo đẩy.");
    return;
  }
  button.addEventListener("click", function () {
    say("Đang bật…");
    Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("Đồng chí chưa cho phép hiển thị thông báo.");
      return navigator.serviceWorker.register("/sw.js").then(function () { return navigator.serviceWorker.ready; });
    }).then(function (reg) {
      return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(button.dataset.vapid) });
    }).then(function (sub) {
      var json = sub.toJSON();
      return fetch(button.dataset.endpoint, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ endpoint: json.endpoint, p256dh: json.keys.p256dh, auth: json.keys.auth,
                               user_agent: navigator.userAgent.slice(0, 200) })
      });
    }).then(function (response) {
      if (!response.ok) throw new Error("Máy chủ không nhận đăng ký (" + response.status + ").");
      say("Đã bật thông báo trên thiết bị này.");
      setTimeout(function () { window.location.reload(); }, 800);
    }).catch(function (err) { say(err.message || String(err)); });
  });
})();
