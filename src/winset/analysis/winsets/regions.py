"""2-D, exact in general: vertex enumeration over the members' preferred regions.

When the local test of :mod:`winset.analysis.winsets.depth` does not apply (other issues away from ``r``, or members
with a ``no_deal_cost``), member ``m``'s yes-set on the plane is the open region
``a_m |x - px|^e + b_m |y - py|^e < R_m`` (:class:`Regions2D`: an axis-aligned ellipse for quadratic loss, a
rhombus for city-block loss, a strip when one salience is 0).  Regions are convex, so if a coalition's regions
meet in the issue box, the closure of their intersection has a lexicographically smallest point; it is a box
corner, a rhombus vertex, an ellipse's leftmost point or a transversal crossing of two boundaries (box edges
included), all enumerated (:func:`region_candidates_2d`; ellipse pairs through the quartic of
:func:`_ellipse_pair_points`).  Because the regions are open, a candidate is not tested itself: the members
containing it join in every direction, those on their boundary along their open arc of improving directions
(convexity: a direction into the region improves at once), and the arc sweep gives the weight that gains
together just off the candidate; a vote (:func:`winset.ratify.vote`'s rule) along the box chord in that wedge
supplies the witness.  Tangent regions (touching at a point) do not meet.  ``O(m^2)`` candidates, each checked
in ``O(m log m)``; candidates are visited heaviest first, so a non-empty win-set usually stops early.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from winset.analysis.winsets.depth import arc_coverage_gaps, feasible_arc, improving_arcs
from winset.analysis.winsets.gains import _yes_share
from winset.ratify import EPS, passes
from winset.scenario.compiled import Compiled, CompiledBody
from winset.utility import normalised_weights

BOUNDARY_TOL = 1e-9  # utility units: a candidate point this close to a member's boundary is treated as on it
KINK_SNAP = (
    1e-7  # of the issue span: a candidate this close to a rhombus vertex's coordinate gets the vertex's cone
)
TANGENT_WIDTH = (
    1e-6  # radians: a wedge of common improving directions narrower than this is a (near-)tangency
)


@dataclass(frozen=True)
class Regions2D:
    """Each member's open set of packages it votes for, on the plane of two issues (others at a reference):

        { (x, y) : a_m |x - px_m|^e + b_m |y - py_m|^e < R_m },

    ``a, b = w_k / span_k^e`` (salience-normalised weights), ``R_m = L_m(r) + c_m - K_m - EPS`` with ``K_m`` the
    loss on the other issues at the reference and ``EPS`` the tie tolerance of :func:`winset.ratify.vote`.  For
    ``e = 2`` an axis-aligned ellipse, for ``e = 1`` a rhombus; a zero coefficient makes a strip, both zero the
    whole plane (``R > 0``) or nothing; ``R <= 0`` nothing."""

    center: np.ndarray  # (m, 2)
    coef: np.ndarray  # (m, 2)
    budget: np.ndarray  # (m,)
    shape: float
    weights: np.ndarray  # (m,)

    def gain(self, pts: np.ndarray) -> np.ndarray:
        """``R_m - a_m |dx|^e - b_m |dy|^e``: positive exactly inside member ``m``'s region; ``(n, 2) -> (n, m)``."""
        d = np.abs(np.asarray(pts, dtype=float)[:, None, :] - self.center[None, :, :])
        return np.asarray(self.budget[None, :] - (self.coef[None, :, :] * d**self.shape).sum(-1))

    def semi_axes(self) -> tuple[np.ndarray, np.ndarray]:
        """Half-widths ``(R/a)^(1/e)`` and half-heights ``(R/b)^(1/e)`` (``inf`` for a zero coefficient)."""
        R = np.maximum(self.budget, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            rx = np.where(self.coef[:, 0] > 0, (R / self.coef[:, 0]) ** (1.0 / self.shape), np.inf)
            ry = np.where(self.coef[:, 1] > 0, (R / self.coef[:, 1]) ** (1.0 / self.shape), np.inf)
        return rx, ry


def member_regions_2d(
    c: Compiled,
    body: CompiledBody,
    issues: Sequence[str],
    reference: np.ndarray | None = None,
    excluded: np.ndarray | None = None,
) -> Regions2D:
    """:class:`Regions2D` of ``body`` on the plane of ``issues``, the other issues at ``reference`` (default
    ``r``); the same yes-rule as :func:`winset.ratify.vote` (``u_m(x) > u_m(r_m) - c_m + EPS``, ``r_m`` the
    member's own no-deal point).  Members in the boolean mask ``excluded`` get an empty region (a red line they
    break everywhere in the part of the plane looked at)."""
    if c.batch_shape:
        raise ValueError("member_regions_2d works on one scenario draw")
    ix, iy = (c.issue_index(i) for i in issues)
    ref = np.asarray(c.reversion if reference is None else reference, dtype=float)
    e = float(body.shape)
    sal = normalised_weights(body.salience)
    d_ref = (np.abs(ref - body.ideal) / c.span) ** e
    d_rev = (np.abs(body.member_reversion(c.reversion) - body.ideal) / c.span) ** e
    others = np.ones(len(c.issue_ids), dtype=bool)
    others[[ix, iy]] = False
    budget = (
        (sal * d_rev).sum(-1) + np.asarray(body.no_deal_cost, dtype=float) - (sal * d_ref)[:, others].sum(-1)
    )
    if excluded is not None:
        budget = np.where(excluded, -1.0, budget)
    return Regions2D(
        center=body.ideal[:, [ix, iy]].astype(float),
        coef=sal[:, [ix, iy]] / c.span[[ix, iy]] ** e,
        budget=budget - EPS,
        shape=e,
        weights=np.asarray(body.weights, dtype=float),
    )


def _ellipse_pair_points(c1: np.ndarray, r1: np.ndarray, c2: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """Intersections of the boundaries of axis-aligned ellipses ``(c1, r1)`` and ``(c2, r2)`` (centres and semi-axes,
    ``(n, 2)`` each), as points on ellipse 1 ``c1 + r1 (cos t, sin t)``.  Substituting into ellipse 2 gives
    ``(P + Q cos t)^2 + (S + T sin t)^2 = 1``; with ``z = e^{it}`` that is the quartic
    ``(Q^2-T^2)/4 z^4 + (PQ - iST) z^3 + (P^2+S^2-1+(Q^2+T^2)/2) z^2 + (PQ + iST) z + (Q^2-T^2)/4`` whose roots on
    the unit circle are the intersections; roots are taken by ``numpy.roots`` and polished by Newton's method on
    ``t``.  Near-tangent (double) roots are kept unpolished when Newton stalls: extra points are harmless."""
    if len(c1) == 0:
        return np.zeros((0, 2))
    P = (c1[:, 0] - c2[:, 0]) / r2[:, 0]
    Q = r1[:, 0] / r2[:, 0]
    S = (c1[:, 1] - c2[:, 1]) / r2[:, 1]
    T = r1[:, 1] / r2[:, 1]
    q4 = (Q**2 - T**2) / 4
    coefs = np.stack(
        [q4 + 0j, P * Q - 1j * S * T, P**2 + S**2 - 1 + (Q**2 + T**2) / 2 + 0j, P * Q + 1j * S * T, q4 + 0j],
        -1,
    )
    ts, owner = [], []
    for j, co in enumerate(coefs):
        if not np.isfinite(co).all() or np.abs(co).max() == 0:
            continue
        z = np.roots(co / np.abs(co).max())
        z = z[np.abs(np.abs(z) - 1.0) < 1e-4]
        ts.append(np.angle(z))
        owner.append(np.full(len(z), j))
    if not ts:
        return np.zeros((0, 2))
    t = np.concatenate(ts)
    k = np.concatenate(owner)
    P, Q, S, T = P[k], Q[k], S[k], T[k]

    def f(t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        X, Y = P + Q * np.cos(t), S + T * np.sin(t)
        return X**2 + Y**2 - 1.0, -2 * X * Q * np.sin(t) + 2 * Y * T * np.cos(t)

    for _ in range(8):
        val, der = f(t)
        with np.errstate(divide="ignore", invalid="ignore"):
            step = np.where(np.abs(der) > 1e-14, val / der, 0.0)
        t_new = t - np.clip(step, -0.1, 0.1)
        better = np.abs(f(t_new)[0]) < np.abs(val)
        t = np.where(better, t_new, t)
    return np.stack([c1[k, 0] + r1[k, 0] * np.cos(t), c1[k, 1] + r1[k, 1] * np.sin(t)], -1)


def _segment_pair_points(a0: np.ndarray, a1: np.ndarray, b0: np.ndarray, b1: np.ndarray) -> np.ndarray:
    """Crossing points of segments ``a0 a1`` and ``b0 b1`` (``(n, 2)`` each); parallel pairs are skipped (their
    common points, if any, include a segment end, which is a candidate of its own)."""
    da, db, dd = a1 - a0, b1 - b0, b0 - a0
    den = da[:, 0] * db[:, 1] - da[:, 1] * db[:, 0]
    scale = np.hypot(*da.T) * np.hypot(*db.T)
    ok = np.abs(den) > 1e-14 * np.maximum(scale, 1e-300)
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (dd[:, 0] * db[:, 1] - dd[:, 1] * db[:, 0]) / den
        u = (dd[:, 0] * da[:, 1] - dd[:, 1] * da[:, 0]) / den
    tol = 1e-9
    ok &= (s >= -tol) & (s <= 1 + tol) & (u >= -tol) & (u <= 1 + tol)
    return a0[ok] + np.clip(s[ok], 0, 1)[:, None] * da[ok]


def region_candidates_2d(reg: Regions2D, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Candidate points ``(n, 2)`` in the box ``[lo, hi]`` that include an extreme point of the closure of every
    non-empty intersection of member regions with the box: the box corners; every crossing of two boundaries
    (box edges, strip lines, ellipses or rhombi); the axis-extreme points of every ellipse and the vertices of
    every rhombus.  (The lexicographically smallest point of such a closure is where the active constraints'
    tangent cones leave no lexicographically smaller direction: a box corner, a rhombus vertex, the leftmost
    point of one ellipse, or a transversal crossing of two boundaries.)"""
    e = reg.shape
    live = (reg.weights > 0) & (reg.budget > 0)
    a, b = reg.coef[:, 0], reg.coef[:, 1]
    rx, ry = reg.semi_axes()
    cx, cy = reg.center[:, 0], reg.center[:, 1]
    closed = live & (a > 0) & (b > 0)
    vs = live & (a > 0) & (b <= 0)
    hs = live & (a <= 0) & (b > 0)
    xl = np.concatenate([[lo[0], hi[0]], cx[vs] - rx[vs], cx[vs] + rx[vs]])
    yl = np.concatenate([[lo[1], hi[1]], cy[hs] - ry[hs], cy[hs] + ry[hs]])
    gx, gy = np.meshgrid(xl, yl)
    pts = [np.stack([gx.ravel(), gy.ravel()], -1)]
    C = reg.center[closed]
    RX, RY = rx[closed], ry[closed]
    # axis-extreme points (ellipses) = vertices (rhombi)
    pts += [
        np.stack([C[:, 0] + RX, C[:, 1]], -1),
        np.stack([C[:, 0] - RX, C[:, 1]], -1),
        np.stack([C[:, 0], C[:, 1] + RY], -1),
        np.stack([C[:, 0], C[:, 1] - RY], -1),
    ]

    def prof(s: np.ndarray) -> np.ndarray:  # half-height of the unit curve at offset s, |s| <= 1
        s = np.clip(np.abs(s), 0.0, 1.0)
        return np.sqrt(1.0 - s**2) if e == 2.0 else 1.0 - s

    # axis lines x crossing the closed curves
    for lines, k in ((xl, 0), (yl, 1)):
        o = 1 - k
        s = (lines[:, None] - C[None, :, k]) / np.array([RX, RY])[k][None, :]
        near = np.abs(s) <= 1 + 1e-9
        hgt = prof(s) * np.array([RX, RY])[o][None, :]
        L = np.broadcast_to(lines[:, None], s.shape)[near]
        for sign in (1.0, -1.0):
            oc = (C[None, :, o] + sign * hgt)[near]
            pts.append(np.stack([L, oc], -1) if k == 0 else np.stack([oc, L], -1))
    n = len(C)
    if n >= 2:
        i, j = np.triu_indices(n, 1)
        r = np.stack([RX, RY], -1)
        if e == 2.0:
            pts.append(_ellipse_pair_points(C[i], r[i], C[j], r[j]))
        else:
            # rhombus edges V_k -> V_{k+1}: right, top, left, bottom vertices
            V = np.stack([C + r * [1, 0], C + r * [0, 1], C - r * [1, 0], C - r * [0, 1]], 1)  # (n, 4, 2)
            A0, A1 = V, np.roll(V, -1, axis=1)
            ii = np.repeat(i, 16)
            jj = np.repeat(j, 16)
            ka = np.tile(np.repeat(np.arange(4), 4), len(i))
            kb = np.tile(np.tile(np.arange(4), 4), len(i))
            pts.append(_segment_pair_points(A0[ii, ka], A1[ii, ka], A0[jj, kb], A1[jj, kb]))
    p = np.concatenate([q.reshape(-1, 2) for q in pts])
    p = p[np.isfinite(p).all(-1)]
    span = np.asarray(hi, dtype=float) - np.asarray(lo, dtype=float)
    tol = 1e-9 * np.maximum(span, 1.0)
    p = p[((p >= lo - tol) & (p <= hi + tol)).all(-1)]
    p = np.clip(p, lo, hi)
    # snap onto the box edges what is within rounding of them (feasible directions are decided there)
    p = np.where(np.abs(p - lo) <= tol, lo, np.where(np.abs(p - hi) <= tol, hi, p))
    return np.unique(p, axis=0)


def _chord_best(
    c: Compiled,
    body: CompiledBody,
    reg: Regions2D,
    ix: int,
    iy: int,
    ref: np.ndarray,
    p: np.ndarray,
    u: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> tuple[float, np.ndarray]:
    """Best yes-share (by :func:`_yes_share`, i.e. :func:`winset.ratify.vote` itself) on the chord of the box
    through ``p`` in direction ``u``, and where.  Each member's region meets the chord in one open interval; its
    ends (roots of ``a|dx + t ux|^e + b|dy + t uy|^e = R``, all sign patterns for ``e = 1``) split the chord and the
    midpoint of every piece is voted on: the exact maximum over the chord up to rounding."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t_a = (lo - p) / u
        t_b = (hi - p) / u
    t_lo = float(np.max(np.where(u != 0, np.minimum(t_a, t_b), -np.inf)))
    t_hi = float(np.min(np.where(u != 0, np.maximum(t_a, t_b), np.inf)))
    t_lo, t_hi = min(t_lo, 0.0), max(t_hi, 0.0)
    d = p[None, :] - reg.center
    a, b = reg.coef[:, 0], reg.coef[:, 1]
    R = reg.budget
    live = (reg.weights > 0) & (R > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        if reg.shape == 2.0:
            al = a * u[0] ** 2 + b * u[1] ** 2
            be = 2 * (a * d[:, 0] * u[0] + b * d[:, 1] * u[1])
            ga = a * d[:, 0] ** 2 + b * d[:, 1] ** 2 - R
            disc = np.sqrt(np.maximum(be**2 - 4 * al * ga, 0.0))
            qq = -0.5 * (be + np.where(be >= 0, disc, -disc))  # stable quadratic formula
            roots = np.stack([qq / al, ga / qq], -1)
        else:
            rs = []
            for s1 in (1.0, -1.0):
                for s2 in (1.0, -1.0):
                    rs.append((R - s1 * a * d[:, 0] - s2 * b * d[:, 1]) / (s1 * a * u[0] + s2 * b * u[1]))
            rs += [-d[:, 0] / u[0], -d[:, 1] / u[1]]
            roots = np.stack(rs, -1)
    ts = roots[live].ravel()
    ts = ts[np.isfinite(ts) & (ts > t_lo) & (ts < t_hi)]
    ts = np.unique(np.concatenate([[t_lo, t_hi, 0.0], ts]))
    probe = np.concatenate([(ts[:-1] + ts[1:]) / 2, ts]) if len(ts) > 1 else ts
    q = np.clip(p[None, :] + probe[:, None] * u[None, :], lo, hi)
    pk = np.repeat(ref[None, :], len(q), axis=0)
    pk[:, ix] = q[:, 0]
    pk[:, iy] = q[:, 1]
    share = _yes_share(c, body, pk)
    j = int(np.argmax(share))
    return float(share[j]), q[j]


@dataclass(frozen=True)
class RegionSearch:
    """Result of :func:`region_winset_2d`."""

    best_share: float  # heaviest share of members whose regions meet in the box (vote-verified)
    witness: np.ndarray | None  # a point where that share votes yes (None when no member gains anywhere)
    candidates: int
    tangencies: int  # candidate points where a passing weight has only a near-degenerate common wedge
    unresolved: int  # candidate points with a robust passing wedge but no vote-verified point (should be 0)


def region_winset_2d(
    c: Compiled,
    body: CompiledBody,
    issues: Sequence[str],
    reference: np.ndarray | None = None,
    box: tuple[np.ndarray, np.ndarray] | None = None,
    excluded: np.ndarray | None = None,
) -> RegionSearch:
    """Exact heaviest coalition of members whose preferred regions (:class:`Regions2D`) meet inside the issue box.

    If a coalition's regions meet in the box, the closure of that convex set has a lexicographically smallest
    point, which is one of :func:`region_candidates_2d`.  At a candidate ``p`` a member whose region contains
    ``p`` joins in every direction; a member with ``p`` on its boundary joins exactly along its open arc of
    improving directions (:func:`improving_arcs` at ``p``: convexity makes a direction into the region's interior
    improving, and an improving direction enters the region); directions are restricted to the box
    (:func:`feasible_arc`).  The arc sweep (:func:`arc_coverage_gaps`) gives, per wedge of directions, the weight
    that gains together just off ``p``; along the box chord in the middle of each heavy wedge the exact split of
    the chord into member intervals is voted on with ``ratify.vote``'s rule (:func:`_chord_best`), so every
    reported share has a verified witness.  Candidates are visited in decreasing order of the weight whose
    closed regions contain them (an upper bound) until no candidate can beat the best share found.

    ``box`` (``(lo, hi)`` on the two issues) looks only at part of the issue box, and ``excluded`` members get an
    empty region: :func:`winset.analysis.winsets.emptiness.winset_empty_2d` uses both for red lines."""
    ix, iy = (c.issue_index(i) for i in issues)
    ref = np.asarray(c.reversion if reference is None else reference, dtype=float)
    reg = member_regions_2d(c, body, issues, ref, excluded)
    lo, hi = c.lo[[ix, iy]].astype(float), c.hi[[ix, iy]].astype(float)
    if box is not None:
        lo, hi = np.asarray(box[0], dtype=float), np.asarray(box[1], dtype=float)
    w = reg.weights
    total = float(w.sum())
    thr = np.asarray(float(body.threshold))
    pts = region_candidates_2d(reg, lo, hi)
    G = reg.gain(pts)
    live = (w > 0) & (reg.budget > 0)
    bound = ((G >= -BOUNDARY_TOL) & live) @ w / total
    order = np.argsort(-bound, kind="stable")
    best, witness, tangencies, unresolved = 0.0, None, 0, 0
    snap = KINK_SNAP * np.maximum(hi - lo, 1.0)
    for j in order:
        if bound[j] <= best + 1e-15:
            break
        p = pts[j]
        g = G[j]
        inside = live & (g > BOUNDARY_TOL)
        bnd = live & (np.abs(g) <= BOUNDARY_TOL)
        base = float(w[inside].sum())
        at = np.where(np.abs(p[None, :] - reg.center[bnd]) <= snap, reg.center[bnd], p[None, :])
        phi, h = improving_arcs(reg.center[bnd], reg.coef[bnd], reg.shape, at, np.ones(2))
        cov, dirs, width = arc_coverage_gaps(phi, h, w[bnd], feasible_arc(p, lo, hi))
        cov = (cov + base) / total
        keep = np.flatnonzero(cov > best + 1e-15)
        keep = keep[np.argsort(-cov[keep], kind="stable")][:8]
        for k in keep:
            u = np.array([np.cos(dirs[k]), np.sin(dirs[k])])
            sh, q = _chord_best(c, body, reg, ix, iy, ref, p, u, lo, hi)
            if sh > best:
                best, witness = sh, q
        passing = [k for k in keep if bool(passes(np.array([cov[k]]), body.rule, thr)[0])]
        if passing and not bool(passes(np.array([best]), body.rule, thr)[0]):
            if max(width[k] for k in passing) > TANGENT_WIDTH:
                unresolved += 1
            else:
                tangencies += 1
    return RegionSearch(
        best_share=best, witness=witness, candidates=len(pts), tangencies=tangencies, unresolved=unresolved
    )
