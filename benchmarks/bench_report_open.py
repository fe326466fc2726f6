"""Size of the HTML report and the time chromium needs to open it, against the report as it was built before
issue 15 (the full plotly.js bundle inline, every figure drawn while the page loads).

Both reports are built in the same run from the same data (Anchorage, ``--draws`` Monte Carlo draws):

* **winset**: ``winset.htmlreport.build_report`` as shipped (plotly's cartesian bundle once, figures drawn from
  JSON as they come near the screen);
* **baseline**: the same page with the full bundle (``plotly.offline.get_plotlyjs()``) inline and every figure
  drawn at load (``Plotly.newPlot`` on every figure before ``load``), as the old report did.

Times: from navigation to the first chart drawn (what a reader waits for), and to ``load``. Debian's chromium
(``WINSET_CHROMIUM``, default ``/usr/bin/chromium``), headless, ``--runs`` times each, the median printed. The
target of issue 15 is a report under 2 MB that opens in under 2 s.

    .venv/bin/python benchmarks/bench_report_open.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

CHROMIUM = os.environ.get("WINSET_CHROMIUM", "/usr/bin/chromium")
EAGER = """<script>
document.querySelectorAll("div[data-figure]").forEach(function (d) {
  var f = JSON.parse(document.getElementById(d.dataset.figure).textContent);
  d.dataset.drawn = "1"; Plotly.newPlot(d, f.data, f.layout, {displaylogo: false, responsive: true});
});
</script>"""


def baseline(html: str) -> str:
    """The shipped report turned back into the old one: the full bundle, every figure drawn while loading."""
    import plotly.offline

    from winset.htmlreport import PLOTLY_JS

    small = PLOTLY_JS.read_text(encoding="utf-8")
    assert small in html
    return html.replace(small, plotly.offline.get_plotlyjs()).replace("</body>", EAGER + "</body>")


def open_times(browser, path: Path, runs: int) -> tuple[float, float]:
    first, loaded = [], []
    for _ in range(runs):
        pg = browser.new_page(viewport={"width": 1200, "height": 900})
        t0 = time.perf_counter()
        pg.goto(path.as_uri(), wait_until="commit")
        pg.locator("div[data-figure] .main-svg").first.wait_for(timeout=120_000)
        first.append(time.perf_counter() - t0)
        pg.wait_for_load_state("load")
        loaded.append(time.perf_counter() - t0)
        pg.close()
    return statistics.median(first), statistics.median(loaded)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--draws", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from winset.htmlreport import build_report
    from winset.services import report_data

    html = build_report(report_data("anchorage-2025", draws=a.draws, seed=0))
    with tempfile.TemporaryDirectory() as tmp:
        ours, old = Path(tmp) / "winset.html", Path(tmp) / "baseline.html"
        ours.write_text(html, encoding="utf-8")
        old.write_text(baseline(html), encoding="utf-8")
        with sync_playwright() as p:
            b = p.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
            )
            rows = [
                (name, f.stat().st_size, *open_times(b, f, a.runs))
                for name, f in (("winset", ours), ("baseline", old))
            ]
            b.close()
    print(f"{'report':<10}{'size (MB)':>11}{'first chart (s)':>17}{'load (s)':>10}")
    for name, size, first, loaded in rows:
        print(f"{name:<10}{size / 1e6:>11.2f}{first:>17.2f}{loaded:>10.2f}")
    (_, s1, f1, l1), (_, s0, f0, l0) = rows
    print(f"ratio winset/baseline: size {s1 / s0:.2f}, first chart {f1 / f0:.2f}, load {l1 / l0:.2f}")


if __name__ == "__main__":
    main()
