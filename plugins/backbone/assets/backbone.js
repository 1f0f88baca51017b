/* Backbone: copy buttons. No third-party code, no tracking. */
(function () {
  "use strict";
  function textOf(button) {
    if (button.hasAttribute("data-copy-text")) return button.getAttribute("data-copy-text");
    var target = document.getElementById(button.getAttribute("data-copy-target"));
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
})();
