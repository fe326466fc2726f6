// winset web app: editor gutter with problem markers, slider read-outs, reset.  No dependencies beyond htmx.
(function () {
  "use strict";

  function problemLines() {
    var p = document.getElementById("problems");
    if (!p || !p.dataset.lines) return new Set();
    return new Set(p.dataset.lines.split(",").filter(Boolean).map(Number));
  }

  function renderGutter() {
    var ta = document.getElementById("text"), g = document.getElementById("gutter");
    if (!ta || !g) return;
    var n = ta.value.split("\n").length, bad = problemLines(), html = [];
    for (var i = 1; i <= n; i++) {
      html.push(bad.has(i) ? '<span class="err" data-line="' + i + '">' + i + "</span>" : String(i));
    }
    g.innerHTML = html.join("\n") + "\n";
    g.scrollTop = ta.scrollTop;
  }

  function gotoLine(line) {
    var ta = document.getElementById("text");
    if (!ta) return;
    var lines = ta.value.split("\n"), start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    var end = start + (lines[line - 1] || "").length;
    ta.focus();
    ta.setSelectionRange(start, end);
    var lh = parseFloat(getComputedStyle(ta).lineHeight) || 19;
    ta.scrollTop = Math.max(0, (line - 4) * lh);
    renderGutter();
  }

  window.winsetResetSliders = function (form) {
    form.reset();
    form.querySelectorAll("input[type=range]").forEach(function (r) {
      var o = form.querySelector('output[for="' + r.id + '"]');
      if (o) o.value = r.value;
    });
    htmx.trigger(form, "reset-sliders");
  };

  document.addEventListener("input", function (e) {
    var t = e.target;
    if (t.matches && t.matches("input[type=range]")) {
      var o = document.querySelector('output[for="' + t.id + '"]');
      if (o) o.value = t.value;
    }
    if (t.id === "text") renderGutter();
  });
  document.addEventListener("scroll", function (e) {
    if (e.target && e.target.id === "text") {
      var g = document.getElementById("gutter");
      if (g) g.scrollTop = e.target.scrollTop;
    }
  }, true);
  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest(".goto");
    if (b) gotoLine(Number(b.dataset.line));
  });
  document.body.addEventListener("scenario-saved", function (e) {
    var d = e.detail || {}, v = document.getElementById("version"), l = document.getElementById("version-label"),
        h = document.getElementById("title");
    if (v && d.version) v.value = d.version;
    if (l && d.version) l.textContent = d.version;
    if (h && typeof d.title === "string") {
      h.textContent = d.title;
      document.title = d.title + " \u00b7 winset";
    }
  });
  // What-if requests (the sliders and "Save run") carry only the sliders moved off the scenario's value, so
  // untouched sliders are never counted or stored as changes.
  document.body.addEventListener("htmx:configRequest", function (e) {
    var form = document.getElementById("whatif-form");
    if (!form || !(e.detail.elt === form || e.detail.elt.id === "save-run")) return;
    form.querySelectorAll("input[type=range]").forEach(function (r) {
      // the same tolerance as the server (whatif._differs): a browser reads 2/3 back to 15 digits
      var v = Number(r.value), d = Number(r.defaultValue);
      if (Math.abs(v - d) <= 1e-9 * Math.max(1, Math.abs(d))) delete e.detail.parameters[r.name];
    });
  });
  // Charts: plotly JSON in <script type="application/json" data-chart="DIV-ID"> beside each chart's div,
  // drawn on load and again whenever htmx swaps in new results (the what-if controls).
  function renderCharts() {
    if (!window.Plotly) return;
    document.querySelectorAll("script[data-chart]").forEach(function (s) {
      var div = document.getElementById(s.dataset.chart);
      if (!div) return;
      var fig = JSON.parse(s.textContent);
      var layout = fig.layout || {};
      layout.autosize = true;
      delete layout.width;
      window.Plotly.react(div, fig.data || [], layout, {displaylogo: false, responsive: true});
    });
  }
  document.body.addEventListener("htmx:afterSettle", function () { renderGutter(); renderCharts(); });
  renderGutter();
  renderCharts();
})();
