"""Exact Pareto frontier, Nash and Kalai–Smorodinsky points of a *finite* set of outcomes (pure numpy).

Every function takes a utility matrix ``u`` of shape ``(N, n)``: ``N`` outcomes, ``n`` parties.

Dominance (Pareto 1906): ``a`` dominates ``b`` when ``a_i >= b_i`` for every party and ``a_i > b_i`` for at
least one.  Comparisons are exact (no tolerance).  An outcome is *Pareto-optimal* when no outcome dominates
it.  **Duplicates**: outcomes with identical utility vectors do not dominate each other, so every copy of an
optimal vector is optimal and :func:`pareto_mask` marks all of them; ``unique=True`` keeps one outcome per
optimal vector (the lowest index).  NegMAS 0.16 (``pareto_frontier_numpy``) keeps one outcome per vector as
well, so the *sets of utility vectors* agree with ``unique=True`` and ``unique=False`` alike.

Algorithms
----------
* 2 parties: sort lexicographically by ``(u_0, u_1)`` descending, then a running maximum of ``u_1``: an outcome
  is dominated iff some earlier (distinct) outcome has ``u_1`` at least as high.  ``O(N log N)``; this is the
  two-dimensional case of Kung, Luccio & Preparata (1975), "On finding the maxima of a set of vectors",
  *J. ACM* 22(4), 469-476.
* 3 parties: the same sort, then the "is any earlier outcome at least as good on ``u_1`` and ``u_2``" question
  answered for all outcomes at once by divide and conquer over the sorted order (Kung et al. 1975, Sec. 3),
  processed level by level with numpy sorts on integer ranks (exact), ``O(N log^2 N)``.
* 4+ parties: sort-filter-skyline (Chomicki, Godfrey, Gryz & Liang 2003, "Skyline with presorting", ICDE):
  after the lexicographic sort no outcome is dominated by a later one, so a block-nested loop over chunks
  only compares each chunk with the frontier found so far and with itself.

Every algorithm first removes outcomes dominated by a few "pivot" outcomes (the best outcome for each party
and the best by sum), which discards most of a large outcome set cheaply, and works on distinct vectors.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["dominates", "kalai_smorodinsky_point", "nash_point", "pareto_frontier", "pareto_mask"]


def dominates(a: np.ndarray, b: np.ndarray, tol: float = 0.0) -> np.ndarray:
    """``a`` Pareto-dominates ``b``: at least as good for every party and better for one (Pareto 1906), with
    differences within ``tol`` counted as ties.  Broadcasts over leading axes; the last axis is the parties.
    The one definition of dominance in winset.

    >>> bool(dominates(np.array([1.0, 2.0]), np.array([1.0, 1.0])))
    True
    >>> bool(dominates(np.array([1.0, 1.0]), np.array([1.0, 1.0])))
    False
    """
    a = np.asarray(a)
    b = np.asarray(b)
    return np.asarray((a >= b - tol).all(-1) & (a > b + tol).any(-1))


# ---------------------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------------------
def _lex_desc(u: np.ndarray) -> np.ndarray:
    """Order of the rows of ``u`` sorted lexicographically descending (first column most significant)."""
    keys = tuple(-u[:, j] for j in range(u.shape[1] - 1, -1, -1))
    return np.lexsort(keys)


def _distinct_sorted(u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Lexicographically-descending (stable) order, the distinct rows in that order, each sorted row's group
    number, and the sorted position of each group's first row (its lowest original index)."""
    order = _lex_desc(u)
    s = u[order]
    new = np.ones(len(s), dtype=bool)
    if len(s) > 1:
        d = new[1:]
        d[:] = s[1:, 0] != s[:-1, 0]
        for j in range(1, s.shape[1]):
            d |= s[1:, j] != s[:-1, j]
    heads = np.flatnonzero(new)
    if len(heads) == len(s):  # no duplicates
        return order, s, np.arange(len(s)), heads
    group = np.cumsum(new) - 1
    return order, s[heads], group, heads


def _pivot_filter(u: np.ndarray) -> np.ndarray:
    """Mask of rows of ``u`` not dominated by any pivot (the best row per column and the best by sum).

    A pivot removes only rows it dominates, so every Pareto-optimal row (and every copy of one) survives.
    """
    n = u.shape[1]
    cols = [np.ascontiguousarray(u[:, j]) for j in range(n)]
    total = cols[0].copy()
    for col in cols[1:]:
        total += col
    cand = {int(np.argmax(col)) for col in cols} | {int(np.argmax(total))}
    keep = np.ones(len(u), dtype=bool)
    for p in cand:
        pv = u[p]
        le = cols[0] <= pv[0]
        lt = cols[0] < pv[0]
        for j in range(1, n):
            le &= cols[j] <= pv[j]
            lt |= cols[j] < pv[j]
        keep &= ~(le & lt)
    return keep


