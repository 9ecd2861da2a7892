// Mitra UKM: accessibility enhancements for every page (loaded by base.html).
(function () {
  "use strict";
  // A table that scrolls sideways (a wide table on a phone) must be reachable with the keyboard:
  // make its scrolling box focusable and name it after the table's caption.
  function labelScrollableTables() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        var caption = box.querySelector("caption");
        var heading = caption ? caption.textContent.trim() : "";
        if (heading && !box.hasAttribute("aria-label")) {
          box.setAttribute("aria-label", heading);
        }
        box.dataset.madeFocusable = "1";
      } else if (!scrolls && box.dataset.madeFocusable) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        delete box.dataset.madeFocusable;
      }
    });
  }
  labelScrollableTables();
  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(labelScrollableTables, 150);
  });
})();
