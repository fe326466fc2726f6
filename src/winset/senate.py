"""The real US Senate: predict treaty ratification votes from DW-NOMINATE ideal points.

Data: the Voteview extract in ``shared/reference-data/voteview-senate-treaties`` (Lewis, Poole, Rosenthal,
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
geometry in-sample; it is not an out-of-sample forecast.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SENATE_W2 = 0.5638  # voteview.net: Senate second-dimension weight (DW-NOMINATE, 2015 release)
FOLDER = "voteview-senate-treaties"


@dataclass(frozen=True)
class TreatyData:
    """Arrays of the extract: one row per roll call, one row per (roll call, senator) vote."""

    congress: np.ndarray  # (R,)
    rollnumber: np.ndarray  # (R,)
    date: list[str]
    description: list[str]
    yea_count: np.ndarray  # (R,)
    nay_count: np.ndarray  # (R,)
    mid: np.ndarray  # (R, 2)
    spread: np.ndarray  # (R, 2)
    vote_rc: np.ndarray  # (V,) index of the roll call
    vote_yea: np.ndarray  # (V,) bool: cast yea (code 1); only codes 1 and 6 are kept
    vote_ideal: np.ndarray  # (V, 2) DW-NOMINATE ideal point (nan when missing)
    vote_icpsr: np.ndarray  # (V,)


def _float(s: str) -> float:
    try:
        return float(s)
    except ValueError:
        return float("nan")


def load_treaties(root: Path | str) -> TreatyData:
    """Read the three CSV files (``root`` is the folder itself or the reference-data folder holding it)."""
    root = Path(root)
    if not (root / "senate_treaty_rollcalls.csv").exists():
        root = root / FOLDER
    with open(root / "senate_treaty_rollcalls.csv", newline="", encoding="utf-8") as f:
        rcs = list(csv.DictReader(f))
    with open(root / "senate_members_selected_congresses.csv", newline="", encoding="utf-8") as f:
        mem = [r for r in csv.DictReader(f) if r["chamber"] == "Senate"]
    with open(root / "senate_treaty_votes.csv", newline="", encoding="utf-8") as f:
        votes = list(csv.DictReader(f))
    congress = np.array([int(r["congress"]) for r in rcs])
    roll = np.array([int(r["rollnumber"]) for r in rcs])
    rc_key = congress * 100_000 + roll
    order = np.argsort(rc_key)
    m_key = np.array([int(r["congress"]) * 1_000_000 + int(float(r["icpsr"])) for r in mem])
    m_ideal = np.array([[_float(r["nominate_dim1"]), _float(r["nominate_dim2"])] for r in mem])
    m_order = np.argsort(m_key)
    v_c = np.array([int(float(r["congress"])) for r in votes])
    v_r = np.array([int(float(r["rollnumber"])) for r in votes])
    v_i = np.array([int(float(r["icpsr"])) for r in votes])
    v_code = np.array([int(float(r["cast_code"])) for r in votes])
    keep = (v_i < 99_900) & np.isin(v_code, [1, 6])
    v_c, v_r, v_i, v_code = v_c[keep], v_r[keep], v_i[keep], v_code[keep]
    pos = np.searchsorted(rc_key[order], v_c * 100_000 + v_r)
    rc_idx = order[np.clip(pos, 0, len(order) - 1)]
    if not np.array_equal(rc_key[rc_idx], v_c * 100_000 + v_r):
        raise ValueError("votes refer to roll calls missing from senate_treaty_rollcalls.csv")
    mk = v_c * 1_000_000 + v_i
    mpos = np.clip(np.searchsorted(m_key[m_order], mk), 0, len(m_order) - 1)
    found = m_key[m_order][mpos] == mk
    ideal = np.where(found[:, None], m_ideal[m_order][mpos], np.nan)
    return TreatyData(
        congress=congress, rollnumber=roll, date=[r["date"] for r in rcs],
        description=[(r["vote_desc"] or r["dtl_desc"]).strip() for r in rcs],
        yea_count=np.array([int(r["yea_count"]) for r in rcs]), nay_count=np.array([int(r["nay_count"]) for r in rcs]),
        mid=np.array([[_float(r["nominate_mid_1"]), _float(r["nominate_mid_2"])] for r in rcs]),
        spread=np.array([[_float(r["nominate_spread_1"]), _float(r["nominate_spread_2"])] for r in rcs]),
        vote_rc=rc_idx, vote_yea=v_code == 1, vote_ideal=ideal, vote_icpsr=v_i,
    )


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
    def hit_rate(self) -> float:
        return float((self.pred_pass == self.actual_pass).mean())

    @property
    def baseline_hit_rate(self) -> float:
        """Always predict 'pass'."""
        return float(self.actual_pass.mean())

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
    yea = np.where(scaled[rc] & known, nominate_yea(np.nan_to_num(data.vote_ideal), data.mid[rc], data.spread[rc], w2),
                   True)
    n = len(data.congress)
    p_yea = np.bincount(rc, weights=yea, minlength=n).astype(int)
    p_all = np.bincount(rc, minlength=n)
    used = scaled[rc] & known
    return TreatyPrediction(data=data, w2=w2, scaled=scaled, pred_yea=p_yea, pred_nay=p_all - p_yea,
                            pred_pass=two_thirds(p_yea, p_all - p_yea),
                            actual_pass=two_thirds(data.yea_count, data.nay_count),
                            vote_correct=yea == data.vote_yea, vote_used=used)
