// Mitra UKM: the language buttons keep what was typed in the page's form.
// A form marked data-language-switch is submitted to its own page with switch_language=<code>;
// the server shows it again in that language without saving anything (partnership/language_switch.py).
// Nothing is stored in the browser. Without JavaScript the buttons post to set_language as on
// every other page: the language changes and the form starts empty.
(function () {
  "use strict";

  var form = document.querySelector("form[data-language-switch]");
  if (!form) return;

  document.querySelectorAll(".language-switcher button[name=language]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var field = form.querySelector("input[name=switch_language]");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "switch_language";
        form.appendChild(field);
      }
      field.value = button.value;
      // submit(), not requestSubmit(): no submit button of the form takes part, so the view
      // cannot mistake the switch for "Save" or "Submit".
      form.submit();
    });
  });
})();
