"""The charts the web app's scenario page and the report share, from a scenario and its analysis
(:func:`winset.services.analyze` as a dict): each body's vote by bloc against its threshold, and the zone of
agreement on each issue.  (The positions chart is :func:`winset.htmlreport.figures.positions`.)"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from winset.htmlreport.figures import PALETTE, _layout
from winset.htmlreport.summary import names
from winset.scenario.schema import Scenario


def _short(text: str, n: int) -> str:
    """``text`` cut to ``n`` characters at a word, with an ellipsis (axis labels that fit a phone)."""
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0].rstrip(" ,;:(")
    return (cut or text[: n - 1]) + "…"


def bloc_votes(sc: Scenario, res: dict[str, Any]) -> go.Figure:
    """One panel per body: for each deal, every bloc's share of the body stacked (solid: votes yes, pale: no)
    against the share the body needs (dashed).  A deal the body does not vote on is marked "not needed"."""
    deals = res["deals"]
    bodies = sc.bodies
    fig = make_subplots(
        rows=max(1, len(bodies)),
        cols=1,
        subplot_titles=[f"{_short(b.name, 48)} ({b.rule})" for b in bodies],
        vertical_spacing=0.5 / max(1, len(bodies)),
    )
    for r, b in enumerate(bodies, start=1):
        total = sum(float(m.weight.value) for m in b.members) or 1.0
        votes = [next(x for x in d["bodies"] if x["id"] == b.id) for d in deals]
        xs = [d["id"] + ("" if v["applies"] else " (n/a)") for d, v in zip(deals, votes, strict=True)]
        for n, m in enumerate(b.members):
            share = float(m.weight.value) / total
            col = PALETTE[n % len(PALETTE)]
            label = m.name or m.id
            for yes in (True, False):
                ys = [share if (m.id in v["yes"]) == yes else 0.0 for v in votes]
                fig.add_trace(
                    go.Bar(
                        x=xs,
                        y=ys,
                        name=label,
                        legendgroup=f"{b.id}-{m.id}",
                        showlegend=False,
                        marker=dict(color=col, opacity=1.0 if yes else 0.22, line=dict(width=0)),
                        hovertemplate=f"{label}: {share:.0%} of {b.name}, votes {'yes' if yes else 'no'}"
                        "<extra>%{x}</extra>",
                    ),
                    row=r,
                    col=1,
                )
        for v, x in zip(votes, xs, strict=True):
            fig.add_trace(
                go.Scatter(
                    x=[x, x],
                    y=[v["threshold"], v["yes_share"]],
                    mode="markers",
                    marker=dict(
                        symbol=["line-ew-open", "circle"],
                        size=[26, 8],
                        color="#111",
                        line=dict(width=2.5, color="#111"),
                    ),
                    showlegend=False,
                    hovertemplate=f"yes {v['yes_share']:.0%}, needs {v['threshold']:.0%}: "
                    + ("passes" if v["passed"] else "fails")
                    + ("" if v["applies"] else " (not needed: the body does not vote on it)")
                    + "<extra></extra>",
                ),
                row=r,
                col=1,
            )
        fig.update_yaxes(range=[0, 1.05], tickformat=".0%", row=r, col=1)
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_annotations(font=dict(size=13), x=0, xanchor="left")
    fig.add_annotation(
        text="blocs: solid votes yes, pale votes no; dash: threshold; dot: yes share; n/a: not needed",
        xref="paper",
        yref="paper",
        x=0,
        y=-0.02,
        yanchor="top",
        xanchor="left",
        showarrow=False,
        font=dict(size=11, color="#555"),
    )
    return _layout(fig, 240 * max(1, len(bodies)) + 80, margin=dict(l=10, r=10, t=40, b=40), showlegend=False)


def zone_of_agreement(sc: Scenario, res: dict[str, Any]) -> go.Figure:
    """One panel per issue: the terms each veto player accepts (the other issues at the reference package) and,
    in green, the zone every one of them accepts; the reference term dashed."""
    nm = names(sc)
    sp = res["sticking_points"]
    rows = sp["issues"]
    by_issue = {r["issue"]: r for r in rows}
    order = [i for i in sc.issues if i.id in by_issue]
    fig = make_subplots(
        rows=max(1, len(order)),
        cols=1,
        subplot_titles=[
            f"{_short(i.name, 40)}: {'no overlap' if not by_issue[i.id]['overlap'] else 'zone of agreement'}"
            for i in order
        ],
        vertical_spacing=0.3 / max(1, len(order)),
    )
    for r, issue in enumerate(order, start=1):
        row = by_issue[issue.id]
        vetoes = list(row["ranges"])
        labels = [_short(nm.get(v, v), 24) for v in vetoes] + ["all (the zone)"]
        for n, v in enumerate(vetoes):
            for lo, hi in row["ranges"][v]:
                fig.add_trace(
                    go.Scatter(
                        x=[lo, hi],
                        y=[labels[n], labels[n]],
                        mode="lines+markers",
                        line=dict(color=PALETTE[n % len(PALETTE)], width=7),
                        marker=dict(size=7),
                        showlegend=False,
                        hovertemplate=f"{labels[n]} accepts {lo:g} to {hi:g}<extra></extra>",
                    ),
                    row=r,
                    col=1,
                )
        for lo, hi in row["overlap"]:
            fig.add_trace(
                go.Scatter(
                    x=[lo, hi],
                    y=[labels[-1], labels[-1]],
                    mode="lines+markers",
                    line=dict(color="#2ca02c", width=11),
                    marker=dict(size=9, color="#2ca02c"),
                    showlegend=False,
                    hovertemplate=f"every veto player accepts {lo:g} to {hi:g}<extra></extra>",
                ),
                row=r,
                col=1,
            )
        fig.add_vline(x=row["reference_value"], line=dict(color="#111", dash="dash", width=1.2), row=r, col=1)
        pad = 0.04 * (issue.scale.max - issue.scale.min)
        fig.update_xaxes(range=[issue.scale.min - pad, issue.scale.max + pad], row=r, col=1)
        fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels[::-1], row=r, col=1)
    fig.update_annotations(font=dict(size=13), x=0, xanchor="left")
    per = max((len(by_issue[i.id]["ranges"]) for i in order), default=1) + 1
    return _layout(fig, (22 * per + 70) * max(1, len(order)) + 40, showlegend=False)


def workbench(sc: Scenario, res: dict[str, Any]) -> dict[str, str]:
    """The scenario page's charts as plotly JSON (``{"positions": ..., "votes": ..., "zone": ...}``; votes only
    when the scenario has bodies and deals), safe to put inside a ``<script type="application/json">``."""
    from winset.htmlreport.figures import positions
    from winset.scenario.compiled import compile_scenario

    figs = {"positions": positions(sc, compile_scenario(sc), res, None)}
    if sc.bodies and res["deals"]:
        figs["votes"] = bloc_votes(sc, res)
    figs["zone"] = zone_of_agreement(sc, res)
    return {k: f.to_json().replace("</", "<\\/") for k, f in figs.items()}
