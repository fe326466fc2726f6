"""Uncertainty: sampling, sweep summaries against hand calculations, reproducibility, Dask, CLI."""

from __future__ import annotations

import math

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from helpers import actor, ratify_case, scenario
from winset.scenario import Quantity
from winset.uncertainty import (
    Input,
    draw_inputs,
    rank_correlation,
    sample,
    sweep,
    uncertain_inputs,
    uniforms,
)

N = 20_000


def _forecast_case(extra: bool = False):
    """Two equal actors on issue x: A uniform on [20, 60], B fixed at 80 (issue y: C uncertain, unrelated to x).

    compromise(x) = (pA + 80) / 2, so its q-quantile is (20 + 40 q + 80) / 2 = 50 + 20 q;
    weighted median(x) = the lower of two equal weights = pA, quantile 20 + 40 q.
    """
    y_pos = {"value": 50, "low": 0, "high": 100} if extra else 50
    return scenario(
        ["x", "y"],
        [
            actor("A", {"x": {"value": 40, "low": 20, "high": 60}, "y": 50}, {"x": 1, "y": 0}),
            actor("B", {"x": 80, "y": 50}, {"x": 1, "y": 0}),
            actor("C", {"x": 50, "y": y_pos}, {"x": 0, "y": 1}),
        ],
        {"x": 50, "y": 50},
    )


def test_probability_of_ratification_matches_hand_calculation():
    res = sweep(ratify_case(), draws=N, seed=11)
    se = math.sqrt(0.3 * 0.7 / N)
    assert abs(res.p_ratified()[0] - 0.3) < 4 * se
    blocked = dict(zip(res.veto_players, res.p_blocked()[0], strict=True))
    assert abs(blocked["A"] - 0.4) < 4 * math.sqrt(0.24 / N)
    assert abs(blocked["S"] - 0.5) < 4 * math.sqrt(0.25 / N)
    data = res.to_json()
    assert data["deals"]["d"]["ratifiable_at_point"] is True  # p = 50 > 40 and quota 0.6 <= 0.7
    assert abs(data["deals"]["d"]["se"] - se) < 1e-3


def test_forecast_quantiles_match_hand_calculation():
    res = sweep(_forecast_case(), draws=N, seed=5).to_json()
    fc = res["forecast"]
    for q in (5, 25, 50, 75, 95):
        assert abs(fc["compromise"]["x"][f"q{q:02d}"] - (50 + 20 * q / 100)) < 0.6
        assert abs(fc["weighted_median"]["x"][f"q{q:02d}"] - (20 + 40 * q / 100)) < 1.2
    assert fc["compromise"]["x"]["point"] == 60.0
    assert abs(fc["compromise"]["x"]["sd"] - 20 / math.sqrt(12)) < 0.2  # sd of U(50, 70)
    assert fc["compromise"]["y"]["sd"] == 0.0


def test_sensitivity_finds_the_driver_and_ignores_the_rest():
    res = sweep(_forecast_case(extra=True), draws=N, seed=2)
    sens = res.sensitivity()
    assert sens["compromise.x"]["actors.A.positions.x"] == pytest.approx(1.0)  # compromise is monotone in pA
    assert abs(sens["compromise.x"]["actors.C.positions.y"]) < 0.03  # independent input
    assert sens["compromise.y"]["actors.C.positions.y"] == pytest.approx(1.0)
    tor = {r["input"]: r for r in res.tornado["compromise.x"]}
    a = tor["actors.A.positions.x"]
    assert (a["at_low"], a["at_high"], a["swing"]) == (50.0, 70.0, 20.0)  # (20+80)/2, (60+80)/2
    assert tor["actors.C.positions.y"]["swing"] == 0.0
    assert res.tornado["compromise.x"][0]["input"] == "actors.A.positions.x"


def test_rank_correlation_against_scipy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 3))
    y = np.column_stack([x[:, 0] ** 3 + rng.normal(size=300), rng.integers(0, 2, 300)])
    r = rank_correlation(x, y)
    for a in range(3):
        for b in range(2):
            assert r[a, b] == pytest.approx(stats.spearmanr(x[:, a], y[:, b]).statistic, abs=1e-12)


