"""Exact Pareto frontier of a *finite, enumerated* set of outcomes (pure numpy, and moocore for 3+ parties).

Every function takes a utility matrix ``u`` of shape ``(N, n)``: ``N`` outcomes, ``n`` parties.

Dominance (Pareto 1906): ``a`` dominates ``b`` when ``a_i >= b_i`` for every party and ``a_i > b_i`` for at
least one.  Comparisons are exact (no tolerance).  An outcome is *Pareto-optimal* when no outcome dominates
it.

**Duplicates rule.**  Outcomes with identical utility vectors do not dominate each other, so every copy of an
optimal vector is optimal and :func:`pareto_mask` marks all of them (moocore's ``keep_weakly=True``);
``unique=True`` keeps one outcome per optimal vector, the lowest index (moocore's default,
``keep_weakly=False``, which also keeps the first copy).  NegMAS 0.16 (``pareto_frontier_numpy``) keeps one
outcome per vector as well, so the *sets of utility vectors* agree whichever rule is used.

Algorithms
----------
* 2 parties: the same pass by the row of largest total utility, an ``O(N)`` bucket prefilter, then one sort
  of the survivors.  The range of ``u_0`` is cut into
  ``N / 16`` equal buckets; a row whose ``u_1`` does not exceed the largest ``u_1`` of every higher bucket is
  dominated (every row of a higher bucket has a strictly larger ``u_0``), so only the rows above that
  staircase survive.  The survivors are sorted by ``u_0`` (one ``argsort``); within a run of equal ``u_0``
  only rows holding the run's largest ``u_1`` can be optimal, and they are when that ``u_1`` beats every run
  of larger ``u_0`` (a suffix maximum).  This is the two-dimensional maxima algorithm of Kung, Luccio &
  Preparata (1975), "On finding the maxima of a set of vectors", *J. ACM* 22(4), 469-476, on the survivors.
* 3+ parties: ``moocore.is_nondominated`` (López-Ibáñez et al., moocore 0.3.2: the ``O(N log N)`` dimension
  sweep of Kung et al. for 3 parties and their ``O(N log^(n-2) N)`` divide and conquer above), after one cheap
  pass that drops the rows dominated by the row of largest total utility (when that removes half of them).
* ``method="numpy"`` keeps winset's own numpy algorithms for 3+ parties (a level-by-level divide and conquer
  for 3, sort-filter-skyline of Chomicki, Godfrey, Gryz & Liang 2003 above): an independent check in tests.
"""

from __future__ import annotations

import numpy as np

__all__ = ["dominated_by_any", "dominates", "pareto_frontier", "pareto_mask"]


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


