// Import job page: poll the job's progress until it finishes, then reload to show the result.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector("[data-import-progress-url]");
    if (!panel) return;
    var url = panel.getAttribute("data-import-progress-url");
    var bar = panel.querySelector("progress"), label = panel.querySelector("[data-progress-label]");
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (d) {
          bar.value = d.progress;
          bar.textContent = d.progress + "%";
          label.textContent = d.progress + "% · " + d.label;
          if (d.finished) window.location.reload(); else setTimeout(poll, 1000);
        })
        .catch(function () { setTimeout(poll, 3000); });
    };
    setTimeout(poll, 500);
  });
})();
