// The "select all" box of django-import-export's export page (templates/admin/import_export/
// export.html), attached here instead of an inline onchange="" that the CSP blocks.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (typeof onSelectToggleChange !== "function") return;
  document.querySelectorAll(".select-toggle").forEach(function (toggle) {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
