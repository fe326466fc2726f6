"""Service functions for one scenario: validate, analyze, forecast, win-sets, package search, repair, delay.

Each validates its arguments once (declared with :func:`validate_params`), calls the analysis layer and
returns a typed, frozen result (:mod:`winset.services.results`).  ``scenario`` is a
:class:`~winset.scenario.schema.Scenario`, a built-in name or a scenario file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from winset.models.registry import MODEL_NAMES, OPTION_CHOICES, ForecastOptions, canonical
from winset.scenario.asof import at, state_of, states
from winset.scenario.errors import ScenarioError
from winset.scenario.schema import Scenario
from winset.services._validation import Interval, Options, ScenarioIds, split_ids, validate_params
from winset.services.results import (
    AnalysisResult,
    DelayResult,
    ForecastResult,
    RepairResult,
    SearchResult,
    ValidationResult,
    WinsetsResult,
)
from winset.vocabulary import INSTRUMENTS, REPAIR_COSTS

SAMPLES = Interval(int, 16, 1_048_576)
SEED = Interval(int, 0)
REFERENCE_MODELS = ("compromise", "weighted_median")


def dated(result: dict[str, Any], sc: Scenario) -> dict[str, Any]:
    """Add the snapshot's date and title to a result's ``scenario`` when ``sc`` is a timeline snapshot."""
    st = state_of(sc)
    if st is not None and isinstance(result.get("scenario"), dict):
        result["scenario"] = {**result["scenario"], "date": st.date.isoformat(), "snapshot": st.title}
    return result


@validate_params({})
def scenario_at(scenario: Scenario | str | Path, as_of: str | date | None = None) -> Scenario:
    """The scenario as of a date: with a timeline, its last snapshot on or before ``as_of`` (ISO; default the
    latest); without one, the scenario itself.  What a presenter renders a dated result with."""
    assert isinstance(scenario, Scenario)
    return scenario


def validate(scenario: str | Path) -> ValidationResult:
    """Load and check a scenario file: counts, and the judgement-based numbers without a source."""
    from winset.scenario.audit import undocumented
    from winset.scenario.loader import load, resolve

    sc = load(scenario)  # builds and checks every snapshot of a timeline
    d: dict[str, Any] = {
        "path": str(resolve(scenario)),
        "actors": len(sc.actors),
        "issues": len(sc.issues),
        "bodies": len(sc.bodies),
        "deals": len(sc.deals),
        "undocumented": undocumented(sc),
    }
    if sc.timeline:
        dates = [s.date.isoformat() for s in states(sc)]
        d.update(snapshots=len(dates), dates=dates)
    return ValidationResult.from_dict(d)


@validate_params({"reference": ScenarioIds("deal", extra=("auto", *REFERENCE_MODELS), what="reference")})
def analyze(
    scenario: Scenario | str | Path, reference: str = "auto", as_of: str | date | None = None
) -> AnalysisResult:
    """Forecast (compromise, weighted median, BDM), every deal against each ratifier, and the sticking points.

    ``reference``: the package the other issues are held at in the sticking-point sweep: ``auto`` (the deal
    nearest to agreement), a forecast model (``compromise``, ``weighted_median``) or a deal id.
    ``as_of``: with a timeline, the snapshot of that date (ISO; default: the latest), as every service here.
    """
    from winset.analysis.default import analyze as run

    assert isinstance(scenario, Scenario)
    return AnalysisResult.from_dict(dated(run(scenario, reference=reference), scenario))


@validate_params(
    {
        "rounds": Interval(int, 0, 1000),
        "probability": Options(OPTION_CHOICES["probability"], "probability"),
        "selection": Options(OPTION_CHOICES["selection"], "selection"),
        "q": Interval(float, 0.0, 1.0),
        "risk": Options(OPTION_CHOICES["risk"], "risk"),
        "stop": Options(OPTION_CHOICES["stop"], "stop"),
        "seed": SEED,
    },
    scenario=None,
)
def forecast(
    scenario: Scenario | str | Path,
    model: str | Sequence[str] = "bdm",
    *,
    rounds: int = 10,
    probability: str = "paper",
    selection: str = "least_move",
    q: float = 1.0,
    risk: str = "scholz",
    stop: str = "fixed_point",
    seed: int = 0,
    fill: float | None = None,
    as_of: str | date | None = None,
) -> ForecastResult:
    """Point forecasts per issue from one model, several, or ``all`` (:data:`winset.models.registry.MODELS`).

    ``scenario`` may also be a KTAB ``.csv``/``.xml`` file or an x/c/s table (:func:`winset.io.load_any`).
    """
    from winset.io import load_any
    from winset.models.registry import forecast as run

    models = MODEL_NAMES if model == "all" else tuple(canonical(m) for m in split_ids(model))
    sc = scenario if isinstance(scenario, Scenario) else load_any(str(scenario), fill=fill)
    try:
        sc = at(sc, as_of)
    except ValueError as e:
        raise ScenarioError.single(str(e), file="winset.forecast", field="as_of") from None
    opts = ForecastOptions(
        rounds=rounds,
        probability=probability,  # type: ignore[arg-type]
        selection=selection,  # type: ignore[arg-type]
        q=q,
        risk=risk,  # type: ignore[arg-type]
        stop=stop,  # type: ignore[arg-type]
        seed=seed,
    )
    return ForecastResult.from_dict(dated(run(sc, models, opts), sc))


@validate_params(
    {
        "reference": ScenarioIds("deal", extra=("reversion",), what="reference"),
        "instrument": Options(INSTRUMENTS, "instrument"),
        "samples": Interval(int, 100, 2_000_000),
        "seed": SEED,
    }
)
def winsets(
    scenario: Scenario | str | Path,
    reference: str = "reversion",
    instrument: str = "treaty",
    samples: int = 20_000,
    seed: int = 0,
    as_of: str | date | None = None,
) -> WinsetsResult:
    """Each body's win-set per issue (exact), the 2-D emptiness tests, and the zone of possible agreement."""
    from winset.analysis.winsets import winset_report

    assert isinstance(scenario, Scenario)
    res = winset_report(scenario, reference=reference, instrument=instrument, samples=samples, seed=seed)
    return WinsetsResult.from_dict(res)


