// Sổ tay: large-text preference, language auto-submit, print and select-on-focus buttons, provisioning
// progress polling, service worker. Behaviour lives here, never in on*="" attributes (the CSP forbids them).
(function () {
  "use strict";
  var root = document.documentElement;
  if (localStorage.getItem("sotay-large-text") === "1") root.classList.add("large-text");
  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector("[data-toggle-large-text]");
    if (toggle) {
      toggle.setAttribute("aria-pressed", root.classList.contains("large-text") ? "true" : "false");
      toggle.addEventListener("click", function () {
        var on = root.classList.toggle("large-text");
        localStorage.setItem("sotay-large-text", on ? "1" : "0");
        toggle.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }
    document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
      el.addEventListener("change", function () { el.form.submit(); });
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
    var sw = document.body.getAttribute("data-sw");
    if (sw && "serviceWorker" in navigator) navigator.serviceWorker.register(sw).catch(function () {});
  });
})();
