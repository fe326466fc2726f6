"""Text formatting shared by the presenters (CLI tables, HTML report, web pages): one definition of each label.

Nothing here computes an analysis; these functions only turn numbers into the words and strings a reader sees.

>>> fmt_share(2 / 3)
'2/3'
>>> probability_label(0.0, 0.0, 1000)
'0 of 1,000 (< 0.3%)'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any


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


def _pct(x: Any) -> str:
    return f"{float(x):.0%}"


def _num(x: Any, nd: int = 1) -> str:
    return f"{float(x):.{nd}f}"


def _extract(key: Any, mapping: Mapping[Any, Any]) -> Any:
    return mapping.get(key, key)


JINJA_FILTERS: dict[str, Callable[..., Any]] = {"pct": _pct, "num": _num, "extract": _extract}
"""Filters registered in every Jinja environment of winset (the web app's and the report's)."""
