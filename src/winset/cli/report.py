"""``winset report``: a self-contained HTML report of a scenario (see :mod:`winset.htmlreport`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from winset.cli._app import AsOfOpt, app, fail, out
from winset.scenario import ScenarioError, load
from winset.scenario.loader import DEFAULT_SCENARIO


@app.command()
def report(
    scenario: Annotated[
        str, typer.Argument(help="Scenario file (YAML/JSON) or built-in name.")
    ] = DEFAULT_SCENARIO,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("report.html"),
    draws: Annotated[
        int,
        typer.Option(
            "--draws", "-n", help="Monte Carlo draws for the uncertainty section (0 leaves it out)."
        ),
    ] = 2000,
    seed: Annotated[int, typer.Option("--seed", "-s", help="Random seed of the uncertainty section.")] = 0,
    as_of: AsOfOpt = None,
) -> None:
    """Write a self-contained HTML report: positions, forecast, deals, ratification, win-set, uncertainty."""
    try:
        sc = load(scenario)
        from winset import htmlreport  # plotly and the report templates only for this command

        res = htmlreport.report(sc, output, draws=draws, seed=seed, as_of=as_of)
    except ScenarioError as e:
        fail(e)
    out.print(f"wrote {res.output} ({res.bytes / 1e6:.1f} MB)")
