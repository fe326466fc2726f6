"""Plotly figures of the report (each returns a ``plotly.graph_objects.Figure``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from winset.analysis.winsets import WinsetGrid
from winset.formatting import probability_label
from winset.htmlreport.redlines import red_lines_on
from winset.htmlreport.summary import describe_input, names
from winset.scenario.compiled import Compiled
from winset.scenario.schema import Actor, Member, Scenario
from winset.services.report_types import BdmTrajectories, SweepDraws

PALETTE = [
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
]
FONT = dict(family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size=13)


def _layout(fig: go.Figure, height: int, **kw: Any) -> go.Figure:
    kw.setdefault("legend", dict(orientation="h", y=-0.08))
    kw.setdefault("margin", dict(l=10, r=10, t=40, b=10))
    fig.update_layout(height=height, font=FONT, plot_bgcolor="white", paper_bgcolor="white", **kw)
    fig.update_xaxes(showgrid=True, gridcolor="#eee", zeroline=False)
    fig.update_yaxes(showgrid=True, gridcolor="#eee", zeroline=False)
    return fig


def positions(sc: Scenario, c: Compiled, res: dict[str, Any], sweep: dict[str, Any] | None) -> go.Figure:
    """One row per issue: actors' positions (size: capability x salience), the forecasts and no deal."""
    k = len(sc.issues)
    fig = make_subplots(rows=k, cols=1, subplot_titles=[i.name for i in sc.issues], vertical_spacing=0.5 / k)
    power = c.capability[:, None] * c.salience
    size = 10 + 30 * np.sqrt(power / power.max()) if power.max() > 0 else np.full(power.shape, 14.0)
    for r, issue in enumerate(sc.issues, start=1):
        kk = r - 1
        # actors sharing a position are stacked upwards so that neither hides the other
        ys = _stack_equal(c.positions[:, kk], 1.0, 0.45)
        for n, a in enumerate(sc.actors):
            fig.add_trace(
                go.Scatter(
                    x=[c.positions[n, kk]],
                    y=[ys[n]],
                    mode="markers+text",
                    text=[a.id],
                    textposition="middle right",
                    cliponaxis=False,
                    marker=dict(
                        size=size[n, kk],
                        color=PALETTE[n % len(PALETTE)],
                        opacity=0.75,
                        line=dict(width=1, color="white"),
                    ),
                    name=a.name,
                    legendgroup=a.id,
                    showlegend=r == 1,
                    hovertemplate=f"{a.name}<br>position %{{x:g}}<br>capability {c.capability[n]:.2f}, salience "
                    f"{c.salience[n, kk]:.2f}<extra></extra>",
                ),
                row=r,
                col=1,
            )
        cm = res["forecast"]["compromise"][issue.id]
        err = None
        if sweep:
            f = sweep["forecast"]["compromise"][issue.id]
            err = dict(
                type="data",
                symmetric=False,
                array=[max(0.0, f["q95"] - cm)],
                arrayminus=[max(0.0, cm - f["q05"])],
                color="#333",
                thickness=1.5,
                width=6,
            )
        fig.add_trace(
            go.Scatter(
                x=[cm],
                y=[0],
                mode="markers",
                error_x=err,
                marker=dict(symbol="diamond", size=13, color="#111"),
                name="compromise forecast" + (" (90% interval)" if sweep else ""),
                legendgroup="cm",
                showlegend=r == 1,
                hovertemplate="compromise %{x:.1f}<extra></extra>",
            ),
            row=r,
            col=1,
        )
        for key, symbol, colour, label in (
            ("weighted_median", "triangle-up", "#777", "weighted median"),
            ("bdm", "star", "#9467bd", "Bueno de Mesquita"),
        ):
            x = res["forecast"].get(key, {}).get(issue.id)
            if x is None:
                continue
            fig.add_trace(
                go.Scatter(
                    x=[x],
                    y=[0],
                    mode="markers",
                    marker=dict(symbol=symbol, size=12, color=colour),
                    name=label,
                    legendgroup=key,
                    showlegend=r == 1,
                    hovertemplate=f"{label} %{{x:.1f}}<extra></extra>",
                ),
                row=r,
                col=1,
            )
        fig.add_trace(
            go.Scatter(
                x=[c.reversion[kk]],
                y=[0],
                mode="markers",
                marker=dict(symbol="x", size=12, color="#d62728"),
                name="no deal (reversion)",
                legendgroup="rev",
                showlegend=r == 1,
                hovertemplate="no deal %{x:g}<extra></extra>",
            ),
            row=r,
            col=1,
        )
        deals = res["deals"]
        low = -0.6
        if deals:
            xs = [float(d["terms"][issue.id]) for d in deals]
            dys = _stack_near(np.array(xs), -1.0, -0.3, 0.16 * (issue.scale.max - issue.scale.min))
            low = float(dys.min()) - 0.5
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=list(dys),
                    mode="markers+text",
                    text=[d["id"] for d in deals],
                    textposition="middle right",
                    cliponaxis=False,
                    marker=dict(
                        symbol="square",
                        size=10,
                        color=["#2ca02c" if d["ratifiable"] else "#ff7f0e" for d in deals],
                    ),
                    name="deals (green: ratifiable)",
                    legendgroup="deals",
                    showlegend=r == 1,
                    hovertext=[
                        f"{d['name']}: {x:g}" + (" (ratifiable)" if d["ratifiable"] else "")
                        for d, x in zip(deals, xs, strict=True)
                    ],
                    hoverinfo="text",
                ),
                row=r,
                col=1,
            )
        for n, who, label, y in _red_line_rows(sc, ys):
            for line in red_lines_on(who.red_lines, issue.id):
                lo, hi = line.forbidden(issue.scale.min, issue.scale.max)
                fig.add_trace(
                    go.Scatter(
                        x=[lo, hi],
                        y=[y - 0.22, y - 0.22],
                        mode="lines",
                        line=dict(color=PALETTE[n % len(PALETTE)] if n >= 0 else "#555", width=3, dash="dot"),
                        name="red lines (dotted: terms ruled out)",
                        legendgroup="redlines",
                        showlegend=False,
                        hovertemplate=f"{label}'s red line: {line.text}<extra></extra>",
                    ),
                    row=r,
                    col=1,
                )
        pad = 0.04 * (issue.scale.max - issue.scale.min)
        fig.update_xaxes(
            range=[issue.scale.min - pad, issue.scale.max + pad],
            row=r,
            col=1,
            title_text=issue.scale.unit or None,
        )
        fig.update_yaxes(
            tickvals=[-1, 0, 1] if res["deals"] else [0, 1],
            ticktext=["deals", "forecast", "actors"] if res["deals"] else ["forecast", "actors"],
            range=[low, max(2.0, ys.max() + 0.6)],
            showgrid=False,
            row=r,
            col=1,
        )
    if any(t.legendgroup == "redlines" for t in fig.data):
        next(t for t in fig.data if t.legendgroup == "redlines").showlegend = True
    fig.update_annotations(font=dict(size=13), x=0, xanchor="left")
    return _layout(fig, (200 if res["deals"] else 150) * k + 80, margin=dict(l=10, r=40, t=40, b=10))


