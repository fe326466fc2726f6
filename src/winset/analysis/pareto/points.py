"""Bargaining points on a frontier: Nash and two Kalai–Smorodinsky definitions, under explicit names.

Every function takes utilities ``u`` ``(N, n)`` and optional ``candidates`` (row indices): pass the Pareto
frontier and the point is found among its rows only; the ranges each definition needs (best and worst
utility per party) are arguments, so nothing rescans all outcomes.

Kalai–Smorodinsky on a finite set has two definitions in use, and they pick different outcomes on some
domains (AirportSiteSelectionA, IS_BT_Acquisition):

* ``"maxmin"`` (:func:`ks_maxmin`): Kalai & Smorodinsky (1975), "Other solutions to Nash's bargaining
  problem", *Econometrica* 43(3), 513-518: the point of the frontier on the segment from the disagreement
  point ``d`` to the ideal point ``U`` (each party's best utility among the individually rational outcomes);
  on a finite set, the outcome maximising the smallest normalised gain ``min_i (u_i - d_i) / (U_i - d_i)``.
* ``"spread"`` (:func:`ks_spread`): NegMAS 0.16.0 ``negmas.preferences.ops.ks_points``: the frontier outcome
  minimising the *spread* ``max_i a_i - min_i a_i`` of the normalised gains ``a_i = (u_i - l_i) / (h_i - l_i)``,
  with ``h_i`` the party's best utility over *all* outcomes, ``l_i`` its reservation value (its lowest utility
  when the reservation value lies below that), outcomes below a reservation value excluded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from winset.analysis.pareto.enumerated import pareto_frontier

if TYPE_CHECKING:
    from winset.scenario.compiled import Compiled

__all__ = [
    "KS_DEFINITIONS",
    "MAX_OUTCOMES",
    "bargaining_parties",
    "domain_summary",
    "frontier_points",
    "kalai_smorodinsky_point",
    "ks_maxmin",
    "ks_spread",
    "nash_point",
]

KS_DEFINITIONS = {
    "maxmin": "Kalai–Smorodinsky (1975): largest smallest normalised gain, ideal point over the rational outcomes",
    "spread": "Kalai–Smorodinsky as NegMAS 0.16 ks_points: smallest spread of normalised gains, ideal over all outcomes",
}
"""The two Kalai–Smorodinsky definitions, by the name the output shows."""

MAX_OUTCOMES = 50_000_000
"""Largest outcome space :func:`domain_summary` enumerates (about 400 MB per party of float64 utilities)."""


def bargaining_parties(c: Compiled) -> np.ndarray:
    """Indices of the actors whose gains the Nash and Kalai–Smorodinsky points weigh: the veto players (an
    actor that cannot block a deal cannot hold out for a share of it), every actor when none is a veto player.
    """
    idx = [c.actor_index(v) for v in c.veto_players if v in c.actor_ids]
    return np.array(idx if idx else range(len(c.actor_ids)), dtype=np.int64)


def _rows(u: np.ndarray, candidates: np.ndarray | None) -> np.ndarray:
    return np.arange(len(u)) if candidates is None else np.asarray(candidates, dtype=np.int64)


def nash_point(
    u: np.ndarray,
    disagreement: np.ndarray | float = 0.0,
    weights: np.ndarray | None = None,
    candidates: np.ndarray | None = None,
) -> int | None:
    """Index of the outcome maximising the (asymmetric) Nash product ``prod_i (u_i - d_i)^{w_i}``.

    Nash (1950), "The bargaining problem", *Econometrica* 18(2), eq. (1); the asymmetric form with bargaining
    weights ``w`` is Kalai (1977), "Nonsymmetric Nash solutions and replications of 2-person bargaining",
    *Int. J. Game Theory* 6(3).  Only outcomes with ``u_i > d_i`` for every party compete (the product is
    maximised as ``sum_i w_i log(u_i - d_i)``); ``None`` when there is none.  ``candidates`` restricts the
    search (e.g. to the Pareto frontier: every maximiser with positive weights is Pareto-optimal).  Ties go
    to the lowest index.
    """
    u = np.asarray(u, dtype=float)
    w = np.ones(u.shape[1]) if weights is None else np.asarray(weights, dtype=float)
    idx = _rows(u, candidates)
    g = u[idx] - np.asarray(disagreement, dtype=float)
    ok = (g > 0).all(1)
    if not ok.any():
        return None
    idx = idx[ok]
    val = np.log(g[ok]) @ w
    best = np.flatnonzero(val == val.max())
    return int(idx[best].min())


def ks_maxmin(
    u: np.ndarray,
    disagreement: np.ndarray | float = 0.0,
    candidates: np.ndarray | None = None,
    ideal: np.ndarray | None = None,
) -> int | None:
    """Index of the Kalai–Smorodinsky (1975) outcome (definition ``"maxmin"``, module docstring): maximise
    ``min_i (u_i - d_i) / (U_i - d_i)`` over the candidates giving every party a positive gain; among ties
    the largest total gain, then the lowest index.  ``U`` (``ideal``) defaults to each party's best utility
    among those candidates, which is its best over all rational outcomes when the candidates hold the Pareto
    frontier.  ``None`` if no candidate gives every party a positive gain.
    """
    u = np.asarray(u, dtype=float)
    d = np.broadcast_to(np.asarray(disagreement, dtype=float), (u.shape[1],))
    idx = _rows(u, candidates)
    idx = idx[(u[idx] > d).all(1)]
    if len(idx) == 0:
        return None
    top_u = u[idx].max(0) if ideal is None else np.asarray(ideal, dtype=float)
    ratio = ((u[idx] - d) / (top_u - d)).min(1)
    top = idx[ratio == ratio.max()]
    tot = u[top].sum(1)
    return int(top[tot == tot.max()].min())


def kalai_smorodinsky_point(
    u: np.ndarray, disagreement: np.ndarray | float = 0.0, candidates: np.ndarray | None = None
) -> int | None:
    """:func:`ks_maxmin` (the Kalai–Smorodinsky 1975 definition); ``candidates`` must hold the frontier."""
    return ks_maxmin(u, disagreement, candidates)


def ks_spread(
    u: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    reservation: np.ndarray | float | None = None,
    candidates: np.ndarray | None = None,
    eps: float = 1e-12,
) -> int | None:
    """Index of the Kalai–Smorodinsky point as NegMAS 0.16.0 ``ks_points`` computes it (definition
    ``"spread"``, module docstring): among the candidates with no utility below its ``reservation``, the one
    minimising ``max_i a_i - min_i a_i``, ``a_i = (u_i - low_i) / (high_i - low_i)`` (``u_i - low_i`` when
    ``high_i == low_i``); the first candidate within ``eps`` of the minimum (NegMAS returns all of them, in
    frontier order).  ``low``: reservation value, or the lowest utility over all outcomes when the reservation
    lies below it; ``high``: the best utility over all outcomes.  When some range ``high - low`` is at most
    ``eps`` NegMAS returns every candidate; this returns the first.  ``None`` when no candidate qualifies.
    """
    u = np.asarray(u, dtype=float)
    idx = _rows(u, candidates)
    lo = np.asarray(low, dtype=float)
    hi = np.asarray(high, dtype=float)
    if len(idx) == 0:
        return None
    if ((hi - lo) <= eps).any():
        return int(idx[0])
    if reservation is not None:
        r = np.broadcast_to(np.asarray(reservation, dtype=float), (u.shape[1],))
        idx = idx[~(u[idx] < r).any(1)]
        if len(idx) == 0:
            return None
    span = hi - lo
    a = (u[idx] - lo) / np.where(span != 0, span, 1.0)
    val = a.max(1) - a.min(1)
    return int(idx[np.flatnonzero(val <= val.min() + eps)[0]])


def frontier_points(
    u: np.ndarray,
    front: np.ndarray,
    reservation: np.ndarray,
    worst: np.ndarray,
    best: np.ndarray,
) -> dict[str, int | None]:
    """Nash and both Kalai–Smorodinsky points among the rational frontier rows ``front`` of ``u``.

    ``worst``/``best``: each party's lowest/highest utility over all outcomes.  The disagreement point is the
    reservation value, or the party's lowest utility when that is higher (NegMAS' convention).
    """
    if len(front) == 0:
        return {"nash": None, "ks_maxmin": None, "ks_spread": None}
    d = np.maximum(reservation, worst)
    return {
        "nash": nash_point(u, d, candidates=front),
        "ks_maxmin": ks_maxmin(u, d, candidates=front),
        "ks_spread": ks_spread(u, d, best, reservation, candidates=front),
    }


def domain_summary(u: np.ndarray, reservation: np.ndarray | float = 0.0) -> dict[str, Any]:
    """The classic bargaining points of an enumerated outcome set ``u`` ``(N, n)`` with reservation values.

    Individually rational outcomes give every party at least its reservation value.  Returns indices into
    ``u``: ``frontier`` (Pareto-optimal rational outcomes, one per utility vector, by total utility),
    ``nash``, ``ks_maxmin``, ``ks_spread``, ``max_welfare`` (``None`` when no rational outcome exists), plus
    ``disagreement``, ``worst``, ``best`` and the number of ``rational`` outcomes.
    """
    u = np.asarray(u, dtype=float)
    r = np.broadcast_to(np.asarray(reservation, dtype=float), (u.shape[1],))
    worst, best = u.min(0), u.max(0)
    rational = np.flatnonzero((u >= r).all(1))
    front = rational[pareto_frontier(u[rational], unique=True)] if len(rational) else rational
    return {
        "n_outcomes": int(len(u)),
        "rational": int(len(rational)),
        "disagreement": np.maximum(r, worst),
        "worst": worst,
        "best": best,
        "frontier": front,
        **frontier_points(u, front, r, worst, best),
        "max_welfare": int(front[0]) if len(front) else None,
    }
