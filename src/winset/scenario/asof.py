"""The scenario as of a date: the snapshots of a timeline (built once, kept on the scenario) and the one of a
date (docs/timeline.md).  The services call :func:`at` for their ``as_of`` argument."""

from __future__ import annotations

import datetime as dt

from winset.scenario.loader import timeline_checks
from winset.scenario.schema import Scenario
from winset.scenario.timeline import State, build, parse_date

__all__ = ["State", "at", "state_of", "states"]


def states(sc: Scenario) -> list[State]:
    """The snapshots of ``sc``, the base first (built once and kept on the scenario)."""
    if sc._states is None:
        sc._states = build(sc, timeline_checks()) if sc.timeline else []
    return list(sc._states)


def at(sc: Scenario, as_of: str | dt.date | None = None) -> Scenario:
    """The scenario as of a date: the last snapshot dated on or before ``as_of`` (``None``: the latest).

    A scenario without a timeline is its own only snapshot.  ValueError (with the reason) when ``as_of`` is
    not an ISO date or lies before the first snapshot."""
    day = parse_date(as_of)
    if not sc.timeline:
        first = _maybe_date(sc.date)
        if day is not None and first is not None and day < first:
            raise ValueError(f"{day} is before the scenario's date ({first})")
        return sc
    all_states = states(sc)
    if day is None:
        return all_states[-1].scenario
    if day < all_states[0].date:
        raise ValueError(f"{day} is before the first snapshot ({all_states[0].date})")
    return [s for s in all_states if s.date <= day][-1].scenario


def state_of(sc: Scenario) -> State | None:
    """The snapshot a scenario returned by :func:`at` stands for (``None``: not from a timeline)."""
    st: State | None = sc._snapshot
    return st


def _maybe_date(value: str | None) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError:
        return None
