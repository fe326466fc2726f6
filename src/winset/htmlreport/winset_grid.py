"""The 2-D win-set: which packages on a plane of two issues every veto player would let through.

The other issues are held at a reference package; every point of the regular grid of
:func:`winset.analysis.winsets.plane_grid` over the two issues' scales is evaluated in one vectorised call per veto player:
actors compare the package with no deal (:func:`winset.ratify.actor_accepts`), bodies vote when their
``applies_when`` condition holds (:func:`winset.analysis.winsets.body_grid_2d`), as :func:`winset.ratify.veto_accepts`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from winset.analysis.winsets import body_grid_2d, plane_grid
from winset.ratify import actor_accepts
from winset.scenario.compiled import Compiled


@dataclass(frozen=True)
class WinsetGrid:
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