def test_same_seed_same_draws_whatever_the_chunking():
    sc = ratify_case()
    a = sweep(sc, draws=3000, seed=7, chunk=3000)
    b = sweep(sc, draws=3000, seed=7, chunk=333)
    for k in a.samples:
        np.testing.assert_array_equal(a.samples[k], b.samples[k])
    c = sweep(sc, draws=3000, seed=8)
    assert not np.array_equal(a.samples["x"], c.samples["x"])
    # a window of draws is the same slice of the full sample
    full = sample(sc, 2500, seed=7)
    part = sample(sc, 700, seed=7, start=1500)
    np.testing.assert_array_equal(part.positions, full.positions[1500:2200])
    np.testing.assert_array_equal(part.bodies[0].threshold, full.bodies[0].threshold[1500:2200])


def test_each_quantity_has_its_own_stream():
    base = draw_inputs(_forecast_case(), 3, 0, 500)
    more = draw_inputs(_forecast_case(extra=True), 3, 0, 500)
    key = ("actors", "A", "positions", "x")
    np.testing.assert_array_equal(base[key], more[key])
    assert len(more) == 2
    assert not np.array_equal(more[key], more[("actors", "C", "positions", "y")])


def test_sample_is_a_batched_compiled_scenario():
    c = sample(ratify_case(), 1000, seed=1)
    assert c.batch_shape == (1000,)
    assert c.positions.shape == (1000, 2, 1)
    pa = c.positions[:, 0, 0]
    assert pa.min() >= 0 and pa.max() <= 100 and pa.std() > 20
    assert np.all(c.positions[:, 1, 0] == 60)
    assert c.bodies[0].threshold.shape == (1000,)
    assert ((c.bodies[0].threshold >= 0.5) & (c.bodies[0].threshold <= 0.9)).all()


def _ranged_paths(node, path=()):
    """Dotted paths of every mapping with a 'low' or 'sd' key in raw YAML data (list items named by id)."""
    if isinstance(node, dict):
        if "low" in node or "sd" in node:
            yield ".".join(path)
        for k, v in node.items():
            yield from _ranged_paths(v, path + (str(k),))
    elif isinstance(node, list):
        for n, v in enumerate(node):
            yield from _ranged_paths(v, path + (str(v.get("id", n)) if isinstance(v, dict) else str(n),))


def test_anchorage_inputs_are_the_ranged_numbers_the_analysis_reads():
    from winset.scenario.loader import BUILTIN_DIR, load

    raw = yaml.safe_load((BUILTIN_DIR / "anchorage-2025.yaml").read_text(encoding="utf-8"))
    expected = set(_ranged_paths(raw)) - {"cost_of_delay.lives_per_week"}  # no model reads lives_per_week
    names = [i.name for i in uncertain_inputs(load("anchorage-2025"))]
    assert len(names) == len(set(names))
    assert set(names) == expected
    assert "bodies.us_senate.members.gop_hawks.weight" in names


def _inp(**kw) -> Input:
    return Input(path=("x",), quantity=Quantity(**kw), domain=(-math.inf, math.inf))


