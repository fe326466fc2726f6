"""Package search and deal repair (winset.analysis.search) on hand-worked scenarios, plus the Anchorage case."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import SEARCH_ONE_D, SEARCH_TWO_D
from winset.analysis.deals import evaluate_deals
from winset.analysis.repair import repair_deal
from winset.analysis.search import search_packages
from winset.scenario import compile_scenario, loads

# One issue, A at 0 and B at 100 (linear), reversion 50.  Delay costs make no deal worth 0.4 to A and 0.3 to
# B, so A accepts x < 60 and B accepts x > 30.  B's parliament (majority): m1 (60%, ideal 80) votes yes iff
# |x - 80| < 30, i.e. x > 50; m2 (40%, ideal 20) iff x < 50.  Ratifiable set: 50 < x < 60 (open).
# Nash product (equal capability): (0.6 - x/100)(x/100 - 0.3) peaks at x = 45, outside; it is concave, so on
# (50, 60) the best is the lower end, x -> 50.

# Two issues, reversion (50, 50).  A and C sit at (0, 0) with saliences 2:1 and 1:2: A accepts 2x + y < 150,
# C accepts x + 2y < 150.  B at (100, 100), no-deal utility 0.4 after its delay cost, accepts x + y > 80.
# Deal (80, 80): no single issue can fix it (x alone would need x < 35 and x < -10); the smallest L1 move
# (distance = (80 - x)/100 + (80 - y)/100) subject to 2x + y <= 150 and x + 2y <= 150 is at the vertex
# (50, 50): distance 0.6 (the other vertices (75, 0) and (0, 75) cost 0.85).


def test_search_one_issue_finds_the_lower_end_of_the_ratifiable_interval():
    sc = loads(SEARCH_ONE_D, "one.yaml")
    r = search_packages(sc, n=1024, seed=1)
    assert r.feasible
    assert 50.0 < r.package["x"] <= 50.5
    assert r.gains["A"] == pytest.approx(0.6 - r.package["x"] / 100)
    assert r.gains["B"] == pytest.approx(r.package["x"] / 100 - 0.3)
    parl = r.bodies[0]
    assert parl["applies"] and parl["passes"] and parl["yes_share"] == pytest.approx(0.6)
    assert r.frontier_size >= 2  # along 50 < x < 60 A and B trade off


def test_search_discrete_issue_is_exact():
    sc = loads(
        SEARCH_ONE_D.replace("    name: Border\n", "    name: Border\n    discrete: true\n"), "one.yaml"
    )
    r = search_packages(sc, n=1024)
    assert r.package == {"x": 55.0}  # the only anchor in (50, 60)
    assert r.method.startswith("all 3 combinations")


def test_search_reports_an_empty_zopa_and_its_reason():
    # without B's delay cost B needs x + y > 100, but A and C together need x + y < 100
    sc = loads(SEARCH_TWO_D % 0, "two.yaml")
    r = search_packages(sc, n=2048)
    assert not r.feasible and r.package is None
    assert r.reason.startswith("ZOPA empty")
    worst = max(r.blockers, key=r.blockers.get)
    assert worst in r.reason
    assert r.near_miss is not None and len(r.near_miss["blocked_by"]) == 1


def test_repair_one_issue_exact():
    sc = loads(SEARCH_ONE_D, "one.yaml")
    lo = repair_deal(sc, "low")
    assert lo.blockers_before == ["B", "parl"] or set(lo.blockers_before) == {"B", "parl"}
    assert lo.distance == pytest.approx(0.30, abs=1e-6) and lo.changes[0]["to"] > 50
    hi = repair_deal(sc, "high")
    assert hi.blockers_before == ["A"]
    assert hi.distance == pytest.approx(0.10, abs=1e-6) and hi.changes[0]["to"] < 60
    assert hi.single_issue[0]["issue"] == "x"
    ok = repair_deal(sc, "ok")
    assert ok.already_ratifiable and ok.distance == 0


def test_repair_two_issues_reaches_the_hand_computed_vertex():
    sc = loads(SEARCH_TWO_D % 0.1, "two.yaml")
    r = repair_deal(sc, "far", n=4096)
    assert r.found and r.single_issue == []  # no one-issue repair exists
    assert 0.6 <= r.distance <= 0.6005
    assert r.package["x"] == pytest.approx(50, abs=0.1) and r.package["y"] == pytest.approx(50, abs=0.1)
    c = compile_scenario(sc)
    assert evaluate_deals(c, np.array([[r.package["x"], r.package["y"]]]), "treaty").ratifiable[0]


@pytest.mark.slow
def test_anchorage_search_gives_an_explained_answer(anchorage):
    r = search_packages(anchorage, n=4096)
    if r.feasible:
        c = compile_scenario(anchorage)
        x = np.array([[r.package[i] for i in c.issue_ids]])
        ev = evaluate_deals(c, x, r.instrument)
        assert ev.ratifiable[0]  # independent re-check through winset.analysis.deals.evaluate_deals_deals
        assert min(r.gains.values()) > 0
        assert r.frontier_size >= 1 and r.frontier
    else:
        assert r.reason.startswith("ZOPA empty")


def test_anchorage_lease_repair_is_minimal_along_its_issue(anchorage):
    r = repair_deal(anchorage, "lease", n=4096)
    assert r.blockers_before == ["ua_referendum"] and r.found
    c = compile_scenario(anchorage)
    x = np.array([r.package[i] for i in c.issue_ids])
    assert evaluate_deals(c, x[None, :], "treaty").ratifiable[0]
    d0 = np.array([anchorage.deal("lease").terms[i].value for i in c.issue_ids])
    assert r.distance == pytest.approx(float((np.abs(x - d0) / c.span).sum()))
    # one step (0.5 on the scale) back toward the deal on each changed issue breaks ratification
    for ch in r.changes:
        k = c.issue_ids.index(ch["issue"])
        y = x.copy()
        y[k] -= 0.5 * np.sign(ch["delta"])
        assert not evaluate_deals(c, y[None, :], "treaty").ratifiable[0]


def _random_case(rng):
    """Three actors and a five-member body on a 0-100 plane (the shape of a two-issue negotiation)."""
    acts = [
        {
            "id": f"A{i}",
            "name": f"A{i}",
            "capability": float(rng.integers(1, 4)),
            "positions": {"x": float(rng.integers(0, 101)), "y": float(rng.integers(0, 101))},
            "salience": {"x": float(rng.uniform(0.2, 1)), "y": float(rng.uniform(0.2, 1))},
            "delay_cost_per_week": float(rng.uniform(0, 0.15)),
            "utility": ["linear", "quadratic"][rng.integers(2)],
        }
        for i in range(3)
    ]
    mem = [
        {
            "id": f"m{j}",
            "weight": float(rng.integers(1, 5)),
            "ideal": {"x": float(rng.integers(0, 101)), "y": float(rng.integers(0, 101))},
        }
        for j in range(5)
    ]
    body = {"id": "parl", "name": "P", "actor": "A0", "rule": "quota", "quota": 0.6, "members": mem}
    return {
        "id": "t",
        "title": "t",
        "issues": [{"id": "x", "name": "x"}, {"id": "y", "name": "y"}],
        "actors": acts,
        "reversion": {"x": float(rng.integers(0, 101)), "y": float(rng.integers(0, 101))},
        "cost_of_delay": {"horizon_weeks": 1},
        "bodies": [body],
        "veto_players": ["A0", "A1", "A2", "parl"],
        "deals": [],
    }


@pytest.mark.parametrize("seed", [1, 7, 13])
def test_search_is_at_least_as_good_as_an_exhaustive_grid(seed):
    """Independent check: on random two-issue cases the search's package is ratifiable and its Nash product
    is no worse than the best of a 401 x 401 exhaustive grid (spacing 0.25) of ratifiable packages."""
    from winset.analysis.search import nash_objective, ratifiable
    from winset.scenario import validate_data

    rng = np.random.default_rng(seed)
    for _ in range(4):
        sc = validate_data(_random_case(rng))
        c = compile_scenario(sc)
        g = np.linspace(0, 100, 401)
        gx, gy = np.meshgrid(g, g)
        pk = np.stack([gx.ravel(), gy.ravel()], 1)
        ok, _ = ratifiable(c, pk, "treaty")
        if not ok.any():
            continue
        grid_best = np.where(ok, nash_objective(c, pk), -np.inf).max()
        r = search_packages(sc, n=4096, seed=0)
        assert r.feasible
        x = np.array([[r.package["x"], r.package["y"]]])
        assert ratifiable(c, x, "treaty")[0][0]
        assert r.nash_value >= grid_best - 1e-6
