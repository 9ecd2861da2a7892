// The profile form's size class, updated as capital and sales are typed (PP 7/2021). The rule is
// the server's (smes.models.size_class_for) and the thresholds come from the page (#size-scale,
// smes.models.SIZE_THRESHOLDS): annual sales decide when they cover a full year, capital otherwise.
(function () {
  "use strict";
  var box = document.querySelector("[data-size-class]");
  var scaleScript = document.getElementById("size-scale");
  var capital = document.getElementById("id_capital");
  var sales = document.getElementById("id_annual_sales");
  var fullYear = document.getElementById("id_full_year_sales");
  if (!box || !scaleScript || !capital || !sales) {
    return;
  }
  var scale = JSON.parse(scaleScript.textContent);

  // Whole rupiah from what people type: "Rp 1.500.000.000", "1,500,000,000", "1 500 000 000,00".
  function rupiah(text) {
    var value = (text || "").trim().replace(/^(rp\.?|idr)\s*/i, "").replace(/[.,]\d{1,2}$/, "");
    if (!value || /^[-\u2212]/.test(value) || /[^\d.,\s\u00a0\u202f]/.test(value)) {
      return null;
    }
    var digits = value.replace(/\D/g, "");
    return digits ? Number(digits) : null;
  }

  function grouped(amount) {
    return String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, box.dataset.thousands || ".");
  }

  function sizeClass(capitalAmount, salesAmount, isFullYear) {
    var criterion, amount, key;
    if (isFullYear && salesAmount !== null) {
      criterion = "sales"; amount = salesAmount; key = "sales";
    } else if (capitalAmount !== null) {
      criterion = "capital"; amount = capitalAmount; key = "capital";
    } else {
      return null;
    }
    for (var i = 0; i < scale.length; i++) {
      if (scale[i][key] === null || amount <= scale[i][key]) {
        return { row: scale[i], criterion: criterion, amount: amount };
      }
    }
    return null;
  }

  function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function update() {
    var result = sizeClass(rupiah(capital.value), rupiah(sales.value), !fullYear || fullYear.checked);
    var badge = box.querySelector("[data-size-class-badge]");
    var criterion = box.querySelector("[data-size-class-criterion]");
    var large = box.querySelector("[data-size-class-large]");
    badge.textContent = "";
    var span = document.createElement("span");
    if (result) {
      var isLarge = result.row.capital === null;
      span.className = "badge " + (isLarge ? "text-bg-danger" : "text-bg-success");
      span.textContent = capitalise(result.row.label);
      span.dataset.sizeClassValue = result.row.size_class;
      criterion.textContent = box.dataset["text" + capitalise(result.criterion)].replace("__AMOUNT__", grouped(result.amount));
      large.classList.toggle("d-none", !isLarge);
    } else {
      span.className = "text-body-secondary";
      span.textContent = box.dataset.textNotKnown;
      criterion.textContent = box.dataset.textUnknown;
      large.classList.add("d-none");
    }
    badge.appendChild(span);
  }

  [capital, sales].forEach(function (input) {
    input.addEventListener("input", update);
  });
  if (fullYear) {
    fullYear.addEventListener("change", update);
  }
})();
