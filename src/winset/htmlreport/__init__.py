"""Self-contained HTML reports (``winset report``): every chart is plotly, with plotly.js bundled inline so the
file opens offline and can be mailed as one attachment."""

from __future__ import annotations

import datetime as _dt
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from winset import __version__
from winset.analysis.default import analyze
from winset.formatting import JINJA_FILTERS
from winset.htmlreport import figures
from winset.htmlreport.summary import names, summarize
from winset.htmlreport.winset_grid import winset_grid
from winset.scenario.compiled import compile_scenario
from winset.scenario.schema import Scenario
from winset.uncertainty import SweepResult, sweep

__all__ = ["build_report", "write_report"]


def _env() -> Environment:
    env = Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(JINJA_FILTERS)
    return env


def _template() -> str:
    return resources.files(__package__).joinpath("report.html").read_text(encoding="utf-8")


def _html(fig: Any, div_id: str) -> Markup:
    return Markup(
        fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=div_id,
            config={"displaylogo": False, "responsive": True},
        )
    )


def _bdm(sc: Scenario) -> dict[str, Any] | None:
    """Trajectories from :mod:`winset.models.bdm` when that module is available (``None`` otherwise)."""
    import importlib

    try:
        bdm = importlib.import_module("winset.models.bdm")
    except ImportError:
        return None
    from winset.htmlreport.bdm_adapter import trajectories

    return trajectories(bdm, sc)


def build_report(
    sc: Scenario,
    draws: int = 2000,
    seed: int = 0,
    sweep_result: SweepResult | None = None,
    plotlyjs: str = "inline",
) -> str:
    """The report as one HTML string.

    ``plotlyjs="inline"`` embeds plotly.js (about 4.8 MB, works offline); ``"none"`` leaves it out (for pages
    that already load it, such as the web app).
    """
    import plotly.offline

    res = analyze(sc)
    c = compile_scenario(sc)
    sw = (
        sweep_result
        if sweep_result is not None
        else (sweep(sc, draws=draws, seed=seed) if draws > 0 else None)
    )
    swj = sw.to_json(top=10) if sw is not None else None
    if sw is not None and swj is not None:
        from winset.uncertainty import BIG_ISSUE_DRAWS, big_issue_probability

        swj["one_big_issue"] = big_issue_probability(sc, draws=min(BIG_ISSUE_DRAWS, sw.draws), seed=sw.seed)
    nm = names(sc)
    sp = res["sticking_points"]
    ref = np.array([sp["reference_package"][i] for i in c.issue_ids])
    instrument = next((d.instrument for d in sc.deals if d.id == sp["reference"]), "treaty")

    figs: dict[str, Markup] = {
        "positions": _html(figures.positions(sc, c, res, swj), "fig-positions"),
        "utility": _html(figures.utility_heatmap(sc, res), "fig-utility"),
    }
    if sc.bodies and res["deals"]:
        figs["ratification"] = _html(figures.ratification(sc, res), "fig-ratification")
    planes = []
    for space in sc.spaces:
        g = winset_grid(c, space.issues, ref, instrument, n=121)
        ref_name = nm.get(sp["reference"], sp["reference"].replace("_", " "))
        title = f"{space.name or space.id}: other issues held at “{ref_name}”"
        planes.append(
            {
                "id": space.id,
                "name": space.name or space.id,
                "share": g.share,
                "html": _html(figures.winset_plane(sc, c, g, res, title), f"fig-winset-{space.id}"),
                "x": sc.issue(space.issues[0]).name,
                "y": sc.issue(space.issues[1]).name,
            }
        )
    big = sp.get("one_big_issue") or (sc.issues[0].id if sc.issues else None)
    if sw is not None:
        figs["histograms"] = _html(figures.forecast_histograms(sc, sw), "fig-histograms")
        if sw.deal_ids:
            figs["p_ratified"] = _html(figures.ratification_probability(sc, sw), "fig-p-ratified")
        if big and sw.inputs:
            figs["tornado"] = _html(
                figures.tornado(
                    sw,
                    f"compromise.{big}",
                    f"Compromise forecast on {nm[big].lower()}: one input at a time",
                    sc=sc,
                ),
                "fig-tornado",
            )
            best = max(range(len(sw.deal_ids)), key=lambda j: sw.p_ratified()[j]) if sw.deal_ids else None
            if best is not None and 0 < sw.p_ratified()[best] < 1:
                d = sw.deal_ids[best]
                figs["drivers"] = _html(
                    figures.drivers(
                        sw,
                        f"ratified.{d}",
                        f"What decides whether “{nm[d]}” is ratified (rank correlation)",
                        sc=sc,
                    ),
                    "fig-drivers",
                )
    from winset.analysis.search import repair_deal, search_packages

    found = search_packages(sc, seed=seed).as_dict()
    repair = None
    ref_deal = next((d for d in res["deals"] if d["id"] == sp["reference"]), None)
    if ref_deal is not None and not ref_deal["ratifiable"]:
        repair = repair_deal(sc, ref_deal["id"], seed=seed).as_dict()
    bdm = _bdm(sc)
    if bdm is not None:
        figs["bdm"] = _html(figures.bdm_trajectories(sc, bdm), "fig-bdm")

    ctx = {
        "sc": sc,
        "res": res,
        "sweep": swj,
        "figs": figs,
        "planes": planes,
        "names": nm,
        "summary": summarize(sc, res, swj),
        "bdm": bdm,
        "version": __version__,
        "generated": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "plotlyjs": Markup(plotly.offline.get_plotlyjs()) if plotlyjs == "inline" else None,
        "found": found,
        "repair": repair,
        "big": big,
        "reference_name": nm.get(sp["reference"], sp["reference"].replace("_", " ")),
    }
    return _env().from_string(_template()).render(**ctx)


def write_report(sc: Scenario, path: str | Path, **kw: Any) -> Path:
    """Write :func:`build_report` to ``path`` (atomically: a half-written report never replaces a good one)."""
    path = Path(path)
    html = build_report(sc, **kw)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