def _second_pivots(w: np.ndarray, k: int = 32) -> np.ndarray:
    """Mask of rows of ``w`` not dominated by the Pareto-optimal rows among the ``k`` best by sum."""
    top = np.argpartition(-w.sum(1), k)[:k]
    t = w[top]
    piv = t[~dominated_by_any(t, t)]
    return ~dominated_by_any(w, piv)


def dominated_by_any(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For every row of ``a``, whether some row of ``b`` dominates it (``O(|a| |b|)``, vectorised over ``a``)."""
    out = np.zeros(len(a), dtype=bool)
    cols = [np.ascontiguousarray(a[:, j]) for j in range(a.shape[1])]
    for p in b:
        le = cols[0] <= p[0]
        lt = cols[0] < p[0]
        for j in range(1, a.shape[1]):
            le &= cols[j] <= p[j]
            lt |= cols[j] < p[j]
        out |= le & lt
    return out


def _front_2d(v: np.ndarray) -> np.ndarray:
    """Distinct rows sorted lexicographically descending -> optimal mask (running maximum)."""
    m = np.empty(len(v))
    m[0] = -np.inf
    if len(v) > 1:
        m[1:] = np.maximum.accumulate(v[:-1, 1])
    return np.asarray(v[:, 1] > m)


def _dense_rank(x: np.ndarray) -> tuple[np.ndarray, int]:
    uniq, inv = np.unique(x, return_inverse=True)
    return inv.astype(np.int64), len(uniq)


def _front_3d(v: np.ndarray) -> np.ndarray:
    """Distinct rows sorted lexicographically descending -> optimal mask.

    Row ``i`` is dominated iff some earlier row ``j`` has ``v_j1 >= v_i1`` and ``v_j2 >= v_i2`` (earlier rows
    already have ``v_j0 >= v_i0``, and distinct rows that are ``>=`` everywhere dominate).  Divide and conquer
    over positions: at level ``L`` every block of ``2^(L+1)`` rows answers the question for its right half
    against its left half; all blocks of a level at once, with one sort and one binary search.
    """
    n = len(v)
    r1, n1 = _dense_rank(v[:, 1])
    r2, n2 = _dense_rank(v[:, 2])
    dominated = np.zeros(n, dtype=bool)
    idx = np.arange(n, dtype=np.int64)
    b = 1
    while b < n:
        seg = idx // (2 * b)
        right = (idx // b) % 2 == 1
        left = ~right
        li = idx[left]
        ri = idx[right & ~dominated]  # a dominated row needs no further proof
        if len(ri):
            ls, l1, l2 = seg[li], r1[li], r2[li]
            key1 = ls * (n1 + 1) + (n1 - l1)  # ascending = segment, then r1 descending
            o = np.argsort(key1, kind="stable")
            key1 = key1[o]
            best = np.maximum.accumulate(ls[o] * (n2 + 1) + l2[o])  # per-segment running max of r2
            q = seg[ri] * (n1 + 1) + (n1 - r1[ri])
            pos = np.searchsorted(key1, q, side="right") - 1
            hit = pos >= 0
            hit[hit] = best[pos[hit]] >= seg[ri][hit] * (n2 + 1) + r2[ri][hit]
            dominated[ri[hit]] = True
        b *= 2
    return ~dominated


def _front_nd(v: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Distinct rows sorted lexicographically descending -> optimal mask (sort-filter-skyline)."""
    n, k = v.shape
    keep = np.zeros(n, dtype=bool)
    sky = np.empty((0, k))
    for s in range(0, n, chunk):
        c = v[s : s + chunk]
        dom = np.zeros(len(c), dtype=bool)
        if len(sky):
            ge = np.ones((len(c), len(sky)), dtype=bool)
            for j in range(k):
                ge &= sky[None, :, j] >= c[:, None, j]
            dom |= ge.any(1)
        ge = np.ones((len(c), len(c)), dtype=bool)
        for j in range(k):
            ge &= c[None, :, j] >= c[:, None, j]
        ge &= np.tri(len(c), k=-1, dtype=bool)  # only earlier rows of the chunk can dominate
        dom |= ge.any(1)
        keep[s : s + chunk] = ~dom
        sky = np.concatenate([sky, c[~dom]])
    return keep


# ---------------------------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------------------------
def pareto_mask(u: np.ndarray, unique: bool = False) -> np.ndarray:
    """Boolean mask ``(N,)`` of Pareto-optimal rows of ``u`` ``(N, n)`` (exact, see the module docstring).

    ``unique=True`` marks one row per optimal utility vector (the lowest index); otherwise every copy.
    NaN utilities are not allowed.
    """
    u = np.asarray(u, dtype=float)
    if u.ndim != 2:
        raise ValueError(f"expected a (N, n) utility matrix, got shape {u.shape}")
    N, n = u.shape
    if N == 0:
        return np.zeros(0, dtype=bool)
    if np.isnan(u).any():
        raise ValueError("utilities contain NaN")
    if n == 2 and unique and N <= 4096:
        # small two-party domains: one stable sort (u0 then u1, both descending) and a running maximum; the
        # first copy of a vector comes first in a stable sort, so later copies fail the strict test
        o = np.lexsort((-u[:, 1], -u[:, 0]))
        s1 = u[o, 1]
        first = np.empty(N, dtype=bool)
        first[0] = True
        first[1:] = s1[1:] > np.maximum.accumulate(s1)[:-1]
        opt = np.zeros(N, dtype=bool)
        opt[o[first]] = True
    elif n == 1:
        opt = u[:, 0] == u[:, 0].max()
        if unique:
            opt = np.zeros(N, dtype=bool)
            opt[int(np.argmax(u[:, 0]))] = True
    else:
        alive = np.flatnonzero(_pivot_filter(u)) if N > 4096 else np.arange(N)
        if n >= 3 and len(alive) > 4096:
            alive = alive[_second_pivots(u[alive])]
        order, v, group, heads = _distinct_sorted(u[alive])
        if n == 2:
            f = _front_2d(v)
        elif n == 3:
            f = _front_3d(v)
        else:
            f = _front_nd(v)
        opt = np.zeros(N, dtype=bool)
        if unique:
            opt[alive[order[heads]]] = f
        else:
            opt[alive[order]] = f[group]
    return opt


def pareto_frontier(u: np.ndarray, unique: bool = False, sort_by_welfare: bool = True) -> np.ndarray:
    """Indices of the Pareto-optimal rows of ``u``; by default sorted by total utility, highest first
    (ties by index), as NegMAS sorts its frontier."""
    u = np.asarray(u, dtype=float)
    idx = np.flatnonzero(pareto_mask(u, unique=unique))
    if sort_by_welfare and len(idx):
        idx = idx[np.lexsort((idx, -u[idx].sum(1)))]
    return idx


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
    idx = np.arange(len(u)) if candidates is None else np.asarray(candidates, dtype=np.int64)
    g = u[idx] - np.asarray(disagreement, dtype=float)
    ok = (g > 0).all(1)
    if not ok.any():
        return None
    idx = idx[ok]
    val = np.log(g[ok]) @ w
    best = np.flatnonzero(val == val.max())
    return int(idx[best[0]]) if len(best) == 1 else int(idx[best].min())


def kalai_smorodinsky_point(
    u: np.ndarray, disagreement: np.ndarray | float = 0.0, candidates: np.ndarray | None = None
) -> int | None:
    """Index of the Kalai–Smorodinsky outcome on a finite set: maximise ``min_i (u_i - d_i) / (U_i - d_i)``
    with ``U_i`` each party's best utility among the individually rational outcomes (Kalai & Smorodinsky
    1975, "Other solutions to Nash's bargaining problem", *Econometrica* 43(3)); among ties the one with the
    largest total gain, then the lowest index.  ``None`` if no outcome gives every party a positive gain.
    """
    u = np.asarray(u, dtype=float)
    d = np.broadcast_to(np.asarray(disagreement, dtype=float), (u.shape[1],))
    rational = np.asarray((u > d).all(1))
    if not rational.any():
        return None
    ideal = u[rational].max(0)
    idx = np.flatnonzero(rational) if candidates is None else np.asarray(candidates)[rational[candidates]]
    if len(idx) == 0:
        return None
    ratio = ((u[idx] - d) / (ideal - d)).min(1)
    top = idx[ratio == ratio.max()]
    tot = u[top].sum(1)
    return int(top[tot == tot.max()].min())


MAX_OUTCOMES = 50_000_000
"""Largest outcome space :func:`domain_summary` enumerates (about 400 MB per party of float64 utilities)."""


def domain_summary(u: np.ndarray, reservation: np.ndarray | float = 0.0) -> dict[str, Any]:
    """The classic bargaining points of a finite outcome set ``u`` ``(N, n)`` with reservation values.

    Individually rational outcomes are those giving every party at least its reservation value; the
    disagreement point is the reservation value, or the party's lowest utility when that is higher (NegMAS'
    convention).  Returns indices into ``u``: ``frontier`` (Pareto-optimal rational outcomes, one per utility
    vector, by total utility), ``nash``, ``kalai_smorodinsky``, ``max_welfare`` (``None`` when no rational
    outcome exists), plus ``disagreement`` and the number of ``rational`` outcomes.
    """
    u = np.asarray(u, dtype=float)
    r = np.broadcast_to(np.asarray(reservation, dtype=float), (u.shape[1],))
    d = np.maximum(r, u.min(0))
    rational = np.flatnonzero((u >= r).all(1))
    front = rational[pareto_frontier(u[rational], unique=True)] if len(rational) else rational
    welfare = int(front[0]) if len(front) else None
    return {
        "n_outcomes": int(len(u)),
        "rational": int(len(rational)),
        "disagreement": d,
        "frontier": front,
        "nash": nash_point(u, d, candidates=front) if len(front) else None,
        "kalai_smorodinsky": kalai_smorodinsky_point(u, d, candidates=front) if len(front) else None,
        "max_welfare": welfare,
    }
