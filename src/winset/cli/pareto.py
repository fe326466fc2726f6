"""``winset pareto``: Pareto frontier, Nash and Kalai–Smorodinsky points of a GENIUS negotiation domain."""

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
            help="A GENIUS scenario folder (domain XML + utility-space XMLs) "
            "or a domain XML file given with --profile."
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
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
) -> None:
    """Pareto frontier (exact), Nash and Kalai–Smorodinsky outcomes of a GENIUS domain, as GENIUS and NegMAS
    compute them (additive utilities normalised per issue, reservation values as disagreement point)."""
    from rich.table import Table

    try:
        res = services.pareto(domain, profile, top=top).to_dict()
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
    out.print(
        f"{res['rational']:,} individually rational outcomes; Pareto frontier: {res['frontier_size']:,} "
        "outcomes (exact)"
    )
    t = Table(
        title="Bargaining solutions and the best frontier outcomes by total utility", title_justify="left"
    )
    t.add_column("point")
    for n in names:
        t.add_column(n, justify="right")
    t.add_column("outcome")
    picks = [("Nash", res["nash"]), ("Kalai–Smorodinsky", res["kalai_smorodinsky"])]
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
