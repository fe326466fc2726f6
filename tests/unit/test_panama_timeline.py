"""The Panama teaching case as a timeline (issue 11, item 5): its latest snapshot is the flat scenario it
replaced, so every result pinned on ``panama-canal-1978`` stands; the earlier snapshots are dated history."""

from __future__ import annotations

from pathlib import Path

import winset
from winset.scenario.asof import states

FLAT = Path(__file__).parents[1] / "data" / "panama-canal-1978-flat.yaml"
"""The scenario as shipped before it had a timeline (``git show 67979b0:src/winset/scenarios/...``)."""


def _dump(sc: winset.Scenario) -> dict:
    """The scenario's data, deals keyed by id: a deal added by a snapshot comes after the base's deals, so
    ``deconcini`` now follows ``early_handover`` (every result lists the same deals, in that order)."""
    d = sc.model_dump(mode="json", exclude={"timeline"})
    d["deals"] = {deal["id"]: deal for deal in d["deals"]}
    return d


def test_latest_snapshot_is_the_flat_scenario():
    flat = winset.load(str(FLAT))
    assert not flat.timeline
    latest = winset.services.scenario_at("panama-canal-1978")
    assert _dump(latest) == _dump(flat)
    assert [d.id for d in latest.deals] == ["as_signed", "early_handover", "deconcini"]
    assert [d.id for d in flat.deals] == ["as_signed", "deconcini", "early_handover"]


def test_snapshots_are_dated_history():
    sc = winset.load("panama-canal-1978")
    dates = [s.date.isoformat() for s in states(sc)]
    # signing, plebiscite, Neutrality Treaty vote, Panama Canal Treaty vote
    assert dates == ["1977-09-07", "1977-10-23", "1978-03-16", "1978-04-18"]
    first = states(sc)[0].scenario
    assert "deconcini" not in {d.id for d in first.deals}  # the reservation did not exist at signing
    # Nohlen (2005) via Wikipedia: 506,805 yes of 751,922 valid votes (67.4 %); the weight in the file is 0.66
    yes = [
        next(
            m for b in s.scenario.bodies if b.id == "pa_plebiscite" for m in b.members if m.id == "supporters"
        ).weight.value
        for s in states(sc)
    ]
    assert yes[1] == 0.66 and abs(506_805 / (506_805 + 245_117) - yes[1]) < 0.02