@pytest.mark.parametrize(
    "case", ["triangular", "pert", "normal", "truncnormal", "uniform", "beta", "lognormal", "trunclognormal"]
)
def test_distributions_against_scipy(case):
    u = uniforms(123, ("t", case), 0, 4000)
    if case == "beta":
        x = _inp(value=30, low=10, high=90, dist="beta", alpha=2.0, beta=5.0).ppf(u)
        ref = stats.beta(2.0, 5.0, loc=10, scale=80)
    elif case == "lognormal":  # median 5, sigma of the log 0.5
        x = _inp(value=5, sd=0.5, dist="lognormal").ppf(u)
        ref = stats.lognorm(s=0.5, scale=5)
    elif case == "trunclognormal":  # low/high without sd: log-range read as +-2 sigma and truncated there
        x = _inp(value=4, low=1, high=16, dist="lognormal").ppf(u)
        sig = math.log(16) / 4  # (log 16 - log 1) / 4
        base = stats.norm(math.log(4), sig)
        lo, hi = base.cdf(0.0), base.cdf(math.log(16))

        class _Ref:
            @staticmethod
            def cdf(v):
                return (base.cdf(np.log(np.maximum(v, 1e-300))) - lo) / (hi - lo)

        ref = _Ref
        assert x.min() >= 1 and x.max() <= 16
        assert stats.kstest(x, ref.cdf).pvalue > 1e-3
        return
    elif case == "triangular":
        x = _inp(value=30, low=10, high=90, dist="triangular").ppf(u)
        ref = stats.triang(c=(30 - 10) / 80, loc=10, scale=80)
    elif case == "pert":
        x = _inp(value=30, low=10, high=90, dist="pert").ppf(u)
        ref = stats.beta(1 + 4 * 20 / 80, 1 + 4 * 60 / 80, loc=10, scale=80)
    elif case == "normal":
        x = _inp(value=5, sd=2, dist="normal").ppf(u)
        ref = stats.norm(5, 2)
    elif case == "truncnormal":  # low/high without sd: read as +-2 sd and truncated there
        x = _inp(value=5, low=1, high=9, dist="normal").ppf(u)
        ref = stats.truncnorm(-2, 2, loc=5, scale=2)
    else:
        x = _inp(value=5, low=1, high=9).ppf(u)
        ref = stats.uniform(1, 8)
    assert stats.kstest(x, ref.cdf).pvalue > 1e-3
    assert abs(x.mean() - ref.mean()) < 4 * ref.std() / math.sqrt(len(x))


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(-50, 50),
    w1=st.floats(0, 40),
    w2=st.floats(0, 40),
    dist=st.sampled_from(["uniform", "triangular", "pert", "normal", "beta"]),
    seed=st.integers(0, 2**32),
)
def test_draws_stay_in_range_and_domain(a, w1, w2, dist, seed):
    shape = {"alpha": 0.7, "beta": 3.0} if dist == "beta" else {}
    q = Quantity(value=a + w1, low=a, high=a + w1 + w2, dist=dist, **shape)
    inp = Input(path=("p",), quantity=q, domain=(0.0, math.inf))
    x = inp.ppf(uniforms(seed, ("p",), 0, 300))
    lo, hi = max(a, 0.0), max(a + w1 + w2, 0.0)
    assert np.all(np.isfinite(x))
    assert x.min() >= lo - 1e-9 and x.max() <= hi + 1e-9


def test_salience_drawn_from_a_wide_normal_stays_non_negative():
    sc = scenario(
        ["x"],
        [actor("A", {"x": 10}, {"x": {"value": 0.1, "sd": 1.0, "dist": "normal"}}), actor("B", {"x": 90})],
        {"x": 50},
    )
    c = sample(sc, 2000, seed=4)
    assert c.salience[:, 0, 0].min() >= 0.0
    assert c.salience[:, 0, 0].std() > 0.2


def test_bdm_forecast_is_swept_draw_by_draw(anchorage):
    """Every model of the analysis is sampled; each BDM draw is the model run on that draw alone."""
    from winset.analysis.default import analyze
    from winset.models.bdm import run
    from winset.uncertainty import sample, sweep

    res = sweep(anchorage, draws=64, seed=5, chunk=16, with_tornado=False)
    js = res.to_json()
    assert set(js["forecast"]) == {"compromise", "weighted_median", "bdm"}
    point = analyze(anchorage)["forecast"]["bdm"]
    assert {i: v["point"] for i, v in js["forecast"]["bdm"].items()} == pytest.approx(point, abs=1e-2)
    c = sample(anchorage, 64, 5)
    batched = run(c).forecast[..., -1, :]
    for j in (0, 17, 63):  # one draw on its own: the batch axis does not couple draws
        one = sample(anchorage, 1, 5, start=j)
        np.testing.assert_allclose(run(one).forecast[..., -1, :][0], batched[j], atol=1e-9)


def _set_path(data: dict, path: tuple, value: float) -> None:
    """Set a quantity's value in a dumped scenario, following ids through lists (independent of the loader); the
    number becomes certain (bloc shares drawn together may leave one bloc's declared range, read as +-2 sd)."""
    node = data
    for part in path:
        node = next(x for x in node if x.get("id") == part) if isinstance(node, list) else node[part]
    node["value"] = float(value)
    for k in ("low", "high", "dist", "sd", "alpha", "beta"):
        node.pop(k, None)


