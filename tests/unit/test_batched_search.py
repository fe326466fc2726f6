"""Batched search steps equal the per-item loops they replaced (issue 13 item 5: the refinement of the best
candidates runs in lockstep; the spatial loss runs large batches in blocks)."""

from __future__ import annotations

import numpy as np
import pytest

import winset.utility as utility_mod
from winset.analysis.search import (
    _coordinate_ascent_batch,
    _direction_search_batch,
    _discrete_values,
    candidate_packages,
    nash_objective,
    ratifiable,
)
from winset.io import load_any
from winset.ratify import body_applies
from winset.scenario.compiled import compile_scenario


@pytest.fixture(scope="module")
def anchorage():
    sc = load_any("anchorage-2025")
    c = compile_scenario(sc)
    values = _discrete_values(sc)
    cands, _ = candidate_packages(sc, c, n=256, seed=3)
    inst = sorted(set(c.instruments))[0]
    ok, _ = ratifiable(c, cands, inst)
    pool = cands[ok]
    top = pool[np.argsort(-nash_objective(c, pool))[:3]]
    return c, values, inst, top


def test_coordinate_ascent_batch_equals_one_row_at_a_time(anchorage):
    c, values, inst, top = anchorage
    assert len(top) == 3
    batch = _coordinate_ascent_batch(c, top, inst, values, rounds=2, grid=21)
    loop = np.array(
        [_coordinate_ascent_batch(c, x[None, :], inst, values, rounds=2, grid=21)[0] for x in top]
    )
    np.testing.assert_array_equal(batch, loop)
    # ascent never loses Nash value and stays ratifiable
    assert (nash_objective(c, batch) >= nash_objective(c, top) - 1e-12).all()
    assert ratifiable(c, batch, inst)[0].all()


def test_direction_search_batch_equals_one_row_at_a_time(anchorage):
    c, values, inst, top = anchorage
    seeds = [5, 6, 7]
    batch = _direction_search_batch(c, top, inst, values, seeds, points=9, n_random=2, tol=1e-3)
    loop = np.array(
        [
            _direction_search_batch(c, x[None, :], inst, values, [s], points=9, n_random=2, tol=1e-3)[0]
            for x, s in zip(top, seeds, strict=True)
        ]
    )
    np.testing.assert_array_equal(batch, loop)
    assert (nash_objective(c, batch) >= nash_objective(c, top) - 1e-12).all()


@pytest.mark.parametrize("shape", [1.0, 2.0, "mixed"])
def test_blocked_loss_equals_the_formula_row_by_row(monkeypatch, shape):
    rng = np.random.default_rng(0)
    d, m, k = 97, 4, 5
    x = rng.uniform(0, 100, (d, 1, k))
    ideal = rng.uniform(0, 100, (1, m, k))
    sal = rng.uniform(0, 1, (1, m, k))
    sal[0, 1] = 0.0  # an indifferent member
    span = np.full(k, 100.0)
    e = np.array([1.0, 2.0, 1.0, 2.0]) if shape == "mixed" else shape
    monkeypatch.setattr(utility_mod, "BLOCK", 7 * m * k)  # blocks of 7 rows, the last one short
    got = utility_mod.loss(x, ideal, sal, span, e)
    ee = np.broadcast_to(np.asarray(e, dtype=float), (m,))
    want = np.empty((d, m))
    for i in range(d):
        for j in range(m):
            tot = sal[0, j].sum()
            w = sal[0, j] / tot if tot > 0 else np.zeros(k)
            want[i, j] = sum(w[q] * (abs(x[i, 0, q] - ideal[0, j, q]) / span[q]) ** ee[j] for q in range(k))
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)
    monkeypatch.setattr(utility_mod, "BLOCK", 10**9)  # one pass: identical to the blocked result
    np.testing.assert_array_equal(utility_mod.loss(x, ideal, sal, span, e), got)


def test_body_applies_one_instrument_equals_a_list_of_it(anchorage):
    c, _, _, top = anchorage
    for b in c.bodies:
        for inst in ("treaty", "executive_agreement", "declaration"):
            one = body_applies(b, top, inst, c.reversion)
            many = body_applies(b, top, [inst] * len(top), c.reversion)
            np.testing.assert_array_equal(one, many)
