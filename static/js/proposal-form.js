// Shows only the sections of the chosen forms of cooperation (without JavaScript all are shown).
// Loaded by templates/partnership/proposal_form.html, which gives the codes in "proposal-form-codes".
(function () {
  "use strict";
  var source = document.getElementById("proposal-form-codes");
  if (!source) return;
  var codes = JSON.parse(source.textContent);
  var boxes = document.querySelectorAll('.proposal-form input[name="forms"]');
  function refresh() {
    var chosen = new Set();
    boxes.forEach(function (box) {
      if (box.checked) chosen.add(codes[box.value]);
    });
    document.querySelectorAll(".proposal-form-section").forEach(function (section) {
      var hasErrors = section.querySelector(".is-invalid") !== null;
      section.hidden = !chosen.has(section.dataset.formCode) && !hasErrors;
    });
  }
  boxes.forEach(function (box) {
    box.addEventListener("change", refresh);
  });
  refresh();
})();
