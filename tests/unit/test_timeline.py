"""Timelines (docs/timeline.md): applying dated snapshots, the analysis as of each date, and bad input.

The scenario is ``tests/data/timeline-small.yaml``: two veto players A and B, linear (city-block) loss on two
0-100 issues, saliences 0.6 (land) and 0.4 (money), no deal = (50, 50).  An actor accepts a deal when its
weighted distance to the deal is below its distance to (50, 50); the test works the verdicts out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import winset
from helpers import line_of
from winset.scenario import ScenarioError, load, loads
from winset.scenario import asof as tl
from winset.services.results import TimelineResult

DATA = Path(__file__).resolve().parent.parent / "data" / "timeline-small.yaml"
TEXT = DATA.read_text(encoding="utf-8")
SAL = {"land": 0.6, "money": 0.4}
NO_DEAL = {"land": 50, "money": 50}


def loss(pos: dict[str, float], x: dict[str, float]) -> float:
    return sum(SAL[i] * abs(x[i] - pos[i]) for i in SAL)


def accepts(pos: dict[str, float], deal: dict[str, float]) -> bool:
    return loss(pos, deal) < loss(pos, NO_DEAL)


A = {"land": 20, "money": 40}
B0 = {"land": 80, "money": 60}
B1 = {"land": 35, "money": 60}  # after the first snapshot
D1, D2, D3 = {"land": 40, "money": 60}, {"land": 60, "money": 40}, {"land": 45, "money": 45}


def test_snapshots_apply_in_order_and_leave_the_one_before_unchanged():
    sc = load(DATA)
    states = tl.states(sc)
    assert [(s.date.isoformat(), s.title) for s in states] == [
        ("2025-01-01", "base"),
        ("2025-02-01", "B softens on land"),
        ("2025-03-01", "A third deal"),
    ]
    base, first, second = (s.scenario for s in states)
    assert [d.id for d in base.deals] == ["d1", "d2"]
    assert [d.id for d in first.deals] == ["d1"]
    assert [d.id for d in second.deals] == ["d1", "d3"]
    assert base.actor("B").positions["land"].value == 80
    assert (base.actor("B").positions["land"].low, base.actor("B").positions["land"].high) == (70, 90)
    q = first.actor("B").positions["land"]
    # a bare number replaces the whole quantity (its range too) and takes the change's source
    assert (q.value, q.low, q.high) == (35, None, None)
    assert q.source == "Test Wire, 2025-02-01, https://example.org/b-softens"
    assert second.actor("B").positions["land"].value == 35
    assert second.deal("d3").source == "Test Wire, 2025-03-01"  # the deal takes the change's source
    assert [s.date for s in (base, first, second)] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    assert all(not s.timeline for s in (base, first, second))
    assert states[1].changes[0].startswith("actors.B.positions.land = 35")
    assert states[1].changes[1].startswith("deal withdrawn: Deal two")
    assert states[1].sources == ("Test Wire, 2025-02-01",)


def test_verdicts_as_of_each_date_match_the_hand_worked_ones():
    base = winset.analyze(DATA, as_of="2025-01-15")  # between the base and the first snapshot: the base
    first = winset.analyze(DATA, as_of="2025-02-01")
    latest = winset.analyze(DATA)
    hand = {
        "base": {"d1": accepts(A, D1) and accepts(B0, D1), "d2": accepts(A, D2) and accepts(B0, D2)},
        "first": {"d1": accepts(A, D1) and accepts(B1, D1)},
        "latest": {"d1": accepts(A, D1) and accepts(B1, D1), "d3": accepts(A, D3) and accepts(B1, D3)},
    }
    assert hand == {
        "base": {"d1": False, "d2": False},
        "first": {"d1": True},
        "latest": {"d1": True, "d3": True},
    }
    for res, want in ((base, hand["base"]), (first, hand["first"]), (latest, hand["latest"])):
        assert {d.id: d.ratifiable for d in res.deals} == want
    assert [d.blockers for d in base.deals] == [["B"], ["A"]]  # B rejects d1, A rejects d2 (by hand above)
    assert (base.scenario.date, first.scenario.date, latest.scenario.date) == (
        "2025-01-01",
        "2025-02-01",
        "2025-03-01",
    )
    assert latest.scenario.snapshot == "A third deal"


FLAT_FIRST = """
id: timeline-small
title: "Small timeline"
date: "2025-02-01"
issues:
  - {id: land, name: Land}
  - {id: money, name: Money}
actors:
  - id: A
    name: Side A
    capability: 1
    positions: {land: {value: 20, low: 10, high: 30}, money: 40}
    salience: {land: 0.6, money: 0.4}
  - id: B
    name: Side B
    capability: 1
    positions: {land: 35, money: 60}
    salience: {land: 0.6, money: 0.4}
