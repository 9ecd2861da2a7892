// Forms kept on the device until they have been sent (the survey form, used on site with a weak
// connection). A form marked data-local-copy="<key>" is copied to localStorage as it is filled
// in; when the page opens again with a copy newer than what the server saved, the copy is put
// back and a notice says so. The server confirms a send with a message that carries
// data-clear-local-copy="<key>" (templates/includes/messages.html): the copy is then forgotten.
(function () {
  "use strict";
  var PREFIX = "mitra:local-copy:";
  var store;
  try {
    store = window.localStorage;
    store.setItem(PREFIX + "probe", "1");
    store.removeItem(PREFIX + "probe");
  } catch (error) {
    return; // private browsing or storage turned off: the form works as before
  }

  document.querySelectorAll("[data-clear-local-copy]").forEach(function (element) {
    store.removeItem(PREFIX + element.dataset.clearLocalCopy);
  });

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      return element.name && element.name !== "csrfmiddlewaretoken" &&
        ["submit", "button", "file", "password", "hidden"].indexOf(element.type) === -1;
    });
  }

  function snapshot(form) {
    var values = {};
    fields(form).forEach(function (element) {
      if (element.type === "radio") {
        if (element.checked) {
          values[element.name] = element.value;
        } else if (!(element.name in values)) {
          values[element.name] = null;
        }
      } else if (element.type === "checkbox") {
        values[element.name] = element.checked;
      } else {
        values[element.name] = element.value;
      }
    });
    return values;
  }

  function restore(form, values) {
    fields(form).forEach(function (element) {
      if (!(element.name in values)) {
        return;
      }
      var value = values[element.name];
      if (element.type === "radio") {
        element.checked = value !== null && element.value === value;
      } else if (element.type === "checkbox") {
        element.checked = Boolean(value);
      } else {
        element.value = value === null ? "" : value;
      }
    });
  }

  document.querySelectorAll("form[data-local-copy]").forEach(function (form) {
    var key = PREFIX + form.dataset.localCopy;
    var serverSaved = (parseInt(form.dataset.serverSaved || "0", 10) || 0) * 1000;
    var notice = document.querySelector("[data-local-copy-notice]");
    var kept = null;
    try {
      kept = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      kept = null;
    }
    if (kept && kept.values && kept.savedAt > serverSaved) {
      if (JSON.stringify(kept.values) !== JSON.stringify(snapshot(form))) {
        restore(form, kept.values);
        if (notice) {
          notice.classList.remove("d-none");
        }
      }
    } else if (kept) {
      store.removeItem(key); // the server has a newer version of the form
    }

    function save() {
      try {
        store.setItem(key, JSON.stringify({ savedAt: Date.now(), values: snapshot(form) }));
      } catch (error) {
        // storage full: the form still works, without the copy
      }
    }
    form.addEventListener("input", save);
    form.addEventListener("change", save);

    var discard = document.querySelector("[data-local-copy-discard]");
    if (discard) {
      discard.addEventListener("click", function () {
        store.removeItem(key);
        window.location.reload();
      });
    }
  });
})();
