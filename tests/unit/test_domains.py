"""Quantity domains: one table (winset.scenario.domains) for the loader's checks and the sampler's bounds."""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import actor, scenario
from winset.analysis.default import analyze
from winset.scenario import ScenarioError, compile_scenario, load, validate_data
from winset.scenario.domains import DOMAINS, LARGEST, domain_of
from winset.uncertainty import PPF, Input, sweep, uncertain_inputs
from winset.uncertainty.sampling import make_input
from winset.vocabulary import DISTRIBUTIONS


# ---------------------------------------------------------------------------------------------------------
# (a) a member's negative no-deal cost is not clipped by the sweep
# ---------------------------------------------------------------------------------------------------------
def _no_deal_gain(low: float, value: float, high: float):
    """One issue x on [0, 100], reversion 0, one deal at 50; body S (majority, linear utility) of one member m
    (weight 1, ideal 60) with an uncertain no-deal cost c in [low, high].  A and B sit at 50 (both accept).

    m's utility: u(deal) = 1 - |50 - 60|/100 = 0.9; u(no deal) = 1 - |0 - 60|/100 - c = 0.4 - c.
    m votes yes iff 0.9 > 0.4 - c, i.e. iff c > -0.5: S (and so the deal) passes iff c > -0.5.
    """
    return scenario(
        ["x"],
        [actor("A", {"x": 50}), actor("B", {"x": 50})],
        {"x": 0},
        bodies=[
            {
                "id": "S",
                "name": "S",
                "rule": "majority",
                "utility": "linear",
                "members": [
                    {
                        "id": "m",
                        "weight": 1,
                        "ideal": {"x": 60},
                        "no_deal_cost": {"value": value, "low": low, "high": high},
                    }
                ],
            }
        ],
        deals=[{"id": "d", "name": "d", "terms": {"x": 50}}],
        veto=["A", "B", "S"],
    )


def test_negative_no_deal_cost_is_not_clipped_by_the_sweep():
    # c in [-0.8, -0.6] < -0.5 everywhere: m prefers no deal in every draw (0.4 + 0.6 = 1.0 > 0.9)
    sc = _no_deal_gain(-0.8, -0.7, -0.6)
    assert analyze(sc)["deals"][0]["ratifiable"] is False
    res = sweep(sc, draws=500, seed=3)
    assert res.p_ratified()[0] == 0.0
    assert res.to_json()["deals"]["d"]["p_ratified"] == 0.0
    x = res.samples["x"][:, 0]
    assert x.min() >= -0.8 and x.max() <= -0.6


def test_no_deal_cost_above_the_threshold_ratifies_in_every_draw():
    # c in [-0.4, -0.2] > -0.5 everywhere: 0.9 > 0.4 + 0.4 = 0.8, so m votes yes in every draw
    sc = _no_deal_gain(-0.4, -0.3, -0.2)
    assert analyze(sc)["deals"][0]["ratifiable"] is True
    assert sweep(sc, draws=500, seed=3).p_ratified()[0] == 1.0


# ---------------------------------------------------------------------------------------------------------
# (b) what the loader accepts is exactly what the sampler may draw
# ---------------------------------------------------------------------------------------------------------
SCALE_MIN, SCALE_MAX = -5.0, 20.0


def _base() -> dict[str, Any]:
    sal = {"x": 1.0, "y": 1.0}
    return {
        "id": "t",
        "title": "t",
        "issues": [
            {"id": "x", "name": "x", "scale": {"min": SCALE_MIN, "max": SCALE_MAX}},
            {"id": "y", "name": "y"},
        ],
        "actors": [
            {
                "id": "A",
                "name": "A",
                "capability": 1.0,
                "positions": {"x": 0.0, "y": 50.0},
                "salience": dict(sal),
                "risk": 1.0,
                "delay_cost_per_week": 0.01,
                "discount_factor_per_week": 0.9,
            },
            {"id": "B", "name": "B", "capability": 1.0, "positions": {"x": 10.0, "y": 50.0}, "salience": sal},
        ],
        "reversion": {"x": 0.0, "y": 50.0},
        "bodies": [
            {
                "id": "S",
                "name": "S",
                "rule": "quota",
                "quota": 0.5,
                "turnout_quorum": 0.5,
                "approval_quorum": 0.2,
                "salience": dict(sal),
                "members": [
                    {
                        "id": "m1",
                        "weight": 1.0,
                        "ideal": {"x": 5.0, "y": 50.0},
                        "salience": dict(sal),
                        "no_deal_cost": 0.1,
                        "cohesion": 0.8,
                        "turnout": 0.6,
                    },
                    {"id": "m2", "weight": 1.0, "ideal": {"x": 5.0, "y": 50.0}},
                ],
            }
        ],
        "deals": [{"id": "d", "name": "d", "terms": {"x": 5.0, "y": 50.0}}],
        "veto_players": ["A", "S"],
        "cost_of_delay": {"lives_per_week": 10.0, "horizon_weeks": 4.0},
    }


