"""Fill the report template with the charts and tables of a :class:`~winset.services.report_types.ReportData`."""

from __future__ import annotations

import datetime as _dt
from importlib import resources
from typing import Any, Literal

from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape

from winset.formatting import JINJA_FILTERS
from winset.htmlreport import charts, figures
from winset.htmlreport.summary import describe_bdm, names, summarize
from winset.models.registry import LABELS
from winset.services.report_types import ReportData


def _env() -> Environment:
    env = Environment(
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(JINJA_FILTERS)
    return env


def _template() -> str:
    return resources.files("winset.htmlreport").joinpath("report.html").read_text(encoding="utf-8")


def _html(fig: Any, div_id: str) -> Markup:
    """A figure's div (its height reserved) and its plotly JSON; the report's script draws it when it comes near
    the screen, so the report opens without drawing every chart first."""
    height = fig.layout.height or 450
    div_id = str(escape(div_id))
    data = fig.to_json().replace("</", "<\\/")
    return Markup(
        f'<div id="{div_id}" class="plotly-graph-div" data-figure="{div_id}-json" '
        f'style="height:{int(height)}px; width:100%"></div>\n'
        f'<script type="application/json" id="{div_id}-json">{data}</script>'
    )


def render(data: ReportData, plotlyjs: Literal["inline", "none"] = "inline") -> str:
    """The report as one HTML string (see :func:`winset.htmlreport.build_report`)."""
    from winset import __version__
    from winset.htmlreport import PLOTLY_JS

    sc, c = data.scenario, data.compiled
    res = data.analysis.to_dict()
    swj = data.sweep.to_dict() if data.sweep is not None else None
    sw = data.sweep_draws
    nm = names(sc)
    sp = res["sticking_points"]
    ref_name = nm.get(sp["reference"], sp["reference"].replace("_", " "))

    figs: dict[str, Markup] = {
        "positions": _html(figures.positions(sc, c, res, swj), "fig-positions"),
        "utility": _html(figures.utility_heatmap(sc, res), "fig-utility"),
    }
    if sc.bodies and res["deals"]:
        figs["ratification"] = _html(figures.ratification(sc, res), "fig-ratification")
        figs["votes"] = _html(charts.bloc_votes(sc, res), "fig-votes")
    figs["zone"] = _html(charts.zone_of_agreement(sc, res), "fig-zone")
    planes = []
    for space in sc.spaces:
        g = data.planes[space.id]
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
        if big and sw.n_inputs:
            figs["tornado"] = _html(
                figures.tornado(
                    sw,
                    f"compromise.{big}",
                    f"Compromise forecast on {nm[big].lower()}: one input at a time",
                    sc=sc,
                ),
                "fig-tornado",
            )
            p = sw.p_ratified
            best = max(range(len(sw.deal_ids)), key=lambda j: p[j]) if sw.deal_ids else None
            if best is not None and 0 < p[best] < 1:
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
    figs["bdm"] = _html(figures.bdm_trajectories(sc, data.bdm), "fig-bdm")
    tl = data.timeline.to_dict() if data.timeline is not None else None
    if tl is not None:
        figs["timeline"] = _html(figures.timeline(tl, sc), "fig-timeline")

    ctx = {
        "sc": sc,
        "labels": LABELS,
        "res": res,
        "sweep": swj,
        "figs": figs,
        "planes": planes,
        "names": nm,
        "summary": summarize(sc, res, swj),
        "bdm": {"description": describe_bdm(sc, data.bdm)},
        "version": __version__,
        "generated": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "plotlyjs": Markup(PLOTLY_JS.read_text(encoding="utf-8")) if plotlyjs == "inline" else None,
        "found": data.search.to_dict(),
        "repair": data.repair.to_dict() if data.repair is not None else None,
        "big": big,
        "reference_name": ref_name,
        "timeline": tl,
        "as_of": res["scenario"].get("date"),
    }
    return _env().from_string(_template()).render(**ctx)
