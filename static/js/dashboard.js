// Mitra UKM dashboard: draws the charts from the JSON the page embeds (json_script). Every chart's
// numbers are also in a table beside it, so the page is complete without JavaScript.
(function () {
  "use strict";
  // The report's print button (no inline handlers: the page works under a strict CSP).
  document.querySelectorAll("[data-print-page]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });

  var source = document.getElementById("dashboard-data");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var locale = document.documentElement.lang || "id";
  // Colour-blind-safe palette (Okabe–Ito); the tables carry the same numbers in words.
  var palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.locale = locale;
  Chart.defaults.maintainAspectRatio = false;
  if (reduceMotion) {
    Chart.defaults.animation = false;
  }

  var integerAxis = { beginAtZero: true, ticks: { precision: 0 } };

  function bar(canvas, labels, datasets, extra) {
    return new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: Object.assign(
        {
          responsive: true,
          scales: { x: { ticks: { autoSkip: false } }, y: integerAxis },
          plugins: { legend: { display: datasets.length > 1, position: "bottom" } },
        },
        extra || {}
      ),
    });
  }

  function groups(canvas, series) {
    var names = ["registered", "verified", "roster"];
    return bar(
      canvas,
      series.labels,
      names.map(function (name, i) {
        return { label: data.labels[name], data: series[name], backgroundColor: palette[i] };
      })
    );
  }

  var builders = {
    funnel: function (canvas) {
      return bar(
        canvas,
        data.funnel.labels,
        [{ label: data.labels.firms, data: data.funnel.values, backgroundColor: palette[0] }],
        { indexAxis: "y", scales: { x: integerAxis, y: { ticks: { autoSkip: false } } } }
      );
    },
    by_sector: function (canvas) { return groups(canvas, data.by_sector); },
    by_province: function (canvas) { return groups(canvas, data.by_province); },
    by_size_class: function (canvas) { return groups(canvas, data.by_size_class); },
    proposals_by_status: function (canvas) {
      return bar(canvas, data.proposals_by_status.labels, [
        { label: data.labels.proposals, data: data.proposals_by_status.values, backgroundColor: palette[0] },
      ]);
    },
    proposals_by_form: function (canvas) {
      return bar(
        canvas,
        data.proposals_by_form.labels,
        data.proposals_by_form.series.map(function (series, i) {
          return { label: series.label, data: series.values, backgroundColor: palette[i % palette.length] };
        }),
        { scales: { x: { stacked: true }, y: Object.assign({ stacked: true }, integerAxis) } }
      );
    },
  };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var build = builders[canvas.dataset.chart];
    if (build) {
      build(canvas);
    }
  });
})();
