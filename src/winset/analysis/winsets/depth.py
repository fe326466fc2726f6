"""2-D, exact emptiness at the reversion point: Tukey depth and arcs of improving directions.

With Euclidean preferences ``W_q(r)`` is empty iff the weighted Tukey (halfspace) depth of ``r`` among the ideal
points exceeds ``1 - q`` (for majority: is at least 1/2; for unanimity: is positive).  Tukey (1975),
"Mathematics and the picturing of data", Proc. ICM Vancouver 2: 523-531; the depth is computed by the
``O(m log m)`` angular sweep of Rousseeuw & Ruts (1996), "Algorithm AS 307: Bivariate location depth",
*Applied Statistics* 45(4): 516-526.  Proof sketch: a member strictly prefers ``x`` to ``r`` only if the
gradient of its convex loss at ``r`` points away from ``x`` (convexity: ``L(x) >= L(r) + grad L(r).(x - r)``);
conversely if an open half-plane of improving directions carries a passing weight, a small enough step
``r + t u`` wins.  So ``W_q(r)`` is non-empty iff some open half-plane through ``r`` holds a passing weight of
the vectors ``g_m = -grad L_m(r)``, i.e. iff ``1 - depth(0; g)`` passes the rule.  For the quadratic loss
``g_m = diag(w_m / span^2) (p_m - r)``: with a common salience ratio this is a linear transform of the ideal
points (depth is affine invariant, so it is the depth of ``r`` among the ideal points in the rescaled space);
with **different saliences** it is still exact, because only the direction of each gradient matters.  For the
linear (city-block) loss the improving directions of a member whose ideal shares a coordinate with ``r`` form a
cone narrower than a half-plane; :func:`max_arc_coverage` handles those exactly by a sweep over arcs of the
circle of directions.

The argument is local, so it applies only when nothing but the two issues separates ``x`` from ``r``: the
other issues held at ``r`` and no member with a ``no_deal_cost`` (the verdict is
:func:`winset.analysis.winsets.emptiness.winset_empty_2d`; otherwise it uses :mod:`winset.analysis.winsets.regions`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

ANGLE_TOL = 1e-12  # directions closer than this (radians) are treated as the same direction


def tukey_depth(
    points: np.ndarray, weights: np.ndarray, center: np.ndarray | Sequence[float] = (0.0, 0.0)
) -> float:
    """Weighted Tukey (halfspace) depth of ``center`` among 2-D ``points`` ``(m, 2)``.

    ``depth = min over closed half-planes H with center on the boundary of w(H)`` (Tukey 1975).  Points at
    ``center`` lie in every such half-plane.  Angular sweep (Rousseeuw & Ruts 1996, AS 307): sort the
    directions ``theta_m`` of ``p_m - center``; the complement of a closed half-plane is an open one, and the
    heaviest open half-plane is found among the half-open arcs ``[theta_s, theta_s + pi)``, each summed by
    binary search in the doubled, sorted angle list: ``O(m log m)``.  Returns the weight (not the share).
    """
    pts = np.asarray(points, dtype=float) - np.asarray(center, dtype=float)
    w = np.asarray(weights, dtype=float)
    total = float(w.sum())
    return total - max_open_halfplane(pts, w)


def max_open_halfplane(vectors: np.ndarray, weights: np.ndarray) -> float:
    """Largest weight of vectors strictly inside one open half-plane ``{v : u.v > 0}`` (over all ``u``)."""
    v = np.asarray(vectors, dtype=float)
    w = np.asarray(weights, dtype=float)
    nz = (np.abs(v).sum(-1) > 0) & (w > 0)
    if not nz.any():
        return 0.0
    th = np.arctan2(v[nz, 1], v[nz, 0])
    ww = w[nz]
    order = np.argsort(th, kind="stable")
    th, ww = th[order], ww[order]
    ext = np.concatenate([th, th + 2 * np.pi])
    cw = np.concatenate([[0.0], np.cumsum(np.concatenate([ww, ww]))])
    start = np.searchsorted(ext, th - ANGLE_TOL, side="left")
    end = np.searchsorted(ext, th + np.pi - ANGLE_TOL, side="left")
    return float((cw[end] - cw[start]).max())


def max_arc_coverage(
    centers: np.ndarray,
    halfwidths: np.ndarray,
    weights: np.ndarray,
    feasible: tuple[float, float] | None = None,
) -> tuple[float, float]:
    """Largest total weight of open arcs ``(phi_m - h_m, phi_m + h_m)`` of the circle covering one direction,
    and a direction where it is reached.  ``h_m <= 0`` or ``nan`` is an empty arc.  ``feasible = (start,
    length)`` restricts the directions to that closed arc (a reversion point on the edge of the issue box).

    Sweep: the coverage is constant between consecutive arc ends (ends closer than ``ANGLE_TOL`` merged):
    ``+w`` at each start, ``-w`` at each end, arcs that wrap through angle 0 counted from the start; at an end
    itself the arcs ending or starting there do not count (open arcs).  ``O(m log m)``.
    """
    cand, where, _ = arc_coverage_gaps(centers, halfwidths, weights, feasible)
    j = int(np.argmax(cand))
    return float(cand[j]), float(where[j])


def arc_coverage_gaps(
    centers: np.ndarray,
    halfwidths: np.ndarray,
    weights: np.ndarray,
    feasible: tuple[float, float] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every piece of the sweep of :func:`max_arc_coverage`: ``(coverage, direction, width)`` per open gap
    between consecutive arc ends (direction = the gap's midpoint, width = its angular length) and per end itself
    (width 0); pieces outside ``feasible`` have coverage ``-inf``."""
    two = 2 * np.pi
    f0, flen = (0.0, two) if feasible is None else (float(np.mod(feasible[0], two)), float(feasible[1]))
    phi = np.asarray(centers, dtype=float)
    h = np.asarray(halfwidths, dtype=float)
    w = np.asarray(weights, dtype=float)
    live = np.isfinite(phi) & (np.nan_to_num(h, nan=0.0) > 0) & (w > 0)
    if not live.any():
        return np.array([0.0]), np.array([float(np.mod(f0 + flen / 2, two))]), np.array([flen])
    phi, h, w = phi[live], np.minimum(h[live], np.pi), w[live]
    s = np.mod(phi - h, two)
    e = np.mod(phi + h, two)
    full = h >= np.pi - ANGLE_TOL  # all directions but one
    zero = np.zeros_like(w)
    angles = np.concatenate([s, e, [f0, np.mod(f0 + flen, two)]])
    sw = np.concatenate([w, zero, [0.0, 0.0]])
    ew = np.concatenate([zero, w, [0.0, 0.0]])
    order = np.argsort(angles, kind="stable")
    angles, sw, ew = angles[order], sw[order], ew[order]
    group = np.concatenate([[0], np.cumsum(np.diff(angles) > ANGLE_TOL)])
    ua = angles[np.concatenate([[0], np.flatnonzero(np.diff(group)) + 1])]
    gs = np.bincount(group, weights=sw)
    ge = np.bincount(group, weights=ew)
    base = float(w[(s > e) | full].sum())
    cov_after = base + np.cumsum(gs - ge)  # on the open gap after each unique end
    cov_at = cov_after - gs  # at the end itself
    nxt = np.concatenate([ua[1:], [ua[0] + two]])
    mid = np.mod((ua + nxt) / 2, two)

    def inside(a: np.ndarray) -> np.ndarray:
        off = np.mod(a - f0, two)
        return np.asarray((off <= flen + ANGLE_TOL) | (off >= two - ANGLE_TOL))

    cand = np.concatenate(
        [
            np.where((nxt - ua > ANGLE_TOL) & inside(mid), cov_after, -np.inf),
            np.where(inside(ua), cov_at, -np.inf),
        ]
    )
    where = np.concatenate([mid, ua])
    width = np.concatenate([nxt - ua, np.zeros_like(ua)])
    return cand, where, width


