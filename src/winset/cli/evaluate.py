"""``winset evaluate``: each forecasting model's error against actual outcomes (DEU III or the long layout)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from winset import services
from winset.cli._app import app, fail, out, print_json
from winset.models.registry import LABELS
from winset.scenario import ScenarioError


def _label(m: str) -> str:
    return LABELS.get(m, m)


def _num(v: float | None, fmt: str = ".2f") -> str:
    return "—" if v is None else format(v, fmt)


@app.command("evaluate")
def evaluate_cmd(
    dataset: Annotated[
        Path,
        typer.Argument(
            help="The DEU III file (tab-separated, one line per issue) or a CSV in the long layout: "
            "columns issue, actor, position, salience and capability (optional scale_min and scale_max), "
            "with an OUTCOME row per issue. See docs/models.md."
        ),
    ],
    capability: Annotated[
        str,
        typer.Option(
            help="Capability of each actor in a DEU III file: nice, lisbon, population, gdp, equal or treaty "
            "(the Council weights in force when the proposal was made)."
        ),
    ] = "nice",
    models: Annotated[
        str,
        typer.Option(help="all, fast (all but BDM and SMP) or a comma-separated list of models."),
    ] = "all",
    cross_validate: Annotated[
        bool,
        typer.Option(
            "--cross-validate",
            help="Also cross-validate by proposal (the fast models and the ensemble, with the coverage of "
            "its 80% interval). Development data only.",
        ),
    ] = False,
    fit_ensemble: Annotated[
        Path | None,
        typer.Option(help="Fit the ensemble on every issue and write its parameters to this JSON file."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the bootstrap and of the fold assignment.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    rounds: Annotated[int, typer.Option(help="Largest number of BDM rounds.")] = 10,
    probability: Annotated[str, typer.Option(help="BDM probability of success: paper or code.")] = "paper",
) -> None:
    """Each model's absolute error against the outcomes: overall, per procedure and Council rule, and its
    difference from the compromise model with a bootstrap interval."""
    from rich.table import Table

    try:
        res = services.evaluate(
            dataset,
            rounds=rounds,
            probability=probability,
            capability=capability,
            models=models,
            seed=seed,
            cross_validate=cross_validate,
            fit_ensemble=fit_ensemble is not None,
        ).to_dict()
    except ScenarioError as e:
        fail(e)
    if fit_ensemble is not None:
        _write_fit(fit_ensemble, dataset, capability, res["ensemble_fit"])
    if as_json:
        print_json(res)
        return
    n_all = len(res["issues"])
    t = Table(
        title=f"Forecast accuracy on {dataset.name} ({n_all} issues, capability {capability})",
        title_justify="left",
        caption="Mean and median absolute error on the issue scale. Δ: the model's mean error minus the compromise model's "
        "on the issues both forecast, with a 95% bootstrap interval (proposals resampled). Models scored on "
        "fewer issues (no reference point) come after those scored on all."
        + (
            " The ensemble was fitted on the DEU III development half: on that file its row is in-sample; "
            "use --cross-validate for its held-out error."
            if "ensemble" in res["models"]
            else ""
        ),
        caption_justify="left",
    )
    for name, just in (("model", "left"), ("issues", "right"), ("mean", "right"), ("median", "right")):
        t.add_column(name, justify=just)  # type: ignore[arg-type]
    t.add_column("within 10", justify="right")
    t.add_column("Δ vs compromise [95%]", justify="right")
    rows = sorted(res["models"].items(), key=lambda kv: (-kv[1]["n"], kv[1]["mae"] or 0.0))
    for m, v in rows:
        d = v["vs_compromise"]
        t.add_row(
            _label(m),
            str(v["n"]),
            _num(v["mae"]),
            _num(v["median"]),
            _num(v["within10"], ".0%"),
            "—" if d is None else f"{d['mean']:+.2f} [{d['low']:+.2f}, {d['high']:+.2f}]",
        )
    out.print(t)
    if res["groups"]:
        g = Table(title="Mean absolute error per procedure and Council rule (issues)", title_justify="left")
        g.add_column("model")
        for label in res["groups"]:
            g.add_column(label, justify="right")
        for m, _v in rows:
            cells = []
            for grp in res["groups"].values():
                s: dict[str, Any] = grp[m]
                cells.append("—" if s["mae"] is None else f"{s['mae']:.2f} ({s['n']})")
            g.add_row(_label(m), *cells)
        out.print(g)
    cv = res.get("cross_validation")
    if cv:
        c = Table(
            title=f"Cross-validated by proposal ({cv['folds']} folds of {cv['proposals']} proposals; "
            f"hyper-parameters chosen in {cv['inner']} inner folds)",
            title_justify="left",
            caption=f"Ensemble 80% interval: covers {cv['coverage']:.1%} of held-out outcomes; mean width "
            f"{cv['interval_width']:.0%} of the scale.",
            caption_justify="left",
        )
        c.add_column("model")
        c.add_column("issues", justify="right")
        c.add_column("held-out mean abs. error", justify="right")
        for m, v in sorted(cv["models"].items(), key=lambda kv: (-kv[1]["n"], kv[1]["mae"])):
            c.add_row(_label(m), str(v["n"]), f"{v['mae']:.2f}")
        out.print(c)
    if fit_ensemble is not None:
        out.print(f"ensemble parameters written to {fit_ensemble}")


def _write_fit(path: Path, dataset: Path, capability: str, fit: dict[str, Any]) -> None:
    import datetime as dt
    import hashlib

    from winset.studies.ensemble import GRID

    made_by = {
        "command": f"winset evaluate {dataset.name} --capability {capability} --fit-ensemble {path}",
        "data": str(dataset.name),
        "sha256": hashlib.sha256(dataset.read_bytes()).hexdigest(),
        "capability": capability,
        "date": dt.date.today().isoformat(),
        "procedure": "costs of nash_eu and procedural inside the ensemble chosen from the grid "
        f"{list(GRID)} by 5-fold cross-validation by proposal; convex least-absolute-deviation weights on "
        "all issues; half_width = split-conformal 80% quantile of the out-of-fold absolute errors (share of "
        "the scale); model_costs: the costs with the smallest error of each single model",
    }
    try:
        path.write_text(json.dumps({**fit, "made_by": made_by}, indent=2) + "\n", encoding="utf-8")
    except OSError as e:
        fail(
            ScenarioError.single(
                f"cannot write the file ({e.strerror})", file=str(path), field="--fit-ensemble"
            )
        )