# (where in the data, the sampler's path, a value inside the domain)
FIELDS: list[tuple[tuple[Any, ...], tuple[str, ...], float]] = [
    (("actors", 0, "capability"), ("actors", "A", "capability"), 1.0),
    (("actors", 0, "positions", "x"), ("actors", "A", "positions", "x"), 0.0),
    (("actors", 0, "salience", "x"), ("actors", "A", "salience", "x"), 1.0),
    (("actors", 0, "risk"), ("actors", "A", "risk"), 1.0),
    (("actors", 0, "delay_cost_per_week"), ("actors", "A", "delay_cost_per_week"), 0.01),
    (("actors", 0, "discount_factor_per_week"), ("actors", "A", "discount_factor_per_week"), 0.9),
    (("reversion", "x"), ("reversion", "x"), 0.0),
    (("deals", 0, "terms", "x"), ("deals", "d", "terms", "x"), 5.0),
    (("bodies", 0, "quota"), ("bodies", "S", "quota"), 0.5),
    (("bodies", 0, "salience", "x"), ("bodies", "S", "salience", "x"), 1.0),
    (("bodies", 0, "members", 0, "weight"), ("bodies", "S", "members", "m1", "weight"), 1.0),
    (("bodies", 0, "members", 0, "ideal", "x"), ("bodies", "S", "members", "m1", "ideal", "x"), 5.0),
    (("bodies", 0, "members", 0, "salience", "x"), ("bodies", "S", "members", "m1", "salience", "x"), 1.0),
    (("bodies", 0, "members", 0, "no_deal_cost"), ("bodies", "S", "members", "m1", "no_deal_cost"), 0.1),
    (("bodies", 0, "members", 0, "cohesion"), ("bodies", "S", "members", "m1", "cohesion"), 0.8),
    (("bodies", 0, "members", 0, "turnout"), ("bodies", "S", "members", "m1", "turnout"), 0.6),
    (("bodies", 0, "turnout_quorum"), ("bodies", "S", "turnout_quorum"), 0.5),
    (("bodies", 0, "approval_quorum"), ("bodies", "S", "approval_quorum"), 0.2),
    (("cost_of_delay", "lives_per_week"), ("cost_of_delay", "lives_per_week"), 10.0),
    (("cost_of_delay", "horizon_weeks"), ("cost_of_delay", "horizon_weeks"), 4.0),
]
IDS = [".".join(str(p) for p in f[1]) for f in FIELDS]


