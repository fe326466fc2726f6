"""``winset evaluate``: mean absolute error of each forecasting model against actual outcomes (DEU layout)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from winset import services
from winset.cli._app import app, fail, out, print_json
from winset.models.registry import LABELS
from winset.scenario import ScenarioError


@app.command("evaluate")
def evaluate_cmd(
    dataset: Annotated[
        Path,
        typer.Argument(
            help="CSV in the DEU long layout: issue,actor,position,salience,"
            "capability[,scale_min,scale_max] plus an OUTCOME row per "
            "issue (see docs/models.md)."
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    rounds: Annotated[int, typer.Option(help="Largest number of BDM rounds.")] = 10,
    probability: Annotated[str, typer.Option(help="BDM probability of success: paper or code.")] = "paper",
) -> None:
    """Mean absolute error of the compromise, median, BDM and Nash forecasts against the outcomes."""
    from rich.table import Table

    try:
        res = services.evaluate(dataset, rounds=rounds, probability=probability).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    n_all = len(res["issues"])
    t = Table(
        title=f"Forecast accuracy on {dataset.name} ({n_all} issues)",
        title_justify="left",
        caption="Models scored on fewer issues (Nash needs a REVERSION row) are listed after those "
        "scored on all, so that errors over different issues are not ranked together.",
        caption_justify="left",
    )
    t.add_column("model")
    t.add_column("issues", justify="right")
    t.add_column("mean absolute error", justify="right")
    t.add_column("as share of scale", justify="right")
    for m, v in sorted(
        res["models"].items(),
        key=lambda kv: (kv[1]["mae_share"] is None, -kv[1]["n"], kv[1]["mae_share"] or 0.0),
    ):
        t.add_row(
            LABELS[m],
            str(v["n"]),
            "—" if v["mae"] is None else f"{v['mae']:.3f}",
            "—" if v["mae_share"] is None else f"{v['mae_share']:.1%}",
        )
    out.print(t)
