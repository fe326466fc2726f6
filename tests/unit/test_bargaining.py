"""Nash (asymmetric), Kalai-Smorodinsky and egalitarian solutions against closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq

from winset.models.bargaining import solve, solve_scenario
from winset.ratify import no_deal_utility
from winset.scenario import compile_scenario

P = np.array([[0.0], [100.0]])  # two actors at the ends of one 0-100 issue
S = np.ones((2, 1))


def test_symmetric_quadratic_nash_is_the_midpoint():
    # u1 = 1 - (x/100)^2, u2 = 1 - (1 - x/100)^2, d = 0, equal power: symmetric problem -> x = 50
    r = solve(P, S, [1, 1], [0, 0], [0], [100], shape=[2, 2])
    assert r.feasible
    assert r.outcome[0] == pytest.approx(50, abs=1e-4)


@pytest.mark.parametrize("c1,c2", [(1, 3), (2, 1), (1, 1), (0.3, 0.7)])
def test_asymmetric_nash_linear_split(c1, c2):
    # u1 = 1 - y, u2 = y (y = x/100), d = 0: max c1 log(1-y) + c2 log y  ->  y = c2 / (c1 + c2)
    r = solve(P, S, [c1, c2], [0, 0], [0], [100], shape=[1, 1])
    assert r.outcome[0] == pytest.approx(100 * c2 / (c1 + c2), abs=1e-3)


def test_egalitarian_closed_form():
    # u1 = 1 - y (linear), u2 = 1 - (1-y)^2 (quadratic), d = (0, 0.5).
    # Equal gains: 1 - y = 1 - (1-y)^2 - 0.5; with z = 1 - y: z^2 + z - 0.5 = 0 -> z = (sqrt 3 - 1)/2
    r = solve(P, S, [1, 1], [0, 0.5], [0], [100], shape=[1, 2], solution="egalitarian")
    assert r.outcome[0] == pytest.approx(100 * (1 - (math.sqrt(3) - 1) / 2), abs=1e-4)
    g = r.utility - r.disagreement
    assert g[0] == pytest.approx(g[1], abs=1e-6)


def test_kalai_smorodinsky_differs_from_egalitarian():
    # same problem; utopia gains: actor 1 best with actor 2 at d2: (1-y)^2 <= .5 -> y >= 1 - 1/sqrt 2, so
    # a1 = 1/sqrt 2; actor 2 best at y = 1 (u1 = 0 = d1), a2 = 0.5.  KS: gains proportional to (a1, a2):
    # (1 - y) / a1 = (0.5 - (1-y)^2) / a2, solved here independently with brentq.
    a1, a2 = 1 / math.sqrt(2), 0.5
    y = brentq(lambda y: (1 - y) / a1 - (0.5 - (1 - y) ** 2) / a2, 1 - a1, 1.0)
    r = solve(P, S, [1, 1], [0, 0.5], [0], [100], shape=[1, 2], solution="ks")
    assert r.outcome[0] == pytest.approx(100 * y, abs=1e-3)
    eg = solve(P, S, [1, 1], [0, 0.5], [0], [100], shape=[1, 2], solution="egalitarian")
    assert abs(r.outcome[0] - eg.outcome[0]) > 5


def test_ks_textbook_linear_frontier():
    # Kalai & Smorodinsky (1975): with a linear frontier u1 + u2 = 1 and d = 0 the KS point equals the
    # symmetric split when utopias are equal (1, 1) -> y = 0.5; nash with equal power agrees.
    for sol in ("ks", "nash", "egalitarian"):
        r = solve(P, S, [1, 1], [0, 0], [0], [100], shape=[1, 1], solution=sol)  # type: ignore[arg-type]
        assert r.outcome[0] == pytest.approx(50, abs=1e-3)


def test_no_surplus_returns_the_reversion():
    # reversion at actor 1's ideal: actor 1 cannot gain, so no package improves on no deal for both
    r = solve(P, S, [1, 1], [1.0, 0.0], [0], [100], shape=[1, 1], reversion=[0.0])
    assert not r.feasible and r.outcome[0] == 0.0


def test_two_issue_logroll_nash_is_pareto_and_individually_rational():
    # actor 1 cares about issue a, actor 2 about issue b: Nash gives each its ideal on the issue it cares
    # about most (a log-roll): x = (0, 100) when saliences are (0.9, 0.1) and (0.1, 0.9)
    p = np.array([[0.0, 0.0], [100.0, 100.0]])
    s = np.array([[0.9, 0.1], [0.1, 0.9]])
    d = np.array([0.5, 0.5])  # the value of the box centre for both
    r = solve(p, s, [1, 1], d, [0, 0], [100, 100], shape=[1, 1])
    np.testing.assert_allclose(r.outcome, [0, 100], atol=1e-3)
    assert np.all(r.utility > d)


def test_batch_and_seed_reproducible():
    p = np.stack([P, P[::-1]])
    r = solve(p, np.ones((2, 2, 1)), [[1, 3], [1, 3]], np.zeros((2, 2)), [0], [100], seed=4)
    np.testing.assert_allclose(r.outcome[:, 0], [75, 25], atol=1e-3)
    r2 = solve(p, np.ones((2, 2, 1)), [[1, 3], [1, 3]], np.zeros((2, 2)), [0], [100], seed=4)
    np.testing.assert_array_equal(r.outcome, r2.outcome)


def test_scenario_solutions_beat_no_deal(anchorage):
    c = compile_scenario(anchorage)
    d = no_deal_utility(c)
    for sol in ("nash", "ks", "egalitarian"):
        r = solve_scenario(c, solution=sol)  # type: ignore[arg-type]
        assert r.feasible
        assert np.all(r.utility > d)
        assert np.all((r.outcome >= c.lo - 1e-9) & (r.outcome <= c.hi + 1e-9))
    eg = solve_scenario(c, solution="egalitarian")
    g = eg.utility - eg.disagreement
    assert g.min() == pytest.approx(np.sort(g)[1], abs=1e-4)  # max-min: the two smallest gains tie