def feasible_arc(r: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[float, float] | None:
    """Directions that stay in the box ``[lo, hi]`` from ``r`` (2-D): ``None`` inside, a closed half-circle on
    an edge, a closed quarter at a corner, as ``(start angle, length)``."""
    normals = []
    for k in (0, 1):
        e = np.zeros(2)
        if r[k] <= lo[k]:
            e[k] = 1.0
        elif r[k] >= hi[k]:
            e[k] = -1.0
        else:
            continue
        normals.append(e)
    if not normals:
        return None
    n = np.sum(normals, axis=0)
    a = float(np.arctan2(n[1], n[0]))
    if len(normals) == 1:
        return a - np.pi / 2, np.pi
    return a - np.pi / 4, np.pi / 2


def improving_arcs(
    ideal: np.ndarray, salience: np.ndarray, shape: float, reversion: np.ndarray, span: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Directions ``u`` in the plane of two issues in which each member strictly gains by a small step from
    ``r``: an open arc ``(phi - h, phi + h)`` per member.  Inputs restricted to the two issues: ideal
    ``(*batch, m, 2)``, salience ``(*batch, m, 2)`` already normalised over all issues, reversion broadcasting
    against the ideal points, span ``(2,)``; ``(phi, h)`` each ``(*batch, m)``.

    * quadratic loss: ``u . g > 0`` with ``g = w (p - r) / span^2``: an open half-circle (``h = pi/2``)
      around the direction of ``g``; empty when ``g = 0``;
    * linear loss: directional derivative ``sum_k c_k u_k - sum_k b_k |u_k|`` with ``c_k = w_k sgn(p_k -
      r_k)/span_k`` where ``p_k != r_k`` and ``b_k = w_k/span_k`` where ``p_k = r_k``: a half-circle when no
      ``b``, a cone of half-width ``atan(|c_j| / b_k)`` around axis ``j`` with one ``b``, empty with two.
    """
    d = (ideal - reversion) / span
    if shape == 2.0:
        g = salience * d / span
        nz = np.abs(g).sum(-1) > 0
        phi = np.where(nz, np.arctan2(g[..., 1], g[..., 0]), np.nan)
        return phi, np.where(nz, np.pi / 2, 0.0)
    at = np.abs(d) <= 0  # member's ideal equals r on this coordinate
    cvec = np.where(at, 0.0, salience * np.sign(d) / span)
    bvec = np.where(at, salience / span, 0.0)
    nb = (bvec > 0).sum(-1)
    half = (nb == 0) & (np.abs(cvec).sum(-1) > 0)
    phi = np.where(half, np.arctan2(cvec[..., 1], cvec[..., 0]), np.nan)
    h = np.where(half, np.pi / 2, 0.0)
    for j, k in ((0, 1), (1, 0)):  # cone around axis j, abs term on k
        cone = (nb == 1) & (bvec[..., k] > 0) & (np.abs(cvec[..., j]) > 0)
        axis = 0.0 if j == 0 else np.pi / 2
        with np.errstate(divide="ignore", invalid="ignore"):
            phi = np.where(cone, np.where(cvec[..., j] > 0, axis, axis + np.pi), phi)
            h = np.where(cone, np.arctan(np.abs(cvec[..., j]) / np.where(cone, bvec[..., k], 1.0)), h)
    return phi, h


def max_arc_coverage_batch(centers: np.ndarray, halfwidths: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """:func:`max_arc_coverage` (no feasibility restriction) over leading batch axes: ``(*batch, m) ->
    (*batch,)``.  Ties need no grouping: after sorting, the running sum is right at the last event of each
    group of coincident ends, and the gaps after the other events of the group (width <= ``ANGLE_TOL``) are
    masked out."""
    phi = np.asarray(centers, dtype=float)
    h = np.nan_to_num(np.asarray(halfwidths, dtype=float), nan=0.0)
    w = np.asarray(weights, dtype=float)
    live = np.isfinite(phi) & (h > 0) & (w > 0)
    w = np.where(live, w, 0.0)
    phi = np.where(live, phi, 0.0)
    h = np.where(live, np.minimum(h, np.pi), 0.0)
    two = 2 * np.pi
    s = np.mod(phi - h, two)
    e = np.mod(phi + h, two)
    full = live & (h >= np.pi - ANGLE_TOL)
    base = np.where((s > e) | full, w, 0.0).sum(-1)
    ang = np.concatenate([s, e], -1)
    dl = np.concatenate([w, -w], -1)
    order = np.argsort(ang, axis=-1, kind="stable")
    ang = np.take_along_axis(ang, order, -1)
    dl = np.take_along_axis(dl, order, -1)
    cov = base[..., None] + np.cumsum(dl, -1)
    nxt = np.concatenate([ang[..., 1:], ang[..., :1] + two], -1)
    cov = np.where(nxt - ang > ANGLE_TOL, cov, -np.inf)
    return np.maximum(cov.max(-1), 0.0)
