"""A party's red lines as the charts draw them: for one issue, the terms each red line rules out.

Red lines are the ``red_lines`` field of an actor or a bloc (:class:`winset.scenario.schema.RedLine`): one bound
``{issue, op, value}``, or bounds in ``any_of``/``all_of``.  A bound inside ``any_of`` is drawn with that note:
the deal may break it if it keeps another of the alternatives.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from winset.scenario.schema import Bound, RedLine
from winset.vocabulary import BOUND_SYMBOLS


@dataclass(frozen=True)
class ChartRedLine:
    issue: str
    op: str
    value: float
    alternative: bool
    """Part of an ``any_of``: one alternative among others."""

    def forbidden(self, lo: float, hi: float) -> tuple[float, float]:
        """The terms on ``[lo, hi]`` this bound rules out."""
        return (lo, self.value) if self.op in ("ge", "gt") else (self.value, hi)

    @property
    def text(self) -> str:
        note = " (one of several alternatives)" if self.alternative else ""
        return f"{self.issue} {BOUND_SYMBOLS[self.op]} {self.value:g}{note}"


def _bounds(rl: RedLine) -> Iterator[tuple[Bound | RedLine, bool]]:
    if rl.any_of is not None:
        yield from ((b, True) for b in rl.any_of)
    elif rl.all_of is not None:
        yield from ((b, False) for b in rl.all_of)
    else:
        yield rl, False


def red_lines_on(red_lines: Sequence[RedLine], issue: str) -> list[ChartRedLine]:
    """The bounds of a party's ``red_lines`` that fall on ``issue``."""
    out = []
    for rl in red_lines:
        for b, alt in _bounds(rl):
            if b.issue == issue and b.op is not None and b.value is not None:
                out.append(ChartRedLine(issue, b.op, float(b.value.value), alt))
    return out
