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
  // A region's name says which table it holds (its caption, else the heading above it), and
  // no two regions of a page share a name (axe-core landmark-unique).
  function heading(box) {
    for (var at = box; at && !at.classList.contains("md-content"); at = at.parentElement) {
      for (var node = at.previousElementSibling; node; node = node.previousElementSibling) {
        if (/^H[1-6]$/.test(node.tagName)) return node.textContent.trim();
      }
    }
    return "";
  }
  function regions() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");  // ours (.bb-scroll) are labelled in HTML
    var used = {};
    Array.prototype.forEach.call(document.querySelectorAll(".bb-scroll[aria-label]"), function (own) {
      used[own.getAttribute("aria-label")] = true;
    });
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        var about = caption ? caption.textContent.trim() : heading(box);
        var base = about ? "Table: " + about : "Table";
        var label = base + " (scrolls sideways)";
        for (var n = 2; used[label]; n++) label = base + " (" + n + ", scrolls sideways)";
        used[label] = true;
        box.setAttribute("aria-label", label);
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
