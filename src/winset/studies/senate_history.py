"""The real US Senate: predict treaty ratification votes from DW-NOMINATE ideal points.

Data: the Voteview extract in ``shared/reference-data/voteview-senate-treaties``, read by
:mod:`winset.io.voteview` (Lewis, Poole, Rosenthal,
Boche, Rudkin & Sonnet, *Voteview: Congressional Roll-Call Votes Database*, https://voteview.com/; read
at run time, never shipped).

Geometry (Poole & Rosenthal 1997, *Congress: A Political-Economic History of Roll Call Voting*, ch. 2;
Poole 2005, *Spatial Models of Parliamentary Voting*, ch. 2): each roll call has a Yea and a Nay outcome
point, stored as a midpoint ``z`` and a spread ``d``, with Yea at ``z - d`` and Nay at ``z + d`` (the
W-NOMINATE convention, as documented for the ``anominate`` R package).  A senator at ``x`` votes for the
closer outcome in the weighted distance ``sum_k w_k^2 (x_k - o_k)^2`` with ``w_1 = 1`` and ``w_2`` the
second-dimension weight; expanding the squares, Yea iff ``sum_k w_k^2 d_k (x_k - z_k) < 0``: the cutting
line through ``z`` perpendicular to ``d``.  Voteview states the Senate weight as ``w_2 = 0.5638``
(voteview.net DW-NOMINATE page, 2015 release); the default here.

A treaty passes when at least two thirds of the senators present and voting say yea (US Constitution
Art. II, Sec. 2); the prediction counts the predicted yeas among those who actually cast a yea or nay, so
turnout is taken as given.  Voteview does not scale lopsided roll calls (minority under 2.5 %): their
midpoint and spread are 0 and no cutting line exists; those are predicted to pass with every voter yea
and reported separately.  The cutting lines were estimated from these very votes, so this checks the
geometry in-sample; it is not an out-of-sample forecast.  :func:`predict_treaties_loo` is one: a
first-dimension cutting point fitted on the *other* treaty votes (leave one out).  Measured on the extract
(w2 = 0.5638): in-sample 213/218 roll calls right, out-of-sample 215/218, always-'pass' 215/218 -- neither beats
the baseline; see docs/two-level.md for the numbers and the 1978 Panama votes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from winset.io.voteview import SENATE_W2, TreatyData


def nominate_yea(ideal: np.ndarray, mid: np.ndarray, spread: np.ndarray, w2: float = SENATE_W2) -> np.ndarray:
    """Deterministic NOMINATE vote: Yea iff the senator is closer (weights ``(1, w2)``) to the Yea outcome
    ``mid - spread`` than to the Nay outcome ``mid + spread``, i.e. ``sum_k w_k^2 d_k (x_k - z_k) < 0``.
    Broadcasts over leading axes (last axis: the two dimensions)."""
    w = np.array([1.0, w2]) ** 2
    return np.asarray((w * spread * (ideal - mid)).sum(-1) < 0)


@dataclass(frozen=True)
class TreatyPrediction:
    data: TreatyData
    w2: float
    scaled: np.ndarray  # (R,) roll call has a cutting line
    pred_yea: np.ndarray  # (R,) predicted yeas among those voting
    pred_nay: np.ndarray
    pred_pass: np.ndarray  # (R,)
    actual_pass: np.ndarray  # (R,)
    vote_correct: np.ndarray  # (V,) per-senator prediction right (scaled roll calls, ideal point known)
    vote_used: np.ndarray  # (V,) bool

    @property
    def hits(self) -> int:
        return int((self.pred_pass == self.actual_pass).sum())

    @property
    def hit_rate(self) -> float:
        return float((self.pred_pass == self.actual_pass).mean())

    @property
    def baseline_hits(self) -> int:
        """Roll calls an always-'pass' prediction gets right."""
        return int(self.actual_pass.sum())

    @property
    def baseline_hit_rate(self) -> float:
        """Always predict 'pass'."""
        return float(self.actual_pass.mean())

    @property
    def scaled_hits(self) -> int:
        """Roll calls right among those with a cutting line (the only ones the geometry decides)."""
        return int((self.pred_pass == self.actual_pass)[self.scaled].sum())

    @property
    def scaled_baseline_hits(self) -> int:
        """Roll calls with a cutting line that passed: what always-'pass' gets right among them."""
        return int(self.actual_pass[self.scaled].sum())

    @property
    def failures(self) -> np.ndarray:
        return np.flatnonzero(~self.actual_pass)

    @property
    def failures_caught(self) -> int:
        return int((~self.pred_pass[self.failures]).sum())

    @property
    def vote_hit_rate(self) -> float:
        return float(self.vote_correct[self.vote_used].mean())

    def vote_hit_rate_of(self, r: int) -> float:
        sel = self.vote_used & (self.data.vote_rc == r)
        return float(self.vote_correct[sel].mean()) if sel.any() else float("nan")


def two_thirds(yea: np.ndarray, nay: np.ndarray) -> np.ndarray:
    """Art. II, Sec. 2: yeas at least two thirds of those present and voting (integer test, no rounding)."""
    return np.asarray(3 * yea >= 2 * (yea + nay))


def predict_treaties(data: TreatyData, w2: float = SENATE_W2) -> TreatyPrediction:
    """Predict every vote and every roll call's pass/fail at two thirds."""
    scaled = np.abs(data.spread).sum(-1) > 0
    rc = data.vote_rc
    known = np.isfinite(data.vote_ideal).all(-1)
    yea = np.where(
        scaled[rc] & known,
        nominate_yea(np.nan_to_num(data.vote_ideal), data.mid[rc], data.spread[rc], w2),
        True,
    )
    n = len(data.congress)
    p_yea = np.bincount(rc, weights=yea, minlength=n).astype(int)
    p_all = np.bincount(rc, minlength=n)
    used = scaled[rc] & known
    return TreatyPrediction(
        data=data,
        w2=w2,
        scaled=scaled,
        pred_yea=p_yea,
        pred_nay=p_all - p_yea,
        pred_pass=two_thirds(p_yea, p_all - p_yea),
        actual_pass=two_thirds(data.yea_count, data.nay_count),
        vote_correct=yea == data.vote_yea,
        vote_used=used,
    )


