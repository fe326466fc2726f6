"""The timeline service: the default analysis, the zone of agreement and each deal's chance of ratification
at every dated snapshot of a scenario (docs/timeline.md)."""

from __future__ import annotations

import warnings
from pathlib import Path

from winset.analysis.winsets import zopa, zopa_json
from winset.scenario.asof import State, states
from winset.scenario.compiled import compile_scenario
from winset.scenario.errors import ScenarioError
from winset.scenario.schema import Scenario
from winset.services._analysis import SEED, analyze
from winset.services._validation import Interval, validate_params
from winset.services.results import TimelineResult, TimelineSnapshot, Zopa
from winset.uncertainty import MAX_DRAWS
from winset.uncertainty.odds import deal_odds

TIMELINE_DRAWS = 300
"""Default Monte Carlo draws per snapshot: enough for a chance of ratification to about ±3 points."""
ZOPA_SAMPLES = 2000
"""Random packages tried per snapshot when the zone of agreement is not settled exactly (``winset winsets``
tries 20,000: run it on a snapshot, with ``--as-of``, for a firmer verdict)."""
ZOPA_MAXITER = 20
"""Generations of the differential-evolution search for a witness when no sampled package is accepted by all
(``winset winsets`` runs 60).  Only snapshots whose ZOPA is neither found by sampling nor proved empty by a
red-line clash search at all; the verdict is marked sampled, as above."""


@validate_params(
    {"draws": Interval(int, 0, MAX_DRAWS), "seed": SEED, "snapshot": Interval(int, 0, allow_none=True)},
    snapshot=False,
)
def timeline(
    scenario: Scenario | str | Path, draws: int = TIMELINE_DRAWS, seed: int = 0, snapshot: int | None = None
) -> TimelineResult:
    """Per snapshot (the base first): what changed, the forecast per issue (the default analysis' models), the
    sticking points, the zone of agreement and each deal's verdict and chance of ratification (``draws``
    Monte Carlo draws of the scenario's uncertain numbers; 0 leaves the chances out).

    A scenario without a timeline is one snapshot, dated by its ``date``.  ``snapshot``: only the snapshot at
    that position (0: the base), e.g. for the web page's date slider.
    """
    assert isinstance(scenario, Scenario)
    snaps: list[State | None] = list(states(scenario)) or [None]
    if snapshot is not None:
        if snapshot >= len(snaps):
            raise ScenarioError.single(
                f"must be below the number of snapshots ({len(snaps)}), got {snapshot}",
                file="winset.timeline",
                field="snapshot",
            )
        snaps = [snaps[snapshot]]
    rows = [_snapshot(scenario if st is None else st.scenario, st, draws, seed) for st in snaps]
    return TimelineResult.from_dict(
        {
            "scenario": {"id": scenario.id, "title": scenario.title},
            "draws": draws,
            "seed": seed,
            "snapshots": rows,
        }
    )


def _snapshot(sc: Scenario, st: State | None, draws: int, seed: int) -> TimelineSnapshot:
    a = analyze(sc)
    c = compile_scenario(sc)
    with warnings.catch_warnings():  # as winset_report: the ZOPA search's numerical warnings are expected
        warnings.simplefilter("ignore")
        z = Zopa.from_dict(
            zopa_json(zopa(c, reference=c.reversion, samples=ZOPA_SAMPLES, seed=seed, maxiter=ZOPA_MAXITER))
        )
    odds = deal_odds(sc, draws, seed) if draws and sc.deals else {}
    return TimelineSnapshot(
        date=st.date.isoformat() if st is not None else sc.date,
        title=st.title if st is not None else "base",
        note=st.note if st is not None else None,
        sources=list(st.sources) if st is not None else [],
        changes=list(st.changes) if st is not None else [],
        forecast=a.forecast,
        sticking_points=a.sticking_points,
        zopa=z,
        deals=a.deals,
        odds=odds,
    )
