// Narrows a filter form's regency select to the chosen province, without reloading the page.
// Loaded by templates/smes/directory_region_script.html: data-form on the script tag names the
// form; the regencies come from the JSON block "regencies-data".
(function () {
  "use strict";
  var script = document.currentScript;
  var form = script && document.querySelector(script.dataset.form);
  var province = form && form.querySelector("select[name=province]");
  var regency = form && form.querySelector("select[name=regency]");
  var source = document.getElementById("regencies-data");
  if (!province || !regency || !source) return;
  var regencies = JSON.parse(source.textContent);
  var emptyLabel = regency.options.length ? regency.options[0].text : "";
  province.addEventListener("change", function () {
    regency.replaceChildren(new Option(emptyLabel, ""));
    regencies.forEach(function (row) {
      if (row[2] === province.value) regency.add(new Option(row[1], row[0]));
    });
    regency.disabled = !province.value;
  });
})();
