"""The additive frontier (winset.analysis.pareto.additive) against enumeration, and on 10^12 outcomes."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from winset.analysis.pareto import additive_frontier, pareto_mask


def enumerate_domain(tables: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Every outcome (value index per issue, itertools.product order) and its summed utilities, by a plain loop."""
    outs = np.array(list(itertools.product(*[range(len(t)) for t in tables])), dtype=np.int64)
    u = np.array([sum(t[j] for t, j in zip(tables, o, strict=True)) for o in outs], dtype=float)
    return outs, u


def brute_optimal(u: np.ndarray) -> np.ndarray:
    ge = (u[None, :, :] >= u[:, None, :]).all(-1)
    gt = (u[None, :, :] > u[:, None, :]).any(-1)
    return ~(ge & gt).any(1)


# integer contributions: every sum is exact, so ties are exact and "all ties" is well defined
domains = st.integers(2, 4).flatmap(
    lambda n: st.lists(
        arrays(np.int64, st.tuples(st.integers(1, 4), st.just(n)), elements=st.integers(-3, 3)),
        min_size=1,
        max_size=4,
    )
)


@settings(max_examples=200, deadline=None)
@given(domains)
def test_one_outcome_per_optimal_vector_matches_enumeration(tables):
    tabs = [t.astype(float) for t in tables]
    outs, u = enumerate_domain(tabs)
    opt = brute_optimal(u)
    f = additive_frontier(tabs)
    assert {tuple(x) for x in f.utilities} == {tuple(x) for x in u[opt]}
    assert len(f.utilities) == len({tuple(x) for x in u[opt]})  # one per vector
    # each returned outcome really has the returned utilities
    again = np.array([sum(t[j] for t, j in zip(tabs, o, strict=True)) for o in f.choices])
    assert (again == f.utilities).all()
    assert f.n_outcomes == len(outs)
    # sorted by total utility, highest first
    assert (np.diff(f.utilities.sum(1)) <= 0).all()


@settings(max_examples=200, deadline=None)
@given(domains)
def test_all_ties_on_request_matches_enumeration(tables):
    tabs = [t.astype(float) for t in tables]
    outs, u = enumerate_domain(tabs)
    f = additive_frontier(tabs, ties=True)
    assert sorted(map(tuple, f.choices)) == sorted(map(tuple, outs[brute_optimal(u)]))


@settings(max_examples=100, deadline=None)
@given(domains, st.integers(-2, 6))
def test_cap_matches_enumeration(tables, cap):
    """GENIUS caps utilities at 1: the capped frontier is the frontier of the capped enumeration."""
    tabs = [t.astype(float) for t in tables]
    _, u = enumerate_domain(tabs)
    u = np.minimum(u, cap)
    f = additive_frontier(tabs, cap=float(cap))
    assert {tuple(x) for x in f.utilities} == {tuple(x) for x in u[brute_optimal(u)]}
    assert len(f.utilities) == int(pareto_mask(u, unique=True).sum())


def test_ties_with_a_binding_cap_are_refused():
    with pytest.raises(ValueError, match="cap"):
        additive_frontier([np.array([[2.0, 0.0], [0.0, 2.0]])], cap=1.0, ties=True)


def test_float_tables_give_the_enumerated_vectors_bit_for_bit():
    """Sums start at 0 and add issues in order, as GeniusDomain.utilities() does: the same floats."""
    rng = np.random.default_rng(3)
    tabs = [rng.random((int(rng.integers(2, 6)), 3)) for _ in range(6)]
    acc = np.zeros((1, 3))
    for t in tabs:
        acc = (acc[:, None, :] + t[None, :, :]).reshape(-1, 3)
    f = additive_frontier(tabs)
    assert {tuple(x) for x in f.utilities} == {tuple(x) for x in acc[pareto_mask(acc, unique=True)]}


def test_a_domain_of_10_to_the_12_outcomes_with_three_parties():
    """12 issues of 10 values, 3 parties, 10^12 outcomes (no enumeration could list them).  Checked by
    properties: every returned vector is what its outcome is worth, no two returned vectors dominate each other,
    and none of 200,000 random outcomes is dominated by nothing returned (stacked with the frontier, a sample
    outcome is optimal only when it equals a frontier vector)."""
    rng = np.random.default_rng(12)
    tabs = [rng.integers(0, 100, (10, 3)).astype(float) for _ in range(12)]
    f = additive_frontier(tabs)
    assert f.n_outcomes == 10**12
    F = f.utilities
    assert len(F) > 1000
    worth = sum(t[f.choices[:, k]] for k, t in enumerate(tabs))
    assert (worth == F).all()
    assert pareto_mask(F).all()
    sample = rng.integers(0, 10, (200_000, 12))
    us = sum(t[sample[:, k]] for k, t in enumerate(tabs))
    m = pareto_mask(np.concatenate([F, us]))
    assert m[: len(F)].all()
    front = {tuple(x) for x in F}
    assert all(tuple(x) in front for x in us[m[len(F) :]])


@pytest.mark.slow
def test_anti_correlated_10_to_the_12_outcomes():
    """Contributions that split a fixed budget three ways: a frontier of about 320,000 vectors, still exact."""
    rng = np.random.default_rng(12)
    tabs = [np.round(rng.dirichlet(np.ones(3), 10) * 100) for _ in range(12)]
    f = additive_frontier(tabs)
    assert f.n_outcomes == 10**12 and len(f.utilities) > 100_000
    assert (sum(t[f.choices[:, k]] for k, t in enumerate(tabs)) == f.utilities).all()
    sample = rng.integers(0, 10, (100_000, 12))
    us = sum(t[sample[:, k]] for k, t in enumerate(tabs))
    m = pareto_mask(np.concatenate([f.utilities, us]))
    assert m[: len(f.utilities)].all()
    front = {tuple(x) for x in f.utilities}
    assert all(tuple(x) in front for x in us[m[len(f.utilities) :]])