def _red_line_rows(sc: Scenario, ys: np.ndarray) -> list[tuple[int, Actor | Member, str, float]]:
    """``(colour index, owner, name, y)`` of every actor (at its marker's height) and every bloc (on the
    forecast row, grey) that may carry red lines."""
    rows: list[tuple[int, Actor | Member, str, float]] = [
        (n, a, a.name, float(ys[n])) for n, a in enumerate(sc.actors)
    ]
    for b in sc.bodies:
        rows += [(-1, m, f"{m.name or m.id} ({b.name})", 0.0) for m in b.members]
    return rows


def _stack_equal(x: np.ndarray, base: float, step: float) -> np.ndarray:
    """``base`` for the first of each group of (nearly) equal values, ``base + step`` for the second, ..."""
    y = np.full(len(x), base, dtype=float)
    for n in range(len(x)):
        y[n] = base + step * int(np.sum(np.isclose(x[:n], x[n], atol=1e-9 * (1 + abs(x[n])))))
    return y


def _stack_near(x: np.ndarray, base: float, step: float, gap: float) -> np.ndarray:
    """Like :func:`_stack_equal` for labelled markers: each value goes on the first level where no value already
    there is within ``gap`` (labels of deals close together do not print over each other)."""
    y = np.full(len(x), base, dtype=float)
    levels: list[list[float]] = []
    for n in np.argsort(x, kind="stable"):
        for lvl, xs in enumerate(levels):
            if all(abs(x[n] - v) >= gap for v in xs):
                xs.append(float(x[n]))
                y[n] = base + step * lvl
                break
        else:
            levels.append([float(x[n])])
            y[n] = base + step * (len(levels) - 1)
    return y


