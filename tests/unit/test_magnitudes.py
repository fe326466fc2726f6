"""Numbers too large for the models' products are refused with the field named (issue 15, defect 2).

A capability of 1e308 used to load; the compromise forecast then multiplied it by a salience and a position,
overflowed to ``inf`` (``null`` over the API) and numpy printed overflow warnings.  Every quantity domain now
ends at :data:`winset.scenario.domains.LARGEST`, so the loader, the sampler and the what-if overrides refuse it.
"""

from __future__ import annotations

import math
import re
import warnings
from pathlib import Path

import numpy as np
import pytest

from helpers import actor, scenario
from winset.analysis.default import analyze
from winset.models.registry import MODEL_NAMES, forecast
from winset.scenario import ScenarioError, load, loads, validate_data
from winset.scenario.domains import DOMAINS, LARGEST
from winset.scenario.loader import resolve
from winset.scenario.schema import Quantity
from winset.web.whatif import Override, apply


def _scaled(scale: dict[str, float], actors: list[dict], reversion: dict[str, float], **extra: object):
    """A scenario whose issues all have the scale ``scale``."""
    ids = list(reversion)
    data = {
        "id": "t",
        "title": "t",
        "issues": [{"id": i, "name": i, "scale": scale} for i in ids],
        "actors": actors,
        "reversion": reversion,
        "veto_players": [a["id"] for a in actors],
        **extra,
    }
    return validate_data(data)


def _panama_with(pattern: str, repl: str) -> str:
    text = resolve("panama-canal-1978").read_text(encoding="utf-8")
    new, n = re.subn(pattern, repl, text, count=1, flags=re.M)
    assert n == 1
    return new


def test_a_capability_of_1e308_is_refused_naming_file_line_and_field():
    text = _panama_with(r"^(    capability: ).*$", r"\g<1>1e308")
    line = 1 + text[: text.index("capability: 1e308")].count("\n")
    with pytest.raises(ScenarioError) as e:
        loads(text, file="big.yaml")
    [p] = e.value.problems
    assert (p.file, p.line, p.field) == ("big.yaml", line, "actors[US].capability")
    assert "1e+308" in p.message and "capability" in p.message


@pytest.mark.parametrize("bad", ["1e40", "-1e40", "1e308"])
def test_huge_member_weight_no_deal_cost_and_range_ends_are_refused(bad):
    text = _panama_with(r"^(\s+weight: {value: )[0-9.]+", rf"\g<1>{bad}")
    with pytest.raises(ScenarioError) as e:
        loads(text, file="w.yaml")
    assert any(p.field.endswith(".weight") for p in e.value.problems)
    q = {"value": 1, "low": 0, "high": float(bad)} if not bad.startswith("-") else None
    if q is not None:
        with pytest.raises(ScenarioError) as e2:
            scenario(["x"], [actor("A", {"x": 1}, cap=q), actor("B", {"x": 2})], {"x": 0})  # type: ignore[arg-type]
        assert e2.value.problems[0].field == "actors[A].capability.high"


@pytest.mark.parametrize("field", ["sd", "low", "high"])
def test_non_finite_range_parameters_are_refused(field):
    kw = {"value": 1.0, "low": 0.0, "high": 2.0} | {field: math.inf if field != "low" else -math.inf}
    if field == "sd":
        kw = {"value": 1.0, "dist": "normal", "sd": math.inf}
    with pytest.raises(ValueError, match="finite"):
        Quantity(**kw)  # type: ignore[arg-type]


def test_a_huge_sd_is_refused_with_the_field_named():
    with pytest.raises(ScenarioError) as e:
        scenario(
            ["x"],
            [actor("A", {"x": 1}, cap={"value": 1, "dist": "normal", "sd": 1e300}), actor("B", {"x": 2})],  # type: ignore[arg-type]
            {"x": 0},
        )
    [p] = e.value.problems
    assert p.field == "actors[A].capability.sd" and "1e+30" in p.message


def test_a_huge_scale_is_refused():
    with pytest.raises(ScenarioError) as e:
        _scaled({"min": -1e300, "max": 1e300}, [actor("A", {"x": 1}), actor("B", {"x": 2})], {"x": 0})
    assert e.value.problems[0].field.startswith("issues[x].scale")


def test_a_whatif_override_of_1e308_is_refused_with_the_field_named():
    sc = load("panama-canal-1978")
    with pytest.raises(ScenarioError) as e:
        apply(sc, [Override(actor="US", field="capability", value=1e308)])
    [p] = e.value.problems
    assert p.field == "actors[US].capability" and "1e+308" in p.message
    with pytest.raises(ScenarioError) as e:
        apply(sc, [Override(actor="US", field="salience", issue="payments", value=1e300)])
    assert e.value.problems[0].field == "actors[US].salience.payments"


def test_every_domain_ends_at_the_largest_magnitude():
    for d in DOMAINS:
        assert not d.contains(2 * LARGEST) and not d.contains(-2 * LARGEST), d.name
        assert d.interval.endswith(("1e+30]", "1]", "1)")), d.interval
        assert not d.contains(math.inf) and not d.contains(-math.inf) and not d.contains(math.nan)
        lo, hi = d.closed_bounds
        assert math.isfinite(lo) and math.isfinite(hi)


# The largest numbers the loader accepts, together, keep every model and the default analysis finite and free of
# floating-point warnings: the products of capability, salience and positions do not overflow.
@pytest.mark.parametrize(
    "cap,sal,scale",
    [(LARGEST, LARGEST, LARGEST), (1e-30, LARGEST, LARGEST), (LARGEST, 1e-30, 1.0), (1.0, 1.0, LARGEST)],
)
def test_the_largest_accepted_numbers_keep_every_forecast_finite(cap, sal, scale):
    sc = _scaled(
        {"min": -scale, "max": scale},
        [
            actor("A", {"x": -scale, "y": scale}, {"x": sal, "y": 1.0}, cap=cap),
            actor("B", {"x": scale, "y": -scale}, {"x": 1.0, "y": sal}, cap=LARGEST),
            actor("C", {"x": 0.0, "y": scale / 2}, {"x": sal, "y": sal}, cap=1.0),
        ],
        {"x": 0.0, "y": 0.0},
        bodies=[
            {
                "id": "S",
                "name": "S",
                "rule": "majority",
                "members": [
                    {"id": "m1", "weight": LARGEST, "ideal": {"x": scale}, "no_deal_cost": -LARGEST},
                    {"id": "m2", "weight": 1.0, "ideal": {"x": -scale}, "salience": {"x": LARGEST}},
                ],
            }
        ],
        deals=[{"id": "d", "name": "d", "terms": {"x": scale / 3, "y": -scale / 3}}],
    )
    with warnings.catch_warnings(), np.errstate(over="raise"):
        warnings.filterwarnings("error", message=".*overflow", category=RuntimeWarning)
        fc = forecast(sc, MODEL_NAMES)["models"]
        res = analyze(sc)
    for name, by_issue in fc.items():
        assert all(math.isfinite(v) for v in by_issue.values()), (name, by_issue)
    assert all(math.isfinite(v) for v in res["forecast"]["compromise"].values())


def test_the_readme_scenarios_sit_far_below_the_limit():
    for name in ("anchorage-2025", "panama-canal-1978"):
        assert load(name) is not None
    assert LARGEST >= 1e15  # a GDP in dollars (~2.5e13) or a population (~1.4e9) still loads
    assert Path(resolve("anchorage-2025")).exists()
