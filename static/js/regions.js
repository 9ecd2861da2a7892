// Mitra UKM: the regency select shows only the regencies and cities of the chosen province.
// Without JavaScript the select lists every regency grouped by province, and the server refuses
// a regency outside the chosen province. A regency's Kemendagri code starts with its province's.
(function () {
  "use strict";

  function setUp(provinceSelect) {
    var regencySelect = document.getElementById(
      provinceSelect.id.replace(/province$/, provinceSelect.dataset.provinceSelect)
    );
    if (!regencySelect) return;
    // Keep the full, grouped list to rebuild from.
    var original = regencySelect.cloneNode(true);
    var placeholder = original.querySelector('option[value=""]');

    function filter() {
      var province = provinceSelect.value;
      var current = regencySelect.value;
      regencySelect.textContent = "";
      if (placeholder) regencySelect.appendChild(placeholder.cloneNode(true));
      Array.prototype.forEach.call(original.children, function (child) {
        if (child.tagName === "OPTGROUP") {
          var matching = Array.prototype.filter.call(child.children, function (option) {
            return !province || option.value.indexOf(province) === 0;
          });
          if (!matching.length) return;
          if (province) {
            matching.forEach(function (option) { regencySelect.appendChild(option.cloneNode(true)); });
          } else {
            var group = child.cloneNode(false);
            matching.forEach(function (option) { group.appendChild(option.cloneNode(true)); });
            regencySelect.appendChild(group);
          }
        }
      });
      var keep = current && (!province || current.indexOf(province) === 0);
      regencySelect.value = keep ? current : "";
    }

    provinceSelect.addEventListener("change", filter);
    // Choosing a regency first fills in its province.
    regencySelect.addEventListener("change", function () {
      var code = regencySelect.value;
      if (code && !provinceSelect.value) {
        provinceSelect.value = code.slice(0, 2);
        filter();
        regencySelect.value = code;
      }
    });
    // A regency the server refused (outside the province) stays visible next to its message.
    var chosen = regencySelect.value;
    if (!chosen || !provinceSelect.value || chosen.indexOf(provinceSelect.value) === 0) filter();
  }

  document.querySelectorAll("select[data-province-select]").forEach(setUp);
})();
