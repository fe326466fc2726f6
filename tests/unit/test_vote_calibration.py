"""The member-level vote model scored on individual votes, leave one roll call out
(winset.studies.vote_calibration), on a synthetic extract worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from winset.io.voteview import TreatyData
from winset.studies.vote_calibration import calibrate


def _extract() -> TreatyData:
    """Three roll calls, four senators at x = -0.5, -0.2, 0.2, 0.5: votes Y Y N N, Y Y N N, Y Y Y N."""
    x = np.array([-0.5, -0.2, 0.2, 0.5])
    yea = np.array([1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0], dtype=bool)
    rc = np.repeat(np.arange(3), 4)
    return TreatyData(
        congress=np.array([90, 90, 90]),
        rollnumber=np.array([1, 2, 3]),
        date=["", "", ""],
        description=["a", "b", "c"],
        yea_count=np.array([2, 2, 3]),
        nay_count=np.array([2, 2, 1]),
        mid=np.zeros((3, 2)),
        spread=np.zeros((3, 2)),
        vote_rc=rc,
        vote_yea=yea,
        vote_ideal=np.stack([np.tile(x, 3), np.zeros(12)], -1),
        vote_icpsr=np.tile(np.arange(4), 3),
    )


def test_scores_by_hand():
    c = calibrate(_extract(), grid=np.array([-0.6, 0.0, 0.6]))
    # without roll call 0 (or 1): the rule 'yea iff x < 0' errs once in 8 votes -> cohesion 7/8, and roll
    # call 0's votes are predicted 7/8, 7/8, 1/8, 1/8 (each off by 1/8); without roll call 2 the same rule
    # errs never -> cohesion 1: roll call 2 predicted 1, 1, 0, 0 against Y Y Y N (one vote off by 1)
    assert c.cohesion.tolist() == pytest.approx([7 / 8, 7 / 8, 1.0])
    assert c.brier("cohesion") == pytest.approx((8 * (1 / 8) ** 2 + 1) / 12)
    assert c.brier("deterministic_rule") == pytest.approx(1 / 12)
    assert c.brier("always_yea") == pytest.approx(5 / 12)  # five nays
    # base rate without roll call 0: 5 yeas of 8; without 2: 4 of 8
    base = np.array([5 / 8] * 4 + [5 / 8] * 4 + [4 / 8] * 4)
    y = _extract().vote_yea.astype(float)
    assert c.brier("base_rate") == pytest.approx(float(np.mean((base - y) ** 2)))
    ll = -(8 * np.log(7 / 8) + 3 * np.log(1.0 - 1e-3) + np.log(1e-3)) / 12
    assert c.log_loss("cohesion") == pytest.approx(ll)


def test_calibration_table_bins_votes_by_prediction():
    c = calibrate(_extract(), grid=np.array([-0.6, 0.0, 0.6]))
    rows = {(r["low"], r["high"]): r for r in c.table("cohesion", bins=4)}
    # predicted 1/8 (4 votes, all nay) and 0 (2 votes of roll call 2: one yea, one nay) fall in [0, 0.25)
    low = rows[(0.0, 0.25)]
    assert low["votes"] == 6 and low["observed"] == pytest.approx(1 / 6)
    high = rows[(0.75, 1.0)]
    assert high["votes"] == 6 and high["observed"] == pytest.approx(1.0)
    assert sum(r["votes"] for r in rows.values()) == 12
