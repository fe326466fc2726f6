"""How well the member-level vote model predicts individual Senate treaty votes: Brier score, log-loss and a
calibration table of P(yea) per senator, out of sample (leave one roll call out).

The model is :mod:`winset.ratify`'s: a member whose utility says yea votes yea with probability ``c`` (its
cohesion), else with probability ``1 - c``.  Here the utility's verdict is the deterministic ideal-point rule
of :func:`winset.studies.senate_history.predict_treaties_loo`: yea iff the senator's DW-NOMINATE first
dimension lies on one side of a cutting point, the side and point fitted on the *other* 217 roll calls.  For
roll call ``r`` everything is fitted without ``r``'s votes:

* ``cohesion`` (one parameter, as in a scenario): ``c_r`` = share of the other roll calls' votes that agree
  with their rule, so ``P(yea) = c_r`` where the rule says yea and ``1 - c_r`` where it says nay;
* ``cohesion by side`` (two parameters): ``P(yea | rule yea)`` and ``P(yea | rule nay)``, each the yea share
  of the other roll calls' votes with that verdict;
* baselines: ``always yea`` (P = 1), the ``deterministic rule`` (P = 1 or 0), and the ``base rate`` (P = the
  other roll calls' yea share).

Every vote with a known ideal point counts (votes without one are predicted as the rule says for an unknown
point: yea).  Log-loss needs ``0 < P < 1``: predictions are clipped to ``[EPS, 1 - EPS]`` (this only touches
the deterministic baselines, whose log-loss therefore depends on ``EPS``; their Brier score does not).
Data: the Voteview extract (Lewis, Poole, Rosenthal, Boche, Rudkin & Sonnet, *Voteview: Congressional
Roll-Call Votes Database*, https://voteview.com/).  Brier (1950), *Monthly Weather Review* 78(1), 1-3.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from winset.io.voteview import TreatyData
from winset.studies.senate_history import cut_errors, loo_rule_yea

EPS = 1e-3
"""Clip of predicted probabilities for the log-loss."""

MODELS = ("cohesion", "cohesion_by_side", "always_yea", "deterministic_rule", "base_rate")
"""The predictions scored, the member-level vote model first."""


@dataclass(frozen=True)
class Calibration:
    """Scores and calibration table of P(yea) per vote (leave one roll call out)."""

    votes: int
    roll_calls: int
    yea_share: float
    p: dict[str, np.ndarray]  # model -> (V,) P(yea)
    y: np.ndarray  # (V,) 1 = yea
    cohesion: np.ndarray  # (R,) c_r fitted without r

    def brier(self, model: str) -> float:
        return float(np.mean((self.p[model] - self.y) ** 2))

    def log_loss(self, model: str) -> float:
        p = np.clip(self.p[model], EPS, 1 - EPS)
        return float(-np.mean(self.y * np.log(p) + (1 - self.y) * np.log(1 - p)))

    def table(self, model: str = "cohesion", bins: int = 10) -> list[dict[str, float | int]]:
        """Votes binned by predicted P(yea) (``bins`` equal bins on [0, 1]): count, mean prediction, observed
        yea share.  A calibrated model has the two close in every bin."""
        p = self.p[model]
        k = np.minimum((p * bins).astype(int), bins - 1)
        rows: list[dict[str, float | int]] = []
        for b in range(bins):
            sel = k == b
            if sel.any():
                rows.append(
                    {
                        "low": b / bins,
                        "high": (b + 1) / bins,
                        "votes": int(sel.sum()),
                        "predicted": float(p[sel].mean()),
                        "observed": float(self.y[sel].mean()),
                    }
                )
        return rows


def calibrate(data: TreatyData, grid: np.ndarray | None = None) -> Calibration:
    """Fit and score every prediction leave-one-roll-call-out (see the module docstring)."""
    g, err = cut_errors(data, grid)
    x = data.vote_ideal[:, 0]
    known = np.isfinite(x)
    rc = data.vote_rc
    n = len(data.congress)
    y = data.vote_yea.astype(float)
    n_known = np.bincount(rc, weights=known, minlength=n)
    n_all = np.bincount(rc, minlength=n)
    yeas = np.bincount(rc, weights=y, minlength=n)
    tot = err.sum(-1)
    si = np.zeros(n, dtype=int)
    gi = np.zeros(n, dtype=int)
    coh = np.zeros(n)
    p_yy = np.zeros(n)  # P(yea | rule says yea), fitted without r
    p_yn = np.zeros(n)  # P(yea | rule says nay)
    # per (side, grid point, roll call): votes the rule calls yea, and the yeas among them
    call_yea = np.zeros((2, len(g), n))
    yea_and_call = np.zeros((2, len(g), n))
    for s in (0, 1):
        pred = (x[None, :] < g[:, None]) if s == 0 else (x[None, :] > g[:, None])
        pred &= known[None, :]
        for j in range(len(g)):
            call_yea[s, j] = np.bincount(rc, weights=pred[j], minlength=n)
            yea_and_call[s, j] = np.bincount(rc, weights=pred[j] * y, minlength=n)
    yea_known = np.bincount(rc, weights=y * known, minlength=n)
    for r in range(n):
        e = tot - err[:, :, r]
        si[r], gi[r] = (int(v) for v in np.unravel_index(int(np.argmin(e)), e.shape))
        others = n_known.sum() - n_known[r]
        coh[r] = 1.0 - e[si[r], gi[r]] / others
        cy = call_yea[si[r], gi[r]].sum() - call_yea[si[r], gi[r], r]
        yy = yea_and_call[si[r], gi[r]].sum() - yea_and_call[si[r], gi[r], r]
        cn = others - cy
        yn = (yea_known.sum() - yea_known[r]) - yy
        p_yy[r] = yy / cy if cy else 1.0
        p_yn[r] = yn / cn if cn else 0.0
    rule = loo_rule_yea(data, g, si, gi)
    base = (yeas.sum() - yeas) / (n_all.sum() - n_all)
    p = {
        "cohesion": np.where(rule, coh[rc], 1.0 - coh[rc]),
        "cohesion_by_side": np.where(rule, p_yy[rc], p_yn[rc]),
        "always_yea": np.ones_like(y),
        "deterministic_rule": rule.astype(float),
        "base_rate": base[rc],
    }
    return Calibration(votes=len(y), roll_calls=n, yea_share=float(y.mean()), p=p, y=y, cohesion=coh)
