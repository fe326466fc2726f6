"""Forecasting models: each maps a compiled scenario's arrays to a predicted outcome per issue."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from winset.models.compromise import compromise, weighted_median

if TYPE_CHECKING:
    from winset.scenario.compiled import Compiled


def forecasts(c: Compiled) -> dict[str, np.ndarray]:
    """Point forecasts of every one-shot model available for this scenario (arrays ``(*batch, k)``)."""
    from winset.models.bdm import run as bdm_run

    return {
        "compromise": compromise(c.positions, c.salience, c.capability),
        "weighted_median": weighted_median(c.positions, c.salience, c.capability),
        # Bueno de Mesquita (Scholz et al. 2011 reading, default options): the median after the last round
        "bdm": bdm_run(c).forecast[..., -1, :],
    }


__all__ = ["compromise", "forecasts", "weighted_median"]
