"""Read position trajectories from :mod:`winset.models.bdm` for the report's "Bargaining dynamics" section.

The BDM module is written separately; this adapter accepts the shapes such a model naturally returns and
gives ``None`` (the section is left out) for anything it does not recognise, so the report never breaks on it:

* a callable ``simulate`` / ``run`` / ``run_bdm`` / ``bdm`` / ``trajectory`` taking a compiled scenario (or
  the scenario itself);
* returning an array ``(rounds, n_actors, n_issues)``, or an object / mapping with such an array under
  ``positions`` / ``history`` / ``trajectory`` / ``trajectories``, and optionally a per-round forecast
  ``(rounds, n_issues)`` under ``forecast`` / ``outcome`` / ``outcomes``.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

from ..scenario.compiled import compile_scenario
from ..scenario.schema import Scenario

ENTRY_POINTS = ("simulate", "run", "run_bdm", "bdm", "trajectory")
POSITION_KEYS = ("positions", "history", "trajectory", "trajectories")
FORECAST_KEYS = ("forecast", "forecasts", "outcome", "outcomes")


def _get(obj: Any, keys: tuple[str, ...]) -> Any:
    for k in keys:
        if isinstance(obj, dict) and k in obj:
            return obj[k]
        if hasattr(obj, k):
            return getattr(obj, k)
    return None


def trajectories(bdm: Any, sc: Scenario) -> dict[str, Any] | None:
    """``{issue_id: (rounds, n) array, "forecast": {issue_id: (rounds,)}, "description": str}`` or ``None``."""
    fn = next((getattr(bdm, n) for n in ENTRY_POINTS if callable(getattr(bdm, n, None))), None)
    if fn is None:
        return None
    c = compile_scenario(sc)
    result = None
    for arg in (c, sc):
        try:
            result = fn(arg)
            break
        except Exception:  # noqa: BLE001 - an unknown API: try the next reading, then give up quietly
            if os.environ.get("WINSET_DEBUG"):
                raise
            continue
    if result is None:
        return None
    pos = result if isinstance(result, np.ndarray) else _get(result, POSITION_KEYS)
    if pos is None:
        return None
    pos = np.asarray(pos, dtype=float)
    n, k = len(sc.actors), len(sc.issues)
    if pos.ndim != 3 or pos.shape[1:] != (n, k):
        return None
    out: dict[str, Any] = {i.id: pos[:, :, j] for j, i in enumerate(sc.issues)}
    fc = _get(result, FORECAST_KEYS) if not isinstance(result, np.ndarray) else None
    if fc is not None:
        fc = np.asarray(fc, dtype=float)
        if fc.ndim == 2 and fc.shape[1] == k:
            out["forecast"] = {i.id: fc[:, j] for j, i in enumerate(sc.issues)}
    doc = (getattr(bdm, "__doc__", "") or "").strip().split("\n\n")[0].replace("\n", " ")
    out["description"] = (doc + " " if doc else "") + (
        f"Positions of every actor over {pos.shape[0]} rounds of challenges and concessions.")
    return out
