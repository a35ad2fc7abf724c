/* The quiz page: each answer is saved by fetch as soon as it is chosen (the last choice wins, retried on a dropped
   connection), with a visible "saved" state per question, and a countdown from the time the server says is left.
   The server decides: an answer after its deadline is refused whatever this clock shows. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-quiz]");
  if (!form) { return; }
  var url = form.getAttribute("data-answer-url");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function chosen(fieldset) {
    return Array.prototype.map.call(fieldset.querySelectorAll("input:checked"), function (i) { return Number(i.value); });
  }

  function save(fieldset, attempt) {
    var state = fieldset.querySelector("[data-state]");
    var body = JSON.stringify({ question_id: Number(fieldset.getAttribute("data-question")), chosen: chosen(fieldset) });
    state.textContent = form.getAttribute("data-saving-label");
    state.removeAttribute("data-saved");
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json", "X-CSRFToken": token }, body: body })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (res) {
        if (res.ok) { state.textContent = form.getAttribute("data-saved-label"); state.setAttribute("data-saved", "1"); }
        else { state.textContent = res.data.error || form.getAttribute("data-error-label"); }
      })
      .catch(function () {
        state.textContent = form.getAttribute("data-error-label");
        if (attempt < 6) { setTimeout(function () { save(fieldset, attempt + 1); }, 1000 * Math.pow(2, attempt)); }
      });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-question]");
    if (fieldset) { save(fieldset, 0); }
  });

  var timer = document.querySelector("[data-remaining]");
  if (!timer) { return; }
  var end = Date.now() + Number(timer.getAttribute("data-remaining"));
  var out = timer.querySelector("[data-countdown]");
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    out.textContent = m + ":" + (s < 10 ? "0" : "") + s;
    if (left === 0) {
      out.textContent = form.getAttribute("data-over-label");
      form.submit();
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
