/* Sổ tay — formatting buttons for the article textarea: wrap the selection in a tag (no contenteditable,
   no external editor; the server sanitises whatever is typed). Without JavaScript the textarea still works. */
(function () {
  "use strict";
  function wrap(area, open, close) {
    var s = area.selectionStart, e = area.selectionEnd, v = area.value;
    var inner = v.slice(s, e) || "…";
    area.value = v.slice(0, s) + open + inner + close + v.slice(e);
    area.focus();
    area.setSelectionRange(s + open.length, s + open.length + inner.length);
  }
  document.querySelectorAll(".rt-toolbar").forEach(function (bar) {
    var area = document.getElementById(bar.getAttribute("data-for"));
    if (!area) { return; }
    bar.hidden = false;
    bar.addEventListener("click", function (ev) {
      var btn = ev.target.closest("button");
      if (!btn) { return; }
      if (btn.hasAttribute("data-link")) {
        var url = window.prompt(btn.getAttribute("data-prompt"), "https://");
        if (url && /^https?:\/\//i.test(url)) { wrap(area, '<a href="' + url.replace(/"/g, "%22") + '">', "</a>"); }
        return;
      }
      var tag = btn.getAttribute("data-wrap"), list = btn.getAttribute("data-list");
      if (list) { wrap(area, "<" + list + "><li>", "</li></" + list + ">"); return; }
      wrap(area, "<" + tag + ">", "</" + tag + ">");
    });
  });
})();