@dataclass(frozen=True)
class CutpointLOO:
    """Out-of-sample prediction from first-dimension ideal points only (see :func:`predict_treaties_loo`)."""

    cut: np.ndarray  # (R,) cutting point on dimension 1 fitted without roll call r
    yea_left: np.ndarray  # (R,) bool: senators left of the cut vote yea (else: right of it)
    pred_yea: np.ndarray  # (R,)
    pred_nay: np.ndarray  # (R,)
    pred_pass: np.ndarray  # (R,)
    actual_pass: np.ndarray  # (R,)

    @property
    def hits(self) -> int:
        return int((self.pred_pass == self.actual_pass).sum())

    @property
    def baseline_hits(self) -> int:
        return int(self.actual_pass.sum())

    @property
    def failures_caught(self) -> int:
        return int((~self.pred_pass & ~self.actual_pass).sum())


def cut_errors(data: TreatyData, grid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The grid and ``err[side, g, r]``: misclassified yea/nay votes of roll call ``r`` (ideal point known) by
    the rule "yea iff x < grid[g]" (side 0) or "x > grid[g]" (side 1) on DW-NOMINATE dimension 1."""
    g = np.linspace(-1.0, 1.0, 401) if grid is None else np.asarray(grid, dtype=float)
    x = data.vote_ideal[:, 0]
    known = np.isfinite(x)
    rc = data.vote_rc
    n = len(data.congress)
    err = np.zeros((2, len(g), n))
    for si in (0, 1):
        pred = (x[None, :] < g[:, None]) if si == 0 else (x[None, :] > g[:, None])
        wrong = (pred != data.vote_yea[None, :]) & known[None, :]
        for gi in range(len(g)):
            err[si, gi] = np.bincount(rc, weights=wrong[gi], minlength=n)
    return g, err


def loo_cuts(data: TreatyData, grid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every roll call r, the cutting rule ``(side, grid index)`` with the fewest errors on the *other*
    roll calls (ties: the first grid point, side 'left' first): ``(grid, side (R,), index (R,))``."""
    g, err = cut_errors(data, grid)
    tot = err.sum(-1)
    n = err.shape[-1]
    si = np.zeros(n, dtype=int)
    gi = np.zeros(n, dtype=int)
    for r in range(n):
        e = tot - err[:, :, r]
        si[r], gi[r] = (int(v) for v in np.unravel_index(int(np.argmin(e)), e.shape))
    return g, si, gi


def loo_rule_yea(data: TreatyData, g: np.ndarray, si: np.ndarray, gi: np.ndarray) -> np.ndarray:
    """``(V,)``: each vote classified by its roll call's leave-one-out rule; yea where the ideal point is
    unknown."""
    x = data.vote_ideal[:, 0]
    rc = data.vote_rc
    cut = g[gi[rc]]
    side = np.where(si[rc] == 0, x < cut, x > cut)
    return np.asarray(np.where(np.isfinite(x), side, True))


def predict_treaties_loo(data: TreatyData, grid: np.ndarray | None = None) -> CutpointLOO:
    """Leave-one-out spatial prediction that never looks at a roll call's own votes or NOMINATE parameters.

    Model: on a treaty vote a senator votes yea iff its DW-NOMINATE first-dimension score lies on one side of a
    cutting point ``c`` (``x < c`` or ``x > c``).  For each roll call r, ``(c, side)`` minimises the number of
    misclassified yea/nay votes pooled over the *other* 217 treaty roll calls (exhaustive search over ``grid``,
    default 401 points on [-1, 1]; ties go to the first grid point, side 'left' first); r's senators are then
    classified with it and the treaty predicted to pass at two thirds of those voting.  ``O(R x grid)``
    through per-roll-call error counts (total minus r's own)."""
    g, si_r, gi_r = loo_cuts(data, grid)
    rc = data.vote_rc
    n = len(data.congress)
    p_all = np.bincount(rc, minlength=n)
    yea = loo_rule_yea(data, g, si_r, gi_r)
    p_yea = np.bincount(rc, weights=yea, minlength=n).astype(int)
    return CutpointLOO(
        cut=g[gi_r],
        yea_left=si_r == 0,
        pred_yea=p_yea,
        pred_nay=p_all - p_yea,
        pred_pass=two_thirds(p_yea, p_all - p_yea),
        actual_pass=two_thirds(data.yea_count, data.nay_count),
    )
