"""Forecasting models: each maps a compiled scenario's arrays to a predicted outcome per issue."""

from .compromise import compromise, weighted_median

__all__ = ["compromise", "weighted_median"]
