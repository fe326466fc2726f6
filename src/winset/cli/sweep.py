"""``winset sweep``: Monte Carlo over every uncertain number of a scenario (see :mod:`winset.uncertainty`)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from winset import services
from winset.cli._app import AsOfOpt, app, err, fail, out, print_json
from winset.models.registry import LABELS
from winset.scenario import ScenarioError
from winset.scenario.loader import DEFAULT_SCENARIO


@app.command()
def sweep(
    scenario: Annotated[
        str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")
    ] = DEFAULT_SCENARIO,
    draws: Annotated[int, typer.Option("--draws", "-n", help="Number of Monte Carlo draws.")] = 10_000,
    seed: Annotated[
        int, typer.Option("--seed", "-s", help="Random seed: the same seed gives the same result.")
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    chunk: Annotated[
        int, typer.Option(help="Draws per vectorised batch (one progress step, one Dask task).")
    ] = 5000,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Run the chunks on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' to start a "
            "LocalCluster."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="Workers for --scheduler local.")] = 2,
    connect_timeout: Annotated[float, typer.Option(help="Seconds to wait for a --scheduler address.")] = 10.0,
    top: Annotated[int, typer.Option(help="Drivers listed per output.")] = 5,
    big_issue_draws: Annotated[
        int | None,
        typer.Option(
            help="Draws (the first of the sweep) on which the exact sticking-point analysis names the one big "
            "issue; 0 skips it. Default: 300, or --draws if fewer."
        ),
    ] = None,
    as_of: AsOfOpt = None,
) -> None:
    """Sample every uncertain number: forecast intervals, P(each deal is ratified), what drives the result."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("[bold]sweep"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("draws"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    task: list[TaskID] = []

    def advance(k: int) -> None:  # the bar starts with the first chunk, after the arguments are checked
        if not task:
            bar.start()
            task.append(bar.add_task("sweep", total=draws))
        bar.advance(task[0], k)

    try:
        sc = services.scenario_at(scenario, as_of=as_of)
        data = services.sweep(
            sc,
            draws=draws,
            seed=seed,
            chunk=chunk,
            scheduler=scheduler,
            workers=workers,
            connect_timeout=connect_timeout,
            top=top,
            big_issue_draws=big_issue_draws,
            progress=advance,
        ).to_dict()
    except ScenarioError as e:
        if task:
            bar.stop()
        fail(e)
    if task:
        bar.stop()
    if as_json:
        print_json(data)
        return
    _render(sc, data, out)


def _render(sc: Any, data: dict[str, Any], out: Any) -> None:
    from rich.table import Table

    from winset.formatting import probability_label

    out.rule(f"[bold]{sc.title}: {data['draws']:,} draws, seed {data['seed']}")
    t = Table(
        title=f"Forecast intervals ({LABELS['compromise']} model; 5-95% of the {LABELS['weighted_median']} and "
        f"{LABELS['bdm']} models in brackets)",
        title_justify="left",
    )
    for col in (
        "issue",
        "point",
        "5%",
        "50%",
        "95%",
        f"{LABELS['weighted_median']} 5-95%",
        f"{LABELS['bdm']} 5-95%",
    ):
        t.add_column(col, justify="left" if col == "issue" else "right")
    for i in sc.issues:
        f = data["forecast"]["compromise"][i.id]
        w = data["forecast"]["weighted_median"][i.id]
        b = data["forecast"]["bdm"][i.id]
        t.add_row(
            i.name,
            f"{f['point']:.1f}",
            f"{f['q05']:.1f}",
            f"{f['q50']:.1f}",
            f"{f['q95']:.1f}",
            f"[{w['q05']:.1f}, {w['q95']:.1f}]",
            f"[{b['q05']:.1f}, {b['q95']:.1f}]",
        )
    out.print(t)
    big = data.get("one_big_issue")
    if big:
        names = {i.id: i.name for i in sc.issues} | {
            "none": "none (every veto player's best value acceptable to all, issue by issue)"
        }
        t = Table(
            title=f"Which issue is the one big issue (first {big['draws']:,} draws; each veto player at its best "
            "attainable terms on the other issues)",
            title_justify="left",
        )
        t.add_column("issue")
        t.add_column("probability ± 95%", justify="right")
        for k, p in sorted(big["p"].items(), key=lambda kv: -kv[1]):
            if p > 0:
                t.add_row(names.get(k, k), probability_label(p, big["se"][k], big["draws"]))
        out.print(t)
    if data["deals"]:
        t = Table(
            title="Probability each deal is ratified (and who blocks it how often)", title_justify="left"
        )
        t.add_column("deal", no_wrap=True, overflow="ellipsis", max_width=40)
        t.add_column("P(ratified) ± 95%", justify="right")
        t.add_column("at central values")
        t.add_column("most frequent blockers")
        for d in sc.deals:
            r = data["deals"][d.id]
            blk = sorted(((p, v) for v, p in r["p_blocked_by"].items() if p > 0), reverse=True)[:3]
            t.add_row(
                d.name,
                probability_label(r["p_ratified"], r["se"], data["draws"]),
                "ratifiable" if r["ratifiable_at_point"] else "not ratifiable",
                ", ".join(f"{v} {p:.0%}" for p, v in blk) or "—",
            )
        out.print(t)
        routes = [(d, r, p) for d in sc.deals for r, p in (data["deals"][d.id].get("routes") or {}).items()]
        if routes:
            out.print(
                "[bold]Ratification routes[/] (share of draws each passes; ★ most likely): "
                + "; ".join(
                    f"{d.id}/{r} {p:.0%}" + (" ★" if data["deals"][d.id]["most_likely_route"] == r else "")
                    for d, r, p in routes
                )
            )
        _render_bodies(sc, data, out)
    t = Table(title="What drives the result (Spearman rank correlation across draws)", title_justify="left")
    t.add_column("output")
    t.add_column("strongest inputs")
    for o, rows in data["sensitivity"]["drivers"].items():
        if o.startswith("weighted_median."):
            continue
        t.add_row(
            o, "; ".join(f"{r['input']} {r['rho']:+.2f}" for r in rows[:3] if abs(r["rho"]) >= 0.05) or "—"
        )
    out.print(t)
    lv = data.get("lives_over_horizon")
    if lv:
        weeks = sc.cost_of_delay.horizon_weeks
        out.print(
            f"[bold]Lives lost while waiting[/] the priced horizon ({weeks.value:g} weeks"
            + (f", range {weeks.low:g}–{weeks.high:g}" if weeks.low is not None else "")
            + f"): {lv['point']:,} at the central values; 90% of draws between {lv['q05']:,} and "
            f"{lv['q95']:,} (median {lv['q50']:,})."
        )
    _render_tornado(sc, data, out)
    if not data["inputs"]:
        out.print("[yellow]note[/] this scenario has no uncertain numbers (give low/high to a quantity).")


