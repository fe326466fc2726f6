"""The typed results (winset.services.results) reproduce byte for byte the JSON each command prints today.

Each JSON is built by calling the library exactly as the CLI command does (same functions, same defaults and
options as /work/cmp/capture.sh), then ``Model.from_dict(d).to_dict()`` must dump to the very same text.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from helpers import actor, scenario
from winset.scenario import load
from winset.services import results as R

SCENARIOS = ("anchorage-2025", "panama-canal-1978")


def dumps(d: Any) -> str:
    return json.dumps(d, indent=2, ensure_ascii=False)


def round_trip(model: type[R.Result], d: dict[str, Any]) -> R.Result:
    """Assert the byte-identical round trip and return the model."""
    m = model.from_dict(d)
    assert dumps(m.to_dict()) == dumps(d)
    # and the model's own JSON serialisation (FastAPI's) agrees, non-finite numbers aside (it writes null)
    if not any(w in dumps(d) for w in ("NaN", "Infinity")):
        assert json.loads(m.model_dump_json()) == json.loads(dumps(d))
    return m


# ---------------------------------------------------------------------------------------------------------
# builders: the library calls each command makes
# ---------------------------------------------------------------------------------------------------------
def analyze_json(sc: Any, reference: str = "auto") -> dict[str, Any]:
    from winset.analysis.default import analyze

    return analyze(sc, reference=reference)


def forecast_json(sc: Any, model: str = "all") -> dict[str, Any]:
    from winset.models.registry import MODEL_NAMES, forecast

    models = MODEL_NAMES if model == "all" else (model,)
    return forecast(sc, models)


def winsets_json(sc: Any, samples: int = 20_000) -> dict[str, Any]:
    from winset.analysis.winsets import winset_report

    return winset_report(sc, reference="reversion", instrument="treaty", samples=samples, seed=0)


def search_json(sc: Any, n: int = 1024) -> dict[str, Any]:
    from winset.analysis.search import search_packages

    return search_packages(sc, n=n, seed=0, instruments=None).as_dict()


def repair_json(sc: Any, deal: str, n: int = 1024) -> dict[str, Any]:
    from winset.analysis.repair import repair_deal

    return repair_deal(sc, deal, n=n, seed=0).as_dict()


def delay_json(sc: Any) -> dict[str, Any]:
    from winset.analysis.delay import analyse_delay
    from winset.scenario import compile_scenario

    c = compile_scenario(sc)
    return analyse_delay(sc, c, None, None, pie=1.0).as_dict(sc.id, c.issue_ids)


def sweep_json(sc: Any, draws: int = 400, big_issue_draws: int = 50) -> dict[str, Any]:
    from winset.uncertainty import big_issue_probability, sweep

    data = sweep(sc, draws=draws, seed=0, chunk=5000, client=None).to_json(top=5)
    if big_issue_draws:
        data["one_big_issue"] = big_issue_probability(sc, draws=big_issue_draws, seed=0)
    return data


def pareto_json(domain: Path, top: int = 10) -> dict[str, Any]:
    """What ``winset pareto --json`` prints (built by the service)."""
    from winset.services import pareto

    return pareto(domain, top=top).to_dict()


def senate_json(folder: Path, w2: float = 0.5638) -> dict[str, Any]:
    """What ``winset senate-history --json`` prints (built by the service)."""
    from winset.services import senate_history

    return senate_history(folder, w2).to_dict()


@pytest.fixture(scope="module", params=SCENARIOS)
def builtin(request: pytest.FixtureRequest) -> Any:
    return load(request.param)


def test_analyze(builtin: Any) -> None:
    d = analyze_json(builtin)
    m = round_trip(R.AnalysisResult, d)
    assert isinstance(m, R.AnalysisResult)
    assert [x.id for x in m.deals] == [x.id for x in builtin.deals]
    # every other reference the CLI accepts gives the same shape
    for ref in ("compromise", "weighted_median", builtin.deals[-1].id):
        round_trip(R.AnalysisResult, analyze_json(builtin, ref))


def test_forecast_all_models(builtin: Any) -> None:
    m = round_trip(R.ForecastResult, forecast_json(builtin))
    assert isinstance(m, R.ForecastResult)
    assert m.bdm is not None and m.smp is not None and m.bargaining is not None


@pytest.mark.parametrize("model", ["bdm", "compromise", "smp", "nash"])
def test_forecast_one_model_leaves_the_other_keys_out(builtin: Any, model: str) -> None:
    d = forecast_json(builtin, model)
    m = round_trip(R.ForecastResult, d)
    out = m.to_dict()
    assert ("bdm" in out) is (model == "bdm")
    assert ("smp" in out) is (model == "smp")
    assert ("bargaining" in out) is (model == "nash")


def test_winsets(builtin: Any) -> None:
    round_trip(R.WinsetsResult, winsets_json(builtin))


def test_search(builtin: Any) -> None:
    round_trip(R.SearchResult, search_json(builtin))


def test_repair_every_deal(builtin: Any) -> None:
    for deal in builtin.deals:
        round_trip(R.RepairResult, repair_json(builtin, deal.id))


def test_delay(builtin: Any) -> None:
    round_trip(R.DelayResult, delay_json(builtin))


def test_sweep(builtin: Any) -> None:
    d = sweep_json(builtin)
    round_trip(R.SweepResult, d)
    # --big-issue-draws 0 leaves the key out; so does the model
    del d["one_big_issue"]
    assert "one_big_issue" not in R.SweepResult.from_dict(d).to_dict()
    round_trip(R.SweepResult, d)


def test_evaluate() -> None:
    from winset.io.deu import read
    from winset.studies.accuracy import evaluate

    data = Path(__file__).resolve().parent.parent / "data" / "deu-sample.csv"
    d = evaluate(read(data), rounds=10, probability="paper")
    m = round_trip(R.EvaluateResult, d)
    assert isinstance(m, R.EvaluateResult)
    # Nash needs a REVERSION row: scored on fewer issues, null where it does not apply
    assert m.models["nash"].n < len(m.issues)
    assert any(r.nash is None for r in m.issues)
    # fewer models: their keys are absent from every row (not null)
    d2 = evaluate(read(data), models=("compromise", "weighted_median"), rounds=10)
    out = round_trip(R.EvaluateResult, d2).to_dict()
    assert all("bdm" not in r and "nash" not in r for r in out["issues"])


def test_pareto(reference_data: Path) -> None:
    base = reference_data / "negmas-genius-scenarios" / "genius-xml"
    for name in ("ItexvsCypress", "EnglandZimbabwe"):
        round_trip(R.ParetoResult, pareto_json(base / name))


def test_senate_history(reference_data: Path) -> None:
    folder = reference_data / "voteview-senate-treaties"
    if not folder.is_dir():
        pytest.skip("voteview-senate-treaties not present")
    d = senate_json(folder)
    round_trip(R.SenateHistoryResult, d)
    round_trip(R.SenateHistoryResult, senate_json(folder, w2=1))  # an integer --w2 stays an integer


# ---------------------------------------------------------------------------------------------------------
# edge cases: scenarios without deals, bodies or uncertain numbers; infeasible searches
# ---------------------------------------------------------------------------------------------------------
def bare() -> Any:
    """Two actors, two issues, no bodies, no deals, no uncertain numbers."""
    return scenario(
        ["x", "y"],
        [actor("A", {"x": 20, "y": 70}), actor("B", {"x": 80, "y": 40}, cap=2.0)],
        {"x": 50, "y": 50},
    )


def opposed() -> Any:
    """A wants x low, B high, reversion between: no package both prefer to no deal (one deal, one body)."""
    return scenario(
        ["x"],
        [actor("A", {"x": 0}), actor("B", {"x": 100})],
        {"x": 50},
        bodies=[
            {
                "id": "sen",
                "name": "Senate",
                "actor": "A",
                "rule": "majority",
                "members": [{"id": f"m{p}", "weight": 1, "ideal": {"x": p}} for p in (0, 10, 90)],
            }
        ],
        deals=[{"id": "d", "name": "deal", "terms": {"x": 70}}],
        veto=["A", "B", "sen"],
    )


def uncertain() -> Any:
    """Uncertain positions and lives lost: inputs, tornado and lives_over_horizon present."""
    return scenario(
        ["x"],
        [actor("A", {"x": {"value": 40, "low": 20, "high": 60}}), actor("B", {"x": 80})],
        {"x": 50},
        deals=[{"id": "d", "name": "d", "terms": {"x": 60}}],
        cost_of_delay={
            "lives_per_week": {"value": 7000, "low": 3000, "high": 10000},
            "horizon_weeks": {"value": 26, "low": 8, "high": 52},
        },
    )


def test_scenario_without_deals_or_bodies() -> None:
    sc = bare()
    a = round_trip(R.AnalysisResult, analyze_json(sc))
    assert isinstance(a, R.AnalysisResult)
    assert a.deals == [] and a.sticking_points.reference == "compromise"
    round_trip(R.ForecastResult, forecast_json(sc))
    w = round_trip(R.WinsetsResult, winsets_json(sc, samples=500))
    assert isinstance(w, R.WinsetsResult) and w.one_d == [] and w.two_d == []
    round_trip(R.SearchResult, search_json(sc, n=64))
    round_trip(R.DelayResult, delay_json(sc))
    s = round_trip(R.SweepResult, sweep_json(sc, draws=20, big_issue_draws=5))
    out = s.to_dict()
    assert out["inputs"] == [] and out["tornado"] == {} and out["deals"] == {}
    assert "lives_over_horizon" not in out


def test_infeasible_search_and_repair() -> None:
    sc = opposed()
    s = round_trip(R.SearchResult, search_json(sc, n=64))
    assert isinstance(s, R.SearchResult)
    assert not s.feasible and s.package is None and s.nash_value is None
    r = round_trip(R.RepairResult, repair_json(sc, "d", n=64))
    assert isinstance(r, R.RepairResult)
    assert not r.found and r.distance is None
    round_trip(R.AnalysisResult, analyze_json(sc))
    round_trip(R.WinsetsResult, winsets_json(sc, samples=500))


def test_uncertain_scenario_sweep_and_delay() -> None:
    sc = uncertain()
    s = round_trip(R.SweepResult, sweep_json(sc, draws=50, big_issue_draws=5))
    out = s.to_dict()
    assert out["inputs"] and out["tornado"] and "lives_over_horizon" in out
    round_trip(R.DelayResult, delay_json(sc))


def test_nan_survives() -> None:
    """NaN (a roll call with no scored vote) is printed as NaN by the CLI; the model keeps it."""
    row = {
        "congress": 1,
        "rollnumber": 2,
        "date": "1800-01-01",
        "actual": [1, 2],
        "predicted": [2, 1],
        "actual_pass": False,
        "predicted_pass": False,
        "vote_hit_rate": float("nan"),
        "description": "x",
    }
    m = R.ContestedRollCall.from_dict(row)
    assert math.isnan(m.vote_hit_rate)
    assert dumps(m.to_dict()) == dumps(row)


def test_unknown_keys_are_rejected_and_models_are_frozen() -> None:
    from pydantic import ValidationError

    d = {"output": "r.html", "bytes": 10, "draws": 0}
    m = R.ReportResult.from_dict(d)
    assert m.to_dict() == d
    with pytest.raises(ValidationError):
        R.ReportResult.from_dict({**d, "extra": 1})
    with pytest.raises(ValidationError):
        m.draws = 3  # type: ignore[misc]


def test_validation_result() -> None:
    from winset.scenario import resolve
    from winset.scenario.audit import undocumented

    sc = load("anchorage-2025")
    d = {
        "path": str(resolve("anchorage-2025")),
        "actors": len(sc.actors),
        "issues": len(sc.issues),
        "bodies": len(sc.bodies),
        "deals": len(sc.deals),
        "undocumented": undocumented(sc),
    }
    round_trip(R.ValidationResult, d)


@pytest.mark.parametrize("model", R.RESULT_MODELS, ids=lambda m: m.__name__)
def test_json_schema(model: type[R.Result]) -> None:
    for mode in ("validation", "serialization"):
        schema = model.model_json_schema(mode=mode)  # type: ignore[arg-type]
        assert schema["type"] == "object" and schema["properties"]
        assert schema["additionalProperties"] is False
        # every field documented
        assert all(p.get("description") for p in schema["properties"].values())
