"""Is a body's win-set of ``r`` empty in the plane of two issues?  The verdict for one scenario draw.

The local test (other issues at ``r``, no ``no_deal_cost``) is the Tukey depth / arc sweep of
:mod:`winset.analysis.winsets.depth`; otherwise the region enumeration of :mod:`winset.analysis.winsets.regions`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from winset.analysis.winsets.depth import feasible_arc, improving_arcs, max_arc_coverage, tukey_depth
from winset.analysis.winsets.regions import region_winset_2d
from winset.ratify import passes
from winset.scenario.compiled import Compiled, CompiledBody
from winset.utility import normalised_weights


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
      test, Tukey depth of ``r`` / arc sweep of improving directions at ``r`` (see :mod:`winset.analysis.winsets.depth`).
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
    local = (
        bool(np.allclose(ref[others], r[others], rtol=0, atol=0))
        and not bool((np.asarray(body.no_deal_cost)[w > 0] != 0).any())
        and body.reversion is None
        and body.red_lines is None
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
    if body.red_lines is not None:
        return _with_red_lines(c, body, (ix, iy), ref, names)
    rs = region_winset_2d(c, body, names, ref)
    ok = bool(passes(np.array([rs.best_share]), body.rule, np.asarray(thr))[0])
    kind = "ellipses" if body.shape == 2.0 else "rhombi (city-block)"
    why = (
        []
        if local
        else [
            "other issues away from r" if not np.array_equal(ref[others], r[others]) else "",
            "members with a no-deal cost" if (np.asarray(body.no_deal_cost)[w > 0] != 0).any() else "",
            "members with their own no-deal point" if body.reversion is not None else "",
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


def _with_red_lines(
    c: Compiled, body: CompiledBody, ij: tuple[int, int], ref: np.ndarray, names: tuple[str, str]
) -> Verdict2D:
    """Members with red lines: the red-line bounds on the two issues cut the box into cells, inside each of which
    every member keeps or breaks its red lines throughout (tested at the cell's centre, the other issues at
    ``ref``); the region enumeration runs on each cell with the breaking members left out.  A win-set point on a
    cell edge extends into a neighbouring cell unless, on that edge, one bound asks ``≥ v`` and another ``≤ v``
    (a win-set only on that line): then the verdict "empty" is flagged as not exact."""
    ix, iy = ij
    rl = body.red_lines
    assert rl is not None
    thr = float(body.threshold)
    cuts = []
    for k in (ix, iy):
        vals = np.ravel(rl.bounds_on(k))
        cuts.append(np.unique(np.clip(np.concatenate([[c.lo[k], c.hi[k]], vals]), c.lo[k], c.hi[k])))
    ge = {
        (int(k), float(v))
        for k, v, s, st in zip(rl.issue, rl.value, rl.sign, rl.strict, strict=True)
        if s > 0 and not st
    }
    le = {
        (int(k), float(v))
        for k, v, s, st in zip(rl.issue, rl.value, rl.sign, rl.strict, strict=True)
        if s < 0 and not st
    }
    degenerate = sorted(x for x in ge & le if x[0] in (ix, iy))
    best, witness, candidates, unresolved, cells = 0.0, None, 0, 0, 0
    for x0, x1 in zip(cuts[0][:-1], cuts[0][1:], strict=True):
        for y0, y1 in zip(cuts[1][:-1], cuts[1][1:], strict=True):
            centre = ref.copy()
            centre[ix], centre[iy] = (x0 + x1) / 2, (y0 + y1) / 2
            out = ~rl.keeps(centre[None, :])[0]
            rs = region_winset_2d(c, body, names, ref, (np.array([x0, y0]), np.array([x1, y1])), out)
            cells += 1
            candidates += rs.candidates
            unresolved += rs.unresolved
            if rs.best_share > best:
                best, witness = rs.best_share, rs.witness
    ok = bool(passes(np.array([best]), body.rule, np.asarray(thr))[0])
    note = (
        f"red lines cut the plane into {cells} cells; exact vertex enumeration in each ({candidates} candidate "
        "points), the members whose red lines fail in a cell left out, witness checked with ratify.vote"
    )
    exact = ok or (unresolved == 0 and not degenerate)
    if degenerate and not ok:
        lines = ", ".join(f"{c.issue_ids[k]} = {v:g}" for k, v in degenerate)
        note += f"; the lines {lines} (a bound ≥ and a bound ≤ there) are not searched: 'empty' not proven"
    kind = "ellipses" if body.shape == 2.0 else "rhombi (city-block)"
    return Verdict2D(
        body=body.id,
        issues=names,
        rule=body.rule,
        threshold=thr,
        empty=not ok,
        exact=exact,
        best_share=best,
        depth_share=None,
        direction=None,
        method=f"exact vertex enumeration over the members' preferred {kind}, cell by cell of the red lines",
        note=note,
        witness=None if witness is None or not ok else (float(witness[0]), float(witness[1])),
    )


def _common_ratio(sal: np.ndarray) -> bool:
    nz = sal.sum(-1) > 0
    if not nz.any():
        return True
    s = sal[nz] / sal[nz].sum(-1, keepdims=True)
    return bool(np.allclose(s, s[0]))
