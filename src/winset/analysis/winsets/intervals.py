"""1-D win-sets, exact: intervals of one issue and the order-statistics sweep.

Along one issue (the other issues held at a reference package) member ``m`` accepts the open interval
``(p_m - rho_m, p_m + rho_m)`` with the radius of :func:`winset.analysis.deals.acceptance_radius`; when the member has no
no-deal cost and the other issues lose as much at the reference as at ``r``, the ends are set to exactly ``r``
and its mirror ``2 p_m - r`` (``p +- rho`` rounds the end at ``r`` off by an ulp and made slivers next to
``r``).  The win-set is where the weight of covering intervals meets the rule; a sweep over the sorted interval
ends (the order statistics of the ideal points shifted by the radii) finds it in ``O(m log m)``.  For Euclidean
preferences, no costs and ``r`` on the line this is the classic result that the majority win-set of ``r`` is
empty iff ``r`` is the weighted median (Black 1948), and the q-quota win-set is empty iff ``r`` lies between
the ``1-q`` and ``q`` order statistics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from winset.analysis.deals import acceptance_radius
from winset.analysis.winsets.gains import _yes_share
from winset.ratify import body_applies, passes
from winset.scenario.compiled import Compiled, CompiledBody
from winset.scenario.domains import text_on_scale


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
        return self.text(-np.inf, np.inf)

    def text(self, lo: float, hi: float) -> str:
        """The interval as text, its ends at the precision of the issue scale ``[lo, hi]``."""
        a, b = text_on_scale(self.lo, lo, hi), text_on_scale(self.hi, lo, hi)
        if self.lo == self.hi:
            return f"{{{a}}}"
        return f"{'[' if self.lo_closed else '('}{a}, {b}{']' if self.hi_closed else ')'}"

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

    Consistent with :func:`winset.ratify.vote`: radius of :func:`winset.analysis.deals.acceptance_radius` (budget
    ``L_m(r_m) + c_m - sum_{j != k} w_mj d_mj^e``, ``r_m`` the member's own no-deal point); ``nan`` when the member
    accepts no value, ``+-inf`` when it does not care about the issue and accepts the rest.  Red lines are not
    in these intervals (:func:`body_winset_1d` adds them).
    """
    own = body.member_reversion(reversion)  # each member's own no-deal point (the shared one by default)
    rad = acceptance_radius(
        body.ideal, body.salience, body.shape, reference, own, span, issue, body.no_deal_cost
    )
    p = body.ideal[..., issue]
    a, b = p - rad, p + rad
    # Exact ends at r.  A member with no no-deal cost whose other issues contribute the same loss at the
    # reference as at r (reference = r there, or no salience there) has budget w_k |r_k - p_k|^e exactly, so
    # (loss symmetric around p) it accepts the open interval between r and its mirror 2 p - r.  Computing
    # ``p +- rad`` instead rounds the end at r to r +- 1 ulp, and the sweep then reports a spurious sliver
    # (r - ulp, r) or (r, r + ulp) of "passing" weight next to r.
    ref = np.asarray(reference, dtype=float)
    rev = np.broadcast_to(np.asarray(own, dtype=float), np.shape(body.ideal))  # (*batch, m, k)
    others = np.arange(ref.shape[-1]) != issue
    sal = np.asarray(body.salience, dtype=float)
    same_elsewhere = ((sal[..., others] <= 0) | (ref[..., None, others] == rev[..., others])).all(-1)
    # only without a no-deal cost: a negative one (no deal better than it looks) shrinks the budget below
    # w_k |r_k - p_k|^e, so the ends are no longer r and its mirror
    local = same_elsewhere & (np.asarray(body.no_deal_cost, dtype=float) == 0) & np.isfinite(rad)
    rk = rev[..., issue]
    mirror = 2.0 * p - rk
    a = np.where(local, np.minimum(rk, mirror), a)
    b = np.where(local, np.maximum(rk, mirror), b)
    return a, b


def _winset_with_red_lines(
    c: Compiled, body: CompiledBody, k: int, ref: np.ndarray, a: np.ndarray, b: np.ndarray
) -> list[Interval]:
    """The general path when members have red lines: each member's yes-set along the issue is its open interval
    ``(a_m, b_m)`` cut by its red lines (closed or open ends, unions for ``any_of``), so the vote is constant
    between the interval ends and the red-line bounds on this issue; the vote itself
    (:func:`winset.ratify.vote`'s rule) at every breakpoint and every gap between two gives the exact win-set."""
    lo, hi = float(c.lo[k]), float(c.hi[k])
    assert body.red_lines is not None
    bps = [lo, hi, *np.ravel(body.red_lines.bounds_on(k))]
    bps += [x for x in np.concatenate([a, b]) if np.isfinite(x)]
    bp = np.unique(np.clip(np.asarray(bps, dtype=float), lo, hi))
    if len(bp) < 2:
        return []
    mids = (bp[:-1] + bp[1:]) / 2

    def ok(xs: np.ndarray) -> np.ndarray:
        pk = np.repeat(ref[None, :], len(xs), axis=0)
        pk[:, k] = xs
        return np.asarray(passes(_yes_share(c, body, pk), body.rule, np.asarray(float(body.threshold))))

    return _runs_exact(bp, ok(bp), ok(mids))


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
    if body.red_lines is None:
        win = quota_winset_1d(a, b, body.weights, body.rule, thr, lo, hi)
    else:
        win = _winset_with_red_lines(c, body, k, ref, a, b)
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
    bps += [value for _, op, value in body.conditions if op != "changed"]
    bp = np.unique(np.clip(np.asarray(bps, dtype=float), lo, hi))
    mids = (bp[:-1] + bp[1:]) / 2

    def lets(xs: np.ndarray) -> np.ndarray:
        pk = np.repeat(ref[None, :], len(xs), axis=0)
        pk[:, k] = xs
        app = body_applies(body, pk, instrument, c.reversion)
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