def utility_heatmap(sc: Scenario, res: dict[str, Any]) -> go.Figure:
    """Deal x actor utility, the no-deal row on top; ✓ marks deals the actor prefers to no deal."""
    deals = res["deals"]
    actors = [a.id for a in sc.actors]
    rows = ["no deal"] + [d["name"] for d in deals]
    z = [[deals[0]["no_deal_utility"][a] if deals else 0.0 for a in actors]]
    text = [[f"{v:.2f}" for v in z[0]]]
    for d in deals:
        z.append([d["utility"][a] for a in actors])
        text.append([f"{d['utility'][a]:.2f} {'✓' if d['accepts'][a] else '✗'}" for a in actors])
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[a.name for a in sc.actors],
            y=rows,
            text=text,
            texttemplate="%{text}",
            colorscale="RdYlGn",
            zmin=0,
            zmax=1,
            colorbar=dict(title="utility"),
            hovertemplate="%{y}<br>%{x}: %{z:.3f}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, 80 + 46 * len(rows))


def ratification(sc: Scenario, res: dict[str, Any]) -> go.Figure:
    """Yes share of each body on each deal against its threshold (grey: the body does not vote on it)."""
    bodies = sc.bodies
    deals = res["deals"]

    def need(b: Any) -> str:
        if b.rule in ("majority", "referendum"):
            return "more than 50%"
        return "100%" if b.rule == "unanimity" else f"{b.threshold:.0%}"

    fig = make_subplots(
        rows=1,
        cols=max(1, len(bodies)),
        subplot_titles=[
            f"{b.name}<br><span style='font-size:11px'>{b.rule}: needs {need(b)}</span>" for b in bodies
        ],
        shared_yaxes=True,
    )
    for n, b in enumerate(bodies, start=1):
        ys, colors, hover = [], [], []
        thr = None
        for d in deals:
            bv = next(x for x in d["bodies"] if x["id"] == b.id)
            thr = bv["threshold"]
            ys.append(bv["yes_share"])
            colors.append("#cccccc" if not bv["applies"] else ("#2ca02c" if bv["passed"] else "#d62728"))
            status = "not needed" if not bv["applies"] else ("passes" if bv["passed"] else "fails")
            hover.append(f"{d['name']}<br>yes {bv['yes_share']:.0%} vs {bv['threshold']:.0%}: {status}")
        fig.add_trace(
            go.Bar(
                x=[d["id"] for d in deals],
                y=ys,
                marker_color=colors,
                hovertext=hover,
                hoverinfo="text",
                showlegend=False,
                text=[f"{y:.0%}" for y in ys],
                textposition="auto",
            ),
            row=1,
            col=n,
        )
        if thr is not None:
            fig.add_hline(y=thr, line=dict(color="#111", dash="dash", width=1.5), row=1, col=n)
    for name, col in (
        ("passes", "#2ca02c"),
        ("fails", "#d62728"),
        ("not needed: the body does not vote on it", "#cccccc"),
    ):
        fig.add_trace(go.Bar(x=[None], y=[None], marker_color=col, name=name, showlegend=True), row=1, col=1)
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            line=dict(color="#111", dash="dash"),
            name="threshold the body needs",
            showlegend=True,
        ),
        row=1,
        col=1,
    )
    fig.update_yaxes(range=[0, 1.12], tickformat=".0%")
    fig.update_xaxes(tickangle=-30)
    fig.update_annotations(font=dict(size=12))
    return _layout(fig, 480, margin=dict(l=10, r=10, t=70, b=10), legend=dict(orientation="h", y=-0.3))


