"""``services.pareto`` on GENIUS domains and discrete scenarios: the additive path against enumeration, and
Nash and Kalai–Smorodinsky over the same bargaining parties (the veto players)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from helpers import write_genius
from winset import services
from winset.analysis.pareto import ks_maxmin, nash_point, pareto_mask
from winset.ratify import no_deal_utility
from winset.scenario import loads
from winset.scenario.compiled import compile_scenario
from winset.utility import actor_utilities

GRID = """
id: grid
title: A discrete grid with a bystander
issues:
  - {id: x, name: X, discrete: true, anchors: [{value: 0, label: a}, {value: 30, label: b}, {value: 60, label: c}, {value: 100, label: d}]}
  - {id: y, name: Y, discrete: true, anchors: [{value: 0, label: a}, {value: 50, label: b}, {value: 100, label: c}]}
actors:
  - {id: A, name: A, capability: 1, positions: {x: 0, y: 0}, salience: {x: 1, y: 1}, utility: quadratic}
  - {id: B, name: B, capability: 1, positions: {x: 100, y: 100}, salience: {x: 2, y: 1}, utility: quadratic}
  - {id: C, name: C, capability: 1, positions: {x: 100, y: 100}, salience: {x: 1, y: 1}, utility: quadratic}
reversion: {x: 0, y: 100}
veto_players: [A, B]
"""


def _without_method(d: dict) -> dict:
    return {k: v for k, v in d.items() if k not in ("method", "rational")}


def test_genius_additive_path_equals_enumeration(tmp_path):
    dom = write_genius(tmp_path)
    auto = services.pareto(dom).to_dict()
    enum = services.pareto(dom, method="enumerate").to_dict()
    assert auto["method"].startswith("additive path") and enum["method"].startswith("enumeration")
    assert auto["rational"] is None and enum["rational"] == 2
    assert _without_method(auto) == _without_method(enum)


def test_discrete_scenario_points_weigh_the_veto_players_only():
    sc = loads(GRID, "grid.yaml")
    res = services.pareto(sc).to_dict()
    assert res["bargaining_parties"] == ["A", "B"]
    assert _without_method(res) == _without_method(services.pareto(sc, method="enumerate").to_dict())
    # independent calculation: every grid package, utilities by winset.utility, rational for A and B
    c = compile_scenario(sc)
    grid = np.array(list(itertools.product([0, 30, 60, 100], [0, 50, 100])), dtype=float)
    u = actor_utilities(grid, c.positions, c.salience, c.span, c.shape)
    nd = no_deal_utility(c)
    ok = (u[:, :2] >= nd[:2]).all(1)
    cand = np.flatnonzero(ok & pareto_mask(np.where(ok[:, None], u, -np.inf)))
    assert res["frontier_size"] == len({tuple(np.round(x, 12)) for x in u[cand]})
    d = np.maximum(nd, u.min(0))
    veto = u[:, :2]
    nash = nash_point(veto, d[:2], candidates=cand)
    ks = ks_maxmin(veto, d[:2], candidates=cand)
    ks_all = ks_maxmin(u, d, candidates=cand)

    def outcome(i: int) -> dict[str, str]:
        return {"x": f"{grid[i, 0]:g}", "y": f"{grid[i, 1]:g}"}

    assert res["nash"]["outcome"] == outcome(nash)
    assert res["kalai_smorodinsky"]["outcome"] == outcome(ks)
    for name, val in res["kalai_smorodinsky"]["utility"].items():
        assert val == pytest.approx(u[ks, "ABC".index(name)], abs=1e-6)
    # counting the bystander C would move the Kalai-Smorodinsky point: the choice of parties matters here
    assert tuple(grid[ks_all]) != tuple(grid[ks])


def test_a_scenario_with_continuous_issues_is_refused_with_the_field():
    from winset.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="discrete"):
        services.pareto("anchorage-2025")


def test_search_kalai_smorodinsky_weighs_the_veto_players_like_its_nash_product():
    """Issue 15 item 10: on the grid (every package enumerated, so exact), the search's Kalai–Smorodinsky
    package is the max-min point of the veto players A and B over the ratifiable packages, not of A, B and C."""
    from winset.analysis.search import search_packages

    sc = loads(GRID, "grid.yaml")
    res = search_packages(sc)
    got = next(r for r in res.frontier if r["label"] == "Kalai–Smorodinsky")
    c = compile_scenario(sc)
    grid = np.array(list(itertools.product([0, 30, 60, 100], [0, 50, 100])), dtype=float)
    u = actor_utilities(grid, c.positions, c.salience, c.span, c.shape)
    nd = no_deal_utility(c)
    ok = np.flatnonzero((u[:, :2] > nd[:2] + 1e-9).all(1))  # ratifiable: both veto players strictly gain
    front = ok[pareto_mask(u[ok], unique=True)]
    ks = ks_maxmin(u[:, :2], nd[:2], candidates=front)
    assert got["package"] == {"x": grid[ks, 0], "y": grid[ks, 1]}
    ks_all = ks_maxmin(u, nd, candidates=front)
    assert tuple(grid[ks_all]) != tuple(grid[ks])  # the test can tell the two choices apart
