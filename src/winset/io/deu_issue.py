"""One issue of a DEU data set with its observed outcome (read by :mod:`winset.io.deu`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class IssueData:
    id: str
    actors: tuple[str, ...]
    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    outcome: float
    reversion: float | None
    lo: float
    hi: float
    proposal: str = ""
    """Proposal id (DEU ``prnr``); in the long layout each issue is its own proposal."""
    procedure: str = ""
    """``COD`` (co-decision) or ``CNS`` (consultation); empty when not recorded."""
    rule: str = ""
    """Council rule: ``QMV`` or ``Unan``; empty when not recorded."""
    date: dt.date | None = None
    """Introduction date of the proposal."""