def _set(data: dict[str, Any], where: tuple[Any, ...], v: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    node: Any = data
    for k in where[:-1]:
        node = node[k]
    node[where[-1]] = v
    return data


def _field_name(where: tuple[Any, ...], data: dict[str, Any]) -> str:
    """The loader's field text (``actors[A].risk``) of a location in the data."""
    out, node = "", data
    for k in where:
        if isinstance(k, int):
            out += f"[{node[k]['id']}]"
        else:
            out += ("." if out else "") + k
        node = node[k]
    return out


def _loader_accepts(where: tuple[Any, ...], x: float) -> bool:
    data = _set(_base(), where, x)
    name = _field_name(where, data)
    try:
        validate_data(data)
    except ScenarioError as e:
        return not any(p.field == name or (p.field or "").startswith(name + ".") for p in e.problems)
    return True


def _sampler_support(where: tuple[Any, ...], path: tuple[str, ...], ok: float) -> tuple[float, float]:
    """``[lo, hi]`` the sampler keeps the draws of this number in (an unbounded normal: only the domain)."""
    sc = validate_data(_set(_base(), where, {"value": ok, "sd": 1.0}))
    by_path = {i.path: i for i in uncertain_inputs(sc)}
    q = sc.cost_of_delay.lives_per_week if path[-1] == "lives_per_week" else None  # type: ignore[union-attr]
    inp = by_path[path] if q is None else make_input(sc, path, q)  # lives: drawn by lives_over_horizon
    assert inp.quantity.sd == 1.0
    return inp.bounds


EDGES = [0.0, -0.0, 1.0, 1e-10, -1e-10, SCALE_MIN, SCALE_MAX, -1.0, 100.0]
EDGES += [math.nextafter(e, d) for e in (0.0, 1.0, SCALE_MIN, SCALE_MAX) for d in (-math.inf, math.inf)]
values = st.one_of(st.sampled_from(EDGES), st.floats(allow_nan=False, allow_infinity=False, width=64))


@pytest.mark.parametrize("where,path,ok", FIELDS, ids=IDS)
@settings(max_examples=60, deadline=None)
@given(x=values)
def test_loader_accepts_exactly_the_samplers_support(where, path, ok, x):
    lo, hi = _sampler_support(where, path, ok)
    assert _loader_accepts(where, x) == (lo <= x <= hi)


def test_negative_no_deal_cost_and_positive_risk_reach_the_sampler_unclipped():
    """Under the old name-matched bounds these two were clipped ([0, inf) and [1e-9, inf))."""
    where, path, ok = FIELDS[13]
    assert _loader_accepts(where, -3.0) and _sampler_support(where, path, ok)[0] == -LARGEST
    where, path, ok = FIELDS[3]
    assert _loader_accepts(where, 1e-10) and _sampler_support(where, path, ok)[0] <= 1e-10


def test_every_number_compile_reads_has_a_domain():
    for name in ("anchorage-2025", "panama-canal-1978"):
        sc = load(name)
        paths: list[tuple[str | int, ...]] = []

        def record(q, path, paths=paths):
            paths.append(path)
            return q.value

        compile_scenario(sc, record)
        assert paths
        for p in paths:
            assert domain_of(sc, p) in DOMAINS or domain_of(sc, p).name == "scale"


def test_domain_of_rejects_a_path_that_names_no_quantity():
    sc = load("panama-canal-1978")
    with pytest.raises(KeyError):
        domain_of(sc, ("actors", "US", "name"))


def test_an_issue_named_like_a_field_keeps_the_salience_domain():
    """A salience on an issue called ``quota`` is a salience ([0, 1e30]), not a quota ((0, 1])."""
    sc = scenario(
        ["quota"],
        [actor("A", {"quota": 10}, {"quota": {"value": 3, "low": 2, "high": 4}}), actor("B", {"quota": 20})],
        {"quota": 0},
    )
    [inp] = uncertain_inputs(sc)
    assert inp.domain == (0.0, LARGEST)
    assert inp.ppf(np.array([0.999999]))[0] > 3.9


# ---------------------------------------------------------------------------------------------------------
# distributions: every name in winset.vocabulary has a sampler
# ---------------------------------------------------------------------------------------------------------
def test_every_distribution_name_has_a_sampler():
    assert set(PPF) == set(DISTRIBUTIONS)


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_each_sampler_draws_inside_the_range(dist):
    from winset.scenario import Quantity

    kw: dict[str, Any] = {"value": 2.0, "low": 1.0, "high": 4.0, "dist": dist}
    if dist == "beta":
        kw |= {"alpha": 2.0, "beta": 3.0}
    inp = Input(path=("x",), quantity=Quantity(**kw), domain=(-math.inf, math.inf))
    u = (np.arange(1, 1000) - 0.5) / 1000
    x = inp.ppf(u)
    assert x.min() >= 1.0 and x.max() <= 4.0
    assert np.all(np.diff(x) >= 0)  # an inverse CDF is non-decreasing in u
    assert x.max() - x.min() > 1.0  # and not a point mass