def winset_plane(sc: Scenario, c: Compiled, g: WinsetGrid, res: dict[str, Any], title: str) -> go.Figure:
    """The win-set on a plane of two issues: each veto player's acceptance boundary, the area all accept."""
    nm = names(sc)
    ix, iy = (c.issue_index(i) for i in g.issues)
    fig = go.Figure()
    # 0/1 grids go out as uint8 (plotly sends typed arrays base64-encoded: 15 kB a grid instead of 120 kB of
    # float64, or about 300 kB of JSON numbers); outside the win-set is transparent
    fig.add_trace(
        go.Heatmap(
            x=g.xs.astype(np.float32),
            y=g.ys.astype(np.float32),
            z=g.all_accept.astype(np.uint8),
            zmin=0,
            zmax=1,
            showscale=False,
            colorscale=[[0, "rgba(255,255,255,0)"], [1, "#b7e4b0"]],
            hoverinfo="skip",
            name="win-set",
            showlegend=True,
        )
    )
    for n, (v, acc) in enumerate(g.accepts.items()):
        if acc.all() or not acc.any():
            continue  # no boundary on this plane
        col = PALETTE[n % len(PALETTE)]
        fig.add_trace(
            go.Contour(
                x=g.xs.astype(np.float32),
                y=g.ys.astype(np.float32),
                z=acc.astype(np.uint8),
                contours=dict(start=0.5, end=0.5, size=1, coloring="lines"),
                line=dict(color=col, width=2.5),
                colorscale=[[0, col], [1, col]],
                showscale=False,
                name=f"{nm.get(v, v)} accepts inside",
                showlegend=True,
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=c.positions[:, ix],
            y=c.positions[:, iy],
            mode="markers+text",
            text=list(c.actor_ids),
            textposition="top right",
            marker=dict(size=12, color="#111", symbol="circle"),
            name="actors' ideal points",
        )
    )
    for b in c.bodies:
        has = (b.salience[:, ix] > 0) & (b.salience[:, iy] > 0)
        if has.any():
            fig.add_trace(
                go.Scatter(
                    x=b.ideal[has, ix],
                    y=b.ideal[has, iy],
                    mode="markers",
                    marker=dict(size=8, symbol="circle-open", color="#555"),
                    name=f"{b.name}: members",
                    hovertext=[m for m, h in zip(b.member_ids, has, strict=True) if h],
                    hoverinfo="text",
                    legendgroup="members",
                )
            )
    if len(c.deal_ids):
        # alternate label sides so that deals close to each other do not print over each other
        sides = ["bottom right", "top left", "top right", "bottom left"]
        order = np.lexsort((c.deals[:, iy], c.deals[:, ix]))
        pos = [""] * len(c.deal_ids)
        for rank, j in enumerate(order):
            pos[j] = sides[rank % len(sides)]
        fig.add_trace(
            go.Scatter(
                x=c.deals[:, ix],
                y=c.deals[:, iy],
                mode="markers+text",
                text=list(c.deal_ids),
                textposition=pos,
                marker=dict(size=11, symbol="square", color="#ff7f0e"),
                name="deals",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[c.reversion[ix]],
            y=[c.reversion[iy]],
            mode="markers",
            marker=dict(size=14, symbol="x", color="#d62728"),
            name="no deal",
        )
    )
    ix_name, iy_name = sc.issue(g.issues[0]).name, sc.issue(g.issues[1]).name
    px, py = 0.03 * (g.xs[-1] - g.xs[0]), 0.03 * (g.ys[-1] - g.ys[0])
    fig.update_xaxes(title_text=ix_name, range=[g.xs[0] - px, g.xs[-1] + px])
    fig.update_yaxes(title_text=iy_name, range=[g.ys[0] - py, g.ys[-1] + py])
    return _layout(
        fig, 560, title=dict(text=title, font=dict(size=14)), legend=dict(orientation="v", x=1.02, y=1)
    )


