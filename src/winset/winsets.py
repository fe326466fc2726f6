"""Exact win-sets of the reversion point and the zone of possible agreement (ZOPA).

Putnam (1988) calls the set of level-I agreements that would win at home the *win-set*.  For a ratification
body with members ``m`` (weights ``w_m``, ideal points ``p_m``, saliences, a loss shape and an optional
``no_deal_cost``) and the reversion point ``r`` it is

    W_q(r) = { x : share of weight of members with u_m(x) > u_m(r) - c_m  passes the body's rule },

with the rules of :func:`winset.ratify.passes` (majority: share > 1/2, quota q: share >= q, unanimity: all).

* **1-D, exact** (:func:`quota_winset_1d`, :func:`body_winset_1d`): along one issue (the other issues held
  at a reference package) member ``m`` accepts the open interval ``(p_m - rho_m, p_m + rho_m)`` with the
  radius of :func:`winset.deals.acceptance_radius`; when the member has no no-deal cost and the other issues
  lose as much at the reference as at ``r``, the ends are set to exactly ``r`` and its mirror ``2 p_m - r``
  (``p +- rho`` rounds the end at ``r`` off by an ulp and made slivers next to ``r``).  The win-set is where the weight of covering intervals
  meets the rule; a sweep over the sorted interval ends (the order statistics of the ideal points shifted by
  the radii) finds it in ``O(m log m)``.  For Euclidean preferences, no costs and ``r`` on the line this is
  the classic result that the majority win-set of ``r`` is empty iff ``r`` is the weighted median (Black
  1948), and the q-quota win-set is empty iff ``r`` lies between the ``1-q`` and ``q`` order statistics.
* **2-D, exact emptiness** (:func:`tukey_depth`, :func:`winset_empty_2d`): with Euclidean preferences
  ``W_q(r)`` is empty iff the weighted Tukey (halfspace) depth of ``r`` among the ideal points exceeds
  ``1 - q`` (for majority: is at least 1/2; for unanimity: is positive).  Tukey (1975), "Mathematics and the
  picturing of data", Proc. ICM Vancouver 2: 523-531; the depth is computed by the ``O(m log m)`` angular
  sweep of Rousseeuw & Ruts (1996), "Algorithm AS 307: Bivariate location depth", *Applied Statistics*
  45(4): 516-526.  Proof sketch: a member strictly prefers ``x`` to ``r`` only if the gradient of its convex
  loss at ``r`` points away from ``x`` (convexity: ``L(x) >= L(r) + grad L(r).(x - r)``); conversely if an
  open half-plane of improving directions carries a passing weight, a small enough step ``r + t u`` wins.
  So ``W_q(r)`` is non-empty iff some open half-plane through ``r`` holds a passing weight of the vectors
  ``g_m = -grad L_m(r)``, i.e. iff ``1 - depth(0; g)`` passes the rule.  For the quadratic loss
  ``g_m = diag(w_m / span^2) (p_m - r)``: with a common salience ratio this is a linear transform of the
  ideal points (depth is affine invariant, so it is the depth of ``r`` among the ideal points in the
  rescaled space); with **different saliences** it is still exact, because only the direction of each
  gradient matters.  For the linear (city-block) loss the improving directions of a member whose ideal
  shares a coordinate with ``r`` form a cone narrower than a half-plane; :func:`max_arc_coverage` handles
  those exactly by a sweep over arcs of the circle of directions.
  The argument is local, so it applies only when nothing but the two issues separates ``x`` from ``r``: the
  other issues held at ``r`` and no member with a ``no_deal_cost``.
* **2-D, exact in general** (:func:`region_winset_2d`): otherwise member ``m``'s yes-set on the plane is the open
  region ``a_m |x - px|^e + b_m |y - py|^e < R_m`` (:class:`Regions2D`: an axis-aligned ellipse for quadratic
  loss, a rhombus for city-block loss, a strip when one salience is 0).  Regions are convex, so if a coalition's
  regions meet in the issue box, the closure of their intersection has a lexicographically smallest point; it is
  a box corner, a rhombus vertex, an ellipse's leftmost point or a transversal crossing of two boundaries (box
  edges included), all enumerated (:func:`region_candidates_2d`; ellipse pairs through the quartic of
  :func:`_ellipse_pair_points`).  Because the regions are open, a candidate is not tested itself: the members
  containing it join in every direction, those on their boundary along their open arc of improving directions
  (convexity: a direction into the region improves at once), and the arc sweep gives the weight that gains together
  just off the candidate; a vote (:func:`winset.ratify.vote`'s rule) along the box chord in that wedge supplies the
  witness.  Tangent regions (touching at a point) do not meet.  ``O(m^2)`` candidates, each checked in
  ``O(m log m)``; candidates are visited heaviest first, so a non-empty win-set usually stops early.
* **Grid for plots** (:func:`body_grid_2d`): a boolean grid of one body's win-set, for diagrams only.
* **ZOPA** (:func:`zopa`): packages every veto actor prefers to no deal and every applicable body passes.
  Exact per-issue slices (:func:`winset.deals.issue_acceptance`); in the full space a seeded search
  (batch sampling, then differential evolution on the smallest *slack*) returns a witness package or says
  honestly that none was found; a pairwise check names the pairs of veto players with no common
  acceptable package found, and the per-issue gaps say where they fall apart.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from .deals import acceptance_radius, sticking_points
from .ratify import EPS, body_applies, no_deal_utility, passes, veto_accepts
from .scenario.compiled import Compiled, CompiledBody
from .scenario.schema import Scenario
from .utility import actor_utilities, normalised_weights, utility

ANGLE_TOL = 1e-12  # directions closer than this (radians) are treated as the same direction


# ---------------------------------------------------------------------------------------------------------
# intervals
# ---------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Interval:
    """An interval of one issue; each end open or closed."""

    lo: float
    hi: float
    lo_closed: bool = False
    hi_closed: bool = False

    def contains(self, x: np.ndarray | float) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        left = (x >= self.lo) if self.lo_closed else (x > self.lo)
        right = (x <= self.hi) if self.hi_closed else (x < self.hi)
        return np.asarray(left & right)

    def __str__(self) -> str:
        if self.lo == self.hi:
            return f"{{{self.lo:.4g}}}"
        return f"{'[' if self.lo_closed else '('}{self.lo:.4g}, {self.hi:.4g}{']' if self.hi_closed else ')'}"

    def as_list(self) -> list[float | bool]:
        return [self.lo, self.hi, self.lo_closed, self.hi_closed]


def contains_any(intervals: Sequence[Interval], x: np.ndarray | float) -> np.ndarray:
    """Whether ``x`` lies in the union of ``intervals`` (broadcasts over ``x``)."""
    out = np.zeros(np.shape(x), dtype=bool)
    for iv in intervals:
        out |= iv.contains(x)
    return out


def _runs_exact(bp: np.ndarray, ok_at: np.ndarray, ok_between: np.ndarray) -> list[Interval]:
    """Union of the points ``bp[j]`` with ``ok_at[j]`` and open gaps ``(bp[j], bp[j+1])`` with ``ok_between[j]``,
    as maximal intervals with the right open/closed ends.  ``bp`` sorted, unique."""
    n = len(bp)
    # interleave: even slots = breakpoints, odd slots = open gaps
    flags = np.zeros(2 * n - 1, dtype=bool)
    flags[0::2] = ok_at
    flags[1::2] = ok_between
    out: list[Interval] = []
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(flags) and flags[j + 1]:
            j += 1
        lo = bp[i // 2] if i % 2 == 0 else bp[(i - 1) // 2]
        hi = bp[j // 2] if j % 2 == 0 else bp[(j + 1) // 2]
        out.append(Interval(float(lo), float(hi), lo_closed=i % 2 == 0, hi_closed=j % 2 == 0))
        i = j + 1
    return out


# ---------------------------------------------------------------------------------------------------------
# 1-D: order statistics sweep
# ---------------------------------------------------------------------------------------------------------
def quota_winset_1d(
    a: np.ndarray,
    b: np.ndarray,
    weights: np.ndarray,
    rule: str,
    threshold: float,
    lo: float = -np.inf,
    hi: float = np.inf,
) -> list[Interval]:
    """Where the weight of the open intervals ``(a_m, b_m)`` meets ``rule`` (see :func:`winset.ratify.passes`).

    ``a = -inf, b = +inf`` is a member that accepts everything; ``nan`` a member that accepts nothing.  The
    share is taken over the total weight of all members (as in :func:`winset.ratify.vote`).  Sweep over the
    sorted ends: the covering weight on the open gap after breakpoint ``u`` is ``S(a <= u) - S(b <= u)``, at
    the point ``u`` itself ``S(a < u) - S(b <= u)`` (``S`` = weight sum), found by binary search in the sorted
    ends: ``O(m log m)``.  The result is clipped to ``[lo, hi]`` (closed there).
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    w = np.asarray(weights, dtype=float)
    total = float(w.sum())
    if total <= 0:
        return []
    live = ~(np.isnan(a) | np.isnan(b)) & (w > 0)
    a, b, w = a[live], b[live], w[live]
    order_a = np.argsort(a, kind="stable")
    order_b = np.argsort(b, kind="stable")
    sa, sb = a[order_a], b[order_b]
    cwa = np.concatenate([[0.0], np.cumsum(w[order_a])])
    cwb = np.concatenate([[0.0], np.cumsum(w[order_b])])
    fin = np.concatenate([a[np.isfinite(a)], b[np.isfinite(b)], [0.0]])
    finite_lo = float(lo) if np.isfinite(lo) else float(fin.min()) - 1.0
    finite_hi = float(hi) if np.isfinite(hi) else float(fin.max()) + 1.0
    ends = np.concatenate([a, b])
    ends = ends[np.isfinite(ends) & (ends > finite_lo) & (ends < finite_hi)]
    bp = np.unique(np.concatenate([[finite_lo, finite_hi], ends]))

    def s(sorted_x: np.ndarray, cw: np.ndarray, t: np.ndarray, side: str) -> np.ndarray:
        return cw[np.searchsorted(sorted_x, t, side=side)]  # type: ignore[call-overload]

    at = s(sa, cwa, bp, "left") - s(sb, cwb, bp, "right")
    between = s(sa, cwa, bp[:-1], "right") - s(sb, cwb, bp[:-1], "right")
    thr = np.asarray(threshold, dtype=float)
    ok_at = passes(at[None, :] / total, rule, thr)[0]
    ok_between = passes(between[None, :] / total, rule, thr)[0]
    runs = _runs_exact(bp, ok_at, ok_between)
    # ends at the artificial bounds are open rays when no bound was given
    out = []
    for iv in runs:
        lo_v, lo_c = (iv.lo, iv.lo_closed) if np.isfinite(lo) or iv.lo > finite_lo else (-np.inf, False)
        hi_v, hi_c = (iv.hi, iv.hi_closed) if np.isfinite(hi) or iv.hi < finite_hi else (np.inf, False)
        out.append(Interval(lo_v, hi_v, lo_c, hi_c))
    return out


