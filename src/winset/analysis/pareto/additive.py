"""Exact Pareto frontier of an *additive* domain without enumerating its outcomes.

An additive domain has ``K`` issues; issue ``k`` offers ``m_k`` values and value ``j`` gives party ``i`` the
contribution ``T_k[j, i]``.  An outcome picks one value per issue and is worth ``sum_k T_k[j_k]`` (GENIUS and
NegMAS linear-additive profiles; a winset scenario on a discrete grid, whose loss is a weighted sum over
issues).  There are ``prod_k m_k`` outcomes, often far too many to list.

The frontier of a sum lies in the sum of the frontiers: if a partial sum ``a`` (over the issues merged so
far) is dominated by ``a'``, every completion ``a + r`` is dominated by ``a' + r``.  So the frontier is built
issue by issue: keep the non-dominated values of each issue, add the next issue's to every kept partial sum
(``s x m`` candidates), and prune to the non-dominated ones (:func:`~winset.analysis.pareto.pareto_mask`)
after each merge.  The cost follows the frontier sizes, not the number of outcomes, for any number of
parties.  (NegMAS' ``MOBANOSParetoSampler`` uses the additive structure too, for two parties.)

Partial sums start at zero and add the issues in the given order, the same floating-point operations as
:meth:`winset.io.genius.GeniusDomain.utilities`, so the utility vectors found are bit-identical to those of
an enumeration in that order.  One outcome is returned per optimal vector (``ties=False``); ``ties=True``
returns every outcome of every optimal vector, exactly when the sums are exact (integer or dyadic
contributions: a strict inequality between two partial sums can vanish by rounding).  A monotone ``cap``
(GENIUS caps utilities at 1) is applied at the end and the frontier pruned again: the capped vectors found
are exactly the optimal capped vectors (a capped optimum is reached from an uncapped optimum).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from winset.analysis.pareto.enumerated import pareto_mask

__all__ = ["AdditiveFrontier", "additive_frontier"]


@dataclass(frozen=True)
class AdditiveFrontier:
    """``utilities`` ``(F, n)``: one row per frontier outcome (sorted by total utility, highest first, then by
    outcome); ``choices`` ``(F, K)``: the value index per issue of each; ``n_outcomes``: ``prod_k m_k``
    (a Python int, exact however large); ``largest_merge``: the most candidates one merge compared."""

    utilities: np.ndarray
    choices: np.ndarray
    n_outcomes: int
    largest_merge: int


def _optimal(c: np.ndarray, ties: bool) -> np.ndarray:
    """Indices of the optimal rows of ``c`` (one per vector, the lowest index, unless ``ties``; in no set order).  Two parties,
    one per vector: a stable sort by ``(u_0, u_1)`` descending and a running maximum (few numpy calls: merges
    are many and small)."""
    if ties or c.shape[1] != 2:
        return np.flatnonzero(pareto_mask(c, unique=not ties))
    o = np.lexsort((-c[:, 1], -c[:, 0]))
    s1 = c[o, 1]
    keep = np.empty(len(o), dtype=bool)
    keep[0] = True
    np.greater(s1[1:], np.maximum.accumulate(s1)[:-1], out=keep[1:])
    return o[keep]


def _merge(v: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Every partial sum plus every value: ``(s, n) + (m, n) -> (s * m, n)``, row ``i * m + j``."""
    return (v[:, None, :] + t[None, :, :]).reshape(-1, v.shape[1])


def additive_frontier(
    tables: Sequence[np.ndarray], cap: float | None = None, ties: bool = False
) -> AdditiveFrontier:
    """Exact Pareto frontier of the additive domain with per-issue contribution tables ``T_k`` ``(m_k, n)``.

    See the module docstring.  ``cap``: utilities are ``min(cap, sum)`` (GENIUS: 1); with ``ties=True`` and a
    cap that some outcome exceeds, outcomes tied only after capping are not listed, so that combination is
    refused.
    """
    tabs = [np.asarray(t, dtype=float) for t in tables]
    if not tabs:
        raise ValueError("an additive domain needs at least one issue")
    n = tabs[0].shape[1]
    if any(t.ndim != 2 or t.shape[1] != n or len(t) == 0 for t in tabs):
        raise ValueError("every issue table must be (m_k >= 1, n) with the same number of parties")
    if cap is not None and ties and (sum(t.max(0) for t in tabs) > cap).any():
        raise ValueError("ties=True with a binding cap: enumerate the outcomes instead")
    n_outcomes = 1
    for t in tabs:
        n_outcomes *= len(t)
    vals = np.zeros((1, n))
    # per merge: for each kept row, its parent row among the previous kept rows and its value on this issue
    parents: list[np.ndarray] = []
    values: list[np.ndarray] = []
    largest = 0
    for t in tabs:
        # per-issue values that are dominated cannot be optimal; two-party merges prune them anyway, cheaper
        keep_v = _optimal(t, ties) if n > 2 or ties else None
        cand = _merge(vals, t if keep_v is None else t[keep_v])
        largest = max(largest, len(cand))
        opt = _optimal(cand, ties)
        parent, val = np.divmod(opt, len(t) if keep_v is None else len(keep_v))
        if keep_v is not None:
            val = keep_v[val]
        vals = cand[opt]
        if ties:  # equal partial sums share one row; remember every (parent, value) that reaches it
            vals, inv = np.unique(vals, axis=0, return_inverse=True)
            parents.append(np.stack([inv.ravel(), parent, val], 1))
        else:
            parents.append(parent)
            values.append(val)
    if ties:
        choices, rows = _all_paths(parents, len(vals))
        util = vals[rows]
    else:
        util = vals
        choices = np.empty((len(vals), len(tabs)), dtype=np.int64)
        cur = None
        for k in range(len(tabs) - 1, -1, -1):
            choices[:, k] = values[k] if cur is None else values[k][cur]
            cur = parents[k] if cur is None else parents[k][cur]
    if cap is not None:
        capped = np.minimum(util, cap)
        if not ties and (capped != util).any():  # the cap binds: prune again
            keep = _optimal(capped, ties=False)
            capped, choices = capped[keep], choices[keep]
        util = capped
    order = np.lexsort((*choices.T[::-1], -util.sum(1)))
    return AdditiveFrontier(util[order], choices[order], n_outcomes, largest)


def _all_paths(edges: list[np.ndarray], n_final: int) -> tuple[np.ndarray, np.ndarray]:
    """Every outcome reaching each final row: walk the merge graph backwards.

    ``edges[k]`` rows are ``(child, parent, value)`` of merge ``k``.  Returns the choices ``(P, K)`` and the
    final row of each path.
    """
    node = np.arange(n_final)
    final = node.copy()
    cols: list[np.ndarray] = []
    for e in reversed(edges):
        o = np.argsort(e[:, 0], kind="stable")
        e = e[o]
        starts = np.searchsorted(e[:, 0], node, side="left")
        counts = np.searchsorted(e[:, 0], node, side="right") - starts
        rep = np.repeat(np.arange(len(node)), counts)
        pos = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(len(rep))
        cols = [c[rep] for c in cols]
        cols.append(e[pos, 2])
        final = final[rep]
        node = e[pos, 1]
    return np.stack(cols[::-1], 1).astype(np.int64), final
