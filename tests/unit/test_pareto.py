"""Exact Pareto frontier, Nash and Kalai–Smorodinsky points on finite outcome sets (winset.analysis.pareto)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from winset.analysis.pareto import (
    kalai_smorodinsky_point,
    ks_maxmin,
    ks_spread,
    nash_point,
    pareto_frontier,
    pareto_mask,
)


def brute_optimal(u: np.ndarray) -> np.ndarray:
    """Plain O(N^2) loop: row i is optimal iff no row is >= everywhere and > somewhere."""
    N, n = u.shape
    out = np.ones(N, dtype=bool)
    for i in range(N):
        for j in range(N):
            ge = all(u[j, k] >= u[i, k] for k in range(n))
            gt = any(u[j, k] > u[i, k] for k in range(n))
            if ge and gt:
                out[i] = False
                break
    return out


@pytest.mark.parametrize("n", [2, 3, 4, 5])
@pytest.mark.parametrize("kind", ["continuous", "ties"])
def test_matches_brute_force(n, kind):
    rng = np.random.default_rng(n)
    for _ in range(25):
        N = int(rng.integers(1, 120))
        u = rng.random((N, n)) if kind == "continuous" else rng.integers(0, 4, (N, n)).astype(float)
        assert (pareto_mask(u) == brute_optimal(u)).all()


@pytest.mark.slow
@pytest.mark.parametrize("n", [2, 3, 4])
def test_large_inputs_use_the_pivot_paths(n):
    """Above 4096 rows the pivot pre-filters run: compare to a chunked brute force on 6000 rows with ties."""
    rng = np.random.default_rng(10 + n)
    u = np.round(rng.random((6000, n)), 2)
    u[:50] = u[50:100]  # exact duplicates
    m = pareto_mask(u)
    dom = np.zeros(len(u), dtype=bool)
    for s in range(0, len(u), 500):
        a = u[s : s + 500, None, :]
        dom[s : s + 500] = ((u[None] >= a).all(-1) & (u[None] > a).any(-1)).any(1)
    assert (m == ~dom).all()


def test_textbook_example_and_duplicates():
    # (3,1), (1,3), (2,2) are mutually non-dominated; (2,1) is dominated by (2,2) and (3,1); (1,3) appears twice
    u = np.array([[3, 1], [1, 3], [2, 2], [2, 1], [1, 3], [0, 0]], dtype=float)
    assert pareto_mask(u).tolist() == [True, True, True, False, True, False]
    assert pareto_mask(u, unique=True).tolist() == [True, True, True, False, False, False]
    # sorted by total utility (all 4 here), ties by index
    assert pareto_frontier(u, unique=True).tolist() == [0, 1, 2]


def test_one_party_and_empty():
    assert pareto_mask(np.array([[1.0], [3.0], [3.0]])).tolist() == [False, True, True]
    assert pareto_mask(np.array([[1.0], [3.0], [3.0]]), unique=True).tolist() == [False, True, False]
    assert pareto_mask(np.zeros((0, 3))).shape == (0,)
    with pytest.raises(ValueError):
        pareto_mask(np.array([[np.nan, 1.0]]))


utility_sets = st.integers(2, 4).flatmap(
    lambda n: arrays(
        np.float64,
        st.tuples(st.integers(1, 60), st.just(n)),
        elements=st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]) | st.floats(0, 1, allow_nan=False),
    )
)


@settings(max_examples=150, deadline=None)
@given(utility_sets)
def test_frontier_properties(u):
    m = pareto_mask(u)
    F = u[m]
    # frontier points are mutually non-dominated
    for a, b in itertools.product(F, F):
        assert not ((a >= b).all() and (a > b).any())
    # every other point is dominated by some frontier point
    for x in u[~m]:
        assert ((x <= F).all(1) & (x < F).any(1)).any()
    # unique keeps exactly one row per distinct frontier vector
    mu = pareto_mask(u, unique=True)
    assert len({tuple(r) for r in F}) == mu.sum() == len({tuple(r) for r in u[mu]})


def test_nash_point_hand_computed():
    # gains over d = (0, 0): products 0.9*0.1=0.09, 0.6*0.5=0.30, 0.5*0.55=0.275, 0.2*0.9=0.18
    u = np.array([[0.9, 0.1], [0.6, 0.5], [0.5, 0.55], [0.2, 0.9]])
    assert nash_point(u) == 1
    # asymmetric weights (3, 1): 0.9^3*0.1=0.0729, 0.6^3*0.5=0.108, 0.5^3*0.55=0.06875 -> index 1
    assert nash_point(u, weights=np.array([3.0, 1.0])) == 1
    # weights (1, 3): 0.1^3*0.9 ~ 0.0009, 0.5^3*0.6=0.075, 0.55^3*0.5=0.0832, 0.9^3*0.2=0.1458 -> index 3
    assert nash_point(u, weights=np.array([1.0, 3.0])) == 3
    # disagreement (0.55, 0): only rows with both gains positive compete: row 0 (0.35*0.1) and 1 (0.05*0.5)
    assert nash_point(u, disagreement=np.array([0.55, 0.0])) == 0
    assert nash_point(u, disagreement=np.array([1.0, 1.0])) is None


def test_kalai_smorodinsky_hand_computed():
    # ideal point (0.9, 0.9); ratios min(u/0.9): 0.111, 0.556, 0.556, 0.222 -> tie of rows 1 and 2,
    # total utility 1.1 vs 1.05 -> row 1
    u = np.array([[0.9, 0.1], [0.6, 0.5], [0.5, 0.55], [0.2, 0.9]])
    assert kalai_smorodinsky_point(u) == 1


def first_copies(u: np.ndarray, opt: np.ndarray) -> np.ndarray:
    """The stated duplicates rule for unique=True, written out: the lowest index of every optimal vector."""
    seen: set[tuple[float, ...]] = set()
    out = np.zeros(len(u), dtype=bool)
    for i in np.flatnonzero(opt):
        if tuple(u[i]) not in seen:
            seen.add(tuple(u[i]))
            out[i] = True
    return out


few_values = st.integers(2, 5).flatmap(
    lambda n: arrays(
        np.float64, st.tuples(st.integers(1, 80), st.just(n)), elements=st.sampled_from([0.0, 1.0, 2.0, 3.0])
    )
)


@settings(max_examples=80, deadline=None)
@given(few_values)
def test_duplicates_rule_both_ways(u):
    """Every copy of an optimal vector by default (moocore keep_weakly=True); the lowest index with unique=True
    (moocore's default keeps the first copy); the moocore and numpy paths agree with the brute force."""
    opt = brute_optimal(u)
    assert (pareto_mask(u) == opt).all()
    assert (pareto_mask(u, unique=True) == first_copies(u, opt)).all()
    if u.shape[1] >= 3:
        assert (pareto_mask(u, method="numpy") == opt).all()
        assert (pareto_mask(u, unique=True, method="numpy") == first_copies(u, opt)).all()


def sweep_2d(u: np.ndarray) -> np.ndarray:
    """Plain-Python sweep: by u0 descending, a row is optimal iff its u1 is the largest of its equal-u0 group and
    beats every u1 seen at larger u0."""
    order = sorted(range(len(u)), key=lambda i: (-u[i, 0], -u[i, 1]))
    out = np.zeros(len(u), dtype=bool)
    best_before = -np.inf
    k = 0
    while k < len(order):
        g = [order[k]]
        while k + len(g) < len(order) and u[order[k + len(g)], 0] == u[g[0], 0]:
            g.append(order[k + len(g)])
        top = u[g[0], 1]
        for i in g:
            out[i] = u[i, 1] == top and top > best_before
        best_before = max(best_before, top)
        k += len(g)
    return out


@pytest.mark.parametrize("kind", ["independent", "anti", "line", "grid", "outlier"])
def test_two_party_bucket_path_on_every_shape(kind):
    """Above 4,096 rows the bucket prefilter runs (or is skipped when a sample says it would not pay)."""
    rng = np.random.default_rng(7)
    N = 6000
    if kind == "independent":
        u = rng.random((N, 2))
    elif kind == "anti":
        x = rng.random(N)
        u = np.stack([x, 1 - x + 0.05 * rng.random(N)], 1)
    elif kind == "line":  # every row optimal: nothing to prefilter
        x = rng.permutation(N).astype(float)
        u = np.stack([x, -x], 1)
    elif kind == "grid":  # GENIUS-like: few distinct values, many exact copies
        u = rng.integers(0, 30, (N, 2)) / 29.0
    else:  # one far row squeezes the others into the first bucket
        u = rng.random((N, 2))
        u[0] = [1e9, -5.0]
    u[:40] = u[40:80]
    opt = sweep_2d(u)
    assert (pareto_mask(u) == opt).all()
    assert (pareto_mask(u, unique=True) == first_copies(u, opt)).all()


def test_the_two_kalai_smorodinsky_definitions_differ_by_hand():
    """Frontier (d = (0, 0), best utilities (100, 100)): normalised gains
    X (0.50, 0.90): smallest 0.50, spread 0.40;   Y (0.70, 0.45): smallest 0.45, spread 0.25;
    (1.00, 0.10): smallest 0.10, spread 0.90;     (0.05, 1.00): smallest 0.05, spread 0.95.
    Max-min picks X; NegMAS' smallest spread picks Y."""
    u = np.array([[50.0, 90.0], [70.0, 45.0], [100.0, 10.0], [5.0, 100.0]])
    assert ks_maxmin(u, np.zeros(2)) == 0
    assert ks_spread(u, low=np.zeros(2), high=np.array([100.0, 100.0]), reservation=np.zeros(2)) == 1
    # an outcome below a reservation value is excluded from the spread definition (NegMAS: u < r)
    assert ks_spread(u, np.zeros(2), np.array([100.0, 100.0]), reservation=np.array([0.0, 50.0])) == 0
    # the max-min ideal comes from the candidates (the frontier): the same answer from the frontier rows only
    assert ks_maxmin(u, np.zeros(2), candidates=np.array([0, 1, 2, 3])) == 0


def test_infinite_utilities_are_compared_exactly():
    """-inf and inf are ordinary ordered values: (5, -inf) is optimal when no row has u0 >= 5 and a larger u1."""
    u = np.array([[5.0, -np.inf], [1.0, 2.0], [0.0, np.inf], [1.0, 1.0]])
    assert pareto_mask(u).tolist() == brute_optimal(u).tolist() == [True, True, True, False]
    big = np.concatenate([u, np.random.default_rng(1).random((5000, 2))])
    assert pareto_mask(big)[:4].tolist() == [True, True, True, False]
