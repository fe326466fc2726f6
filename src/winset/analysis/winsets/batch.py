"""Over the Monte Carlo batch and on grids: 2-D emptiness for every draw at once, and the plotting grid.

* :func:`winset_empty_2d_batch`: the local test of :mod:`winset.analysis.winsets.depth` (improving arcs at ``r`` and the
  arc sweep) with leading batch axes.
* **Grid for plots** (:func:`body_grid_2d`): a boolean grid of one body's win-set, for diagrams only (the
  report's win-set plane is built from it); the verdicts never use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from winset.analysis.winsets.depth import improving_arcs, max_arc_coverage_batch
from winset.ratify import actor_accepts, passes, vote
from winset.scenario.compiled import Compiled, CompiledBody
from winset.utility import normalised_weights


def winset_empty_2d_batch(
    c: Compiled, body: CompiledBody, issues: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Exact emptiness of ``body``'s win-set of ``r`` in the plane of ``issues`` for every Monte Carlo draw:
    ``(empty, best_share)``, each ``(*batch,)``.  Other issues are held at ``r``; raises ``ValueError`` when a
    member has a ``no_deal_cost``, its own no-deal point or a red line (not local: use :func:`winset_empty_2d` per
    draw).  The box restriction of
    :func:`winset_empty_2d` is not applied: with every ideal point inside the issue scales it never changes the
    answer (reflecting the outward part of an improving direction keeps it improving)."""
    if (np.asarray(body.no_deal_cost) != 0).any():
        raise ValueError(f"{body.id}: members with a no_deal_cost make the win-set non-local; no exact test")
    if body.reversion is not None or body.red_lines is not None:
        raise ValueError(
            f"{body.id}: members with their own no-deal point or red lines make the win-set non-local; "
            "use winset_empty_2d per draw"
        )
    ix, iy = (c.issue_index(i) for i in issues)
    sal = normalised_weights(body.salience)[..., [ix, iy]]
    rr = c.reversion[..., None, [ix, iy]]
    phi, h = improving_arcs(body.ideal[..., [ix, iy]], sal, body.shape, rr, c.span[[ix, iy]])
    best = max_arc_coverage_batch(phi, h, body.weights) / body.weights.sum(-1)
    ok = passes(best[..., None], body.rule, body.threshold)[..., 0]
    return ~ok, best


def plane_grid(
    c: Compiled, issues: Sequence[str], reference: np.ndarray | None = None, n: int = 101
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(xs, ys, packages)``: ``n`` evenly spaced values over each of the two issues' scales and the ``(n * n,
    k)`` packages of the grid (rows follow y, as ``numpy.meshgrid``), the other issues at ``reference``
    (default: the reversion point)."""
    ix, iy = (c.issue_index(i) for i in issues)
    ref = np.asarray(c.reversion if reference is None else reference, dtype=float)
    xs = np.linspace(c.lo[ix], c.hi[ix], n)
    ys = np.linspace(c.lo[iy], c.hi[iy], n)
    gx, gy = np.meshgrid(xs, ys)
    pk = np.repeat(ref[None, :], n * n, axis=0)
    pk[:, ix] = gx.ravel()
    pk[:, iy] = gy.ravel()
    return xs, ys, pk


def body_grid_2d(
    c: Compiled,
    body: CompiledBody,
    issues: Sequence[str],
    reference: np.ndarray | None = None,
    n: int = 101,
    instrument: str | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For plots only: ``(xs, ys, passes)`` with ``passes`` a ``(n, n)`` boolean grid (rows follow y) of where
    ``body`` passes a package (:func:`winset.ratify.vote`), the other issues at ``reference`` (default: the
    reversion point; grid of :func:`plane_grid`).  With an ``instrument``: where the body lets the package
    through, i.e. passes it or need not ratify it (its ``applies_when`` fails), as
    :func:`winset.ratify.veto_accepts`."""
    xs, ys, pk = plane_grid(c, issues, reference, n)
    if instrument is None:
        ok = vote(body, pk, c.reversion, c.span).passed
    else:
        vt = vote(body, pk, c.reversion, c.span, instrument, c.issue_ids)
        ok = ~vt.applies | vt.passed
    return xs, ys, np.asarray(ok).reshape(n, n)


@dataclass(frozen=True, eq=False)
class WinsetGrid:
    """Acceptance of every veto player on a regular grid over a plane of two issues, the other issues held at
    ``reference`` (:func:`winset_grid`)."""

    issues: tuple[str, str]
    xs: np.ndarray  # (gx,) values of the first issue
    ys: np.ndarray  # (gy,) values of the second issue
    accepts: dict[str, np.ndarray]  # veto player -> (gy, gx) bool
    reference: np.ndarray  # (k,) package the other issues are held at
    instrument: str

    @property
    def all_accept(self) -> np.ndarray:
        """``(gy, gx)``: the win-set, packages every veto player accepts."""
        out = np.ones((len(self.ys), len(self.xs)), dtype=bool)
        for a in self.accepts.values():
            out &= a
        return out

    @property
    def share(self) -> float:
        """Share of the plane inside the win-set."""
        return float(self.all_accept.mean())


def winset_grid(
    c: Compiled,
    issues: tuple[str, str] | list[str],
    reference: np.ndarray,
    instrument: str = "treaty",
    n: int = 101,
) -> WinsetGrid:
    """Acceptance of every veto player on an ``n x n`` grid over two issues (unbatched scenarios)."""
    if c.batch_shape:
        raise ValueError("winset_grid works on one scenario draw")
    ref = np.asarray(reference, dtype=float)
    xs, ys, pk = plane_grid(c, issues, ref, n)  # (n * n, k): rows follow y
    bodies = {b.id: b for b in c.bodies}
    accepts: dict[str, np.ndarray] = {}
    actors: np.ndarray | None = None
    for v in c.veto_players:
        if v in bodies:
            accepts[v] = body_grid_2d(c, bodies[v], issues, ref, n, instrument)[2]
        else:
            if actors is None:
                actors = actor_accepts(c, pk).reshape(n, n, -1)
            accepts[v] = actors[..., c.actor_index(v)]
    return WinsetGrid(
        issues=(issues[0], issues[1]),
        xs=xs,
        ys=ys,
        accepts=accepts,
        reference=ref,
        instrument=instrument,
    )
