"""Self-contained HTML reports (``winset report``): every chart is plotly, with plotly.js bundled inline so the
file opens offline and can be mailed as one attachment.

A presenter only: every number comes from :func:`winset.services.report_data`; this package draws the charts
(:mod:`.figures`), writes the plain-language summary (:mod:`.summary`) and fills the template
(:mod:`.render`, which imports plotly and Jinja only when a report is built).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal

from winset.scenario.errors import ScenarioError
from winset.scenario.schema import Scenario
from winset.services import report_data
from winset.services.report_types import ReportData
from winset.services.results import ReportResult

__all__ = ["PLOTLY_JS", "build_report", "report", "write_report"]

PLOTLY_JS = Path(__file__).parent / "vendor" / "plotly-cartesian.min.js"
"""plotly.js's cartesian bundle (MIT, ``vendor/plotly.LICENSE.txt``; 1.5 MB against 4.8 MB for the full one): every
trace type the report and the web app draw (scatter, bar, heatmap, contour, histogram).  The report embeds it once
for all its figures; the web app serves it at ``/assets/plotly.min.js``."""


def build_report(data: ReportData, plotlyjs: Literal["inline", "none"] = "inline") -> str:
    """The report of ``data`` as one HTML string.

    ``plotlyjs="inline"`` embeds plotly.js once (:data:`PLOTLY_JS`, 1.5 MB; works offline); ``"none"`` leaves it out (for pages
    that already load it, such as the web app).
    """
    from winset.htmlreport.render import render

    return render(data, plotlyjs=plotlyjs)


def write_report(data: ReportData, path: str | Path) -> Path:
    """Write :func:`build_report` to ``path`` (atomically: a half-written report never replaces a good one)."""
    path = Path(path)
    html = build_report(data)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def report(
    scenario: Scenario | str | Path,
    output: str | Path,
    draws: int = 2000,
    seed: int = 0,
    as_of: str | date | None = None,
) -> ReportResult:
    """Write a self-contained HTML report (positions, forecast, deals, ratification, win-sets, uncertainty).

    ``scenario``: a scenario, a built-in name or a file; ``draws``: Monte Carlo draws of the uncertainty
    section (0 leaves it out); ``as_of``: with a timeline, the snapshot of that date (default: the latest; the
    report then charts the whole timeline too).  Raises :class:`~winset.scenario.errors.ScenarioError` for a bad scenario,
    ``draws`` or ``seed`` (from :func:`winset.services.report_data`), and for an ``output`` that is a directory
    or cannot be written (checked before, resp. after, the analyses run).
    """
    output = Path(output)
    if output.is_dir():
        raise ScenarioError.single(
            "is a directory; give a file name such as report.html", file=str(output), field="output"
        )
    data = report_data(scenario, draws=draws, seed=seed, as_of=as_of)
    try:
        path = write_report(data, output)
    except OSError as e:
        raise ScenarioError.single(f"cannot write the report ({e.strerror})", file=str(output)) from None
    return ReportResult.from_dict({"output": str(path), "bytes": path.stat().st_size, "draws": draws})