reversion: {land: 50, money: 50}
veto_players: [A, B]
deals:
  - {id: d1, name: Deal one, terms: {land: 40, money: 60}}
"""
FLAT_SECOND = FLAT_FIRST.replace('"2025-02-01"', '"2025-03-01"') + (
    "  - {id: d3, name: Deal three, terms: {land: 45, money: 45}}\n"
)


@pytest.mark.parametrize(("as_of", "flat"), [("2025-02-01", FLAT_FIRST), ("2025-03-01", FLAT_SECOND)])
def test_a_snapshot_analyses_as_the_hand_written_flat_scenario(as_of, flat):
    flat_sc = loads(flat)
    got = winset.analyze(DATA, as_of=as_of).to_dict()
    want = winset.analyze(flat_sc).to_dict()
    got["scenario"].pop("date")
    got["scenario"].pop("snapshot")
    assert got == want
    w_got = winset.winsets(DATA, as_of=as_of, samples=2000).to_dict()
    assert w_got == winset.winsets(flat_sc, samples=2000).to_dict()
    s_got = winset.sweep(DATA, draws=200, as_of=as_of, big_issue_draws=0).to_dict()
    s_got["scenario"].pop("date")
    s_got["scenario"].pop("snapshot")
    assert s_got == winset.sweep(flat_sc, draws=200, big_issue_draws=0).to_dict()


def test_as_of_picks_the_last_snapshot_on_or_before_the_date():
    sc = load(DATA)
    assert tl.at(sc).date == "2025-03-01"
    assert tl.at(sc, "2025-02-28").date == "2025-02-01"
    assert tl.at(sc, "2025-01-01").date == "2025-01-01"
    assert tl.at(sc, "2030-01-01").date == "2025-03-01"
    with pytest.raises(ValueError, match="before the first snapshot"):
        tl.at(sc, "2024-12-31")
    with pytest.raises(ValueError, match="ISO date"):
        tl.at(sc, "March")
    plain = winset.load("anchorage-2025")
    assert tl.at(plain) is plain


@pytest.mark.parametrize("bad", ["2024-12-31", "31/12/2025"])
def test_as_of_errors_name_the_parameter(bad):
    with pytest.raises(ScenarioError) as ei:
        winset.analyze(DATA, as_of=bad)
    (p,) = ei.value.problems
    assert (p.file, p.field) == ("winset.analyze", "as_of")
    with pytest.raises(ScenarioError) as ei:
        winset.forecast(DATA, "compromise", as_of=bad)
    assert [p.field for p in ei.value.problems] == ["as_of"]


def test_services_take_the_snapshot_for_their_id_checks():
    """d2 was withdrawn on 2025-02-01: repairing it is fine before, an unknown deal after."""
    assert winset.repair(DATA, "d2", as_of="2025-01-20", samples=256).deal == "d2"
    with pytest.raises(ScenarioError) as ei:
        winset.repair(DATA, "d2", samples=256)
    assert [p.field for p in ei.value.problems] == ["deal"]


# ---- bad input: file, line and field -------------------------------------------------------------------
ERRORS = [
    # (old, new, line needle, field, message fragment)
    (
        'date: "2025-03-01"',
        'date: "2025-01-15"',
        'date: "2025-01-15"',
        "timeline[2025-01-15].date",
        "before the snapshot above it (2025-02-01)",
    ),
    (
        "set: actors.B.positions.land",
        "set: actors.X.positions.land",
        "set: actors.X.positions.land",
        "timeline[2025-02-01].changes[0] → actors.X.positions.land",
        "unknown actor 'X' (actors: A, B)",
    ),
    (
        "set: actors.B.positions.land",
        "set: actors.B.positions.sea",
        "set: actors.B.positions.sea",
        "timeline[2025-02-01].changes[0] → actors.B.positions.sea",
        "unknown issue 'sea'",
    ),
    (
        "set: actors.B.positions.land",
        "set: actors.B.postions.land",
        "set: actors.B.postions.land",
        "timeline[2025-02-01].changes[0] → actors.B.postions.land",
        "no 'postions' in actors.B",
    ),
    (
        "{withdraw_deal: d2,",
        "{withdraw_deal: d9,",
        "withdraw_deal: d9",
        "timeline[2025-02-01].changes[1] → deals.d9",
        "no deal 'd9' on the table (deals: d1, d2)",
    ),
    (
        "land, value: 35,",
        "land, value: 135,",
        "land, value: 135,",
        "timeline[2025-02-01].changes[0] → actors.B.positions.land",
        "outside the scale of 'land'",
    ),
    (
        "land, value: 35,",
        "land, value: {value: 35, low: 40, high: 60},",
        "land, value: {value: 35",
        "timeline[2025-02-01].changes[0] → actors.B.positions.land",
        "lies outside [low, high]",
    ),
    (
        "terms: {land: 45, money: 45}",
        "terms: {land: 45}",
        "add_deal: {id: d3",
        "timeline[2025-03-01].changes[0] → deals.d3.terms",
        "missing value for issue(s): money",
    ),
    (
        "add_deal: {id: d3,",
        "add_deal: {id: d1,",
        "add_deal: {id: d1,",
        "timeline[2025-03-01].changes[0] → deals.d1",
        "deal 'd1' is already on the table",
    ),
    (
        "set: actors.B.positions.land, value: 35,",
        'set: date, value: "2025-06-01",',
        "set: date",
        "timeline[2025-02-01].changes[0] → date",
        "'date' is not changed by a change",
    ),
    (
        "{withdraw_deal: d2, source",
        "{withdraw_deal: d2, value: 3, source",
        "withdraw_deal: d2",
        "timeline[0].changes[1]",
        "'value' goes with 'set' only",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"), ERRORS, ids=[e[4][:30] for e in ERRORS]
)
def test_bad_timelines_name_file_line_and_field(old, new, needle, field, message):
    assert TEXT.count(old) == 1, old
    text = TEXT.replace(old, new)
    with pytest.raises(ScenarioError) as ei:
        loads(text, file="case.yaml")
    (p,) = ei.value.problems
    assert p.file == "case.yaml"
    assert p.line == line_of(text, needle)
    assert p.field == field
    assert message in p.message


def test_a_timeline_needs_an_iso_base_date():
    text = TEXT.replace('date: "2025-01-01"', 'date: "early 2025"')
    with pytest.raises(ScenarioError) as ei:
        loads(text, file="case.yaml")
    (p,) = ei.value.problems
    assert (p.line, p.field) == (line_of(text, "early 2025"), "date")


# ---- the other kinds of change --------------------------------------------------------------------------
NEW_ISSUE = """
  - date: "2025-04-01"
    title: A new issue
    changes:
      - {set: issues.army, value: {name: Army cap, scale: {min: 0, max: 1000}}, source: "Wire"}
      - {set: actors.A.positions.army, value: 800, source: "Wire"}
      - {set: actors.B.positions.army, value: {value: 600, low: 500, high: 700}, assumption: "guess"}
      - {set: actors.A.salience.army, value: 0.2, assumption: "guess"}
      - {set: actors.B.salience.army, value: 0.5, assumption: "guess"}
      - {set: reversion.army, value: 900, source: "Wire"}
      - {set: deals.d1.terms.army, value: 700, source: "Wire"}
      - {set: deals.d3.terms.army, value: 650, source: "Wire"}
      - {unset: actors.A.risk, assumption: "back to the default"}
