/* Backbone: copy buttons. No third-party code, no tracking. */
(function () {
  "use strict";
  function textOf(button) {
    if (button.hasAttribute("data-copy-text")) return button.getAttribute("data-copy-text");
    // Looked up inside the button's own [data-copy-scope], never by id: a story or review
    // body may carry any id, but never a data- attribute (the sanitiser drops them all).
    var scope = button.closest("[data-copy-scope]");
    var name = button.getAttribute("data-copy-target");
    var target = null;
    var found = scope ? scope.querySelectorAll("[data-copy-value]") : [];
    for (var i = 0; i < found.length && !target; i++) {
      if (found[i].getAttribute("data-copy-value") === name) target = found[i];
    }
    if (!target) return "";
    return "value" in target && target.tagName !== "BUTTON" ? target.value : target.textContent.trim();
  }
  function copied(button, ok) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = ok ? "Copied" : "Press Ctrl+C to copy";
    window.setTimeout(function () { button.textContent = label; }, 2000);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy-target], [data-copy-text]") : null;
    if (!button) return;
    event.preventDefault();
    var text = textOf(button);
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { copied(button, true); }, function () { copied(button, false); });
    } else {
      copied(button, false);
    }
  });

  // Material wraps wide tables in a scrolling box. When it does scroll, keyboard users must be
  // able to reach it (WCAG 2.1.1; axe-core scrollable-region-focusable): make it a named,
  // focusable region then, and only then, so that narrow tables add no tab stop.
  function regions() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");  // ours (.bb-scroll) are labelled in HTML
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table (scrolls sideways)");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  // Material's document$ fires after it has wrapped the tables of each page it shows.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(regions);
  } else {
    document.addEventListener("DOMContentLoaded", regions);
  }
  var timer;
  window.addEventListener("resize", function () { window.clearTimeout(timer); timer = window.setTimeout(regions, 150); });
})();