def test_one_draw_sliced_from_a_batch_is_that_scenario(anchorage):
    """Compiled.draw(j) and the sticking-point probability agree with analysing the scenario rewritten with draw
    j's numbers, by the point pipeline (validate, compile, analyze)."""
    from winset.analysis.deals import evaluate_deals
    from winset.analysis.default import analyze
    from winset.scenario import validate_data
    from winset.uncertainty import big_issue_probability, draw_inputs, sample

    n, seed = 24, 9
    c = sample(anchorage, n, seed)
    vals = draw_inputs(anchorage, seed, 0, n)
    big = big_issue_probability(anchorage, draws=n, seed=seed)
    seen = dict.fromkeys(big["p"], 0)
    for j in range(n):
        data = anchorage.model_dump(mode="json", exclude_none=True)
        for path, v in vals.items():
            _set_path(data, path, v[j])
        res = analyze(validate_data(data))
        seen[res["sticking_points"]["one_big_issue"] or "none"] += 1
        ev = evaluate_deals(c.draw(j))
        assert [d["ratifiable"] for d in res["deals"]] == ev.ratifiable.tolist()
    assert big["p"] == {k: v / n for k, v in seen.items()}
    assert sum(big["p"].values()) == pytest.approx(1.0)


def test_big_issue_is_certain_without_uncertainty():
    from helpers import actor, scenario
    from winset.analysis.default import analyze
    from winset.uncertainty import big_issue_probability

    sc = scenario(
        ["x", "y"],
        [actor("A", {"x": 0, "y": 0}), actor("B", {"x": 100, "y": 10})],
        {"x": 50, "y": 50},
        deals=[{"id": "d", "name": "d", "terms": {"x": 90, "y": 5}}],
    )
    point = analyze(sc)["sticking_points"]["one_big_issue"] or "none"
    p = big_issue_probability(sc, draws=5, seed=1)["p"]
    assert p[point] == 1.0 and sum(p.values()) == 1.0


@pytest.mark.parametrize(
    "bad,fragment",
    [
        (
            {"value": 5, "low": 1, "high": 9, "sd": 1, "dist": "uniform"},
            "'sd' applies to dist: normal or lognormal",
        ),
        ({"value": 5, "low": 1, "high": 9, "dist": "beta"}, "positive 'alpha' and 'beta'"),
        ({"value": 5, "low": 1, "high": 9, "alpha": 2, "beta": 2}, "shape parameters of dist: beta"),
        ({"value": -1, "sd": 0.5, "dist": "lognormal"}, "positive value"),
    ],
)
def test_inconsistent_distribution_parameters_are_refused(bad, fragment):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=fragment.replace("(", r"\(")):
        Quantity(**bad)


def test_sd_with_a_range_means_a_truncated_normal():
    """``{value, low, high, sd}`` without ``dist``: the sd is used (a normal truncated to the range), not dropped."""
    inp = _inp(value=5, low=1, high=9, sd=1)
    assert inp.dist == "normal"
    x = inp.ppf(uniforms(5, ("t", "sd"), 0, 4000))
    ref = stats.truncnorm(-4, 4, loc=5, scale=1)
    assert stats.kstest(x, ref.cdf).pvalue > 1e-3


def test_lives_lost_over_the_horizon_matches_hand_calculation():
    """lives/week uniform on [3000, 10000] and horizon uniform on [8, 52] weeks, independent: the product has
    mean 6500 x 30 = 195,000 and variance E[L^2] E[H^2] - (E L E H)^2."""
    sc = scenario(
        ["x"],
        [actor("A", {"x": 10}), actor("B", {"x": 90})],
        {"x": 50},
        cost_of_delay={
            "lives_per_week": {"value": 7000, "low": 3000, "high": 10000},
            "horizon_weeks": {"value": 26, "low": 8, "high": 52},
        },
    )
    js = sweep(sc, draws=N, seed=4, chunk=7000, with_tornado=False).to_json()
    lv = js["lives_over_horizon"]
    el2 = 7000**2 / 12 + 6500**2
    eh2 = 44**2 / 12 + 30**2
    sd = math.sqrt(el2 * eh2 - (6500 * 30) ** 2)
    assert lv["point"] == 7000 * 26
    assert abs(lv["mean"] - 195_000) < 4 * sd / math.sqrt(N)
    assert 3000 * 8 <= lv["q05"] < lv["q50"] < lv["q95"] <= 10000 * 52