"""


def test_a_new_issue_enters_with_its_positions_and_a_quantity_keeps_its_own_provenance():
    sc = loads(TEXT + NEW_ISSUE)
    last = tl.at(sc)
    assert last.issue_ids == ["land", "money", "army"]
    assert last.issue("army").scale.max == 1000
    b = last.actor("B").positions["army"]
    assert (b.value, b.low, b.high, b.assumption) == (600, 500, 700, "guess")
    assert last.actor("A").positions["army"].source == "Wire"
    assert last.reversion["army"].value == 900
    # the earlier snapshots do not have the issue
    assert tl.at(sc, "2025-03-31").issue_ids == ["land", "money"]


def test_a_new_issue_without_every_position_names_the_snapshot():
    dropped = "".join(line for line in NEW_ISSUE.splitlines(True) if "actors.B.positions.army" not in line)
    text = TEXT + dropped
    with pytest.raises(ScenarioError) as ei:
        loads(text, file="case.yaml")
    msgs = {(p.field, p.line): p.message for p in ei.value.problems}
    assert ("timeline[2025-04-01] → actors[B].positions", line_of(text, 'date: "2025-04-01"')) in msgs


def test_timeline_service_reports_each_snapshot_with_hand_worked_odds():
    res = winset.timeline(DATA, draws=200, seed=1)
    assert [s.date for s in res.snapshots] == ["2025-01-01", "2025-02-01", "2025-03-01"]
    base, first, latest = res.snapshots
    # B's land position ranges over [70, 90] at the base: the deal-minus-no-deal loss of d1 for B is
    # 0.6*(b-40) - (0.6*(b-50) + 0.4*10) = 2 > 0 for every b, so d1 fails in every draw; after B moves to 35
    # (a bare number, no range) A's difference is 0.6*(40-a) + 8 - (0.6*(50-a) + 4) = -2 for every a in [10, 30].
    assert base.odds["d1"].p_ratified == 0.0
    assert first.odds["d1"].p_ratified == 1.0
    assert latest.odds["d3"].p_ratified == 1.0
    # at the base the losses of A and B sum to at least 0.6*60 + 0.4*20 = 44 = 22 + 22 (triangle inequality)
    # everywhere, so no package is strictly better than no deal for both: the ZOPA is empty; d1 then fits.
    assert base.zopa.nonempty is False
    assert first.zopa.nonempty is True
    assert first.changes[1].startswith("deal withdrawn: Deal two")
    assert [d.id for d in latest.deals] == ["d1", "d3"]
    assert latest.forecast == winset.analyze(DATA).forecast


def test_timeline_result_round_trips_through_json():
    res = winset.timeline(DATA, draws=50)
    text = json.dumps(res.to_dict())
    again = TimelineResult.from_dict(json.loads(text))
    assert again == res
    assert json.dumps(again.to_dict()) == text


def test_a_scenario_without_a_timeline_is_one_snapshot():
    res = winset.timeline("anchorage-2025", draws=0)
    assert len(res.snapshots) == 1
    assert res.snapshots[0].odds == {}
    assert res.snapshots[0].deals == winset.analyze("anchorage-2025").deals


def test_validate_counts_the_snapshots():
    assert winset.validate(str(DATA)).snapshots == 3
    assert "snapshots" not in winset.validate("anchorage-2025").to_dict()


@pytest.mark.parametrize("scenario", [DATA, "anchorage-2025"])
def test_timeline_odds_are_the_sweeps_own(scenario):
    """The timeline computes only the deals' odds, on the sweep's draws: the same numbers as the sweep."""
    from winset.uncertainty.odds import deal_odds

    sc = winset.services.scenario_at(scenario)
    want = winset.sweep(sc, draws=300, seed=7, big_issue_draws=0).to_dict()["deals"]
    assert deal_odds(sc, 300, 7) == want


def test_the_audit_names_changes_without_a_source_or_assumption():
    text = TEXT.replace('{withdraw_deal: d2, source: "Test Wire, 2025-02-01"}', "{withdraw_deal: d2}")
    text = text.replace(
        "terms: {land: 45, money: 45}}", 'terms: {land: 45, money: 45}, assumption: "by hand"}'
    )
    from winset.scenario.audit import undocumented

    missing = undocumented(loads(text))
    assert "timeline[0].changes[1]" in missing  # the withdrawal cites nothing
    assert not [
        m for m in missing if m.startswith("timeline[1]")
    ]  # the added deal's assumption covers its terms
    # in the shipped test file every change is cited, and the added deal's own source covers its terms
    assert [m for m in undocumented(load(DATA)) if m.startswith("timeline")] == []
    # a deal added with neither a source nor an assumption (on it or on its change) leaves its terms bare
    bare = text.replace(', assumption: "by hand"}', "}").replace(
        '        source: "Test Wire, 2025-03-01"', ""
    )
    assert "timeline[1].changes[0].add_deal.terms.land" in undocumented(loads(bare))


# ---- property: the last value set wins, and nothing else moves -----------------------------------------
SETS = st.lists(
    st.lists(
        st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(["land", "money"]), st.integers(0, 100)),
        min_size=1,
        max_size=4,
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=25, deadline=None)
@given(SETS)
def test_each_snapshot_holds_the_last_value_set_before_it(snapshots):
    base_text = TEXT.split("timeline:")[0]
    lines = ["timeline:"]
    for n, changes in enumerate(snapshots):
        lines += [f'  - date: "2025-0{n + 2}-01"', f"    title: s{n}", "    changes:"]
        lines += [
            f"      - {{set: actors.{a}.positions.{i}, value: {v}, assumption: t}}" for a, i, v in changes
        ]
    sc = loads(base_text + "\n".join(lines) + "\n")
    expected = {(a, i): load(DATA).actor(a).positions[i].value for a in "AB" for i in ("land", "money")}
    for n, changes in enumerate(snapshots):
        for a, i, v in changes:
            expected[(a, i)] = v
        snap = tl.at(sc, f"2025-0{n + 2}-01")
        got = {(a, i): snap.actor(a).positions[i].value for a in "AB" for i in ("land", "money")}
        assert got == expected
        assert [d.id for d in snap.deals] == ["d1", "d2"]
        assert snap.reversion["land"].value == 50
