"""``winset pareto``: Pareto frontier, Nash and Kalai–Smorodinsky points of an additive domain (GENIUS or a
discrete scenario)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from winset import services
from winset.cli._app import app, fail, out, print_json
from winset.scenario import ScenarioError


@app.command()
def pareto(
    domain: Annotated[
        Path,
        typer.Argument(
            help="A GENIUS scenario folder (domain XML + utility-space XMLs), a domain XML file given with "
            "--profile, or a winset scenario (name or file) whose issues are all discrete."
        ),
    ],
    profile: Annotated[
        list[Path] | None,
        typer.Option(
            "--profile",
            "-p",
            help="A utility-space XML (repeatable); default: every profile in the folder.",
        ),
    ] = None,
    top: Annotated[int, typer.Option(help="Frontier outcomes listed (by total utility).")] = 10,
    method: Annotated[
        str,
        typer.Option(
            help="auto (the additive path), additive (merge per-issue frontiers, no outcome listed) "
            "or enumerate (evaluate every outcome)."
        ),
    ] = "auto",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
) -> None:
    """Exact Pareto frontier, Nash point and both Kalai–Smorodinsky points of an additive domain.

    GENIUS utilities are read as GENIUS evaluates them (normalised per issue, capped at 1; reservation values
    as the disagreement point).  Kalai–Smorodinsky is shown under both definitions in use: max-min of
    normalised gains (Kalai & Smorodinsky 1975) and NegMAS 0.16's ks_points (smallest spread of gains)."""
    from rich.table import Table

    try:
        res = services.pareto(domain, profile, top=top, method=method).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    names = res["parties"]
    out.rule(
        f"[bold]{res['domain']}: {len(names)} parties, {len(res['issues'])} issues, "
        f"{res['n_outcomes']:,} outcomes"
    )
    rational = "" if res["rational"] is None else f"{res['rational']:,} individually rational outcomes; "
    out.print(f"{rational}Pareto frontier: {res['frontier_size']:,} outcomes (exact, one per utility vector)")
    out.print(f"Method: {res['method']}.")
    if res["bargaining_parties"] != names:
        out.print(
            f"Nash and Kalai–Smorodinsky weigh the veto players only: {', '.join(res['bargaining_parties'])}."
        )
    t = Table(
        title="Bargaining solutions and the best frontier outcomes by total utility", title_justify="left"
    )
    t.add_column("point")
    for n in names:
        t.add_column(n, justify="right")
    t.add_column("outcome")
    picks = [
        ("Nash", res["nash"]),
        ("Kalai–Smorodinsky (max-min)", res["kalai_smorodinsky"]),
        ("Kalai–Smorodinsky (NegMAS spread)", res["kalai_smorodinsky_spread"]),
    ]
    picks += [(f"frontier #{k + 1}", r) for k, r in enumerate(res["frontier"])]
    for label, r in picks:
        if r is None:
            t.add_row(label, *["—"] * len(names), "no individually rational outcome")
            continue
        t.add_row(
            label,
            *[f"{r['utility'][n]:.4f}" for n in names],
            ", ".join(f"{k}={v}" for k, v in r["outcome"].items()),
        )
    out.print(t)
    for name, text in res["ks_definitions"].items():
        out.print(f"[dim]KS {name}: {text}[/dim]")
