"""The 2-D win-set: which packages on a plane of two issues every veto player would let through.

The other issues are held at a reference package; every point of a regular grid over the two issues' scales
is evaluated in one vectorised call of :func:`winset.ratify.veto_accepts` (actors compare the package with
no deal; bodies vote when their ``applies_when`` condition holds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ratify import veto_accepts
from ..scenario.compiled import Compiled


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
    ix, iy = (c.issue_index(i) for i in issues)
    xs = np.linspace(c.lo[ix], c.hi[ix], n)
    ys = np.linspace(c.lo[iy], c.hi[iy], n)
    gx, gy = np.meshgrid(xs, ys)  # (n, n): rows follow y
    pk = np.repeat(np.asarray(reference, dtype=float)[None, :], n * n, axis=0)
    pk[:, ix] = gx.ravel()
    pk[:, iy] = gy.ravel()
    acc = veto_accepts(c, pk, instrument)
    return WinsetGrid(
        issues=(issues[0], issues[1]),
        xs=xs,
        ys=ys,
        accepts={v: a.reshape(n, n) for v, a in acc.items()},
        reference=np.asarray(reference, dtype=float),
        instrument=instrument,
    )
