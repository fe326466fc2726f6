"""The ensemble forecast: a convex combination of models with an 80 % prediction interval.

Its parameters (``ensemble.json`` beside this module) are fitted on the development half of DEU III only, by
:func:`winset.studies.ensemble.fit` (the file records the command, the data's sha256 and the date): the
weights minimise the absolute error (least absolute deviations under ``w >= 0, sum w = 1``), the costs of no
agreement of ``nash_eu`` and ``procedural`` are chosen by cross-validation by proposal, and the interval's
half-width is the split-conformal 80 % quantile of the out-of-fold absolute errors (as a share of the
scale; Vovk, Gammerman & Shafer 2005, *Algorithmic Learning in a Random World*; Lei et al. 2018, *JASA*
113(523)).  A component that does not apply to an issue (``procedural`` without the EU's institutions or a
reference point, ``nash_eu`` without a reference point) is replaced by the compromise forecast.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

PARAMS = Path(__file__).with_name("ensemble.json")
COMPONENTS = ("compromise", "weighted_median", "nash_eu", "procedural", "exchange")


@cache
def params() -> dict[str, Any]:
    """The shipped parameters (weights, costs, interval half-width, provenance)."""
    data: dict[str, Any] = json.loads(PARAMS.read_text(encoding="utf-8"))
    return data


def features(forecasts: dict[str, np.ndarray], components: tuple[str, ...] = COMPONENTS) -> np.ndarray:
    """``(..., n_components)``: each component's forecast, the compromise where a component is nan."""
    base = forecasts["compromise"]
    cols = [np.where(np.isnan(forecasts[c]), base, forecasts[c]) for c in components]
    return np.stack(cols, axis=-1)


def combine(
    forecasts: dict[str, np.ndarray],
    lo: np.ndarray,
    hi: np.ndarray,
    weights: dict[str, float],
    half_width: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(point, low, high)``: the weighted combination and its interval ``point ± half_width × span``,
    clipped to the scale."""
    comps = tuple(weights)
    f = features(forecasts, comps)
    point = f @ np.array([weights[c] for c in comps])
    span = np.asarray(hi, float) - np.asarray(lo, float)
    low = np.clip(point - half_width * span, lo, hi)
    high = np.clip(point + half_width * span, lo, hi)
    return point, low, high