def forecast_histograms(sc: Scenario, sw: SweepDraws) -> go.Figure:
    """Histogram of the compromise forecast per issue across draws, with the central-value forecast."""
    k = len(sc.issues)
    cols = min(3, k)
    rows = (k + cols - 1) // cols
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[i.name for i in sc.issues])
    for n in range(k):
        r, cc = n // cols + 1, n % cols + 1
        x = sw.compromise[:, n]
        # binned here: the figure's size does not grow with the number of draws
        counts, edges = np.histogram(x, bins=40)
        fig.add_trace(
            go.Bar(
                x=(edges[:-1] + edges[1:]) / 2,
                y=counts,
                width=float(edges[1] - edges[0]) if edges[1] > edges[0] else None,
                marker_color="#1f77b4",
                marker_line_width=0,
                opacity=0.8,
                showlegend=False,
                hovertemplate="%{x:.3g}: %{y} draws<extra></extra>",
            ),
            row=r,
            col=cc,
        )
        q05, q95 = np.quantile(x, [0.05, 0.95])
        for v, dash in ((q05, "dot"), (q95, "dot"), (float(sw.compromise_point[n]), "solid")):
            fig.add_vline(x=v, line=dict(color="#111", dash=dash, width=1.3), row=r, col=cc)
    fig.update_annotations(font=dict(size=12))
    return _layout(fig, 240 * rows + 40)


def ratification_probability(sc: Scenario, sw: SweepDraws) -> go.Figure:
    p = sw.p_ratified
    se = np.sqrt(p * (1 - p) / sw.draws)
    nm = names(sc)
    fig = go.Figure(
        go.Bar(
            y=[nm[d] for d in sw.deal_ids],
            x=p,
            orientation="h",
            marker_color=["#2ca02c" if x >= 0.5 else "#ff7f0e" if x > 0 else "#d62728" for x in p],
            text=[probability_label(x, e, sw.draws) for x, e in zip(p, se, strict=True)],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}<br>P(ratified) %{x:.1%}<extra></extra>",
        )
    )
    fig.update_xaxes(
        range=[0, 1.08], tickformat=".0%", title_text="probability ratified (± 95% Monte Carlo interval)"
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, 110 + 44 * len(sw.deal_ids))


def tornado(sw: SweepDraws, output: str, title: str, top: int = 10, sc: Scenario | None = None) -> go.Figure:
    """One-at-a-time swings of ``output``: each input at its low and high end, the rest at central values."""
    rows = [r for r in sw.tornado.get(output, []) if r["swing"] != 0][:top][::-1]
    base = None
    if output.startswith("compromise."):
        base = float(sw.compromise_point[sw.issue_ids.index(output.split(".", 1)[1])])
    fig = go.Figure()
    if rows:
        lo = [min(r["at_low"], r["at_high"]) for r in rows]
        hi = [max(r["at_low"], r["at_high"]) for r in rows]
        labels = [describe_input(sc, r["input"]) if sc is not None else r["input"] for r in rows]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[r["at_low"] - (base or 0) for r in rows],
                base=base,
                orientation="h",
                name="input at its low end",
                marker_color="#1f77b4",
                hovertemplate="%{y}<br>low end: %{customdata}<extra></extra>",
                customdata=[f"{r['low']:g} → {r['at_low']:g}" for r in rows],
            )
        )
        fig.add_trace(
            go.Bar(
                y=labels,
                x=[r["at_high"] - (base or 0) for r in rows],
                base=base,
                orientation="h",
                name="input at its high end",
                marker_color="#ff7f0e",
                hovertemplate="%{y}<br>high end: %{customdata}<extra></extra>",
                customdata=[f"{r['high']:g} → {r['at_high']:g}" for r in rows],
            )
        )
        fig.update_layout(barmode="overlay")
        if base is not None:
            fig.add_vline(x=base, line=dict(color="#111", width=1))
        fig.update_xaxes(range=[min(lo) - 1, max(hi) + 1])
    return _layout(fig, 120 + 32 * max(1, len(rows)), title=dict(text=title, font=dict(size=14)))


def drivers(sw: SweepDraws, output: str, title: str, top: int = 10, sc: Scenario | None = None) -> go.Figure:
    """Spearman rank correlation of the strongest inputs with ``output`` across the draws."""
    sens = sw.sensitivity.get(output, {})
    rows = sorted(sens.items(), key=lambda kv: -abs(kv[1]))[:top][::-1]
    labels = [describe_input(sc, k) if sc is not None else k for k, _ in rows]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=[v for _, v in rows],
            orientation="h",
            marker_color=["#2ca02c" if v > 0 else "#d62728" for _, v in rows],
            hovertemplate="%{y}: rho %{x:+.2f}<extra></extra>",
        )
    )
    fig.update_xaxes(range=[-1, 1], title_text="rank correlation with the output")
    return _layout(fig, 120 + 32 * max(1, len(rows)), title=dict(text=title, font=dict(size=14)))


