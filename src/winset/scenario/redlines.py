"""Red lines in array form: which packages break which party's red lines, on a batch axis.

A red line (:class:`winset.scenario.schema.RedLine`) is one bound on an issue (``control ge 45``), or a
combination of bounds (``any_of``: at least one holds; ``all_of``: every one holds).  A party (an actor, or a
member or bloc of a body) accepts a package only if it keeps every one of its red lines, whatever else the
package offers.  :class:`RedLines` holds the red lines of ``p`` parties: the bounds of one red line are
contiguous, so each test is a comparison on ``(*batch, d, A)`` followed by a segmented reduction
(``numpy.ufunc.reduceat``) to the red lines and a sum to the parties, with no loop over parties or draws.

A bound holds within the tie tolerance ``EPS`` of :mod:`winset.ratify`: ``ge v`` holds for ``x >= v - EPS``,
``gt v`` for ``x > v + EPS`` (and ``le``, ``lt`` alike), so a package exactly on a ``ge`` bound keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from winset.scenario.schema import Quantity, RedLine

EPS = 1e-12
"""Tolerance of a bound (the tie tolerance of :mod:`winset.ratify`)."""


@dataclass(frozen=True)
class RedLines:
    """The red lines of ``n_parties`` parties; ``L`` red lines made of ``A`` bounds in all."""

    n_parties: int
    party: np.ndarray  # (L,) int: whose red line
    any_of: np.ndarray  # (L,) bool: at least one bound must hold (else: every bound)
    labels: tuple[str, ...]  # (L,) "control ≥ 45"
    start: np.ndarray  # (L,) int: index of the red line's first bound (bounds of a line are contiguous)
    issue: np.ndarray  # (A,) int: issue index of each bound
    sign: np.ndarray  # (A,) +1 for ge/gt (the term must be high enough), -1 for le/lt
    strict: np.ndarray  # (A,) bool: gt/lt
    value: np.ndarray  # (*batch, A) the bounds, on the issue scales

    @property
    def empty(self) -> bool:
        return len(self.party) == 0

    def of_party(self, i: int) -> list[int]:
        """Indices of party ``i``'s red lines."""
        return [int(j) for j in np.flatnonzero(self.party == i)]

    def bounds_on(self, issue: int) -> np.ndarray:
        """The values ``(*batch, a)`` of every bound on ``issue`` (breakpoints of acceptance along it)."""
        return np.asarray(self.value[..., self.issue == issue])

    def margin(self, packages: np.ndarray) -> np.ndarray:
        """Signed distance of each package inside each bound, ``(*batch, d, A)`` (scale units)."""
        x = np.asarray(packages, dtype=float)[..., self.issue]
        return np.asarray(self.sign * (x - self.value[..., None, :]))

    def broken(self, packages: np.ndarray) -> np.ndarray:
        """``(*batch, d, L)``: True where a package breaks a red line."""
        packages = np.asarray(packages, dtype=float)
        if self.empty:
            return np.zeros(packages.shape[:-1] + (0,), dtype=bool)
        s = self.margin(packages)
        holds = np.where(self.strict, s > EPS, s >= -EPS)
        some = np.logical_or.reduceat(holds, self.start, axis=-1)
        every = np.logical_and.reduceat(holds, self.start, axis=-1)
        return np.asarray(~np.where(self.any_of, some, every))

    def keeps(self, packages: np.ndarray) -> np.ndarray:
        """``(*batch, d, n_parties)``: True where a package keeps every red line of the party."""
        packages = np.asarray(packages, dtype=float)
        out_shape = packages.shape[:-1] + (self.n_parties,)
        if self.empty:
            return np.ones(out_shape, dtype=bool)
        count = self.broken(packages).astype(float) @ self._incidence
        return np.asarray(count == 0)

    def violation(self, packages: np.ndarray, span: np.ndarray) -> np.ndarray:
        """How far each package lies beyond each party's red lines, ``(*batch, d, n_parties)`` (share of the issue
        span, summed over the broken red lines; 0 when the party's red lines all hold).  A continuous margin for
        searches; :meth:`keeps` is the verdict."""
        packages = np.asarray(packages, dtype=float)
        if self.empty:
            return np.zeros(packages.shape[:-1] + (self.n_parties,))
        over = np.maximum(-self.margin(packages), 0.0) / np.asarray(span, dtype=float)[self.issue]
        worst = np.maximum.reduceat(over, self.start, axis=-1)
        least = np.minimum.reduceat(over, self.start, axis=-1)
        line = np.where(self.broken(packages), np.where(self.any_of, least, worst), 0.0)
        return np.asarray(line @ self._incidence)

    def reasons(self, package: np.ndarray, i: int) -> list[str]:
        """Labels of the red lines of party ``i`` that one unbatched ``package`` ``(k,)`` breaks."""
        if self.empty:
            return []
        br = self.broken(np.asarray(package, dtype=float)[None, :])[0]
        return [self.labels[j] for j in self.of_party(i) if br[j]]

    def draw(self, j: int) -> RedLines:
        """Draw ``j`` of a one-dimensional batch."""
        v = self.value[j] if self.value.ndim > 1 else self.value
        return replace(self, value=v)

    @property
    def _incidence(self) -> np.ndarray:
        inc = np.zeros((len(self.party), self.n_parties))
        inc[np.arange(len(self.party)), self.party] = 1.0
        return inc


