"""``winset search``: the ratifiable package with the highest Nash product (see :mod:`winset.analysis.search`)."""

from __future__ import annotations

from typing import Annotated

import typer

from winset import services
from winset.cli._app import AsOfOpt, app, fail, out, print_json
from winset.formatting import fmt_on_scale
from winset.scenario import ScenarioError
from winset.scenario.loader import DEFAULT_SCENARIO


@app.command()
def search(
    scenario: Annotated[
        str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")
    ] = DEFAULT_SCENARIO,
    samples: Annotated[int, typer.Option("--samples", "-n", help="Sobol candidates per instrument.")] = 16384,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Seed of the scrambled Sobol sample.")] = 0,
    instruments: Annotated[
        list[str] | None,
        typer.Option(
            "--instrument",
            "-i",
            help="Legal instrument(s) to consider (repeatable); default: those of the scenario's deals.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    as_of: AsOfOpt = None,
) -> None:
    """Search packages inside every required win-set; best by Nash product, with the Pareto frontier."""
    from rich.table import Table

    try:
        sc = services.scenario_at(scenario, as_of=as_of)
        res = services.search(sc, samples=samples, seed=seed, instruments=instruments).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    out.rule(f"[bold]{sc.title}: package search")
    out.print(f"[dim]{res['method']}[/]")
    if not res["feasible"]:
        out.print(f"[bold red]{res['reason']}[/]")
        t = Table(title="Veto players: candidates blocked", title_justify="left")
        t.add_column("veto player")
        t.add_column("blocks", justify="right")
        t.add_column("blocks alone", justify="right")
        for v, nb in sorted(res["blockers"].items(), key=lambda kv: -kv[1]):
            t.add_row(v, f"{nb:,}", f"{res['sole_blockers'][v]:,}")
        out.print(t)
        if res["near_miss"]:
            terms = ", ".join(
                f"{k} {fmt_on_scale(v, sc.issue(k).scale.min, sc.issue(k).scale.max)}"
                for k, v in res["near_miss"]["package"].items()
            )
            out.print(f"Nearest miss ({res['near_miss']['instrument'].replace('_', ' ')}): {terms}")
        raise typer.Exit(code=1)
    names = {i.id: i.name for i in sc.issues}
    assert res["package"] is not None
    t = Table(
        title=f"Best ratifiable package ({res['instrument'].replace('_', ' ')}), max Nash product",
        title_justify="left",
    )
    t.add_column("issue")
    t.add_column("term", justify="right")
    t.add_column("reversion", justify="right")
    for k, term in res["package"].items():
        s = sc.issue(k).scale
        t.add_row(
            names[k], fmt_on_scale(term, s.min, s.max), fmt_on_scale(sc.reversion[k].value, s.min, s.max)
        )
    out.print(t)
    t = Table(title="Utility gain over no deal", title_justify="left")
    for a in res["gains"]:
        t.add_column(a, justify="right")
    t.add_row(*[f"{g:+.3f}" for g in res["gains"].values()])
    out.print(t)
    t = Table(title="Ratification at home", title_justify="left")
    t.add_column("body")
    t.add_column("yes share vs threshold", justify="right")
    for b in res["bodies"]:
        cell = (
            f"{b['yes_share']:.0%} vs {b['threshold']:.0%} {'pass' if b['passes'] else 'fail'}"
            if b["applies"]
            else "not needed"
        )
        t.add_row(b["name"], cell)
    out.print(t)
    t = Table(
        title=f"Pareto frontier of the {res['n_feasible']:,} ratifiable candidates: {res['frontier_size']} "
        "points (representatives)",
        title_justify="left",
    )
    t.add_column("point")
    t.add_column("instrument")
    for a in res["utility"]:
        t.add_column(a, justify="right")
    t.add_column("terms (" + ", ".join(res["package"]) + ")")
    for r in res["frontier"]:
        t.add_row(
            r["label"],
            r["instrument"].replace("_", " "),
            *[f"{x:.3f}" for x in r["utility"].values()],
            " ".join(f"{v:.0f}" for v in r["package"].values()),
        )
    out.print(t)
    for n in res["notes"]:
        out.print(f"[yellow]note[/] {n}")
