"""Compromise model and weighted median: hand-worked cases, properties, and an independent recomputation
on third-party data (COP21 inputs of Stokman & Thomson 2015)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from winset.models import compromise, weighted_median


def test_compromise_hand_worked():
    # weights c*s = [1*1, 2*0.5, 1*1] = [1, 1, 1] -> plain mean of 0, 50, 100
    p = np.array([[0.0], [50.0], [100.0]])
    s = np.array([[1.0], [0.5], [1.0]])
    c = np.array([1.0, 2.0, 1.0])
    assert compromise(p, s, c)[0] == 50.0
    # (3*10 + 1*40) / 4 = 17.5
    assert compromise(np.array([[10.0], [40.0]]), np.ones((2, 1)), np.array([3.0, 1.0]))[0] == 17.5


def test_weighted_median_hand_worked():
    p = np.array([[0.0], [50.0], [100.0]])
    s = np.ones((3, 1))
    assert weighted_median(p, s, np.array([0.2, 0.5, 0.3]))[0] == 50.0  # cumulative .2, .7
    assert weighted_median(p, s, np.array([0.6, 0.1, 0.3]))[0] == 0.0  # one actor holds a majority
    assert weighted_median(p, s, np.array([0.1, 0.1, 0.8]))[0] == 100.0
    # exactly half at the lower position: the lower median (smallest p with cumulative >= half)
    assert weighted_median(np.array([[0.0], [100.0]]), np.ones((2, 1)), np.array([1.0, 1.0]))[0] == 0.0
    # unsorted input
    assert (
        weighted_median(np.array([[90.0], [10.0], [40.0]]), np.ones((3, 1)), np.array([1.0, 1.0, 1.5]))[0]
        == 40.0
    )


def test_zero_salience_issue_falls_back_to_plain_mean():
    p = np.array([[0.0, 20.0], [60.0, 80.0]])
    s = np.array([[1.0, 0.0], [1.0, 0.0]])
    out = compromise(p, s, np.array([1.0, 1.0]))
    assert out.tolist() == [30.0, 50.0]


positions = arrays(float, (5, 3), elements=st.floats(0, 100))
weights = arrays(float, (5, 3), elements=st.floats(0.01, 1))
caps = arrays(float, (5,), elements=st.floats(0.01, 1))


@settings(max_examples=150, deadline=None)
@given(positions, weights, caps)
def test_properties(p, s, c):
    cm = compromise(p, s, c)
    md = weighted_median(p, s, c)
    assert np.all(cm >= p.min(0) - 1e-9) and np.all(cm <= p.max(0) + 1e-9)
    w = c[:, None] * s
    for k in range(3):
        assert md[k] in p[:, k]

        # the weighted median minimises the weighted sum of absolute deviations (over the data points)
        def cost(x: float, k: int = k) -> float:
            return float((w[:, k] * np.abs(p[:, k] - x)).sum())

        assert cost(md[k]) <= min(cost(x) for x in p[:, k]) + 1e-7
    # scale invariance of capability
    assert np.allclose(compromise(p, s, 7 * c), cm)
    assert np.array_equal(weighted_median(p, s, 7 * c), md)


@settings(max_examples=30, deadline=None)
@given(
    arrays(float, (4, 5, 3), elements=st.floats(0, 100)),
    arrays(float, (4, 5, 3), elements=st.floats(0.01, 1)),
    arrays(float, (4, 5), elements=st.floats(0.01, 1)),
)
def test_batch_axis_equals_one_draw_at_a_time(p, s, c):
    cm, md = compromise(p, s, c), weighted_median(p, s, c)
    for b in range(4):
        assert np.allclose(cm[b], compromise(p[b], s[b], c[b]))
        assert np.array_equal(md[b], weighted_median(p[b], s[b], c[b]))
