"""Pieces of the SMP re-implementation checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from winset.models import smp


def test_bs_util_and_condorcet_pieces():
    assert smp.bs_util(0.0, 0.7) == 1.0
    assert smp.bs_util(1.0, -0.5) == 0.0
    assert smp.bs_util(0.5, 1.0) == pytest.approx(0.75)
    c = np.array([[1e-8, 3.0], [1.0, 1e-8]])
    pv = smp.victory_prob(c)
    assert pv[0, 1] == pytest.approx(0.75) and pv[1, 0] == pytest.approx(0.25) and pv[0, 0] == 0.5
    assert smp.cond_pce(pv) == pytest.approx([0.75, 0.25])
    assert smp.big_r_from_prob(np.array([0.1, 0.3, 0.6])) == pytest.approx([-0.5, 0.1, 1.0])


def test_unique_positions():
    x = np.array([[0.1, 0.2], [0.1, 0.2005], [0.5, 0.5], [0.1, 0.2]])
    u, e = smp.unique_positions(x)
    assert list(u) == [0, 2] and list(e) == [0, 0, 1, 0]
