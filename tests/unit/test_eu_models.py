"""Models of EU decisions: exact weighted Nash with a costly reference point, procedural, exchange, ensemble
pieces.  Expectations are worked by hand in the comments (or computed independently, by SLSQP)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from winset.models.exchange import exchange_proposal
from winset.models.nash_eu import nash_1d
from winset.models.procedural import procedural
from winset.studies.accuracy import bootstrap_difference
from winset.studies.ensemble import conformal_half_width, fold_ids, lad_weights


def test_nash_two_actors_interior_by_hand():
    # p = (0, 100), q = 50, s = 1, kappa = 0.5: g0 = (100 - x)/100, g1 = x/100;
    # max w0 log(100 - x) + w1 log x  ->  x = 100 w1 / (w0 + w1) = 75 for w = (1, 3)
    x = nash_1d(np.array([0.0, 100.0]), np.ones(2), np.array([1.0, 3.0]), np.array(50.0), cost=0.5)
    assert x == pytest.approx(75.0, abs=1e-9)


def test_nash_without_cost_collapses_to_reference():
    # kappa = 0, q = 50 between the two ideals: every move hurts one of them -> no surplus -> q
    x = nash_1d(np.array([0.0, 100.0]), np.ones(2), np.ones(2), np.array(50.0), cost=0.0)
    assert x == 50.0


def test_nash_kink_at_heavy_actor_by_hand():
    # p = (0, 40, 100), w = (1, 10, 1), q = 40, kappa = 1: at x = 40 every g_i = 1; left derivative
    # (-1 + 10 + 1)/100 > 0, right derivative (-1 - 10 + 1)/100 < 0: the maximum is the breakpoint 40
    x = nash_1d(
        np.array([0.0, 40.0, 100.0]), np.ones(3), np.array([1.0, 10.0, 1.0]), np.array(40.0), cost=1.0
    )
    assert x == 40.0


def test_nash_matches_slsqp_on_random_problems():
    from winset.models.bargaining import solve

    rng = np.random.default_rng(7)
    for _ in range(25):
        n = int(rng.integers(2, 6))
        p, c, q = rng.uniform(0, 100, n), rng.uniform(0.1, 1, n), float(rng.uniform(0, 100))
        kappa = float(rng.choice([0.0, 0.05, 0.3]))
        d = 1 - np.abs(q - p) / 100 - kappa  # the same problem for the general SLSQP solver
        ref = solve(p[:, None], np.ones((n, 1)), c, d, [0], [100], reversion=[q]).outcome[0]
        assert nash_1d(p, np.ones(n), c, np.array(q), cost=kappa) == pytest.approx(ref, abs=1e-3)


def test_nash_batched_equals_one_by_one():
    rng = np.random.default_rng(3)
    p, s, w, q = (
        rng.uniform(0, 100, (4, 5, 6)),
        rng.uniform(0, 1, (4, 5, 6)),
        rng.uniform(1, 9, (4, 5, 6)),
        rng.uniform(0, 100, (4, 5)),
    )
    batch = nash_1d(p, s, w, q, cost=0.2)
    for a in range(4):
        for b in range(5):
            assert batch[a, b] == pytest.approx(nash_1d(p[a, b], s[a, b], w[a, b], q[a, b], cost=0.2))


COUNCIL = np.array([[20.0, 50.0, 80.0, np.nan]])  # three members; the 4th column is unused


def _proc(rule: float, com: float, ep: float = np.nan, cod: bool = False) -> float:
    return float(
        procedural(
            COUNCIL,
            np.array([0.0]),
            np.array([[1.0, 1.0, 1.0, 0.0]]),
            np.array([rule]),
            commission=np.array([com]),
            parliament=np.array([ep]),
            codecision=np.array([cod]),
        )[0]
    )


def test_procedural_consultation_by_hand():
    # q = 0, members at 20, 50, 80 prefer x to q up to 2p - q = 40, 100, 160.  Two of three (QMV 2/3): the
    # pivot is the member at 50, win-set [0, 100]; inside the members' range [20, 80]: Commission at 70 -> 70,
    # Commission at 100 -> 80.  Unanimity: the pivot is the member at 20, win-set [0, 40] -> 40.
    assert _proc(2 / 3, 70.0) == 70.0
    assert _proc(2 / 3, 100.0) == 80.0
    assert _proc(1.0, 70.0) == 40.0


def test_procedural_codecision_by_hand():
    # EP at 90 accepts [0, 180]; joint win-set with the Council's [0, 100], within [20, 90]: [20, 90].
    # EP's best 90, the Council's weighted median (50) best 50: the split is 70.
    assert _proc(2 / 3, 100.0, ep=90.0, cod=True) == 70.0


def test_procedural_without_reference_point_is_nan():
    out = procedural(COUNCIL, np.array([np.nan]), np.array([[1.0, 1.0, 1.0, 0.0]]), np.array([0.7]))
    assert np.isnan(out[0])


def test_exchange_two_actors_two_issues_by_hand():
    # A at (0, 0) with saliences (.9, .1), B at (100, 100) with (.1, .9), capability 1: outcomes (10, 90).
    # A cares relatively more for issue 1, B for issue 2: B moves on 1 toward A, A on 2 toward B; equal-gain
    # rate b/a = (.9 + .1)/(.1 + .9) = 1; each may move the outcome at most 10 (to the partner's position /
    # the gainer's ideal).  After the exchange B is at 0 on issue 1, A at 100 on issue 2: outcomes (0, 100).
    out = exchange_proposal(
        np.array([[0.0, 0.0], [100.0, 100.0]]), np.array([[0.9, 0.1], [0.1, 0.9]]), np.ones(2)
    )
    assert out == pytest.approx([0.0, 100.0])


def test_exchange_single_issue_is_the_compromise():
    out = exchange_proposal(np.array([[0.0], [100.0]]), np.array([[0.5], [0.5]]), np.array([1.0, 3.0]))
    assert out == pytest.approx([75.0])


def test_bootstrap_of_a_constant_difference():
    err = np.arange(10.0) + 1.0
    d = bootstrap_difference(err, err - 1.0, np.repeat(np.arange(5), 2), reps=200)
    assert d == pytest.approx({"mean": 1.0, "low": 1.0, "high": 1.0})


def test_conformal_rank_and_lad_weights():
    # n = 9: rank ceil(0.8 * 10) = 8 -> the 8th smallest
    assert conformal_half_width(np.arange(1.0, 10.0) / 10) == pytest.approx(0.8)
    f = np.array([[1.0, 5.0], [2.0, 0.0], [3.0, 9.0], [4.0, 1.0]])
    assert lad_weights(f, f[:, 0]) == pytest.approx([1.0, 0.0], abs=1e-9)


def test_folds_keep_proposals_together():
    groups = np.array(["a", "a", "b", "c", "c", "c", "d"])
    f = fold_ids(groups, 3, seed=0)
    for g in np.unique(groups):
        assert len(set(f[groups == g])) == 1


# --- properties (hypothesis) -----------------------------------------------------------------------------

_pos = st.lists(st.floats(0, 100), min_size=2, max_size=6)


@settings(max_examples=60, deadline=None)
@given(_pos, st.floats(0, 100), st.sampled_from([0.05, 0.3, 1.0]), st.integers(0, 10_000))
def test_nash_beats_every_feasible_point(p, q, kappa, seed):
    p = np.array(p)
    rng = np.random.default_rng(seed)
    s, w = rng.uniform(0.1, 1, len(p)), rng.uniform(0.1, 5, len(p))

    def value(x: np.ndarray) -> np.ndarray:
        g = kappa + s * (np.abs(q - p) - np.abs(x[:, None] - p)) / 100
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where((g > 0).all(1), (w * np.log(np.where(g > 0, g, 1.0))).sum(1), -np.inf)

    best = nash_1d(p, s, w, np.array(q), cost=kappa)
    grid = np.linspace(0, 100, 2001)
    assert value(np.array([best]))[0] >= value(grid).max() - 1e-9


@settings(max_examples=60, deadline=None)
@given(_pos, st.floats(0, 100), st.floats(0, 100), st.sampled_from([0.5, 0.7, 1.0]), st.integers(0, 10_000))
def test_consultation_outcome_is_in_the_councils_winset(p, q, com, share, seed):
    p = np.array(p)
    w = np.random.default_rng(seed).integers(1, 30, len(p)).astype(float)
    x = procedural(p[None], np.array([q]), w[None], np.array([share]), commission=np.array([com]))[0]
    # a qualified majority (or everyone, share 1) weakly prefers x to q, unless x is q itself
    if x != q:
        likes = np.abs(x - p) <= np.abs(q - p) + 1e-9
        assert w[likes].sum() >= share * w.sum() * (1 - 1e-12)
        assert p.min() - 1e-9 <= x <= p.max() + 1e-9


def test_bargaining_one_issue_exact_path_equals_slsqp():
    from winset.models.bargaining import solve

    rng = np.random.default_rng(11)
    for _ in range(20):
        n = int(rng.integers(2, 6))
        p, c, q = rng.uniform(0, 10, (n, 1)), rng.uniform(0, 1, n), rng.uniform(0, 10, 1)
        sal = np.where(rng.random((n, 1)) < 0.15, 0.0, 1.0)
        d = 1 - np.abs(q - p[:, 0]) / 10 - float(rng.choice([0.0, 0.1]))
        fast = solve(p, sal, c, d, [0], [10], reversion=q)
        slow = solve(p, sal, c, d, [0], [10], reversion=q, exact=False)
        assert fast.outcome == pytest.approx(slow.outcome, abs=1e-3)
        assert fast.feasible == slow.feasible
        assert fast.utility == pytest.approx(slow.utility, abs=1e-3)