def bdm_trajectories(sc: Scenario, history: BdmTrajectories) -> go.Figure:
    """Positions of every actor over the rounds of a BDM run, one panel per issue, with the forecast dashed."""
    k = len(sc.issues)
    cols = min(3, k)
    rows = (k + cols - 1) // cols
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=[i.name for i in sc.issues])
    fc = history.forecast
    for n, issue in enumerate(sc.issues):
        r, cc = n // cols + 1, n % cols + 1
        arr = np.asarray(history.positions[issue.id])
        for a, actor in enumerate(sc.actors):
            fig.add_trace(
                go.Scatter(
                    y=arr[:, a],
                    mode="lines",
                    line=dict(color=PALETTE[a % len(PALETTE)]),
                    name=actor.name,
                    legendgroup=actor.id,
                    showlegend=n == 0,
                ),
                row=r,
                col=cc,
            )
        if issue.id in fc:
            fig.add_trace(
                go.Scatter(
                    y=np.asarray(fc[issue.id]),
                    mode="lines",
                    line=dict(color="#111", dash="dash"),
                    name="forecast",
                    legendgroup="fc",
                    showlegend=n == 0,
                ),
                row=r,
                col=cc,
            )
        fig.update_yaxes(range=[issue.scale.min, issue.scale.max], row=r, col=cc)
    fig.update_xaxes(title_text="round")
    return _layout(fig, 260 * rows + 60)


def timeline(tl: dict[str, Any], sc: Scenario) -> go.Figure:
    """Over the timeline's dates: each deal's chance of ratification (its verdict at the central values when
    the timeline ran no draws; a gap while the deal is off the table), and the compromise forecast per issue
    as a share of the issue's scale (in ``sc``, the snapshot the report shows)."""
    snaps = tl["snapshots"]
    dates = [s["date"] for s in snaps]
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12,
        subplot_titles=[
            "Chance of ratification" if tl["draws"] else "Ratifiable at the central values",
            "Compromise forecast (share of each issue's scale)",
        ],
    )
    deals: dict[str, str] = {}
    for s in snaps:
        for d in s["deals"]:
            deals.setdefault(d["id"], d["name"])
    for n, (did, name) in enumerate(deals.items()):
        ys: list[float | None] = []
        for s in snaps:
            d = next((x for x in s["deals"] if x["id"] == did), None)
            odds = s["odds"].get(did)
            ys.append(None if d is None else odds["p_ratified"] if odds else float(d["ratifiable"]))
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=ys,
                mode="lines+markers",
                name=name,
                line=dict(color=PALETTE[n % len(PALETTE)], shape="hv"),  # a state holds until the next
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.0%}}<extra></extra>",
                legendgroup="deals",
            ),
            row=1,
            col=1,
        )
    scales = {i.id: (i.scale.min, i.scale.max, i.name) for i in sc.issues}
    issues: list[str] = []
    for s in snaps:
        issues += [i for i in s["forecast"]["compromise"] if i not in issues]
    for n, iid in enumerate(issues):
        lo, hi, name = scales.get(iid, (0.0, 1.0, iid))
        ys = [
            (s["forecast"]["compromise"][iid] - lo) / (hi - lo)
            if iid in s["forecast"]["compromise"]
            else None
            for s in snaps
        ]
        fig.add_trace(
            go.Scatter(
                x=dates,
                y=ys,
                mode="lines+markers",
                name=name,
                line=dict(color=PALETTE[n % len(PALETTE)], dash="dot", shape="hv"),
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.0%}} of the scale<extra></extra>",
                legendgroup="issues",
            ),
            row=2,
            col=1,
        )
    fig.update_yaxes(range=[-0.03, 1.03], tickformat=".0%")
    return _layout(fig, 560, legend=dict(orientation="v", x=1.02, y=1))