@validate_params(
    {
        "samples": SAMPLES,
        "seed": SEED,
        "instruments": Options(INSTRUMENTS, "instrument", many=True, allow_none=True),
    }
)
def search(
    scenario: Scenario | str | Path,
    samples: int = 16384,
    seed: int = 0,
    instruments: Sequence[str] | None = None,
    as_of: str | date | None = None,
) -> SearchResult:
    """The ratifiable package with the highest Nash product, per instrument, with the Pareto frontier."""
    from winset.analysis.search import search_packages

    assert isinstance(scenario, Scenario)
    res = search_packages(scenario, n=samples, seed=seed, instruments=list(instruments or []) or None)
    return SearchResult.from_dict(res.as_dict())


@validate_params(
    {"deal": ScenarioIds("deal"), "samples": SAMPLES, "seed": SEED, "cost": Options(REPAIR_COSTS, "cost")}
)
def repair(
    scenario: Scenario | str | Path,
    deal: str,
    samples: int = 16384,
    seed: int = 0,
    cost: str = "distance",
    as_of: str | date | None = None,
) -> RepairResult:
    """The smallest change to ``deal`` (same instrument) that every veto player accepts; ``cost``: ``distance``
    (share of each scale moved) or ``concessions`` (utility the actors concede).  The result says who concedes
    what."""
    from winset.analysis.repair import repair_deal

    assert isinstance(scenario, Scenario)
    return RepairResult.from_dict(repair_deal(scenario, deal, n=samples, seed=seed, cost=cost).as_dict())


@validate_params(
    {
        "side_a": ScenarioIds("actor", many=True),
        "side_b": ScenarioIds("actor", many=True),
        "pie": Interval(float, 0.0, open_low=True),
    }
)
def delay(
    scenario: Scenario | str | Path,
    side_a: str | Sequence[str] = (),
    side_b: str | Sequence[str] = (),
    pie: float = 1.0,
    as_of: str | date | None = None,
) -> DelayResult:
    """Who gains from waiting (Rubinstein), how long agreement may take (war of attrition), what it costs.

    ``side_a``, ``side_b``: actor ids (a list or a comma-separated string); by default the actor with the
    largest capability against the next largest, or the sides the scenario declares.
    """
    from winset.analysis.delay import analyse_delay
    from winset.scenario.compiled import compile_scenario

    assert isinstance(scenario, Scenario)
    side_a, side_b = split_ids(side_a), split_ids(side_b)
    both = sorted(set(side_a) & set(side_b))
    if both:
        raise ScenarioError.single(
            f"on both sides: {', '.join(both)}", file="winset.analysis.delay", field="side_b"
        )
    c = compile_scenario(scenario)
    d = analyse_delay(scenario, c, side_a or None, side_b or None, pie=pie)
    return DelayResult.from_dict(d.as_dict(scenario.id, c.issue_ids))
