"""BDM position trajectories for the report's "Bargaining dynamics" section.

Runs :func:`winset.models.bdm.run` (Scholz, Calbert & Smith 2011's reading of Bueno de Mesquita's
expected-utility model, "paper" options) on every issue of the scenario and returns the trajectories in the
shape :func:`winset.htmlreport.figures.bdm_trajectories` draws.  Returns ``None`` (the section is left out) when
the module passed in does not provide ``run``, so a report never breaks on it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from winset.scenario.compiled import compile_scenario
from winset.scenario.schema import Scenario


def trajectories(bdm: Any, sc: Scenario, rounds: int = 10) -> dict[str, Any] | None:
    """``{issue_id: (rounds+1, n) array, "forecast": {issue_id: (rounds+1,)}, "description": str}`` or ``None``.

    ``forecast`` is the median (the BDM prediction) after each round; row 0 holds the input positions.
    """
    run = getattr(bdm, "run", None)
    if not callable(run):
        return None
    res = run(compile_scenario(sc), rounds=rounds)
    pos = np.asarray(res.positions, dtype=float)  # (rounds+1, n, k)
    out: dict[str, Any] = {i.id: pos[:, :, j] for j, i in enumerate(sc.issues)}
    out["forecast"] = {i.id: np.asarray(res.forecast)[:, j] for j, i in enumerate(sc.issues)}
    stopped = ", ".join(f"{i.name}: {int(res.rounds_run[j])}" for j, i in enumerate(sc.issues))
    out["description"] = (
        "Bueno de Mesquita's expected-utility model (as specified by Scholz, Calbert & Smith 2011): each round "
        "every actor weighs challenging every other, accepts the best offer it gets (confrontation, compromise "
        "or capitulation) and moves; the dashed line is the median position, the model's forecast. "
        f"Rounds until no actor moves (at most {rounds}): {stopped}."
    )
    return out
