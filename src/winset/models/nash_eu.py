"""Weighted Nash bargaining on one issue with a costly reference point, solved exactly.

Actor ``i`` (ideal ``p_i``, salience ``s_i``, bargaining weight ``w_i``) values an outcome ``x`` at
``-s_i |x - p_i| / span`` and the reference point ``q`` (the status quo if no law passes) at that value minus
a cost of no agreement ``kappa``.  The outcome maximises the weighted Nash product

    ``sum_i w_i log g_i(x)``,  ``g_i(x) = kappa + s_i (|q - p_i| - |x - p_i|) / span``,

over the outcomes every actor prefers to no agreement (``g_i > 0``).  References: Nash (1950); the weighted
(asymmetric) form, Kalai (1977); for EU legislation with capability weights, Achen (2006), "Institutional
realism and bargaining models", in Thomson et al., *The European Union Decides*, ch. 4, and Schneider, Finke &
Bailer (2010), *Political Studies* 58(1); the costly reference point, Franchino & Mariotto (2022),
"Bargaining outcomes and success in EU economic governance reforms", *Political Science Research and Methods*
10(2): 227-242, doi:10.1017/psrm.2021.26, who find that a costly no-agreement point is what makes
reference-point models competitive with the compromise model.  With ``kappa = 0`` an actor whose ideal is the
reference point gains nothing from any move and the solution collapses to ``q`` (Achen's observation).

Exact solution: the objective is concave and smooth between the ideal points (its breakpoints).  The
breakpoints inside the feasible interval are searched for the one where the one-sided derivatives change
sign (a kink maximum), else the optimum lies strictly inside one segment, where the derivative is smooth and
decreasing and is bisected to machine precision.  Everything runs on a batch axis ``(*batch, n)``.
"""

from __future__ import annotations

import numpy as np

BISECTIONS = 60


def nash_1d(
    positions: np.ndarray,
    salience: np.ndarray,
    weight: np.ndarray,
    reference: np.ndarray,
    lo: np.ndarray | float = 0.0,
    hi: np.ndarray | float = 100.0,
    cost: float = 0.0,
) -> np.ndarray:
    """The weighted Nash solution per problem: positions/salience/weight ``(*b, n)``, reference ``(*b,)``.

    An actor with zero weight or zero salience does not constrain the outcome; missing actors are given
    weight 0.  ``cost`` is ``kappa`` (utility units: a salience-1 actor's loss from moving the whole scale).
    """
    p = np.asarray(positions, dtype=float)
    s = np.broadcast_to(np.asarray(salience, dtype=float), p.shape)
    w = np.broadcast_to(np.asarray(weight, dtype=float), p.shape)
    q = np.asarray(reference, dtype=float)
    lo_a = np.broadcast_to(np.asarray(lo, dtype=float), q.shape)
    hi_a = np.broadcast_to(np.asarray(hi, dtype=float), q.shape)
    span = (hi_a - lo_a)[..., None]
    act = (w > 0) & (s > 0)
    p = np.where(act, p, q[..., None])
    sn = np.where(act, s / span, 0.0)  # salience per scale unit
    base = cost + sn * np.abs(q[..., None] - p)
    return solve_gaps(p, sn, np.where(act, w, 0.0), base, lo_a, hi_a, q, act)[0]


def solve_gaps(
    p: np.ndarray,
    sn: np.ndarray,
    wt: np.ndarray,
    base: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    fallback: np.ndarray,
    constrain: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``argmax_x sum_i wt_i log g_i(x)``, ``g_i(x) = base_i - sn_i |x - p_i|``, over ``[lo, hi]`` where
    every ``constrain``-ed actor has ``g_i > 0``; ``(outcome, feasible)``, ``fallback`` where no such ``x``
    exists.  Arrays ``(*b, n)`` and ``(*b,)``."""
    # feasible interval: |x - p_i| < base_i / sn_i for every constrained actor (none if base_i <= 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        reach = np.where(sn > 0, base / np.where(sn > 0, sn, 1.0), np.where(base > 0, np.inf, -np.inf))
    reach = np.where(constrain, reach, np.inf)
    a = np.maximum(lo, np.max(p - reach, axis=-1))
    b = np.minimum(hi, np.min(p + reach, axis=-1))
    collapsed = ~(b > a)  # no outcome gives every actor a strict gain: the fallback (reference point)
    a = np.where(collapsed, fallback, a)
    b = np.where(collapsed, fallback, b)

    def deriv(x: np.ndarray, side: int) -> np.ndarray:
        xx = x[..., None, :]
        pp = p[..., :, None]
        sign = np.where(pp > xx, 1.0, -1.0) if side > 0 else np.where(pp >= xx, 1.0, -1.0)
        g = np.maximum(base[..., :, None] - sn[..., :, None] * np.abs(xx - pp), 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(wt[..., :, None] > 0, wt[..., :, None] * sn[..., :, None] * sign / g, 0.0)
            return term.sum(axis=-2)  # +inf - inf (two bounds meet: a collapsed problem) is nan, not > 0

    cand = np.concatenate([a[..., None], np.clip(p, a[..., None], b[..., None]), b[..., None]], axis=-1)
    cand = np.sort(cand, axis=-1)
    right = deriv(cand, +1)
    left = deriv(cand, -1)
    # concave: right derivatives are non-increasing; j = the last candidate with a positive right derivative
    pos = right > 0
    j = pos.sum(axis=-1) - 1
    kmax = cand.shape[-1] - 1
    jj = np.clip(j, 0, kmax - 1)
    t0 = np.take_along_axis(cand, jj[..., None], axis=-1)[..., 0]
    t1 = np.take_along_axis(cand, (jj + 1)[..., None], axis=-1)[..., 0]
    left1 = np.take_along_axis(left, (jj + 1)[..., None], axis=-1)[..., 0]
    kink = left1 >= 0  # the maximum is the breakpoint t1 itself
    # bisection inside (t0, t1) where the derivative is smooth and changes sign
    lo_b, hi_b = t0.copy(), t1.copy()
    for _ in range(BISECTIONS):
        mid = 0.5 * (lo_b + hi_b)
        up = deriv(mid[..., None], +1)[..., 0] > 0
        lo_b = np.where(up, mid, lo_b)
        hi_b = np.where(up, hi_b, mid)
    inner = 0.5 * (lo_b + hi_b)
    x = np.where(kink, t1, inner)
    x = np.where(j < 0, a, x)
    x = np.where(j >= kmax, b, x)
    return np.where(collapsed, fallback, x), ~collapsed
