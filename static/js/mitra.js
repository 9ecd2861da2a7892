// Mitra UKM: progressive enhancements only; every page works without JavaScript.
// The Content-Security-Policy allows no inline script, style="" or onclick="": pages mark what
// they need with data attributes, and this file acts on them.
(function () {
  "use strict";
  // Fill bars: the width comes from data-fill-percent (set through the CSSOM, which CSP allows);
  // the numbers are also in the text next to each bar.
  document.querySelectorAll("[data-fill-percent]").forEach(function (bar) {
    var percent = Math.min(Math.max(parseInt(bar.dataset.fillPercent, 10) || 0, 0), 100);
    bar.style.width = percent + "%";
  });
  // A form sent back with errors: its one summary (smes_forms.error_summary) takes the focus, so
  // that a screen reader reads it first; its links lead to the fields.
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
  // Buttons that print the page (the dossier).
  document.querySelectorAll("[data-action=print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
