"""Service functions beyond one scenario's point analysis: the Monte Carlo sweep, forecast accuracy on
outcome data (DEU), the Pareto frontier of a GENIUS domain, and Senate treaty history (Voteview)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from winset.io.deu_wide import SCHEMES as CAPABILITY_SCHEMES
from winset.models.registry import OPTION_CHOICES
from winset.scenario.errors import ScenarioError
from winset.scenario.schema import Scenario
from winset.services._analysis import dated
from winset.services._validation import Interval, Options, split_ids, validate_params
from winset.services.results import (
    EvaluateResult,
    ParetoResult,
    SenateCalibrationResult,
    SenateHistoryResult,
    SweepResult,
)
from winset.uncertainty import BIG_ISSUE_DRAWS, MAX_DRAWS

BIG_ISSUE_MAX = 100_000
"""Most draws on which the exact sticking-point analysis runs (it costs one analysis per draw)."""


@validate_params(
    {
        "draws": Interval(int, 1, MAX_DRAWS),
        "seed": Interval(int, 0),
        "chunk": Interval(int, 1),
        "big_issue_draws": Interval(int, 0, BIG_ISSUE_MAX, allow_none=True),
        "workers": Interval(int, 1),
        "top": Interval(int, 0),
    }
)
def sweep(
    scenario: Scenario | str | Path,
    draws: int = 10_000,
    seed: int = 0,
    *,
    chunk: int = 5000,
    scheduler: str | None = None,
    workers: int = 2,
    connect_timeout: float = 10.0,
    top: int = 5,
    big_issue_draws: int | None = None,
    progress: Callable[[int], None] | None = None,
    as_of: str | date | None = None,
) -> SweepResult:
    """Sample every uncertain number: forecast intervals, P(each deal is ratified), what drives the result,
    and how often each issue is the one big issue (on the first ``big_issue_draws`` draws, default 300).

    ``as_of``: with a timeline, the snapshot of that date (default: the latest).
    ``scheduler``: run the chunks on a Dask cluster (``tcp://host:8786``, or ``local`` for a LocalCluster of
    ``workers`` processes).  ``progress`` is called with the number of draws each finished chunk adds.
    """
    from winset.uncertainty import big_issue_probability, dask_client
    from winset.uncertainty import sweep as run

    assert isinstance(scenario, Scenario)
    k = min(BIG_ISSUE_DRAWS, draws) if big_issue_draws is None else big_issue_draws
    if k > draws:
        raise ScenarioError.single(
            f"must be between 0 and min(draws, {BIG_ISSUE_MAX:,}), got {k}",
            file="winset.sweep",
            field="big_issue_draws",
        )
    try:
        with dask_client(scheduler, workers, connect_timeout) as client:
            res = run(scenario, draws=draws, seed=seed, chunk=chunk, client=client, progress=progress)
    except (OSError, TimeoutError) as e:
        raise ScenarioError.single(
            f"cannot reach the Dask scheduler {scheduler} ({e})", file="winset.sweep", field="scheduler"
        ) from None
    data = res.to_json(top=top)
    if k:
        data["one_big_issue"] = big_issue_probability(scenario, draws=k, seed=seed)
    return SweepResult.from_dict(dated(data, scenario))


@validate_params(
    {
        "rounds": Interval(int, 0, 1000),
        "probability": Options(OPTION_CHOICES["probability"], "probability"),
        "capability": Options(CAPABILITY_SCHEMES, "capability scheme"),
        "seed": Interval(int, 0),
    },
    scenario=None,
)
def evaluate(
    dataset: str | Path,
    rounds: int = 10,
    probability: str = "paper",
    *,
    capability: str = "nice",
    models: str | Sequence[str] = "all",
    seed: int = 0,
    cross_validate: bool = False,
    fit_ensemble: bool = False,
) -> EvaluateResult:
    """Accuracy of each model's forecasts against the observed outcomes of a DEU file (the DEU III layout or
    the long CSV layout): mean and median absolute error, share within 10 points, per procedure and rule,
    and a paired bootstrap of each model's difference from the compromise model.

    ``models``: ``all``, ``fast`` (every model but BDM and SMP) or a comma-separated list.
    ``cross_validate``: also the error of every fast model and of the ensemble cross-validated by proposal,
    and the coverage of the ensemble's 80 % interval; ``fit_ensemble``: the ensemble fitted on every issue
    (to be run on the development half only)."""
    from winset.io.deu import read
    from winset.studies.accuracy import FAST_MODELS, MODELS
    from winset.studies.accuracy import evaluate as run

    chosen: tuple[str, ...]
    if models == "all":
        chosen = MODELS
    elif models == "fast":
        chosen = FAST_MODELS
    else:
        chosen = tuple(split_ids(models))
        bad = [m for m in chosen if m not in MODELS]
        if bad:
            raise ScenarioError.single(
                f"unknown model '{bad[0]}': use all, fast or some of {', '.join(MODELS)}",
                file="winset.evaluate",
                field="models",
            )
    issues = read(dataset, capability=capability)
    res = run(issues, chosen, seed=seed, rounds=rounds, probability=probability)
    if cross_validate or fit_ensemble:
        from winset.studies import ensemble

        n_prop = len({it.proposal or it.id for it in issues})
        need = ensemble.FOLDS * 2 if cross_validate else ensemble.INNER
        if n_prop < need:
            raise ScenarioError.single(
                f"{n_prop} proposal(s): cross-validation by proposal needs at least {need}",
                file=str(dataset),
                field="--cross-validate" if cross_validate else "--fit-ensemble",
            )

        if cross_validate:
            res["cross_validation"] = ensemble.cross_validate(issues, seed=seed)
        if fit_ensemble:
            res["ensemble_fit"] = ensemble.fit(issues, seed=seed)
    return EvaluateResult.from_dict(res)


PARETO_METHODS = ("auto", "additive", "enumerate")


@validate_params(
    {"top": Interval(int, 0), "method": Options(PARETO_METHODS, "method")},
    scenario=None,
)
def pareto(
    domain: str | Path | Scenario,
    profiles: Sequence[str | Path] | None = None,
    top: int = 10,
    method: str = "auto",
) -> ParetoResult:
    """Exact Pareto frontier, Nash and both Kalai-Smorodinsky outcomes of an additive domain: a GENIUS folder
    (or domain XML with ``profiles``), or a scenario (built-in name, file or object) whose issues are all
    discrete.  ``method``: ``auto`` (the additive path: every such domain is additive), ``additive``, or
    ``enumerate`` (list every outcome)."""
    from winset.analysis.pareto import KS_DEFINITIONS, MAX_OUTCOMES
    from winset.analysis.pareto.domains import AdditiveDomain, summarise
    from winset.services._validation import as_scenario

    where = str(domain) if not isinstance(domain, Scenario) else domain.id
    if not isinstance(domain, Scenario) and (Path(domain).is_dir() or Path(domain).suffix.lower() == ".xml"):
        from winset.io.genius import load_genius

        g = load_genius(Path(domain), list(profiles) if profiles else None)
        if len(g.profiles) < 2:
            raise ScenarioError.single(
                f"needs at least two utility spaces, found {len(g.profiles)}", file=where, field="profile"
            )
        dom = AdditiveDomain.from_genius(g)
    else:
        if not isinstance(domain, Scenario) and not Path(domain).exists() and Path(domain).suffix:
            raise ScenarioError.single("no such folder or file", file=where)
        sc = as_scenario(domain)
        try:
            dom = AdditiveDomain.from_scenario(sc)
        except ValueError as e:
            raise ScenarioError.single(
                f"the Pareto frontier needs a discrete grid: {e}", file=where, field="issues"
            ) from None
    if method == "enumerate" and dom.n_outcomes > MAX_OUTCOMES:
        raise ScenarioError.single(
            f"{dom.n_outcomes:,} outcomes: more than the {MAX_OUTCOMES:,} enumerated here (use --method additive)",
            file=where,
            field="method",
        )
    s = summarise(dom, method)
    names = list(dom.parties)
    util = s["utilities"]

    def row(i: int | None) -> dict[str, Any] | None:
        if i is None:
            return None
        return {
            "outcome": {
                iss: vals[int(j)]
                for iss, vals, j in zip(dom.issues, dom.values, s["choices"][i], strict=True)
            },
            "utility": {n: round(float(x), 6) for n, x in zip(names, util[i], strict=True)},
        }

    return ParetoResult.from_dict(
        {
            "domain": dom.name,
            "parties": names,
            "bargaining_parties": [names[int(i)] for i in dom.bargainers],
            "issues": list(dom.issues),
            "n_outcomes": dom.n_outcomes,
            "method": s["method"],
            "rational": s["rational"],
            "disagreement": dict(zip(names, map(float, s["disagreement"]), strict=True)),
            "frontier_size": int(len(util)),
            "frontier": [row(i) for i in range(min(top, len(util)))],
            "nash": row(s["nash"]),
            "kalai_smorodinsky": row(s["ks_maxmin"]),
            "kalai_smorodinsky_spread": row(s["ks_spread"]),
            "ks_definitions": dict(KS_DEFINITIONS),
            "max_welfare": row(s["max_welfare"]),
        }
    )


def _default_voteview() -> Path | None:
    """The Voteview extract under a ``shared/reference-data`` folder beside or above the working directory."""
    from winset.io.voteview import FOLDER

    here = Path(__file__).resolve().parents[3]
    for base in (Path.cwd(), *Path.cwd().parents, here):
        for cand in (base / "shared" / "reference-data", base.parent / "shared" / "reference-data"):
            if (cand / FOLDER).is_dir():
                return cand / FOLDER
    return None


def _load_voteview(data: str | Path | None) -> Any:
    """The Voteview extract from ``data`` (default: found under shared/reference-data); ScenarioError when it
    is missing or malformed (file, line and column)."""
    from winset.io.voteview import ExtractError, load_treaties

    folder = Path(data) if data else _default_voteview()
    if folder is None or not folder.is_dir():
        raise ScenarioError.single(
            "Voteview extract not found; give --data .../voteview-senate-treaties",
            file=str(folder or "shared/reference-data"),
            field="data",
        )
    try:
        return load_treaties(folder)
    except ExtractError as e:
        raise ScenarioError.single(
            f"cannot read the Voteview extract: {e.message}",
            file=str(folder / e.file),
            line=e.line,
            field=e.column,
        ) from None
    except (OSError, KeyError, ValueError) as e:
        raise ScenarioError.single(f"cannot read the Voteview extract: {e}", file=str(folder)) from None


@validate_params({"bins": Interval(int, 2, 100)}, scenario=None)
def senate_calibration(data: str | Path | None = None, bins: int = 10) -> SenateCalibrationResult:
    """The member-level vote model (cohesion around the ideal-point rule) against every individual Senate
    treaty vote, leave one roll call out: Brier score and log-loss of P(yea) against always-yea, the
    deterministic rule and the base rate, and a calibration table."""
    import numpy as np

    from winset.studies.vote_calibration import EPS, MODELS, calibrate

    d = _load_voteview(data)
    c = calibrate(d)
    scaled = (np.abs(d.spread).sum(-1) > 0)[d.vote_rc]

    def scores(sel: Any) -> dict[str, dict[str, float]]:
        out = {}
        for m in MODELS:
            p, y = c.p[m][sel], c.y[sel]
            pc = np.clip(p, EPS, 1 - EPS)
            out[m] = {
                "brier": round(float(np.mean((p - y) ** 2)), 5),
                "log_loss": round(float(-np.mean(y * np.log(pc) + (1 - y) * np.log(1 - pc))), 5),
            }
        return out

    every = np.ones_like(scaled)
    return SenateCalibrationResult.from_dict(
        {
            "method": "leave one roll call out: the dim-1 cutting rule and the cohesion are fitted on the other "
            "roll calls' votes; P(yea) = cohesion where the rule says yea, 1 - cohesion where it says nay",
            "votes": c.votes,
            "roll_calls": c.roll_calls,
            "yea_share": round(c.yea_share, 5),
            "log_loss_clip": EPS,
            "cohesion_range": [round(float(c.cohesion.min()), 5), round(float(c.cohesion.max()), 5)],
            "scores": scores(every),
            "scaled_votes": int(scaled.sum()),
            "scores_scaled": scores(scaled),
            "calibration": [
                {k: (round(v, 5) if isinstance(v, float) else v) for k, v in row.items()}
                for row in c.table("cohesion", bins)
            ],
        }
    )


@validate_params({"w2": Interval(float, 0.0, 2.0)}, scenario=None)
def senate_history(data: str | Path | None = None, w2: float | None = None) -> SenateHistoryResult:
    """Every Senate treaty roll call in the Voteview extract, predicted pass/fail at two thirds from
    DW-NOMINATE ideal points (in sample), with a leave-one-out prediction and the always-pass baseline."""
    from winset.io.voteview import SENATE_W2
    from winset.studies.senate_history import predict_treaties, predict_treaties_loo

    w2 = SENATE_W2 if w2 is None else w2
    d = _load_voteview(data)
    p = predict_treaties(d, w2)
    loo = predict_treaties_loo(d)
    n = len(d.congress)
    rows = [
        {
            "congress": int(d.congress[i]),
            "rollnumber": int(d.rollnumber[i]),
            "date": d.date[i],
            "actual": [int(d.yea_count[i]), int(d.nay_count[i])],
            "predicted": [int(p.pred_yea[i]), int(p.pred_nay[i])],
            "actual_pass": bool(p.actual_pass[i]),
            "predicted_pass": bool(p.pred_pass[i]),
            "vote_hit_rate": p.vote_hit_rate_of(i),
            "description": d.description[i],
        }
        for i in range(n)
        if p.scaled[i] or not p.actual_pass[i]
    ]
    summary = {
        "roll_calls": n,
        "scaled": int(p.scaled.sum()),
        "hit_rate": p.hit_rate,
        "hits": p.hits,
        "baseline_always_pass": p.baseline_hit_rate,
        "baseline_hits": p.baseline_hits,
        "beats_baseline": p.hits > p.baseline_hits,
        "scaled_hits": p.scaled_hits,
        "scaled_baseline_hits": p.scaled_baseline_hits,
        "failures": int(len(p.failures)),
        "failures_caught": p.failures_caught,
        "vote_hit_rate": p.vote_hit_rate,
        "votes_scored": int(p.vote_used.sum()),
        "w2": w2,
        "in_sample": True,
        "out_of_sample": {
            "method": "leave-one-out cutting point on DW-NOMINATE dim 1, fitted on the "
            "other treaty roll calls' votes",
            "hits": loo.hits,
            "hit_rate": loo.hits / n,
            "baseline_hits": loo.baseline_hits,
            "beats_baseline": loo.hits > loo.baseline_hits,
            "failures_caught": loo.failures_caught,
        },
    }
    return SenateHistoryResult.from_dict({"summary": summary, "contested": rows})