@dataclass(frozen=True)
class BodyWinset1D:
    """One body's win-set of the reversion point along one issue (other issues at ``reference``)."""

    body: str
    issue: str
    rule: str
    threshold: float
    member_intervals: dict[str, tuple[float, float]]  # member -> accepted open interval (nan: none)
    passes: list[Interval]  # where the body's vote passes
    lets_through: list[Interval]  # passes, or the body does not have to ratify
    reversion: float

    @property
    def empty(self) -> bool:
        return not self.passes


def member_intervals_1d(
    body: CompiledBody, issue: int, reference: np.ndarray, reversion: np.ndarray, span: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each member's accepted open interval ``(a_m, b_m)`` on ``issue`` (other issues at ``reference``).

    Consistent with :func:`winset.ratify.vote`: radius of :func:`winset.deals.acceptance_radius` (budget
    ``L_m(r) + c_m - sum_{j != k} w_mj d_mj^e``); ``nan`` when the member accepts no value, ``+-inf`` when it
    does not care about the issue and accepts the rest.
    """
    rad = acceptance_radius(
        body.ideal, body.salience, body.shape, reference, reversion, span, issue, body.no_deal_cost
    )
    p = body.ideal[..., issue]
    a, b = p - rad, p + rad
    # Exact ends at r.  A member with no no-deal cost whose other issues contribute the same loss at the
    # reference as at r (reference = r there, or no salience there) has budget w_k |r_k - p_k|^e exactly, so
    # (loss symmetric around p) it accepts the open interval between r and its mirror 2 p - r.  Computing
    # ``p +- rad`` instead rounds the end at r to r +- 1 ulp, and the sweep then reports a spurious sliver
    # (r - ulp, r) or (r, r + ulp) of "passing" weight next to r.
    ref = np.asarray(reference, dtype=float)
    rev = np.asarray(reversion, dtype=float)
    others = np.arange(ref.shape[-1]) != issue
    sal = np.asarray(body.salience, dtype=float)
    same_elsewhere = ((sal[..., others] <= 0) | (ref[..., None, others] == rev[..., None, others])).all(-1)
    local = same_elsewhere & (np.asarray(body.no_deal_cost, dtype=float) <= 0) & np.isfinite(rad)
    rk = rev[..., None, issue] if rev.ndim > 1 else rev[issue]
    mirror = 2.0 * p - rk
    a = np.where(local, np.minimum(rk, mirror), a)
    b = np.where(local, np.maximum(rk, mirror), b)
    return a, b


def body_winset_1d(
    c: Compiled,
    body: CompiledBody,
    issue: int | str,
    reference: np.ndarray | None = None,
    instrument: str = "treaty",
) -> BodyWinset1D:
    """Exact 1-D win-set of ``c.reversion`` for ``body`` along ``issue`` within the issue's scale.

    ``lets_through`` adds the values where the body need not ratify (its ``applies_when`` fails), classified
    exactly by testing every breakpoint and every gap between breakpoints.
    """
    if c.batch_shape:
        raise ValueError("body_winset_1d works on one scenario draw; index the batch first")
    k = c.issue_index(issue) if isinstance(issue, str) else int(issue)
    ref = np.asarray(c.reversion if reference is None else reference, dtype=float)
    a, b = member_intervals_1d(body, k, ref, c.reversion, c.span)
    thr = float(body.threshold)
    lo, hi = float(c.lo[k]), float(c.hi[k])
    win = quota_winset_1d(a, b, body.weights, body.rule, thr, lo, hi)
    # Drop runs whose interior holds no point the vote passes (zero-length or within vote's tie tolerance
    # EPS): test the midpoint of each run (the point itself for a degenerate closed run) with the vote.
    if win:
        mids_w = np.array(
            [
                iv.lo
                if iv.lo == iv.hi
                else (iv.lo + iv.hi) / 2
                if np.isfinite(iv.lo) and np.isfinite(iv.hi)
                else (iv.hi - 1.0 if np.isfinite(iv.hi) else iv.lo + 1.0 if np.isfinite(iv.lo) else 0.0)
                for iv in win
            ]
        )
        pk_w = np.repeat(ref[None, :], len(win), axis=0)
        pk_w[:, k] = mids_w
        ok_w = passes(_yes_share(c, body, pk_w), body.rule, np.asarray(thr))
        win = [
            iv
            for iv, ok in zip(win, ok_w, strict=True)
            if ok and (iv.lo < iv.hi or (iv.lo_closed and iv.hi_closed))
        ]
    # applicability: piecewise constant between interval ends, condition values and the reversion value
    bps = [lo, hi, float(c.reversion[k])]
    for iv in win:
        bps += [iv.lo, iv.hi]
    for cond in body.spec.applies_when.any_of or []:
        if cond.value is not None:
            bps.append(cond.value)
    bp = np.unique(np.clip(np.asarray(bps, dtype=float), lo, hi))
    mids = (bp[:-1] + bp[1:]) / 2

    def lets(xs: np.ndarray) -> np.ndarray:
        pk = np.repeat(ref[None, :], len(xs), axis=0)
        pk[:, k] = xs
        app = body_applies(body, pk, instrument, c.reversion, c.issue_ids)
        return np.asarray(~app | contains_any(win, xs))

    through = _runs_exact(bp, lets(bp), lets(mids)) if len(bp) > 1 else []
    members = {mid: (float(x), float(y)) for mid, x, y in zip(body.member_ids, a, b, strict=True)}
    return BodyWinset1D(
        body=body.id,
        issue=c.issue_ids[k],
        rule=body.rule,
        threshold=thr,
        member_intervals=members,
        passes=win,
        lets_through=through,
        reversion=float(c.reversion[k]),
    )


# ---------------------------------------------------------------------------------------------------------
# 2-D: Tukey depth and arcs of improving directions
# ---------------------------------------------------------------------------------------------------------
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
    ``(m, 2)``, salience ``(m, 2)`` already normalised over all issues, span ``(2,)``.

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
        phi = np.where(nz, np.arctan2(g[:, 1], g[:, 0]), np.nan)
        return phi, np.where(nz, np.pi / 2, 0.0)
    at = np.abs(d) <= 0  # member's ideal equals r on this coordinate
    cvec = np.where(at, 0.0, salience * np.sign(d) / span)
    bvec = np.where(at, salience / span, 0.0)
    nb = (bvec > 0).sum(-1)
    phi = np.full(len(d), np.nan)
    h = np.zeros(len(d))
    half = (nb == 0) & (np.abs(cvec).sum(-1) > 0)
    phi[half] = np.arctan2(cvec[half, 1], cvec[half, 0])
    h[half] = np.pi / 2
    for j, k in ((0, 1), (1, 0)):  # cone around axis j, abs term on k
        cone = (nb == 1) & (bvec[:, k] > 0) & (np.abs(cvec[:, j]) > 0)
        axis = 0.0 if j == 0 else np.pi / 2
        phi[cone] = np.where(cvec[cone, j] > 0, axis, axis + np.pi)
        h[cone] = np.arctan(np.abs(cvec[cone, j]) / bvec[cone, k])
    return phi, h


# ---------------------------------------------------------------------------------------------------------
# 2-D in general: exact vertex enumeration over the members' preferred regions
# ---------------------------------------------------------------------------------------------------------
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
    c: Compiled, body: CompiledBody, issues: Sequence[str], reference: np.ndarray | None = None
) -> Regions2D:
    """:class:`Regions2D` of ``body`` on the plane of ``issues``, the other issues at ``reference`` (default
    ``r``); the same yes-rule as :func:`winset.ratify.vote` (``u_m(x) > u_m(r) - c_m + EPS``)."""
    if c.batch_shape:
        raise ValueError("member_regions_2d works on one scenario draw")
    ix, iy = (c.issue_index(i) for i in issues)
    ref = np.asarray(c.reversion if reference is None else reference, dtype=float)
    e = float(body.shape)
    sal = normalised_weights(body.salience)
    d_ref = (np.abs(ref - body.ideal) / c.span) ** e
    d_rev = (np.abs(c.reversion - body.ideal) / c.span) ** e
    others = np.ones(len(c.issue_ids), dtype=bool)
    others[[ix, iy]] = False
    budget = (
        (sal * d_rev).sum(-1) + np.asarray(body.no_deal_cost, dtype=float) - (sal * d_ref)[:, others].sum(-1)
    )
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
    c: Compiled, body: CompiledBody, issues: Sequence[str], reference: np.ndarray | None = None
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
    closed regions contain them (an upper bound) until no candidate can beat the best share found."""
    ix, iy = (c.issue_index(i) for i in issues)
    ref = np.asarray(c.reversion if reference is None else reference, dtype=float)
    reg = member_regions_2d(c, body, issues, ref)
    lo, hi = c.lo[[ix, iy]].astype(float), c.hi[[ix, iy]].astype(float)
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


@dataclass(frozen=True)
class Verdict2D:
    """Is a body's win-set of ``r`` empty in the plane of two issues?"""

    body: str
    issues: tuple[str, str]
    rule: str
    threshold: float
    empty: bool
    exact: bool
    best_share: float  # heaviest share of members that can gain together (exact) / best share found
    depth_share: float | None  # Tukey depth share of r (exact quadratic case)
    direction: tuple[float, float] | None  # a direction from r into the win-set (Tukey path, non-empty)
    method: str
    note: str = ""
    witness: tuple[float, float] | None = None  # a point of the plane in the win-set (region path, non-empty)


def winset_empty_2d(
    c: Compiled,
    body: CompiledBody,
    issues: Sequence[str],
    reference: np.ndarray | None = None,
    method: str = "auto",
) -> Verdict2D:
    """Exact emptiness of ``body``'s win-set of the reversion point in the plane of ``issues`` (within the issue
    box; ``applies_when`` is not considered: the question is whether the vote can pass).

    * Other issues at the reversion point and no member with a ``no_deal_cost`` (``method="auto"``): the local
      test, Tukey depth of ``r`` / arc sweep of improving directions at ``r`` (see the module docstring).
    * Otherwise, or with ``method="regions"``: :func:`region_winset_2d`, exact vertex enumeration over the
      members' preferred ellipses (quadratic loss) or rhombi (city-block loss) with a vote-verified witness.
    """
    if method not in ("auto", "regions"):
        raise ValueError(f"unknown method {method!r}: use 'auto' or 'regions'")
    if c.batch_shape:
        raise ValueError("winset_empty_2d works on one scenario draw")
    ix, iy = (c.issue_index(i) for i in issues)
    r = c.reversion
    ref = np.asarray(r if reference is None else reference, dtype=float)
    others = [j for j in range(len(c.issue_ids)) if j not in (ix, iy)]
    w = body.weights
    total = float(w.sum())
    thr = float(body.threshold)
    local = bool(np.allclose(ref[others], r[others], rtol=0, atol=0)) and not bool(
        (np.asarray(body.no_deal_cost)[w > 0] > 0).any()
    )
    names = (c.issue_ids[ix], c.issue_ids[iy])
    if local and method == "auto":
        sal = normalised_weights(body.salience)[:, [ix, iy]]
        ideal = body.ideal[:, [ix, iy]]
        span = c.span[[ix, iy]]
        rr = r[[ix, iy]]
        feas = feasible_arc(rr, c.lo[[ix, iy]], c.hi[[ix, iy]])
        phi, h = improving_arcs(ideal, sal, body.shape, rr, span)
        best, direction = max_arc_coverage(phi, h, w, feas)
        edge = "" if feas is None else "; r is on the edge of the issue box: only inward directions count"
        if body.shape == 2.0:
            g = sal * (ideal - rr) / span**2
            depth_share: float | None = tukey_depth(g, w) / total
            method = "Tukey depth of r among the members' (rescaled) ideal points (exact)"
            note = (
                "common salience ratio: depth in the linearly rescaled space"
                if _common_ratio(sal)
                else "members weigh the two issues differently: depth of 0 among the loss gradients at r "
                "(exact for convex quadratic loss)"
            ) + edge
        else:
            method = "arc sweep over improving directions of the city-block loss (exact)"
            note = edge.lstrip("; ")
            depth_share = None
        share = best / total
        ok = bool(passes(np.array([share]), body.rule, np.asarray(thr))[0])
        d = (float(np.cos(direction)), float(np.sin(direction))) if ok else None
        return Verdict2D(
            body=body.id,
            issues=names,
            rule=body.rule,
            threshold=thr,
            empty=not ok,
            exact=True,
            best_share=share,
            depth_share=depth_share,
            direction=d,
            method=method,
            note=note,
        )
    rs = region_winset_2d(c, body, names, ref)
    ok = bool(passes(np.array([rs.best_share]), body.rule, np.asarray(thr))[0])
    kind = "ellipses" if body.shape == 2.0 else "rhombi (city-block)"
    why = (
        []
        if local
        else [
            "other issues away from r" if not np.array_equal(ref[others], r[others]) else "",
            "members with a no-deal cost" if (np.asarray(body.no_deal_cost)[w > 0] > 0).any() else "",
        ]
    )
    note = ("regions: " + "; ".join(x for x in why if x) + ". " if any(why) else "") + (
        "Exact: the heaviest coalition whose open preferred regions meet in the issue box is found at one of "
        f"{rs.candidates} candidate points (box corners, boundary crossings, extreme points) by the sweep of "
        "improving directions, and checked with ratify.vote at a witness point"
    )
    if not ok and rs.tangencies:
        note += (
            f"; {rs.tangencies} candidate point(s) where a passing weight's regions only touch (tangency: "
            "open regions touching at a point do not meet)"
        )
    exact = rs.unresolved == 0 or ok
    if not exact:
        note += (
            f"; {rs.unresolved} candidate point(s) with a passing wedge of directions but no vote-verified "
            "point: numerically unresolved, 'empty' not proven"
        )
    wit = None if rs.witness is None or not ok else (float(rs.witness[0]), float(rs.witness[1]))
    return Verdict2D(
        body=body.id,
        issues=names,
        rule=body.rule,
        threshold=thr,
        empty=not ok,
        exact=exact,
        best_share=rs.best_share,
        depth_share=None,
        direction=None,
        method=f"exact vertex enumeration over the members' preferred {kind}",
        note=note,
        witness=wit,
    )


def _common_ratio(sal: np.ndarray) -> bool:
    nz = sal.sum(-1) > 0
    if not nz.any():
        return True
    s = sal[nz] / sal[nz].sum(-1, keepdims=True)
    return bool(np.allclose(s, s[0]))


def _member_gain(c: Compiled, body: CompiledBody, packages: np.ndarray) -> np.ndarray:
    """``u_m(x) - (u_m(r) - c_m)``, ``(d, m)``; a member votes yes iff this exceeds ``EPS``."""
    u_deal = utility(
        packages[..., :, None, :],
        body.ideal[..., None, :, :],
        body.salience[..., None, :, :],
        c.span,
        body.shape,
    )
    u_rev = (
        utility(c.reversion[..., None, :], body.ideal, body.salience, c.span, body.shape) - body.no_deal_cost
    )
    return np.asarray(u_deal - u_rev[..., None, :])


def _yes_share(c: Compiled, body: CompiledBody, packages: np.ndarray) -> np.ndarray:
    yes = _member_gain(c, body, packages) > EPS
    return np.asarray((yes * body.weights).sum(-1) / body.weights.sum(-1))


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


def winset_empty_2d_batch(
    c: Compiled, body: CompiledBody, issues: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Exact emptiness of ``body``'s win-set of ``r`` in the plane of ``issues`` for every Monte Carlo draw:
    ``(empty, best_share)``, each ``(*batch,)``.  Other issues are held at ``r``; raises ``ValueError`` when a
    member has a ``no_deal_cost`` (not local: use :func:`winset_empty_2d` per draw).  The box restriction of
    :func:`winset_empty_2d` is not applied: with every ideal point inside the issue scales it never changes the
    answer (reflecting the outward part of an improving direction keeps it improving)."""
    if (np.asarray(body.no_deal_cost) > 0).any():
        raise ValueError(f"{body.id}: members with a no_deal_cost make the win-set non-local; no exact test")
    ix, iy = (c.issue_index(i) for i in issues)
    sal = normalised_weights(body.salience)[..., [ix, iy]]
    ideal = body.ideal[..., [ix, iy]]
    rr = c.reversion[..., None, [ix, iy]]
    span = c.span[[ix, iy]]
    d = (ideal - rr) / span
    if body.shape == 2.0:
        g = sal * d / span
        nz = np.abs(g).sum(-1) > 0
        phi = np.where(nz, np.arctan2(g[..., 1], g[..., 0]), np.nan)
        h = np.where(nz, np.pi / 2, 0.0)
    else:
        at = np.abs(d) <= 0
        cv = np.where(at, 0.0, sal * np.sign(d) / span)
        bv = np.where(at, sal / span, 0.0)
        nb = (bv > 0).sum(-1)
        half = (nb == 0) & (np.abs(cv).sum(-1) > 0)
        phi = np.where(half, np.arctan2(cv[..., 1], cv[..., 0]), np.nan)
        h = np.where(half, np.pi / 2, 0.0)
        for j, k in ((0, 1), (1, 0)):
            cone = (nb == 1) & (bv[..., k] > 0) & (np.abs(cv[..., j]) > 0)
            axis = 0.0 if j == 0 else np.pi / 2
            with np.errstate(divide="ignore", invalid="ignore"):
                phi = np.where(cone, np.where(cv[..., j] > 0, axis, axis + np.pi), phi)
                h = np.where(cone, np.arctan(np.abs(cv[..., j]) / np.where(cone, bv[..., k], 1.0)), h)
    best = max_arc_coverage_batch(phi, h, body.weights) / body.weights.sum(-1)
    ok = passes(best[..., None], body.rule, body.threshold)[..., 0]
    return ~ok, best


def body_grid_2d(
    c: Compiled, body: CompiledBody, issues: Sequence[str], reference: np.ndarray | None = None, n: int = 101
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For plots only: ``(xs, ys, passes)`` with ``passes`` a ``(n, n)`` boolean grid (rows follow y) of where
    ``body`` passes a package, the other issues at ``reference`` (default: the reversion point)."""
    ix, iy = (c.issue_index(i) for i in issues)
    ref = np.asarray(c.reversion if reference is None else reference, dtype=float)
    xs = np.linspace(c.lo[ix], c.hi[ix], n)
    ys = np.linspace(c.lo[iy], c.hi[iy], n)
    gx, gy = np.meshgrid(xs, ys)
    pk = np.repeat(ref[None, :], n * n, axis=0)
    pk[:, ix] = gx.ravel()
    pk[:, iy] = gy.ravel()
    ok = passes(_yes_share(c, body, pk), body.rule, np.asarray(body.threshold))
    return xs, ys, ok.reshape(n, n)


# ---------------------------------------------------------------------------------------------------------
# ZOPA in the full space
# ---------------------------------------------------------------------------------------------------------
def veto_slack(
    c: Compiled, packages: np.ndarray, instruments: Sequence[str] | str = "treaty"
) -> dict[str, np.ndarray]:
    """A continuous margin per veto player, positive (> EPS) exactly when it lets the package through.

    Actor: ``u(x) - u(no deal)``.  Body that must ratify: the gain ``u_m(x) - u_m(r) + c_m`` of the weakest
    member in the smallest yes-coalition of the best-off members that meets the rule (a weighted order
    statistic); a body that need not ratify: ``+1``.  ``packages`` ``(d, k)`` -> ``{id: (d,)}``.
    """
    packages = np.atleast_2d(np.asarray(packages, dtype=float))
    out: dict[str, np.ndarray] = {}
    bodies = {b.id: b for b in c.bodies}
    u = actor_utilities(packages, c.positions, c.salience, c.span, c.shape)
    u_nd = no_deal_utility(c)
    for v in c.veto_players:
        if v in bodies:
            b = bodies[v]
            gain = _member_gain(c, b, packages)
            order = np.argsort(-gain, axis=-1, kind="stable")
            g_sorted = np.take_along_axis(gain, order, -1)
            w_sorted = b.weights[order]
            share = np.cumsum(w_sorted, -1) / b.weights.sum()
            ok = passes(share, b.rule, np.asarray(b.threshold))  # (d, m): coalition of the first j+1 passes
            first = np.where(ok.any(-1), ok.argmax(-1), -1)
            sl = np.where(
                first >= 0, np.take_along_axis(g_sorted, np.maximum(first, 0)[:, None], -1)[:, 0], -1.0
            )
            app = body_applies(b, packages, instruments, c.reversion, c.issue_ids)
            out[v] = np.where(app, sl, 1.0)
        else:
            out[v] = u[..., c.actor_index(v)] - u_nd[c.actor_index(v)]
    return out


@dataclass
class Zopa:
    """The zone of possible agreement: packages all veto players let through."""

    nonempty: bool
    exact: bool
    witness: dict[str, float] | None
    method: str
    samples: int
    seed: int
    accepts_nothing: list[str] = field(default_factory=list)  # veto players with no acceptable package found
    disjoint_pairs: list[tuple[str, str]] = field(default_factory=list)  # no package both accept found
    issue_gaps: list[dict[str, object]] = field(default_factory=list)  # deadlocked issues at the reference
    best_min_slack: float = 0.0
    blocking_at_best: list[str] = field(default_factory=list)
    slices: list[dict[str, object]] = field(default_factory=list)  # exact per-issue ZOPA, others at reference

    @property
    def verdict(self) -> str:
        if self.nonempty:
            terms = ", ".join(f"{k}={v:.4g}" for k, v in (self.witness or {}).items())
            return f"non-empty (witness {terms})"
        if self.exact:
            return "empty (exact)"
        return f"no witness found in {self.samples:,} samples + differential evolution (seed {self.seed})"

    def reasons(self) -> list[str]:
        out = []
        for v in self.accepts_nothing:
            out.append(f"{v} accepts no package at all (prefers no deal to everything found)")
        for a, b in self.disjoint_pairs:
            out.append(f"{a} and {b}: no package found that both let through")
        for g in self.issue_gaps:
            gap = float(g["gap"])  # type: ignore[arg-type]
            what = f"gap of {gap:.4g}" if gap > 0 else "acceptable ranges touch but do not overlap"
            out.append(f"issue {g['issue']}: {what} between {g['binding']} (others at the reference)")
        if not out and self.blocking_at_best:
            out.append(
                "every pair can agree, but not all at once; closest package found is blocked by "
                + ", ".join(self.blocking_at_best)
            )
        return out


def _search(
    c: Compiled, ids: Sequence[str], base: np.ndarray, instrument: str, seed: int, maxiter: int
) -> tuple[np.ndarray, float]:
    """Best package for ``min(slack of ids)``: best of ``base`` then differential evolution (Storn & Price
    1997) from a seeded population."""
    from scipy.optimize import differential_evolution

    def f(x: np.ndarray) -> np.ndarray:
        pk = np.atleast_2d(np.asarray(x, dtype=float))
        if pk.shape[-1] != len(c.lo):
            pk = pk.T
        sl = veto_slack(c, pk, instrument)
        return np.asarray(-np.min(np.stack([sl[v] for v in ids]), axis=0))

    vals = -f(base)
    j = int(np.argmax(vals))
    if vals[j] > EPS or maxiter <= 0:
        return base[j], float(vals[j])
    res = differential_evolution(
        f,
        list(zip(c.lo, c.hi, strict=True)),
        seed=seed,
        maxiter=maxiter,
        popsize=15,
        polish=False,
        vectorized=True,
        updating="deferred",
        x0=base[j],
        tol=0,
        atol=0,
    )
    if -res.fun > vals[j]:
        return np.asarray(res.x), float(-res.fun)
    return base[j], float(vals[j])


def zopa(
    c: Compiled,
    reference: np.ndarray | None = None,
    samples: int = 20_000,
    seed: int = 0,
    instrument: str = "treaty",
    maxiter: int = 60,
) -> Zopa:
    """Is there a package every veto actor prefers to no deal and every applicable body passes?

    Exact for one issue (the acceptance slice *is* the space).  Otherwise: evaluate the scenario's deals, the
    per-issue overlaps at ``reference``, every actor's and member's ideal point and ``samples`` uniform
    draws (seeded) in one batch; if none is accepted by all, maximise the smallest slack
    (:func:`veto_slack`) by differential evolution.  A witness proves non-emptiness; failing to find one is
    reported as such, with the reasons: veto players that accept nothing found, pairs of veto players with
    no common package found (the same search per pair) and the per-issue gaps of
    :func:`winset.deals.sticking_points`.
    """
    if c.batch_shape:
        raise ValueError("zopa works on one scenario draw")
    k = len(c.issue_ids)
    ref = np.asarray(c.reversion if reference is None else reference, dtype=float)
    sp = sticking_points(c, ref, instrument)
    gaps: list[dict[str, object]] = [
        {"issue": a.issue, "gap": a.gap, "binding": a.binding} for a in sp if a.kind == "deadlock"
    ]
    rng = np.random.default_rng(seed)
    cands = [c.deals.reshape(-1, k), c.positions.reshape(-1, k), ref[None, :]]
    for b in c.bodies:
        ideal = np.where(b.salience > 0, b.ideal, ref)
        cands.append(ideal)
    for a in sp:
        for lo_, hi_ in a.overlap:
            x = ref.copy()
            x[c.issue_index(a.issue)] = (lo_ + hi_) / 2
            cands.append(x[None, :])
    cands.append(rng.uniform(c.lo, c.hi, size=(samples, k)))
    base = np.clip(np.concatenate(cands), c.lo, c.hi)
    acc = veto_accepts(c, base, instrument)
    allok = np.ones(len(base), dtype=bool)
    for v in acc.values():
        allok &= v
    ids = list(c.veto_players)
    sl = veto_slack(c, base, instrument)
    mins = np.min(np.stack([sl[v] for v in ids]), 0) if ids else np.ones(len(base))
    nwit = None
    method = "batch sampling"
    if allok.any():  # the most robust witness: largest smallest slack among the accepted packages
        nwit = base[int(np.argmax(np.where(allok, mins, -np.inf)))]
    else:
        x, _ = _search(c, ids, base, instrument, seed, maxiter)
        method = "batch sampling + differential evolution"
        if all(bool(np.asarray(v)[0]) for v in veto_accepts(c, x[None, :], instrument).values()):
            nwit = x
    exact = k == 1
    if exact:
        method = "exact (one issue)"
    witness = None if nwit is None else dict(zip(c.issue_ids, map(float, nwit), strict=True))
    slices: list[dict[str, object]] = [
        {
            "issue": a.issue,
            "overlap": [list(o) for o in a.overlap],
            "kind": a.kind,
            "gap": a.gap,
            "binding": list(a.binding) if a.binding else None,
            "blocked_by": list(a.blocked_by),
        }
        for a in sorted(sp, key=lambda a: c.issue_index(a.issue))
    ]
    z = Zopa(
        nonempty=nwit is not None,
        exact=exact,
        witness=witness,
        method=method,
        samples=len(base),
        seed=seed,
        issue_gaps=gaps,
        slices=slices,
    )
    if nwit is not None:
        z.best_min_slack = (
            float(min(veto_slack(c, nwit[None, :], instrument)[v][0] for v in ids)) if ids else 1.0
        )
        return z
    j = int(np.argmax(mins))
    z.best_min_slack = float(mins[j])
    z.blocking_at_best = [v for v in ids if sl[v][j] <= EPS]
    alone: dict[str, bool] = {}
    for pid in ids:
        if (acc[pid]).any():
            alone[pid] = True
        else:
            _, s1 = _search(c, [pid], base, instrument, seed, maxiter)
            alone[pid] = s1 > EPS
    z.accepts_nothing = [pid for pid in ids if not alone[pid]]
    for p1, p2 in combinations([pid for pid in ids if alone[pid]], 2):
        if (acc[p1] & acc[p2]).any():
            continue
        _, s2 = _search(c, [p1, p2], base, instrument, seed, maxiter)
        if s2 <= EPS:
            z.disjoint_pairs.append((p1, p2))
    return z


def winset_report(
    sc: Scenario,
    reference: str = "reversion",
    instrument: str = "treaty",
    samples: int = 20_000,
    seed: int = 0,
) -> dict[str, Any]:
    """JSON-ready win-sets of every body (1-D exact, 2-D emptiness per declared space) and the ZOPA, around
    ``reference`` (``"reversion"`` or a deal id): what ``winset winsets --json`` prints and the web API returns."""
    from .scenario.compiled import compile_scenario

    c = compile_scenario(sc)
    ref = c.reversion if reference == "reversion" else c.deals[c.deal_ids.index(reference)]
    res: dict[str, Any] = {
        "scenario": sc.id,
        "reference": reference,
        "instrument": instrument,
        "one_d": [],
        "two_d": [],
        "zopa": {},
    }
    for b in c.bodies:
        for i in c.issue_ids:
            w = body_winset_1d(c, b, i, reference=ref, instrument=instrument)
            res["one_d"].append(
                {
                    "body": b.id,
                    "issue": i,
                    "rule": b.rule,
                    "threshold": w.threshold,
                    "reversion": w.reversion,
                    "winset": [iv.as_list() for iv in w.passes],
                    "lets_through": [iv.as_list() for iv in w.lets_through],
                    "text": " ∪ ".join(map(str, w.passes)) or "empty",
                    "text_through": " ∪ ".join(map(str, w.lets_through)) or "none",
                }
            )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for sp in sc.spaces:
            for b in c.bodies:
                v = winset_empty_2d(c, b, sp.issues, reference=ref)
                res["two_d"].append(
                    {
                        "space": sp.id,
                        "body": b.id,
                        "issues": list(v.issues),
                        "empty": v.empty,
                        "exact": v.exact,
                        "best_share": v.best_share,
                        "depth_share": v.depth_share,
                        "direction": v.direction,
                        "witness": v.witness,
                        "method": v.method,
                        "note": v.note,
                    }
                )
        z = zopa(c, reference=ref, samples=samples, seed=seed, instrument=instrument)
    res["zopa"] = {
        "nonempty": z.nonempty,
        "exact": z.exact,
        "verdict": z.verdict,
        "witness": z.witness,
        "method": z.method,
        "samples": z.samples,
        "seed": z.seed,
        "reasons": z.reasons(),
        "accepts_nothing": z.accepts_nothing,
        "disjoint_pairs": [list(p) for p in z.disjoint_pairs],
        "slices": z.slices,
    }
    return res
