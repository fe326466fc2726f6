"""``winset repair``: the smallest change that makes a named deal ratifiable (see :mod:`winset.analysis.search`)."""

from __future__ import annotations

from typing import Annotated

import typer

from winset import services
from winset.cli._app import AsOfOpt, app, fail, out, print_json
from winset.formatting import fmt_change, fmt_on_scale
from winset.scenario import Scenario, ScenarioError


def _ends(sc: Scenario, issue: str) -> tuple[float, float]:
    s = sc.issue(issue).scale
    return s.min, s.max


@app.command()
def repair(
    scenario: Annotated[str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")],
    deal: Annotated[str, typer.Argument(help="Id of the deal to repair.")],
    samples: Annotated[
        int, typer.Option("--samples", "-n", help="Sobol candidates for multi-issue repairs.")
    ] = 16384,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Seed of the scrambled Sobol sample.")] = 0,
    cost: Annotated[
        str,
        typer.Option(
            "--cost",
            help="What to minimise: distance (share of each scale moved) or concessions (utility conceded).",
        ),
    ] = "distance",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    as_of: AsOfOpt = None,
) -> None:
    """Smallest change (share of each scale moved, summed) to DEAL that every veto player accepts."""
    from rich.table import Table

    try:
        sc = services.scenario_at(scenario, as_of=as_of)
        res = services.repair(sc, deal, samples=samples, seed=seed, cost=cost).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    d = sc.deal(deal)
    out.rule(f"[bold]Repair: {d.name} ({res['instrument'].replace('_', ' ')})")
    if res["already_ratifiable"]:
        out.print("[green]Already ratifiable: no change needed.[/]")
        return
    out.print(f"Blocked today by: {', '.join(res['blockers_before'])}")
    if not res["found"]:
        out.print(f"[bold red]{res['reason']}[/]")
        raise typer.Exit(code=1)
    t = Table(
        title=f"Smallest repair found: distance {res['distance']:.3f} (share of scale moved, summed)",
        title_justify="left",
    )
    t.add_column("issue")
    t.add_column("change", justify="right")
    t.add_column("from → to", justify="right")
    for ch in res["changes"]:
        s = sc.issue(ch["issue"]).scale
        t.add_row(
            ch["name"],
            fmt_change(ch["delta"], s.min, s.max),
            f"{fmt_on_scale(ch['from'], s.min, s.max)} → {fmt_on_scale(ch['to'], s.min, s.max)}",
        )
    out.print(t)
    who = [(a, x["utility_change"]) for a, x in res["concessions"].items() if x["utility_change"] < -1e-9]
    if who:
        out.print("Who concedes: " + "; ".join(f"{a} {du:+.3f}" for a, du in sorted(who, key=lambda t: t[1])))
    if res["single_issue"]:
        out.print(
            "One-issue repairs (exact): "
            + "; ".join(
                f"{s['issue']} {fmt_change(s['delta'], *_ends(sc, s['issue']))} (distance {s['distance']:.3f})"
                for s in res["single_issue"]
            )
        )
    else:
        out.print("No single issue can be moved alone to make the deal ratifiable.")
    for b in res["bodies"]:
        if b["applies"]:
            out.print(
                f"  {b['name']}: {b['yes_share']:.0%} vs {b['threshold']:.0%} "
                f"{'pass' if b['passes'] else 'fail'}"
            )
    out.print(f"[dim]{res['method']}[/]")
