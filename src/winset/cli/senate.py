"""``winset senate-history``: how well DW-NOMINATE ideal points predict US Senate treaty votes at two thirds
(see :mod:`winset.studies.senate_history`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from winset import services
from winset.cli._app import app, fail, out, print_json
from winset.formatting import shorten
from winset.io.voteview import SENATE_W2
from winset.scenario import ScenarioError


@app.command("senate-history")
def senate_history(
    data: Annotated[
        Path | None,
        typer.Option(
            help="Folder voteview-senate-treaties (Voteview extract); "
            "default: found under shared/reference-data."
        ),
    ] = None,
    w2: Annotated[float, typer.Option(help="Second-dimension weight of DW-NOMINATE distances.")] = SENATE_W2,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of tables.")] = False,
    calibration: Annotated[
        bool,
        typer.Option(
            "--calibration",
            help="Score the member-level vote model (cohesion) on every individual vote, leave one roll call "
            "out: Brier score, log-loss and a calibration table.",
        ),
    ] = False,
) -> None:
    """Predict every Senate treaty-ratification roll call's pass/fail at two thirds from ideal points."""
    from rich.table import Table

    if calibration:
        _calibration(data, as_json)
        return
    try:
        res = services.senate_history(data, w2).to_dict()
    except ScenarioError as e:
        fail(e)
    summary, rows = res["summary"], res["contested"]
    if as_json:
        print_json(res)
        return
    t = Table(
        title="US Senate treaty votes: DW-NOMINATE prediction at two thirds (scaled roll calls and failures)",
        title_justify="left",
    )
    for col in ("congress/roll", "date", "actual", "predicted", "result", "votes right", "treaty"):
        t.add_column(col)
    for r in rows:
        ok = r["actual_pass"] == r["predicted_pass"]
        verdict = ("pass" if r["actual_pass"] else "FAIL") + (" [green]✓[/]" if ok else " [red]✗[/]")
        vh = r["vote_hit_rate"]
        t.add_row(
            f"{r['congress']}/{r['rollnumber']}",
            r["date"],
            "{}–{}".format(*r["actual"]),
            "{}–{}".format(*r["predicted"]),
            verdict,
            "" if vh != vh else f"{vh:.0%}",
            shorten(r["description"], 60),
        )
    out.print(t)
    n, p, loo = summary["roll_calls"], summary, summary["out_of_sample"]
    out.print(
        f"In-sample (Voteview's cutting lines, fitted to these very votes): roll calls right {p['hits']}/{n} "
        f"({p['hit_rate']:.1%}) against the always-'pass' baseline {p['baseline_hits']}/{n} "
        f"({p['baseline_always_pass']:.1%}); on the {p['scaled']} roll calls with a cutting line "
        f"{p['scaled_hits']}/{p['scaled']} against {p['scaled_baseline_hits']}/{p['scaled']}. "
        f"Failures caught: {p['failures_caught']}/{p['failures']}. Individual votes right on the scaled roll "
        f"calls: {p['vote_hit_rate']:.1%} ({p['votes_scored']} votes)."
    )
    out.print(
        f"Out-of-sample (leave-one-out dim-1 cutting point from the other treaty votes): {loo['hits']}/{n} "
        f"against the baseline {loo['baseline_hits']}/{n}; failures caught {loo['failures_caught']}/"
        f"{p['failures']}. "
        + ("Beats" if loo["beats_baseline"] else "Does not beat")
        + " the always-'pass' baseline."
    )


NAMES = {
    "cohesion": "cohesion (winset's vote model)",
    "cohesion_by_side": "cohesion by side",
    "always_yea": "always yea",
    "deterministic_rule": "deterministic ideal-point rule",
    "base_rate": "base rate",
}


def _calibration(data: Path | None, as_json: bool) -> None:
    from rich.table import Table

    try:
        res = services.senate_calibration(data).to_dict()
    except ScenarioError as e:
        fail(e)
    if as_json:
        print_json(res)
        return
    t = Table(
        title=f"P(yea) per senator on {res['votes']:,} treaty votes ({res['roll_calls']} roll calls), "
        "leave one roll call out",
        title_justify="left",
    )
    t.add_column("prediction")
    t.add_column("Brier", justify="right")
    t.add_column("log-loss", justify="right")
    t.add_column(f"Brier, {res['scaled_votes']:,} votes on scaled roll calls", justify="right")
    t.add_column("log-loss, scaled", justify="right")
    for m, sc in res["scores"].items():
        s2 = res["scores_scaled"][m]
        t.add_row(
            NAMES.get(m, m),
            f"{sc['brier']:.4f}",
            f"{sc['log_loss']:.4f}",
            f"{s2['brier']:.4f}",
            f"{s2['log_loss']:.4f}",
        )
    out.print(t)
    t = Table(
        title="Calibration of the cohesion model (votes binned by predicted P(yea))", title_justify="left"
    )
    for col in ("predicted P(yea)", "votes", "mean predicted", "observed yea share"):
        t.add_column(col, justify="right")
    for r in res["calibration"]:
        t.add_row(
            f"{r['low']:.1f}–{r['high']:.1f}",
            f"{r['votes']:,}",
            f"{r['predicted']:.3f}",
            f"{r['observed']:.3f}",
        )
    out.print(t)
    lo, hi = res["cohesion_range"]
    out.print(
        f"Cohesion fitted without each roll call: {lo:.3f}–{hi:.3f}. Log-loss clips P to "
        f"[{res['log_loss_clip']:g}, 1 − {res['log_loss_clip']:g}] (only the deterministic predictions reach it). "
        f"{res['method']}."
    )