ValueAt = Callable[[Quantity, tuple[str | int, ...]], "float | np.ndarray"]


def compile_red_lines(
    parties: Sequence[tuple[tuple[str | int, ...], Sequence[RedLine]]],
    issue_ids: Sequence[str],
    value_of: ValueAt,
    batch: tuple[int, ...],
) -> RedLines:
    """The red lines of each party in ``parties`` (``(path of the party, its red lines)``) as arrays.

    The bound of red line ``j`` of the party at ``path`` is read at ``path + ("red_lines", j, "value", issue)``
    (``any_of``/``all_of``: ``path + ("red_lines", j, "any_of", i, "value", issue)``), the paths of
    :func:`winset.scenario.domains.kind_of`, so a sweep draws uncertain bounds like any other number.
    """
    party: list[int] = []
    any_of: list[bool] = []
    labels: list[str] = []
    start: list[int] = []
    issue: list[int] = []
    sign: list[float] = []
    strict: list[bool] = []
    values: list[np.ndarray] = []
    for p, (path, lines) in enumerate(parties):
        for j, rl in enumerate(lines):
            party.append(p)
            any_of.append(rl.combine == "any")
            labels.append(rl.label)
            start.append(len(issue))
            form = "any_of" if rl.any_of is not None else "all_of" if rl.all_of is not None else None
            for i, b in enumerate(rl.bounds):
                issue.append(list(issue_ids).index(b.issue))
                sign.append(1.0 if b.op in ("ge", "gt") else -1.0)
                strict.append(b.op in ("gt", "lt"))
                at = path + ("red_lines", j) + ((form, i) if form else ()) + ("value", b.issue)
                values.append(np.broadcast_to(np.asarray(value_of(b.value, at), dtype=float), batch))
    value = np.stack(values, axis=-1) if values else np.zeros(batch + (0,))
    return RedLines(
        n_parties=len(parties),
        party=np.asarray(party, dtype=int),
        any_of=np.asarray(any_of, dtype=bool),
        labels=tuple(labels),
        start=np.asarray(start, dtype=int),
        issue=np.asarray(issue, dtype=int),
        sign=np.asarray(sign, dtype=float),
        strict=np.asarray(strict, dtype=bool),
        value=value,
    )


def keeps(rl: RedLines | None, packages: np.ndarray, n_parties: int) -> np.ndarray:
    """:meth:`RedLines.keeps`, all True when there are no red lines: ``(*batch, d, n_parties)``."""
    if rl is None or rl.empty:
        return np.ones(np.shape(packages)[:-1] + (n_parties,), dtype=bool)
    return rl.keeps(packages)
