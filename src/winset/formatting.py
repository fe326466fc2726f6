"""Text formatting shared by the presenters (CLI tables, HTML report, web pages): one definition of each label.

Nothing here computes an analysis; these functions only turn numbers into the words and strings a reader sees.
A point on an issue scale is always shown with :func:`fmt_on_scale` (the scale's precision, defined once in
:mod:`winset.scenario.domains`), so no presenter prints floating-point dust such as ``3.553e-15`` for 0.

>>> fmt_share(2 / 3)
'2/3'
>>> probability_label(0.0, 0.0, 1000)
'0 of 1,000 (< 0.3%)'
>>> fmt_interval(3.552713678800501e-15, 42.0, 0, 100)
'[0, 42]'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from winset.scenario.domains import text_on_scale

fmt_on_scale = text_on_scale
"""``fmt_on_scale(x, lo, hi)``: a point of the issue scale ``[lo, hi]`` at the scale's precision, without trailing
zeros (``55.83``, ``1999``, ``0`` for ``3.553e-15``).  Every presenter shows scale values with it."""


def fmt_interval(a: float, b: float, lo: float, hi: float, closed: tuple[bool, bool] = (True, True)) -> str:
    """The interval ``[a, b]`` of the scale ``[lo, hi]`` (a point when both ends show the same)."""
    ta, tb = fmt_on_scale(a, lo, hi), fmt_on_scale(b, lo, hi)
    if ta == tb:
        return f"{{{ta}}}" if closed != (True, True) else ta
    return f"{'[' if closed[0] else '('}{ta}, {tb}{']' if closed[1] else ')'}"


def fmt_change(delta: float, lo: float, hi: float) -> str:
    """A signed change on the scale ``[lo, hi]`` (``+12.33``, ``-0.5``); ``0`` when it rounds to nothing."""
    t = fmt_on_scale(abs(delta), lo, hi)
    return t if t == "0" else ("+" if delta > 0 else "-") + t


def fmt_share(q: float) -> str:
    """A quota as a simple fraction when it is one (2/3, 3/5), else to three digits."""
    f = Fraction(q).limit_denominator(12)
    return f"{f.numerator}/{f.denominator}" if abs(float(f) - q) < 1e-12 and f.denominator > 1 else f"{q:.3g}"


def probability_label(p: float, se: float, draws: int) -> str:
    """A probability with its 95% Monte Carlo interval; 0 or 1 as a 95% bound by the rule of three (no draw went
    the other way: the probability is below 3/draws, resp. above 1 - 3/draws)."""
    if p == 0.0:
        return f"0 of {draws:,} (< {300 / draws:.2g}%)"
    if p == 1.0:
        gap = 300 / draws  # percentage points below 100
        places = max(0, -math.floor(math.log10(gap))) if gap < 1 else 0
        return f"all {draws:,} (> {100 - gap:.{places}f}%)"  # enough places that the bound stays below 100
    return f"{p:.1%} ± {1.96 * se:.1%}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """``1 deal``, ``2 deals``, ``1,000 draws`` (``words``: an irregular plural)."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def shorten(text: str, width: int) -> str:
    """``text`` cut between words to at most ``width`` characters, with ``…`` when anything was cut."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def _pct(x: Any) -> str:
    return f"{float(x):.0%}"


def _num(x: Any, nd: int = 1) -> str:
    return f"{float(x):.{nd}f}"


def _extract(key: Any, mapping: Mapping[Any, Any]) -> Any:
    return mapping.get(key, key)


def _on_scale(x: Any, scale: Any) -> str:
    """Jinja: ``{{ value | on_scale(issue.scale) }}``."""
    return fmt_on_scale(float(x), float(scale.min), float(scale.max))


JINJA_FILTERS: dict[str, Callable[..., Any]] = {
    "pct": _pct,
    "num": _num,
    "extract": _extract,
    "on_scale": _on_scale,
}
"""Filters registered in every Jinja environment of winset (the web app's and the report's)."""
