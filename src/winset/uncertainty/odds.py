"""Each deal's chance of ratification alone: the ``deals`` part of the Monte Carlo sweep, without its forecasts,
sensitivity and tornado (what ``winset timeline`` needs per snapshot, at a fraction of the cost).

The draws are the sweep's own (:func:`winset.uncertainty.sampling.sample`: the same random stream per input,
whatever the chunking), so the numbers equal :func:`winset.uncertainty.sweep`'s ``to_json()["deals"]`` for the
same scenario, draws and seed (tests/unit/test_timeline.py checks this).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from winset.analysis.deals import evaluate_deals
from winset.scenario.compiled import compile_scenario
from winset.scenario.schema import Scenario
from winset.uncertainty.sampling import check_seed, sample
from winset.uncertainty.sweep import bodies_json, body_votes, route_passes, routes_json


def deal_odds(sc: Scenario, draws: int, seed: int = 0) -> dict[str, dict[str, Any]]:
    """``{deal id: {p_ratified, se, ratifiable_at_point, p_blocked_by: {veto player: share}, bodies}}`` over ``draws``."""
    seed = check_seed(seed)
    c = sample(sc, draws, seed)
    ev = evaluate_deals(c)
    ev0 = evaluate_deals(compile_scenario(sc))
    point = ev0.ratifiable
    d = len(c.deal_ids)
    votes = body_votes(ev.votes, draws, d)
    point_share = body_votes(ev0.votes, 1, d)["body_share"][0]
    body_ids = tuple(b.id for b in c.bodies)
    pr = np.asarray(ev.ratifiable.mean(0))
    pb = (
        np.stack([~ev.veto[v] for v in c.veto_players], axis=-1).mean(0)
        if c.veto_players
        else np.zeros((len(c.deal_ids), 0))
    )
    rp = route_passes(ev.routes, draws) if ev.routes else None
    return {
        d: {
            "p_ratified": round(float(pr[j]), 4),
            "se": round(math.sqrt(pr[j] * (1 - pr[j]) / draws), 4),
            "ratifiable_at_point": bool(point[j]),
            "p_blocked_by": {v: round(float(pb[j, n]), 4) for n, v in enumerate(c.veto_players)},
            "bodies": bodies_json(votes, point_share, body_ids, j),
            **(routes_json(rp, c.deal_routes[j], j) if rp is not None else {}),
        }
        for j, d in enumerate(c.deal_ids)
    }