def _bucket_survivors(u0: np.ndarray, u1: np.ndarray) -> np.ndarray | None:
    """Rows not shown dominated by the bucket staircase (module docstring), or ``None`` when not applicable."""
    N = len(u0)
    lo, hi = float(u0.min()), float(u0.max())
    if not (np.isfinite(hi - lo) and hi > lo) or float(u1.min()) == -np.inf:
        return None  # (-inf in u1 would tie with the empty buckets' -inf)
    nb = max(N // 16, 1)
    b = np.subtract(u0, lo)
    b *= nb / (hi - lo)
    bi = b.astype(np.intp)  # monotone in u0: a higher bucket means a strictly larger u0
    del b
    np.minimum(bi, nb - 1, out=bi)
    top = np.full(nb + 1, -np.inf)
    np.maximum.at(top, bi, u1)
    above = np.maximum.accumulate(top[::-1])[::-1]  # above[k]: largest u1 in buckets >= k
    bi += 1
    return np.flatnonzero(u1 > above[bi])


def _pivot_pays(v0: np.ndarray, v1: np.ndarray) -> bool:
    """On a sample: does its row of largest total utility dominate more than a third of it?  (The whole set's
    pivot is at least as good, so this errs towards skipping a pass that would have paid a little.)"""
    p = int(np.argmax(v0 + v1))
    dom = (v0 <= v0[p]) & (v1 <= v1[p]) & ((v0 < v0[p]) | (v1 < v1[p]))
    return bool(dom.sum() * 3 > len(v0))


def _mask_2d(u: np.ndarray, unique: bool) -> np.ndarray:
    """Optimal mask of the rows of ``u`` ``(N, 2)``: pivot pass, bucket prefilter, one argsort of the
    survivors, run maxima.  Rows are gathered whole (one random access per row, both columns in one line)."""
    N = len(u)
    u0, u1 = u[:, 0], u[:, 1]
    idx: np.ndarray | None = None
    step = max(N // 65536, 1)
    if N > 4096 and _pivot_pays(u0[::step], u1[::step]):
        # the row of largest total utility is optimal and, unless the utilities are anti-correlated, dominates
        # most rows: one cheap pass removes them before the bucket prefilter
        p = int(np.argmax(u0 + u1))
        a0, a1 = u0[p], u1[p]
        dom = u0 < a0
        dom |= u1 < a1
        dom &= u0 <= a0
        dom &= u1 <= a1
        if dom.sum() > N // 2:
            idx = np.flatnonzero(~dom)
            u = np.take(u, idx, axis=0)  # (much faster than u[idx] for a 2-D array)
            u0, u1 = u[:, 0], u[:, 1]
        del dom
    if len(u) > 4096:
        # the prefilter pays when it removes most rows; a sample of 65,536 rows keeps more survivors than
        # the whole set would (fewer rows dominate less), so it is a safe estimate of whether to run it
        step = max(len(u) // 65536, 1)
        probe = _bucket_survivors(u0[::step], u1[::step])
        if probe is not None and len(probe) < len(u0[::step]) // 2:
            sub = _bucket_survivors(u0, u1)
            if sub is not None:
                idx = sub if idx is None else idx[sub]
                u = np.take(u, sub, axis=0)
                u0, u1 = u[:, 0], u[:, 1]
    opt = np.zeros(len(u0), dtype=bool)
    if len(u0):
        o = np.argsort(u0)
        srt = np.take(u, o, axis=0)
        s0, s1 = srt[:, 0], srt[:, 1]
        start = np.empty(len(s0), dtype=bool)
        start[0] = True
        np.not_equal(s0[1:], s0[:-1], out=start[1:])
        if start.all():  # distinct u0: optimal iff u1 beats every row of larger u0
            del start
            later = np.empty_like(s1)
            later[-1] = -np.inf
            np.maximum.accumulate(s1[:0:-1], out=later[-2::-1])
            best = s1 > later
            del later, srt, s0, s1  # (memory: keep the peak near twice the input)
            best[-1] = True  # the largest u0 (even with u1 = -inf)
            if best.sum() * 8 > len(best):
                opt[o] = best  # one scatter
            else:
                opt[o[best]] = True
        else:
            heads = np.flatnonzero(start)
            run_max = np.maximum.reduceat(s1, heads)
            later = np.empty_like(run_max)  # largest u1 among runs of larger u0
            later[-1] = -np.inf
            later[:-1] = np.maximum.accumulate(run_max[::-1])[::-1][1:]
            good = run_max > later  # the run holds optimal rows: those with u1 == run_max
            good[-1] = True
            rid = np.cumsum(start) - 1
            del start
            sel = good[rid] & (s1 == run_max[rid])
            del rid, srt, s0, s1
            if unique:  # every optimal row of a run is the same vector: keep the lowest index
                cand = np.where(sel, o, len(u0))
                first = np.minimum.reduceat(cand, heads)
                opt[first[first < len(u0)]] = True
            else:
                opt[o[sel]] = True
    if idx is None:
        return opt
    out = np.zeros(N, dtype=bool)
    out[idx[opt]] = True
    return out


def _mask_moocore(u: np.ndarray, unique: bool) -> np.ndarray:
    import moocore

    return np.asarray(moocore.is_nondominated(u, maximise=True, keep_weakly=not unique), dtype=bool)


def _mask_numpy(u: np.ndarray, unique: bool) -> np.ndarray:
    N, n = u.shape
    alive = np.flatnonzero(_pivot_filter(u)) if N > 4096 else np.arange(N)
    if n >= 3 and len(alive) > 4096:
        alive = alive[_second_pivots(u[alive])]
    order, v, group, heads = _distinct_sorted(u[alive])
    f = _front_3d(v) if n == 3 else _front_nd(v)
    opt = np.zeros(N, dtype=bool)
    if unique:
        opt[alive[order[heads]]] = f
    else:
        opt[alive[order]] = f[group]
    return opt


# ---------------------------------------------------------------------------------------------------------
# public API
# ---------------------------------------------------------------------------------------------------------
def pareto_mask(u: np.ndarray, unique: bool = False, method: str = "auto") -> np.ndarray:
    """Boolean mask ``(N,)`` of Pareto-optimal rows of ``u`` ``(N, n)`` (exact, see the module docstring).

    ``unique=True`` marks one row per optimal utility vector (the lowest index); otherwise every copy.
    ``method``: ``"auto"`` (moocore for 3+ parties) or ``"numpy"`` (winset's own algorithms for 3+ parties).
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
    if n == 1:
        opt = u[:, 0] == u[:, 0].max()
        if unique:
            opt = np.zeros(N, dtype=bool)
            opt[int(np.argmax(u[:, 0]))] = True
        return opt
    if n == 2:
        return _mask_2d(u, unique)
    if method == "numpy":
        return _mask_numpy(u, unique)
    if N <= 1024:
        return _mask_moocore(np.ascontiguousarray(u), unique)
    alive = _weighted_pivots(u)
    opt = np.zeros(N, dtype=bool)
    if alive is None:
        return _mask_moocore(np.ascontiguousarray(u), unique)
    opt[alive[_mask_moocore(u[alive], unique)]] = True
    return opt


def _weighted_pivots(u: np.ndarray, rounds: int = 8) -> np.ndarray | None:
    """Rows not dominated by a few pivots, or ``None`` when the first pivot would not remove half the rows.

    A row maximising a positive weighted sum of the utilities is optimal; the first pivot maximises the plain
    sum, later ones seeded random weights (different pivots).  Each round costs a few passes over the rows still
    alive and stops when it removes less than a quarter of them (anti-correlated data leaves most alive).
    """
    N, n = u.shape
    rng = np.random.default_rng(0)
    alive: np.ndarray | None = None
    w = np.ones(n)
    for r in range(rounds):
        sub = u if alive is None else u[alive]
        p = sub[int(np.argmax(sub @ w))]
        le = np.ones(len(sub), dtype=bool)
        lt = np.zeros(len(sub), dtype=bool)
        for j in range(n):
            col = sub[:, j]
            le &= col <= p[j]
            lt |= col < p[j]
        le &= lt
        removed = int(le.sum())
        if removed <= len(sub) // (2 if r == 0 else 4):
            if r == 0:
                return None
            if removed:
                alive = np.flatnonzero(~le) if alive is None else alive[~le]
            break
        alive = np.flatnonzero(~le) if alive is None else alive[~le]
        if len(alive) <= 1024:
            break
        w = rng.dirichlet(np.ones(n))
    return alive


def pareto_frontier(u: np.ndarray, unique: bool = False, sort_by_welfare: bool = True) -> np.ndarray:
    """Indices of the Pareto-optimal rows of ``u``; by default sorted by total utility, highest first
    (ties by index), as NegMAS sorts its frontier."""
    u = np.asarray(u, dtype=float)
    idx = np.flatnonzero(pareto_mask(u, unique=unique))
    if sort_by_welfare and len(idx):
        idx = idx[np.lexsort((idx, -u[idx].sum(1)))]
    return idx
