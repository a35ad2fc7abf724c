// Sổ tay: simple mode (large text, big buttons), language auto-submit, print and select-on-focus buttons,
// provisioning progress polling, forms saved without reloading, the offline queue, reading aloud, the service
// worker. Behaviour lives here, never in on*="" attributes (the CSP forbids them). Every form still works
// without this script: it only improves what the server already does (ADRs 0032, 0033).
(function () {
  "use strict";
  var root = document.documentElement;
  var store = {
    get: function (k) { try { return localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, v); } catch (e) { /* private mode: not remembered */ } },
    del: function (k) { try { localStorage.removeItem(k); } catch (e) { /* nothing */ } }
  };
  if (store.get("sotay-large-text") === "1") root.classList.add("large-text");

  // --- the member on this phone: clear the last member's saved pages and queue when someone else signs in ---
  function forgetOthers(current) {
    var last = store.get("sotay-user");
    var drop = function (name) { return name.indexOf("sotay-pages-") === 0 && (!current || name.slice(-current.length) !== current); };
    if ("caches" in window) caches.keys().then(function (keys) { keys.filter(drop).forEach(function (k) { caches.delete(k); }); });
    if (last && last !== current) store.del("sotay-queue-" + last);
    if (current) store.set("sotay-user", current); else store.del("sotay-user");
  }

  // --- messages and swapping a part of the page with the server's new version of it ---
  function say(text, kind) {
    var box = document.querySelector("[data-messages]");
    if (!box) return;
    box.innerHTML = "";
    var ul = document.createElement("ul"), li = document.createElement("li");
    ul.className = "messages";
    li.className = "msg msg--" + (kind || "info"); li.textContent = text;
    ul.appendChild(li); box.appendChild(ul);
  }

  function swapFrom(html, target) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = target.id && doc.getElementById(target.id);
    if (!fresh) return false;
    var box = document.querySelector("[data-messages]"), newBox = doc.querySelector("[data-messages]");
    if (box && newBox) box.innerHTML = newBox.innerHTML;
    target.replaceWith(fresh);
    enhance(fresh);
    return true;
  }

  // --- the offline queue: opinions written without a connection, sent once when it returns ---
  function queueKey() { var u = document.body.getAttribute("data-user"); return u ? "sotay-queue-" + u : null; }
  function queued() { var k = queueKey(); try { return k ? JSON.parse(store.get(k) || "[]") : []; } catch (e) { return []; } }
  function saveQueue(items) { var k = queueKey(); if (k) store.set(k, JSON.stringify(items)); showQueue(); }
  function showQueue() {
    var items = queued(), note = document.querySelector("[data-queue-note]");
    if (note) {
      note.hidden = !items.length;
      note.textContent = items.length ? (document.body.getAttribute("data-queue-text") || "Đang chờ gửi khi có mạng:") + " " +
        items.map(function (i) { return "“" + i.label + "”"; }).join(", ") : "";
    }
  }
  function enqueue(form, submitter) {
    var body = [], label = "";
    new FormData(form, submitter).forEach(function (v, k) { body.push([k, String(v)]); if (k === "text") label = String(v).slice(0, 60); });
    var items = queued();
    items.push({ url: form.action, body: body, label: label || "…", at: Date.now() });
    saveQueue(items);
    form.reset();
  }
  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return;
    var items = queued();
    if (!items.length) return;
    flushing = true;
    var item = items[0], fd = new FormData();
    item.body.forEach(function (p) { fd.append(p[0], p[1]); });
    fetch(item.url, { method: "POST", body: fd, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) {
        flushing = false;
        if (!r.ok && r.status < 500) { saveQueue(queued().slice(1)); return; }  // refused for good: drop it
        if (!r.ok) return;
        saveQueue(queued().slice(1));
        if (queued().length) flush(); else window.location.reload();  // show what the server recorded
      })
      .catch(function () { flushing = false; });
  }

  // --- forms saved without reloading: POST with fetch, then swap the part of the page they belong to ---
  function submitEnhanced(event) {
    var form = event.target, submitter = event.submitter;
    if (!form.matches || !form.matches("form[data-enhance], form[data-offline-queue]")) return;
    if (form.hasAttribute("data-offline-queue") && !navigator.onLine) { event.preventDefault(); enqueue(form, submitter); return; }
    var target = form.closest("[data-swap]");
    if (!target || !window.fetch || !window.DOMParser) return;  // an ordinary submit
    event.preventDefault();
    var fd = new FormData(form, submitter), focusId = form.closest("[id]") && form.closest("[id]").id;
    var pressed = submitter ? submitter.name + "=" + submitter.value : "";
    if (submitter) submitter.disabled = true;
    form.setAttribute("aria-busy", "true");
    fetch(form.action, { method: "POST", body: fd, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.text().then(function (html) { return { r: r, html: html }; }); })
      .then(function (res) {
        var path = new URL(res.r.url).pathname;
        if (path !== window.location.pathname || !swapFrom(res.html, target)) { window.location.assign(res.r.url); return; }
        var again = focusId && document.getElementById(focusId);
        var button = again && pressed && again.querySelector("button[name='" + pressed.split("=")[0] + "'][value='" + pressed.split("=")[1] + "']");
        if (button) button.focus({ preventScroll: true });
      })
      .catch(function () {
        if (submitter) submitter.disabled = false;
        form.removeAttribute("aria-busy");
        if (form.hasAttribute("data-offline-queue")) { enqueue(form, submitter); return; }
        say(document.body.getAttribute("data-net-error") || "Không gửi được: kiểm tra kết nối mạng rồi thử lại.", "error");
      });
  }

  // --- reading aloud with the phone's own voice (Vietnamese if it has one); the button hides otherwise ---
  function readAloud(scope) {
    var buttons = scope.querySelectorAll("[data-read-aloud]");
    if (!buttons.length) return;
    var synth = window.speechSynthesis;
    var voice = function () { return synth && synth.getVoices().filter(function (v) { return /^vi/i.test(v.lang); })[0]; };
    var setup = function () {
      buttons.forEach(function (b) {
        b.hidden = !voice();
        if (b.getAttribute("data-ready")) return;
        b.setAttribute("data-ready", "1");
        b.addEventListener("click", function () {
          if (synth.speaking) { synth.cancel(); b.setAttribute("aria-pressed", "false"); return; }
          var text = document.querySelector(b.getAttribute("data-read-aloud"));
          if (!text) return;
          var u = new SpeechSynthesisUtterance(text.innerText);
          u.lang = "vi-VN"; u.voice = voice(); u.rate = 0.95;
          u.onend = function () { b.setAttribute("aria-pressed", "false"); };
          b.setAttribute("aria-pressed", "true");
          synth.speak(u);
        });
      });
    };
    if (!synth) { buttons.forEach(function (b) { b.hidden = true; }); return; }
    setup();
    synth.addEventListener("voiceschanged", setup);
  }

  function enhance(scope) {
    scope.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
    });
    readAloud(scope);
  }

  function offlineNote() {
    var note = document.querySelector("[data-offline-note]");
    if (note) note.hidden = navigator.onLine;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var user = document.body.getAttribute("data-user");
    if (user !== null) forgetOthers(user);
    var toggle = document.querySelector("[data-toggle-large-text]");
    if (toggle) {
      toggle.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false");
      toggle.addEventListener("click", function () {
        var on = root.classList.toggle("large-text");
        store.set("sotay-large-text", on ? "1" : "0");
        toggle.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    enhance(document);
    document.addEventListener("submit", submitEnhanced);
    document.querySelectorAll("form[data-logout]").forEach(function (form) {
      form.addEventListener("submit", function () { forgetOthers(""); });
    });
    document.querySelectorAll("[data-print]").forEach(function (el) {
      el.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll("[data-select-on-focus]").forEach(function (el) {
      var select = function () { el.select(); };
      el.addEventListener("focus", select);
      el.addEventListener("click", select);
    });
    var panel = document.querySelector("[data-progress-url]");
    if (panel) {
      var bar = panel.querySelector("progress"), label = panel.querySelector("[data-progress-label]");
      var poll = function () {
        fetch(panel.getAttribute("data-progress-url"), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (d) {
            bar.value = d.progress; label.textContent = d.progress + "% · " + d.label + (d.reason ? " — " + d.reason : "");
            if (d.status === "provisioning") setTimeout(poll, 700); else window.location.reload();
          })
          .catch(function () { setTimeout(poll, 2000); });
      };
      if (panel.querySelector("progress").value < 100 && !panel.querySelector("form")) setTimeout(poll, 500);
    }
    offlineNote();
    showQueue();
    flush();
    window.addEventListener("online", function () { offlineNote(); flush(); });
    window.addEventListener("offline", offlineNote);
    var sw = document.body.getAttribute("data-sw");
    if (sw && "serviceWorker" in navigator) navigator.serviceWorker.register(sw, { scope: "/" }).catch(function () {});
  });
})();
