"""A party's red lines as the charts draw them: for one issue, the terms each red line rules out.

Red lines are the ``red_lines`` field of an actor or a bloc (issue 14): conditions ``{issue, op, value}`` with
``op`` one of ge, gt, le, lt, nested in ``any_of``/``all_of``.  Scenarios (and versions of winset) without the
field have none, so everything here reads it defensively.  A condition inside ``any_of`` is drawn with that
note: the deal may break it if it keeps another of the alternatives.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

OP_TEXT = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<"}


def _get(x: Any, name: str) -> Any:
    return x.get(name) if isinstance(x, dict) else getattr(x, name, None)


def _number(v: Any) -> float | None:
    v = _get(v, "value") if not isinstance(v, int | float) else v
    try:
        return float(v) if v is not None else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class RedLine:
    issue: str
    op: str
    value: float
    alternative: bool
    """Part of an ``any_of``: one alternative among others."""

    def forbidden(self, lo: float, hi: float) -> tuple[float, float]:
        """The terms on ``[lo, hi]`` this condition rules out."""
        return (lo, self.value) if self.op in ("ge", "gt") else (self.value, hi)

    @property
    def text(self) -> str:
        note = " (one of several alternatives)" if self.alternative else ""
        return f"{self.issue} {OP_TEXT.get(self.op, self.op)} {self.value:g}{note}"


def _walk(cond: Any, alternative: bool) -> Iterator[RedLine]:
    for key, alt in (("any_of", True), ("all_of", alternative)):
        inner = _get(cond, key)
        if inner:
            for c in inner:
                yield from _walk(c, alt)
    issue, op, value = _get(cond, "issue"), _get(cond, "op"), _number(_get(cond, "value"))
    if issue is not None and op in OP_TEXT and value is not None:
        yield RedLine(str(issue), str(op), value, alternative)


def red_lines_on(owner: Any, issue: str) -> list[RedLine]:
    """The red lines of ``owner`` (an actor or a bloc) on ``issue``; none when the scenario has no red lines."""
    lines = _get(owner, "red_lines") or []
    return [r for c in lines for r in _walk(c, False) if r.issue == issue]