def _render_bodies(sc: Any, data: dict[str, Any], out: Any) -> None:
    """P(pass) of every body on every deal it must ratify (95 % Wilson interval) and its expected yes share."""
    from rich.table import Table

    names = {b.id: b.name for b in sc.bodies}
    rows = [(d, b, r) for d in sc.deals for b, r in data["deals"][d.id].get("bodies", {}).items()]
    if not rows:
        return
    t = Table(
        title="Each body's vote across the draws (P(pass) with its 95% interval; expected yes share of votes cast)",
        title_justify="left",
    )
    t.add_column("deal", no_wrap=True, overflow="ellipsis", max_width=34)
    t.add_column("body")
    t.add_column("P(pass) [95%]", justify="right")
    t.add_column("yes share: central (90% of draws)", justify="right")
    for d, b, r in rows:
        t.add_row(
            d.name,
            names.get(b, b),
            f"{r['p_pass']:.1%} [{r['p_low']:.1%}, {r['p_high']:.1%}]",
            f"{r['yes_share_point']:.1%} ({r['yes_share_q05']:.1%}–{r['yes_share_q95']:.1%})",
        )
    out.print(t)


def _render_tornado(sc: Any, data: dict[str, Any], out: Any, rows: int = 8, width: int = 24) -> None:
    """One-at-a-time swings on the issue most often the one big issue (else the first), as text bars."""
    from rich.table import Table

    tornado = data.get("tornado") or {}
    big = data.get("one_big_issue") or {}
    ranked = [
        k for k, p in sorted((big.get("p") or {}).items(), key=lambda kv: -kv[1]) if k != "none" and p > 0
    ]
    issue = ranked[0] if ranked else sc.issues[0].id
    name = next(i.name for i in sc.issues if i.id == issue)
    for model in ("compromise", "bdm"):
        swings = tornado.get(f"{model}.{issue}") or []
        swings = [r for r in swings if abs(r["swing"]) > 1e-9][:rows]
        if not swings:
            continue
        biggest = max(abs(r["swing"]) for r in swings)
        t = Table(
            title=f"Tornado: {LABELS[model]} forecast on {name} with each input at its low and its high end, "
            "the rest at their central values",
            title_justify="left",
        )
        t.add_column("input")
        t.add_column("low → high", justify="right")
        t.add_column("forecast at low → at high", justify="right")
        t.add_column("swing", justify="right")
        t.add_column("", no_wrap=True)
        for r in swings:
            n = max(1, round(width * abs(r["swing"]) / biggest))
            bar = ("[green]" + "▶" * n + "[/]") if r["swing"] > 0 else ("[red]" + "◀" * n + "[/]")
            t.add_row(
                r["input"],
                f"{r['low']:g} → {r['high']:g}",
                f"{r['at_low']:.1f} → {r['at_high']:.1f}",
                f"{r['swing']:+.1f}",
                bar,
            )
        out.print(t)
