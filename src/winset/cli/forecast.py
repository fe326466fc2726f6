"""``winset forecast``: point forecasts per issue from the compromise, median, BDM and bargaining models."""

from __future__ import annotations

from typing import Annotated

import typer

from winset import services
from winset.cli._app import AsOfOpt, app, fail, out, print_json
from winset.io import load_any
from winset.models.registry import LABELS, MODEL_NAMES
from winset.scenario import ScenarioError
from winset.scenario.loader import DEFAULT_SCENARIO


@app.command("forecast")
def forecast_cmd(
    scenario: Annotated[
        str, typer.Argument(help="Built-in name, scenario YAML/JSON, KTAB .csv/.xml or x/c/s .tsv table.")
    ] = DEFAULT_SCENARIO,
    model: Annotated[
        str,
        typer.Option(
            "--model",
            "-m",
            help=f"{', '.join(MODEL_NAMES)} or all (median: weighted_median; the models: docs/models.md).",
        ),
    ] = "bdm",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON object (with BDM trajectories).")
    ] = False,
    rounds: Annotated[int, typer.Option(help="Largest number of BDM rounds.")] = 10,
    probability: Annotated[
        str,
        typer.Option(
            help="BDM probability of success: paper or code (Scholz et al. 2011; see docs/models.md)."
        ),
    ] = "paper",
    selection: Annotated[
        str, typer.Option(help="BDM offer choice: least_move (paper) or code.")
    ] = "least_move",
    q: Annotated[float, typer.Option(help="BDM probability Q that the status quo persists.")] = 1.0,
    fill: Annotated[
        float | None, typer.Option(help="Value for empty coordinates in a KTAB XML file.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the bargaining solver's random starts.")] = 0,
    risk: Annotated[
        str,
        typer.Option(
            help="BDM risk exponents: scholz (endogenous, S-eqs. 32-33), neutral "
            "(all 1) or declared (each actor's 'risk' in the scenario)."
        ),
    ] = "scholz",
    stop: Annotated[
        str,
        typer.Option(
            help="BDM stopping: fixed_point (stop when nobody moves) or none (always run --rounds rounds)."
        ),
    ] = "fixed_point",
    as_of: AsOfOpt = None,
) -> None:
    """Forecast every issue with one model, or compare all models (--model all)."""
    from rich.table import Table

    try:
        sc = load_any(scenario, fill=fill)
        sc = services.scenario_at(sc, as_of=as_of)
        res = services.forecast(
            sc,
            model,
            rounds=rounds,
            probability=probability,
            selection=selection,
            q=q,
            risk=risk,
            stop=stop,
            seed=seed,
        ).to_dict()
    except ScenarioError as e:
        fail(e)
    models = tuple(res["models"])
    if as_json:
        print_json(res)
        return
    out.rule(f"[bold]{sc.title}")
    t = Table(
        title="Forecast per issue"
        + (
            f" (BDM: probability={probability}, selection={selection}, q={q:g}, risk={risk}, stop={stop})"
            if "bdm" in models
            else ""
        ),
        title_justify="left",
    )
    t.add_column("issue")
    for m in models:
        t.add_column(LABELS[m], justify="right")
    if "bdm" in models:
        t.add_column(f"{LABELS['bdm']} rounds", justify="right")
    if "ensemble" in models:
        t.add_column("ensemble 80% interval", justify="right")
    t.add_column("scale", justify="right")
    for i in sc.issues:
        cells = [f"{res['models'][m][i.id]:.1f}" for m in models]
        if "bdm" in models:
            cells.append(str(res["bdm"]["rounds_run"][i.id]))
        if "ensemble" in models:
            low, high = res["ensemble"]["interval"][i.id]
            cells.append(f"{low:.1f}–{high:.1f}")
        t.add_row(i.name, *cells, f"{i.scale.min:g}–{i.scale.max:g}")
    out.print(t)
    for m, b in res.get("bargaining", {}).items():
        if not b["feasible"]:
            out.print(
                f"[yellow]note[/] {m}: no package gives every actor more than no deal; "
                "the forecast is the reversion point."
            )
